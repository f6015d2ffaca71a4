#include "chaintwin/model/capacity.hpp"

#include <algorithm>

namespace chaintwin::model {

double LaneCapacity(const CompiledNetwork& net, LaneId lane, int32_t date) {
  double cap = net.lane_capacity[lane.value];
  for (uint32_t i = net.lane_contract_begin[lane.value]; i < net.lane_contract_begin[lane.value + 1];
       ++i) {
    const CompiledNetwork::LaneContract& k = net.lane_contracts[i];
    if (date >= k.first_day && date <= k.last_day) cap = std::min(cap, k.max_volume_per_day);
  }
  return cap;
}

double LimitCapacity(const CompiledNetwork& net, uint32_t limit, int32_t date) {
  if (date < net.limit_first_day[limit] || date > net.limit_last_day[limit]) return kUnlimited;
  return net.limit_capacity[limit];
}

void ApplyCapacities(const CompiledNetwork& net, int32_t date, std::span<double> departing) {
  for (LaneId lane : net.capped_lanes) {
    double& q = departing[lane.value];
    q = std::min(q, LaneCapacity(net, lane, date));
  }
  for (uint32_t g = 0; g < net.num_limits(); ++g) {
    double cap = LimitCapacity(net, g, date);
    if (cap == kUnlimited) continue;
    double total = 0.0;
    for (uint32_t i = net.limit_lane_begin[g]; i < net.limit_lane_begin[g + 1]; ++i) {
      total += departing[net.limit_lanes[i].value];
    }
    if (total <= cap) continue;
    double factor = cap / total;
    for (uint32_t i = net.limit_lane_begin[g]; i < net.limit_lane_begin[g + 1]; ++i) {
      departing[net.limit_lanes[i].value] *= factor;
    }
  }
}

}  // namespace chaintwin::model
