// Checks that need the whole network: lane shares per buyer and material, alternates with a
// primary, and that every flow can happen (a supplier has what its lane carries, a buyer
// has a use for it, every end-use demand can be met by some site or lane).
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/network_builder.hpp"

namespace chaintwin::io {
namespace {

bool Makes(const model::Site& site, const std::string& material) {
  for (const model::Process& p : site.processes) {
    if (p.output == material) return true;
  }
  return false;
}

bool Holds(const model::Site& site, const std::string& material) {
  for (const model::Stock& s : site.inventory) {
    if (s.material == material) return true;
  }
  return false;
}

bool Uses(const model::Site& site, const std::string& material) {
  for (const model::Process& p : site.processes) {
    for (const model::RecipeInput& in : p.inputs) {
      if (in.material == material) return true;
    }
  }
  for (const model::Demand& d : site.demand) {
    if (d.material == material) return true;
  }
  for (const model::StockDays& s : site.stock_days) {
    if (s.material == material) return true;
  }
  return false;
}

}  // namespace

void NetworkBuilder::CheckShares() {
  // Lanes grouped by (buyer, material), groups in the order first seen: one pass, then one
  // pass per group over its own lanes.
  std::map<std::pair<std::string_view, std::string_view>, size_t> group_of;
  std::vector<std::vector<size_t>> groups;
  for (size_t i = 0; i < net_.lanes.size(); ++i) {
    const model::Lane& lane = net_.lanes[i];
    auto [it, added] = group_of.try_emplace({lane.buyer, lane.material}, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  for (const std::vector<size_t>& group : groups) {
    const std::string& buyer = net_.lanes[group.front()].buyer;
    const std::string& material = net_.lanes[group.front()].material;
    double sum = 0.0;
    std::vector<std::string> primaries;
    size_t first = net_.lanes.size();
    for (size_t i : group) {
      const model::Lane& lane = net_.lanes[i];
      if (lane.alternate) continue;
      sum += lane.share;
      primaries.push_back(lane.id);
      if (first == net_.lanes.size()) first = i;
    }
    for (size_t i : group) {
      const model::Lane& lane = net_.lanes[i];
      if (!lane.alternate || !primaries.empty()) continue;
      reader_.Error(*lane_where_[i].node, Member(lane_where_[i].path, "alternate"),
                    fmt::format("alternate lane `{}` has no primary lane bringing `{}` to `{}`: "
                                "an alternate stands in for a blocked primary",
                                lane.id, material, buyer));
    }
    if (primaries.empty() || std::fabs(sum - 1.0) <= 0.001) continue;
    const Where& where = lane_where_[first];
    const DocNode* share = where.node->Find("share");
    reader_.Error(share != nullptr ? *share : *where.node, Member(where.path, "share"),
                  fmt::format("shares of the primary lanes bringing `{}` to `{}` sum to {:.4g} "
                              "({}): expected 1 (±0.001)",
                              material, buyer, sum, fmt::join(primaries, ", ")));
  }
}

void NetworkBuilder::CheckFlows() {
  // Who ships what onward and who is brought what, indexed once.
  std::set<std::pair<std::string_view, std::string_view>> ships, brought;
  for (const model::Lane& lane : net_.lanes) {
    ships.insert({lane.supplier, lane.material});
    brought.insert({lane.buyer, lane.material});
  }
  for (size_t i = 0; i < net_.lanes.size(); ++i) {
    const model::Lane& lane = net_.lanes[i];
    const Where& where = lane_where_[i];
    const model::Site& supplier = net_.sites[site_index_.at(lane.supplier)];
    if (!supplier.external && !Makes(supplier, lane.material) && !Holds(supplier, lane.material)) {
      const DocNode* from = where.node->Find("from");
      reader_.Error(from != nullptr ? *from : *where.node, Member(where.path, "from"),
                    fmt::format("supplier `{}` neither makes nor holds `{}`: it has no process "
                                "with output `{}`, no inventory of it, and is not external",
                                lane.supplier, lane.material, lane.material));
    }
    const model::Site& buyer = net_.sites[site_index_.at(lane.buyer)];
    bool ships_on = ships.count({lane.buyer, lane.material}) > 0;
    if (!Uses(buyer, lane.material) && !Holds(buyer, lane.material) && !ships_on) {
      const DocNode* to = where.node->Find("to");
      reader_.Error(to != nullptr ? *to : *where.node, Member(where.path, "to"),
                    fmt::format("buyer `{}` has no use for `{}`: no process input, inventory, "
                                "stock policy, demand or onward lane of it",
                                lane.buyer, lane.material));
    }
  }
  for (size_t s = 0; s < net_.sites.size(); ++s) {
    const model::Site& site = net_.sites[s];
    for (size_t d = 0; d < site.demand.size(); ++d) {
      const std::string& material = site.demand[d].material;
      if (Makes(site, material) || Holds(site, material)) continue;
      if (brought.count({site.id, material}) > 0) continue;
      if (d >= demand_at_[s].size() || demand_at_[s][d].node == nullptr) continue;
      reader_.Error(*demand_at_[s][d].node, demand_at_[s][d].path,
                    fmt::format("unreachable demand: no lane brings `{}` to site `{}` and `{}` "
                                "does not make it",
                                material, site.id, site.id));
    }
  }
}

model::Network BuildNetwork(const DocNode& root, const std::string& file,
                            const std::string& base_dir, util::Diagnostics& diagnostics) {
  size_t before = diagnostics.size();
  NetworkBuilder builder(diagnostics, base_dir);
  builder.Build(root);
  if (diagnostics.size() != before) return model::Network{};
  model::Network network = std::move(builder.network());
  network.file = file;
  return network;
}

}  // namespace chaintwin::io
