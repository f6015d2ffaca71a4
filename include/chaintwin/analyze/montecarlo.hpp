// Monte Carlo over uncertain event durations and severities: many runs of one scenario, each
// with its own draws (model::SampleSchedule(scenario, seed, run)), and what they add up to:
// the distribution of lost GWh, the probability of shortage per site and material, and the
// events that contribute most. Results are identical for any thread count: each run's draws
// depend only on (seed, run index), runs write into per-run slots, and everything is
// aggregated afterwards in run order.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/ids.hpp"

namespace chaintwin::analyze {

struct MonteCarloOptions {
  uint64_t runs = 1000;
  uint64_t seed = 1;
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency() (at least 1)
  double level = 0.95;   // of value at risk and expected shortfall, in (0, 1)
  // Called on the calling thread about ten times a second and once at the end with
  // (runs done, runs in all). May be empty.
  std::function<void(uint64_t done, uint64_t total)> progress;
  // When set and it turns true, no further run starts and RunMonteCarlo returns soon with
  // `cancelled` set and nothing else filled in (the server's cancelled jobs). May be null.
  const std::atomic<bool>* cancel = nullptr;
  // Options of every run (protocol override, days). Allocation records are not kept.
  sim::RunOptions run;
};

// How often a (site, material) ran short over the runs.
struct ShortageRisk {
  SiteId site;
  MaterialId material;
  uint64_t runs_short = 0;
  double probability = 0.0;     // runs_short / runs
  double mean_first_day = 0.0;  // mean first shortage day over the runs that were short
};

// One uncertain quantity of one event (a duration or a severity that is not fixed), and how
// the runs' lost GWh moves with its draws.
struct EventContribution {
  std::string event;     // event id
  std::string quantity;  // "duration" (days) or "severity"
  double mean_draw = 0.0;
  // Spearman rank correlation of the draws with lost GWh (average ranks for ties; 0 when
  // either side is constant).
  double rank_correlation = 0.0;
  // Mean lost GWh of the runs whose draw is above the median draw, and of the others.
  double lost_gwh_above_median = 0.0;
  double lost_gwh_below_median = 0.0;
};

// Summary statistics of a sample. Percentiles interpolate linearly between order statistics
// (x sorted, h = (n-1) p: x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])).
struct LossStats {
  double mean = 0.0;
  double stddev = 0.0;  // sample standard deviation (n - 1); 0 for one run
  double min = 0.0;
  double max = 0.0;
  double p5 = 0.0, p50 = 0.0, p95 = 0.0, p99 = 0.0;
  double value_at_risk = 0.0;       // the `level` percentile of losses
  double expected_shortfall = 0.0;  // mean of the k = ceil(n (1 - level)) largest losses
};
LossStats ComputeLossStats(const std::vector<double>& losses, double level);
double Percentile(std::vector<double> values, double p);  // p in [0, 1]

struct MonteCarloResults {
  bool cancelled = false;  // options.cancel stopped it; no other field is meaningful
  std::string scenario_id;
  uint64_t runs = 0;            // runs made: 1 when nothing is uncertain
  uint64_t runs_requested = 0;  // options.runs
  // No event has an uncertain duration or severity: every run would be the same, so one was
  // made (it equals `chaintwin simulate`).
  bool nothing_uncertain = false;
  uint64_t seed = 0;
  unsigned threads = 0;
  double level = 0.95;
  int32_t days = 0;
  double seconds = 0.0;                     // wall time of the runs
  std::vector<double> lost_gwh;             // per run, in run order: Results::totals.unserved_gwh
  std::vector<double> lost_production_gwh;  // per run
  LossStats lost;                           // of lost_gwh
  double mean_demand_gwh = 0.0;
  double probability_any_loss = 0.0;             // share of runs with lost GWh > 0
  std::vector<ShortageRisk> shortage_risk;       // probability desc, then site, material
  std::vector<EventContribution> contributions;  // |rank correlation| desc, then event order
};

// True when some event of `scenario` has a duration or severity that is not fixed.
bool HasUncertainty(const model::ResolvedScenario& scenario);

// Runs `scenario` options.runs times, or once when nothing in it is uncertain. Requires: `scenario` was resolved on `network`, which
// outlives the call; options.runs >= 1; 0 < options.level < 1. Throws nothing for valid input.
MonteCarloResults RunMonteCarlo(const model::CompiledNetwork& network,
                                const model::ResolvedScenario& scenario,
                                const MonteCarloOptions& options);

}  // namespace chaintwin::analyze
