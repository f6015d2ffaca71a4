// Days of supply per Catena-X CX-0145 (docs/EVENTS.md "Days of supply"): for each day d of a
// window starting today, the projected end-of-day stock P_d = P_{d-1} + In_d - Out_d and the
// number of following days it covers, DoS_d = k + r / Out_{d+k+1}, where k is the largest
// number of days with P_d - (Out_{d+1} + ... + Out_{d+k}) >= 0 and r that remainder; 0 when
// P_d <= 0. Customer view (inbound): In = deliveries arriving, Out = demand. Supplier view
// (outbound): In = planned production, Out = deliveries leaving. Inflows move the projection
// but are not counted inside one day's value. Dates are the site's local days.
//
// Deliberate differences from the standard and from PURIS, each tested:
//   - the standard's Table 12/13 prints 0.80 for a day whose stock is 0; we give 0 (as the
//     formula and the PURIS maintainers do);
//   - when the walk reaches the end of the window with stock left, the value is a lower
//     bound and says so (`at_least`), instead of a silent cap;
//   - every stock record at the site is summed (PURIS keeps the last one), blocked stock is
//     left out and shown apart, dates are compared whole (PURIS matches day of month only).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chaintwin/twin/state.hpp"

namespace chaintwin::twin {

struct DosDay {
  int32_t day = 0;            // days since epoch, the site's local date
  double in = 0.0;            // inflow that day
  double out = 0.0;           // outflow that day
  double projected = 0.0;     // P_d, end of day (may be negative: unmet)
  double days_of_supply = 0.0;
  bool at_least = false;      // the window ended first: the true value is at least this
};

// The CX-0145 series over `out.size()` days from `p0` (day 0's closing stock); in[0] and
// out[0] are day 0's flows already in p0 and are not applied. Requires in.size() == out.size().
std::vector<DosDay> DaysOfSupplySeries(double p0, const std::vector<double>& in,
                                       const std::vector<double>& out, int32_t first_day);

enum class View { kCustomer, kSupplier };

struct DosResult {
  std::string site, material;
  View view = View::kCustomer;
  std::string partner;          // "" for all partners
  int32_t utc_offset_minutes = 0;
  double stock = 0.0;           // own unblocked stock (P_0 before suppliers' stock)
  double blocked = 0.0;
  double held_by_suppliers = 0.0;  // added to P_0 when tiers > 1
  double p0 = 0.0;
  std::vector<DosDay> days;     // from today (day 0)
  int32_t first_stockout_day = -1;  // the first day P_d < 0, or -1
  double shortfall = 0.0;           // -min P_d over the window when negative
};

struct DosOptions {
  int32_t horizon_days = 28;   // window length (CX-0145: 1-4 weeks; PURIS uses 28)
  View view = View::kCustomer;
  std::string partner;         // allocate to one partner (BPNL): its records only
  int tiers = 1;               // 2: count what suppliers hold for the site (customer view)
};

// Days of supply of `material` at `site` in `state`. Requires: the site holds the material.
DosResult DaysOfSupply(const TwinContext& context, const State& state,
                       const std::vector<Event>& records, const std::string& site,
                       const std::string& material, const DosOptions& options);

}  // namespace chaintwin::twin
