// A linear program held as flat column-major arrays (HiGHS / OR-Tools style), loaded into a
// ClpSimplex in one call. Private to src/opt: CLP's headers never reach the public headers.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include <coin/ClpSimplex.hpp>

#include "chaintwin/opt/status.hpp"

namespace chaintwin::opt {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Minimize cost . x subject to row_lower <= A x <= row_upper, col_lower <= x <= col_upper.
// Columns are appended whole (all their entries at once), so A is built column-major.
struct LpArrays {
  std::vector<double> col_lower, col_upper, cost;
  std::vector<double> row_lower, row_upper;
  std::vector<int64_t> col_start{0};  // CSC: entries of column j are [col_start[j], col_start[j+1])
  std::vector<int> row_index;
  std::vector<double> value;

  int num_cols() const { return static_cast<int>(col_lower.size()); }
  int num_rows() const { return static_cast<int>(row_lower.size()); }
  int AddRow(double lower, double upper) {
    row_lower.push_back(lower);
    row_upper.push_back(upper);
    return num_rows() - 1;
  }
  // Starts a column; add its entries with Entry() before the next AddColumn().
  int AddColumn(double lower, double upper, double c) {
    if (!col_lower.empty()) col_start.push_back(static_cast<int64_t>(row_index.size()));
    col_lower.push_back(lower);
    col_upper.push_back(upper);
    cost.push_back(c);
    return num_cols() - 1;
  }
  void Entry(int row, double v) {
    if (v == 0.0) return;
    row_index.push_back(row);
    value.push_back(v);
  }
  // Loads into `model` (replacing what it held); infinities become CLP's COIN_DBL_MAX.
  void LoadInto(ClpSimplex& model) const;
};

// A quiet ClpSimplex (no log output).
void Quiet(ClpSimplex& model);
// Maps CLP's status of the last solve.
LpStatus StatusOf(const ClpSimplex& model);
// +-kInf -> +-COIN_DBL_MAX, as CLP expects.
double ClpBound(double v);

}  // namespace chaintwin::opt
