// Checks that need the whole network: lane shares per buyer and material, alternates with a
// primary, and that every flow can happen (a supplier has what its lane carries, a buyer
// has a use for it, every end-use demand can be met by some site or lane).
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/network_builder.hpp"

namespace chaintwin::io {
namespace {

// What a site does with a material, one byte per (site, material).
enum SiteUse : uint8_t {
  kMakes = 1,    // a process outputs it
  kHolds = 2,    // initial inventory
  kUses = 4,     // a recipe input, demand or stock policy
  kShips = 8,    // a lane carries it from the site
  kBrought = 16  // a lane brings it to the site
};

}  // namespace

void NetworkBuilder::CheckShares() {
  // Lanes grouped by (buyer, material), groups in the order first seen: one pass, then one
  // pass per group over its own lanes.
  const size_t materials = net_.materials.size();
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> group_of(net_.sites.size() * materials, kNone);
  std::vector<std::vector<size_t>> groups;
  for (size_t i = 0; i < net_.lanes.size(); ++i) {
    uint32_t& group = group_of[lane_ends_[i].buyer * materials + lane_ends_[i].material];
    if (group == kNone) {
      group = static_cast<uint32_t>(groups.size());
      groups.emplace_back();
    }
    groups[group].push_back(i);
  }
  for (const std::vector<size_t>& group : groups) {
    const std::string& buyer = net_.lanes[group.front()].buyer;
    const std::string& material = net_.lanes[group.front()].material;
    double sum = 0.0;
    size_t primaries = 0;
    size_t first = net_.lanes.size();
    for (size_t i : group) {
      const model::Lane& lane = net_.lanes[i];
      if (lane.alternate) continue;
      sum += lane.share;
      ++primaries;
      if (first == net_.lanes.size()) first = i;
    }
    for (size_t i : group) {
      const model::Lane& lane = net_.lanes[i];
      if (!lane.alternate || primaries != 0) continue;
      reader_.Error(NodeOf(lane_where_[i]), Member(PathOf(lane_where_[i]), "alternate"),
                    fmt::format("alternate lane `{}` has no primary lane bringing `{}` to `{}`: "
                                "an alternate stands in for a blocked primary",
                                lane.id, material, buyer));
    }
    if (primaries == 0 || std::fabs(sum - 1.0) <= 0.001) continue;
    std::vector<std::string_view> ids;
    for (size_t i : group) {
      if (!net_.lanes[i].alternate) ids.push_back(net_.lanes[i].id);
    }
    const DocNode& node = NodeOf(lane_where_[first]);
    const DocNode* share = node.Find("share");
    reader_.Error(share != nullptr ? *share : node, Member(PathOf(lane_where_[first]), "share"),
                  fmt::format("shares of the primary lanes bringing `{}` to `{}` sum to {:.4g} "
                              "({}): expected 1 (±0.001)",
                              material, buyer, sum, fmt::join(ids, ", ")));
  }
}

void NetworkBuilder::CheckFlows() {
  // Who makes, holds, uses, ships and is brought what, indexed once by (site, material).
  const size_t materials = net_.materials.size();
  std::vector<uint8_t> use(net_.sites.size() * materials, 0);
  auto mark = [&](size_t site, const std::string& material, SiteUse what) {
    size_t m = MaterialIndex(material);
    if (m != std::string_view::npos) use[site * materials + m] |= what;
  };
  for (size_t s = 0; s < net_.sites.size(); ++s) {
    const model::Site& site = net_.sites[s];
    for (const model::Process& p : site.processes) {
      mark(s, p.output, kMakes);
      for (const model::RecipeInput& in : p.inputs) mark(s, in.material, kUses);
    }
    for (const model::Stock& stock : site.inventory) mark(s, stock.material, kHolds);
    for (const model::Demand& d : site.demand) mark(s, d.material, kUses);
    for (const model::StockDays& days : site.stock_days) mark(s, days.material, kUses);
    for (const model::InventoryPolicy& x : site.inventory_policy) mark(s, x.material, kUses);
  }
  for (const LaneEnds& ends : lane_ends_) {
    use[ends.supplier * materials + ends.material] |= kShips;
    use[ends.buyer * materials + ends.material] |= kBrought;
  }
  for (size_t i = 0; i < net_.lanes.size(); ++i) {
    const model::Lane& lane = net_.lanes[i];
    const LaneEnds& ends = lane_ends_[i];
    const Where& where = lane_where_[i];
    uint8_t supplier = use[ends.supplier * materials + ends.material];
    if (!net_.sites[ends.supplier].external && (supplier & (kMakes | kHolds)) == 0) {
      const DocNode& node = NodeOf(where);
      const DocNode* from = node.Find("from");
      reader_.Error(from != nullptr ? *from : node, Member(PathOf(where), "from"),
                    fmt::format("supplier `{}` neither makes nor holds `{}`: it has no process "
                                "with output `{}`, no inventory of it, and is not external",
                                lane.supplier, lane.material, lane.material));
    }
    uint8_t buyer = use[ends.buyer * materials + ends.material];
    if ((buyer & (kUses | kHolds | kShips)) == 0) {
      const DocNode& node = NodeOf(where);
      const DocNode* to = node.Find("to");
      reader_.Error(to != nullptr ? *to : node, Member(PathOf(where), "to"),
                    fmt::format("buyer `{}` has no use for `{}`: no process input, inventory, "
                                "stock policy, demand or onward lane of it",
                                lane.buyer, lane.material));
    }
  }
  // An inventory policy orders: its material must come by a lane, or be made from inputs
  // that do (the policy then orders them, docs/SIMULATION.md).
  for (size_t s = 0; s < net_.sites.size(); ++s) {
    const model::Site& site = net_.sites[s];
    for (size_t k = 0; k < site.inventory_policy.size() && k < policy_at_[s].size(); ++k) {
      const std::string& material = site.inventory_policy[k].material;
      size_t m = MaterialIndex(material);
      if (m == std::string_view::npos || (use[s * materials + m] & (kMakes | kBrought)) != 0) {
        continue;
      }
      reader_.Error(NodeOf(policy_at_[s][k]), PathOf(policy_at_[s][k]),
                    fmt::format("site `{}` neither makes `{}` nor has a lane bringing it: an "
                                "inventory policy needs something to order",
                                site.id, material));
    }
  }
  for (size_t s = 0; s < net_.sites.size(); ++s) {
    const model::Site& site = net_.sites[s];
    for (size_t d = 0; d < site.demand.size(); ++d) {
      const std::string& material = site.demand[d].material;
      size_t m = MaterialIndex(material);
      bool met = m != std::string_view::npos &&
                 (use[s * materials + m] & (kMakes | kHolds | kBrought)) != 0;
      if (met) continue;
      if (d >= demand_at_[s].size()) continue;
      const Where& where = demand_at_[s][d];
      if (where.node == nullptr && where.table == nullptr) continue;
      reader_.Error(NodeOf(where), PathOf(where),
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
