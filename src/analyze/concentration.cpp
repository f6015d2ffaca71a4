// HHI by country and company, and single points of failure (docs/ANALYSIS.md).
#include "chaintwin/analyze/concentration.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/check.hpp"

namespace chaintwin::analyze {
namespace {

std::vector<ShareEntry> Ranked(const std::map<std::string, double>& by_key, double total) {
  std::vector<ShareEntry> out;
  for (const auto& [key, quantity] : by_key) {
    if (quantity <= 0.0) continue;
    out.push_back(ShareEntry{key, quantity, total > 0 ? quantity / total : 0.0});
  }
  // std::map gives key order; stable_sort keeps it among equal shares.
  std::stable_sort(out.begin(), out.end(), [](const ShareEntry& a, const ShareEntry& b) {
    return a.quantity > b.quantity;
  });
  return out;
}

double HhiOf(const std::vector<ShareEntry>& entries) {
  std::vector<double> shares;
  for (const ShareEntry& e : entries) shares.push_back(e.share);
  return Hhi(shares);
}

class SumSink : public sim::TimelineSink {
 public:
  explicit SumSink(size_t slots) : produced(slots, 0.0) {}
  void Day(const model::CompiledNetwork& net, const sim::DayFigures& f) override {
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) produced[slot] += f.produced[slot];
  }
  std::vector<double> produced;
};

}  // namespace

double Hhi(const std::vector<double>& shares) {
  double sum = 0.0;
  for (double s : shares) sum += (100.0 * s) * (100.0 * s);
  return sum;
}

std::vector<double> ProductionBySlot(const model::CompiledNetwork& compiled,
                                     const model::Scenario& scenario) {
  SumSink sink(compiled.num_slots());
  sim::Simulate(compiled, scenario, {}, &sink);
  return sink.produced;
}

std::vector<MaterialConcentration> Concentration(const model::Network& network,
                                                 const model::CompiledNetwork& net,
                                                 const ConcentrationOptions& options) {
  CT_CHECK(network.sites.size() == net.num_sites(), "network and compiled network differ");
  const bool by_production = options.basis == ShareBasis::kProduction;
  CT_CHECK(!by_production ||
               (options.production != nullptr && options.production->size() == net.num_slots()),
           "production basis needs one figure per slot");
  // Quantity per slot: summed finite capacity of its processes, or what it made. Processes in
  // a capacity pool count for at most the pool's capacity per material they make.
  std::vector<double> quantity(net.num_slots(), 0.0);
  std::vector<uint8_t> unlimited(net.num_slots(), 0);
  std::map<std::pair<uint32_t, uint32_t>, double> pooled;  // (pool, slot) -> summed capacity
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    uint32_t out = net.process_output[p].value;
    if (net.process_pool[p] >= 0) {
      pooled[{static_cast<uint32_t>(net.process_pool[p]), out}] += net.process_capacity[p];
    } else if (std::isinf(net.process_capacity[p])) {
      unlimited[out] = 1;
    } else {
      quantity[out] += net.process_capacity[p];
    }
  }
  for (const auto& [key, capacity] : pooled) {
    quantity[key.second] += std::min(capacity, net.pool_capacity[key.first]);
  }
  if (by_production) {
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      quantity[slot] = (*options.production)[slot];
      unlimited[slot] = 0;
    }
  }
  std::vector<MaterialConcentration> out;
  for (uint32_t m = 0; m < net.num_materials(); ++m) {
    MaterialConcentration c;
    c.material = MaterialId{m};
    c.stage = net.material_stage[m];
    std::map<std::string, double> by_country, by_company;
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      if (net.slot_material[slot].value != m) continue;
      if (unlimited[slot]) ++c.unlimited_sites;
      if (quantity[slot] <= 0.0) continue;
      uint32_t site = net.slot_site[slot].value;
      const std::string& operator_name = network.sites[site].operator_name;
      ++c.producers;
      c.total += quantity[slot];
      by_country[net.country_key[net.site_country[site].value]] += quantity[slot];
      by_company[operator_name.empty() ? net.site_key[site] : operator_name] += quantity[slot];
    }
    if (c.producers == 0 && c.unlimited_sites == 0) continue;
    c.countries = Ranked(by_country, c.total);
    c.companies = Ranked(by_company, c.total);
    c.hhi_country = HhiOf(c.countries);
    c.hhi_company = HhiOf(c.companies);
    out.push_back(std::move(c));
  }
  return out;
}

