#include "chaintwin/report/results.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "chaintwin/model/units.hpp"
#include "chaintwin/report/table.hpp"
#include "chaintwin/util/date.hpp"

namespace chaintwin::report {
namespace {

using model::CompiledNetwork;
using Align = Table::Align;

uint32_t CountryOf(const CompiledNetwork& net, SiteId site) {
  return net.site_country[site.value].value;
}
std::string Country(const CompiledNetwork& net, SiteId site) {
  return net.country_key[CountryOf(net, site)];
}
std::string CountryName(const CompiledNetwork& net, SiteId site) {
  return net.country_name[CountryOf(net, site)];
}

// A quantity in the material's own display unit ("t", "GWh"...).
double InUnit(const CompiledNetwork& net, MaterialId m, double canonical) {
  auto v = model::FromCanonical(canonical, net.material_unit[m.value]);
  return v ? v.value() : canonical;
}

// Shortfall in GWh, or none when the lost material has no energy equivalent.
Cell ShortfallGwh(const CompiledNetwork& net, const sim::Shortage& s) {
  return net.material_gwh_per_unit[s.lost_material.value] > 0 ? Num(s.lost_gwh) : None();
}

std::string DayAndDate(const sim::Results& r, int32_t day) {
  return fmt::format("{} ({})", day, util::FormatDate(r.start_date + day));
}

const char* KindName(sim::ShortageKind k) {
  return k == sim::ShortageKind::kProduction ? "production" : "demand";
}

// Indices of r.shortages in the order asked for.
std::vector<size_t> Ordered(const CompiledNetwork& net, const sim::Results& r, ShortageSort sort) {
  std::vector<size_t> order(r.shortages.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto days = [&](size_t i) { return r.shortages[i].last_day - r.shortages[i].first_day; };
  switch (sort) {
    case ShortageSort::kFirstDay:
      break;  // the engine's order
    case ShortageSort::kShortfall:
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const sim::Shortage &x = r.shortages[a], &y = r.shortages[b];
        if (x.lost_gwh != y.lost_gwh) return x.lost_gwh > y.lost_gwh;
        return days(a) > days(b);
      });
      break;
    case ShortageSort::kDays:
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return days(a) > days(b); });
      break;
    case ShortageSort::kSite:
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const sim::Shortage &x = r.shortages[a], &y = r.shortages[b];
        return std::tie(net.site_key[x.site.value], net.material_key[x.material.value]) <
               std::tie(net.site_key[y.site.value], net.material_key[y.material.value]);
      });
      break;
  }
  return order;
}

const char* SortName(ShortageSort s) {
  switch (s) {
    case ShortageSort::kShortfall: return "lost";
    case ShortageSort::kFirstDay: return "first_day";
    case ShortageSort::kDays: return "days";
    case ShortageSort::kSite: return "site";
  }
  return "lost";
}

std::vector<AreaLoss> Ranked(std::vector<AreaLoss> by) {
  std::vector<AreaLoss> out;
  for (auto& c : by) {
    if (c.demand_gwh > 0 || c.unserved_demand_gwh > 0 || c.lost_cell_output_gwh > 0) {
      out.push_back(std::move(c));
    }
  }
  std::sort(out.begin(), out.end(), [](const AreaLoss& a, const AreaLoss& b) {
    if (a.unserved_demand_gwh != b.unserved_demand_gwh) {
      return a.unserved_demand_gwh > b.unserved_demand_gwh;
    }
    if (a.lost_cell_output_gwh != b.lost_cell_output_gwh) {
      return a.lost_cell_output_gwh > b.lost_cell_output_gwh;
    }
    return a.code < b.code;
  });
  return out;
}

// Adds the three loss columns shared by by_country and by_region.
void AreaColumns(Records& t, const char* code, const char* what) {
  t.Add(code, Type::kString, fmt::format("{} code", what))
      .Add("name", Type::kString, fmt::format("{} name (English)", what))
      .Add("demand_gwh", Type::kNumber, "end-use demand at its demand sites over the run, GWh")
      .Add("unserved_demand_gwh", Type::kNumber,
           "end-use demand at its demand sites not served, GWh (the headline)")
      .Add("unserved_share", Type::kNumber, "unserved_demand_gwh / demand_gwh (none without demand)",
           true)
      .Add("lost_cell_output_gwh", Type::kNumber,
           "cells and packs its plants did not make for want of inputs, GWh");
}

