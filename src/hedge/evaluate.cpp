// Hedges judged by the engine: every (candidate, scenario) pair is one task - apply the hedges
// to copies of the network and scenario, compile, resolve, run the scenario's Monte Carlo - and
// the tasks share a pool of threads; each writes only its own slot, so the results do not
// depend on the thread count. Then the budgeted portfolio (opt/portfolio.hpp), re-simulated.
#include "chaintwin/hedge/evaluate.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "chaintwin/analyze/montecarlo.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/opt/portfolio.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::hedge {
namespace {

// Records, after each day, what the lane audit has counted so far on the lanes of interest:
// shipped, and due - the orders placed, plus each day a lane could take none (blocked, or its
// supplier closed) at the lane's baseline daily flow, what the buyer would have ordered.
class LaneDays : public sim::TimelineSink {
 public:
  LaneDays(const sim::RunOptions::LaneAudit& audit, std::vector<std::vector<uint32_t>> groups)
      : audit_(audit), groups_(std::move(groups)), due_(groups_.size()), shipped_(groups_.size()) {}
  void Day(const model::CompiledNetwork& net, const sim::DayFigures&) override {
    for (size_t g = 0; g < groups_.size(); ++g) {
      double due = 0.0, sent = 0.0;
      for (uint32_t l : groups_[g]) {
        due += audit_.ordered[l] + audit_.unusable_days[l] * net.lane_expected_flow[l];
        sent += audit_.shipped[l];
      }
      due_[g].push_back(due);
      shipped_[g].push_back(sent);
    }
  }
  // Per day, what was due (or shipped) that day on group g's lanes.
  std::vector<double> Daily(size_t g, bool shipped) const {
    const std::vector<double>& cum = shipped ? shipped_[g] : due_[g];
    std::vector<double> out(cum.size());
    for (size_t t = 0; t < cum.size(); ++t) out[t] = cum[t] - (t > 0 ? cum[t - 1] : 0.0);
    return out;
  }

