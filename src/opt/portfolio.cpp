// The budgeted portfolio with pairwise interactions as a binary program on CBC
// (include/chaintwin/opt/portfolio.hpp), and its brute force.
#include "chaintwin/opt/portfolio.hpp"

#include <algorithm>
#include <cmath>

#include <coin/CbcModel.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/CoinPackedVector.hpp>
#include <coin/OsiClpSolverInterface.hpp>
#include <fmt/format.h>

#include "chaintwin/util/check.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::opt {

double PortfolioValue(const PortfolioProblem& p, const std::vector<size_t>& chosen) {
  std::vector<char> in(p.value.size(), 0);
  double v = 0.0;
  for (size_t i : chosen) {
    in[i] = 1;
    v += p.value[i];
  }
  for (const auto& pair : p.pairs) {
    if (in[pair.a] && in[pair.b]) v += pair.value;
  }
  return v;
}

double PortfolioCost(const PortfolioProblem& p, const std::vector<size_t>& chosen) {
  double c = 0.0;
  for (size_t i : chosen) c += p.cost[i];
  return c;
}

PortfolioSolution SolvePortfolio(const PortfolioProblem& p) {
  const int n = static_cast<int>(p.value.size());
  CT_CHECK(p.cost.size() == p.value.size(), "one cost per item");
  PortfolioSolution out;
  if (n == 0) {
    out.optimal = true;
    return out;
  }
  const int cols = n + static_cast<int>(p.pairs.size());
  std::vector<double> lower(static_cast<size_t>(cols), 0.0), upper(static_cast<size_t>(cols), 1.0);
  std::vector<double> objective(static_cast<size_t>(cols), 0.0);
  // Among portfolios of equal value the cheaper one: a cost penalty far below any difference
  // of value that matters (at most 1e-7 of the largest value in all).
  double largest = 1.0, total_cost = 1.0;
  for (double v : p.value) largest = std::max(largest, std::fabs(v));
  for (const auto& pair : p.pairs) largest = std::max(largest, std::fabs(pair.value));
  for (double c : p.cost) total_cost += c;
  const double penalty = 1e-7 * largest / total_cost;
  for (int i = 0; i < n; ++i) {
    objective[static_cast<size_t>(i)] = p.value[static_cast<size_t>(i)] - penalty * p.cost[static_cast<size_t>(i)];
  }
  CoinPackedMatrix matrix(false, 0, 0);
  matrix.setDimensions(0, cols);
  std::vector<double> row_lower, row_upper;
  auto add_row = [&](const CoinPackedVector& row, double lo, double hi) {
    matrix.appendRow(row);
    row_lower.push_back(lo);
    row_upper.push_back(hi);
  };
  CoinPackedVector budget;
  for (int i = 0; i < n; ++i) budget.insert(i, p.cost[static_cast<size_t>(i)]);
  // A budget slightly widened so a portfolio costing exactly B is not lost to rounding.
  add_row(budget, -COIN_DBL_MAX, p.budget * (1 + 1e-12) + 1e-9);
  for (size_t k = 0; k < p.pairs.size(); ++k) {
    const auto& pair = p.pairs[k];
    CT_CHECK(pair.a != pair.b && pair.a < p.value.size() && pair.b < p.value.size(), "pair of two items");
    const int y = n + static_cast<int>(k);
    objective[static_cast<size_t>(y)] = pair.value;
    CoinPackedVector le_a, le_b, ge;
    le_a.insert(y, 1.0);
    le_a.insert(static_cast<int>(pair.a), -1.0);
    le_b.insert(y, 1.0);
    le_b.insert(static_cast<int>(pair.b), -1.0);
    ge.insert(y, 1.0);
    ge.insert(static_cast<int>(pair.a), -1.0);
    ge.insert(static_cast<int>(pair.b), -1.0);
    add_row(le_a, -COIN_DBL_MAX, 0.0);
    add_row(le_b, -COIN_DBL_MAX, 0.0);
    add_row(ge, -1.0, COIN_DBL_MAX);
  }
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  solver.loadProblem(matrix, lower.data(), upper.data(), objective.data(), row_lower.data(),
                     row_upper.data());
  for (int j = 0; j < cols; ++j) solver.setInteger(j);
  solver.setObjSense(-1.0);  // maximise
  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.branchAndBound();
  const double* x = model.bestSolution();
  if (x == nullptr) {
    throw SolverError(fmt::format("CBC found no portfolio (status {}, secondary {})",
                                  model.status(), model.secondaryStatus()));
  }
  for (int i = 0; i < n; ++i) {
    if (x[i] > 0.5) out.chosen.push_back(static_cast<size_t>(i));
  }
  out.value = PortfolioValue(p, out.chosen);
  out.cost = PortfolioCost(p, out.chosen);
  out.optimal = model.isProvenOptimal();
  return out;
}

PortfolioSolution EnumeratePortfolio(const PortfolioProblem& p) {
  const size_t n = p.value.size();
  CT_CHECK(n <= 24, "at most 24 items to enumerate");
  PortfolioSolution best;
  best.optimal = true;
  bool any = false;
  for (uint64_t mask = 0; mask < (uint64_t{1} << n); ++mask) {
    std::vector<size_t> chosen;
    for (size_t i = 0; i < n; ++i) {
      if (mask >> i & 1u) chosen.push_back(i);
    }
    const double cost = PortfolioCost(p, chosen);
    if (cost > p.budget * (1 + 1e-12) + 1e-9) continue;
    const double value = PortfolioValue(p, chosen);
    if (!any || value > best.value + 1e-9 || (std::fabs(value - best.value) <= 1e-9 && cost < best.cost)) {
      best.chosen = chosen;
      best.value = value;
      best.cost = cost;
      any = true;
    }
  }
  return best;
}

}  // namespace chaintwin::opt