void AreaRow(Records& t, const AreaLoss& a) {
  t.Row({Text(a.code), Text(a.name), Num(a.demand_gwh), Num(a.unserved_demand_gwh),
         a.demand_gwh > 0 ? Num(a.unserved_demand_gwh / a.demand_gwh) : None(),
         Num(a.lost_cell_output_gwh)});
}

std::string AreaTable(const char* title, const char* what, const std::vector<AreaLoss>& rows) {
  Table t(title);
  t.Column(what).Column("name").Column("demand GWh", Align::kRight)
      .Column("unserved demand GWh", Align::kRight).Column("unserved %", Align::kRight)
      .Column("lost cell output GWh", Align::kRight);
  for (const auto& c : rows) {
    t.Row({c.code, c.name, FormatNumber(c.demand_gwh), FormatNumber(c.unserved_demand_gwh, 2),
           c.demand_gwh > 0 ? fmt::format("{:.1f}%", 100 * c.unserved_demand_gwh / c.demand_gwh)
                            : "",
           FormatNumber(c.lost_cell_output_gwh, 2)});
  }
  return t.RenderText();
}

}  // namespace

std::optional<ShortageSort> ParseShortageSort(std::string_view text) {
  if (text == "lost" || text == "shortfall") return ShortageSort::kShortfall;
  if (text == "first_day") return ShortageSort::kFirstDay;
  if (text == "days") return ShortageSort::kDays;
  if (text == "site") return ShortageSort::kSite;
  return std::nullopt;
}

std::vector<AreaLoss> LossByCountry(const CompiledNetwork& net, const sim::Results& r) {
  std::vector<AreaLoss> by(net.num_countries());
  for (uint32_t c = 0; c < net.num_countries(); ++c) {
    by[c].code = net.country_key[c];
    by[c].name = net.country_name[c];
  }
  for (uint32_t s = 0; s < net.num_sites() && s < r.sites.size(); ++s) {
    AreaLoss& c = by[net.site_country[s].value];
    c.demand_gwh += r.sites[s].demand_gwh;
    c.unserved_demand_gwh += r.sites[s].unserved_demand_gwh;
    c.lost_cell_output_gwh += r.sites[s].lost_production_gwh;
  }
  return Ranked(std::move(by));
}

