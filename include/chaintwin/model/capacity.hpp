// Lane capacities: the one definition of how much may depart on a lane on a day, used by the
// simulator (Fill ships at most this) and by the allocation LP (flow bounds and shared rows).
//
// Four kinds of limit, all per day and all on departures:
//   - a lane's own `capacity`;
//   - a contract's `max_volume` while it is in force: the seller's lanes to the buyer for the
//     material carry at most that much between them (on one lane it is part of LaneCapacity;
//     over several lanes it is a shared limit);
//   - a chokepoint's `capacity` (throughput): the lanes crossing it that carry a material of
//     the capacity's dimension carry at most that much between them, counted on the day they
//     depart (not on the day of the crossing);
//   - a throughput cut (a `lane_throughput` event of the scenario) while it is in force: each
//     of its lanes carries at most `quantity` per day, or the drawn factor x the lane's
//     baseline flow; a factor of 1 (or more) caps nothing: the event is as if absent. It is the scenario's, not the network's: ThroughputCuts holds one
//     run's windows, and the functions taking one apply it with the network's limits.
// Where limits overlap the lowest binds. The shared limits are split at Fill pro rata to what
// their lanes would ship; a buyer ordering before that counts each lane's fixed part of them
// instead (LimitParts, OrderCapacity).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"

namespace chaintwin::model {

// The cap per day a lane_throughput event `ev` with drawn factor `severity` puts on `lane`:
// its `quantity` when given, else severity x the lane's baseline flow (so a lane with no
// baseline flow, an alternate, carries nothing while the cut is in force); kUnlimited for a
// severity of 1 or more: a cut to the whole baseline flow is no cut (it would otherwise cap a
// lane's bursts above its baseline, and a factor-1 cut must be the run without the event).
double ThroughputCutCap(const CompiledNetwork& net, const ResolvedEvent& ev, double severity,
                        LaneId lane);

// One run's throughput cuts, by lane, with the network's capped lanes.
struct ThroughputCuts {
  struct Window {
    int32_t first = 0;  // days since epoch, inclusive
    int32_t end = 0;    // exclusive
    double per_day = 0.0;
  };
  std::vector<uint32_t> begin;   // CSR over lanes into windows (size lanes+1); empty: no cut
  std::vector<Window> windows;
  // The lanes any limit may cut in this run: net.capped_lanes and every lane of a cut, ascending.
  std::vector<LaneId> capped_lanes;
};

// The windows of the scenario's lane_throughput events with this run's draws (an event that
// is never in force has none). Cost: the events' lanes + the network's lanes when there is one.
void BuildThroughputCuts(const CompiledNetwork& net, const ResolvedScenario& sc,
                         const EventSchedule& sched, ThroughputCuts& out);

// The most the cuts in force on `date` let depart on `lane`, kUnlimited when none is.
double ThroughputCap(const ThroughputCuts& cuts, LaneId lane, int32_t date);

// The first day (days since epoch) of the throughput cut in force on `lane` on `date`, windows
// that meet or overlap counting as one; kNotCut when none is in force. While the lane's cap
// binds, alternates qualify from it or from the first day the cap binds, the earlier, as from
// the start of a block (docs/SIMULATION.md, "A capped lane's share stands aside").
inline constexpr int32_t kNotCut = std::numeric_limits<int32_t>::max();
int32_t ThroughputCutSince(const ThroughputCuts& cuts, LaneId lane, int32_t date);

// The most that may depart on `lane` on `date` (days since epoch) by its own capacity and the
// volume caps of the contracts in force that cover it alone: the smallest of them, kUnlimited
// when there is none. Cost: the lane's contracts.
double LaneCapacity(const CompiledNetwork& net, LaneId lane, int32_t date);
// The same and the run's throughput cuts: the lower binds.
double LaneCapacity(const CompiledNetwork& net, const ThroughputCuts& cuts, LaneId lane,
                    int32_t date);

// The cap per day of shared limit `limit` on `date`, kUnlimited when it is not in force.
double LimitCapacity(const CompiledNetwork& net, uint32_t limit, int32_t date);

// Each lane's part of the shared limits over it: what the buyer's order at step 4 counts of a
// limit that Fill (ApplyCapacities) shares out pro rata only once every buyer has ordered
// (docs/SIMULATION.md, Re-sourcing, "A lane's part of a shared cap"). A lane's part of limit g
// is g's cap x the lane's baseline flow (CompiledNetwork::lane_expected_flow) / the baseline
// flows of all g's lanes: fixed for the network, so it does not depend on any buyer's orders.
// A lane without baseline flow (an alternate, a lane whose buyer needs nothing at the start)
// has no part, nor has any lane of a limit none of whose lanes has a baseline flow: Fill alone
// holds them to the limit.
struct LimitParts {
  struct Part {
    uint32_t limit = 0;     // index into the network's limits
    double fraction = 0.0;  // of the limit's cap, > 0
  };
  std::vector<uint32_t> begin;  // CSR over lanes into parts (size lanes+1); empty: none
  std::vector<Part> parts;
};

// The parts of every lane with a baseline flow under a shared limit. Cost: the limits' lanes.
void BuildLimitParts(const CompiledNetwork& net, LimitParts& out);

// The cap a buyer's order reads for `lane` on `date` (days since epoch) at step 4: the lower of
// LaneCapacity with the run's cuts and the lane's part (LimitParts) of each shared limit in
// force on it; kUnlimited when there is none. What departs is still ApplyCapacities'.
// Cost: the lane's contracts, cuts and limits.
double OrderCapacity(const CompiledNetwork& net, const ThroughputCuts& cuts,
                     const LimitParts& parts, LaneId lane, int32_t date);

// The day's rule for what departs: `departing` holds, per lane (size num_lanes), what each
// lane would ship; it is first cut to LaneCapacity (with the run's throughput cuts), then, for
// each shared limit in force whose lanes would carry more than its cap together, every lane
// of it is scaled down by the same factor (cap / sum), limits in order. Afterwards every lane
// and every limit holds. Only the lanes in cuts.capped_lanes can change. Cost: capped lanes +
// limit lanes.
void ApplyCapacities(const CompiledNetwork& net, const ThroughputCuts& cuts, int32_t date,
                     std::span<double> departing);

}  // namespace chaintwin::model
