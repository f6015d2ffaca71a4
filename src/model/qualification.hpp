// Alternate lanes: when they may be used. One definition for the simulator
// (src/sim/engine.cpp) and the optimizer (src/opt/plan_inputs.cpp). docs/SIMULATION.md,
// "Blocked share" and "Re-sourcing".
#pragma once

#include <cstdint>
#include <limits>

namespace chaintwin::model {

// No primary of the buyer is unusable (or short): alternates are not in play.
inline constexpr int32_t kNotSince = std::numeric_limits<int32_t>::max();

// An alternate lane qualifies `qualification_days` after the earliest day, still in force, on
// which a primary lane into the same stock position became unusable (banned, closed, or from a
// plant that can neither make nor ship). `since` is kNotSince when none is.
inline bool AlternateQualified(int32_t day, int32_t since, int32_t qualification_days) {
  return since != kNotSince && static_cast<int64_t>(day) - since >= qualification_days;
}

}  // namespace chaintwin::model
