#include "chaintwin/report/analysis.hpp"

#include <fmt/format.h>

#include "chaintwin/util/date.hpp"

namespace chaintwin::report {
namespace {

using model::CompiledNetwork;

std::string CountryKey(const CompiledNetwork& net, CountryId c) {
  return c.valid() ? net.country_key[c.value] : std::string();
}
Cell CountryKeyOrNone(const CompiledNetwork& net, CountryId c) {
  return c.valid() ? Text(net.country_key[c.value]) : None();
}
Cell CountryNameOrNone(const CompiledNetwork& net, CountryId c) {
  return c.valid() ? Text(net.country_name[c.value]) : None();
}
// The country name of a code, or none when the code is not a country of the network.
Cell NameOfCode(const CompiledNetwork& net, const std::string& code) {
  CountryId c = net.FindCountry(code);
  return c.valid() ? Text(net.country_name[c.value]) : None();
}
Cell SiteOrNone(const CompiledNetwork& net, SiteId s) {
  return s.valid() ? Text(net.site_key[s.value]) : None();
}
std::string SiteOfSlot(const CompiledNetwork& net, SlotId slot) {
  return net.site_key[net.slot_site[slot.value].value];
}

}  // namespace

Document ConcentrationDocument(const CompiledNetwork& net,
                               const std::vector<analyze::MaterialConcentration>& rows,
                               const std::string& basis) {
  Document d("analyze concentration");
  d.Field("basis", Type::kString, Text(basis),
          "capacity (nameplate per day) or production (made per day in the scenario's run)");
  Records& m = d.Section("materials", "one row per material made by some process");
  m.Add("material", Type::kString, "material id")
      .Add("stage", Type::kString, "supply-chain stage")
      .Add("unit", Type::kString, "canonical unit of the quantities")
      .Add("total_per_day", Type::kNumber,
           "summed finite capacity per day (basis capacity; none under production)", true)
      .Add("total_over_run", Type::kNumber,
           "summed production over the scenario's run (basis production; none under capacity)",
           true)
      .Add("producers", Type::kInteger, "sites with finite capacity (or production) > 0")
      .Add("unlimited_sites", Type::kInteger,
           "external sites of unlimited capacity, left out of the shares")
      .Add("hhi_country", Type::kNumber, "HHI over countries, 0..10,000")
      .Add("hhi_company", Type::kNumber, "HHI over companies (site operators), 0..10,000")
      .Add("top_country", Type::kString, "largest country (none without producers)", true)
      .Add("top_country_name", Type::kString, "its name (English)", true)
      .Add("top_country_share", Type::kNumber, "its share, 0..1", true);
  Records& s = d.Section("shares", "every holder's share of each material, largest first");
  s.Add("material", Type::kString, "material id")
      .Add("holder_kind", Type::kString, "country or company")
      .Add("holder", Type::kString, "ISO country code, or company (site operator; the site id "
                                    "when none)")
      .Add("holder_name", Type::kString, "country name (English); none for a company", true)
      .Add("quantity_per_day", Type::kNumber,
           "capacity per day, in unit (basis capacity; none under production)", true)
      .Add("quantity_over_run", Type::kNumber,
           "production over the run, in unit (basis production; none under capacity)", true)
      .Add("unit", Type::kString, "canonical unit")
      .Add("share", Type::kNumber, "fraction 0..1 of the material's total");
  const bool over_run = basis == "production";
  auto per_day = [&](double v) { return over_run ? None() : Num(v); };
  auto run_total = [&](double v) { return over_run ? Num(v) : None(); };
  for (const auto& c : rows) {
    const std::string& key = net.material_key[c.material.value];
    const std::string& unit = net.material_unit[c.material.value];
    const bool any = !c.countries.empty();
    m.Row({Text(key), Text(std::string(model::StageName(c.stage))), Text(unit),
           per_day(c.total), run_total(c.total),
           Int(c.producers), Int(c.unlimited_sites), Num(c.hhi_country), Num(c.hhi_company),
           any ? Text(c.countries[0].key) : None(),
           any ? NameOfCode(net, c.countries[0].key) : None(),
           any ? Num(c.countries[0].share) : None()});
    for (const auto& e : c.countries) {
      s.Row({Text(key), Text("country"), Text(e.key), NameOfCode(net, e.key),
             per_day(e.quantity), run_total(e.quantity), Text(unit), Num(e.share)});
    }
    for (const auto& e : c.companies) {
      s.Row({Text(key), Text("company"), Text(e.key), None(), per_day(e.quantity),
             run_total(e.quantity), Text(unit), Num(e.share)});
    }
  }
  return d;
}

Document DependenceDocument(const CompiledNetwork& net, const analyze::DependenceMap& map,
                            const std::string& origin,
                            const std::vector<analyze::DependenceRow>& rows,
                            const std::string& method, const DependenceComparison* comparison) {
  Document d("analyze dependence");
  const DependenceComparison none;
  const DependenceComparison& cmp = comparison != nullptr ? *comparison : none;
  d.Field("origin", Type::kString, Text(origin), "origin country code or group id (--on)")
      .Field("method", Type::kString,
             Text(method.empty()
                      ? "baseline flows; origin shares propagated downstream (docs/ANALYSIS.md)"
                      : method),
             "how the shares were traced")
      .Field("sweeps", Type::kInteger, Int(map.sweeps()), "propagation sweeps made")
      .Field("converged", Type::kBoolean, Bool(map.converged()),
             "false: the trace did not settle; shares are approximate")
      .Field("hedges", Type::kStringList, List(cmp.hedges),
             "hedges applied before tracing (--hedge; empty: none); rows then show the share "
             "without them beside the share with them")
      .Field("only_without_hedges", Type::kStringList, List(cmp.only_before),
             "country/material/upstream traced only without the hedges");
  Records& t = d.Section("rows", "one row per country, material and upstream material");
  t.Add("country", Type::kString, "country whose supply is traced")
      .Add("country_name", Type::kString, "its name (English)")
      .Add("material", Type::kString, "material of that supply")
      .Add("upstream", Type::kString, "upstream material traced")
      .Add("share", Type::kNumber, "share of the upstream material made in the origin, 0..1")
      .Add("top_origin", Type::kString, "largest origin country (none when unknown)", true)
      .Add("top_origin_name", Type::kString, "its name (English)", true)
      .Add("top_origin_share", Type::kNumber, "its share, 0..1")
      .Add("share_without_hedges", Type::kNumber,
           "with --hedge: the share on the network without the hedges (null: no hedge, or no "
           "trace there without them)",
           true)
      .Add("change", Type::kNumber, "share minus share_without_hedges (null when either is)",
           true);
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const bool has_before = i < cmp.share_before.size() && cmp.share_before[i].has_value();
    const double before = has_before ? cmp.share_before[i].value() : 0.0;
    t.Row({Text(CountryKey(net, r.country)), Text(net.country_name[r.country.value]),
           Text(net.material_key[r.material.value]), Text(net.material_key[r.upstream.value]),
           Num(r.share), CountryKeyOrNone(net, r.top_origin), CountryNameOrNone(net, r.top_origin),
           Num(r.top_share), has_before ? Num(before) : None(),
           has_before ? Num(r.share - before) : None()});
  }
  return d;
}

