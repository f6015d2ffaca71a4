// The scenario a request names: `"scenario": NAME` (a bundled scenario, by file stem) or
// `"document": {...}` (an uploaded scenario, the JSON form of the YAML file, docs/FORMATS.md),
// always run on the served network: an uploaded scenario's own `network:` is ignored, so a
// request can never make the server read a file it names.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "server/request.hpp"
#include "server/service.hpp"

namespace chaintwin::server {

struct ScenarioRun {
  io::LoadedScenario loaded;
  model::CompiledNetwork compiled;
  model::ResolvedScenario resolved;  // points into `compiled`: keep ScenarioRun where it is
  std::optional<model::Protocol> protocol;  // "protocol" of the request, when given
  std::string protocol_text;                // what runs, e.g. "pro_rata"
  bool uses_plan = false;
};

// Reads `scenario` / `document` / `protocol` from `fields` (at JSON path `fields.PathOf`).
// Adds problems for a missing or doubled reference, an unsafe or unknown name, an unknown
// protocol; throws ApiError(400) listing the scenario's own problems with their paths
// ("document.events[0].duration") when the uploaded document is invalid.
// Returns nullptr when problems were added.
std::unique_ptr<ScenarioRun> ReadScenario(Fields& fields, const Service& service,
                                          std::vector<Problem>& problems);

}  // namespace chaintwin::server
