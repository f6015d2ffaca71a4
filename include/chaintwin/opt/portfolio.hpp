// Choosing a subset of items under a budget, maximising the sum of their values plus pairwise
// interaction terms: a binary program solved with CBC (docs/HEDGING.md, "hedge optimize").
//   max min(M, sum_i v_i x_i + sum_(i,j) w_ij y_ij)
//   s.t. sum_i c_i x_i <= B,  y_ij <= x_i,  y_ij <= x_j,  y_ij >= x_i + x_j - 1,  x, y binary
// (y_ij = x_i x_j). Used by `hedge optimize`; the brute force beside it checks it in tests.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace chaintwin::opt {

struct PortfolioProblem {
  std::vector<double> value;  // per item
  std::vector<double> cost;   // per item, >= 0
  double budget = 0.0;
  struct Pair {
    size_t a = 0, b = 0;  // a != b
    double value = 0.0;   // added when both are chosen (may be negative)
  };
  std::vector<Pair> pairs;
  // The most any portfolio can be worth (the loss there is to avoid): the value is
  // min(sum, max_value), so interactions that add up past it cannot make a portfolio look better.
  std::optional<double> max_value;
};

struct PortfolioSolution {
  std::vector<size_t> chosen;  // ascending
  double value = 0.0;
  double cost = 0.0;
  bool optimal = false;  // CBC proved optimality
};

// The objective and cost of `chosen` (ascending) under `problem`.
double PortfolioValue(const PortfolioProblem& problem, const std::vector<size_t>& chosen);
double PortfolioCost(const PortfolioProblem& problem, const std::vector<size_t>& chosen);

// Solves with CBC. Throws SolverError when CBC fails.
PortfolioSolution SolvePortfolio(const PortfolioProblem& problem);

// Values within 1e-7 (relative, at least 1e-7 absolute) of the best are ties; among them the
// cheapest portfolio is chosen (SolvePortfolio: a second program, the least cost at a value at
// least the best less that tolerance).
// Every subset (items <= 24), the best value; ties go to the lower cost, then the subset found
// first in binary order. For tests.
PortfolioSolution EnumeratePortfolio(const PortfolioProblem& problem);

}  // namespace chaintwin::opt
