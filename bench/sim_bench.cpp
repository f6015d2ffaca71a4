// Simulation speed (DESIGN.md §11): generated networks of 1,000, 10,000 and 100,000 sites run
// for 365 days on one thread (and on two: BM_Simulate365Threads2). Counters: site-days per second and the process's peak resident
// memory (getrusage ru_maxrss, so it is the peak so far: read it on the largest case).
// Also: Compile() alone, and the whole library path of `chaintwin simulate` on files
// (LoadScenario + Compile + Run) with the loader timed on its own.
//
//   build-bench/bench/sim_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <filesystem>
#include <map>
#include <memory>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/sim/engine.hpp"
#include "bench_util.hpp"

namespace {

using namespace chaintwin;
using chaintwin::bench::PeakRssMiB;

constexpr int32_t kDays = 365;
constexpr uint64_t kSeed = 42;

// One generated case per size, kept for the life of the program (the benchmarks repeat).
const io::GeneratedCase& Case(int64_t sites) {
  static std::map<int64_t, std::unique_ptr<io::GeneratedCase>> cases;
  auto& slot = cases[sites];
  if (!slot) {
    io::GenerateOptions o;
    o.sites = sites;
    o.seed = kSeed;
    o.horizon_days = kDays;
    slot = std::make_unique<io::GeneratedCase>(io::Generate(o));
  }
  return *slot;
}

// The case written to files once (in the system's temp folder), for the loading benchmarks.
std::string CaseDir(int64_t sites) {
  static std::map<int64_t, std::string> dirs;
  auto it = dirs.find(sites);
  if (it != dirs.end()) return it->second;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("chaintwin_sim_bench_{}", sites);
  const io::GeneratedCase& c = Case(sites);
  io::WriteGenerated(c.network, c.scenario, dir.string());
  return dirs[sites] = dir.string();
}

void SetCounters(benchmark::State& state, int64_t sites, const model::CompiledNetwork& net) {
  state.counters["site_days_per_s"] = benchmark::Counter(
      static_cast<double>(sites) * kDays, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_MiB"] = PeakRssMiB();
  state.counters["slots"] = net.num_slots();
  state.counters["lanes"] = net.num_lanes();
}

// The day loop alone: 365 days of the generated disruption scenario, no timeline, on
// `threads` threads (RunOptions::threads; the same results).
void RunSimulate365(benchmark::State& state, int32_t threads) {
  const int64_t sites = state.range(0);
  const io::GeneratedCase& c = Case(sites);
  model::CompiledNetwork net = model::Compile(c.network);
  model::ResolvedScenario resolved = model::Resolve(net, c.scenario);
  model::EventSchedule schedule = model::NominalSchedule(resolved);
  sim::Engine engine = sim::Engine::Create(net);
  sim::RunOptions options;
  options.threads = threads;
  for (auto _ : state) {
    sim::Results r = engine.Run(resolved, schedule, options);
    benchmark::DoNotOptimize(r.totals.unserved_gwh);
  }
  SetCounters(state, sites, net);
}

// One thread (the figure compared across versions).
void BM_Simulate365(benchmark::State& state) { RunSimulate365(state, 1); }
BENCHMARK(BM_Simulate365)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Two threads (RunOptions::threads = 2): real time is the figure; CPU time counts the
// engine's thread only.
void BM_Simulate365Threads2(benchmark::State& state) { RunSimulate365(state, 2); }
BENCHMARK(BM_Simulate365Threads2)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Network -> CompiledNetwork (dense arrays and the baseline flows).
void BM_Compile(benchmark::State& state) {
  const int64_t sites = state.range(0);
  const io::GeneratedCase& c = Case(sites);
  for (auto _ : state) {
    model::CompiledNetwork net = model::Compile(c.network);
    benchmark::DoNotOptimize(net.lane_expected_flow.data());
  }
  state.counters["peak_rss_MiB"] = PeakRssMiB();
}
BENCHMARK(BM_Compile)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The loader alone: scenario.yaml + network.yaml + CSV tables -> Network and Scenario.
void BM_Load(benchmark::State& state) {
  const int64_t sites = state.range(0);
  std::string path = CaseDir(sites) + "/scenario.yaml";
  for (auto _ : state) {
    io::LoadedScenario loaded = io::LoadScenario(path);
    benchmark::DoNotOptimize(loaded.network.sites.data());
  }
  state.counters["sites_per_s"] = benchmark::Counter(
      static_cast<double>(sites), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_MiB"] = PeakRssMiB();
}
BENCHMARK(BM_Load)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// What `chaintwin simulate DIR/scenario.yaml` does in the library: load, compile, run.
void BM_LoadCompileRun(benchmark::State& state) {
  const int64_t sites = state.range(0);
  std::string path = CaseDir(sites) + "/scenario.yaml";
  for (auto _ : state) {
    io::LoadedScenario loaded = io::LoadScenario(path);
    model::CompiledNetwork net = model::Compile(loaded.network);
    sim::Results r = sim::Simulate(net, loaded.scenario);
    benchmark::DoNotOptimize(r.totals.unserved_gwh);
  }
  state.counters["site_days_per_s"] = benchmark::Counter(
      static_cast<double>(sites) * kDays, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_MiB"] = PeakRssMiB();
}
BENCHMARK(BM_LoadCompileRun)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
