#include "chaintwin/report/results.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chaintwin/model/units.hpp"
#include "chaintwin/report/table.hpp"
#include "chaintwin/util/date.hpp"

namespace chaintwin::report {
namespace {

using model::CompiledNetwork;
using Align = Table::Align;

std::string Country(const CompiledNetwork& net, SiteId site) {
  return net.country_key[net.site_country[site.value].value];
}

// A quantity in the material's own display unit ("t", "GWh"...).
double InUnit(const CompiledNetwork& net, MaterialId m, double canonical) {
  auto v = model::FromCanonical(canonical, net.material_unit[m.value]);
  return v ? v.value() : canonical;
}

std::string DayAndDate(const sim::Results& r, int32_t day) {
  return fmt::format("{} ({})", day, util::FormatDate(r.start_date + day));
}

const char* KindName(sim::ShortageKind k) {
  return k == sim::ShortageKind::kProduction ? "production" : "demand";
}

// A shortage's cause chain: events, blocked lanes and closed sites by key, the upstream shortage.
nlohmann::json CauseJson(const CompiledNetwork& net, const sim::Results& r,
                         const analyze::ShortageCause& c) {
  nlohmann::json events = nlohmann::json::array();
  for (const analyze::CauseEvent& e : c.events) {
    events.push_back({{"id", e.key},
                      {"kind", model::EventKindName(e.kind)},
                      {"start_day", e.start_day},
                      {"end_day", e.end_day},
                      {"direct", e.direct}});
  }
  auto sites = [&](const std::vector<SiteId>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (SiteId s : v) a.push_back(net.site_key[s.value]);
    return a;
  };
  nlohmann::json lanes = nlohmann::json::array();
  for (LaneId l : c.blocked_lanes) lanes.push_back(net.lane_key[l.value]);
  nlohmann::json upstream = nullptr;
  if (c.upstream >= 0) {
    const sim::Shortage& u = r.shortages[static_cast<size_t>(c.upstream)];
    upstream = {{"site", net.site_key[u.site.value]},
                {"material", net.material_key[u.material.value]},
                {"first_day", u.first_day},
                {"index", c.upstream}};
  }
  return {{"kind", analyze::CauseKindName(c.kind)},
          {"events", events},
          {"blocked_lanes", lanes},
          {"closed_sites", sites(c.closed_sites)},
          {"rationing_suppliers", sites(c.rationing_suppliers)},
          {"shifted_buyers", sites(c.shifted_buyers)},
          {"shifted_to", sites(c.shifted_to)},
          {"shifted_from", c.shifted_from},
          {"upstream", upstream},
          {"bridged_days", c.bridged_days >= 0 ? nlohmann::json(c.bridged_days) : nlohmann::json(nullptr)},
          {"text", c.text}};
}

nlohmann::json ShortageJson(const CompiledNetwork& net, const sim::Results& r,
                            const sim::Shortage& s) {
  return {{"material", net.material_key[s.material.value]},
          {"site", net.site_key[s.site.value]},
          {"country", Country(net, s.site)},
          {"kind", KindName(s.kind)},
          {"first_day", s.first_day},
          {"first_date", util::FormatDate(r.start_date + s.first_day)},
          {"last_day", s.last_day},
          {"last_date", util::FormatDate(r.start_date + s.last_day)},
          {"days", s.last_day - s.first_day + 1},
          {"depth", s.depth},
          {"lost_material", net.material_key[s.lost_material.value]},
          {"lost_quantity", InUnit(net, s.lost_material, s.lost_quantity)},
          {"lost_unit", net.material_unit[s.lost_material.value]},
          {"lost_gwh", s.lost_gwh},
          {"open_at_end", s.open_at_end}};
}

}  // namespace

std::vector<CountryLoss> LossByCountry(const CompiledNetwork& net, const sim::Results& r) {
  std::vector<CountryLoss> by(net.num_countries());
  for (uint32_t c = 0; c < net.num_countries(); ++c) by[c].country = net.country_key[c];
  for (uint32_t s = 0; s < net.num_sites() && s < r.sites.size(); ++s) {
    CountryLoss& c = by[net.site_country[s].value];
    c.demand_gwh += r.sites[s].demand_gwh;
    c.unserved_gwh += r.sites[s].unserved_demand_gwh;
    c.lost_production_gwh += r.sites[s].lost_production_gwh;
  }
  std::vector<CountryLoss> out;
  for (auto& c : by) {
    if (c.demand_gwh > 0 || c.unserved_gwh > 0 || c.lost_production_gwh > 0) out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](const CountryLoss& a, const CountryLoss& b) {
    if (a.unserved_gwh != b.unserved_gwh) return a.unserved_gwh > b.unserved_gwh;
    if (a.lost_production_gwh != b.lost_production_gwh) {
      return a.lost_production_gwh > b.lost_production_gwh;
    }
    return a.country < b.country;
  });
  return out;
}

