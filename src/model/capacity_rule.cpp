#include "model/capacity_rule.hpp"

namespace chaintwin::model {

double RampUpFactor(const CompiledNetwork& net, uint32_t p, int32_t date, int32_t scenario_start) {
  constexpr int32_t kAlways = std::numeric_limits<int32_t>::min();
  int32_t start = net.process_start[p];
  if (start != kAlways && date < start) return 0.0;
  uint32_t r0 = net.process_ramp_begin[p], r1 = net.process_ramp_begin[p + 1];
  if (r1 == r0) return 1.0;
  int32_t since = date - (start == kAlways ? scenario_start : start);
  if (since <= net.ramp_points[r0].day) return net.ramp_points[r0].factor;
  for (uint32_t r = r0 + 1; r < r1; ++r) {
    const auto& a = net.ramp_points[r - 1];
    const auto& b = net.ramp_points[r];
    if (since <= b.day) {
      double w = b.day > a.day ? double(since - a.day) / double(b.day - a.day) : 1.0;
      return a.factor + (b.factor - a.factor) * w;
    }
  }
  return net.ramp_points[r1 - 1].factor;
}

}  // namespace chaintwin::model
