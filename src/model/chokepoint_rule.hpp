// Chokepoint and lane closures: one definition for the simulator (src/sim/engine.cpp) and the
// optimizer (src/opt/plan_inputs.cpp). docs/SIMULATION.md, "Chokepoint closed", "Detour" and
// "Overlapping closures".
//
// A `lane_closure` event is a window [start, end) on its chokepoints and lanes. Without a
// detour it blocks every lane it names and every lane crossing its chokepoints (no orders,
// open orders cancelled); cargo already at sea that reaches a closed chokepoint waits until no
// closure holds it. With a detour it blocks nothing: cargo crossing while it is in force
// arrives `detour` days later, and cargo leaving on a closed lane takes the detour.
#pragma once

#include <cstdint>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"

namespace chaintwin::model {

struct ClosureWindow {
  int32_t start = 0;
  int32_t end = 0;      // exclusive
  int32_t detour = -1;  // -1: cargo waits until the chokepoint reopens
};

struct ClosureWindows {
  std::vector<std::vector<ClosureWindow>> by_chokepoint;
  std::vector<std::vector<ClosureWindow>> by_lane;  // closures of a lane that offer a detour
};

// The windows of the scenario's lane closures with this run's draws.
void BuildClosureWindows(const CompiledNetwork& net, const ResolvedScenario& sc,
                         const EventSchedule& sched, ClosureWindows& out);

// Days beyond its transit that cargo leaving `lane` on scenario day `depart` spends:
//   - leaving while closures of the lane with a detour are in force: the longest detour;
//   - at each chokepoint it crosses (on its crossing day, shifted by earlier delays): when a
//     closure in force there offers a detour, the longest such detour; otherwise it waits until
//     the first reopening (or start of a closure with a detour) and is checked again, so it
//     passes only when no closure holds it.
int32_t ExtraVoyageDays(const CompiledNetwork& net, const ClosureWindows& windows, uint32_t lane,
                        int32_t depart);

// Calls f(lane) for every lane a closure without a detour blocks: each lane it names, and for
// each of its chokepoints every lane crossing it (a lane crossing two of them: twice).
template <class F>
void ForEachLaneClosedBy(const CompiledNetwork& net, const ResolvedEvent& ev, F&& f) {
  for (LaneId l : ev.lanes) f(l.value);
  for (ChokepointId c : ev.chokepoints) {
    for (uint32_t l = 0; l < net.num_lanes(); ++l) {
      for (uint32_t x = net.lane_crossing_begin[l]; x < net.lane_crossing_begin[l + 1]; ++x) {
        if (net.crossing_chokepoint[x] == c) {
          f(l);
          break;
        }
      }
    }
  }
}

}  // namespace chaintwin::model
