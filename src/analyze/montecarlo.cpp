// Monte Carlo runs on threads; aggregation in run order so any thread count gives the same
// numbers (the contract is in include/chaintwin/analyze/montecarlo.hpp).
#include "chaintwin/analyze/montecarlo.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "chaintwin/util/check.hpp"
#include "chaintwin/util/ksum.hpp"

namespace chaintwin::analyze {
namespace {

// What one run leaves behind; written only by the thread that ran it.
struct RunRecord {
  double lost_gwh = 0.0;
  double lost_production_gwh = 0.0;
  double demand_gwh = 0.0;
  std::vector<std::pair<uint32_t, int32_t>> first_short;  // (slot, first day), slot order
  model::EventSchedule draws;
};

double Mean(const std::vector<double>& x) {
  util::KahanSum sum;
  for (double v : x) sum.Add(v);
  return x.empty() ? 0.0 : sum.Value() / static_cast<double>(x.size());
}

// Average ranks (1-based), ties sharing the mean of their positions.
std::vector<double> Ranks(const std::vector<double>& x) {
  std::vector<uint32_t> order(x.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    double r = 0.5 * static_cast<double>(i + j) + 1.0;
    for (size_t k = i; k <= j; ++k) rank[order[k]] = r;
    i = j + 1;
  }
  return rank;
}

double Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  double mx = Mean(x), my = Mean(y);
  util::KahanSum sxy, sxx, syy;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy.Add((x[i] - mx) * (y[i] - my));
    sxx.Add((x[i] - mx) * (x[i] - mx));
    syy.Add((y[i] - my) * (y[i] - my));
  }
  if (sxx.Value() <= 0.0 || syy.Value() <= 0.0) return 0.0;
  return sxy.Value() / std::sqrt(sxx.Value() * syy.Value());
}

EventContribution Contribution(const std::string& event, const std::string& quantity,
                               const std::vector<double>& draws, const std::vector<double>& lost) {
  EventContribution c;
  c.event = event;
  c.quantity = quantity;
  c.mean_draw = Mean(draws);
  c.rank_correlation = Pearson(Ranks(draws), Ranks(lost));
  double median = Percentile(draws, 0.5);
  util::KahanSum above, below;
  uint64_t n_above = 0, n_below = 0;
  for (size_t r = 0; r < draws.size(); ++r) {
    if (draws[r] > median) {
      above.Add(lost[r]);
      ++n_above;
    } else {
      below.Add(lost[r]);
      ++n_below;
    }
  }
  c.lost_gwh_above_median = n_above ? above.Value() / static_cast<double>(n_above) : 0.0;
  c.lost_gwh_below_median = n_below ? below.Value() / static_cast<double>(n_below) : 0.0;
  return c;
}

}  // namespace

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  double h = static_cast<double>(values.size() - 1) * std::clamp(p, 0.0, 1.0);
  size_t lo = static_cast<size_t>(std::floor(h));
  size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

LossStats ComputeLossStats(const std::vector<double>& losses, double level) {
  LossStats s;
  if (losses.empty()) return s;
  const size_t n = losses.size();
  s.mean = Mean(losses);
  util::KahanSum squares;
  for (double v : losses) squares.Add((v - s.mean) * (v - s.mean));
  s.stddev = n > 1 ? std::sqrt(squares.Value() / static_cast<double>(n - 1)) : 0.0;
  std::vector<double> sorted = losses;
  std::sort(sorted.begin(), sorted.end());
  s.min = sorted.front();
  s.max = sorted.back();
  s.p5 = Percentile(sorted, 0.05);
  s.p50 = Percentile(sorted, 0.50);
  s.p95 = Percentile(sorted, 0.95);
  s.p99 = Percentile(sorted, 0.99);
  s.value_at_risk = Percentile(sorted, level);
  // The tail is the k worst runs; 1e-9 keeps 100 x (1 - 0.95) = 5.000000000000004 at 5.
  double tail = static_cast<double>(n) * (1.0 - level);
  size_t k = static_cast<size_t>(std::ceil(tail - 1e-9));
  k = std::clamp<size_t>(k, 1, n);
  util::KahanSum worst;
  for (size_t i = n - k; i < n; ++i) worst.Add(sorted[i]);
  s.expected_shortfall = worst.Value() / static_cast<double>(k);
  return s;
}

bool HasUncertainty(const model::ResolvedScenario& scenario) {
  return std::any_of(scenario.events.begin(), scenario.events.end(), [](const auto& e) {
    return !e.duration_days.IsFixed() || !e.severity.IsFixed();
  });
}

