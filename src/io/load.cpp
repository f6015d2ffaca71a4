// The public entry points of include/chaintwin/io/load.hpp: read, parse, build, and throw
// InputError with every problem when anything is wrong.
#include <filesystem>

#include "chaintwin/hedge/hedge.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/util/error.hpp"
#include "io/heap.hpp"
#include "io/network_builder.hpp"
#include "io/scenario_builder.hpp"

namespace chaintwin::io {
namespace {

std::string DirOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

// LoadNetworkFromString on text the parsed document may keep (no copy of a large file).
model::Network LoadNetworkFromText(std::string text, const std::string& name,
                                   const std::string& base_dir) {
  util::Diagnostics diagnostics;
  auto doc = ParseYaml(std::move(text), name, diagnostics);
  if (!doc) throw InputError(std::move(diagnostics));
  model::Network network = BuildNetwork(doc->root, name, base_dir, diagnostics);
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  return network;
}

}  // namespace

std::string NetworkFileOf(const std::string& path) {
  std::error_code ec;
  if (!path.empty() && std::filesystem::is_directory(path, ec)) {
    std::filesystem::path file = std::filesystem::path(path) / "network.yaml";
    if (std::filesystem::is_regular_file(file, ec)) return file.string();
  }
  return path;
}

model::Network LoadNetwork(const std::string& path_or_dir) {
  HeapForLoad heap;  // io/heap.hpp
  const std::string path = NetworkFileOf(path_or_dir);
  util::Diagnostics diagnostics;
  auto text = ReadTextFile(path, diagnostics);
  if (!text) throw InputError(std::move(diagnostics));
  return LoadNetworkFromText(std::move(*text), path, DirOf(path));
}

model::Network LoadNetworkFromString(const std::string& text, const std::string& name,
                                     const std::string& base_dir) {
  HeapForLoad heap;  // io/heap.hpp
  return LoadNetworkFromText(text, name, base_dir);
}

namespace {

// The scenario's `hedges:` (checked by BuildScenario), loaded against the network as it now is
// (baseline applied, as in `hedge evaluate`) and then applied in turn.
void ApplyScenarioHedges(const std::vector<std::string>& files, LoadedScenario& loaded) {
  if (files.empty()) return;
  const std::vector<hedge::Hedge> hedges = hedge::LoadHedges(files, loaded.network);
  for (const hedge::Hedge& h : hedges) hedge::ApplyHedge(h, loaded.network, loaded.scenario);
}

}  // namespace

LoadedScenario LoadScenario(const std::string& path, const std::string& network_override) {
  HeapForLoad heap;  // io/heap.hpp
  util::Diagnostics diagnostics;
  auto text = ReadTextFile(path, diagnostics);
  if (!text) throw InputError(std::move(diagnostics));
  return LoadScenarioFromString(*text, path, DirOf(path), network_override);
}

LoadedScenario LoadScenarioFromString(const std::string& text, const std::string& name,
                                      const std::string& base_dir,
                                      const std::string& network_override) {
  HeapForLoad heap;
  util::Diagnostics diagnostics;
  NetworkCache cache;
  std::vector<std::string> hedge_files;
  auto scenario = BuildScenario(text, name, base_dir, NetworkFileOf(network_override), cache,
                                diagnostics, &hedge_files);
  if (!scenario || !diagnostics.empty()) {
    if (diagnostics.empty()) diagnostics.push_back(util::Diagnostic{name, 0, 0, "", "invalid scenario"});
    throw InputError(std::move(diagnostics));
  }
  // Moved out of the cache, which goes with this call: a copy would cost as much as the load.
  LoadedScenario loaded{std::move(*cache.at(scenario->network_file).network), std::move(*scenario)};
  model::ApplyBaseline(loaded.scenario, loaded.network);
  ApplyScenarioHedges(hedge_files, loaded);
  return loaded;
}

}  // namespace chaintwin::io
