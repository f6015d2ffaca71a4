// Loading and whole-input validation of networks and scenarios (YAML, JSON, CSV tables).
// Loaders collect every problem as a Diagnostic and keep going; nothing is returned until the
// list is empty. See docs/FORMATS.md for the formats.
#pragma once

#include <string>
#include <vector>

#include "chaintwin/model/network.hpp"
#include "chaintwin/model/scenario.hpp"
#include "chaintwin/util/diagnostic.hpp"

namespace chaintwin::io {

// A network argument may name a folder that holds `network.yaml` (as `validate` takes one):
// returns that file then, and `path` unchanged otherwise.
std::string NetworkFileOf(const std::string& path);

// Loads a network document (`kind: network`, or a folder holding `network.yaml`) and the CSV
// tables it names, checks it whole
// and returns it. Throws InputError carrying every problem found (file, line, column, field).
model::Network LoadNetwork(const std::string& path);

// Same, from text in memory; `name` stands for the file name in diagnostics. CSV tables are
// resolved relative to `base_dir`. Used by the fuzz target and tests.
model::Network LoadNetworkFromString(const std::string& text, const std::string& name,
                                     const std::string& base_dir = ".");

struct LoadedScenario {
  model::Network network;
  model::Scenario scenario;
};

// Loads a scenario (`kind: scenario`) and the network it names (relative to the scenario
// file; the bundled battery network when it names none), or `network_override` when not
// empty, and checks the scenario against that network. Throws InputError with every problem.
LoadedScenario LoadScenario(const std::string& path, const std::string& network_override = "");

// Same, from text in memory; `name` stands for the file name in diagnostics and the scenario's
// `network:` is resolved relative to `base_dir`. Used by the fuzz target and tests.
LoadedScenario LoadScenarioFromString(const std::string& text, const std::string& name,
                                      const std::string& base_dir = ".",
                                      const std::string& network_override = "");

// What `chaintwin validate` found.
struct ValidationReport {
  util::Diagnostics diagnostics;  // empty when everything is valid
  // Not errors, but likely mistakes (exit 0): a process input that nothing makes, holds or
  // ships to its site, so the process stops at once with no event to explain it.
  util::Diagnostics warnings;
  int networks = 0;
  int scenarios = 0;
  int skipped = 0;  // files under a folder that are not networks or scenarios
  // Totals over the valid networks and scenarios checked.
  int materials = 0;
  int sites = 0;
  int lanes = 0;
  int contracts = 0;
  int events = 0;
};

// Checks files and folders (recursively: *.yaml, *.yml, *.json). Never throws for bad input.
ValidationReport Validate(const std::vector<std::string>& paths);

// The bundled battery network: $CHAINTWIN_DATA/battery/network.yaml when CHAINTWIN_DATA is
// set, else data/battery/network.yaml found beside or above the executable's folder, else
// the source tree's data folder the build was configured from.
std::string DefaultNetworkPath();
// The folder holding the bundled data (`battery/`, `examples/`), found the same way.
std::string DataDir();

}  // namespace chaintwin::io
