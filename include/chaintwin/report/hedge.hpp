// The documents of `hedge evaluate` and `hedge optimize` (docs/HEDGING.md), and their tables.
#pragma once

#include <string>
#include <vector>

#include "chaintwin/hedge/evaluate.hpp"
#include "chaintwin/report/document.hpp"

namespace chaintwin::report {

struct HedgeRunInfo {
  uint64_t runs_requested = 0;
  unsigned threads = 0;
  std::vector<std::vector<hedge::CostPart>> costs;  // per hedge
};

// Sections: hedges (one row per candidate: effect, cost, GWh per million USD), by_scenario,
// baseline, costs (every cost part of every hedge).
Document HedgeEvaluateDocument(const std::vector<hedge::Hedge>& hedges,
                               const hedge::Evaluation& evaluation, const HedgeRunInfo& info);
std::string HedgeEvaluateText(const std::vector<hedge::Hedge>& hedges,
                              const hedge::Evaluation& evaluation, const HedgeRunInfo& info);

// Sections: portfolio (the chosen hedges), by_scenario (estimate and simulation), shortages
// (which baseline shortage each chosen hedge removes), interactions, candidates (as evaluate).
Document HedgeOptimizeDocument(const std::vector<hedge::Hedge>& hedges,
                               const hedge::Evaluation& evaluation,
                               const hedge::Portfolio& portfolio, const HedgeRunInfo& info);
std::string HedgeOptimizeText(const std::vector<hedge::Hedge>& hedges,
                              const hedge::Evaluation& evaluation,
                              const hedge::Portfolio& portfolio, const HedgeRunInfo& info);

}  // namespace chaintwin::report
