#include "chaintwin/twin/state.hpp"

#include <map>

namespace chaintwin::twin {

std::vector<Event> CurrentRecords(const std::vector<Event>& events, int64_t as_of_ms) {
  std::map<std::string, const Event*> newest;
  for (const Event& e : events) {
    if (e.time_ms > as_of_ms) continue;
    auto [it, added] = newest.emplace(e.RecordKey(), &e);
    if (!added && Newer(e, *it->second)) it->second = &e;
  }
  std::vector<Event> out;
  for (const auto& [rkey, e] : newest) {
    if (e->retract) continue;
    if (auto until = RelevantUntilMs(*e); until && *until < as_of_ms - kStateLookbackMs) continue;
    out.push_back(*e);
  }
  return out;
}

State Fold(const TwinContext& ctx, const std::vector<Event>& records, int64_t as_of_ms) {
  const model::CompiledNetwork& net = ctx.compiled();
  State st;
  st.as_of_ms = as_of_ms;
  st.slots.assign(net.num_slots(), {});
  st.demand.assign(net.num_slots(), {});
  st.production.assign(net.num_slots(), {});
  st.records = records.size();
  auto slot_of = [&](const std::string& site, const std::string& material) {
    return net.FindSlot(net.FindSite(site), net.FindMaterial(material));
  };
  // Adds a series to a slot's by-day list from the site's local today on.
  auto add_series = [&](std::vector<DayQuantity>& into, const Event& e, int32_t today) {
    for (const DayQuantity& p : e.series) {
      if (p.day < today) continue;
      auto it = std::lower_bound(into.begin(), into.end(), p.day,
                                 [](const DayQuantity& a, int32_t d) { return a.day < d; });
      if (it != into.end() && it->day == p.day) {
        it->quantity += p.quantity;
      } else {
        into.insert(it, p);
      }
    }
  };
  for (const Event& e : records) {
    if (e.retract || e.time_ms > as_of_ms) continue;
    const int32_t today = LocalDay(as_of_ms, ctx.UtcOffsetOf(e.site));
    switch (e.kind) {
      case EventKind::kItemStock: {
        SlotId slot = slot_of(e.site, e.material);
        if (!slot.valid()) break;
        SlotState& s = st.slots[slot.value];
        // Sum, never assign: several records at one site (per partner, direction, blocked or
        // not) are all on stock there.
        s.stock += e.quantity;
        s.blocked += e.blocked_quantity;
        s.reported_ms = std::max(s.reported_ms, e.time_ms);
        ++s.records;
        if (e.direction == Direction::kOutbound) {
          // Stock a supplier holds for its customer: counted for the customer's site that
          // this supplier site serves (multi-tier days of supply); equal parts when several.
          std::vector<uint32_t> to;
          for (uint32_t i = net.out_begin[slot.value]; i < net.out_begin[slot.value + 1]; ++i) {
            uint32_t buyer = net.lane_to[net.out_lanes[i].value].value;
            const std::string& runs = ctx.OrganizationOf(net.site_key[net.slot_site[buyer].value]);
            if (runs.empty() || runs == e.customer) to.push_back(buyer);
          }
          for (uint32_t b : to) st.slots[b].held_by_suppliers += e.quantity / double(to.size());
        }
        break;
      }
      case EventKind::kDemand: {
        SlotId slot = slot_of(e.site, e.material);
        if (slot.valid()) add_series(st.demand[slot.value], e, today);
        break;
      }
      case EventKind::kProduction: {
        SlotId slot = slot_of(e.site, e.material);
        if (slot.valid() && !e.actual) add_series(st.production[slot.value], e, today);
        break;
      }
      case EventKind::kDelivery: {
        Shipment s;
        s.tracking = e.tracking;
        s.reporter = e.owner;
        s.lane = ctx.LaneOf(e.origin, e.site, e.material);
        s.origin = e.origin;
        s.destination = e.site;
        s.material = e.material;
        s.quantity = e.quantity;
        s.departure_ms = e.departure_ms ? e.departure_ms : e.planned_departure_ms;
        s.departed = e.departure_ms && *e.departure_ms <= as_of_ms;
        s.arrival_ms = e.arrival_ms ? *e.arrival_ms : e.eta_ms.value_or(0);
        s.arrived = e.arrival_ms && *e.arrival_ms <= as_of_ms;
        s.incoterm = e.incoterm;
        (s.arrived ? st.arrived : st.shipments).push_back(std::move(s));
        break;
      }
      case EventKind::kCapacityNotice:
        st.capacity_notices.push_back(e);
        break;
      case EventKind::kQuality:
        st.quality.push_back(e);
        break;
      case EventKind::kFailure:
        st.failures.push_back(e);
        break;
    }
  }
  auto by_arrival = [](const Shipment& a, const Shipment& b) {
    return a.arrival_ms != b.arrival_ms ? a.arrival_ms < b.arrival_ms : a.tracking < b.tracking;
  };
  std::sort(st.shipments.begin(), st.shipments.end(), by_arrival);
  std::sort(st.arrived.begin(), st.arrived.end(), by_arrival);
  return st;
}

}  // namespace chaintwin::twin
