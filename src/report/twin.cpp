#include "chaintwin/report/twin.hpp"

#include "chaintwin/twin/event.hpp"
#include "chaintwin/util/date.hpp"

namespace chaintwin::report {
namespace {

double Sum(const std::vector<twin::DayQuantity>& v) {
  double s = 0;
  for (const auto& p : v) s += p.quantity;
  return s;
}

}  // namespace

Document StateDocument(const model::CompiledNetwork& net, const twin::State& st, int64_t as_of_ms) {
  Document d("state");
  d.Field("as_of", Type::kString, Text(twin::FormatDateTime(as_of_ms)),
          "the instant of the state (RFC 3339, UTC)")
      .Field("records", Type::kInteger, Int(static_cast<int64_t>(st.records)),
             "records current at that instant (the newest event of each)");
  Records& slots = d.Section("slots", "sites and materials with a report, open demand or stock held for them");
  slots.Add("site", Type::kString, "site key")
      .Add("material", Type::kString, "material key")
      .Add("stock", Type::kNumber, "unblocked stock on hand, every stock record summed (canonical unit)")
      .Add("blocked", Type::kNumber, "blocked stock (quarantine): not supply")
      .Add("held_by_suppliers", Type::kNumber, "OUTBOUND stock suppliers report holding for the site")
      .Add("stock_records", Type::kInteger, "stock records summed")
      .Add("reported", Type::kString, "time of the latest stock report (none: no report)", true)
      .Add("in_transit", Type::kNumber, "cargo in transit or planned to the site")
      .Add("open_demand", Type::kNumber, "demand from today on, summed over the days");
  Records& demand = d.Section("open_demand", "open demand per site, material and local day");
  demand.Add("site", Type::kString, "site key")
      .Add("material", Type::kString, "material key")
      .Add("date", Type::kDate, "the site's local date (ISO 8601)")
      .Add("quantity", Type::kNumber, "demand that day (canonical unit)");
  Records& transit = d.Section("in_transit", "cargo in transit or planned, with its ETA");
  transit.Add("tracking", Type::kString, "tracking number (else the event key)")
      .Add("material", Type::kString, "material key")
      .Add("origin", Type::kString, "origin site key")
      .Add("destination", Type::kString, "destination site key")
      .Add("quantity", Type::kNumber, "quantity (canonical unit)")
      .Add("departed", Type::kBoolean, "an actual departure at or before the instant")
      .Add("eta", Type::kString, "actual arrival, else the estimate (RFC 3339, UTC)")
      .Add("reported_by", Type::kString, "owner of the record (BPNL)");
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    const twin::SlotState& x = st.slots[slot];
    if (x.records == 0 && x.held_by_suppliers <= 0 && st.demand[slot].empty() &&
        st.production[slot].empty()) {
      continue;
    }
    const std::string& site = net.site_key[net.slot_site[slot].value];
    const std::string& material = net.material_key[net.slot_material[slot].value];
    double in_transit = 0;
    for (const twin::Shipment& sh : st.shipments) {
      if (sh.destination == site && sh.material == material) in_transit += sh.quantity;
    }
    slots.Row({Text(site), Text(material), Num(x.stock), Num(x.blocked), Num(x.held_by_suppliers),
               Int(x.records), x.records ? Text(twin::FormatDateTime(x.reported_ms)) : None(),
               Num(in_transit), Num(Sum(st.demand[slot]))});
    for (const twin::DayQuantity& p : st.demand[slot]) {
      demand.Row({Text(site), Text(material), Text(util::FormatDate(p.day)), Num(p.quantity)});
    }
  }
  for (const twin::Shipment& sh : st.shipments) {
    transit.Row({Text(sh.tracking), Text(sh.material), Text(sh.origin), Text(sh.destination),
                 Num(sh.quantity), Bool(sh.departed), Text(twin::FormatDateTime(sh.arrival_ms)),
                 Text(sh.reporter)});
  }
  return d;
}