std::string_view SpofKindName(SpofKind kind) {
  switch (kind) {
    case SpofKind::kSingleSupplier:
      return "single_supplier";
    case SpofKind::kSingleProducer:
      return "single_producer";
    case SpofKind::kChokepoint:
      return "chokepoint";
  }
  return "?";
}

std::vector<SinglePointOfFailure> SinglePointsOfFailure(const model::CompiledNetwork& net) {
  std::vector<uint8_t> makes(net.num_slots(), 0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    if (net.process_capacity[p] > 0) makes[net.process_output[p].value] = 1;
  }
  const std::vector<double>& produced = net.process_expected_output;
  std::vector<double> slot_made(net.num_slots(), 0.0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    slot_made[net.process_output[p].value] += produced[p];
  }

  std::vector<SinglePointOfFailure> single_supplier, single_producer, chokepoint;
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    const uint32_t begin = net.in_begin[slot], end = net.in_begin[slot + 1];
    if (begin == end) continue;
    const SiteId buyer = net.slot_site[slot];
    const MaterialId material = net.slot_material[slot];
    double inflow = 0.0;
    std::vector<uint32_t> suppliers;
    for (uint32_t i = begin; i < end; ++i) {
      LaneId l = net.in_lanes[i];
      inflow += net.lane_expected_flow[l.value];
      suppliers.push_back(net.slot_site[net.lane_from[l.value].value].value);
    }
    std::sort(suppliers.begin(), suppliers.end());
    suppliers.erase(std::unique(suppliers.begin(), suppliers.end()), suppliers.end());
    const int lanes = static_cast<int>(end - begin);
    if (suppliers.size() == 1 && !makes[slot]) {
      single_supplier.push_back(SinglePointOfFailure{SpofKind::kSingleSupplier, material, buyer,
                                                     SiteId{suppliers[0]}, ChokepointId{}, lanes,
                                                     inflow});
    }
    if (makes[slot]) continue;  // its own making is an alternative to every lane
    // Chokepoints crossed by every lane in: count crossings per chokepoint, once per lane.
    std::vector<int> count(net.chokepoint_key.size(), 0);
    for (uint32_t i = begin; i < end; ++i) {
      LaneId l = net.in_lanes[i];
      std::vector<uint32_t> crossed;
      for (uint32_t x = net.lane_crossing_begin[l.value]; x < net.lane_crossing_begin[l.value + 1];
           ++x) {
        crossed.push_back(net.crossing_chokepoint[x].value);
      }
      std::sort(crossed.begin(), crossed.end());
      crossed.erase(std::unique(crossed.begin(), crossed.end()), crossed.end());
      for (uint32_t c : crossed) ++count[c];
    }
    for (uint32_t c = 0; c < count.size(); ++c) {
      if (count[c] == lanes) {
        chokepoint.push_back(SinglePointOfFailure{SpofKind::kChokepoint, material, buyer, SiteId{},
                                                  ChokepointId{c}, lanes, inflow});
      }
    }
  }
  for (uint32_t m = 0; m < net.num_materials(); ++m) {
    int sites = 0;
    uint32_t only = 0;
    double made = 0.0;
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      if (net.slot_material[slot].value != m || !makes[slot]) continue;
      ++sites;
      only = net.slot_site[slot].value;
      made += slot_made[slot];
    }
    if (sites == 1) {
      single_producer.push_back(SinglePointOfFailure{SpofKind::kSingleProducer, MaterialId{m},
                                                     SiteId{}, SiteId{only}, ChokepointId{}, 0,
                                                     made});
    }
  }
  auto by_material = [](const SinglePointOfFailure& a, const SinglePointOfFailure& b) {
    if (a.material != b.material) return a.material < b.material;
    return a.buyer < b.buyer;
  };
  std::stable_sort(single_supplier.begin(), single_supplier.end(), by_material);
  std::stable_sort(chokepoint.begin(), chokepoint.end(), by_material);
  std::vector<SinglePointOfFailure> out = std::move(single_supplier);
  out.insert(out.end(), single_producer.begin(), single_producer.end());
  out.insert(out.end(), chokepoint.begin(), chokepoint.end());
  return out;
}

}  // namespace chaintwin::analyze
