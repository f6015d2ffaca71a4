// Dense strong ids: passing a lane where a site is expected does not compile.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>

namespace chaintwin {

template <typename Tag>
struct StrongId {
  uint32_t value = std::numeric_limits<uint32_t>::max();
  constexpr StrongId() = default;
  constexpr explicit StrongId(uint32_t v) : value(v) {}
  constexpr bool valid() const { return value != std::numeric_limits<uint32_t>::max(); }
  constexpr auto operator<=>(const StrongId&) const = default;
};

using SiteId = StrongId<struct SiteTag>;
using LaneId = StrongId<struct LaneTag>;
using MaterialId = StrongId<struct MaterialTag>;
using ProcessId = StrongId<struct ProcessTag>;
using SlotId = StrongId<struct SlotTag>;        // one (site, material) stock position
using CountryId = StrongId<struct CountryTag>;
using ChokepointId = StrongId<struct ChokepointTag>;

}  // namespace chaintwin
