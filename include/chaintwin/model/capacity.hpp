// Lane capacities: the one definition of how much may depart on a lane on a day, used by the
// simulator (Fill ships at most this) and by the allocation LP (flow bounds and shared rows).
//
// Three kinds of limit, all per day and all on departures:
//   - a lane's own `capacity`;
//   - a contract's `max_volume` while it is in force: the seller's lanes to the buyer for the
//     material carry at most that much between them (on one lane it is part of LaneCapacity;
//     over several lanes it is a shared limit);
//   - a chokepoint's `capacity` (throughput): the lanes crossing it that carry a material of
//     the capacity's dimension carry at most that much between them, counted on the day they
//     depart (not on the day of the crossing).
#pragma once

#include <cstdint>
#include <span>

#include "chaintwin/model/compiled.hpp"

namespace chaintwin::model {

// The most that may depart on `lane` on `date` (days since epoch) by its own capacity and the
// volume caps of the contracts in force that cover it alone: the smallest of them, kUnlimited
// when there is none. Cost: the lane's contracts.
double LaneCapacity(const CompiledNetwork& net, LaneId lane, int32_t date);

// The cap per day of shared limit `limit` on `date`, kUnlimited when it is not in force.
double LimitCapacity(const CompiledNetwork& net, uint32_t limit, int32_t date);

// The day's rule for what departs: `departing` holds, per lane (size num_lanes), what each
// lane would ship; it is first cut to LaneCapacity, then, for each shared limit in force
// whose lanes would carry more than its cap together, every lane of it is scaled down by the
// same factor (cap / sum), limits in order. Afterwards every lane and every limit holds.
// Only the lanes in net.capped_lanes can change. Cost: capped lanes + limit lanes.
void ApplyCapacities(const CompiledNetwork& net, int32_t date, std::span<double> departing);

}  // namespace chaintwin::model