Document SupplyRiskDocument(const CompiledNetwork& net,
                            const std::vector<analyze::SupplyRisk>& risks,
                            const std::string& indicators_path, const std::string& factors_path) {
  Document d("analyze supply-risk");
  d.Field("formula", Type::kString,
          Text("SR = [HHI_WGI,GS x IR/2 + HHI_WGI,EUs x (1 - IR/2)] x (1 - EoL_RIR) x SI_SR"),
          "the EU CRM supply-risk formula")
      .Field("indicators", Type::kString, Text(indicators_path), "country indicator file")
      .Field("material_factors", Type::kString, Text(factors_path), "material factor file");
  Records& m = d.Section("materials", "one row per scored material");
  m.Add("material", Type::kString, "material id")
      .Add("hhi_wgi_global", Type::kNumber, "HHI_WGI of global supply (GS)")
      .Add("hhi_wgi_eu", Type::kNumber, "HHI_WGI of EU sourcing (EUs)")
      .Add("eu_sourcing_from_global", Type::kBoolean, "EU sourcing taken as the global shares")
      .Add("import_reliance", Type::kNumber, "IR, 0..1")
      .Add("eol_rir", Type::kNumber, "end-of-life recycling input rate, 0..1")
      .Add("si_sr", Type::kNumber, "substitution index SI_SR")
      .Add("supply_risk", Type::kNumber, "SR")
      .Add("complete", Type::kBoolean, "every producing country has a WGI")
      .Add("missing_wgi", Type::kStringList, "countries without a WGI (counted 0)")
      .Add("source", Type::kString, "source of the material factors");
  Records& t = d.Section("terms", "country terms S^2 x WGI x t behind each HHI_WGI");
  t.Add("material", Type::kString, "material id")
      .Add("basis", Type::kString, "GS (global supply) or EUs (EU sourcing)")
      .Add("country", Type::kString, "country code")
      .Add("country_name", Type::kString, "its name (English; none when not in the network)",
           true)
      .Add("share", Type::kNumber, "S, 0..1")
      .Add("wgi", Type::kNumber, "WGI (scaled); none when missing", true)
      .Add("trade_restriction", Type::kNumber, "t")
      .Add("term", Type::kNumber, "S^2 x WGI x t");
  for (const auto& r : risks) {
    m.Row({Text(r.material), Num(r.hhi_wgi_global), Num(r.hhi_wgi_eu), Bool(r.eu_from_global),
           Num(r.import_reliance), Num(r.eol_rir), Num(r.substitution_index), Num(r.supply_risk),
           Bool(r.complete()), List(r.missing_wgi), Text(r.source)});
    auto add = [&](const char* basis, const std::vector<analyze::SupplyRiskTerm>& v) {
      for (const auto& x : v) {
        t.Row({Text(r.material), Text(basis), Text(x.country), NameOfCode(net, x.country),
               Num(x.share), x.has_wgi ? Num(x.wgi) : None(), Num(x.trade_restriction),
               Num(x.term)});
      }
    };
    add("GS", r.global);
    add("EUs", r.eu);
  }
  return d;
}

