// Upstream dependence: for each country and material, where the materials embodied in its
// supply were made, traced through the baseline flows (CompiledNetwork::lane_expected_flow)
// and the recipes. "KR cathode_nmc811: 62 % of its nickel_sulfate traces to CN".
//
// Method (docs/ANALYSIS.md): for each slot x (site, material m) and each upstream material u,
// an origin mix over countries: the share of the u in x that was made in each country.
//   - u = m: the part of m that x makes carries x's country; each lane in carries its
//     supplier slot's mix of m. Weighted by baseline production and lane flows.
//   - u != m: the part x makes inherits the mix of u of each input that embodies u, weighted
//     by the input's quantity per unit of output; each lane in carries its supplier's mix of u.
// Weights are the baseline flows; a slot with none falls back to nameplate capacity and lane
// shares, so materials no demand calls for still trace. Loops (recycling) are iterated to a
// fixed point (Jacobi sweeps until no share moves by 1e-12, at most 200 sweeps).
// A country's supply of m is what its sites make plus what they receive from other
// countries (lanes between its own sites are not counted twice).
#pragma once

#include <string>
#include <vector>

#include "chaintwin/analyze/footprint.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/util/ids.hpp"

namespace chaintwin::analyze {

class DependenceMap {
 public:
  // Traces every slot of `network`, which must outlive the map. Cost: sweeps x
  // (slots + lanes + inputs) x materials x countries; memory slots x materials x countries.
  static DependenceMap Build(const model::CompiledNetwork& network);
  // Same, on given flow weights (a run's: RunWeights), so a scenario's flows can be traced.
  static DependenceMap Build(const model::CompiledNetwork& network, const FlowWeights& weights);

  // Origin mix of upstream material `upstream` in `slot`: a share per country (summing to 1),
  // or empty when `upstream` is not embodied in that slot's supply.
  std::vector<double> SlotMix(SlotId slot, MaterialId upstream) const;
  // Same for a country's supply of `material` (see the file comment); empty when none.
  std::vector<double> CountryMix(CountryId country, MaterialId material, MaterialId upstream) const;

  int sweeps() const { return sweeps_; }
  bool converged() const { return converged_; }

 private:
  DependenceMap() = default;
  size_t Index(uint32_t slot, uint32_t upstream) const;

  const model::CompiledNetwork* net_ = nullptr;
  // mix_[(slot * materials + u) * countries + c]; present_[slot * materials + u].
  std::vector<double> mix_;
  std::vector<uint8_t> present_;
  std::vector<double> process_weight_;  // baseline (or fallback) production per process
  std::vector<double> lane_weight_;     // baseline (or fallback) flow per lane
  int sweeps_ = 0;
  bool converged_ = false;
};

struct DependenceQuery {
  std::string origin;        // country code or group id the supply traces back to
  std::string country;       // "" = every country
  std::string material;      // "" = every material
  bool include_self = true;  // also rows with upstream == material
};

struct DependenceRow {
  CountryId country;
  MaterialId material;
  MaterialId upstream;
  double share = 0.0;    // of `upstream` in the country's supply of `material`, 0..1
  CountryId top_origin;  // the country most of it traces to
  double top_share = 0.0;
};

// Rows for every (country, material, upstream material) with a trace, by country, material
// and upstream id. Throws NotFound when origin, country or material is not in the network.
std::vector<DependenceRow> Dependence(const model::CompiledNetwork& network,
                                      const DependenceMap& map, const DependenceQuery& query);

}  // namespace chaintwin::analyze
