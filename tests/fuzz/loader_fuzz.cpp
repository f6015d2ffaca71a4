// libFuzzer target: any bytes given to the loaders end in a model or in chaintwin::Error
// (InputError with diagnostics); never in a crash, a hang, a sanitizer report or another
// exception. What loads is also compiled and simulated for a few days, so the fuzzer reaches
// Compile, Resolve and the day loop, not only the parsers. Build with scripts/fuzz.sh.
//
// An input whose first byte is 0..5 is the content of one CSV table of the example's CSV
// network (0 sites, 1 processes, 2 inputs, 3 inventory, 4 demand, 5 lanes; the others as
// shipped); any other input is a YAML/JSON document, read by the block reader and by libfyaml
// (the trees or diagnostics must be the same), then as a network and as a scenario over the
// example network. Seeds: tests/fuzz/corpus (csv_* start with their table's byte).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/error.hpp"
#include "io/doc.hpp"
#include "io/scenario_builder.hpp"

namespace {

namespace fs = std::filesystem;
using namespace chaintwin;

const std::string kExampleDir = CT_FUZZ_DATA_DIR "/examples/two_tier";
constexpr const char* kTables[] = {"sites", "processes", "inputs", "inventory", "demand", "lanes"};
constexpr int32_t kDays = 20;

// A copy of the example's CSV network in a folder of this process, whose tables are rewritten.
const std::string& CsvDir() {
  static const std::string dir = [] {
    fs::path d = fs::temp_directory_path() / ("ct_fuzz_" + std::to_string(::getpid()));
    fs::create_directories(d);
    fs::copy(kExampleDir, d, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    return d.string();
  }();
  return dir;
}

// Compiles `network` and runs `scenario` (or, when none, no events) for a few days.
void Simulate(const model::Network& network, const model::Scenario* scenario) {
  model::CompiledNetwork compiled = model::Compile(network);
  model::Scenario quiet;
  quiet.id = "fuzz";
  quiet.horizon_days = kDays;
  model::ResolvedScenario resolved = model::Resolve(compiled, scenario ? *scenario : quiet);
  sim::RunOptions options;
  options.days = kDays;
  sim::Engine::Create(compiled).Run(resolved, model::NominalSchedule(resolved), options);
}

// chaintwin's block reader (the default, io::YamlParser::kFast) against the path it stands in
// front of (libfyaml, then yaml-cpp for the messages: kLibfyaml): the same tree, or the same
// diagnostics; any difference stops the fuzzer with both.
void CompareYamlReaders(const std::string& text) {
  std::string seen[2];
  const io::YamlParser parsers[2] = {io::YamlParser::kFast, io::YamlParser::kLibfyaml};
  for (int i = 0; i < 2; ++i) {
    util::Diagnostics diagnostics;
    auto tree = io::ParseYaml(text, "fuzz.yaml", diagnostics, parsers[i]);
    seen[i] = tree ? io::DumpTree(tree->root) : std::string("no tree\n");
    for (const util::Diagnostic& d : diagnostics) seen[i] += d.ToString() + "\n";
  }
  if (seen[0] != seen[1]) {
    std::fprintf(stderr, "YAML readers differ (block reader, then libfyaml):\n%s---\n%s",
                 seen[0].c_str(), seen[1].c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 0 && data[0] < 6) {
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string dir = CsvDir();
    const char* table = kTables[data[0]];
    std::ofstream(fs::path(dir) / "csv" / (std::string(table) + ".csv"), std::ios::binary) << text;
    try {
      model::Network network = io::LoadNetwork(dir + "/network_csv.yaml");
      Simulate(network, nullptr);
    } catch (const Error&) {
    }
    // Put the example's table back for the next input.
    fs::copy_file(fs::path(kExampleDir) / "csv" / (std::string(table) + ".csv"),
                  fs::path(dir) / "csv" / (std::string(table) + ".csv"),
                  fs::copy_options::overwrite_existing);
    return 0;
  }
  const std::string text(reinterpret_cast<const char*>(data), size);
  CompareYamlReaders(text);
  try {
    model::Network network = io::LoadNetworkFromString(text, "fuzz.yaml", kExampleDir);
    Simulate(network, nullptr);
  } catch (const Error&) {
  }
  // The scenario path, checked against the example network, which is loaded once (the cache
  // that `validate` uses); LoadScenarioFromString would load it again for every input.
  static io::NetworkCache cache;
  util::Diagnostics diagnostics;
  const std::string network_file = kExampleDir + "/network.yaml";
  auto scenario = io::BuildScenario(text, "fuzz.yaml", kExampleDir, network_file, cache, diagnostics);
  if (scenario && diagnostics.empty()) {
    const auto& entry = cache.at(network_file);
    if (entry.network) {
      try {
        Simulate(*entry.network, &*scenario);
      } catch (const Error&) {
      }
    }
  }
  return 0;
}
