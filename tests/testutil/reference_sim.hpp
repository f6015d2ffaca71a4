// The reference simulator: a slow, plainly written re-implementation of a simulated day
// (docs/SIMULATION.md) for comparison with the engine, like LevelDB's ModelDB.
//
// It keeps its state in std::map keyed by (site, material) and by lane, recomputes every sum
// from its parts when it needs it (what a supplier owes, what a buyer has on order, a plant's
// capacity today) and writes each rule as the document states it, with no fast path and no
// incremental total. It reads the network's structure and compile-time baseline figures
// (expected use, inflow, internal use, process output, lane flow, target days) from the
// CompiledNetwork, contracts, countries and groups from the Network, and event targets from the
// ResolvedScenario; the day loop, events, allocation and shortage rules are its own.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/sim/results.hpp"

namespace chaintwin::testutil {

// A stock position: (site, material).
using SlotKey = std::pair<SiteId, MaterialId>;

// One slot's figures for one day, as the engine streams them through TimelineSink.
struct ReferenceFigures {
  double opening = 0.0;
  double received = 0.0;  // arrivals, stockpile releases and transit-0 cargo
  double produced = 0.0;
  double consumed = 0.0;  // inputs used by processes and end-use demand served
  double shipped = 0.0;
  double closing = 0.0;
  double unmet = 0.0;  // end-use requirement (demand + owed) not served
  double wip = 0.0;    // closing work in process of the site's processes making the material
};

// A shortage episode: consecutive days on which the slot was short.
struct ReferenceShortage {
  SlotKey slot;
  sim::ShortageKind kind = sim::ShortageKind::kDemand;  // of its first day
  int32_t first_day = 0;
  int32_t last_day = 0;
  double depth = 0.0;          // largest share of a day's requirement not met
  double lost_quantity = 0.0;  // of the output lost (production) or the demand lost or owed
};

struct ReferenceResults {
  std::vector<std::map<SlotKey, ReferenceFigures>> days;  // by day, every slot
  std::vector<ReferenceShortage> shortages;               // by first day, site, material, last day
  double demand_gwh = 0.0;
  double served_gwh = 0.0;
  double unserved_gwh = 0.0;  // lost, plus still owed at the end
};

// Runs `scenario` with the draws `schedule` for `days` days, every supplier following
// `protocol` (one of the four simple protocols; not kPlan). Requires: `compiled` was compiled
// from `network`, `scenario` resolved on `compiled`, one draw per event. Slow: for small
// networks in tests only.
ReferenceResults RunReference(const model::Network& network, const model::CompiledNetwork& compiled,
                              const model::ResolvedScenario& scenario,
                              const model::EventSchedule& schedule, model::Protocol protocol,
                              int32_t days);

}  // namespace chaintwin::testutil
