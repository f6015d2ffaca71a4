// The scenario as the allocation LP sees it: per period capacities, blocks, arrival periods,
// demand and fixed inflows, computed day by day the way the simulator applies events
// (src/sim/engine.cpp) and then summed or rounded per period. Private to src/opt.
#pragma once

#include <cstdint>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"

namespace chaintwin::opt {

enum class LaneState : uint8_t { kOpen = 0, kExportBan, kLaneClosure, kNotQualified };

struct PlanInputs {
  int32_t periods = 0;
  int32_t period_days = 7;
  std::vector<int32_t> period_start;  // first scenario day of each period
  std::vector<int32_t> period_length; // days in each period (the last may be shorter)
  // [process * periods + period]: capacity summed over the period's days (kInf allowed).
  std::vector<double> capacity;
  // [pool * periods + period]: a capacity pool's capacity summed over the period's days, each
  // day x the smallest outage factor among its processes (as the simulator's Produce).
  std::vector<double> pool_capacity;
  // [lane * periods + period]: why the lane carries nothing (kOpen: it may carry).
  std::vector<LaneState> lane_state;
  // [lane * periods + period]: model::LaneCapacity (with the scenario's throughput cuts) summed
  // over the period's days (kInf when unlimited on one of them), and [limit * periods +
  // period]: model::LimitCapacity likewise. capped_lanes: the lanes with a capacity or a cut.
  std::vector<double> lane_capacity;
  std::vector<LaneId> capped_lanes;
  std::vector<double> limit_capacity;
  // [lane * periods + period]: the period a shipment leaving then arrives in (>= periods:
  // after the horizon).
  std::vector<int32_t> arrival_period;
  // [slot * periods + period]: end-use demand (after shocks), and fixed inflows (the opening
  // pipeline and stockpile releases).
  std::vector<double> demand;
  std::vector<double> fixed_inflow;
};

// Requires: period_days >= 1, schedule.size() == scenario.events.size().
PlanInputs ComputePlanInputs(const model::CompiledNetwork& net, const model::ResolvedScenario& sc,
                             const model::EventSchedule& schedule, int32_t period_days);

}  // namespace chaintwin::opt
