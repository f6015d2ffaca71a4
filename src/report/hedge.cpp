// `hedge evaluate` and `hedge optimize` as Documents and tables (include/chaintwin/report/hedge.hpp).
#include "chaintwin/report/hedge.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "chaintwin/report/table.hpp"

namespace chaintwin::report {
namespace {

using Align = Table::Align;

double CandidateCost(const HedgeRunInfo& info, const hedge::Candidate& c) {
  double cost = 0.0;
  for (size_t h : c.hedges) cost += hedge::TotalCost(info.costs[h]);
  return cost;
}

// The candidate's net-only cost parts (a chemistry shift's price difference).
double CandidateNetAdjustment(const HedgeRunInfo& info, const hedge::Candidate& c) {
  double sum = 0.0;
  for (size_t h : c.hedges) sum += hedge::NetAdjustment(info.costs[h]);
  return sum;
}

// GWh avoided per million USD a year; none when the candidate costs nothing.
Cell PerMillion(double gwh, double usd) {
  return usd > 0.0 ? Num(gwh / (usd / 1e6)) : None();
}

std::vector<std::string> Kinds(const std::vector<hedge::Hedge>& hedges, const hedge::Candidate& c) {
  std::vector<std::string> out;
  for (size_t h : c.hedges) out.emplace_back(hedge::KindName(hedges[h].kind));
  return out;
}

std::vector<std::string> Ids(const std::vector<hedge::Hedge>& hedges, const std::vector<size_t>& hs) {
  std::vector<std::string> out;
  for (size_t h : hs) out.push_back(hedges[h].id);
  return out;
}

std::vector<std::string> Notes(const hedge::Evaluation& ev, size_t c) {
  std::set<std::string> notes;
  for (const auto& o : ev.outcomes[c]) notes.insert(o.notes.begin(), o.notes.end());
  return {notes.begin(), notes.end()};
}

void AddCandidates(Document& doc, const std::vector<hedge::Hedge>& hedges,
                   const hedge::Evaluation& ev, const HedgeRunInfo& info, const std::string& name) {
  Records& r = doc.Section(name, "Each hedge alone and each combination evaluated: its effect "
                                 "against the scenarios without a hedge (mean over the scenarios)");
  r.Add("candidate", Type::kString, "hedge id, or ids joined by '+' for a combination")
      .Add("hedges", Type::kStringList, "the hedges applied together")
      .Add("kinds", Type::kStringList, "their types")
      .Add("cost_usd_per_year", Type::kNumber, "annualised cost (sum of the hedges' cost parts)")
      .Add("unserved_avoided_gwh", Type::kNumber, "end-use demand served that went unserved without it")
      .Add("lost_output_avoided_gwh", Type::kNumber, "cell/pack output made that was lost without it")
      .Add("loss_avoided_gwh", Type::kNumber, "unserved plus lost output avoided (the objective of hedge optimize)")
      .Add("survival_days_gained", Type::kNumber,
           "mean over the baseline's short (site, material) of the expected first shortage day, "
           "hedged minus baseline")
      .Add("sla_penalty_usd_per_year", Type::kNumber,
           "SLA penalties its offtake suppliers owe (mean over the scenarios; docs/HEDGING.md, Offtake SLA)")
      .Add("price_difference_usd_per_year", Type::kNumber,
           "cell price difference of its chemistry shifts (negative: a saving); not in the "
           "budgeted cost")
      .Add("net_cost_usd_per_year", Type::kNumber,
           "cost plus the price difference less the SLA penalties received (may be negative)")
      .Add("gwh_per_million_usd", Type::kNumber, "loss avoided per million USD a year; none when it costs nothing", true)
      .Add("shortages_removed", Type::kStringList, "baseline shortages (site/material) no run has any more")
      .Add("shortages_added", Type::kStringList, "shortages the baseline did not have")
      .Add("notes", Type::kStringList, "what a hedge could not do in a scenario");
  for (size_t c = 0; c < ev.candidates.size(); ++c) {
    const hedge::Effect e = hedge::MeanEffect(ev, c);
    const double cost = CandidateCost(info, ev.candidates[c]);
    const double adjustment = CandidateNetAdjustment(info, ev.candidates[c]);
    r.Row({Text(hedge::CandidateId(hedges, ev.candidates[c])), List(Ids(hedges, ev.candidates[c].hedges)),
           List(Kinds(hedges, ev.candidates[c])), Num(cost), Num(e.unserved_avoided_gwh),
           Num(e.lost_output_avoided_gwh), Num(e.loss_avoided_gwh), Num(e.survival_days_gained),
           Num(e.sla_penalty_usd_per_year), Num(adjustment),
           Num(cost + adjustment - e.sla_penalty_usd_per_year),
           PerMillion(e.loss_avoided_gwh, cost), List(e.removed), List(e.added), List(Notes(ev, c))});
  }
}

void AddByScenario(Document& doc, const std::vector<hedge::Hedge>& hedges, const hedge::Evaluation& ev) {
  Records& r = doc.Section("by_scenario", "Each candidate on each scenario (means over the runs)");
  r.Add("candidate", Type::kString, "hedge id or ids joined by '+'")
      .Add("scenario", Type::kString, "scenario id")
      .Add("runs", Type::kInteger, "Monte Carlo runs (1 when nothing in the scenario is uncertain)")
      .Add("unserved_gwh", Type::kNumber, "mean unserved end-use demand with the hedge")
      .Add("lost_production_gwh", Type::kNumber, "mean lost cell/pack output with the hedge")
      .Add("unserved_avoided_gwh", Type::kNumber, "against the scenario without a hedge")
      .Add("lost_output_avoided_gwh", Type::kNumber, "against the scenario without a hedge")
      .Add("survival_days_gained", Type::kNumber, "as in `hedges`, on this scenario");
  for (size_t c = 0; c < ev.candidates.size(); ++c) {
    for (size_t s = 0; s < ev.scenario_ids.size(); ++s) {
      const hedge::Outcome& o = ev.outcomes[c][s];
      const hedge::Effect e = hedge::EffectOn(ev.baseline[s], o);
      r.Row({Text(hedge::CandidateId(hedges, ev.candidates[c])), Text(ev.scenario_ids[s]),
             Int(static_cast<int64_t>(o.runs)), Num(o.unserved_gwh), Num(o.lost_production_gwh),
             Num(e.unserved_avoided_gwh), Num(e.lost_output_avoided_gwh), Num(e.survival_days_gained)});
    }
  }
}

std::string Money(double usd);

void AddSla(Document& doc, const std::vector<hedge::Hedge>& hedges, const hedge::Evaluation& ev) {
  Records& r = doc.Section("sla", "Each offtake with an SLA on each scenario: on time in full per "
                                  "delivery period on the nominal run, and over the Monte Carlo "
                                  "runs (docs/HEDGING.md, Offtake SLA)");
  r.Add("candidate", Type::kString, "hedge id or ids joined by '+'")
      .Add("scenario", Type::kString, "scenario id")
      .Add("hedge", Type::kString, "the offtake")
      .Add("period_days", Type::kInteger, "length of a delivery period")
      .Add("periods", Type::kInteger,
           "nominal run: periods of the term with orders under the contract, not excused")
      .Add("periods_excused", Type::kInteger,
           "nominal run: periods with orders under force majeure (left out of the OTIF, no penalty)")
      .Add("periods_on_time_in_full", Type::kInteger, "of those, delivered in full within the period")
      .Add("otif", Type::kNumber, "periods on time in full / periods with orders (1 when none had orders)")
      .Add("target", Type::kNumber, "the contract's OTIF target")
      .Add("ordered", Type::kNumber, "ordered over the run, at most the contracted volume per period (canonical unit: t for mass)")
      .Add("delivered_on_time", Type::kNumber, "departed in the period it was ordered in, at most what was ordered")
      .Add("short", Type::kNumber, "ordered less delivered on time")
      .Add("penalty_usd_per_year", Type::kNumber, "nominal run: owed by the supplier when OTIF is below the target, annualised over the run")
      .Add("runs", Type::kInteger, "runs scored (the Monte Carlo runs; 1 when nothing is uncertain)")
      .Add("otif_mean", Type::kNumber, "OTIF, mean over the runs")
      .Add("otif_p10", Type::kNumber, "OTIF, 10th percentile over the runs")
      .Add("otif_p90", Type::kNumber, "OTIF, 90th percentile over the runs")
      .Add("penalty_mean_usd_per_year", Type::kNumber, "penalty, mean over the runs (offsets the cost)")
      .Add("penalty_p10_usd_per_year", Type::kNumber, "penalty, 10th percentile over the runs")
      .Add("penalty_p90_usd_per_year", Type::kNumber, "penalty, 90th percentile over the runs");
  for (size_t c = 0; c < ev.candidates.size(); ++c) {
    for (size_t s = 0; s < ev.scenario_ids.size(); ++s) {
      for (const hedge::Outcome::Sla& x : ev.outcomes[c][s].sla) {
        const hedge::SlaScore& k = x.score;
        r.Row({Text(hedge::CandidateId(hedges, ev.candidates[c])), Text(ev.scenario_ids[s]),
               Text(hedges[x.hedge].id), Int(hedges[x.hedge].offtake.sla_period_days), Int(k.periods),
               Int(k.periods_excused), Int(k.periods_otif), Num(k.otif), Num(k.target), Num(k.ordered),
               Num(k.delivered), Num(k.short_quantity), Num(k.penalty_usd_per_year),
               Int(static_cast<int64_t>(x.runs)), Num(x.otif_mean), Num(x.otif_p10), Num(x.otif_p90),
               Num(x.penalty_mean), Num(x.penalty_p10), Num(x.penalty_p90)});
      }
    }
  }
}

std::string SlaTable(const std::vector<hedge::Hedge>& hedges, const hedge::Evaluation& ev) {
  Table t("Offtake SLAs: the nominal run, and over the Monte Carlo runs (mean, P10-P90)");
  t.Column("candidate").Column("scenario").Column("offtake").Column("periods", Align::kRight)
      .Column("excused", Align::kRight)
      .Column("on time in full", Align::kRight).Column("OTIF", Align::kRight).Column("target", Align::kRight)
      .Column("short", Align::kRight).Column("penalty USD/yr", Align::kRight)
      .Column("runs", Align::kRight).Column("OTIF mean (P10-P90)", Align::kRight)
      .Column("penalty mean (P10-P90)", Align::kRight);
  bool any = false;
  for (size_t c = 0; c < ev.candidates.size(); ++c) {
    for (size_t s = 0; s < ev.scenario_ids.size(); ++s) {
      for (const hedge::Outcome::Sla& x : ev.outcomes[c][s].sla) {
        const hedge::SlaScore& k = x.score;
        any = true;
        t.Row({hedge::CandidateId(hedges, ev.candidates[c]), ev.scenario_ids[s], hedges[x.hedge].id,
               std::to_string(k.periods), std::to_string(k.periods_excused), std::to_string(k.periods_otif),
               FormatNumber(100.0 * k.otif, 1) + " %", FormatNumber(100.0 * k.target, 1) + " %",
               FormatNumber(k.short_quantity, 1), Money(k.penalty_usd_per_year),
               std::to_string(x.runs),
               fmt::format("{} % ({}-{})", FormatNumber(100.0 * x.otif_mean, 1),
                           FormatNumber(100.0 * x.otif_p10, 1), FormatNumber(100.0 * x.otif_p90, 1)),
               fmt::format("{} ({}-{})", Money(x.penalty_mean), Money(x.penalty_p10),
                           Money(x.penalty_p90))});
      }
    }
  }
  return any ? "\n" + t.RenderText() : "";
}

void AddBaseline(Document& doc, const hedge::Evaluation& ev) {
  Records& r = doc.Section("baseline", "Each scenario without a hedge");
  r.Add("scenario", Type::kString, "scenario id")
      .Add("runs", Type::kInteger, "Monte Carlo runs")
      .Add("unserved_gwh", Type::kNumber, "mean unserved end-use demand")
      .Add("lost_production_gwh", Type::kNumber, "mean lost cell/pack output")
      .Add("shortages", Type::kStringList, "site/material short in some run");
  for (size_t s = 0; s < ev.scenario_ids.size(); ++s) {
    std::vector<std::string> names;
    for (const auto& x : ev.baseline[s].shortages) names.push_back(x.site + "/" + x.material);
    r.Row({Text(ev.scenario_ids[s]), Int(static_cast<int64_t>(ev.baseline[s].runs)),
           Num(ev.baseline[s].unserved_gwh), Num(ev.baseline[s].lost_production_gwh), List(names)});
  }
}

void AddCosts(Document& doc, const std::vector<hedge::Hedge>& hedges, const HedgeRunInfo& info) {
  Records& r = doc.Section("costs", "Every part of every hedge's annualised cost");
  r.Add("hedge", Type::kString, "hedge id")
      .Add("kind", Type::kString, "hedge type")
      .Add("part", Type::kString, "what the money is for")
      .Add("usd_per_year", Type::kNumber, "annualised, US dollars a year (negative: a saving)")
      .Add("budgeted", Type::kBoolean,
           "true: in the cost hedge optimize budgets; false: in the net cost only")
      .Add("arithmetic", Type::kString, "how the figure was made")
      .Add("file", Type::kString, "the hedge file");
  for (size_t h = 0; h < hedges.size(); ++h) {
    for (const auto& p : info.costs[h]) {
      r.Row({Text(hedges[h].id), Text(std::string(hedge::KindName(hedges[h].kind))), Text(p.part),
             Num(p.usd_per_year), Bool(!p.net_only), Text(p.arithmetic), Text(hedges[h].file)});
    }
  }
}

void AddHeader(Document& doc, const hedge::Evaluation& ev, const HedgeRunInfo& info) {
  doc.Field("scenarios", Type::kStringList, List(ev.scenario_ids), "the scenarios, each weighted equally")
      .Field("runs_requested", Type::kInteger, Int(static_cast<int64_t>(info.runs_requested)),
             "Monte Carlo runs per scenario with uncertain events")
      .Field("threads", Type::kInteger, Int(info.threads), "threads used (results do not depend on it)")
      .Field("seconds", Type::kNumber, Num(ev.seconds), "wall time of the evaluation");
}

std::string Money(double usd) {
  if (std::fabs(usd) >= 1e6) return fmt::format("{} M", FormatNumber(usd / 1e6, 2));
  return FormatNumber(usd, 0);
}

std::string CandidatesTable(const std::vector<hedge::Hedge>& hedges, const hedge::Evaluation& ev,
                            const HedgeRunInfo& info) {
  Table t("Hedges against the scenarios without one (mean over the scenarios)");
  t.Column("candidate")
      .Column("cost USD/yr", Align::kRight)
      .Column("net cost USD/yr", Align::kRight)
      .Column("unserved avoided GWh", Align::kRight)
      .Column("lost output avoided GWh", Align::kRight)
      .Column("survival days gained", Align::kRight)
      .Column("GWh per M USD", Align::kRight)
      .Column("shortages removed", Align::kRight);
  for (size_t c = 0; c < ev.candidates.size(); ++c) {
    const hedge::Effect e = hedge::MeanEffect(ev, c);
    const double cost = CandidateCost(info, ev.candidates[c]);
    const double net = cost + CandidateNetAdjustment(info, ev.candidates[c]) - e.sla_penalty_usd_per_year;
    t.Row({hedge::CandidateId(hedges, ev.candidates[c]), Money(cost), Money(net),
           FormatNumber(e.unserved_avoided_gwh, 2),
           FormatNumber(e.lost_output_avoided_gwh, 2), FormatNumber(e.survival_days_gained, 1),
           cost > 0 ? FormatNumber(e.loss_avoided_gwh / (cost / 1e6), 3) : "-",
           std::to_string(e.removed.size())});
  }
  return t.RenderText();
}

std::string BaselineTable(const hedge::Evaluation& ev) {
  Table t("Scenarios without a hedge");
  t.Column("scenario").Column("runs", Align::kRight).Column("unserved GWh", Align::kRight)
      .Column("lost output GWh", Align::kRight).Column("short site/materials", Align::kRight);
  for (size_t s = 0; s < ev.scenario_ids.size(); ++s) {
    t.Row({ev.scenario_ids[s], std::to_string(ev.baseline[s].runs), FormatNumber(ev.baseline[s].unserved_gwh, 2),
           FormatNumber(ev.baseline[s].lost_production_gwh, 2), std::to_string(ev.baseline[s].shortages.size())});
  }
  return t.RenderText();
}

// Index of the candidate holding exactly `hedges` (sorted), or -1.
long FindCandidate(const hedge::Evaluation& ev, std::vector<size_t> hedges) {
  std::sort(hedges.begin(), hedges.end());
  for (size_t c = 0; c < ev.candidates.size(); ++c) {
    std::vector<size_t> hs = ev.candidates[c].hedges;
    std::sort(hs.begin(), hs.end());
    if (hs == hedges) return static_cast<long>(c);
  }
  return -1;
}

// The program's estimate on scenario `s`: the singles' effects plus the interactions used.
double EstimateOn(const hedge::Evaluation& ev, const hedge::Portfolio& p, size_t s) {
  double v = 0.0;
  auto loss = [&](long c) {
    return c < 0 ? 0.0 : hedge::EffectOn(ev.baseline[s], ev.outcomes[static_cast<size_t>(c)][s]).loss_avoided_gwh;
  };
  for (size_t h : p.chosen) v += loss(FindCandidate(ev, {h}));
  for (const hedge::Interaction& in : p.interactions) {
    const bool both = std::count(p.chosen.begin(), p.chosen.end(), in.a) && std::count(p.chosen.begin(), p.chosen.end(), in.b);
    if (in.used && both) v += loss(FindCandidate(ev, {in.a, in.b})) - loss(FindCandidate(ev, {in.a})) - loss(FindCandidate(ev, {in.b}));
  }
  return v;
}

Cell DifferencePct(double estimated, double simulated) {
  if (std::fabs(estimated) < 1e-9) return std::fabs(simulated) < 1e-9 ? Num(0.0) : None();
  return Num(100.0 * (simulated - estimated) / std::fabs(estimated));
}

}  // namespace

Document HedgeEvaluateDocument(const std::vector<hedge::Hedge>& hedges, const hedge::Evaluation& ev,
                               const HedgeRunInfo& info) {
  Document doc("hedge evaluate");
  AddHeader(doc, ev, info);
  AddCandidates(doc, hedges, ev, info, "hedges");
  AddByScenario(doc, hedges, ev);
  AddSla(doc, hedges, ev);
  AddBaseline(doc, ev);
  AddCosts(doc, hedges, info);
  return doc;
}

std::string HedgeEvaluateText(const std::vector<hedge::Hedge>& hedges, const hedge::Evaluation& ev,
                              const HedgeRunInfo& info) {
  std::set<std::string> unique;
  for (size_t c = 0; c < ev.candidates.size(); ++c) {
    for (const auto& n : Notes(ev, c)) unique.insert(n);
  }
  std::string notes;
  for (const auto& n : unique) notes += "note: " + n + "\n";
  return BaselineTable(ev) + "\n" + CandidatesTable(hedges, ev, info) +
         "\nloss = unserved end-use demand + lost cell/pack output (GWh); survival days: expected "
         "first shortage day of the baseline's short site/materials, hedged minus baseline\n" +
         SlaTable(hedges, ev) + notes;
}

Document HedgeOptimizeDocument(const std::vector<hedge::Hedge>& hedges, const hedge::Evaluation& ev,
                               const hedge::Portfolio& p, const HedgeRunInfo& info) {
  Document doc("hedge optimize");
  AddHeader(doc, ev, info);
  doc.Field("budget_usd_per_year", Type::kNumber, Num(p.budget_usd_per_year), "the budget")
      .Field("chosen", Type::kStringList, List(Ids(hedges, p.chosen)), "the hedges chosen")
      .Field("cost_usd_per_year", Type::kNumber, Num(p.cost_usd_per_year), "their annualised cost")
      .Field("baseline_loss_gwh", Type::kNumber, Num(p.baseline_loss_gwh),
             "unserved plus lost output without a hedge, mean over the scenarios: the cap of the estimate")
      .Field("estimated_loss_avoided_gwh", Type::kNumber, Num(p.estimated_gwh),
             "the program's objective: the singles' effects plus the interactions used, at most the baseline loss")
      .Field("simulated_loss_avoided_gwh", Type::kNumber, Num(p.simulated_effect.loss_avoided_gwh),
             "the chosen portfolio simulated (mean over the scenarios)")
      .Field("difference_pct", Type::kNumber, DifferencePct(p.estimated_gwh, p.simulated_effect.loss_avoided_gwh),
             "simulated minus estimated, percent of the estimate; none when the estimate is 0", true)
      .Field("optimal", Type::kBoolean, Bool(p.optimal), "CBC proved the portfolio optimal");
  Records& port = doc.Section("portfolio", "The hedges chosen, each with its effect alone");
  port.Add("hedge", Type::kString, "hedge id")
      .Add("kind", Type::kString, "hedge type")
      .Add("cost_usd_per_year", Type::kNumber, "annualised cost")
      .Add("loss_avoided_alone_gwh", Type::kNumber, "its effect when applied alone (mean over the scenarios)")
      .Add("shortages_removed_alone", Type::kStringList, "baseline shortages it removes alone");
  for (size_t h : p.chosen) {
    const long c = FindCandidate(ev, {h});
    const hedge::Effect e = hedge::MeanEffect(ev, static_cast<size_t>(c));
    port.Row({Text(hedges[h].id), Text(std::string(hedge::KindName(hedges[h].kind))),
              Num(hedge::TotalCost(info.costs[h])), Num(e.loss_avoided_gwh), List(e.removed)});
  }
  Records& by = doc.Section("by_scenario", "The portfolio on each scenario: estimate and simulation");
  by.Add("scenario", Type::kString, "scenario id")
      .Add("estimated_loss_avoided_gwh", Type::kNumber, "singles plus interactions used, on this scenario")
      .Add("simulated_loss_avoided_gwh", Type::kNumber, "the portfolio simulated")
      .Add("difference_pct", Type::kNumber, "simulated minus estimated, percent of the estimate", true)
      .Add("unserved_avoided_gwh", Type::kNumber, "simulated")
      .Add("lost_output_avoided_gwh", Type::kNumber, "simulated")
      .Add("shortages_removed", Type::kStringList, "baseline shortages the portfolio removes")
      .Add("shortages_added", Type::kStringList, "shortages the portfolio brings that the baseline did not have");
  for (size_t s = 0; s < ev.scenario_ids.size(); ++s) {
    const hedge::Effect& e = p.simulated_by_scenario[s];
    const double est = EstimateOn(ev, p, s);
    by.Row({Text(ev.scenario_ids[s]), Num(est), Num(e.loss_avoided_gwh), DifferencePct(est, e.loss_avoided_gwh),
            Num(e.unserved_avoided_gwh), Num(e.lost_output_avoided_gwh), List(e.removed), List(e.added)});
  }
  Records& sh = doc.Section("shortages", "Each baseline shortage, and which chosen hedge removes it");
  sh.Add("scenario", Type::kString, "scenario id")
      .Add("shortage", Type::kString, "site/material short in the baseline")
      .Add("baseline_probability", Type::kNumber, "share of runs short without a hedge")
      .Add("removed_by", Type::kStringList, "chosen hedges that remove it when applied alone")
      .Add("removed_by_portfolio", Type::kBoolean, "the portfolio simulated has it no more");
  for (size_t s = 0; s < ev.scenario_ids.size(); ++s) {
    std::set<std::string> portfolio_removed(p.simulated_by_scenario[s].removed.begin(),
                                            p.simulated_by_scenario[s].removed.end());
    for (const auto& slot : ev.baseline[s].shortages) {
      const std::string name = slot.site + "/" + slot.material;
      std::vector<std::string> by_hedge;
      for (size_t h : p.chosen) {
        const long c = FindCandidate(ev, {h});
        const auto removed = hedge::EffectOn(ev.baseline[s], ev.outcomes[static_cast<size_t>(c)][s]).removed;
        if (std::count(removed.begin(), removed.end(), name)) by_hedge.push_back(hedges[h].id);
      }
      sh.Row({Text(ev.scenario_ids[s]), Text(name), Num(slot.probability), List(by_hedge),
              Bool(portfolio_removed.count(name) > 0)});
    }
  }
  Records& in = doc.Section("interactions", "Every pair evaluated: its effect against the sum of its singles");
  in.Add("a", Type::kString, "hedge id")
      .Add("b", Type::kString, "hedge id")
      .Add("pair_loss_avoided_gwh", Type::kNumber, "the pair simulated together")
      .Add("interaction_gwh", Type::kNumber, "pair minus the two singles (negative: they overlap)")
      .Add("used", Type::kBoolean, "not additive: the program used the interaction");
  for (const hedge::Interaction& x : p.interactions) {
    in.Row({Text(hedges[x.a].id), Text(hedges[x.b].id), Num(x.pair_effect_gwh), Num(x.interaction_gwh), Bool(x.used)});
  }
  AddCandidates(doc, hedges, ev, info, "candidates");
  AddCosts(doc, hedges, info);
  return doc;
}

std::string HedgeOptimizeText(const std::vector<hedge::Hedge>& hedges, const hedge::Evaluation& ev,
                              const hedge::Portfolio& p, const HedgeRunInfo& info) {
  std::string out = BaselineTable(ev) + "\n" + CandidatesTable(hedges, ev, info) + "\n";
  Table port(fmt::format("Portfolio under a budget of {} USD/yr: {} ({} USD/yr){}",
                         Money(p.budget_usd_per_year),
                         p.chosen.empty() ? "nothing" : fmt::format("{}", fmt::join(Ids(hedges, p.chosen), " + ")),
                         Money(p.cost_usd_per_year), p.optimal ? "" : " (not proved optimal)"));
  port.Column("hedge").Column("kind").Column("cost USD/yr", Align::kRight)
      .Column("loss avoided alone GWh", Align::kRight).Column("shortages it removes alone");
  for (size_t h : p.chosen) {
    const hedge::Effect e = hedge::MeanEffect(ev, static_cast<size_t>(FindCandidate(ev, {h})));
    port.Row({hedges[h].id, std::string(hedge::KindName(hedges[h].kind)), Money(hedge::TotalCost(info.costs[h])),
              FormatNumber(e.loss_avoided_gwh, 2), e.removed.empty() ? "-" : fmt::format("{}", fmt::join(e.removed, ", "))});
  }
  Table by("Estimated (singles + interactions used) against simulated loss avoided, GWh");
  by.Column("scenario").Column("estimated", Align::kRight).Column("simulated", Align::kRight)
      .Column("difference", Align::kRight).Column("shortages removed by the portfolio");
  for (size_t s = 0; s < ev.scenario_ids.size(); ++s) {
    const hedge::Effect& e = p.simulated_by_scenario[s];
    const double est = EstimateOn(ev, p, s);
    const Cell d = DifferencePct(est, e.loss_avoided_gwh);
    by.Row({ev.scenario_ids[s], FormatNumber(est, 2), FormatNumber(e.loss_avoided_gwh, 2),
            std::holds_alternative<double>(d) ? fmt::format("{:+.1f} %", std::get<double>(d)) : "-",
            e.removed.empty() ? "-" : fmt::format("{}", fmt::join(e.removed, ", "))});
  }
  const Cell d = DifferencePct(p.estimated_gwh, p.simulated_effect.loss_avoided_gwh);
  by.Row({fmt::format("mean (capped at the baseline loss {:.2f})", p.baseline_loss_gwh), FormatNumber(p.estimated_gwh, 2), FormatNumber(p.simulated_effect.loss_avoided_gwh, 2),
          std::holds_alternative<double>(d) ? fmt::format("{:+.1f} %", std::get<double>(d)) : "-", ""});
  std::string interactions;
  for (const hedge::Interaction& x : p.interactions) {
    if (x.used) {
      interactions += fmt::format("  {} + {}: pair {:.2f} GWh, singles {:+.2f} GWh apart\n", hedges[x.a].id,
                                  hedges[x.b].id, x.pair_effect_gwh, x.interaction_gwh);
    }
  }
  const size_t pairs = p.interactions.size();
  out += port.RenderText() + "\n" + by.RenderText() + "\n" +
         fmt::format("Interactions: {} pair{} evaluated, {} not additive and used by the program{}\n", pairs,
                     pairs == 1 ? "" : "s",
                     std::count_if(p.interactions.begin(), p.interactions.end(), [](const auto& x) { return x.used; }),
                     interactions.empty() ? "" : ":") +
         interactions;
  return out;
}

}  // namespace chaintwin::report
