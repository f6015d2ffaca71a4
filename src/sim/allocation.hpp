// The allocation protocols as one mechanism: tiers served in order, each lane first up to its
// quota, then what is left pro rata on what is still asked. Every protocol is a choice of
// tiers and quotas per lane (engine.cpp, TierOf):
//   pro_rata        one tier, no quotas
//   priority        tier = contract priority (1 first; lanes without a contract last)
//   contract_first  contracted lanes first up to their contracted daily volume, then the rest
//   alliance_first  own country, then the supplier country's partner group, then the rest
//   plan            each lane up to the plan's flow for the period first, then the rest
#pragma once

#include <cstdint>
#include <span>

namespace chaintwin::sim {

// Splits `available` (< sum of requested) across requests. Writes given[i] <= requested[i];
// sum(given) == min(available, sum(requested)) up to rounding. Within a tier, shares are in
// proportion to min(requested, quota). Requires: equal span sizes, tiers ascending-comparable.
void Allocate(std::span<const double> requested, std::span<const double> quota,
              std::span<const uint16_t> tier, double available, std::span<double> given);

}  // namespace chaintwin::sim