std::vector<AreaLoss> LossByRegion(const CompiledNetwork& net, const sim::Results& r) {
  if (net.region_key.empty()) return {};
  std::vector<AreaLoss> by(net.region_key.size() + 1);
  for (size_t g = 0; g < net.region_key.size(); ++g) {
    by[g].code = net.region_key[g];
    by[g].name = net.region_name[g];
  }
  by.back().code = "other";
  by.back().name = "Countries in no region";
  for (uint32_t s = 0; s < net.num_sites() && s < r.sites.size(); ++s) {
    uint32_t region = net.country_region[net.site_country[s].value];
    AreaLoss& c = by[region == CompiledNetwork::kNoRegion ? by.size() - 1 : region];
    c.demand_gwh += r.sites[s].demand_gwh;
    c.unserved_demand_gwh += r.sites[s].unserved_demand_gwh;
    c.lost_cell_output_gwh += r.sites[s].lost_production_gwh;
  }
  return Ranked(std::move(by));
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
    Table t(fmt::format("Which material runs short, where, from which day ({}):",
                        info.sort == ShortageSort::kShortfall ? "largest shortfall first"
                        : info.sort == ShortageSort::kFirstDay ? "earliest first"
                        : info.sort == ShortageSort::kDays     ? "longest first"
                                                               : "by site"));
    t.Column("material").Column("site").Column("country").Column("kind")
        .Column("first day (date)").Column("last day", Align::kRight)
        .Column("days", Align::kRight).Column("depth", Align::kRight)
        .Column("shortfall", Align::kRight).Column("shortfall GWh", Align::kRight);
    if (info.causes) t.Column("cause");
    auto order = Ordered(net, r, info.sort);
    size_t n = max_rows == 0 ? order.size() : std::min(max_rows, order.size());
    for (size_t i = 0; i < n; ++i) {
      const sim::Shortage& s = r.shortages[order[i]];
      std::string last = s.open_at_end ? fmt::format("{}+", s.last_day) : fmt::format("{}", s.last_day);
      std::vector<std::string> row{
          net.material_key[s.material.value], net.site_key[s.site.value],
          fmt::format("{} {}", Country(net, s.site), CountryName(net, s.site)), KindName(s.kind),
          DayAndDate(r, s.first_day), last, fmt::format("{}", s.last_day - s.first_day + 1),
          fmt::format("{:.0f}%", s.depth * 100),
          fmt::format("{} {} {}", FormatNumber(InUnit(net, s.lost_material, s.lost_quantity)),
                      net.material_unit[s.lost_material.value],
                      net.material_key[s.lost_material.value]),
          net.material_gwh_per_unit[s.lost_material.value] > 0 ? FormatNumber(s.lost_gwh, 2) : ""};
      if (info.causes) row.push_back((*info.causes)[order[i]].summary);
      t.Row(row);
    }
    out += t.RenderText();
    if (n < r.shortages.size()) {
      out += fmt::format(
          "... and {} more (--all, --sort first_day|lost|days|site, --format csv or --out DIR "
          "for every row)\n",
          r.shortages.size() - n);
    }
    out += "(kind: production = a process made less for want of this input; demand = end-use "
           "demand went unserved. '+' = still short at the end. Shortfall: what this episode "
           "cost at its site; episodes overlap down a chain and are not added up)\n\n";
    if (info.causes) {
      out += "Why is it short (cause: blocked lanes / plants down on its supply path, '<-' the "
             "upstream shortage it inherits, then the root events):\n";
      for (size_t i = 0; i < n; ++i) out += fmt::format("  - {}\n", (*info.causes)[order[i]].text);
      out += "\n";
    }
  }
  auto losses = LossByCountry(net, r);
  if (!losses.empty()) {
    out += AreaTable("Losses by country:", "country", losses) + "\n";
  }
  auto regions = LossByRegion(net, r);
  if (!regions.empty()) {
    out += AreaTable("Losses by region:", "region", regions) + "\n";
  }
  const auto& tot = r.totals;
  out += fmt::format(
      "Totals: end-use demand {} GWh, served {} GWh; headline: unserved end-use demand {} GWh "
      "({:.2f}%), what end users did not get. Lost cell output {} GWh (cells and packs not made at "
      "the plants; part of it is covered by stock downstream, so it is not added to the "
      "headline); {} shortages; {} allocation decisions under shortage.\n",
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

Document ResultsDocument(const CompiledNetwork& net, const sim::Results& r, const RunInfo& info) {
  Document d("simulate");
  d.Field("scenario", Type::kString, Text(r.scenario_id), "scenario id")
      .Field("network", Type::kString, Text(info.network_file), "network file")
      .Field("start_date", Type::kDate, Text(util::FormatDate(r.start_date)),
             "date of day 0 (ISO 8601)")
      .Field("days", Type::kInteger, Int(r.days), "days simulated")
      .Field("protocol", Type::kString, Text(info.protocol), "allocation protocol as run")
      .Field("shortage_order", Type::kString, Text(SortName(info.sort)),
             "order of the shortages rows (--sort)")
      .Field("last_event_end_day", Type::kInteger, Int(r.last_event_end_day),
             "day the last event ends")
      .Field("last_event_end_date", Type::kDate,
             Text(util::FormatDate(r.start_date + r.last_event_end_day)),
             "date the last event ends")
      .Field("headline", Type::kString, Text("unserved_demand_gwh"),
             "the headline figure: end-use demand not served (docs/SIMULATION.md)")
      .Field("totals.demand_gwh", Type::kNumber, Num(r.totals.demand_gwh),
             "end-use demand over the run, GWh")
      .Field("totals.served_gwh", Type::kNumber, Num(r.totals.served_gwh),
             "end-use demand served, GWh")
      .Field("totals.unserved_demand_gwh", Type::kNumber, Num(r.totals.unserved_gwh),
             "end-use demand not served (lost or still owed at the end), GWh: the headline")
      .Field("totals.lost_cell_output_gwh", Type::kNumber, Num(r.totals.lost_production_gwh),
             "cells and packs not made at the plants for want of inputs, GWh; not added to "
             "the headline")
      .Field("totals.shortages", Type::kInteger, Int(r.totals.shortages), "shortage episodes")
      .Field("totals.site_days", Type::kInteger, Int(r.totals.site_days), "sites x days simulated")
      .Field("totals.allocation_decisions", Type::kInteger, Int(r.allocation_decisions),
             "allocation decisions taken under shortage")
      .Field("totals.resourced_gwh", Type::kNumber, Num(r.totals.resourced_gwh),
             "GWh of supply re-sourced from other suppliers after a disruption");

  Records& sh = d.Section("shortages", "shortage episodes, in shortage_order");
  sh.Add("material", Type::kString, "material that ran short")
      .Add("site", Type::kString, "site where it ran short")
      .Add("country", Type::kString, "country code of the site")
      .Add("country_name", Type::kString, "country name (English)")
      .Add("kind", Type::kString,
           "production (a process made less for want of this input) or demand (end-use demand "
           "went unserved)")
      .AddDay("first", "first day short")
      .AddDay("last", "last day short")
      .Add("days", Type::kInteger, "days from first to last, inclusive")
      .Add("depth", Type::kNumber, "largest share of a day's requirement not met, 0..1")
      .Add("open_at_end", Type::kBoolean, "still short on the last day of the run")
      .Add("shortfall_material", Type::kString, "the output this episode cost")
      .Add("shortfall_quantity", Type::kNumber, "that output, in shortfall_unit")
      .Add("shortfall_unit", Type::kString, "unit of shortfall_quantity")
      .Add("shortfall_gwh", Type::kNumber,
           "that output in GWh (none when it has no energy equivalent); episodes overlap down a "
           "chain, so these are not added up",
           true);
  if (info.causes) {
    sh.Add("cause_kind", Type::kString, "what cut this site's supply (analyze::CauseKindName)")
        .Add("cause_events", Type::kStringList, "ids of the root events behind it")
        .Add("cause_blocked_lanes", Type::kStringList, "lanes blocked on its supply path")
        .Add("cause_closed_sites", Type::kStringList, "sites closed on its supply path")
        .Add("cause_rationing_suppliers", Type::kStringList,
             "suppliers that rationed it under shortage")
        .Add("cause_shifted_buyers", Type::kStringList, "buyers that moved to its suppliers")
        .Add("cause_shifted_to", Type::kStringList,
             "downstream_shift: the sites down its chain those buyers turned to")
        .Add("cause_bridged_days", Type::kInteger,
             "days stock bridged the disruption before the shortage (none: not known)", true)
        .Add("upstream_site", Type::kString, "site of the upstream shortage it inherits", true)
        .Add("upstream_material", Type::kString, "material of that upstream shortage", true)
        .Add("upstream_first_day", Type::kInteger, "first day of that upstream shortage", true)
        .Add("cause", Type::kString, "the cause chain in one sentence");
  }
  auto site_keys = [&](const std::vector<SiteId>& v) {
    std::vector<std::string> out;
    for (SiteId x : v) out.push_back(net.site_key[x.value]);
    return out;
  };
  for (size_t i : Ordered(net, r, info.sort)) {
    const sim::Shortage& s = r.shortages[i];
    auto [fd, fdate] = Records::DayCells(r.start_date, s.first_day);
    auto [ld, ldate] = Records::DayCells(r.start_date, s.last_day);
    std::vector<Cell> row({Text(net.material_key[s.material.value]), Text(net.site_key[s.site.value]),
            Text(Country(net, s.site)), Text(CountryName(net, s.site)), Text(KindName(s.kind)), fd,
            fdate, ld, ldate, Int(s.last_day - s.first_day + 1), Num(s.depth), Bool(s.open_at_end),
            Text(net.material_key[s.lost_material.value]),
            Num(InUnit(net, s.lost_material, s.lost_quantity)),
            Text(net.material_unit[s.lost_material.value]), ShortfallGwh(net, s)});
    if (!info.causes) {
      sh.Row(std::move(row));
      continue;
    }
    const analyze::ShortageCause& c = (*info.causes)[i];
    std::vector<std::string> events, lanes;
    for (const auto& e : c.events) events.push_back(e.key);
    for (LaneId l : c.blocked_lanes) lanes.push_back(net.lane_key[l.value]);
    const sim::Shortage* u =
        c.upstream >= 0 ? &r.shortages[static_cast<size_t>(c.upstream)] : nullptr;
    for (Cell cell :
         {Text(std::string(analyze::CauseKindName(c.kind))), List(events), List(lanes),
          List(site_keys(c.closed_sites)), List(site_keys(c.rationing_suppliers)),
          List(site_keys(c.shifted_buyers)), List(site_keys(c.shifted_to)), c.bridged_days >= 0 ? Int(c.bridged_days) : None(),
          u ? Text(net.site_key[u->site.value]) : None(),
          u ? Text(net.material_key[u->material.value]) : None(),
          u ? Int(u->first_day) : None(), Text(c.text)}) {
      row.push_back(std::move(cell));
    }
    sh.Row(std::move(row));
  }

  Records& rc = d.Section("resourced_by_country",
                          "re-sourced GWh by supplier country, largest first (countries with "
                          "none left out)");
  rc.Add("country", Type::kString, "supplier country code")
      .Add("resourced_gwh", Type::kNumber,
           "GWh of cells and packs ordered from it beyond the buyers' usual split");
  for (const auto& [code, gwh] : ResourcedByCountry(net, r)) rc.Row({Text(code), Num(gwh)});

  Records& bc = d.Section("by_country", "losses by country, largest unserved demand first");
  AreaColumns(bc, "country", "country");
  for (const auto& c : LossByCountry(net, r)) AreaRow(bc, c);
  Records& br = d.Section("by_region",
                          "losses by region (groups marked region: true; 'other' = countries in "
                          "no region); empty when the network declares no region");
  AreaColumns(br, "region", "region");
  for (const auto& c : LossByRegion(net, r)) AreaRow(br, c);

  Records& st = d.Section("sites", "every site, in network order");
  st.Add("site", Type::kString, "site id")
      .Add("country", Type::kString, "country code")
      .Add("country_name", Type::kString, "country name (English)")
      .AddDay("first_shortage", "first day the site was short (none: never)", true)
      .Add("days_survived", Type::kInteger, "first_shortage_day, or the horizon when never short")
      .Add("short_at_end", Type::kBoolean, "still short on the last day of the run")
      .Add("days_to_recover", Type::kInteger,
           "days from the end of the last event to the day after the last shortage (0 when "
           "recovered by then; none when short at the end)",
           true)
      .Add("demand_gwh", Type::kNumber, "end-use demand over the run, GWh")
      .Add("unserved_demand_gwh", Type::kNumber, "end-use demand not served, GWh")
      .Add("lost_cell_output_gwh", Type::kNumber, "cells and packs not made here, GWh");
  for (uint32_t s = 0; s < r.sites.size() && s < net.num_sites(); ++s) {
    const auto& o = r.sites[s];
    auto [fd, fdate] = Records::DayCells(r.start_date, o.first_shortage_day);
    const bool short_at_end = o.days_to_recover < 0;
    st.Row({Text(net.site_key[s]), Text(Country(net, SiteId{s})), Text(CountryName(net, SiteId{s})),
            fd, fdate, Int(o.first_shortage_day < 0 ? r.days : o.first_shortage_day),
            Bool(short_at_end), short_at_end ? None() : Int(o.days_to_recover), Num(o.demand_gwh),
            Num(o.unserved_demand_gwh), Num(o.lost_production_gwh)});
  }

  Records& al = d.Section("allocations",
                          "allocation decisions under shortage (the first max_allocation_records)");
  al.AddDay("", "day of the decision");
  al.Add("supplier", Type::kString, "supplying site")
      .Add("buyer", Type::kString, "buying site")
      .Add("material", Type::kString, "material")
      .Add("lane", Type::kString, "lane")
      .Add("requested", Type::kNumber, "ordered, in the material's unit")
      .Add("allocated", Type::kNumber, "allocated, in the material's unit")
      .Add("unit", Type::kString, "the material's unit");
  for (const auto& a : r.allocations) {
    auto [day, date] = Records::DayCells(r.start_date, a.day);
    al.Row({day, date, Text(net.site_key[a.supplier.value]), Text(net.site_key[a.buyer.value]),
            Text(net.material_key[a.material.value]), Text(net.lane_key[a.lane.value]),
            Num(InUnit(net, a.material, a.requested)), Num(InUnit(net, a.material, a.allocated)),
            Text(net.material_unit[a.material.value])});
  }
  return d;
}

// ---- compare ----

namespace {

struct Change {
  std::string site, material, country, country_name, change;
  int32_t first_a = -1, first_b = -1;
  double lost_a = 0, lost_b = 0;
};

// Shortages keyed by (site, material): earliest first day and summed shortfall GWh.
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
  auto country_of = [](const CompiledNetwork& net, const std::string& site, bool name) {
    SiteId s = net.FindSite(site);
    if (!s.valid()) return std::string();
    return name ? CountryName(net, s) : Country(net, s);
  };
  for (const auto& [k, v] : ka) {
    Change c{k.first, k.second, country_of(na, k.first, false), country_of(na, k.first, true),
             "", v.first, -1, v.second, 0};
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
    out.push_back(Change{k.first, k.second, country_of(nb, k.first, false),
                         country_of(nb, k.first, true), "appears", -1, v.first, 0, v.second});
  }
  std::sort(out.begin(), out.end(), [](const Change& x, const Change& y) {
    double dx = std::abs(x.lost_b - x.lost_a), dy = std::abs(y.lost_b - y.lost_a);
    if (dx != dy) return dx > dy;
    return std::tie(x.site, x.material) < std::tie(y.site, y.material);
  });
  return out;
}

std::string DayText(const sim::Results& r, int32_t d) {
  return d < 0 ? "" : DayAndDate(r, d);
}

// Unserved end-use demand by country in A and B (codes with either nonzero).
std::map<std::string, std::tuple<std::string, double, double>> UnservedByCountry(
    const CompiledNetwork& na, const sim::Results& a, const CompiledNetwork& nb,
    const sim::Results& b) {
  std::map<std::string, std::tuple<std::string, double, double>> by;
  for (const auto& c : LossByCountry(na, a)) {
    std::get<0>(by[c.code]) = c.name;
    std::get<1>(by[c.code]) = c.unserved_demand_gwh;
  }
  for (const auto& c : LossByCountry(nb, b)) {
    std::get<0>(by[c.code]) = c.name;
    std::get<2>(by[c.code]) = c.unserved_demand_gwh;
  }
  return by;
}

}  // namespace