MonteCarloResults RunMonteCarlo(const model::CompiledNetwork& net,
                                const model::ResolvedScenario& scenario,
                                const MonteCarloOptions& options) {
  CT_CHECK(scenario.network == &net, "scenario resolved on another network");
  CT_CHECK(options.runs >= 1, "at least one run");
  CT_CHECK(options.level > 0.0 && options.level < 1.0, "level in (0, 1)");
  // The draws are the only thing that differs between runs: with none, N runs are N copies.
  const bool nothing_uncertain = !HasUncertainty(scenario);
  const uint64_t runs = nothing_uncertain ? 1 : options.runs;
  unsigned threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<uint64_t>(threads, runs));

  sim::RunOptions run_options = options.run;
  run_options.max_allocation_records = 0;
  run_options.lane_audit = nullptr;

  std::vector<RunRecord> records(runs);
  std::atomic<uint64_t> next{0}, done{0};
  std::mutex mutex;
  std::condition_variable finished;
  unsigned workers_done = 0;
  auto worker = [&] {
    sim::Engine engine = sim::Engine::Create(net);
    for (;;) {
      if (options.cancel && options.cancel->load(std::memory_order_relaxed)) break;
      uint64_t run = next.fetch_add(1, std::memory_order_relaxed);
      if (run >= runs) break;
      RunRecord& rec = records[run];
      rec.draws = model::SampleSchedule(scenario, options.seed, run);
      sim::Results res = engine.Run(scenario, rec.draws, run_options);
      rec.lost_gwh = res.totals.unserved_gwh;
      rec.lost_production_gwh = res.totals.lost_production_gwh;
      rec.demand_gwh = res.totals.demand_gwh;
      for (const sim::Shortage& s : res.shortages) {
        SlotId slot = net.FindSlot(s.site, s.material);
        if (slot.valid()) rec.first_short.emplace_back(slot.value, s.first_day);
      }
      // Earliest episode per slot, in slot order.
      std::sort(rec.first_short.begin(), rec.first_short.end());
      rec.first_short.erase(
          std::unique(rec.first_short.begin(), rec.first_short.end(),
                      [](const auto& a, const auto& b) { return a.first == b.first; }),
          rec.first_short.end());
      done.fetch_add(1, std::memory_order_relaxed);
    }
    std::lock_guard<std::mutex> lock(mutex);
    ++workers_done;
    finished.notify_all();
  };

  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (workers_done < threads) {
      finished.wait_for(lock, std::chrono::milliseconds(100),
                        [&] { return workers_done == threads; });
      if (options.progress && workers_done < threads) {
        lock.unlock();
        options.progress(done.load(std::memory_order_relaxed), runs);
        lock.lock();
      }
    }
  }
  for (std::thread& t : pool) t.join();
  MonteCarloResults out;
  if (options.cancel && options.cancel->load()) {
    out.cancelled = true;
    return out;
  }
  if (options.progress) options.progress(runs, runs);

  out.scenario_id = scenario.id;
  out.runs = runs;
  out.runs_requested = options.runs;
  out.nothing_uncertain = nothing_uncertain;
  out.seed = options.seed;
  out.threads = threads;
  out.level = options.level;
  out.days = run_options.days > 0 ? run_options.days : scenario.horizon_days;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Everything below reads the records in run order.
  std::vector<double> demand(runs);
  out.lost_gwh.resize(runs);
  out.lost_production_gwh.resize(runs);
  uint64_t any_loss = 0;
  std::vector<uint64_t> short_runs(net.num_slots(), 0);
  std::vector<util::KahanSum> first_day_sum(net.num_slots());
  for (uint64_t r = 0; r < runs; ++r) {
    out.lost_gwh[r] = records[r].lost_gwh;
    out.lost_production_gwh[r] = records[r].lost_production_gwh;
    demand[r] = records[r].demand_gwh;
    if (records[r].lost_gwh > 0.0) ++any_loss;
    for (const auto& [slot, first] : records[r].first_short) {
      ++short_runs[slot];
      first_day_sum[slot].Add(first);
    }
  }
  out.lost = ComputeLossStats(out.lost_gwh, options.level);
  out.mean_demand_gwh = Mean(demand);
  out.probability_any_loss = static_cast<double>(any_loss) / static_cast<double>(runs);
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    if (short_runs[slot] == 0) continue;
    ShortageRisk risk;
    risk.site = net.slot_site[slot];
    risk.material = net.slot_material[slot];
    risk.runs_short = short_runs[slot];
    risk.probability = static_cast<double>(short_runs[slot]) / static_cast<double>(runs);
    risk.mean_first_day = first_day_sum[slot].Value() / static_cast<double>(short_runs[slot]);
    out.shortage_risk.push_back(risk);
  }
  std::stable_sort(
      out.shortage_risk.begin(), out.shortage_risk.end(),
      [](const ShortageRisk& a, const ShortageRisk& b) { return a.probability > b.probability; });

  for (size_t e = 0; e < scenario.events.size(); ++e) {
    const model::ResolvedEvent& event = scenario.events[e];
    if (!event.duration_days.IsFixed()) {
      std::vector<double> draws(runs);
      for (uint64_t r = 0; r < runs; ++r) {
        draws[r] = records[r].draws[e].end_day - records[r].draws[e].start_day;
      }
      out.contributions.push_back(Contribution(event.key, "duration", draws, out.lost_gwh));
    }
    if (!event.severity.IsFixed()) {
      std::vector<double> draws(runs);
      for (uint64_t r = 0; r < runs; ++r) draws[r] = records[r].draws[e].severity;
      out.contributions.push_back(Contribution(event.key, "severity", draws, out.lost_gwh));
    }
  }
  std::stable_sort(out.contributions.begin(), out.contributions.end(),
                   [](const EventContribution& a, const EventContribution& b) {
                     return std::fabs(a.rank_correlation) > std::fabs(b.rank_correlation);
                   });
  return out;
}

}  // namespace chaintwin::analyze