Document SpofDocument(const CompiledNetwork& net,
                      const std::vector<analyze::SinglePointOfFailure>& points) {
  Document d("analyze spof");
  Records& t = d.Section("points", "single points of failure, by kind, material, buyer");
  t.Add("kind", Type::kString, "single_supplier, single_producer or chokepoint")
      .Add("material", Type::kString, "material at stake")
      .Add("buyer", Type::kString, "buying site (none for single_producer)", true)
      .Add("site", Type::kString, "the one supplier or producer (none for chokepoint)", true)
      .Add("country", Type::kString, "country code of `site`", true)
      .Add("chokepoint", Type::kString, "the chokepoint every lane crosses", true)
      .Add("lanes", Type::kInteger, "lanes into the buyer (none for single_producer)", true)
      .Add("flow_per_day", Type::kNumber, "baseline inflow (buyer) or production at stake, per day")
      .Add("unit", Type::kString, "canonical unit of flow_per_day");
  for (const auto& p : points) {
    const bool producer = p.kind == analyze::SpofKind::kSingleProducer;
    t.Row({Text(std::string(analyze::SpofKindName(p.kind))),
           Text(net.material_key[p.material.value]), SiteOrNone(net, p.buyer),
           SiteOrNone(net, p.site),
           p.site.valid() ? Text(net.country_key[net.site_country[p.site.value].value]) : None(),
           p.chokepoint.valid() ? Text(net.chokepoint_key[p.chokepoint.value]) : None(),
           producer ? None() : Int(p.lanes), Num(p.flow_per_day),
           Text(net.material_unit[p.material.value])});
  }
  return d;
}

