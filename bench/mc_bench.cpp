// Monte Carlo speed (DESIGN.md §11, issue 5): runs of the bundled graphite export-ban scenario
// (data/battery/scenarios/graphite_ban.yaml, 365 days) per minute on 1 and 2 threads, and the
// speed-up from the second thread. Targets: >= 5,000 runs per minute on 2 threads, >= 1.8x.
// Also the same for graphite_ban_uncertain.yaml (uncertain durations; same cost per run).
//
//   build-rel/bench/mc_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>

#include "chaintwin/analyze/montecarlo.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"

namespace {

using namespace chaintwin;

constexpr uint64_t kRunsPerIteration = 400;

struct Case {
  io::LoadedScenario loaded;
  model::CompiledNetwork compiled;
  model::ResolvedScenario resolved;
};

const Case& Load(const std::string& name) {
  static std::map<std::string, std::unique_ptr<Case>> cases;
  auto& slot = cases[name];
  if (!slot) {
    slot = std::make_unique<Case>();
    std::string path =
        (std::filesystem::path(io::DataDir()) / "battery" / "scenarios" / name).string();
    slot->loaded = io::LoadScenario(path);
    slot->compiled = model::Compile(slot->loaded.network);
    slot->resolved = model::Resolve(slot->compiled, slot->loaded.scenario);
  }
  return *slot;
}

analyze::MonteCarloResults Run(const Case& c, unsigned threads) {
  analyze::MonteCarloOptions o;
  o.runs = kRunsPerIteration;
  o.seed = 42;
  o.threads = threads;
  return analyze::RunMonteCarlo(c.compiled, c.resolved, o);
}

// CPU seconds (user + system) of the whole process so far: on a shared machine the wall time
// depends on what else runs, the CPU time per run much less.
double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

void Counters(benchmark::State& state, const Case& c) {
  state.counters["runs_per_min"] = benchmark::Counter(
      static_cast<double>(kRunsPerIteration) * 60.0, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["days"] = c.resolved.horizon_days;
  state.counters["sites"] = c.compiled.num_sites();
}

void BM_MonteCarlo(benchmark::State& state, const char* scenario) {
  const Case& c = Load(scenario);
  const unsigned threads = static_cast<unsigned>(state.range(0));
  double cpu_before = ProcessCpuSeconds();
  for (auto _ : state) {
    analyze::MonteCarloResults r = Run(c, threads);
    benchmark::DoNotOptimize(r.lost.mean);
  }
  double cpu = ProcessCpuSeconds() - cpu_before;
  Counters(state, c);
  // Runs per minute of CPU time, all threads together: the 1-thread wall rate on an idle core.
  state.counters["runs_per_cpu_min"] =
      cpu > 0 ? 60.0 * kRunsPerIteration * static_cast<double>(state.iterations()) / cpu : 0.0;
}
BENCHMARK_CAPTURE(BM_MonteCarlo, graphite_ban, "graphite_ban.yaml")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_MonteCarlo, graphite_ban_uncertain, "graphite_ban_uncertain.yaml")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// One iteration runs the same runs on 1 and then on 2 threads; `speedup` is the ratio of the
// wall times (summed over iterations), so both sides see the same machine state.
void BM_SpeedUp(benchmark::State& state) {
  const Case& c = Load("graphite_ban.yaml");
  double one = 0.0, two = 0.0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(Run(c, 1).lost.mean);
    auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(Run(c, 2).lost.mean);
    auto t2 = std::chrono::steady_clock::now();
    one += std::chrono::duration<double>(t1 - t0).count();
    two += std::chrono::duration<double>(t2 - t1).count();
  }
  state.counters["speedup"] = two > 0 ? one / two : 0.0;
  state.counters["runs_per_min_1t"] =
      one > 0 ? 60.0 * kRunsPerIteration * static_cast<double>(state.iterations()) / one : 0.0;
  state.counters["runs_per_min_2t"] =
      two > 0 ? 60.0 * kRunsPerIteration * static_cast<double>(state.iterations()) / two : 0.0;
}
BENCHMARK(BM_SpeedUp)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