 private:
  const sim::RunOptions::LaneAudit& audit_;
  std::vector<std::vector<uint32_t>> groups_;
  std::vector<std::vector<double>> due_, shipped_;
};

// The lanes an offtake's contracts cover: from the supplier's slot of the material to its buyers.
std::vector<uint32_t> OfftakeLanes(const Offtake& o, const model::CompiledNetwork& net) {
  std::vector<uint32_t> out;
  const SlotId from = net.FindSlot(net.FindSite(o.supplier), net.FindMaterial(o.material));
  if (!from.valid()) return out;
  for (uint32_t i = net.out_begin[from.value]; i < net.out_begin[from.value + 1]; ++i) {
    const LaneId l = net.out_lanes[i];
    const std::string& buyer = net.site_key[net.slot_site[net.lane_to[l.value].value].value];
    if (std::find(o.buyers.begin(), o.buyers.end(), buyer) != o.buyers.end()) {
      out.push_back(l.value);
    }
  }
  return out;
}

// True when `event` (resolved) hits the offtake: blocks or caps one of its lanes, closes a
// chokepoint one of them crosses, or stops a process of the supplier.
bool HitsContract(const model::ResolvedEvent& event, const std::vector<uint32_t>& lanes,
                  SiteId supplier, const model::CompiledNetwork& net) {
  for (LaneId l : event.lanes) {
    if (std::find(lanes.begin(), lanes.end(), l.value) != lanes.end()) return true;
  }
  for (ChokepointId c : event.chokepoints) {
    for (uint32_t l : lanes) {
      for (uint32_t k = net.lane_crossing_begin[l]; k < net.lane_crossing_begin[l + 1]; ++k) {
        if (net.crossing_chokepoint[k] == c) return true;
      }
    }
  }
  for (ProcessId p : event.processes) {
    if (supplier.valid() && net.process_site[p.value] == supplier) return true;
  }
  return false;
}

// Per scenario day, 1 where an event of one of the offtake's force-majeure kinds hits it in the
// run drawn as `schedule`.
std::vector<uint8_t> ExcusedDays(const Offtake& o, const std::vector<uint32_t>& lanes,
                                 const model::CompiledNetwork& net,
                                 const model::ResolvedScenario& resolved,
                                 const model::EventSchedule& schedule) {
  std::vector<uint8_t> out(static_cast<size_t>(std::max(0, resolved.horizon_days)), 0);
  if (o.force_majeure.empty()) return out;
  const SiteId supplier = net.FindSite(o.supplier);
  for (size_t e = 0; e < resolved.events.size(); ++e) {
    const model::ResolvedEvent& ev = resolved.events[e];
    if (std::find(o.force_majeure.begin(), o.force_majeure.end(), ev.kind) == o.force_majeure.end()) continue;
    if (!HitsContract(ev, lanes, supplier, net)) continue;
    const int32_t first = std::max(0, schedule[e].start_day);
    const int32_t end = std::min(resolved.horizon_days, schedule[e].end_day);
    for (int32_t t = first; t < end; ++t) out[static_cast<size_t>(t)] = 1;
  }
  return out;
}

// Scores every offtake of `candidate` that has an SLA on the run drawn as `schedule`, with the
// lane audit: one score per offtake, in the order of `scored`.
std::vector<SlaScore> ScoreRun(const std::vector<Hedge>& hedges, const std::vector<size_t>& scored,
                               const std::vector<std::vector<uint32_t>>& groups,
                               const model::CompiledNetwork& compiled,
                               const model::ResolvedScenario& resolved, int32_t start_date,
                               sim::Engine& engine, const model::EventSchedule& schedule) {
  sim::RunOptions::LaneAudit audit;
  sim::RunOptions options;
  options.lane_audit = &audit;
  LaneDays days(audit, groups);
  engine.Run(resolved, schedule, options, &days);
  std::vector<SlaScore> out;
  for (size_t g = 0; g < scored.size(); ++g) {
    const Offtake& o = hedges[scored[g]].offtake;
    const int32_t first = o.start.value_or(start_date) - start_date;
    const int32_t end = first + static_cast<int32_t>(std::lround(o.term_years * 365.0));
    const std::vector<uint8_t> excused = ExcusedDays(o, groups[g], compiled, resolved, schedule);
    out.push_back(ScoreSla(o, days.Daily(g, false), days.Daily(g, true), first, end, &excused));
  }
  return out;
}

// Scores every offtake of `candidate` that has an SLA on the nominal run and, when the scenario
// is uncertain, on each of the `runs` Monte Carlo runs (the draws RunMonteCarlo makes).
void ScoreOfftakes(const std::vector<Hedge>& hedges, const Candidate& candidate,
                   const model::CompiledNetwork& compiled, const model::ResolvedScenario& resolved,
                   int32_t start_date, uint64_t runs, uint64_t seed, Outcome& out) {
  std::vector<size_t> scored;
  std::vector<std::vector<uint32_t>> groups;
  for (size_t h : candidate.hedges) {
    if (hedges[h].kind != Kind::kOfftake || !hedges[h].offtake.sla_otif) continue;
    scored.push_back(h);
    groups.push_back(OfftakeLanes(hedges[h].offtake, compiled));
  }
  if (scored.empty()) return;
  sim::Engine engine = sim::Engine::Create(compiled);
  const std::vector<SlaScore> nominal = ScoreRun(hedges, scored, groups, compiled, resolved,
                                                 start_date, engine, model::NominalSchedule(resolved));
  std::vector<std::vector<SlaScore>> per_run;  // [run][offtake]
  if (analyze::HasUncertainty(resolved)) {
    for (uint64_t run = 0; run < runs; ++run) {
      per_run.push_back(ScoreRun(hedges, scored, groups, compiled, resolved, start_date, engine,
                                 model::SampleSchedule(resolved, seed, run)));
    }
  } else {
    per_run.push_back(nominal);
  }
  for (size_t g = 0; g < scored.size(); ++g) {
    Outcome::Sla sla{scored[g], nominal[g]};
    std::vector<double> otif, penalty;
    for (const auto& run : per_run) {
      otif.push_back(run[g].otif);
      penalty.push_back(run[g].penalty_usd_per_year);
    }
    sla.runs = per_run.size();
    double sum_otif = 0.0, sum_penalty = 0.0;
    for (size_t r = 0; r < otif.size(); ++r) {
      sum_otif += otif[r];
      sum_penalty += penalty[r];
    }
    sla.otif_mean = sum_otif / static_cast<double>(otif.size());
    sla.penalty_mean = sum_penalty / static_cast<double>(penalty.size());
    sla.otif_p10 = analyze::Percentile(otif, 0.1);
    sla.otif_p90 = analyze::Percentile(otif, 0.9);
    sla.penalty_p10 = analyze::Percentile(penalty, 0.1);
    sla.penalty_p90 = analyze::Percentile(penalty, 0.9);
    out.sla.push_back(sla);
  }
}

Outcome RunOne(const ScenarioCase& sc, const std::vector<Hedge>& hedges, const Candidate& candidate,
               const EvaluateOptions& options, unsigned threads) {
  model::Network network = sc.network;
  model::Scenario scenario = sc.scenario;
  Outcome out;
  for (size_t h : candidate.hedges) {
    auto notes = ApplyHedge(hedges[h], network, scenario);
    out.notes.insert(out.notes.end(), notes.begin(), notes.end());
  }
  const model::CompiledNetwork compiled = model::Compile(network);
  const model::ResolvedScenario resolved = model::Resolve(compiled, scenario);
  analyze::MonteCarloOptions mc;
  mc.runs = options.runs;
  mc.seed = options.seed.value_or(scenario.seed);
  mc.threads = threads;
  const analyze::MonteCarloResults r = analyze::RunMonteCarlo(compiled, resolved, mc);
  out.runs = r.runs;
  out.days = r.days;
  out.unserved_gwh = r.lost.mean;
  double lost = 0.0;
  for (double v : r.lost_production_gwh) lost += v;
  out.lost_production_gwh = r.lost_production_gwh.empty() ? 0.0 : lost / static_cast<double>(r.runs);
  for (const analyze::ShortageRisk& s : r.shortage_risk) {
    out.shortages.push_back({compiled.site_key[s.site.value], compiled.material_key[s.material.value],
                             s.probability, s.mean_first_day});
  }
  std::sort(out.shortages.begin(), out.shortages.end(), [](const ShortSlot& a, const ShortSlot& b) {
    return std::tie(a.site, a.material) < std::tie(b.site, b.material);
  });
  ScoreOfftakes(hedges, candidate, compiled, resolved, scenario.start, mc.runs, mc.seed, out);
  return out;
}

std::string SlotName(const ShortSlot& s) { return s.site + "/" + s.material; }

// Runs `tasks` (candidate or -1 for the baseline, scenario) on `threads` threads.
void RunTasks(const std::vector<ScenarioCase>& cases, const std::vector<Hedge>& hedges,
              const std::vector<Candidate>& candidates, const EvaluateOptions& options,
              Evaluation& ev, bool with_baseline) {
  struct Task {
    long candidate;  // -1: baseline
    size_t scenario;
  };
  std::vector<Task> tasks;
  for (size_t s = 0; s < cases.size(); ++s) {
    if (with_baseline) tasks.push_back({-1, s});
    for (size_t c = 0; c < candidates.size(); ++c) tasks.push_back({static_cast<long>(c), s});
  }
  if (with_baseline) ev.baseline.assign(cases.size(), Outcome{});
  ev.outcomes.assign(candidates.size(), std::vector<Outcome>(cases.size()));
  unsigned threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // Fewer tasks than threads: the spare threads go to each task's Monte Carlo runs.
  const unsigned pool_size = static_cast<unsigned>(std::min<size_t>(threads, tasks.size()));
  const unsigned mc_threads = std::max(1u, threads / std::max(1u, pool_size));
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> done{0};
  std::mutex mutex;
  std::condition_variable finished;
  unsigned workers_done = 0;
  std::exception_ptr failure;
  auto worker = [&] {
    for (;;) {
      const size_t t = next.fetch_add(1);
      if (t >= tasks.size()) break;
      const Task& task = tasks[t];
      static const Candidate kNone;
      const Candidate& c = task.candidate < 0 ? kNone : candidates[static_cast<size_t>(task.candidate)];
      try {
        Outcome o = RunOne(cases[task.scenario], hedges, c, options, mc_threads);
        if (task.candidate < 0) {
          ev.baseline[task.scenario] = std::move(o);
        } else {
          ev.outcomes[static_cast<size_t>(task.candidate)][task.scenario] = std::move(o);
        }
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        next.store(tasks.size());
      }
      done.fetch_add(1);
    }
    std::lock_guard<std::mutex> lock(mutex);
    ++workers_done;
    finished.notify_all();
  };
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < pool_size; ++i) pool.emplace_back(worker);
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (workers_done < pool_size) {
      finished.wait_for(lock, std::chrono::milliseconds(100), [&] { return workers_done == pool_size; });
      if (options.progress) {
        lock.unlock();
        options.progress(done.load(), tasks.size());
        lock.lock();
      }
    }
  }
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