Document TtsDocument(const CompiledNetwork& net, const opt::TtsResult& r, const TtsInfo& info) {
  Document d("analyze tts");
  size_t exposed = 0;
  for (const auto& e : r.sites) exposed += e.exposed ? 1 : 0;
  d.Field("network", Type::kString, Text(info.network_id), "network id")
      .Field("scenario", Type::kString,
             info.scenario_id.empty() ? None() : Text(info.scenario_id),
             "scenario whose blocked lanes stay blocked (none: the network as is)", true)
      .Field("by", Type::kString, Text(info.by_country ? "country" : "site"),
             "what is taken down together")
      .Field("t_max_days", Type::kNumber, Num(r.t_max_days), "longest time to survive looked at")
      .Field("baseline_tts_days", Type::kNumber, Num(r.baseline_tts_days),
             "days the undisrupted network meets all end-use demand")
      .Field("unit", Type::kString, Text(r.unit), "unit of lost and pi")
      .Field("exposed", Type::kInteger, Int(static_cast<int64_t>(exposed)),
             "exposed rows (over all, not only those shown)")
      .Field("capacity_factor", Type::kNumber, Num(info.capacity_factor),
             "share of its capacity a disrupted site keeps (0: down)")
      .Field("rei_basis", Type::kInteger, Int(r.rei_basis),
             "rows in the REI basis: those that supply, or all when none does")
      .Field("lps_solved", Type::kInteger, Int(r.lps_solved), "LPs answered")
      .Field("iterations", Type::kInteger, Int(r.iterations), "simplex iterations")
      .Field("seconds", Type::kNumber, Num(r.seconds), "wall time")
      .Field("lp.rows", Type::kInteger, Int(r.rows), "rows of one LP")
      .Field("lp.columns", Type::kInteger, Int(r.columns), "columns of one LP");
  Records& t = d.Section("sites", "ranked by performance impact (PI), largest first");
  t.Add("rank", Type::kInteger, "1 = largest PI")
      .Add("label", Type::kString, info.by_country ? "country code" : "site id")
      .Add("name", Type::kString, "country name (English) for --by-country, else the site id")
      .Add("sites", Type::kStringList, "sites taken down together")
      .Add("tts_days", Type::kNumber, "time to survive: days all end-use demand is met with it down")
      .Add("survives_horizon", Type::kBoolean, "tts_days reached t_max_days: no exposure within it")
      .Add("ttr_days", Type::kNumber, "time to recover")
      .Add("ttr_assumed", Type::kBoolean, "TTR from the per-stage defaults, not the data")
      .Add("pi", Type::kNumber, "least end-use output lost while it recovers, beyond the "
                                "undisrupted loss (in unit)")
      .Add("pi_paper", Type::kNumber,
           "the paper's PI (Simchi-Levi et al.): least end-use output lost over its TTR, in full "
           "(in unit)")
      .Add("lost", Type::kNumber, "least end-use output lost while it recovers (in unit)")
      .Add("rei", Type::kNumber, "relative exposure index, PI / largest PI of the REI basis "
                                 "(none outside it)", true)
      .Add("in_rei_basis", Type::kBoolean, "in the REI basis (it supplies)")
      .Add("exposed", Type::kBoolean, "TTS < TTR")
      .Add("status", Type::kString, "worst LP status of its solves");
  for (size_t i = 0; i < info.shown && i < r.ranking.size(); ++i) {
    const opt::SiteExposure& e = r.sites[r.ranking[i]];
    std::vector<std::string> sites;
    for (SiteId s : e.sites) sites.push_back(net.site_key[s.value]);
    Cell name = Text(e.label);
    if (info.by_country) {
      CountryId c = net.FindCountry(e.label);
      if (c.valid()) name = Text(net.country_name[c.value]);
    }
    t.Row({Int(static_cast<int64_t>(i + 1)), Text(e.label), name, List(sites), Num(e.tts_days),
           Bool(e.survives_horizon), Num(e.ttr_days), Bool(e.ttr_assumed), Num(e.pi), Num(e.lost),
           Num(e.lost), e.in_rei_basis ? Num(e.rei) : None(), Bool(e.in_rei_basis), Bool(e.exposed), Text(std::string(opt::LpStatusName(e.status)))});
  }
  return d;
}

