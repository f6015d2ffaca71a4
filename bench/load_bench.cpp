// Loading speed: generated networks of 10,000 and 100,000 sites written to files (a small
// network.yaml naming seven CSV tables, contracts among them; 34 MB at 100k) and read back on
// one thread.
//   BM_LoadNetwork: io::LoadNetwork (read, parse, build, whole-network checks).
//   BM_Validate:    io::Validate on network.yaml, what `chaintwin validate` does.
//   BM_LoadCsv / BM_LoadYaml: the 10,000- and 100,000-site networks as generated (CSV tables)
//                   and as one YAML file with the same content (bench/tables_to_yaml.py, python3),
//                   loaded in one run so the two compare (issue 18 §6: YAML within 2x CSV).
//                   CHAINTWIN_YAML_READER=libfyaml in the environment: the YAML read by libfyaml.
//                   CHAINTWIN_HUGE_PAGES=0: without the heap for large loads (io/heap.hpp).
//                   Within one process the later iterations reuse the memory of the first.
//   BM_ParseYaml/10000/R: only the YAML text into the document tree (io::ParseYaml), R = 0 the
//                   block reader (chaintwin's own), 1 libfyaml; each iteration copies the
//                   text first (the Document keeps it).
// Counters: sites per second and the process's peak resident memory (getrusage ru_maxrss, the
// peak so far: read it on the largest case).
//
//   build/bench/load_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/io/load.hpp"
#include "io/doc.hpp"
#include "bench_util.hpp"

namespace {

using namespace chaintwin;
using chaintwin::bench::PeakRssMiB;

constexpr uint64_t kSeed = 1;

// The generated case written once per size (in the system's temp folder); its network.yaml.
const std::string& NetworkPath(int64_t sites) {
  static std::map<int64_t, std::string> paths;
  auto it = paths.find(sites);
  if (it != paths.end()) return it->second;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("chaintwin_load_bench_{}", sites);
  io::GenerateOptions options;
  options.sites = sites;
  options.seed = kSeed;
  io::GeneratedCase c = io::Generate(options);
  io::WriteGenerated(c.network, c.scenario, dir.string());
  return paths[sites] = (dir / "network.yaml").string();
}

void SetCounters(benchmark::State& state, int64_t sites) {
  state.counters["sites_per_s"] = benchmark::Counter(
      static_cast<double>(sites), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_MiB"] = PeakRssMiB();
}

void BM_LoadNetwork(benchmark::State& state) {
  const int64_t sites = state.range(0);
  const std::string& path = NetworkPath(sites);
  for (auto _ : state) {
    model::Network network = io::LoadNetwork(path);
    benchmark::DoNotOptimize(network.sites.data());
  }
  SetCounters(state, sites);
}
BENCHMARK(BM_LoadNetwork)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Validate(benchmark::State& state) {
  const int64_t sites = state.range(0);
  const std::string& path = NetworkPath(sites);
  for (auto _ : state) {
    io::ValidationReport report = io::Validate({path});
    if (!report.diagnostics.empty() || report.sites != sites) {
      state.SkipWithError("the generated network does not validate");
      break;
    }
  }
  SetCounters(state, sites);
}
BENCHMARK(BM_Validate)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same network as one YAML file (sites with their processes, inventory and demand, lanes,
// contracts), written once next to the tables; "" when python3 is missing.
const std::string& YamlPath(int64_t sites) {
  static std::map<int64_t, std::string> paths;
  auto it = paths.find(sites);
  if (it != paths.end()) return it->second;
  const std::filesystem::path tables = std::filesystem::path(NetworkPath(sites)).parent_path();
  const std::string out = (tables.parent_path() / fmt::format("chaintwin_load_bench_{}.yaml", sites)).string();
  const std::string command =
      fmt::format("python3 '{}/tables_to_yaml.py' '{}' '{}'", CT_BENCH_DIR, tables.string(), out);
  return paths[sites] = std::system(command.c_str()) == 0 ? out : std::string();
}

void LoadOne(benchmark::State& state, const std::string& path, int64_t sites) {
  if (path.empty()) {
    state.SkipWithError("python3 bench/tables_to_yaml.py failed");
    return;
  }
  for (auto _ : state) {
    model::Network network = io::LoadNetwork(path);
    if (static_cast<int64_t>(network.sites.size()) != sites) {
      state.SkipWithError("the network lost sites");
      break;
    }
    benchmark::DoNotOptimize(network.sites.data());
  }
  SetCounters(state, sites);
}

void BM_LoadCsv(benchmark::State& state) {
  LoadOne(state, NetworkPath(state.range(0)), state.range(0));
}
void BM_LoadYaml(benchmark::State& state) {
  LoadOne(state, YamlPath(state.range(0)), state.range(0));
}
BENCHMARK(BM_LoadCsv)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LoadYaml)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParseYaml(benchmark::State& state) {
  const std::string& path = YamlPath(state.range(0));
  util::Diagnostics diagnostics;
  auto text = path.empty() ? std::nullopt : io::ReadTextFile(path, diagnostics);
  if (!text) {
    state.SkipWithError("no YAML file");
    return;
  }
  const io::YamlParser parser = state.range(1) == 0 ? io::YamlParser::kFast : io::YamlParser::kLibfyaml;
  for (auto _ : state) {
    auto doc = io::ParseYaml(*text, path, diagnostics, parser);
    if (!doc || !diagnostics.empty()) {
      state.SkipWithError("the YAML file does not parse");
      break;
    }
    benchmark::DoNotOptimize(doc->root.entries.data());
  }
  SetCounters(state, state.range(0));
}
BENCHMARK(BM_ParseYaml)->Args({10000, 0})->Args({10000, 1})->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
