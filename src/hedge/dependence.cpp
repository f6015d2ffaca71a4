// Dependence before and after hedges (include/chaintwin/hedge/dependence.hpp).
#include "chaintwin/hedge/dependence.hpp"

#include <map>
#include <tuple>

#include "chaintwin/analyze/footprint.hpp"

namespace chaintwin::hedge {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;

Key KeyOf(const model::CompiledNetwork& net, const analyze::DependenceRow& r) {
  return {net.country_key[r.country.value], net.material_key[r.material.value],
          net.material_key[r.upstream.value]};
}

analyze::DependenceMap Trace(const model::CompiledNetwork& net, const model::Scenario& scenario,
                             bool use_run) {
  return use_run ? analyze::DependenceMap::Build(net, analyze::RunWeights(net, scenario))
                 : analyze::DependenceMap::Build(net);
}

}  // namespace

HedgedDependence DependenceWithHedges(const model::Network& network,
                                      const model::Scenario& scenario,
                                      const std::vector<Hedge>& hedges, bool use_run,
                                      const analyze::DependenceQuery& query) {
  HedgedDependence out;
  model::Network hedged = network;
  model::Scenario hedged_scenario = scenario;
  for (const Hedge& h : hedges) {
    auto notes = ApplyHedge(h, hedged, hedged_scenario);
    out.notes.insert(out.notes.end(), notes.begin(), notes.end());
  }
  out.after_network = std::make_unique<model::CompiledNetwork>(model::Compile(hedged));
  out.after_map.emplace(Trace(*out.after_network, hedged_scenario, use_run));
  out.rows = analyze::Dependence(*out.after_network, *out.after_map, query);
  if (hedges.empty()) {
    out.share_before.assign(out.rows.size(), std::nullopt);
    return out;
  }
  out.before_network = std::make_unique<model::CompiledNetwork>(model::Compile(network));
  out.before_map.emplace(Trace(*out.before_network, scenario, use_run));
  const auto before = analyze::Dependence(*out.before_network, *out.before_map, query);
  std::map<Key, double> share;
  for (const auto& r : before) share[KeyOf(*out.before_network, r)] = r.share;
  for (const auto& r : out.rows) {
    auto it = share.find(KeyOf(*out.after_network, r));
    if (it == share.end()) {
      out.share_before.push_back(std::nullopt);
    } else {
      out.share_before.push_back(it->second);
      share.erase(it);
    }
  }
  for (const auto& [key, value] : share) {
    out.only_before.push_back(std::get<0>(key) + "/" + std::get<1>(key) + "/" + std::get<2>(key));
  }
  return out;
}

}  // namespace chaintwin::hedge