Document SensitivityDocument(const analyze::SensitivityResults& r, size_t shown) {
  Document d("analyze sensitivity");
  d.Field("scenario", Type::kString, Text(r.scenario_id), "scenario id")
      .Field("metric", Type::kString, Text("unserved_demand_gwh"),
             "the headline rerun: unserved end-use demand, GWh")
      .Field("base", Type::kNumber, Num(r.base), "the metric on the unchanged scenario, GWh")
      .Field("ranges.stock_days", Type::kNumber, Num(r.ranges.stock_days),
             "stock days scaled by 1 -/+ this")
      .Field("ranges.qualification", Type::kNumber, Num(r.ranges.qualification),
             "qualification times scaled by 1 -/+ this")
      .Field("ranges.capacity", Type::kNumber, Num(r.ranges.capacity),
             "capacities scaled by 1 -/+ this")
      .Field("ranges.transit", Type::kNumber, Num(r.ranges.transit),
             "transit times scaled by 1 -/+ this")
      .Field("ranges.demand", Type::kNumber, Num(r.ranges.demand), "demand scaled by 1 -/+ this")
      .Field("groups", Type::kInteger, Int(static_cast<int64_t>(r.rows.size())),
             "groups of inputs varied (over all, not only those shown)")
      .Field("runs", Type::kInteger, Int(static_cast<int64_t>(r.runs)), "simulations made")
      .Field("threads", Type::kInteger, Int(r.threads), "threads used")
      .Field("seconds", Type::kNumber, Num(r.seconds), "wall time");
  Records& t = d.Section("rows", "groups of inputs, largest swing first");
  t.Add("rank", Type::kInteger, "1 = largest swing")
      .Add("input", Type::kString, "class of input (stock_days, qualification, capacity, ...)")
      .Add("label", Type::kString, "the group in words")
      .Add("stage", Type::kString, "stage of the group (none when not by stage)", true)
      .Add("country", Type::kString, "country of the group (none when not by country)", true)
      .Add("material", Type::kString, "material of the group (none when not by material)", true)
      .Add("low_factor", Type::kNumber, "factor applied to the inputs for the low run")
      .Add("high_factor", Type::kNumber, "factor applied to the inputs for the high run")
      .Add("unserved_demand_gwh_low", Type::kNumber, "the metric with the inputs x low_factor")
      .Add("unserved_demand_gwh_high", Type::kNumber, "the metric with the inputs x high_factor")
      .Add("swing_gwh", Type::kNumber, "max - min of (low, base, high)");
  auto opt = [](const std::string& v) { return v.empty() ? None() : Text(v); };
  for (size_t i = 0; i < shown && i < r.rows.size(); ++i) {
    const analyze::SensitivityRow& row = r.rows[i];
    const analyze::Perturbation& p = row.perturbation;
    t.Row({Int(static_cast<int64_t>(i + 1)), Text(std::string(analyze::InputClassName(p.input))),
           Text(p.label), opt(p.stage), opt(p.country), opt(p.material), Num(p.low), Num(p.high),
           Num(row.low_value), Num(row.high_value), Num(row.swing)});
  }
  return d;
}