std::string CompareText(const CompiledNetwork& na, const sim::Results& a, const CompiledNetwork& nb,
                        const sim::Results& b) {
  std::string out = fmt::format("A: {}    B: {}\n\n", a.scenario_id, b.scenario_id);
  auto changes = Changes(na, a, nb, b);
  if (changes.empty()) {
    out += "Neither scenario has shortages.\n\n";
  } else {
    Table t("Shortages that appear, vanish or move (A -> B), largest change in shortfall first:");
    t.Column("site").Column("material").Column("country").Column("change")
        .Column("first day A", Align::kRight).Column("first day B", Align::kRight)
        .Column("shortfall GWh A", Align::kRight).Column("shortfall GWh B", Align::kRight);
    for (const auto& c : changes) {
      t.Row({c.site, c.material, c.country, c.change, DayText(a, c.first_a), DayText(b, c.first_b),
             FormatNumber(c.lost_a, 2), FormatNumber(c.lost_b, 2)});
    }
    out += t.RenderText() + "\n";
  }
  Table t("Unserved end-use demand by country, GWh:");
  t.Column("country").Column("name").Column("A", Align::kRight).Column("B", Align::kRight)
      .Column("B - A", Align::kRight);
  for (const auto& [code, v] : UnservedByCountry(na, a, nb, b)) {
    const auto& [name, ua, ub] = v;
    if (ua == 0 && ub == 0) continue;
    t.Row({code, name, FormatNumber(ua, 2), FormatNumber(ub, 2), FormatNumber(ub - ua, 2)});
  }
  if (t.rows() > 0) out += t.RenderText() + "\n";
  out += fmt::format(
      "Headline, unserved end-use demand: A {} GWh, B {} GWh, difference {} GWh ({} shortages "
      "-> {}).\n",
      FormatNumber(a.totals.unserved_gwh, 2), FormatNumber(b.totals.unserved_gwh, 2),
      FormatNumber(b.totals.unserved_gwh - a.totals.unserved_gwh, 2), a.totals.shortages,
      b.totals.shortages);
  return out;
}

