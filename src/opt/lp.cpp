// LpArrays -> ClpSimplex, and CLP's status codes as LpStatus.
#include "opt/lp.hpp"

#include <cmath>

namespace chaintwin::opt {

std::string_view LpStatusName(LpStatus status) {
  switch (status) {
    case LpStatus::kOptimal:
      return "optimal";
    case LpStatus::kInfeasible:
      return "infeasible";
    case LpStatus::kUnbounded:
      return "unbounded";
    case LpStatus::kStopped:
      return "stopped";
    case LpStatus::kFailed:
      return "failed";
  }
  return "failed";
}

double ClpBound(double v) {
  if (std::isinf(v)) return v > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX;
  return v;
}

void LpArrays::LoadInto(ClpSimplex& model) const {
  const int cols = num_cols();
  std::vector<CoinBigIndex> start(static_cast<size_t>(cols) + 1);
  for (int j = 0; j < cols; ++j) start[static_cast<size_t>(j)] = static_cast<CoinBigIndex>(col_start[static_cast<size_t>(j)]);
  start[static_cast<size_t>(cols)] = static_cast<CoinBigIndex>(row_index.size());
  std::vector<double> cl(col_lower), cu(col_upper), rl(row_lower), ru(row_upper);
  for (double& v : cl) v = ClpBound(v);
  for (double& v : cu) v = ClpBound(v);
  for (double& v : rl) v = ClpBound(v);
  for (double& v : ru) v = ClpBound(v);
  model.loadProblem(cols, num_rows(), start.data(), row_index.data(), value.data(), cl.data(),
                    cu.data(), cost.data(), rl.data(), ru.data());
}

void Quiet(ClpSimplex& model) {
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
}

LpStatus StatusOf(const ClpSimplex& model) {
  switch (model.status()) {
    case 0:
      return LpStatus::kOptimal;
    case 1:
      return LpStatus::kInfeasible;
    case 2:
      return LpStatus::kUnbounded;
    case 3:
      return LpStatus::kStopped;
    default:
      return LpStatus::kFailed;
  }
}

}  // namespace chaintwin::opt