std::string CandidateId(const std::vector<Hedge>& hedges, const Candidate& candidate) {
  if (candidate.hedges.empty()) return "none";
  std::string id;
  for (size_t h : candidate.hedges) id += (id.empty() ? "" : "+") + hedges[h].id;
  return id;
}

Evaluation Evaluate(const std::vector<ScenarioCase>& cases, const std::vector<Hedge>& hedges,
                    const std::vector<Candidate>& candidates, const EvaluateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Evaluation ev;
  // A hedge a scenario already holds (its `hedges:`) would be applied twice: refused up front,
  // before any worker thread applies it.
  std::vector<const Hedge*> used;
  for (const Candidate& c : candidates) {
    for (size_t h : c.hedges) {
      if (std::find(used.begin(), used.end(), &hedges[h]) == used.end()) used.push_back(&hedges[h]);
    }
  }
  std::vector<const model::Scenario*> scenarios;
  for (const ScenarioCase& c : cases) scenarios.push_back(&c.scenario);
  CheckNotApplied(used, scenarios);
  for (const ScenarioCase& c : cases) ev.scenario_ids.push_back(c.scenario.id);
  ev.candidates = candidates;
  RunTasks(cases, hedges, candidates, options, ev, true);
  ev.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return ev;
}

Effect EffectOn(const Outcome& base, const Outcome& hedged) {
  Effect e;
  e.unserved_avoided_gwh = base.unserved_gwh - hedged.unserved_gwh;
  e.lost_output_avoided_gwh = base.lost_production_gwh - hedged.lost_production_gwh;
  e.loss_avoided_gwh = e.unserved_avoided_gwh + e.lost_output_avoided_gwh;
  for (const Outcome::Sla& s : hedged.sla) e.sla_penalty_usd_per_year += s.penalty_mean;
  std::map<std::string, const ShortSlot*> after;
  for (const ShortSlot& s : hedged.shortages) after[SlotName(s)] = &s;
  double gained = 0.0;
  for (const ShortSlot& s : base.shortages) {
    const double days = base.days;
    const double before = s.probability * s.mean_first_day + (1.0 - s.probability) * days;
    auto it = after.find(SlotName(s));
    const double now = it == after.end() ? days
                                         : it->second->probability * it->second->mean_first_day +
                                               (1.0 - it->second->probability) * days;
    gained += now - before;
    if (it == after.end()) e.removed.push_back(SlotName(s));
  }
  if (!base.shortages.empty()) e.survival_days_gained = gained / static_cast<double>(base.shortages.size());
  std::map<std::string, bool> before;
  for (const ShortSlot& s : base.shortages) before[SlotName(s)] = true;
  for (const ShortSlot& s : hedged.shortages) {
    if (!before.count(SlotName(s))) e.added.push_back(SlotName(s));
  }
  return e;
}

