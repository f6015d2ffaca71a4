// Neumaier compensated summation, for totals checked to 1e-9.
#pragma once

#include <cmath>

namespace chaintwin::util {

class KahanSum {
 public:
  void Add(double x) {
    double t = sum_ + x;
    if (std::fabs(sum_) >= std::fabs(x)) {
      c_ += (sum_ - t) + x;
    } else {
      c_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  double Value() const { return sum_ + c_; }

 private:
  double sum_ = 0.0;
  double c_ = 0.0;
};

}  // namespace chaintwin::util
