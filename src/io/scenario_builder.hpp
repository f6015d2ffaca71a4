// Building a model::Scenario from a parsed document and checking it against its network.
// Private to src/io.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/scenario.hpp"
#include "io/doc.hpp"
#include "io/reader.hpp"

namespace chaintwin::io {

// Networks already loaded by path, so validating a folder loads each network once.
struct NetworkCacheEntry {
  std::optional<model::Network> network;  // none when it failed
  util::Diagnostics diagnostics;
};
using NetworkCache = std::map<std::string, NetworkCacheEntry>;

// Loads and checks the network at `path`, once per cache. Its diagnostics are appended to
// `diagnostics` on every call, so each scenario that uses a bad network reports why.
// `parsed`, when given, is the file's document already parsed (read and parsed only once).
const model::Network* LoadNetworkCached(const std::string& path, NetworkCache& cache,
                                        util::Diagnostics& diagnostics,
                                        const DocNode* parsed = nullptr);

// What the events are checked against.
struct ScenarioContext {
  Reader& reader;
  const model::Network* network;  // null when the network did not load: no reference checks
  std::optional<int32_t> start;   // days since epoch, when valid
  int32_t horizon_days = 0;       // 0 when invalid
};

// Reads the `events` list into `events`, reporting every problem.
void ReadEvents(const DocNode& list, ScenarioContext& context, std::vector<model::Event>& events);

// Reads the `standards:` list (market rules) into `standards`, reporting every problem.
void ReadStandards(const DocNode& list, ScenarioContext& context,
                   std::vector<model::Standard>& standards);
// Compiles s.standards into lane blocks (events "standard.<id>") with the sustainability
// tables beside the network; problems with those tables go to `diagnostics`.
void CompileScenarioStandards(const model::Network& network, model::Scenario& s,
                              util::Diagnostics& diagnostics);

// Reads `baseline:` (capacity | output_2024); for output_2024 reads `output_2024.csv` beside
// `network_file` into s.baseline_capacity, reporting bad rows with their file and line.
void ReadBaseline(Reader& r, const DocNode& node, const model::Network* network,
                  const std::string& network_file, model::Scenario& s, util::Diagnostics& diagnostics);

// Loads a scenario from text; `file` names it and `base_dir` resolves its `network:`, which
// is loaded into `cache` (under the scenario's network_file): the network stays there, so
// validating many scenarios of one network loads it once. Returns nothing when a diagnostic
// was added (then the network may be missing from the cache or invalid).
// The scenario's `hedges:` (hedge files, checked against the network) go to `hedge_files` when
// it is non-null, as paths resolved against `base_dir`; the caller applies them (load.cpp).
std::optional<model::Scenario> BuildScenario(const std::string& text, const std::string& file,
                                            const std::string& base_dir,
                                            const std::string& network_override,
                                            NetworkCache& cache, util::Diagnostics& diagnostics,
                                            std::vector<std::string>* hedge_files = nullptr);

}  // namespace chaintwin::io