Document MonteCarloDocument(const CompiledNetwork& net, const analyze::MonteCarloResults& r,
                            const std::string& protocol, int32_t start_date) {
  Document d("montecarlo");
  const auto& s = r.lost;
  d.Field("scenario", Type::kString, Text(r.scenario_id), "scenario id")
      .Field("protocol", Type::kString, Text(protocol), "allocation protocol as run")
      .Field("runs", Type::kInteger, Int(static_cast<int64_t>(r.runs)), "runs made")
      .Field("runs_requested", Type::kInteger, Int(static_cast<int64_t>(r.runs_requested)),
             "runs asked for (--runs)")
      .Field("nothing_uncertain", Type::kBoolean, Bool(r.nothing_uncertain),
             "no event has an uncertain duration or severity: one run made, as all would be "
             "the same")
      .Field("seed", Type::kString, Text(std::to_string(r.seed)),
             "seed of the draws (text: it may exceed 2^53)")
      .Field("threads", Type::kInteger, Int(r.threads), "threads used")
      .Field("days", Type::kInteger, Int(r.days), "days per run")
      .Field("seconds", Type::kNumber, Num(r.seconds), "wall time of the runs")
      .Field("level", Type::kNumber, Num(r.level), "level of value at risk and expected shortfall");
  const std::pair<const char*, double> stats[] = {
      {"mean", s.mean}, {"stddev", s.stddev}, {"min", s.min},   {"p5", s.p5},
      {"p50", s.p50},   {"p95", s.p95},       {"p99", s.p99},   {"max", s.max},
      {"value_at_risk", s.value_at_risk},     {"expected_shortfall", s.expected_shortfall}};
  for (const auto& [name, value] : stats) {
    d.Field(std::string("unserved_demand_gwh.") + name, Type::kNumber, Num(value),
            "of the runs' unserved end-use demand, GWh (the headline of each run)");
  }
  d.Field("mean_demand_gwh", Type::kNumber, Num(r.mean_demand_gwh), "mean end-use demand, GWh")
      .Field("probability_any_loss", Type::kNumber, Num(r.probability_any_loss),
             "share of runs with unserved demand > 0")
      .Field("contribution_method", Type::kString,
             Text("Spearman rank correlation of each uncertain draw with unserved demand; mean "
                  "unserved demand of the runs above / at or below the median draw"),
             "how contributions are measured");
  Records& risk = d.Section("shortage_risk",
                            "how often each (site, material) ran short, most often first");
  risk.Add("site", Type::kString, "site id")
      .Add("country", Type::kString, "country code")
      .Add("country_name", Type::kString, "country name (English)")
      .Add("material", Type::kString, "material")
      .Add("runs_short", Type::kInteger, "runs in which it ran short")
      .Add("probability", Type::kNumber, "runs_short / runs")
      .Add("mean_first_day", Type::kNumber,
           "mean first shortage day over the runs that were short (none when never)", true)
      .Add("mean_first_date", Type::kDate, "that day (rounded down) as a date", true);
  for (const auto& x : r.shortage_risk) {
    const uint32_t c = net.site_country[x.site.value].value;
    const bool any = x.runs_short > 0;
    risk.Row({Text(net.site_key[x.site.value]), Text(net.country_key[c]), Text(net.country_name[c]),
              Text(net.material_key[x.material.value]), Int(static_cast<int64_t>(x.runs_short)),
              Num(x.probability), any ? Num(x.mean_first_day) : None(),
              any ? Text(util::FormatDate(start_date + static_cast<int32_t>(x.mean_first_day)))
                  : None()});
  }
  Records& ev = d.Section("contributions", "uncertain draws, largest |rank correlation| first");
  ev.Add("event", Type::kString, "event id")
      .Add("quantity", Type::kString, "duration (days) or severity")
      .Add("mean_draw", Type::kNumber, "mean of the draws")
      .Add("rank_correlation", Type::kNumber, "Spearman rank correlation with unserved demand")
      .Add("unserved_demand_gwh_above_median", Type::kNumber,
           "mean unserved demand of the runs whose draw is above the median")
      .Add("unserved_demand_gwh_at_or_below_median", Type::kNumber, "same, the other runs");
  for (const auto& c : r.contributions) {
    ev.Row({Text(c.event), Text(c.quantity), Num(c.mean_draw), Num(c.rank_correlation),
            Num(c.lost_gwh_above_median), Num(c.lost_gwh_below_median)});
  }
  Records& runs = d.Section("per_run", "every run, in run order");
  runs.Add("run", Type::kInteger, "run number, from 0")
      .Add("unserved_demand_gwh", Type::kNumber, "unserved end-use demand of the run, GWh")
      .Add("lost_cell_output_gwh", Type::kNumber, "cells and packs not made in the run, GWh",
           true);
  for (size_t i = 0; i < r.lost_gwh.size(); ++i) {
    runs.Row({Int(static_cast<int64_t>(i)), Num(r.lost_gwh[i]),
              i < r.lost_production_gwh.size() ? Num(r.lost_production_gwh[i]) : None()});
  }
  return d;
}

