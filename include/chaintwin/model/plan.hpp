// An allocation plan: who ships what to whom in each period. Made by opt::MakePlan (the
// allocation LP) and followed by the simulator under `--protocol plan`. A model type, so that
// sim/ and opt/ never include each other.
#pragma once

#include <cstdint>
#include <vector>

namespace chaintwin::model {

struct AllocationPlan {
  int32_t period_days = 7;
  int32_t periods = 0;
  // Planned quantity shipped on each lane in each period (canonical units):
  // lane_flow[lane * periods + period]. Lanes are the CompiledNetwork's lane ids.
  std::vector<double> lane_flow;
  // Planned production of each process in each period: process_output[process * periods + period].
  std::vector<double> process_output;

  double LaneFlow(uint32_t lane, int32_t period) const {
    return lane_flow[static_cast<size_t>(lane) * static_cast<size_t>(periods) +
                     static_cast<size_t>(period)];
  }
};

}  // namespace chaintwin::model
