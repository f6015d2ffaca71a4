// CompiledNetwork: the dense, flat-array form of a validated Network that the engines run on.
// Dense ids are strong types (util/ids.hpp); string keys appear only in the *_key arrays, for
// the edges (loading, output). One array per attribute (struct of arrays); per-site stock
// positions ("slots", one per (site, material)) and lanes by supplier slot and by buyer slot
// are in CSR form: the items of x are index[begin[x] .. begin[x+1]).
//
// Read-only after Compile(): many engines (threads) may share one.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "chaintwin/model/network.hpp"
#include "chaintwin/util/ids.hpp"
#include "chaintwin/util/key_index.hpp"

namespace chaintwin::model {

inline constexpr double kUnlimited = std::numeric_limits<double>::infinity();

struct CompiledNetwork {
  // Materials.
  std::vector<std::string> material_key;
  std::vector<std::string> material_name;
  std::vector<std::string> material_unit;
  std::vector<Dimension> material_dimension;
  std::vector<Stage> material_stage;
  std::vector<double> material_gwh_per_unit;

  // Countries and groups (group members as sorted country ids).
  std::vector<std::string> country_key;
  std::vector<std::string> country_name;
  std::vector<std::string> group_key;
  std::vector<std::vector<CountryId>> group_members;
  // Regions (groups with `region: true`), in the order declared, and the region of each
  // country (an index into region_key; kNoRegion when in none).
  static constexpr uint32_t kNoRegion = UINT32_MAX;
  std::vector<std::string> region_key;
  std::vector<std::string> region_name;
  std::vector<uint32_t> country_region;

  // Chokepoints.
  std::vector<std::string> chokepoint_key;

  // Sites.
  std::vector<std::string> site_key;
  std::vector<std::string> site_name;
  std::vector<CountryId> site_country;
  std::vector<uint8_t> site_external;
  std::vector<uint8_t> site_backlog;  // 1: end-use demand is owed (backlog), 0: lost sales
  std::vector<double> site_priority;
  std::vector<double> site_ttr_days;  // <0: not given
  std::vector<uint32_t> site_slot_begin;     // CSR over slots, size sites+1
  std::vector<uint32_t> site_process_begin;  // CSR over processes, size sites+1

  // Slots: one stock position per (site, material), sorted by material within a site.
  std::vector<SiteId> slot_site;
  std::vector<MaterialId> slot_material;
  std::vector<double> slot_initial_stock;
  std::vector<double> slot_target_days;
  std::vector<double> slot_demand_per_day;  // end-use demand
  // Baseline daily figures from the end-use demand propagated upstream (compile time):
  std::vector<double> slot_expected_use;    // everything that leaves: demand + used + shipped
  std::vector<double> slot_expected_inflow; // what must come in by lanes (use - own making)
  std::vector<double> slot_expected_internal_use;  // used by processes of the same site
  // Inventory policies (docs/SIMULATION.md, "Inventory policies"): the index into
  // slot_policies of each slot's own policy, or kNoPolicy (the cover rule, uncapped).
  static constexpr uint32_t kNoPolicy = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> slot_policy;
  std::vector<InventoryPolicy> slot_policies;  // material key left empty

  // Processes, ordered by site, then by output stage (upstream first), then key.
  std::vector<std::string> process_key;
  std::vector<SiteId> process_site;
  std::vector<SlotId> process_output;
  std::vector<double> process_capacity;  // per day, nameplate (kUnlimited allowed)
  std::vector<int32_t> process_start;    // days since epoch; INT32_MIN when always on
  std::vector<double> process_expected_output;  // baseline per day (compile time)
  std::vector<int32_t> process_lead_days;  // production lead time, days (0: same day)
  std::vector<uint32_t> process_input_begin;  // CSR, size processes+1
  std::vector<SlotId> input_slot;
  std::vector<double> input_per_unit;
  std::vector<uint32_t> process_ramp_begin;  // CSR, size processes+1
  std::vector<RampPoint> ramp_points;
  // Capacity pools (model::CapacityPool): the pool of each process (-1: none), and per pool its
  // site, key, capacity per day and processes (CSR, size pools+1). The processes of a pool make
  // together at most its capacity x the smallest outage factor among them on the day.
  std::vector<int32_t> process_pool;
  std::vector<SiteId> pool_site;
  std::vector<std::string> pool_key;
  std::vector<double> pool_capacity;
  std::vector<uint32_t> pool_process_begin;
  std::vector<ProcessId> pool_processes;

