// The data of the HTML report (`chaintwin report`, GET/POST /v1/report;
// docs/schema/report.schema.json): the scenario, the network and its sources (as GET
// /v1/network and /v1/sources give them), the run with every simulate extra (timeline by
// week), the analyses (sensitivity, TTS with the scenario's blocked lanes, concentration) and
// the assumptions the result rests on, ranked by how far they move the headline.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/model/scenario.hpp"

namespace chaintwin::server {

struct ReportRequest {
  const model::Network* network = nullptr;           // as loaded with the scenario
  const model::Scenario* scenario = nullptr;
  const model::CompiledNetwork* compiled = nullptr;  // of *network
  const model::ResolvedScenario* resolved = nullptr;
  std::optional<model::Protocol> protocol;  // override of the scenario's, when given
  std::string protocol_text;                // what runs, for the header
  bool sensitivity = true;                  // false: "sensitivity": null (and no ranking)
  unsigned threads = 0;                     // sensitivity runs at once (0: every core)
  // Called with a step name ("simulate", "sensitivity", ...) and (done, total) of that step.
  std::function<void(const std::string& step, uint64_t done, uint64_t total)> progress;
  std::string generated_at;  // RFC 3339; now (UTC) when empty
};

// The report data as JSON text (kind "report"). Throws Error when the plan protocol is asked
// for (the report runs the scenario's simulation protocols only).
std::string ReportDataJson(const ReportRequest& request);

// Lanes a scenario's events block outright (export bans, closures without a detour): what
// `analyze tts SCENARIO` keeps blocked.
std::vector<LaneId> ScenarioBlockedLanes(const model::CompiledNetwork& net,
                                         const model::ResolvedScenario& resolved);

}  // namespace chaintwin::server
