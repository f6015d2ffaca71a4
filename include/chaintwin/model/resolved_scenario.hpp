// A scenario resolved against a CompiledNetwork: every event's targets as dense ids. A model
// type shared by sim/ (which runs it) and opt/ (which plans over it).
// Resolve once; Realize() then draws durations and severities for one run (cheap), so Monte
// Carlo resolves a scenario once and realizes it per run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/scenario.hpp"

namespace chaintwin::model {

struct ResolvedEvent {
  std::string key;  // the event id: the key of its random stream
  EventKind kind = EventKind::kSiteOutage;
  int32_t start_day = 0;
  Distribution duration_days;
  Distribution severity;
  std::vector<LaneId> lanes;              // export_ban, lane_closure (by lane), lane_throughput
                                          // (every lane it caps, ascending)
  std::vector<ChokepointId> chokepoints;  // lane_closure (by chokepoint)
  std::vector<ProcessId> processes;       // site_outage, capacity_change
  std::vector<SlotId> slots;              // demand_shock, stockpile_release
  std::optional<int32_t> detour_days;     // lane_closure
  std::optional<double> capacity_per_day; // capacity_change; lane_throughput: cap of each lane
  double ramp_days = 0.0;
  double quantity = 0.0;                  // stockpile_release, total
};

struct ResolvedScenario {
  const CompiledNetwork* network = nullptr;
  std::string id;
  int32_t start_date = 0;  // days since epoch
  int32_t horizon_days = 0;
  uint64_t seed = 1;
  int32_t reorder_after_days = kDefaultReorderAfterDays;
  ProtocolConfig protocol;
  std::vector<ResolvedEvent> events;
};

// Resolves `scenario`'s event targets on `network` (which must outlive the result).
// Requires: the scenario was validated against the network the CompiledNetwork came from.
ResolvedScenario Resolve(const CompiledNetwork& network, const Scenario& scenario);

// One run's draws: start, end (exclusive) and severity of each event, in scenario days.
struct EventDraw {
  int32_t start_day = 0;
  int32_t end_day = 0;
  double severity = 0.0;
};
using EventSchedule = std::vector<EventDraw>;

// Nominal values of every event (the deterministic run).
EventSchedule NominalSchedule(const ResolvedScenario& scenario);
// Draws of run `run` with `seed`: each event from its own stream keyed by its id, so adding an
// event does not change the draws of the others. Same (seed, run) gives the same schedule.
EventSchedule SampleSchedule(const ResolvedScenario& scenario, uint64_t seed, uint64_t run);

// Draws one value from a distribution with `rng` (our own code: portable, STYLE.md §7).
double Sample(const Distribution& distribution, uint64_t stream_seed);

}  // namespace chaintwin::model
