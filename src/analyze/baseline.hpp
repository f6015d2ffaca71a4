// Baseline daily production per process, as Compile() derives the baseline flows: each slot
// makes min(expected use, summed capacity), split over its processes by capacity.
#pragma once

#include <cmath>
#include <vector>

#include "chaintwin/model/compiled.hpp"

namespace chaintwin::analyze {

inline std::vector<double> BaselineProduction(const model::CompiledNetwork& net) {
  std::vector<double> make_capacity(net.num_slots(), 0.0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    make_capacity[net.process_output[p].value] += net.process_capacity[p];
  }
  std::vector<double> produced(net.num_processes(), 0.0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    uint32_t out = net.process_output[p].value;
    double made = std::min(net.slot_expected_use[out], make_capacity[out]);
    double share =
        std::isinf(make_capacity[out])
            ? (std::isinf(net.process_capacity[p]) ? 1.0 : 0.0)
            : (make_capacity[out] > 0 ? net.process_capacity[p] / make_capacity[out] : 0.0);
    produced[p] = made * share;
  }
  return produced;
}

}  // namespace chaintwin::analyze