  // Lanes.
  std::vector<std::string> lane_key;
  std::vector<SlotId> lane_from;  // supplier slot
  std::vector<SlotId> lane_to;    // buyer slot
  std::vector<int32_t> lane_transit;
  std::vector<TransportMode> lane_mode;
  std::vector<double> lane_share;
  std::vector<uint8_t> lane_alternate;
  std::vector<int32_t> lane_qualification;
  std::vector<double> lane_expected_flow;      // baseline per day (compile time)
  std::vector<double> lane_capacity;           // per day, the lane's own; kUnlimited when none
  std::vector<uint32_t> lane_crossing_begin;   // CSR, size lanes+1
  std::vector<ChokepointId> crossing_chokepoint;
  std::vector<int32_t> crossing_day;
  // Contracts folded onto lanes: best (lowest) tier and total contracted volume per day, for
  // the lanes from the contract's seller to its buyer for its material.
  std::vector<int> lane_contract_tier;        // 0 when no contract
  std::vector<double> lane_contract_volume;   // per day, 0 when none
  // The same contracts one by one with their terms, for the days they are in force
  // (ContractTier / ContractVolume); CSR by lane, size lanes+1.
  struct LaneContract {
    int tier = 1;
    double volume_per_day = 0.0;
    double max_volume_per_day = kUnlimited;  // the contract's volume cap
    int32_t first_day = std::numeric_limits<int32_t>::min();  // days since epoch, inclusive
    int32_t last_day = std::numeric_limits<int32_t>::max();   // inclusive
  };
  std::vector<uint32_t> lane_contract_begin;
  std::vector<LaneContract> lane_contracts;

  // Shared limits (model/capacity.hpp): a cap per day on the sum of what departs on a set of
  // lanes, in force on days [first_day, last_day] (days since epoch). One per chokepoint with a
  // throughput (its lanes of the capacity's dimension), and one per capped contract that covers
  // two lanes or more (a contract on one lane caps it through LaneCapacity). CSR over lanes.
  std::vector<std::string> limit_key;  // "chokepoint hormuz", "contract tesla_syrah"
  std::vector<double> limit_capacity;  // per day
  std::vector<int32_t> limit_first_day, limit_last_day;
  std::vector<uint32_t> limit_lane_begin;  // size limits+1
  std::vector<LaneId> limit_lanes;
  // Lanes with any capacity of their own, by contract or by a shared limit, ascending.
  std::vector<LaneId> capped_lanes;
  uint32_t num_limits() const { return static_cast<uint32_t>(limit_capacity.size()); }

  // Lanes by supplier slot and by buyer slot (CSR, size slots+1).
  std::vector<uint32_t> out_begin;
  std::vector<LaneId> out_lanes;
  std::vector<uint32_t> in_begin;
  std::vector<LaneId> in_lanes;

  uint32_t num_materials() const { return static_cast<uint32_t>(material_key.size()); }
  uint32_t num_sites() const { return static_cast<uint32_t>(site_key.size()); }
  uint32_t num_slots() const { return static_cast<uint32_t>(slot_site.size()); }
  uint32_t num_processes() const { return static_cast<uint32_t>(process_site.size()); }
  uint32_t num_lanes() const { return static_cast<uint32_t>(lane_from.size()); }
  uint32_t num_countries() const { return static_cast<uint32_t>(country_key.size()); }
  uint32_t num_pools() const { return static_cast<uint32_t>(pool_site.size()); }

  // Lookups by key for the edges; NotFound-free: return an invalid id when absent.
  SiteId FindSite(const std::string& key) const;
  MaterialId FindMaterial(const std::string& key) const;
  LaneId FindLane(const std::string& key) const;
  CountryId FindCountry(const std::string& key) const;
  int FindGroup(const std::string& key) const;  // -1 when absent
  ChokepointId FindChokepoint(const std::string& key) const;
  // The slot of (site, material), invalid when the site has none.
  SlotId FindSlot(SiteId site, MaterialId material) const;
  // Best (lowest) tier and total volume per day of the lane's contracts in force on `date`
  // (days since epoch); 0 when none is.
  int ContractTier(LaneId lane, int32_t date) const;
  double ContractVolume(LaneId lane, int32_t date) const;
  // Countries named by a key that is a country code or a group id (empty when neither).
  std::vector<CountryId> ExpandCountries(const std::string& key) const;

  util::KeyIndex site_index, lane_index;  // over site_key and lane_key
  std::unordered_map<std::string, uint32_t> material_index, country_index, group_index,
      chokepoint_index;
};

// Compiles a validated network. Cost: linear in its size, plus a fixed-point pass for the
// baseline flows (a few sweeps; networks with loops such as recycling need more).
CompiledNetwork Compile(const Network& network);

}  // namespace chaintwin::model
