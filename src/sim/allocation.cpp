#include "sim/allocation.hpp"

#include <algorithm>
#include <limits>

namespace chaintwin::sim {

void Allocate(std::span<const double> requested, std::span<const double> quota,
              std::span<const uint16_t> tier, double available, std::span<double> given) {
  const size_t n = requested.size();
  for (size_t i = 0; i < n; ++i) given[i] = 0.0;
  double left = std::max(0.0, available);
  // Tiers in ascending order, each up to its quota.
  int current = -1;
  while (left > 0.0) {
    int next = std::numeric_limits<int>::max();
    for (size_t i = 0; i < n; ++i) {
      if (tier[i] > current && tier[i] < next) next = tier[i];
    }
    if (next == std::numeric_limits<int>::max()) break;
    current = next;
    double asked = 0.0;
    for (size_t i = 0; i < n; ++i) {
      if (tier[i] == current) asked += std::min(requested[i], quota[i]);
    }
    if (asked <= 0.0) continue;
    double fraction = std::min(1.0, left / asked);
    for (size_t i = 0; i < n; ++i) {
      if (tier[i] == current) given[i] += std::min(requested[i], quota[i]) * fraction;
    }
    left = fraction < 1.0 ? 0.0 : left - asked;
  }
  // What quotas held back, pro rata on what is still asked.
  if (left > 0.0) {
    double asked = 0.0;
    for (size_t i = 0; i < n; ++i) asked += requested[i] - given[i];
    if (asked > 0.0) {
      double fraction = std::min(1.0, left / asked);
      for (size_t i = 0; i < n; ++i) given[i] += (requested[i] - given[i]) * fraction;
    }
  }
}

}  // namespace chaintwin::sim