namespace {

// Re-sourced GWh by supplier country, largest first (countries with none left out).
std::vector<std::pair<std::string, double>> ResourcedByCountry(const CompiledNetwork& net,
                                                               const sim::Results& r) {
  std::vector<std::pair<std::string, double>> out;
  for (uint32_t c = 0; c < r.resourced_gwh_by_country.size() && c < net.num_countries(); ++c) {
    if (r.resourced_gwh_by_country[c] > 0.0) {
      out.emplace_back(net.country_key[c], r.resourced_gwh_by_country[c]);
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

}  // namespace

std::string ResultsText(const CompiledNetwork& net, const sim::Results& r, const RunInfo& info,
                        size_t max_rows) {
  std::string out = fmt::format(
      "Scenario {}: {} + {} days, protocol {}; {} sites, {} lanes, {} events\n\n", r.scenario_id,
      util::FormatDate(r.start_date), r.days, info.protocol, net.num_sites(), net.num_lanes(),
      info.events);
  if (r.shortages.empty()) {
    out += "No shortages: every process ran as orders called for and all end-use demand was served.\n\n";
  } else {
    Table t("Which material runs short, where, from which day:");
    t.Column("material").Column("site").Column("country").Column("kind")
        .Column("first day (date)").Column("last day", Align::kRight)
        .Column("days", Align::kRight).Column("depth", Align::kRight)
        .Column("lost output", Align::kRight).Column("lost GWh", Align::kRight);
    if (info.causes) t.Column("cause");
    size_t n = max_rows == 0 ? r.shortages.size() : std::min(max_rows, r.shortages.size());
    for (size_t i = 0; i < n; ++i) {
      const sim::Shortage& s = r.shortages[i];
      std::string last = s.open_at_end ? fmt::format("{}+", s.last_day) : fmt::format("{}", s.last_day);
      std::vector<std::string> row{
          net.material_key[s.material.value], net.site_key[s.site.value], Country(net, s.site),
          KindName(s.kind), DayAndDate(r, s.first_day), last,
          fmt::format("{}", s.last_day - s.first_day + 1), fmt::format("{:.0f}%", s.depth * 100),
          fmt::format("{} {} {}", FormatNumber(InUnit(net, s.lost_material, s.lost_quantity)),
                      net.material_unit[s.lost_material.value],
                      net.material_key[s.lost_material.value]),
          FormatNumber(s.lost_gwh, 2)};
      if (info.causes) row.push_back((*info.causes)[i].summary);
      t.Row(row);
    }
    out += t.RenderText();
    if (n < r.shortages.size()) {
      out += fmt::format("... and {} more (--all, --format csv or --out DIR for every row)\n",
                         r.shortages.size() - n);
    }
    out += "(kind: production = a process made less for want of this input; demand = end-use "
           "demand went unserved. '+' = still short at the end)\n\n";
    if (info.causes) {
      out += "Why is it short (cause: blocked lanes / plants down on its supply path, '<-' the "
             "upstream shortage it inherits, then the root events):\n";
      for (size_t i = 0; i < n; ++i) out += fmt::format("  - {}\n", (*info.causes)[i].text);
      out += "\n";
    }
  }
  auto losses = LossByCountry(net, r);
  if (!losses.empty()) {
    Table t("Lost GWh by country:");
    t.Column("country").Column("demand GWh", Align::kRight).Column("unserved GWh", Align::kRight)
        .Column("unserved %", Align::kRight).Column("lost cell output GWh", Align::kRight);
    for (const auto& c : losses) {
      t.Row({c.country, FormatNumber(c.demand_gwh), FormatNumber(c.unserved_gwh, 2),
             c.demand_gwh > 0 ? fmt::format("{:.1f}%", 100 * c.unserved_gwh / c.demand_gwh) : "-",
             FormatNumber(c.lost_production_gwh, 2)});
    }
    out += t.RenderText() + "\n";
  }
  const auto& tot = r.totals;
  out += fmt::format(
      "Totals: end-use demand {} GWh, served {} GWh, unserved {} GWh ({:.2f}%); lost cell output "
      "{} GWh; {} shortages; {} allocation decisions under shortage.\n",
      FormatNumber(tot.demand_gwh), FormatNumber(tot.served_gwh), FormatNumber(tot.unserved_gwh, 2),
      tot.demand_gwh > 0 ? 100 * tot.unserved_gwh / tot.demand_gwh : 0.0,
      FormatNumber(tot.lost_production_gwh, 2), tot.shortages, r.allocation_decisions);
  if (tot.resourced_gwh > 0.0) {
    std::string from;
    for (const auto& [country, gwh] : ResourcedByCountry(net, r)) {
      from += fmt::format("{}{} {}", from.empty() ? "" : ", ", country, FormatNumber(gwh, 2));
    }
    out += fmt::format(
        "Re-sourced: buyers short of cells or packs ordered {} GWh beyond their usual split, "
        "from {} GWh: the unserved figure rests on those suppliers delivering.\n",
        FormatNumber(tot.resourced_gwh, 2), from);
  }
  return out;
}

std::string ResultsJson(const CompiledNetwork& net, const sim::Results& r, const RunInfo& info) {
  nlohmann::json j;
  j["scenario"] = r.scenario_id;
  j["network"] = info.network_file;
  j["start_date"] = util::FormatDate(r.start_date);
  j["days"] = r.days;
  j["protocol"] = info.protocol;
  j["last_event_end_day"] = r.last_event_end_day;
  j["totals"] = {{"demand_gwh", r.totals.demand_gwh},
                 {"served_gwh", r.totals.served_gwh},
                 {"unserved_gwh", r.totals.unserved_gwh},
                 {"lost_production_gwh", r.totals.lost_production_gwh},
                 {"shortages", r.totals.shortages},
                 {"site_days", r.totals.site_days},
                 {"allocation_decisions", r.allocation_decisions},
                 {"resourced_gwh", r.totals.resourced_gwh}};
  j["resourced_by_country"] = nlohmann::json::array();
  for (const auto& [country, gwh] : ResourcedByCountry(net, r)) {
    j["resourced_by_country"].push_back({{"country", country}, {"gwh", gwh}});
  }
  j["shortages"] = nlohmann::json::array();
  for (size_t i = 0; i < r.shortages.size(); ++i) {
    nlohmann::json row = ShortageJson(net, r, r.shortages[i]);
    if (info.causes) row["cause"] = CauseJson(net, r, (*info.causes)[i]);
    j["shortages"].push_back(std::move(row));
  }
  j["by_country"] = nlohmann::json::array();
  for (const auto& c : LossByCountry(net, r)) {
    j["by_country"].push_back({{"country", c.country},
                               {"demand_gwh", c.demand_gwh},
                               {"unserved_gwh", c.unserved_gwh},
                               {"lost_production_gwh", c.lost_production_gwh}});
  }
  j["sites"] = nlohmann::json::array();
  for (uint32_t s = 0; s < r.sites.size(); ++s) {
    const auto& o = r.sites[s];
    if (o.first_shortage_day < 0 && o.demand_gwh <= 0) continue;
    j["sites"].push_back(
        {{"site", net.site_key[s]},
         {"country", Country(net, SiteId{s})},
         {"first_shortage_day", o.first_shortage_day},
         {"days_survived", o.first_shortage_day < 0 ? r.days : o.first_shortage_day},
         {"days_to_recover", o.days_to_recover},
         {"demand_gwh", o.demand_gwh},
         {"unserved_gwh", o.unserved_demand_gwh},
         {"lost_production_gwh", o.lost_production_gwh}});
  }
  j["allocations"] = nlohmann::json::array();
  for (const auto& a : r.allocations) {
    j["allocations"].push_back({{"day", a.day},
                                {"supplier", net.site_key[a.supplier.value]},
                                {"buyer", net.site_key[a.buyer.value]},
                                {"material", net.material_key[a.material.value]},
                                {"lane", net.lane_key[a.lane.value]},
                                {"requested", InUnit(net, a.material, a.requested)},
                                {"allocated", InUnit(net, a.material, a.allocated)}});
  }
  return j.dump(2) + "\n";
}

std::string ShortagesCsv(const CompiledNetwork& net, const sim::Results& r,
                         const std::vector<analyze::ShortageCause>* causes) {
  Table t;
  for (const char* h : {"material", "site", "country", "kind", "first_day", "first_date", "last_day",
                        "last_date", "days", "depth", "lost_material", "lost_quantity", "lost_unit",
                        "lost_gwh", "open_at_end"}) {
    t.Column(h);
  }
  if (causes) {
    for (const char* h : {"cause_kind", "cause_events", "cause_blocked_lanes", "cause_closed_sites",
                          "upstream_site", "upstream_material", "upstream_first_day", "cause"}) {
      t.Column(h);
    }
  }
  for (size_t i = 0; i < r.shortages.size(); ++i) {
    const sim::Shortage& s = r.shortages[i];
    std::vector<std::string> row{net.material_key[s.material.value], net.site_key[s.site.value], Country(net, s.site),
           KindName(s.kind), fmt::format("{}", s.first_day),
           util::FormatDate(r.start_date + s.first_day), fmt::format("{}", s.last_day),
           util::FormatDate(r.start_date + s.last_day),
           fmt::format("{}", s.last_day - s.first_day + 1), fmt::format("{}", s.depth),
           net.material_key[s.lost_material.value],
           fmt::format("{}", InUnit(net, s.lost_material, s.lost_quantity)),
           net.material_unit[s.lost_material.value], fmt::format("{}", s.lost_gwh),
           s.open_at_end ? "true" : "false"};
    if (causes) {
      const analyze::ShortageCause& c = (*causes)[i];
      std::string events, lanes, sites;
      for (const auto& e : c.events) events += (events.empty() ? "" : ";") + e.key;
      for (LaneId l : c.blocked_lanes) lanes += (lanes.empty() ? "" : ";") + net.lane_key[l.value];
      for (SiteId x : c.closed_sites) sites += (sites.empty() ? "" : ";") + net.site_key[x.value];
      const sim::Shortage* u = c.upstream >= 0 ? &r.shortages[static_cast<size_t>(c.upstream)] : nullptr;
      for (std::string cell :
           {std::string(analyze::CauseKindName(c.kind)), events, lanes, sites,
            u ? net.site_key[u->site.value] : "", u ? net.material_key[u->material.value] : "",
            u ? fmt::format("{}", u->first_day) : "", c.text}) {
        row.push_back(std::move(cell));
      }
    }
    t.Row(row);
  }
  return t.RenderCsv();
}

std::string CountriesCsv(const CompiledNetwork& net, const sim::Results& r) {
  Table t;
  t.Column("country").Column("demand_gwh").Column("unserved_gwh").Column("lost_production_gwh");
  for (const auto& c : LossByCountry(net, r)) {
    t.Row({c.country, fmt::format("{}", c.demand_gwh), fmt::format("{}", c.unserved_gwh),
           fmt::format("{}", c.lost_production_gwh)});
  }
  return t.RenderCsv();
}

std::string SitesCsv(const CompiledNetwork& net, const sim::Results& r) {
  Table t;
  for (const char* h : {"site", "country", "first_shortage_day", "days_survived", "days_to_recover",
                        "demand_gwh", "unserved_gwh", "lost_production_gwh"}) {
    t.Column(h);
  }
  for (uint32_t s = 0; s < r.sites.size(); ++s) {
    const auto& o = r.sites[s];
    t.Row({net.site_key[s], Country(net, SiteId{s}), fmt::format("{}", o.first_shortage_day),
           fmt::format("{}", o.first_shortage_day < 0 ? r.days : o.first_shortage_day),
           fmt::format("{}", o.days_to_recover), fmt::format("{}", o.demand_gwh),
           fmt::format("{}", o.unserved_demand_gwh), fmt::format("{}", o.lost_production_gwh)});
  }
  return t.RenderCsv();
}

std::string AllocationsCsv(const CompiledNetwork& net, const sim::Results& r) {
  Table t;
  for (const char* h : {"day", "supplier", "buyer", "material", "lane", "requested", "allocated"}) {
    t.Column(h);
  }
  for (const auto& a : r.allocations) {
    t.Row({fmt::format("{}", a.day), net.site_key[a.supplier.value], net.site_key[a.buyer.value],
           net.material_key[a.material.value], net.lane_key[a.lane.value],
           fmt::format("{}", InUnit(net, a.material, a.requested)),
           fmt::format("{}", InUnit(net, a.material, a.allocated))});
  }
  return t.RenderCsv();
}

// ---- compare ----

namespace {

struct Change {
  std::string site, material, country, change;
  int32_t first_a = -1, first_b = -1;
  double lost_a = 0, lost_b = 0;
};

// Shortages keyed by (site, material): earliest first day and summed lost GWh.
std::map<std::pair<std::string, std::string>, std::pair<int32_t, double>> Key(
    const CompiledNetwork& net, const sim::Results& r) {
  std::map<std::pair<std::string, std::string>, std::pair<int32_t, double>> m;
  for (const auto& s : r.shortages) {
    auto k = std::make_pair(net.site_key[s.site.value], net.material_key[s.material.value]);
    auto it = m.find(k);
    if (it == m.end()) {
      m.emplace(k, std::make_pair(s.first_day, s.lost_gwh));
    } else {
      it->second.first = std::min(it->second.first, s.first_day);
      it->second.second += s.lost_gwh;
    }
  }
  return m;
}

std::vector<Change> Changes(const CompiledNetwork& na, const sim::Results& a,
                            const CompiledNetwork& nb, const sim::Results& b) {
  auto ka = Key(na, a), kb = Key(nb, b);
  std::vector<Change> out;
  auto country_of = [](const CompiledNetwork& net, const std::string& site) {
    SiteId s = net.FindSite(site);
    return s.valid() ? net.country_key[net.site_country[s.value].value] : std::string();
  };
  for (const auto& [k, v] : ka) {
    Change c{k.first, k.second, country_of(na, k.first), "", v.first, -1, v.second, 0};
    auto it = kb.find(k);
    if (it == kb.end()) {
      c.change = "vanishes";
    } else {
      c.first_b = it->second.first;
      c.lost_b = it->second.second;
      c.change = c.first_b > c.first_a   ? "later"
                 : c.first_b < c.first_a ? "earlier"
                                         : "same start";
    }
    out.push_back(c);
  }
  for (const auto& [k, v] : kb) {
    if (ka.count(k)) continue;
    out.push_back(Change{k.first, k.second, country_of(nb, k.first), "appears", -1, v.first, 0, v.second});
  }
  std::sort(out.begin(), out.end(), [](const Change& x, const Change& y) {
    double dx = std::abs(x.lost_b - x.lost_a), dy = std::abs(y.lost_b - y.lost_a);
    if (dx != dy) return dx > dy;
    return std::tie(x.site, x.material) < std::tie(y.site, y.material);
  });
  return out;
}

std::string Day(int32_t d) { return d < 0 ? "-" : fmt::format("{}", d); }

}  // namespace

std::string CompareText(const CompiledNetwork& na, const sim::Results& a, const CompiledNetwork& nb,
                        const sim::Results& b) {
  std::string out = fmt::format("A: {}    B: {}\n\n", a.scenario_id, b.scenario_id);
  auto changes = Changes(na, a, nb, b);
  if (changes.empty()) {
    out += "Neither scenario has shortages.\n\n";
  } else {
    Table t("Shortages that appear, vanish or move (A -> B):");
    t.Column("site").Column("material").Column("country").Column("change")
        .Column("first day A", Align::kRight).Column("first day B", Align::kRight)
        .Column("lost GWh A", Align::kRight).Column("lost GWh B", Align::kRight);
    for (const auto& c : changes) {
      t.Row({c.site, c.material, c.country, c.change, Day(c.first_a), Day(c.first_b),
             FormatNumber(c.lost_a, 2), FormatNumber(c.lost_b, 2)});
    }
    out += t.RenderText() + "\n";
  }
  std::map<std::string, std::pair<double, double>> by;
  for (const auto& c : LossByCountry(na, a)) by[c.country].first = c.unserved_gwh;
  for (const auto& c : LossByCountry(nb, b)) by[c.country].second = c.unserved_gwh;
  Table t("Unserved GWh by country:");
  t.Column("country").Column("A", Align::kRight).Column("B", Align::kRight)
      .Column("B - A", Align::kRight);
  for (const auto& [country, v] : by) {
    if (v.first == 0 && v.second == 0) continue;
    t.Row({country, FormatNumber(v.first, 2), FormatNumber(v.second, 2),
           FormatNumber(v.second - v.first, 2)});
  }
  if (t.rows() > 0) out += t.RenderText() + "\n";
  out += fmt::format("Unserved GWh: A {} , B {} , difference {} GWh ({} shortages -> {}).\n",
                     FormatNumber(a.totals.unserved_gwh, 2), FormatNumber(b.totals.unserved_gwh, 2),
                     FormatNumber(b.totals.unserved_gwh - a.totals.unserved_gwh, 2),
                     a.totals.shortages, b.totals.shortages);
  return out;
}

std::string CompareJson(const CompiledNetwork& na, const sim::Results& a, const CompiledNetwork& nb,
                        const sim::Results& b) {
  nlohmann::json j;
  j["a"] = {{"scenario", a.scenario_id}, {"unserved_gwh", a.totals.unserved_gwh},
            {"shortages", a.totals.shortages}};
  j["b"] = {{"scenario", b.scenario_id}, {"unserved_gwh", b.totals.unserved_gwh},
            {"shortages", b.totals.shortages}};
  j["unserved_gwh_difference"] = b.totals.unserved_gwh - a.totals.unserved_gwh;
  j["changes"] = nlohmann::json::array();
  for (const auto& c : Changes(na, a, nb, b)) {
    j["changes"].push_back({{"site", c.site}, {"material", c.material}, {"country", c.country},
                            {"change", c.change}, {"first_day_a", c.first_a},
                            {"first_day_b", c.first_b}, {"lost_gwh_a", c.lost_a},
                            {"lost_gwh_b", c.lost_b}});
  }
  return j.dump(2) + "\n";
}

std::string CompareCsv(const CompiledNetwork& na, const sim::Results& a, const CompiledNetwork& nb,
                       const sim::Results& b) {
  Table t;
  for (const char* h : {"site", "material", "country", "change", "first_day_a", "first_day_b",
                        "lost_gwh_a", "lost_gwh_b"}) {
    t.Column(h);
  }
  for (const auto& c : Changes(na, a, nb, b)) {
    t.Row({c.site, c.material, c.country, c.change, fmt::format("{}", c.first_a),
           fmt::format("{}", c.first_b), fmt::format("{}", c.lost_a), fmt::format("{}", c.lost_b)});
  }
  return t.RenderCsv();
}

}  // namespace chaintwin::report
