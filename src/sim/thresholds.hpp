// The two rounding thresholds of re-sourcing under shortage (docs/SIMULATION.md, Thresholds,
// "A capped lane's room" and "Can deliver its share"), written once for the engine's
// ShortageWeights and held by hand-worked cases (tests/golden/thresholds_test.cpp). Both
// compare figures that are equal in exact arithmetic in the usual case, so that rounding in
// the last place, which another implementation summing in another order gets the other way,
// decides nothing.
#pragma once

#include <cstdint>

namespace chaintwin::sim {

// What a capped lane can still carry within the re-order window: cap x reorder_after less what
// it already owes; none (0) when that is at most 1e-9 x cap x reorder_after. The split around
// caps leaves a capped lane owing exactly cap x reorder_after, so its room is 0 less rounding.
inline double CappedRoom(double cap, int32_t reorder_after, double owed) {
  const double window = cap * reorder_after, room = window - owed;
  return room > 1e-9 * window ? room : 0.0;
}

// A lane that can deliver `can` covers its part of a day's need, `part` (weight x order rate),
// when can >= (1 - 1e-9) x part: one day after the split left a capped lane owing cap x
// reorder_after, its room is its part, cap, less rounding.
inline bool CoversPart(double can, double part) { return can >= part * (1.0 - 1e-9); }

}  // namespace chaintwin::sim