Document PlanDocument(const CompiledNetwork& net, const std::string& scenario_id,
                      const opt::PlanResult& r, int32_t start_date) {
  Document d("plan");
  const model::AllocationPlan& plan = r.plan;
  d.Field("scenario", Type::kString, Text(scenario_id), "scenario id")
      .Field("status", Type::kString, Text(std::string(opt::LpStatusName(r.status))), "LP status")
      .Field("period_days", Type::kInteger, Int(plan.period_days), "days per period")
      .Field("periods", Type::kInteger, Int(plan.periods), "periods")
      .Field("horizon_days", Type::kInteger, Int(r.horizon_days), "days planned")
      .Field("weighted_output", Type::kNumber, Num(r.weighted_output),
             "sum over demand of weight x served (weighted GWh)")
      .Field("weighted_demand", Type::kNumber, Num(r.weighted_demand), "the most that could be had")
      .Field("served_gwh", Type::kNumber, Num(r.served_gwh), "end-use demand served, GWh")
      .Field("demand_gwh", Type::kNumber, Num(r.demand_gwh), "end-use demand, GWh")
      .Field("lp.rows", Type::kInteger, Int(r.rows), "LP rows")
      .Field("lp.columns", Type::kInteger, Int(r.columns), "LP columns")
      .Field("lp.iterations", Type::kInteger, Int(r.iterations), "simplex iterations")
      .Field("lp.seconds", Type::kNumber, Num(r.seconds), "solve time")
      .Field("lp.nonzeros", Type::kInteger, Int(r.nonzeros), "LP nonzeros")
      .Field("lp.time_limit_hit", Type::kBoolean, Bool(r.time_limit_hit),
             "--time-limit stopped the solve (phase 2 tie-breaking when a plan is given)")
      .Field("limits", Type::kStringList, List(r.limits),
             "the plan's modelling limits in words (what it leaves out)");
  Records& flows = d.Section("flows", "planned quantities per period (nonzero only)");
  flows.Add("kind", Type::kString, "lane or process")
      .Add("id", Type::kString, "lane or process id")
      .Add("from", Type::kString, "supplying site (the process's site)")
      .Add("to", Type::kString, "buying site (none for a process)", true)
      .Add("material", Type::kString, "material shipped or made")
      .Add("period", Type::kInteger, "period, from 1")
      .AddDay("first", "first day of the period")
      .Add("quantity", Type::kNumber, "quantity over the period, canonical units")
      .Add("unit", Type::kString, "canonical unit");
  auto canonical_unit = [&](MaterialId m) {
    return std::string(model::CanonicalUnit(net.material_dimension[m.value]));
  };
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    MaterialId m = net.slot_material[net.lane_from[l].value];
    for (int32_t p = 0; p < plan.periods; ++p) {
      double q = plan.LaneFlow(l, p);
      if (q <= 0) continue;
      auto [day, date] = Records::DayCells(start_date, p * plan.period_days);
      flows.Row({Text("lane"), Text(net.lane_key[l]), Text(SiteOfSlot(net, net.lane_from[l])),
                 Text(SiteOfSlot(net, net.lane_to[l])), Text(net.material_key[m.value]),
                 Int(p + 1), day, date, Num(q), Text(canonical_unit(m))});
    }
  }
  for (uint32_t proc = 0; proc < net.num_processes(); ++proc) {
    MaterialId m = net.slot_material[net.process_output[proc].value];
    for (int32_t p = 0; p < plan.periods; ++p) {
      double q = plan.process_output[static_cast<size_t>(proc) * static_cast<size_t>(plan.periods) +
                                     static_cast<size_t>(p)];
      if (q <= 0) continue;
      auto [day, date] = Records::DayCells(start_date, p * plan.period_days);
      flows.Row({Text("process"), Text(net.process_key[proc]),
                 Text(net.site_key[net.process_site[proc].value]), None(),
                 Text(net.material_key[m.value]), Int(p + 1), day, date, Num(q),
                 Text(canonical_unit(m))});
    }
  }
  Records& served = d.Section("served", "end-use demand served by the plan, per demand slot");
  served.Add("site", Type::kString, "demand site")
      .Add("material", Type::kString, "material demanded")
      .Add("weight", Type::kNumber, "objective weight per canonical unit")
      .Add("demand", Type::kNumber, "demand over the horizon, canonical units")
      .Add("served", Type::kNumber, "served, canonical units")
      .Add("demand_gwh", Type::kNumber, "demand, GWh (none without an energy equivalent)", true)
      .Add("served_gwh", Type::kNumber, "served, GWh (none without an energy equivalent)", true);
  for (const opt::ServedLine& s : r.served) {
    const bool energy = net.material_gwh_per_unit[s.material.value] > 0;
    served.Row({Text(net.site_key[s.site.value]), Text(net.material_key[s.material.value]),
                Num(s.weight), Num(s.demand), Num(s.served),
                energy ? Num(s.demand_gwh) : None(), energy ? Num(s.served_gwh) : None()});
  }
  Records& binding = d.Section("binding", "constraints that limit the output, largest value first");
  binding.Add("kind", Type::kString, "capacity, export_ban, lane_closure, not_qualified, opening_stock")
      .Add("site", Type::kString, "the process's site, the lane's supplier or the stock's site")
      .Add("material", Type::kString, "what it makes, carries or holds")
      .Add("first_period", Type::kInteger, "first period it binds, from 1")
      .Add("last_period", Type::kInteger, "last period it binds")
      .Add("binding_periods", Type::kInteger, "periods with a nonzero shadow price")
      .Add("value_per_unit_per_day", Type::kNumber, "weighted output gained per unit relaxed")
      .Add("sentence", Type::kString, "in words");
  for (const opt::BindingConstraint& b : r.binding) {
    binding.Row({Text(std::string(opt::BindingKindName(b.kind))), Text(net.site_key[b.site.value]),
                 Text(net.material_key[b.material.value]), Int(b.first_period + 1),
                 Int(b.last_period + 1), Int(b.binding_periods), Num(b.value_per_unit_per_day),
                 Text(b.sentence)});
  }
  Records& periods = d.Section("by_period", "end-use demand served per period");
  periods.Add("period", Type::kInteger, "period, from 1")
      .AddDay("first", "first day of the period")
      .Add("served_gwh", Type::kNumber, "served in the period, GWh");
  for (size_t p = 0; p < r.served_gwh_by_period.size(); ++p) {
    auto [day, date] = Records::DayCells(start_date, static_cast<int32_t>(p) * plan.period_days);
    periods.Row({Int(static_cast<int64_t>(p + 1)), day, date, Num(r.served_gwh_by_period[p])});
  }
  return d;
}

