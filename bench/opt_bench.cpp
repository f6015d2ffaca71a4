// Optimizer speed (issue 5): time to survive and performance impact for every site of the
// bundled battery network and of a generated 10,000-site network, reusing one LP per kind
// (bounds changed per site, primal simplex from the nearest undisrupted basis, exact shortcuts)
// against rebuilding and solving it from scratch per site. Also the allocation plan of the
// bundled graphite-ban scenario. Counters: LPs answered, skipped (answered without a solve;
// of them sinks in closed form and sites with no path to demand), CLP runs, LPs and sites per
// second of wall time. The CPU column is the whole process's (all threads).
//
//   build-rel/bench/opt_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// The bundled and sampled cases run on one thread, so reuse and rebuild compare like for like.
// Rebuilding per site on 10,000 sites takes too long to repeat, so the comparison on generated
// networks uses the same sites (every 50th) in both modes.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/opt/plan.hpp"
#include "chaintwin/opt/tts.hpp"

namespace {

using namespace chaintwin;

// nullptr when the bundled dataset is absent (the benchmark then skips).
const model::CompiledNetwork* Bundled() {
  static std::unique_ptr<model::CompiledNetwork> net;
  static bool tried = false;
  if (!tried) {
    tried = true;
    std::string path = io::DefaultNetworkPath();
    if (std::filesystem::exists(path)) {
      net = std::make_unique<model::CompiledNetwork>(model::Compile(io::LoadNetwork(path)));
    }
  }
  return net.get();
}

const model::CompiledNetwork& Generated(int64_t sites) {
  static std::unique_ptr<model::CompiledNetwork> net;
  static int64_t size = 0;
  if (!net || size != sites) {
    io::GenerateOptions o;
    o.sites = sites;
    o.seed = 42;
    net = std::make_unique<model::CompiledNetwork>(model::Compile(io::Generate(o).network));
    size = sites;
  }
  return *net;
}

void Run(benchmark::State& state, const model::CompiledNetwork& net, opt::TtsConfig::Mode mode,
         const std::vector<SiteId>& sites, unsigned threads = 1) {
  opt::TtsConfig config;
  config.mode = mode;
  config.threads = threads;
  int64_t lps = 0, evaluated = 0;
  opt::TtsResult last;
  for (auto _ : state) {
    last = opt::AnalyzeTts(net, config, sites);
    lps += last.lps_solved;
    evaluated += static_cast<int64_t>(last.sites.size());
  }
  state.counters["lps"] = static_cast<double>(last.lps_solved);
  state.counters["skipped"] = static_cast<double>(last.lps_skipped);
  state.counters["skipped_sink"] = static_cast<double>(last.lps_skipped_sink);
  state.counters["skipped_no_path"] = static_cast<double>(last.lps_skipped_no_path);
  state.counters["clp_solves"] = static_cast<double>(last.clp_solves);
  state.counters["iterations"] = static_cast<double>(last.iterations);
  state.counters["threads"] = last.threads;
  state.counters["lps_per_s"] = benchmark::Counter(static_cast<double>(lps), benchmark::Counter::kIsRate);
  state.counters["sites_per_s"] =
      benchmark::Counter(static_cast<double>(evaluated), benchmark::Counter::kIsRate);
  state.counters["rows"] = last.rows;
  state.counters["cols"] = last.columns;
  size_t exposed = 0;
  for (const auto& e : last.sites) exposed += e.exposed ? 1 : 0;
  state.counters["exposed"] = static_cast<double>(exposed);
}

void BM_TtsBundled(benchmark::State& state) {
  const model::CompiledNetwork* net = Bundled();
  if (net == nullptr) {
    state.SkipWithError("data/battery/network.yaml not found");
    return;
  }
  Run(state, *net, state.range(0) ? opt::TtsConfig::Mode::kRebuild : opt::TtsConfig::Mode::kReuse, {});
}
BENCHMARK(BM_TtsBundled)->ArgName("rebuild")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()->UseRealTime();

// Every site of a generated network, reused, on 1 or 2 threads (counters: LPs answered,
// skipped without a solve, CLP runs).
void BM_TtsGeneratedAllSites(benchmark::State& state) {
  Run(state, Generated(state.range(0)), opt::TtsConfig::Mode::kReuse, {},
      static_cast<unsigned>(state.range(1)));
}
BENCHMARK(BM_TtsGeneratedAllSites)->ArgNames({"sites", "threads"})
    ->Args({1000, 1})->Args({1000, 2})->Args({10000, 2})
    ->Unit(benchmark::kSecond)->Iterations(1)->MeasureProcessCPUTime()->UseRealTime();

// Every 50th site of a generated network (200 sites of 10,000), reused vs rebuilt per site.
void BM_TtsGeneratedSample(benchmark::State& state) {
  const model::CompiledNetwork& net = Generated(state.range(0));
  std::vector<SiteId> sites;
  for (uint32_t s = 0; s < net.num_sites(); s += 50) sites.push_back(SiteId{s});
  Run(state, net, state.range(1) ? opt::TtsConfig::Mode::kRebuild : opt::TtsConfig::Mode::kReuse,
      sites);
}
BENCHMARK(BM_TtsGeneratedSample)->ArgNames({"sites", "rebuild"})
    ->Args({1000, 0})->Args({1000, 1})->Args({10000, 0})->Args({10000, 1})
    ->Unit(benchmark::kSecond)->Iterations(1)->MeasureProcessCPUTime()->UseRealTime();

void BM_PlanBundledGraphiteBan(benchmark::State& state) {
  std::string path = (std::filesystem::path(io::DataDir()) / "battery" / "scenarios" /
                      "graphite_ban.yaml").string();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("data/battery/scenarios/graphite_ban.yaml not found");
    return;
  }
  io::LoadedScenario loaded = io::LoadScenario(path);
  model::CompiledNetwork net = model::Compile(loaded.network);
  model::ResolvedScenario resolved = model::Resolve(net, loaded.scenario);
  model::EventSchedule schedule = model::NominalSchedule(resolved);
  model::PlanConfig config = loaded.scenario.plan;
  config.period_days = static_cast<int32_t>(state.range(0));
  opt::PlanResult r;
  for (auto _ : state) r = opt::MakePlan(net, resolved, schedule, config);
  state.counters["rows"] = r.rows;
  state.counters["cols"] = r.columns;
  state.counters["iterations"] = r.iterations;
}
BENCHMARK(BM_PlanBundledGraphiteBan)->ArgName("period_days")->Arg(7)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
