// Why is it short? For every shortage of a run, the chain of causes: the event(s) that started
// it, the blocked lanes and closed sites on its supply path, and the upstream shortage it
// inherits from. Worked out after the run from the network, the scenario's resolved events and
// their draws, and the run's shortage episodes: the day loop is not touched, so explaining
// costs nothing when nobody asks (docs/ANALYSIS.md, "Why is it short?").
//
// How: a shortage of material m at site x from day d is traced back along x's supply path:
// the lanes into (x, m) and, through stock positions that only pass m on (a trader, a port), the
// lanes into those, up to three hops. On that path it collects
//   - lanes an export ban or a lane closure (also through a chokepoint) blocked or delayed,
//     by events that started on or before day d (an event that ended may still be the cause:
//     the first cargo after it is at sea);
//   - supplier sites (or x itself, when it makes m) whose plant for m a site outage or a
//     capacity cut shut or reduced by day d;
//   - the upstream shortage: a supplier on the path that ran short making m (a production
//     shortage whose lost output is m) and began on or before day d; of several, the one whose
//     episode is nearest the day the goods would have left it (d minus the path's transit);
//   - demand shocks on (x, m).
// When none of these applies, it looks one step sideways: a supplier of x whose other buyers
// lost their own supply to an event, so that they turned to it and it rationed ("shared
// supplier"); or, for a plant short of an input, buyers of its output whose other supply an
// event cut, so that their orders moved to it ("orders shifted": an alternate supplier called
// on runs through its own inputs). Root events follow the upstream links to their end (cycles
// stop).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/sim/results.hpp"
#include "chaintwin/util/ids.hpp"

namespace chaintwin::analyze {

// The most direct mechanism found, in this order of precedence.
enum class CauseKind {
  kBlockedSupply,   // lanes on its supply path were blocked or delayed by an event
  kSupplierDown,    // a plant on its supply path (or its own) was shut or cut by an event
  kInherited,       // nothing direct: a supplier on its path ran short first
  kSharedSupplier,  // its suppliers rationed: their other buyers lost supply to an event
  kOrdersShifted,   // its buyers turned to it after an event cut their other supply
  kDemandRise,      // a demand shock raised what it must serve, nothing else found
  kUnexplained,     // no event reaches it: the network falls short on its own
};
// "blocked_supply", "supplier_down", "inherited", "shared_supplier", "orders_shifted",
// "demand_rise", "unexplained".
std::string_view CauseKindName(CauseKind kind);

// An event in a cause chain, as drawn for the run.
struct CauseEvent {
  uint32_t index = 0;  // into ResolvedScenario::events
  std::string key;     // the event id
  model::EventKind kind = model::EventKind::kExportBan;
  int32_t start_day = 0;  // scenario days, as drawn
  int32_t end_day = 0;    // exclusive
  bool direct = false;    // acts on this shortage's own path, not only through `upstream`
};

struct ShortageCause {
  CauseKind kind = CauseKind::kUnexplained;
  // Root events, earliest start first: those acting on this shortage's own path (or sideways,
  // for kSharedSupplier) and those inherited through `upstream`.
  std::vector<CauseEvent> events;
  std::vector<uint32_t> direct_events;  // indices of the direct ones, ascending
  std::vector<LaneId> blocked_lanes;  // lanes of its path blocked or delayed by then, by id
  std::vector<SiteId> closed_sites;   // plants on its path shut or cut by then, by id
  std::vector<SiteId> rationing_suppliers;  // kSharedSupplier: suppliers whose other buyers lost supply
  std::vector<SiteId> shifted_buyers;  // kOrdersShifted: buyers of its output that lost other supply
  int32_t upstream = -1;  // index into Results::shortages it inherits from; -1: none
  // First day minus the start of its earliest direct event still in force on that day: how many
  // days its stock and the cargo already at sea bridged; -1 when no direct event was in force
  // then (none, or they had ended and the first supply since was still on its way).
  int32_t bridged_days = -1;
  std::string text;     // one sentence for people, naming sites, materials, events and days
  std::string summary;  // a few words for a table cell: "3 lanes from CN blocked: ban (d0)"
};

// One cause per shortage of `results`, in the same order. Requires: `results` came from running
// `scenario` (resolved on `network`) with the draws `schedule`. Cost: the length of each
// shortage's path (a few hops of lanes) times the shortages; no simulation.
std::vector<ShortageCause> ExplainShortages(const model::CompiledNetwork& network,
                                            const model::ResolvedScenario& scenario,
                                            const model::EventSchedule& schedule,
                                            const sim::Results& results);

}  // namespace chaintwin::analyze