Document DaysOfSupplyDocument(const std::vector<twin::DosResult>& results, int64_t as_of_ms,
                              const std::string& direction) {
  Document d("days-of-supply");
  d.Field("as_of", Type::kString, Text(twin::FormatDateTime(as_of_ms)),
          "the instant: day 0 is its local date at each site (RFC 3339, UTC)")
      .Field("direction", Type::kString, Text(direction),
             "inbound (customer view: demand against deliveries) or outbound (supplier view)");
  Records& rs = d.Section("results", "one per site and material");
  rs.Add("site", Type::kString, "site key")
      .Add("material", Type::kString, "material key")
      .Add("utc_offset_minutes", Type::kInteger, "the site's time zone (its dates are local)")
      .Add("stock", Type::kNumber, "own unblocked stock (canonical unit)")
      .Add("blocked", Type::kNumber, "blocked stock: not supply")
      .Add("held_by_suppliers", Type::kNumber, "stock suppliers hold for the site (added to p0 with tiers 2)")
      .Add("p0", Type::kNumber, "the projection's starting stock P_0")
      .Add("first_stockout", Type::kDate, "the first local date the projection is negative (none: never in the window)", true)
      .Add("shortfall", Type::kNumber, "the deepest negative projection, as a positive amount (0: none)");
  Records& days = d.Section("days", "each result's window, day by day (CX-0145)");
  days.Add("site", Type::kString, "site key")
      .Add("material", Type::kString, "material key")
      .Add("date", Type::kDate, "local date at the site")
      .Add("in", Type::kNumber, "inflow that day (deliveries; supplier view: production)")
      .Add("out", Type::kNumber, "outflow that day (demand; supplier view: shipments)")
      .Add("projected", Type::kNumber, "projected stock P_d at the end of the day")
      .Add("days_of_supply", Type::kNumber, "days of supply DoS_d", true)
      .Add("at_least", Type::kBoolean, "the window ended first: days_of_supply is a lower bound");
  for (const twin::DosResult& r : results) {
    rs.Row({Text(r.site), Text(r.material), Int(r.utc_offset_minutes), Num(r.stock), Num(r.blocked),
            Num(r.held_by_suppliers), Num(r.p0),
            r.first_stockout_day >= 0 ? Text(util::FormatDate(r.first_stockout_day)) : None(),
            Num(r.shortfall)});
    for (const twin::DosDay& x : r.days) {
      days.Row({Text(r.site), Text(r.material), Text(util::FormatDate(x.day)), Num(x.in),
                Num(x.out), Num(x.projected), Num(x.days_of_supply), Bool(x.at_least)});
    }
  }
  return d;
}

Document AlertsDocument(const std::vector<twin::ProjectedShortage>& shortages,
                        const std::vector<twin::SilentFeed>& silent, int64_t as_of_ms,
                        int32_t horizon_days) {
  Document d("alerts");
  d.Field("as_of", Type::kString, Text(twin::FormatDateTime(as_of_ms)),
          "the state the run starts from, and the instant feeds are judged at (RFC 3339, UTC)")
      .Field("horizon_days", Type::kInteger, Int(horizon_days), "days of the nominal run");
  Records& p = d.Section("projected_shortages", "what the nominal run from the state finds short, first first");
  p.Add("site", Type::kString, "site key")
      .Add("material", Type::kString, "material key")
      .Add("first_date", Type::kDate, "the first day it is short")
      .Add("days_from_now", Type::kInteger, "days from the as-of date")
      .Add("production", Type::kBoolean, "true: an input of production ran short; false: end-use demand")
      .Add("cause", Type::kString, "the stock it started from, how long it lasts, what is in transit, what stops");
  for (const twin::ProjectedShortage& x : shortages) {
    p.Row({Text(x.site), Text(x.material), Text(util::FormatDate(x.first_date)),
           Int(x.days_from_now), Bool(x.production), Text(x.cause)});
  }
  Records& q = d.Section("silent_feeds", "partners' feeds whose last report is older than 1.5 expected intervals");
  q.Add("owner", Type::kString, "the partner (BPNL)")
      .Add("kind", Type::kString, "event kind")
      .Add("material", Type::kString, "material key")
      .Add("last_report", Type::kString, "event time of its last report (RFC 3339, UTC)")
      .Add("silent_hours", Type::kNumber, "hours since then")
      .Add("expected_every_hours", Type::kNumber, "the interval it is expected to report at");
  for (const twin::SilentFeed& x : silent) {
    q.Row({Text(x.feed.owner), Text(std::string(twin::EventKindName(x.feed.kind))),
           Text(x.feed.material), Text(twin::FormatDateTime(x.feed.last_time_ms)),
           Num(static_cast<double>(x.silent_for_ms) / 3.6e6),
           Num(static_cast<double>(x.expected_interval_ms) / 3.6e6)});
  }
  return d;
}

Document FeedsDocument(const std::vector<store::Feed>& feeds, int64_t now_ms) {
  Document d("feeds");
  d.Field("now", Type::kString, Text(twin::FormatDateTime(now_ms)), "the wall clock (RFC 3339, UTC)");
  Records& f = d.Section("feeds", "one row per (owner, kind, material) ever reported");
  f.Add("owner", Type::kString, "the partner (BPNL)")
      .Add("kind", Type::kString, "event kind")
      .Add("material", Type::kString, "material key")
      .Add("count", Type::kInteger, "events stored")
      .Add("first_time", Type::kString, "event time of its first report (RFC 3339, UTC)")
      .Add("last_time", Type::kString, "event time of its last report")
      .Add("last_recorded", Type::kString, "wall clock of the last batch that carried one")
      .Add("expected_every_hours", Type::kNumber, "the interval it is expected to report at (none: not expected, failure reports)", true);
  for (const store::Feed& x : feeds) {
    const int64_t expected = twin::ExpectedIntervalMs(x);
    f.Row({Text(x.owner), Text(std::string(twin::EventKindName(x.kind))), Text(x.material),
           Int(x.count), Text(twin::FormatDateTime(x.first_time_ms)),
           Text(twin::FormatDateTime(x.last_time_ms)), Text(twin::FormatDateTime(x.last_recorded_ms)),
           expected > 0 ? Num(static_cast<double>(expected) / 3.6e6) : None()});
  }
  return d;
}

}  // namespace chaintwin::report
