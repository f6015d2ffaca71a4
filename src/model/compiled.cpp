// Compile(): Network (keys) -> CompiledNetwork (dense ids, flat arrays).
//
// Baseline flows: end-use demand is propagated upstream through lane shares and recipes until
// it settles. For each slot, use = demand + consumption by the site's processes + shipments on
// its lanes; the site makes what it can of that (up to nameplate capacity) and the rest must come
// in by its primary lanes, split by share. The engine sizes stock targets, order-up-to levels
// and the opening pipeline from these figures.
#include "chaintwin/model/compiled.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "chaintwin/util/check.hpp"

namespace chaintwin::model {

SiteId CompiledNetwork::FindSite(const std::string& key) const {
  uint32_t i = site_index.Find(key, site_key);
  return i == util::KeyIndex::kAbsent ? SiteId{} : SiteId{i};
}
MaterialId CompiledNetwork::FindMaterial(const std::string& key) const {
  auto it = material_index.find(key);
  return it == material_index.end() ? MaterialId{} : MaterialId{it->second};
}
LaneId CompiledNetwork::FindLane(const std::string& key) const {
  uint32_t i = lane_index.Find(key, lane_key);
  return i == util::KeyIndex::kAbsent ? LaneId{} : LaneId{i};
}
CountryId CompiledNetwork::FindCountry(const std::string& key) const {
  auto it = country_index.find(key);
  return it == country_index.end() ? CountryId{} : CountryId{it->second};
}
int CompiledNetwork::FindGroup(const std::string& key) const {
  auto it = group_index.find(key);
  return it == group_index.end() ? -1 : static_cast<int>(it->second);
}
ChokepointId CompiledNetwork::FindChokepoint(const std::string& key) const {
  auto it = chokepoint_index.find(key);
  return it == chokepoint_index.end() ? ChokepointId{} : ChokepointId{it->second};
}
int CompiledNetwork::ContractTier(LaneId lane, int32_t date) const {
  int tier = 0;
  for (uint32_t i = lane_contract_begin[lane.value]; i < lane_contract_begin[lane.value + 1]; ++i) {
    const LaneContract& k = lane_contracts[i];
    if (date < k.first_day || date > k.last_day) continue;
    tier = tier == 0 ? k.tier : std::min(tier, k.tier);
  }
  return tier;
}

double CompiledNetwork::ContractVolume(LaneId lane, int32_t date) const {
  double volume = 0.0;
  for (uint32_t i = lane_contract_begin[lane.value]; i < lane_contract_begin[lane.value + 1]; ++i) {
    const LaneContract& k = lane_contracts[i];
    if (date >= k.first_day && date <= k.last_day) volume += k.volume_per_day;
  }
  return volume;
}

SlotId CompiledNetwork::FindSlot(SiteId site, MaterialId material) const {
  for (uint32_t s = site_slot_begin[site.value]; s < site_slot_begin[site.value + 1]; ++s) {
    if (slot_material[s] == material) return SlotId{s};
  }
  return SlotId{};
}
std::vector<CountryId> CompiledNetwork::ExpandCountries(const std::string& key) const {
  if (CountryId c = FindCountry(key); c.valid()) return {c};
  if (int g = FindGroup(key); g >= 0) return group_members[static_cast<size_t>(g)];
  return {};
}

namespace {

template <typename T>
uint32_t U32(T v) {
  return static_cast<uint32_t>(v);
}

template <typename... Vectors>
void ReserveAll(size_t n, Vectors&... vectors) {
  (vectors.reserve(n), ...);
}

void BuildCsr(uint32_t n, const std::vector<uint32_t>& owner, std::vector<uint32_t>& begin,
              std::vector<uint32_t>& order) {
  begin.assign(n + 1, 0);
  for (uint32_t o : owner) ++begin[o + 1];
  for (uint32_t i = 0; i < n; ++i) begin[i + 1] += begin[i];
  order.assign(owner.size(), 0);
  std::vector<uint32_t> fill(begin.begin(), begin.end() - 1);
  for (uint32_t i = 0; i < owner.size(); ++i) order[fill[owner[i]]++] = i;
}

// Pools in site order, then declaration order; each process to its pool by the site's pool id.
// Requires: the processes are compiled (process_site, process_key) and the network validated
// (every Process::capacity_pool names a pool of its site).
void CompilePools(const Network& net, CompiledNetwork& c) {
  c.process_pool.assign(c.num_processes(), -1);
  std::vector<uint32_t> owner;
  for (uint32_t s = 0; s < c.num_sites(); ++s) {
    const Site& site = net.sites[s];
    if (site.capacity_pools.empty()) continue;
    const int32_t first = static_cast<int32_t>(c.pool_site.size());
    for (const CapacityPool& pool : site.capacity_pools) {
      c.pool_site.push_back(SiteId{s});
      c.pool_key.push_back(pool.id);
      c.pool_capacity.push_back(pool.capacity_per_day);
    }
    for (uint32_t p = c.site_process_begin[s]; p < c.site_process_begin[s + 1]; ++p) {
      for (const Process& proc : site.processes) {
        if ((proc.id.empty() ? proc.output : proc.id) != c.process_key[p]) continue;
        for (size_t k = 0; k < site.capacity_pools.size() && !proc.capacity_pool.empty(); ++k) {
          if (site.capacity_pools[k].id == proc.capacity_pool) {
            c.process_pool[p] = first + static_cast<int32_t>(k);
          }
        }
      }
    }
  }
  std::vector<uint32_t> members;
  for (uint32_t p = 0; p < c.num_processes(); ++p) {
    if (c.process_pool[p] < 0) continue;
    owner.push_back(static_cast<uint32_t>(c.process_pool[p]));
    members.push_back(p);
  }
  std::vector<uint32_t> order;
  BuildCsr(c.num_pools(), owner, c.pool_process_begin, order);
  for (uint32_t i : order) c.pool_processes.push_back(ProcessId{members[i]});
}

}  // namespace

CompiledNetwork Compile(const Network& net) {
  CompiledNetwork c;
  for (const Material& m : net.materials) {
    c.material_index.emplace(m.id, U32(c.material_key.size()));
    c.material_key.push_back(m.id);
    c.material_name.push_back(m.name.empty() ? m.id : m.name);
    c.material_unit.push_back(m.unit.empty() ? std::string(CanonicalUnit(m.dimension)) : m.unit);
    c.material_dimension.push_back(m.dimension);
    c.material_stage.push_back(m.stage);
    c.material_gwh_per_unit.push_back(m.dimension == Dimension::kEnergy ? 1.0 : m.gwh_per_unit);
  }
  for (const Country& k : net.countries) {
    c.country_index.emplace(k.code, U32(c.country_key.size()));
    c.country_key.push_back(k.code);
    c.country_name.push_back(k.name.empty() ? k.code : k.name);
  }
  for (const Group& g : net.groups) {
    c.group_index.emplace(g.id, U32(c.group_key.size()));
    c.group_key.push_back(g.id);
    std::vector<CountryId> members;
    for (const std::string& code : g.members) {
      if (CountryId id = c.FindCountry(code); id.valid()) members.push_back(id);
    }
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    if (g.region) {
      if (c.country_region.empty()) c.country_region.assign(c.country_key.size(), CompiledNetwork::kNoRegion);
      for (CountryId m : members) c.country_region[m.value] = U32(c.region_key.size());
      c.region_key.push_back(g.id);
      c.region_name.push_back(g.name.empty() ? g.id : g.name);
    }
    c.group_members.push_back(std::move(members));
  }
  if (c.country_region.empty()) c.country_region.assign(c.country_key.size(), CompiledNetwork::kNoRegion);
  for (const Chokepoint& k : net.chokepoints) {
    c.chokepoint_index.emplace(k.id, U32(c.chokepoint_key.size()));
    c.chokepoint_key.push_back(k.id);
  }

  // Sites and their slots: every material a site holds, makes, uses, demands, ships or receives,
  // marked in a site x material table (materials are few; the loader's checks keep the same).
  const uint32_t num_sites = U32(net.sites.size());
  const size_t num_materials = c.material_key.size();
  c.site_index.Reserve(num_sites);
  c.lane_index.Reserve(net.lanes.size());
  c.site_key.reserve(num_sites);
  std::vector<uint8_t> site_has(num_sites * num_materials, 0);
  auto mark = [&](uint32_t site, uint32_t material) {
    site_has[site * num_materials + material] = 1;
  };
  for (const Site& site : net.sites) c.site_key.push_back(site.id);
  c.site_index.InsertAll(c.site_key);
  // Consecutive rows mostly name the same material: compare with the last key before hashing.
  const std::string* last_material = nullptr;
  uint32_t last_material_id = 0;
  auto mat = [&](const std::string& key) {
    if (last_material != nullptr && *last_material == key) return last_material_id;
    MaterialId id = c.FindMaterial(key);
    CT_CHECK(id.valid(), "Compile() needs a validated network: unknown material");
    last_material = &key;
    last_material_id = id.value;
    return id.value;
  };
  for (uint32_t s = 0; s < num_sites; ++s) {
    const Site& site = net.sites[s];
    for (const Stock& x : site.inventory) mark(s, mat(x.material));
    for (const Demand& x : site.demand) mark(s, mat(x.material));
    for (const Process& p : site.processes) {
      mark(s, mat(p.output));
      for (const RecipeInput& in : p.inputs) mark(s, mat(in.material));
    }
  }
  std::vector<uint32_t> lane_site_from, lane_site_to;  // looked up once, used again below
  lane_site_from.reserve(net.lanes.size());
  lane_site_to.reserve(net.lanes.size());
  uint32_t buyer_near = util::KeyIndex::kAbsent;  // lanes are often listed by buyer
  for (size_t i = 0; i < net.lanes.size(); ++i) {
    const Lane& lane = net.lanes[i];
    // Suppliers come in no order: fetch the slot of one a few lanes ahead.
    if (i + 8 < net.lanes.size()) c.site_index.Prefetch(net.lanes[i + 8].supplier);
    uint32_t from = c.site_index.Find(lane.supplier, c.site_key);
    uint32_t to = c.site_index.FindNear(lane.buyer, c.site_key, buyer_near);
    CT_CHECK(from != util::KeyIndex::kAbsent && to != util::KeyIndex::kAbsent,
             "Compile() needs a validated network: unknown lane site");
    mark(from, mat(lane.material));
    mark(to, mat(lane.material));
    lane_site_from.push_back(from);
    lane_site_to.push_back(to);
  }
  const auto num_slots_found = static_cast<size_t>(std::count(site_has.begin(), site_has.end(), 1));
  ReserveAll(num_sites, c.site_name, c.site_country, c.site_external, c.site_backlog,
             c.site_priority, c.site_ttr_days);
  ReserveAll(num_slots_found, c.slot_site, c.slot_material, c.slot_target_days,
             c.slot_demand_per_day, c.slot_initial_stock);
  c.site_slot_begin.assign(num_sites + 1, 0);
  for (uint32_t s = 0; s < num_sites; ++s) {
    const Site& site = net.sites[s];
    c.site_name.push_back(site.name.empty() ? site.id : site.name);
    CountryId country = c.FindCountry(site.country);
    CT_CHECK(country.valid(), "Compile() needs a validated network: unknown country");
    c.site_country.push_back(country);
    c.site_external.push_back(site.external ? 1 : 0);
    c.site_backlog.push_back(site.demand_mode == DemandMode::kBacklog ? 1 : 0);
    c.site_priority.push_back(site.priority_weight);
    c.site_ttr_days.push_back(site.ttr_days ? *site.ttr_days : -1.0);
    for (uint32_t m = 0; m < num_materials; ++m) {
      if (!site_has[s * num_materials + m]) continue;
      c.slot_site.push_back(SiteId{s});
      c.slot_material.push_back(MaterialId{m});
      double days = site.external ? 0.0 : site.stock_days_default;
      for (const StockDays& d : site.stock_days) {
        if (mat(d.material) == m) days = d.days;
      }
      c.slot_target_days.push_back(days);
      double demand = 0.0;
      for (const Demand& d : site.demand) {
        if (mat(d.material) == m) demand += d.per_day;
      }
      c.slot_demand_per_day.push_back(demand);
      c.slot_initial_stock.push_back(-1.0);  // filled below: given, or the target level
    }
    c.site_slot_begin[s + 1] = U32(c.slot_site.size());
  }
  const uint32_t num_slots = c.num_slots();
  std::vector<uint8_t> stock_given(num_slots, 0);
  for (uint32_t s = 0; s < num_sites; ++s) {
    for (const Stock& x : net.sites[s].inventory) {
      SlotId slot = c.FindSlot(SiteId{s}, MaterialId{mat(x.material)});
      if (!stock_given[slot.value]) c.slot_initial_stock[slot.value] = 0.0;
      c.slot_initial_stock[slot.value] += x.quantity;
      stock_given[slot.value] = 1;
    }
  }

  c.slot_policy.assign(num_slots, CompiledNetwork::kNoPolicy);
  for (uint32_t s = 0; s < num_sites; ++s) {
    for (const InventoryPolicy& x : net.sites[s].inventory_policy) {
      SlotId slot = c.FindSlot(SiteId{s}, MaterialId{mat(x.material)});
      CT_CHECK(slot.valid(), "Compile() needs a validated network: policy on no slot");
      c.slot_policy[slot.value] = U32(c.slot_policies.size());
      c.slot_policies.push_back(x);
      c.slot_policies.back().material.clear();
    }
  }

  // Processes: by site, then upstream stage first, then key.
  size_t num_processes = 0;
  size_t num_inputs = 0;
  for (const Site& site : net.sites) {
    num_processes += site.processes.size();
    for (const Process& p : site.processes) num_inputs += p.inputs.size();
  }
  ReserveAll(num_processes, c.process_key, c.process_site, c.process_output, c.process_capacity,
             c.process_start, c.process_lead_days);
  ReserveAll(num_processes + 1, c.process_input_begin, c.process_ramp_begin);
  ReserveAll(num_inputs, c.input_slot, c.input_per_unit);
  c.site_process_begin.assign(num_sites + 1, 0);
  std::vector<const Process*> procs;
  for (uint32_t s = 0; s < num_sites; ++s) {
    const Site& site = net.sites[s];
    procs.clear();
    for (const Process& p : site.processes) procs.push_back(&p);
    std::stable_sort(procs.begin(), procs.end(), [&](const Process* a, const Process* b) {
      auto sa = c.material_stage[mat(a->output)];
      auto sb = c.material_stage[mat(b->output)];
      if (sa != sb) return sa < sb;
      return a->id < b->id;
    });
    for (const Process* p : procs) {
      c.process_key.push_back(p->id.empty() ? p->output : p->id);
      c.process_site.push_back(SiteId{s});
      c.process_output.push_back(c.FindSlot(SiteId{s}, MaterialId{mat(p->output)}));
      c.process_capacity.push_back(p->capacity_per_day);
      c.process_start.push_back(p->start ? *p->start : std::numeric_limits<int32_t>::min());
      c.process_lead_days.push_back(std::max(0, p->lead_days));
      if (c.process_input_begin.empty()) c.process_input_begin.push_back(0);
      for (const RecipeInput& in : p->inputs) {
        c.input_slot.push_back(c.FindSlot(SiteId{s}, MaterialId{mat(in.material)}));
        c.input_per_unit.push_back(in.per_unit);
      }
      c.process_input_begin.push_back(U32(c.input_slot.size()));
      if (c.process_ramp_begin.empty()) c.process_ramp_begin.push_back(0);
      for (const RampPoint& r : p->ramp_up) c.ramp_points.push_back(r);
      c.process_ramp_begin.push_back(U32(c.ramp_points.size()));
    }
    c.site_process_begin[s + 1] = U32(c.process_site.size());
  }
  if (c.process_input_begin.empty()) c.process_input_begin.push_back(0);
  if (c.process_ramp_begin.empty()) c.process_ramp_begin.push_back(0);
  CompilePools(net, c);

  // Lanes.
  const size_t num_lanes = net.lanes.size();
  std::vector<uint32_t> lane_owner_from, lane_owner_to;
  ReserveAll(num_lanes, lane_owner_from, lane_owner_to, c.lane_key, c.lane_from, c.lane_to,
             c.lane_transit, c.lane_mode, c.lane_share, c.lane_alternate, c.lane_qualification,
             c.lane_contract_tier, c.lane_contract_volume, c.lane_capacity);
  c.lane_crossing_begin.reserve(num_lanes + 1);
  for (size_t i = 0; i < num_lanes; ++i) {
    const Lane& lane = net.lanes[i];
    c.lane_key.push_back(lane.id);  // lane_index is filled once the lanes are renumbered
    MaterialId m{mat(lane.material)};
    SlotId from = c.FindSlot(SiteId{lane_site_from[i]}, m);
    SlotId to = c.FindSlot(SiteId{lane_site_to[i]}, m);
    c.lane_from.push_back(from);
    c.lane_to.push_back(to);
    lane_owner_from.push_back(from.value);
    lane_owner_to.push_back(to.value);
    c.lane_transit.push_back(std::max(0, lane.transit_days));
    c.lane_mode.push_back(lane.mode);
    c.lane_share.push_back(lane.share);
    c.lane_alternate.push_back(lane.alternate ? 1 : 0);
    c.lane_qualification.push_back(std::max(0, lane.qualification_days));
    c.lane_capacity.push_back(lane.capacity_per_day.value_or(kUnlimited));
    if (c.lane_crossing_begin.empty()) c.lane_crossing_begin.push_back(0);
    for (const ChokepointCrossing& x : lane.chokepoints) {
      c.crossing_chokepoint.push_back(c.FindChokepoint(x.chokepoint));
      c.crossing_day.push_back(std::clamp(x.day, 0, c.lane_transit.back()));
    }
    c.lane_crossing_begin.push_back(U32(c.crossing_chokepoint.size()));
    c.lane_contract_tier.push_back(0);
    c.lane_contract_volume.push_back(0.0);
  }
  if (c.lane_crossing_begin.empty()) c.lane_crossing_begin.push_back(0);

  // Number lanes by buyer slot (then by input order): the ordering step walks each buyer's
  // lanes, and with this numbering it walks the lane arrays front to back. Lanes listed by
  // buyer already, as generated tables are, keep their numbers.
  const uint32_t n = U32(c.lane_key.size());
  if (!std::is_sorted(c.lane_to.begin(), c.lane_to.end(),
                      [](SlotId a, SlotId b) { return a.value < b.value; })) {
    std::vector<uint32_t> perm(n);
    std::iota(perm.begin(), perm.end(), 0u);
    std::stable_sort(perm.begin(), perm.end(), [&](uint32_t a, uint32_t b) {
      return c.lane_to[a].value < c.lane_to[b].value;
    });
    auto permute = [&](auto& v) {
      auto old = std::move(v);
      v.clear();
      v.reserve(n);
      for (uint32_t i = 0; i < n; ++i) v.push_back(std::move(old[perm[i]]));
    };
    permute(c.lane_key);
    permute(c.lane_from);
    permute(c.lane_to);
    permute(c.lane_transit);
    permute(c.lane_mode);
    permute(c.lane_share);
    permute(c.lane_alternate);
    permute(c.lane_qualification);
    permute(c.lane_capacity);
    permute(lane_owner_from);
    permute(lane_owner_to);
    std::vector<uint32_t> begin = c.lane_crossing_begin;
    std::vector<ChokepointId> cp = c.crossing_chokepoint;
    std::vector<int32_t> day = c.crossing_day;
    c.lane_crossing_begin.assign(1, 0);
    c.crossing_chokepoint.clear();
    c.crossing_day.clear();
    for (uint32_t i = 0; i < n; ++i) {
      for (uint32_t x = begin[perm[i]]; x < begin[perm[i] + 1]; ++x) {
        c.crossing_chokepoint.push_back(cp[x]);
        c.crossing_day.push_back(day[x]);
      }
      c.lane_crossing_begin.push_back(U32(c.crossing_chokepoint.size()));
    }
  }
  c.lane_index.InsertAll(c.lane_key);
  std::vector<uint32_t> order;
  BuildCsr(num_slots, lane_owner_from, c.out_begin, order);
  for (uint32_t l : order) c.out_lanes.push_back(LaneId{l});
  BuildCsr(num_slots, lane_owner_to, c.in_begin, order);
  for (uint32_t l : order) c.in_lanes.push_back(LaneId{l});

  // Shared limits (capacity.hpp): chokepoint throughputs, then capped contracts over several
  // lanes.
  c.limit_lane_begin.assign(1, 0);
  auto add_limit = [&](std::string key, double cap, int32_t first, int32_t last,
                       const std::vector<LaneId>& lanes) {
    c.limit_key.push_back(std::move(key));
    c.limit_capacity.push_back(cap);
    c.limit_first_day.push_back(first);
    c.limit_last_day.push_back(last);
    c.limit_lanes.insert(c.limit_lanes.end(), lanes.begin(), lanes.end());
    c.limit_lane_begin.push_back(U32(c.limit_lanes.size()));
  };
  for (const Chokepoint& k : net.chokepoints) {
    if (!k.capacity_per_day) continue;
    ChokepointId cp = c.FindChokepoint(k.id);
    std::vector<LaneId> lanes;
    for (uint32_t l = 0; l < c.num_lanes(); ++l) {
      if (c.material_dimension[c.slot_material[c.lane_from[l].value].value] !=
          k.capacity_dimension) {
        continue;
      }
      for (uint32_t x = c.lane_crossing_begin[l]; x < c.lane_crossing_begin[l + 1]; ++x) {
        if (c.crossing_chokepoint[x] == cp) {
          lanes.push_back(LaneId{l});
          break;
        }
      }
    }
    if (!lanes.empty()) {
      add_limit("chokepoint " + k.id, *k.capacity_per_day, std::numeric_limits<int32_t>::min(),
                std::numeric_limits<int32_t>::max(), lanes);
    }
  }
  std::vector<std::pair<uint32_t, CompiledNetwork::LaneContract>> by_lane;
  for (const Contract& k : net.contracts) {
    MaterialId m = c.FindMaterial(k.material);
    SiteId seller = c.FindSite(k.seller);
    SiteId buyer = c.FindSite(k.buyer);
    if (!m.valid() || !seller.valid() || !buyer.valid()) continue;
    SlotId from = c.FindSlot(seller, m);
    if (!from.valid()) continue;
    std::vector<LaneId> covered;
    for (uint32_t i = c.out_begin[from.value]; i < c.out_begin[from.value + 1]; ++i) {
      LaneId l = c.out_lanes[i];
      if (c.slot_site[c.lane_to[l.value].value] != buyer) continue;
      covered.push_back(l);
      int& tier = c.lane_contract_tier[l.value];
      tier = tier == 0 ? std::max(1, k.priority) : std::min(tier, std::max(1, k.priority));
      c.lane_contract_volume[l.value] += k.volume_per_day;
      CompiledNetwork::LaneContract lc;
      lc.tier = std::max(1, k.priority);
      lc.volume_per_day = k.volume_per_day;
      lc.max_volume_per_day = k.max_volume_per_day.value_or(kUnlimited);
      if (k.start) lc.first_day = *k.start;
      if (k.end) lc.last_day = *k.end;
      by_lane.emplace_back(l.value, lc);
    }
    if (k.max_volume_per_day && covered.size() >= 2) {
      add_limit("contract " + k.id, *k.max_volume_per_day,
                k.start.value_or(std::numeric_limits<int32_t>::min()),
                k.end.value_or(std::numeric_limits<int32_t>::max()), covered);
    }
  }
  std::stable_sort(by_lane.begin(), by_lane.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  c.lane_contract_begin.assign(c.num_lanes() + 1, 0);
  for (const auto& [l, k] : by_lane) ++c.lane_contract_begin[l + 1];
  for (uint32_t l = 0; l < c.num_lanes(); ++l) c.lane_contract_begin[l + 1] += c.lane_contract_begin[l];
  for (const auto& [l, k] : by_lane) c.lane_contracts.push_back(k);
  {
    std::vector<uint8_t> capped(c.num_lanes(), 0);
    for (uint32_t l = 0; l < c.num_lanes(); ++l) capped[l] = c.lane_capacity[l] < kUnlimited;
    for (const auto& [l, k] : by_lane) capped[l] |= k.max_volume_per_day < kUnlimited;
    for (LaneId l : c.limit_lanes) capped[l.value] = 1;
    for (uint32_t l = 0; l < c.num_lanes(); ++l) {
      if (capped[l]) c.capped_lanes.push_back(LaneId{l});
    }
  }

  // Baseline flows (see the file comment). Jacobi sweeps until nothing moves by more than
  // 1e-9 relative; a chain of depth d settles in d sweeps; loops (recycling) converge when
  // their gain is below 1, and stop at 200 sweeps otherwise.
  c.slot_expected_use.assign(num_slots, 0.0);
  c.slot_expected_inflow.assign(num_slots, 0.0);
  c.slot_expected_internal_use.assign(num_slots, 0.0);
  c.lane_expected_flow.assign(c.num_lanes(), 0.0);
  c.process_expected_output.assign(c.num_processes(), 0.0);
  // Several processes making one output share its baseline pro rata to nameplate capacity;
  // when some have unlimited capacity, those share it equally.
  std::vector<double> make_capacity(num_slots, 0.0), unlimited_makers(num_slots, 0.0);
  for (uint32_t p = 0; p < c.num_processes(); ++p) {
    make_capacity[c.process_output[p].value] += c.process_capacity[p];
    if (std::isinf(c.process_capacity[p])) unlimited_makers[c.process_output[p].value] += 1.0;
  }
  std::vector<double> shipped(num_slots, 0.0), used(num_slots, 0.0), pool_cut(num_slots, 0.0);
  for (int sweep = 0; sweep < 200; ++sweep) {
    std::fill(shipped.begin(), shipped.end(), 0.0);
    std::fill(used.begin(), used.end(), 0.0);
    std::fill(pool_cut.begin(), pool_cut.end(), 0.0);
    for (uint32_t slot = 0; slot < num_slots; ++slot) {
      double inflow = c.slot_expected_inflow[slot];
      if (inflow <= 0.0) continue;
      double primary_share = 0.0;
      for (uint32_t i = c.in_begin[slot]; i < c.in_begin[slot + 1]; ++i) {
        LaneId l = c.in_lanes[i];
        if (!c.lane_alternate[l.value]) primary_share += c.lane_share[l.value];
      }
      if (primary_share <= 0.0) continue;
      for (uint32_t i = c.in_begin[slot]; i < c.in_begin[slot + 1]; ++i) {
        LaneId l = c.in_lanes[i];
        if (c.lane_alternate[l.value]) continue;
        double flow = inflow * c.lane_share[l.value] / primary_share;
        c.lane_expected_flow[l.value] = flow;
        shipped[c.lane_from[l.value].value] += flow;
      }
    }
    for (uint32_t p = 0; p < c.num_processes(); ++p) {
      uint32_t out = c.process_output[p].value;
      double use = c.slot_expected_use[out];
      double made = std::min(use, make_capacity[out]);
      double share = std::isinf(make_capacity[out])
                         ? (std::isinf(c.process_capacity[p]) ? 1.0 / unlimited_makers[out] : 0.0)
                         : (make_capacity[out] > 0 ? c.process_capacity[p] / make_capacity[out] : 0.0);
      c.process_expected_output[p] = made * share;
    }
    // A capacity pool cannot make more than its capacity: its processes' baseline output is
    // scaled down together when it would, and what they do not make must come in by lane.
    for (uint32_t q = 0; q < c.num_pools(); ++q) {
      double total = 0.0;
      for (uint32_t k = c.pool_process_begin[q]; k < c.pool_process_begin[q + 1]; ++k) {
        total += c.process_expected_output[c.pool_processes[k].value];
      }
      if (total <= c.pool_capacity[q]) continue;
      for (uint32_t k = c.pool_process_begin[q]; k < c.pool_process_begin[q + 1]; ++k) {
        const uint32_t p = c.pool_processes[k].value;
        const double cut = c.process_expected_output[p] * (1.0 - c.pool_capacity[q] / total);
        c.process_expected_output[p] -= cut;
        pool_cut[c.process_output[p].value] += cut;
      }
    }
    for (uint32_t p = 0; p < c.num_processes(); ++p) {
      const double produced = c.process_expected_output[p];
      for (uint32_t i = c.process_input_begin[p]; i < c.process_input_begin[p + 1]; ++i) {
        used[c.input_slot[i].value] += produced * c.input_per_unit[i];
      }
    }
    double change = 0.0, scale = 1e-300;
    for (uint32_t slot = 0; slot < num_slots; ++slot) {
      double use = c.slot_demand_per_day[slot] + used[slot] + shipped[slot];
      double inflow = std::max(0.0, use - make_capacity[slot]) + pool_cut[slot];
      change = std::max(change, std::fabs(use - c.slot_expected_use[slot]) +
                                    std::fabs(inflow - c.slot_expected_inflow[slot]));
      scale = std::max(scale, use);
      c.slot_expected_use[slot] = use;
      c.slot_expected_inflow[slot] = inflow;
      c.slot_expected_internal_use[slot] = used[slot];
    }
    if (change <= 1e-9 * scale && sweep > 0) break;
  }
  // A site holds at least a day's output of what it makes, so that what it makes today can
  // fill tomorrow's orders without every day's orders waiting a day.
  for (uint32_t p = 0; p < c.num_processes(); ++p) {
    double& days = c.slot_target_days[c.process_output[p].value];
    days = std::max(days, 1.0);
  }
  for (uint32_t slot = 0; slot < num_slots; ++slot) {
    if (c.slot_initial_stock[slot] < 0.0) {
      // Not given: the network starts in its steady state, at its stock target.
      double days = c.slot_target_days[slot];
      c.slot_initial_stock[slot] = days * c.slot_expected_use[slot];
    }
  }
  return c;
}

}  // namespace chaintwin::model
