// Import dependence with and without hedges (`analyze dependence --hedge`, docs/HEDGING.md):
// the same trace (analyze/dependence.hpp) on the network as loaded and on a copy with the hedges
// applied in turn, as `hedge evaluate` applies them, joined row by row on the keys (country,
// material, upstream material), so a hedge that adds supply from elsewhere shows as a change of
// the share that traces to the origin.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/analyze/dependence.hpp"
#include "chaintwin/hedge/hedge.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/model/scenario.hpp"

namespace chaintwin::hedge {

struct HedgedDependence {
  // The two traces (no `before_*` when there is no hedge: the one trace is `after_*`). The maps
  // point into the networks, which are held by pointer so that moving
  // this struct keeps them valid.
  std::unique_ptr<model::CompiledNetwork> before_network, after_network;
  std::optional<analyze::DependenceMap> before_map, after_map;
  // The rows of the trace with the hedges (ids of `after_network`), and per row the share of the
  // same (country, material, upstream) without them (none: no trace there without the hedges).
  std::vector<analyze::DependenceRow> rows;
  std::vector<std::optional<double>> share_before;  // all none when there is no hedge
  // Keys "country/material/upstream" traced only without the hedges.
  std::vector<std::string> only_before;
  std::vector<std::string> notes;  // what a hedge could not do (ApplyHedge)
};

// Traces `network` before and after applying `hedges` (in order) to copies of it and of
// `scenario`. With `use_run` the weights are the flows of the scenario's deterministic run
// (analyze::RunWeights), so the hedges' events (stockpile releases, capacity changes) count;
// otherwise the compiled baseline flows, which see the hedges' network edits (lanes, shares,
// processes, demand) only. Requires: the hedges were loaded against `network`; `network` has its
// scenario's baseline applied. Throws NotFound as analyze::Dependence does.
HedgedDependence DependenceWithHedges(const model::Network& network,
                                      const model::Scenario& scenario,
                                      const std::vector<Hedge>& hedges, bool use_run,
                                      const analyze::DependenceQuery& query);

}  // namespace chaintwin::hedge