Document CompareDocument(const CompiledNetwork& na, const sim::Results& a, const CompiledNetwork& nb,
                         const sim::Results& b) {
  Document d("compare");
  for (const auto& [side, r] : {std::pair<const char*, const sim::Results*>{"a", &a}, {"b", &b}}) {
    d.Field(fmt::format("{}.scenario", side), Type::kString, Text(r->scenario_id), "scenario id")
        .Field(fmt::format("{}.unserved_demand_gwh", side), Type::kNumber,
               Num(r->totals.unserved_gwh), "end-use demand not served, GWh (the headline)")
        .Field(fmt::format("{}.lost_cell_output_gwh", side), Type::kNumber,
               Num(r->totals.lost_production_gwh), "cells and packs not made, GWh")
        .Field(fmt::format("{}.shortages", side), Type::kInteger, Int(r->totals.shortages),
               "shortage episodes");
  }
  d.Field("unserved_demand_gwh_difference", Type::kNumber,
          Num(b.totals.unserved_gwh - a.totals.unserved_gwh), "B minus A, GWh");
  Records& t = d.Section("changes",
                         "shortages by (site, material) that appear, vanish or move, largest "
                         "change in shortfall first");
  t.Add("site", Type::kString, "site id")
      .Add("material", Type::kString, "material that runs short")
      .Add("country", Type::kString, "country code of the site")
      .Add("country_name", Type::kString, "country name (English)")
      .Add("change", Type::kString, "appears, vanishes, earlier, later or same start")
      .AddDay("first_a", "first day short in A (none: not short)", true)
      .AddDay("first_b", "first day short in B (none: not short)", true)
      .Add("shortfall_gwh_a", Type::kNumber, "summed shortfall GWh of its episodes in A")
      .Add("shortfall_gwh_b", Type::kNumber, "summed shortfall GWh of its episodes in B");
  for (const auto& c : Changes(na, a, nb, b)) {
    auto [da, datea] = Records::DayCells(a.start_date, c.first_a);
    auto [db, dateb] = Records::DayCells(b.start_date, c.first_b);
    t.Row({Text(c.site), Text(c.material), Text(c.country), Text(c.country_name), Text(c.change),
           da, datea, db, dateb, Num(c.lost_a), Num(c.lost_b)});
  }
  Records& bc = d.Section("by_country", "unserved end-use demand by country in A and B");
  bc.Add("country", Type::kString, "country code")
      .Add("name", Type::kString, "country name (English)")
      .Add("unserved_demand_gwh_a", Type::kNumber, "in A, GWh")
      .Add("unserved_demand_gwh_b", Type::kNumber, "in B, GWh")
      .Add("difference_gwh", Type::kNumber, "B minus A, GWh");
  for (const auto& [code, v] : UnservedByCountry(na, a, nb, b)) {
    const auto& [name, ua, ub] = v;
    if (ua == 0 && ub == 0) continue;
    bc.Row({Text(code), Text(name), Num(ua), Num(ub), Num(ub - ua)});
  }
  return d;
}

}  // namespace chaintwin::report
