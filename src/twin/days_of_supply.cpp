#include "chaintwin/twin/days_of_supply.hpp"

#include <algorithm>

#include "chaintwin/util/check.hpp"

namespace chaintwin::twin {

std::vector<DosDay> DaysOfSupplySeries(double p0, const std::vector<double>& in,
                                       const std::vector<double>& out, int32_t first_day) {
  CT_CHECK(in.size() == out.size(), "one inflow and one outflow per day");
  const size_t n = out.size();
  std::vector<DosDay> days(n);
  double p = p0;
  for (size_t d = 0; d < n; ++d) {
    if (d > 0) p += in[d] - out[d];
    DosDay& day = days[d];
    day.day = first_day + static_cast<int32_t>(d);
    day.in = in[d];
    day.out = out[d];
    day.projected = p;
    if (p <= 0.0) continue;  // nothing on stock: 0 days (the standard's table says 0.80 once)
    // Walk the following days' outflows; inflows after d are not counted in DoS_d.
    double left = p;
    double dos = 0.0;
    size_t j = d + 1;
    for (; j < n; ++j) {
      if (left - out[j] >= 0.0) {
        left -= out[j];
        dos += 1.0;
        continue;
      }
      if (left > 0.0) dos += left / out[j];
      break;
    }
    day.days_of_supply = dos;
    day.at_least = j >= n;
  }
  return days;
}

DosResult DaysOfSupply(const TwinContext& ctx, const State& st, const std::vector<Event>& records,
                       const std::string& site, const std::string& material,
                       const DosOptions& opt) {
  const model::CompiledNetwork& net = ctx.compiled();
  SlotId slot = net.FindSlot(net.FindSite(site), net.FindMaterial(material));
  CT_CHECK(slot.valid(), "days of supply of a slot that does not exist");
  DosResult r;
  r.site = site;
  r.material = material;
  r.view = opt.view;
  r.partner = opt.partner;
  r.utc_offset_minutes = ctx.UtcOffsetOf(site);
  const int32_t offset = r.utc_offset_minutes;
  const int32_t today = LocalDay(st.as_of_ms, offset);
  const size_t n = static_cast<size_t>(std::max(opt.horizon_days, 1)) + 1;
  std::vector<double> in(n, 0.0), out(n, 0.0);
  auto at = [&](int32_t day) -> int64_t { return int64_t{day} - today; };
  const bool customer = opt.view == View::kCustomer;
  const Direction dir = customer ? Direction::kInbound : Direction::kOutbound;
  auto partner_ok = [&](const std::string& who) { return opt.partner.empty() || who == opt.partner; };

  // Stock: every record at the site for the material, of the view's direction, summed. With
  // no partner filter the state's sum over all records is used.
  int64_t reported = 0;
  if (opt.partner.empty()) {
    r.stock = st.slots[slot.value].stock;
    r.blocked = st.slots[slot.value].blocked;
    reported = st.slots[slot.value].reported_ms;
  } else {
    for (const Event& e : records) {
      if (e.kind != EventKind::kItemStock || e.site != site || e.material != material ||
          e.direction != dir || e.time_ms > st.as_of_ms ||
          !partner_ok(customer ? e.supplier : e.customer)) {
        continue;
      }
      r.stock += e.quantity;
      r.blocked += e.blocked_quantity;
      reported = std::max(reported, e.time_ms);
    }
  }
  r.p0 = r.stock;
  if (customer && opt.tiers > 1) {
    r.held_by_suppliers = st.slots[slot.value].held_by_suppliers;
    r.p0 += r.held_by_suppliers;
  }

  // Flows by the site's local day. A delivery already in the reported stock (arrived before
  // the report) is not counted again; one that arrived after it but by today adds to P_0.
  auto add_delivery = [&](const Shipment& s) {
    if (s.material != material) return;
    if (customer && s.destination == site) {
      if (!partner_ok(ctx.OrganizationOf(s.origin)) && !opt.partner.empty()) return;
      if (s.arrival_ms <= reported) return;
      int64_t d = at(LocalDay(s.arrival_ms, offset));
      if (d <= 0) {
        r.p0 += s.quantity;
      } else if (d < static_cast<int64_t>(n)) {
        in[static_cast<size_t>(d)] += s.quantity;
      }
    } else if (!customer && s.origin == site && !s.departed && s.departure_ms) {
      if (!opt.partner.empty() && ctx.OrganizationOf(s.destination) != opt.partner) return;
      int64_t d = at(LocalDay(*s.departure_ms, offset));
      if (d >= 1 && d < static_cast<int64_t>(n)) out[static_cast<size_t>(d)] += s.quantity;
    }
  };
  for (const Shipment& s : st.shipments) add_delivery(s);
  if (customer) {
    for (const Shipment& s : st.arrived) add_delivery(s);
  }
  auto add_series = [&](std::vector<double>& into, EventKind kind) {
    for (const Event& e : records) {
      if (e.kind != kind || e.site != site || e.material != material || e.time_ms > st.as_of_ms ||
          (kind == EventKind::kProduction && e.actual)) {
        continue;
      }
      if (!partner_ok(customer ? e.supplier : e.customer)) continue;
      for (const DayQuantity& p : e.series) {
        int64_t d = at(p.day);
        if (d >= 1 && d < static_cast<int64_t>(n)) into[static_cast<size_t>(d)] += p.quantity;
      }
    }
  };
  // Without a partner the state's per-slot sums serve (no pass over the records per slot).
  auto add_folded = [&](std::vector<double>& into, const std::vector<DayQuantity>& series) {
    for (const DayQuantity& p : series) {
      int64_t d = at(p.day);
      if (d >= 1 && d < static_cast<int64_t>(n)) into[static_cast<size_t>(d)] += p.quantity;
    }
  };
  if (!opt.partner.empty()) {
    add_series(customer ? out : in, customer ? EventKind::kDemand : EventKind::kProduction);
  } else {
    add_folded(customer ? out : in, customer ? st.demand[slot.value] : st.production[slot.value]);
  }
  r.days = DaysOfSupplySeries(r.p0, in, out, today);
  double lowest = 0.0;
  for (const DosDay& d : r.days) {
    if (d.projected < lowest - 1e-12) {
      if (r.first_stockout_day < 0) r.first_stockout_day = d.day;
      lowest = d.projected;
    }
  }
  r.shortfall = -lowest;
  return r;
}

}  // namespace chaintwin::twin