Document ValidationDocument(const io::ValidationReport& report) {
  Document d("validate");
  d.Field("ok", Type::kBoolean, Bool(report.diagnostics.empty()), "no problem found")
      .Field("networks", Type::kInteger, Int(report.networks), "networks checked")
      .Field("scenarios", Type::kInteger, Int(report.scenarios), "scenarios checked")
      .Field("skipped", Type::kInteger, Int(report.skipped),
             "files under a folder that are neither")
      .Field("materials", Type::kInteger, Int(report.materials), "materials in the valid inputs")
      .Field("sites", Type::kInteger, Int(report.sites), "sites")
      .Field("lanes", Type::kInteger, Int(report.lanes), "lanes")
      .Field("contracts", Type::kInteger, Int(report.contracts), "contracts")
      .Field("events", Type::kInteger, Int(report.events), "events");
  Records& t = d.Section("diagnostics", "every problem found");
  t.Add("severity", Type::kString, "error or warning")
      .Add("file", Type::kString, "file (none for a flag)", true)
      .Add("line", Type::kInteger, "line, from 1 (none when unknown)", true)
      .Add("column", Type::kInteger, "column, from 1 (none when unknown)", true)
      .Add("path", Type::kString, "field path, e.g. sites[3].processes[0].capacity")
      .Add("message", Type::kString, "what is wrong");
  auto add = [&](const util::Diagnostic& x, const char* severity) {
    t.Row({Text(severity), x.file.empty() ? None() : Text(x.file),
           x.line > 0 ? Int(x.line) : None(), x.column > 0 ? Int(x.column) : None(),
           Text(x.path), Text(x.message)});
  };
  for (const util::Diagnostic& x : report.diagnostics) add(x, "error");
  for (const util::Diagnostic& x : report.warnings) add(x, "warning");
  return d;
}

Document SourcesDocument(const SourcesInfo& info, const std::vector<const SourceLine*>& rows) {
  Document d("data sources");
  d.Field("network", Type::kString, Text(info.network_id), "network id")
      .Field("file", Type::kString, Text(info.file), "network file")
      .Field("material", Type::kString, info.material.empty() ? None() : Text(info.material),
             "--material filter", true)
      .Field("country", Type::kString, info.country.empty() ? None() : Text(info.country),
             "--country filter", true)
      .Field("figures", Type::kInteger, Int(info.figures), "figures counted")
      .Field("figures_without_source", Type::kInteger, Int(info.figures_without_source),
             "of those, citing no source");
  Records& s = d.Section("sources", "sources, most cited first");
  s.Add("id", Type::kString, "source id")
      .Add("title", Type::kString, "title")
      .Add("publisher", Type::kString, "publisher")
      .Add("year", Type::kInteger, "year (none when unknown)", true)
      .Add("url", Type::kString, "URL")
      .Add("figures", Type::kInteger, "figures citing it")
      .Add("estimates", Type::kInteger, "of those, estimates");
  Records& e = d.Section("estimates", "figures marked as estimates, by source");
  e.Add("source", Type::kString, "source id")
      .Add("path", Type::kString, "where the figure is")
      .Add("value", Type::kString, "the value as written")
      .Add("note", Type::kString, "how it was estimated");
  for (const SourceLine* r : rows) {
    s.Row({Text(r->source->id), Text(r->source->title), Text(r->source->publisher),
           r->source->year > 0 ? Int(r->source->year) : None(), Text(r->source->url),
           Int(r->figures), Int(r->estimates)});
    for (const model::FigureRecord* f : r->cited) {
      if (f->estimate) e.Row({Text(r->source->id), Text(f->path), Text(f->text), Text(f->note)});
    }
  }
  return d;
}

}  // namespace chaintwin::report
