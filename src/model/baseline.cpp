// ApplyBaseline (model/scenario.hpp): a scenario's `baseline: output_2024` caps the processes it
// lists at their 2024 output; `capacity` leaves the network as it is.
#include <algorithm>

#include "chaintwin/model/scenario.hpp"

namespace chaintwin::model {

void ApplyBaseline(const Scenario& scenario, Network& network) {
  if (scenario.baseline != Baseline::kOutput2024) return;
  for (const CapacityOverride& o : scenario.baseline_capacity) {
    for (Site& s : network.sites) {
      if (s.id != o.site) continue;
      for (Process& p : s.processes) {
        if (p.id == o.process) p.capacity_per_day = std::min(p.capacity_per_day, o.per_day);
      }
    }
  }
}

}  // namespace chaintwin::model
