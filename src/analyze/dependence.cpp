// Origin mixes traced through the baseline flows (method:
// include/chaintwin/analyze/dependence.hpp).
#include "chaintwin/analyze/dependence.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "chaintwin/util/error.hpp"

namespace chaintwin::analyze {
namespace {

constexpr int kMaxSweeps = 200;
constexpr double kTolerance = 1e-12;

}  // namespace

size_t DependenceMap::Index(uint32_t slot, uint32_t upstream) const {
  return static_cast<size_t>(slot) * net_->num_materials() + upstream;
}

namespace {

// Adds the part of `slot`'s supply of `u` that the slot makes itself, from `mix`/`present`.
struct Tracer {
  const model::CompiledNetwork& net;
  const std::vector<double>& process_weight;
  const std::vector<double>& lane_weight;
  const std::vector<double>& mix;
  const std::vector<uint8_t>& present;
  uint32_t countries;

  size_t Cell(uint32_t slot, uint32_t u) const {
    return static_cast<size_t>(slot) * net.num_materials() + u;
  }

  void Made(uint32_t slot, uint32_t u, std::vector<double>& acc, double& wsum) const {
    const uint32_t site = net.slot_site[slot].value;
    const uint32_t m = net.slot_material[slot].value;
    for (uint32_t p = net.site_process_begin[site]; p < net.site_process_begin[site + 1]; ++p) {
      if (net.process_output[p].value != slot || process_weight[p] <= 0.0) continue;
      if (u == m) {
        acc[net.site_country[site].value] += process_weight[p];
        wsum += process_weight[p];
        continue;
      }
      // The made output inherits the mix of u of the inputs that embody it, by quantity.
      double per_unit_sum = 0.0;
      for (uint32_t i = net.process_input_begin[p]; i < net.process_input_begin[p + 1]; ++i) {
        if (present[Cell(net.input_slot[i].value, u)]) per_unit_sum += net.input_per_unit[i];
      }
      if (per_unit_sum <= 0.0) continue;
      for (uint32_t i = net.process_input_begin[p]; i < net.process_input_begin[p + 1]; ++i) {
        size_t cell = Cell(net.input_slot[i].value, u);
        if (!present[cell]) continue;
        double weight = process_weight[p] * net.input_per_unit[i] / per_unit_sum;
        const double* from = &mix[cell * countries];
        for (uint32_t c = 0; c < countries; ++c) acc[c] += weight * from[c];
      }
      wsum += process_weight[p];
    }
  }

  void Lane(uint32_t lane, uint32_t u, std::vector<double>& acc, double& wsum) const {
    double weight = lane_weight[lane];
    size_t cell = Cell(net.lane_from[lane].value, u);
    if (weight <= 0.0 || !present[cell]) return;
    const double* from = &mix[cell * countries];
    for (uint32_t c = 0; c < countries; ++c) acc[c] += weight * from[c];
    wsum += weight;
  }
};

}  // namespace

DependenceMap DependenceMap::Build(const model::CompiledNetwork& net) {
  return Build(net, BaselineWeights(net));
}

DependenceMap DependenceMap::Build(const model::CompiledNetwork& net, const FlowWeights& weights) {
  DependenceMap map;
  map.net_ = &net;
  const uint32_t slots = net.num_slots(), materials = net.num_materials(),
                 countries = net.num_countries();
  const size_t cells = static_cast<size_t>(slots) * materials;
  const FlowWeights& w = weights;
  map.process_weight_ = w.process;
  map.lane_weight_ = w.lane;
  std::vector<double> mix(cells * countries, 0.0), next(cells * countries, 0.0);
  std::vector<uint8_t> present(cells, 0), next_present(cells, 0);
  std::vector<uint8_t> has_source(slots, 0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    if (w.process[p] > 0.0) has_source[net.process_output[p].value] = 1;
  }
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    if (w.lane[l] > 0.0) has_source[net.lane_to[l].value] = 1;
  }
  std::vector<double> acc(countries, 0.0);
  for (int sweep = 1; sweep <= kMaxSweeps; ++sweep) {
    Tracer tracer{net, w.process, w.lane, mix, present, countries};
    std::fill(next.begin(), next.end(), 0.0);
    std::fill(next_present.begin(), next_present.end(), 0);
    for (uint32_t slot = 0; slot < slots; ++slot) {
      const uint32_t m = net.slot_material[slot].value;
      for (uint32_t u = 0; u < materials; ++u) {
        std::fill(acc.begin(), acc.end(), 0.0);
        double wsum = 0.0;
        if (!has_source[slot]) {
          // Stock with no making and no inflow: it is the site's own.
          if (u != m) continue;
          acc[net.site_country[net.slot_site[slot].value].value] = 1.0;
          wsum = 1.0;
        } else {
          tracer.Made(slot, u, acc, wsum);
          for (uint32_t i = net.in_begin[slot]; i < net.in_begin[slot + 1]; ++i) {
            tracer.Lane(net.in_lanes[i].value, u, acc, wsum);
          }
        }
        if (wsum <= 0.0) continue;
        size_t cell = static_cast<size_t>(slot) * materials + u;
        next_present[cell] = 1;
        for (uint32_t c = 0; c < countries; ++c) next[cell * countries + c] = acc[c] / wsum;
      }
    }
    double change = 0.0;
    bool presence_changed = next_present != present;
    for (size_t i = 0; i < next.size(); ++i) change = std::max(change, std::fabs(next[i] - mix[i]));
    mix.swap(next);
    present.swap(next_present);
    map.sweeps_ = sweep;
    if (!presence_changed && change <= kTolerance) {
      map.converged_ = true;
      break;
    }
  }
  map.mix_ = std::move(mix);
  map.present_ = std::move(present);
  return map;
}

