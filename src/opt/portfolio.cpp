// The budgeted portfolio with pairwise interactions as a binary program on CBC
// (include/chaintwin/opt/portfolio.hpp), and its brute force.
#include "chaintwin/opt/portfolio.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

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
  return p.max_value ? std::min(v, *p.max_value) : v;
}

double PortfolioCost(const PortfolioProblem& p, const std::vector<size_t>& chosen) {
  double c = 0.0;
  for (size_t i : chosen) c += p.cost[i];
  return c;
}

namespace {

// The binary program of `p` (x then y columns); when `min_value` is set, the cheapest portfolio
// whose value is at least it instead of the most valuable one. Returns the x values, or empty
// when CBC found no solution; `optimal` tells whether it proved optimality.
std::vector<double> Solve(const PortfolioProblem& p, std::optional<double> min_value, bool& optimal) {
  const int n = static_cast<int>(p.value.size());
  const int cols = n + static_cast<int>(p.pairs.size());
  std::vector<double> lower(static_cast<size_t>(cols), 0.0), upper(static_cast<size_t>(cols), 1.0);
  std::vector<double> value(static_cast<size_t>(cols), 0.0), objective(static_cast<size_t>(cols), 0.0);
  for (int i = 0; i < n; ++i) value[static_cast<size_t>(i)] = p.value[static_cast<size_t>(i)];
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
    value[static_cast<size_t>(y)] = pair.value;
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
  if (min_value) {
    CoinPackedVector at_least;
    for (int j = 0; j < cols; ++j) at_least.insert(j, value[static_cast<size_t>(j)]);
    add_row(at_least, *min_value, COIN_DBL_MAX);
    for (int i = 0; i < n; ++i) objective[static_cast<size_t>(i)] = p.cost[static_cast<size_t>(i)];
  } else if (p.max_value) {
    // Maximise z <= the portfolio's value, z <= the cap (a continuous column after x and y).
    matrix.setDimensions(matrix.getNumRows(), cols + 1);
    CoinPackedVector below;
    for (int j = 0; j < cols; ++j) below.insert(j, -value[static_cast<size_t>(j)]);
    below.insert(cols, 1.0);
    add_row(below, -COIN_DBL_MAX, 0.0);
    lower.push_back(-COIN_DBL_MAX);
    upper.push_back(*p.max_value);
    objective.assign(static_cast<size_t>(cols) + 1, 0.0);
    objective[static_cast<size_t>(cols)] = 1.0;
  } else {
    objective = value;
  }
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  solver.loadProblem(matrix, lower.data(), upper.data(), objective.data(), row_lower.data(),
                     row_upper.data());
  for (int j = 0; j < cols; ++j) solver.setInteger(j);  // z, when there, stays continuous
  solver.setObjSense(min_value ? 1.0 : -1.0);
  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.setAllowableGap(0.0);
  model.setAllowableFractionGap(0.0);
  model.branchAndBound();
  optimal = model.isProvenOptimal();
  const double* x = model.bestSolution();
  if (x == nullptr) return {};
  return std::vector<double>(x, x + n);
}

// Equal values within this are ties (broken by cost).
double TieTolerance(double value) { return 1e-7 * std::max(1.0, std::fabs(value)); }

}  // namespace

PortfolioSolution SolvePortfolio(const PortfolioProblem& p) {
  CT_CHECK(p.cost.size() == p.value.size(), "one cost per item");
  PortfolioSolution out;
  if (p.value.empty()) {
    out.optimal = true;
    return out;
  }
  // Two stages: the best value, then the cheapest portfolio within a tie of it.
  bool best_optimal = false, cheap_optimal = false;
  std::vector<double> x = Solve(p, std::nullopt, best_optimal);
  if (x.empty()) throw SolverError("CBC found no portfolio");
  std::vector<size_t> best;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] > 0.5) best.push_back(i);
  }
  const double best_value = PortfolioValue(p, best);
  std::vector<double> y = Solve(p, best_value - TieTolerance(best_value), cheap_optimal);
  out.chosen = best;
  if (!y.empty()) {
    std::vector<size_t> cheap;
    for (size_t i = 0; i < y.size(); ++i) {
      if (y[i] > 0.5) cheap.push_back(i);
    }
    if (PortfolioCost(p, cheap) <= PortfolioCost(p, best)) out.chosen = cheap;
  }
  out.value = PortfolioValue(p, out.chosen);
  out.cost = PortfolioCost(p, out.chosen);
  out.optimal = best_optimal && cheap_optimal;
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
    if (!any || value > best.value + TieTolerance(best.value) ||
        (value >= best.value - TieTolerance(best.value) && cost < best.cost)) {
      best.chosen = chosen;
      best.value = value;
      best.cost = cost;
      any = true;
    }
  }
  return best;
}

}  // namespace chaintwin::opt
