// Judging hedges by simulation (docs/HEDGING.md): each hedge alone and chosen combinations,
// over a set of scenarios, each scenario run as Monte Carlo when it has uncertain events (the
// same draws with and without the hedge: common random numbers, since a run's draws depend
// only on the seed, the run and the event's id). Then the portfolio under a budget that a
// mixed-integer program picks from the evaluated effects, re-simulated to confirm.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chaintwin/hedge/hedge.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/model/scenario.hpp"

namespace chaintwin::hedge {

// A scenario with the network it runs on, as loaded (baseline applied).
struct ScenarioCase {
  model::Network network;
  model::Scenario scenario;
};

// A set of hedges applied together (indices into the hedge list); empty = no hedge.
struct Candidate {
  std::vector<size_t> hedges;
};
std::string CandidateId(const std::vector<Hedge>& hedges, const Candidate& candidate);  // "a+b"

// One (site, material) that ran short in some run.
struct ShortSlot {
  std::string site;
  std::string material;
  double probability = 0.0;     // share of runs short
  double mean_first_day = 0.0;  // over the runs that were short
};

// One candidate on one scenario: means over the runs.
struct Outcome {
  uint64_t runs = 0;
  int32_t days = 0;
  double unserved_gwh = 0.0;
  double lost_production_gwh = 0.0;
  std::vector<ShortSlot> shortages;  // site, then material
  std::vector<std::string> notes;    // what a hedge could not do in this scenario
  // Each offtake of the candidate that has an SLA: scored on the scenario's nominal run, and on
  // each Monte Carlo run (the same draws as the loss figures; one run, the nominal, when
  // nothing in the scenario is uncertain).
  struct Sla {
    size_t hedge = 0;  // index into the hedge list
    SlaScore score;    // the nominal run
    uint64_t runs = 0;
    // Over the runs: mean, 10th and 90th percentile (analyze::Percentile) of OTIF and of the
    // penalty owed (USD a year). The penalty's mean is what offsets the hedge's cost.
    double otif_mean = 1.0, otif_p10 = 1.0, otif_p90 = 1.0;
    double penalty_mean = 0.0, penalty_p10 = 0.0, penalty_p90 = 0.0;
  };
  std::vector<Sla> sla;
};

struct EvaluateOptions {
  uint64_t runs = 200;  // per scenario with uncertain events (1 otherwise)
  unsigned threads = 0; // 0: one per hardware thread
  std::optional<uint64_t> seed;  // none: each scenario's own
  // Called on the calling thread with (simulations done, in all); may be empty.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct Evaluation {
  std::vector<std::string> scenario_ids;
  std::vector<Outcome> baseline;  // per scenario, no hedge
  std::vector<Candidate> candidates;
  std::vector<std::vector<Outcome>> outcomes;  // [candidate][scenario]
  double seconds = 0.0;
};

// Runs the baseline and every candidate on every scenario. Results do not depend on the thread
// count. Throws InputError when a hedge cannot be applied to a scenario's network.
Evaluation Evaluate(const std::vector<ScenarioCase>& cases, const std::vector<Hedge>& hedges,
                    const std::vector<Candidate>& candidates, const EvaluateOptions& options);

// What a candidate changes on one scenario, against the baseline (positive = better).
struct Effect {
  double unserved_avoided_gwh = 0.0;
  double lost_output_avoided_gwh = 0.0;
  // Mean over the (site, material) pairs short in the baseline of the expected first shortage
  // day (the horizon when never short), hedged minus baseline.
  double survival_days_gained = 0.0;
  // The objective of `hedge optimize`: unserved plus lost cell output avoided, GWh.
  double loss_avoided_gwh = 0.0;
  // SLA penalties the candidate's offtake suppliers owe (USD a year): they offset its cost.
  double sla_penalty_usd_per_year = 0.0;
  // Baseline shortages (site/material) no run has any more, and new ones.
  std::vector<std::string> removed;
  std::vector<std::string> added;
};
Effect EffectOn(const Outcome& baseline, const Outcome& hedged);
// The mean over the scenarios (each weighted equally); removed/added joined as "scenario: x".
Effect MeanEffect(const Evaluation& evaluation, size_t candidate);

// The portfolio `hedge optimize` chose, and what re-simulating it found.
struct Interaction {
  size_t a = 0, b = 0;  // hedge indices
  double pair_effect_gwh = 0.0;      // simulated effect of the pair
  double interaction_gwh = 0.0;      // pair minus the two singles
  bool used = false;                 // not additive: entered the program
};
struct Portfolio {
  double budget_usd_per_year = 0.0;
  std::vector<size_t> chosen;  // hedge indices, ascending
  double cost_usd_per_year = 0.0;
  double estimated_gwh = 0.0;  // the program's objective: singles plus interactions used,
                               // at most the baseline loss
  double baseline_loss_gwh = 0.0;  // mean over the scenarios without a hedge: the cap
  bool optimal = true;
  std::vector<Interaction> interactions;  // every evaluated pair
  Evaluation simulated;                   // the chosen portfolio re-simulated (one candidate)
  Effect simulated_effect;                // its mean effect
  std::vector<Effect> simulated_by_scenario;
};

// Picks the hedges maximising the loss avoided (`Effect::loss_avoided_gwh`, mean over the
// scenarios) under `budget` US dollars per year with a mixed-integer program (CBC): the singles'
// effects plus, for each evaluated pair whose effect differs from the sum of its singles by
// more than `tolerance_gwh`, the difference on the pair; capped at the mean baseline loss. `evaluation` must hold every single
// (candidate {i} for each hedge i) and may hold pairs. Then simulates the chosen portfolio.
Portfolio Optimize(const std::vector<ScenarioCase>& cases, const std::vector<Hedge>& hedges,
                   const std::vector<double>& costs, const Evaluation& evaluation,
                   double budget, double tolerance_gwh, const EvaluateOptions& options);

}  // namespace chaintwin::hedge