namespace {

Effect MeanOver(const std::vector<std::string>& ids, const std::vector<Outcome>& base,
                const std::vector<Outcome>& hedged, std::vector<Effect>* by_scenario) {
  Effect mean;
  const double n = static_cast<double>(std::max<size_t>(1, base.size()));
  for (size_t s = 0; s < base.size(); ++s) {
    Effect e = EffectOn(base[s], hedged[s]);
    mean.unserved_avoided_gwh += e.unserved_avoided_gwh / n;
    mean.lost_output_avoided_gwh += e.lost_output_avoided_gwh / n;
    mean.loss_avoided_gwh += e.loss_avoided_gwh / n;
    mean.survival_days_gained += e.survival_days_gained / n;
    mean.sla_penalty_usd_per_year += e.sla_penalty_usd_per_year / n;
    const std::string prefix = base.size() > 1 ? ids[s] + ": " : "";
    for (const auto& x : e.removed) mean.removed.push_back(prefix + x);
    for (const auto& x : e.added) mean.added.push_back(prefix + x);
    if (by_scenario) by_scenario->push_back(std::move(e));
  }
  return mean;
}

}  // namespace

Effect MeanEffect(const Evaluation& ev, size_t candidate) {
  return MeanOver(ev.scenario_ids, ev.baseline, ev.outcomes[candidate], nullptr);
}

