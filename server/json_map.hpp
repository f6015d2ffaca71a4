// Every JSON document the API answers with is built here, and only here, from the library's
// result types. The simulation results and comparisons come from report/ (the same text the
// CLI's `--format json` prints); the rest maps result structs field by field. When report/
// renders a verb's result, its function here becomes a call to that renderer.
#pragma once

#include <string>
#include <vector>

#include "chaintwin/analyze/concentration.hpp"
#include "chaintwin/analyze/dependence.hpp"
#include "chaintwin/analyze/montecarlo.hpp"
#include "chaintwin/analyze/sensitivity.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/opt/plan.hpp"
#include "chaintwin/opt/tts.hpp"
#include "chaintwin/report/extras.hpp"
#include "chaintwin/report/results.hpp"
#include "chaintwin/sim/results.hpp"
#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/days_of_supply.hpp"
#include "chaintwin/twin/live.hpp"
#include "chaintwin/twin/state.hpp"
#include "server/jobs.hpp"

namespace chaintwin::server {

// One bundled scenario in `GET /v1/scenarios`.
struct ScenarioEntry {
  std::string name;  // what `"scenario": NAME` takes: the file stem
  std::string id, title, description;
  std::string start_date;
  int horizon_days = 0;
  int events = 0;
  std::string error;  // when it does not load (then the rest is empty)
};

std::string ScenariosJson(const std::vector<ScenarioEntry>& entries);
// Sites with coordinates, lanes with their chokepoints, and the chokepoints: what a map needs.
std::string NetworkJson(const model::Network& network);
// Every source with the number of figures citing it and how many are estimates.
std::string SourcesJson(const model::Network& network);
// report::ResultsJson with the network named by file name only (no server path leaks), and
// the allocation decisions left out unless asked for (they are megabytes).
std::string SimulateJson(const model::CompiledNetwork& net, const sim::Results& results,
                         const report::RunInfo& info, bool allocations,
                         report::ExtrasCollector* extras = nullptr);
std::string CompareJson(const model::CompiledNetwork& a_net, const sim::Results& a,
                        const model::CompiledNetwork& b_net, const sim::Results& b);
std::string PlanJson(const model::CompiledNetwork& net, const std::string& scenario_id,
                     const opt::PlanResult& result, int32_t start_date);
std::string MonteCarloJson(const model::CompiledNetwork& net, const analyze::MonteCarloResults& r,
                           const std::string& protocol, int32_t start_date);
// The first `shown` sites of the ranking.
std::string TtsJson(const model::Network& network, const model::CompiledNetwork& net,
                    const opt::TtsResult& r, size_t shown);
std::string ConcentrationJson(const model::CompiledNetwork& net,
                              const std::vector<analyze::MaterialConcentration>& rows);
// The first `shown` groups of the tornado, largest swing first.
std::string SensitivityJson(const analyze::SensitivityResults& r, size_t shown);
std::string DependenceJson(const model::CompiledNetwork& net, const analyze::DependenceMap& map,
                           const std::string& origin,
                           const std::vector<analyze::DependenceRow>& rows);
// The twin's state as of `as_of_ms`: report::StateDocument, compact (the CLI's `state
// --format json`, docs/schema/state.schema.json).
std::string StateJson(const model::CompiledNetwork& net, const twin::State& state, int64_t as_of_ms);
// Days of supply (CX-0145) per site and material: report::DaysOfSupplyDocument, compact.
std::string DaysOfSupplyJson(const std::vector<twin::DosResult>& results, int64_t as_of_ms,
                             const std::string& direction);
// Projected shortages from the stored state and the feeds that went quiet.
std::string AlertsJson(const std::vector<twin::ProjectedShortage>& shortages,
                       const std::vector<twin::SilentFeed>& silent, int64_t as_of_ms,
                       int32_t horizon_days);
// Last report per partner, kind and material, with whether it is overdue at `now_ms`.
std::string FeedsJson(const std::vector<store::Feed>& feeds, int64_t now_ms);
// A job's state and progress, and its result (JSON text) once it succeeded.
std::string JobJson(const JobSnapshot& job);

}  // namespace chaintwin::server
