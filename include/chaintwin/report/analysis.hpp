// The machine-readable results (`Document`s, see document.hpp) of the analysis and planning
// verbs: analyze concentration | dependence | supply-risk | spof | tts, montecarlo, plan,
// validate and data sources. One builder per verb; the JSON Schema of each is committed as
// docs/schema/<verb with '_' for ' '>.schema.json. Terminal tables stay with the verbs (cli/).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chaintwin/analyze/concentration.hpp"
#include "chaintwin/analyze/dependence.hpp"
#include "chaintwin/analyze/montecarlo.hpp"
#include "chaintwin/analyze/sensitivity.hpp"
#include "chaintwin/analyze/supply_risk.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/opt/plan.hpp"
#include "chaintwin/opt/tts.hpp"
#include "chaintwin/report/document.hpp"

namespace chaintwin::report {

// "analyze concentration": sections `materials` (one row per material) and `shares` (one row
// per material, basis of holder — country or company — and holder).
Document ConcentrationDocument(const model::CompiledNetwork& net,
                               const std::vector<analyze::MaterialConcentration>& rows,
                               const std::string& basis);

// With hedges (`analyze dependence --hedge`): what the rows were without them.
struct DependenceComparison {
  std::vector<std::string> hedges;                 // ids applied, in order
  std::vector<std::optional<double>> share_before;  // per row; none: no trace without them
  std::vector<std::string> only_before;            // "country/material/upstream" keys
};

// "analyze dependence": section `rows`; with `comparison`, each row also has its share without
// the hedges and the change (null without a comparison).
Document DependenceDocument(const model::CompiledNetwork& net, const analyze::DependenceMap& map,
                            const std::string& origin,
                            const std::vector<analyze::DependenceRow>& rows,
                            const std::string& method = "",
                            const DependenceComparison* comparison = nullptr);

// "analyze supply-risk": sections `materials` (the score and its inputs) and `terms` (the
// country terms S^2 x WGI x t behind each HHI_WGI).
Document SupplyRiskDocument(const model::CompiledNetwork& net,
                            const std::vector<analyze::SupplyRisk>& risks,
                            const std::string& indicators_path, const std::string& factors_path);

// "analyze spof": section `points`.
Document SpofDocument(const model::CompiledNetwork& net,
                      const std::vector<analyze::SinglePointOfFailure>& points);

struct TtsInfo {
  std::string network_id;
  std::string scenario_id;  // empty when the input was a network
  bool by_country = false;
  size_t shown = 0;  // rows kept, in ranking order
  double capacity_factor = 0.0;  // --capacity-factor (0: the site is down)
};
// "analyze tts": section `sites` (the first `shown` of the ranking).
Document TtsDocument(const model::CompiledNetwork& net, const opt::TtsResult& r,
                     const TtsInfo& info);

// "analyze sensitivity": section `rows` (the first `shown` groups, largest swing first).
Document SensitivityDocument(const analyze::SensitivityResults& r, size_t shown);

// "montecarlo": sections `shortage_risk`, `contributions` and `per_run` (unserved demand per run).
Document MonteCarloDocument(const model::CompiledNetwork& net, const analyze::MonteCarloResults& r,
                            const std::string& protocol, int32_t start_date);

// "plan": sections `flows` (lane and process quantities per period, nonzero only), `served`,
// `binding` and `by_period`.
Document PlanDocument(const model::CompiledNetwork& net, const std::string& scenario_id,
                      const opt::PlanResult& r, int32_t start_date);

// "validate": section `diagnostics`.
Document ValidationDocument(const io::ValidationReport& report);

// One row of `data sources`.
struct SourceLine {
  const model::Source* source = nullptr;
  int figures = 0;
  int estimates = 0;
  std::vector<const model::FigureRecord*> cited;  // figures citing it (after filters)
};
struct SourcesInfo {
  std::string network_id, file, material, country;
  int figures = 0;
  int figures_without_source = 0;
};
// "data sources": sections `sources` and `estimates` (each estimated figure and its source).
Document SourcesDocument(const SourcesInfo& info, const std::vector<const SourceLine*>& rows);

}  // namespace chaintwin::report