Portfolio Optimize(const std::vector<ScenarioCase>& cases, const std::vector<Hedge>& hedges,
                   const std::vector<double>& costs, const Evaluation& ev, double budget,
                   double tolerance_gwh, const EvaluateOptions& options) {
  opt::PortfolioProblem problem;
  problem.value.assign(hedges.size(), 0.0);
  problem.cost = costs;
  problem.budget = budget;
  std::vector<bool> have(hedges.size(), false);
  std::map<std::pair<size_t, size_t>, double> pair_effect;
  for (size_t c = 0; c < ev.candidates.size(); ++c) {
    const auto& hs = ev.candidates[c].hedges;
    if (hs.size() == 1) {
      problem.value[hs[0]] = MeanEffect(ev, c).loss_avoided_gwh;
      have[hs[0]] = true;
    } else if (hs.size() == 2) {
      pair_effect[{std::min(hs[0], hs[1]), std::max(hs[0], hs[1])}] = MeanEffect(ev, c).loss_avoided_gwh;
    }
  }
  for (size_t h = 0; h < hedges.size(); ++h) {
    if (!have[h]) throw Error(fmt::format("hedge {} was not evaluated alone", hedges[h].id));
  }
  // No portfolio avoids more than the scenarios lose: the mean baseline loss caps the estimate.
  double loss = 0.0;
  for (const Outcome& b : ev.baseline) loss += b.unserved_gwh + b.lost_production_gwh;
  problem.max_value = loss / static_cast<double>(std::max<size_t>(1, ev.baseline.size()));
  Portfolio out;
  out.budget_usd_per_year = budget;
  out.baseline_loss_gwh = *problem.max_value;
  for (const auto& [pair, effect] : pair_effect) {
    Interaction in;
    in.a = pair.first;
    in.b = pair.second;
    in.pair_effect_gwh = effect;
    in.interaction_gwh = effect - problem.value[pair.first] - problem.value[pair.second];
    in.used = std::fabs(in.interaction_gwh) > tolerance_gwh;
    if (in.used) problem.pairs.push_back({in.a, in.b, in.interaction_gwh});
    out.interactions.push_back(in);
  }
  const opt::PortfolioSolution solution = opt::SolvePortfolio(problem);
  out.chosen = solution.chosen;
  out.cost_usd_per_year = solution.cost;
  out.estimated_gwh = solution.value;
  out.optimal = solution.optimal;
  Candidate portfolio{out.chosen};
  out.simulated.scenario_ids = ev.scenario_ids;
  out.simulated.candidates = {portfolio};
  out.simulated.baseline = ev.baseline;
  RunTasks(cases, hedges, out.simulated.candidates, options, out.simulated, false);
  out.simulated_effect =
      MeanOver(ev.scenario_ids, ev.baseline, out.simulated.outcomes[0], &out.simulated_by_scenario);
  return out;
}

}  // namespace chaintwin::hedge