std::vector<double> DependenceMap::SlotMix(SlotId slot, MaterialId upstream) const {
  size_t cell = Index(slot.value, upstream.value);
  if (!present_[cell]) return {};
  const uint32_t countries = net_->num_countries();
  return std::vector<double>(mix_.begin() + static_cast<std::ptrdiff_t>(cell * countries),
                             mix_.begin() + static_cast<std::ptrdiff_t>((cell + 1) * countries));
}

std::vector<double> DependenceMap::CountryMix(CountryId country, MaterialId material,
                                              MaterialId upstream) const {
  const model::CompiledNetwork& net = *net_;
  const uint32_t countries = net.num_countries();
  Tracer tracer{net, process_weight_, lane_weight_, mix_, present_, countries};
  std::vector<double> acc(countries, 0.0);
  double wsum = 0.0;
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    if (net.slot_material[slot] != material) continue;
    const uint32_t site = net.slot_site[slot].value;
    if (net.site_country[site] != country) continue;
    tracer.Made(slot, upstream.value, acc, wsum);
    for (uint32_t i = net.in_begin[slot]; i < net.in_begin[slot + 1]; ++i) {
      uint32_t lane = net.in_lanes[i].value;
      uint32_t supplier = net.slot_site[net.lane_from[lane].value].value;
      if (net.site_country[supplier] == country) continue;  // counted where it was made
      tracer.Lane(lane, upstream.value, acc, wsum);
    }
  }
  if (wsum <= 0.0) return {};
  for (double& a : acc) a /= wsum;
  return acc;
}

std::vector<DependenceRow> Dependence(const model::CompiledNetwork& net, const DependenceMap& map,
                                      const DependenceQuery& query) {
  std::vector<CountryId> origin = net.ExpandCountries(query.origin);
  if (origin.empty()) {
    throw NotFound(
        fmt::format("'{}' is neither a country nor a group of the network", query.origin));
  }
  CountryId only_country;
  if (!query.country.empty()) {
    only_country = net.FindCountry(query.country);
    if (!only_country.valid()) {
      throw NotFound(fmt::format("country '{}' is not in the network", query.country));
    }
  }
  MaterialId only_material;
  if (!query.material.empty()) {
    only_material = net.FindMaterial(query.material);
    if (!only_material.valid()) {
      throw NotFound(fmt::format("material '{}' is not in the network", query.material));
    }
  }
  std::vector<DependenceRow> rows;
  for (uint32_t k = 0; k < net.num_countries(); ++k) {
    if (only_country.valid() && only_country.value != k) continue;
    for (uint32_t m = 0; m < net.num_materials(); ++m) {
      if (only_material.valid() && only_material.value != m) continue;
      for (uint32_t u = 0; u < net.num_materials(); ++u) {
        if (u == m && !query.include_self) continue;
        std::vector<double> mix = map.CountryMix(CountryId{k}, MaterialId{m}, MaterialId{u});
        if (mix.empty()) continue;
        DependenceRow row;
        row.country = CountryId{k};
        row.material = MaterialId{m};
        row.upstream = MaterialId{u};
        for (CountryId c : origin) row.share += mix[c.value];
        for (uint32_t c = 0; c < mix.size(); ++c) {
          if (mix[c] > row.top_share) {
            row.top_share = mix[c];
            row.top_origin = CountryId{c};
          }
        }
        rows.push_back(row);
      }
    }
  }
  return rows;
}

}  // namespace chaintwin::analyze
