// The reference simulator (reference_sim.hpp). Each day follows docs/SIMULATION.md "A day, in
// order": arrive, events, produce, order, fill, serve, record. Where the document is silent
// the rule is the engine's, stated here where it is used (see docs/TESTING.md, "The reference
// model", for the list):
//   - amounts within kEps of nothing are nothing: a process asked for less makes nothing, an
//     order that small is not placed, a supplier owing that little ships nothing, a plant with
//     that little stock and no capacity is closed;
//   - "what its processes have wanted lately" is an exponential average, weight kSmoothing for
//     today, starting at the baseline internal use; a buyer orders for its baseline inflow plus
//     what that average exceeds the baseline internal use by;
//   - a capacity change moves the capacity linearly over its ramp to its new level (nameplate
//     x factor, or the new capacity);
//   - a production shortage is charged to the input that bound first in recipe order, inputs
//     within kEps x what the process wanted of the binding one tying (seed 429);
//   - a blocked share is spread over the usable primaries until an alternate qualifies, and
//     then goes to the qualified alternates by their shares while the primaries keep theirs;
//   - a lane blocked on consecutive days is one block, from its first day, whichever events
//     block it (so alternates keep their qualification when one ban follows another).
//   - capacities (a lane's own, a contract's cap on its one lane or shared by several, a
//     chokepoint's throughput) are read from the CompiledNetwork's lane and limit tables (how
//     Compile groups lanes into limits is tested on its own, tests/golden/capacity_test.cpp),
//     and applied here from docs/SIMULATION.md step 5, not by model::ApplyCapacities; a
//     throughput cut (lane_throughput) in force caps each of its lanes at its quantity, or at
//     its factor (at most 1) x the lane's baseline flow, read from the event here, not from
//     model::ThroughputCuts; a lane's part of a shared cap, which a buyer's order counts
//     (docs/SIMULATION.md, Re-sourcing), is worked out here from the limit table and the
//     lanes' baseline flows, not by model::LimitParts;
//   - capacity pools (a site's `capacity_pools`) are read from the Network and bind in step 3
//     only: what a supplier "can make" under re-sourcing, and whether a plant is closed, count
//     each process's own capacity, as docs/SIMULATION.md states;
// Nothing here is incremental: every sum (what a supplier owes, what a buyer has on order, a
// plant's capacity today, the demand factor) is recomputed from its parts when it is used.
#include "testutil/reference_sim.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <limits>
#include <set>
#include <string>
#include <tuple>

#include "chaintwin/model/scenario.hpp"
#include "chaintwin/util/check.hpp"

namespace chaintwin::testutil {
namespace {

using model::EventKind;
using model::Protocol;

constexpr double kEps = 1e-9;        // the engine's "nothing" (absolute, or relative where said)
constexpr double kSmoothing = 0.15;  // weight of today in the average of what was wanted
constexpr int kLastTier = std::numeric_limits<int>::max();
constexpr int32_t kNoStart = std::numeric_limits<int32_t>::min();

struct SlotInfo {
  double initial_stock = 0.0;
  double target_days = 0.0;
  double demand_per_day = 0.0;
  double expected_use = 0.0;
  double expected_inflow = 0.0;
  double expected_internal_use = 0.0;
  double gwh_per_unit = 0.0;
  bool backlog = false;
  std::optional<model::InventoryPolicy> policy;  // the site's inventory policy for it
};

struct LaneInfo {
  SlotKey from, to;
  int32_t transit = 0;
  double share = 0.0;
  bool alternate = false;
  int32_t qualification = 0;
  double baseline_flow = 0.0;
  std::vector<std::pair<ChokepointId, int32_t>> crossings;  // chokepoint, day of the voyage
  int tier = 0;                                             // in the allocation protocol
  double quota = std::numeric_limits<double>::infinity();   // per day
  // Capacities (docs/SIMULATION.md step 5): the lane's own per day, and the volume caps of the
  // contracts that cover it alone, with the dates (days since epoch) they are in force.
  double capacity = std::numeric_limits<double>::infinity();
  std::vector<std::tuple<int32_t, int32_t, double>> contract_caps;  // first, last, per day
};

// A cap several lanes share (a chokepoint's throughput, a contract over several lanes), in force
// from `first` to `last` (days since epoch, inclusive).
struct SharedCap {
  std::vector<LaneId> lanes;
  double capacity = 0.0;
  int32_t first = 0, last = 0;
};

struct ProcessInfo {
  ProcessId id;
  SlotKey output;
  double nameplate = 0.0;
  int32_t start = kNoStart;  // days since epoch
  std::vector<model::RampPoint> ramp;
  std::vector<std::pair<SlotKey, double>> inputs;  // slot, per unit of output
  double normal_output = 0.0;                      // baseline per day
  int32_t lead_days = 0;                           // production lead time
  std::map<int32_t, double> in_process;            // started work by the day it is finished
  int pool = -1;                                   // its capacity pool (index in pools_), or none
};

// What a slot ran short of today, summed over the day's flags.
struct DayShortage {
  sim::ShortageKind kind = sim::ShortageKind::kDemand;
  double missing = 0.0;
  double required = 0.0;
  double lost = 0.0;
};

class Reference {
 public:
  Reference(const model::Network& network, const model::CompiledNetwork& compiled,
            const model::ResolvedScenario& scenario, const model::EventSchedule& schedule,
            Protocol protocol);
  ReferenceResults Run(int32_t days);

 private:
  SlotKey Key(SlotId slot) const {
    return {compiled_.slot_site[slot.value], compiled_.slot_material[slot.value]};
  }
  void SetProtocol(Protocol protocol);

  // Figures that depend on the day.
  bool Active(size_t event, int32_t t) const {
    return schedule_[event].start_day <= t && t < schedule_[event].end_day;
  }
  double Capacity(const ProcessInfo& process, int32_t t) const;
  double OutageFactor(const ProcessInfo& process, int32_t t) const;
  double MakeCapacity(const SlotKey& slot, int32_t t) const;
  double DemandToday(const SlotKey& slot, int32_t t) const;
  std::set<LaneId> BlockedByEvents(int32_t t) const;
  int32_t Voyage(LaneId lane, int32_t depart) const;

  // Sums over the lanes, recomputed each time.
  double Owed(const SlotKey& supplier) const;
  double OnOrder(const SlotKey& buyer) const;
  bool Usable(LaneId lane) const {
    return !block_began_.contains(lane) && !closed_since_.contains(lanes_.at(lane).from);
  }
  void Cancel(LaneId lane, double quantity) { open_orders_[lane] -= quantity; }
  // Late: the supplier has ended Fill owing something on each of the last `reorder_after` days.
  bool Late(const SlotKey& supplier, int32_t t) const {
    auto it = owing_since_.find(supplier);
    return it != owing_since_.end() && (t - 1) - it->second + 1 >= scenario_.reorder_after_days;
  }
  double Deliverable(const SlotKey& supplier, int32_t t, bool orderable) const;
  double MakeToday(const SlotKey& slot, int32_t t, bool obtainable) const;
  // Inventory policies (docs/SIMULATION.md, "Inventory policies").
  double Wip(const SlotKey& slot) const;
  const ProcessInfo* PolicyProcess(const SlotKey& slot) const;
  double Position(const SlotKey& slot, int32_t t) const;
  double PolicyOrder(const SlotKey& buyer, int32_t t, double cover_position,
                     double cover_order) const;

  // The day's steps.
  void Arrive(int32_t t);
  void ApplyEvents(int32_t t);
  void Produce(int32_t t);
  void Order(int32_t t);
  void OrderFor(const SlotKey& buyer, int32_t t);
  void Fill(int32_t t);
  void FillHeld(int32_t t);
  double LaneCap(LaneId lane, int32_t t) const;
  double OrderCap(LaneId lane, int32_t t) const;
  double CutCap(LaneId lane, int32_t t) const;
  std::map<LaneId, double> Departing(int32_t t) const;
  std::map<LaneId, double> Allocate(const std::vector<LaneId>& lanes, double available) const;
  void Ship(LaneId lane, double quantity, int32_t t);
  void Serve(int32_t t);
  void Record(int32_t t);
  void Flag(const SlotKey& slot, sim::ShortageKind kind, double missing, double required,
            double lost);

  const model::CompiledNetwork& compiled_;
  const model::ResolvedScenario& scenario_;
  const model::EventSchedule& schedule_;
  const model::Network& network_;

  // The network, keyed.
  std::map<SlotKey, SlotInfo> slots_;
  std::map<LaneId, LaneInfo> lanes_;
  std::vector<ProcessInfo> processes_;  // by site, upstream stage first, then key
  std::vector<SharedCap> shared_caps_;   // in the order they are applied
  std::vector<double> pools_;            // capacity pools: each one's capacity per day
  std::map<SlotKey, std::vector<LaneId>> lanes_in_, lanes_out_;

  // State.
  std::map<SlotKey, double> stock_, owed_demand_, wanted_today_, wanted_average_;
  std::map<LaneId, double> open_orders_;
  std::map<LaneId, std::map<int32_t, double>> at_sea_;  // by arrival day
  std::vector<std::pair<LaneId, double>> same_day_;     // transit-0 cargo shipped today
  std::map<LaneId, int32_t> block_began_;    // lanes an event blocks, from the day it began
  std::map<LaneId, int32_t> cut_began_;      // lanes a throughput cut caps, from its first day
  std::map<LaneId, int32_t> cap_began_;      // primaries whose cap binds, from the run's first day
  std::map<SlotKey, int32_t> closed_since_;  // suppliers that can neither ship nor make
  std::map<SlotKey, bool> rerouted_;         // a primary was unusable when it last ordered
  std::map<SlotKey, int32_t> owing_since_;   // suppliers ending Fill still owing, since
  std::map<SlotKey, int32_t> last_late_;     // suppliers: the last day late at step 4
  std::map<SlotKey, int32_t> shortage_since_;  // buyers under shortage, since

  // Results.
  std::map<SlotKey, ReferenceFigures> today_;
  std::map<SlotKey, DayShortage> short_today_;
  std::map<SlotKey, size_t> open_episode_;
  ReferenceResults results_;
  double lost_gwh_ = 0.0;
};

Reference::Reference(const model::Network& network, const model::CompiledNetwork& compiled,
                     const model::ResolvedScenario& scenario, const model::EventSchedule& schedule,
                     Protocol protocol)
    : compiled_(compiled), scenario_(scenario), schedule_(schedule), network_(network) {
  const model::CompiledNetwork& c = compiled;
  for (uint32_t slot = 0; slot < c.num_slots(); ++slot) {
    SlotInfo& info = slots_[Key(SlotId{slot})];
    info.initial_stock = c.slot_initial_stock[slot];
    info.target_days = c.slot_target_days[slot];
    info.demand_per_day = c.slot_demand_per_day[slot];
    info.expected_use = c.slot_expected_use[slot];
    info.expected_inflow = c.slot_expected_inflow[slot];
    info.expected_internal_use = c.slot_expected_internal_use[slot];
    info.gwh_per_unit = c.material_gwh_per_unit[c.slot_material[slot].value];
    info.backlog = c.site_backlog[c.slot_site[slot].value] != 0;
  }
  for (uint32_t site = 0; site < network.sites.size(); ++site) {
    for (const model::InventoryPolicy& policy : network.sites[site].inventory_policy) {
      slots_.at({SiteId{site}, c.FindMaterial(policy.material)}).policy = policy;
    }
  }
  for (uint32_t l = 0; l < c.num_lanes(); ++l) {
    LaneInfo& lane = lanes_[LaneId{l}];
    lane.from = Key(c.lane_from[l]);
    lane.to = Key(c.lane_to[l]);
    lane.transit = c.lane_transit[l];
    lane.share = c.lane_share[l];
    lane.alternate = c.lane_alternate[l] != 0;
    lane.qualification = c.lane_qualification[l];
    lane.baseline_flow = c.lane_expected_flow[l];
    for (uint32_t x = c.lane_crossing_begin[l]; x < c.lane_crossing_begin[l + 1]; ++x) {
      lane.crossings.emplace_back(c.crossing_chokepoint[x], c.crossing_day[x]);
    }
    lane.capacity = c.lane_capacity[l];
    for (uint32_t k = c.lane_contract_begin[l]; k < c.lane_contract_begin[l + 1]; ++k) {
      const auto& contract = c.lane_contracts[k];
      lane.contract_caps.emplace_back(contract.first_day, contract.last_day, contract.max_volume_per_day);
    }
    lanes_in_[lane.to].push_back(LaneId{l});
    lanes_out_[lane.from].push_back(LaneId{l});
  }
  for (uint32_t g = 0; g < c.num_limits(); ++g) {
    SharedCap cap;
    cap.capacity = c.limit_capacity[g];
    cap.first = c.limit_first_day[g];
    cap.last = c.limit_last_day[g];
    for (uint32_t i = c.limit_lane_begin[g]; i < c.limit_lane_begin[g + 1]; ++i) cap.lanes.push_back(c.limit_lanes[i]);
    shared_caps_.push_back(std::move(cap));
  }
  // Capacity pools, read from the Network (docs/FORMATS.md, `capacity_pools`): a process names
  // a pool of its own site by id.
  std::map<std::pair<uint32_t, std::string>, int> pool_of;
  for (uint32_t s = 0; s < network.sites.size(); ++s) {
    for (const model::CapacityPool& pool : network.sites[s].capacity_pools) {
      pool_of[{s, pool.id}] = static_cast<int>(pools_.size());
      pools_.push_back(pool.capacity_per_day);
    }
  }
  for (uint32_t p = 0; p < c.num_processes(); ++p) {
    ProcessInfo process;
    const uint32_t site = c.process_site[p].value;
    for (const model::Process& written : network.sites[site].processes) {
      if ((written.id.empty() ? written.output : written.id) != c.process_key[p]) continue;
      if (!written.capacity_pool.empty()) process.pool = pool_of.at({site, written.capacity_pool});
    }
    process.id = ProcessId{p};
    process.output = Key(c.process_output[p]);
    process.nameplate = c.process_capacity[p];
    process.start = c.process_start[p];
    for (uint32_t r = c.process_ramp_begin[p]; r < c.process_ramp_begin[p + 1]; ++r) {
      process.ramp.push_back(c.ramp_points[r]);
    }
    for (uint32_t i = c.process_input_begin[p]; i < c.process_input_begin[p + 1]; ++i) {
      process.inputs.emplace_back(Key(c.input_slot[i]), c.input_per_unit[i]);
    }
    process.normal_output = c.process_expected_output[p];
    process.lead_days = c.process_lead_days[p];
    processes_.push_back(std::move(process));
  }
  SetProtocol(protocol);
}

// Tiers and quotas from the table in docs/SIMULATION.md, with contracts, countries and groups
// read from the Network (not from the CompiledNetwork's folded lane figures).
void Reference::SetProtocol(Protocol protocol) {
  for (auto& [id, lane] : lanes_) {
    const model::Site& supplier = network_.sites[lane.from.first.value];
    const model::Site& buyer = network_.sites[lane.to.first.value];
    const std::string& material = compiled_.material_key[lane.from.second.value];
    int best_priority = kLastTier;
    double contracted = 0.0;
    for (const model::Contract& k : network_.contracts) {
      if (k.seller != supplier.id || k.buyer != buyer.id || k.material != material) continue;
      best_priority = std::min(best_priority, std::max(1, k.priority));
      contracted += k.volume_per_day;
    }
    switch (protocol) {
      case Protocol::kProRata:
        lane.tier = 0;
        break;
      case Protocol::kPriority:
        lane.tier = best_priority;
        break;
      case Protocol::kContractFirst:
        lane.tier = contracted > 0.0 ? 0 : 1;
        if (contracted > 0.0) lane.quota = contracted;
        break;
      case Protocol::kAllianceFirst: {
        std::string group = scenario_.protocol.default_alliance;
        if (auto it = scenario_.protocol.alliance.find(supplier.country);
            it != scenario_.protocol.alliance.end()) {
          group = it->second;
        }
        bool partner = false;
        for (const model::Group& g : network_.groups) {
          if (g.id != group) continue;
          partner = std::find(g.members.begin(), g.members.end(), buyer.country) != g.members.end();
        }
        lane.tier = supplier.country == buyer.country ? 0 : partner ? 1 : 2;
        break;
      }
      case Protocol::kPlan:
        CT_CHECK(false, "the reference runs the simple protocols only");
    }
  }
}

// Nameplate x ramp-up (0 before the start), moved by active capacity changes towards their new
// level, x active outage factors.
double Reference::Capacity(const ProcessInfo& process, int32_t t) const {
  const int32_t today = scenario_.start_date + t;
  if (process.start != kNoStart && today < process.start) return 0.0;
  double capacity = process.nameplate;
  if (!process.ramp.empty()) {
    int32_t since = today - (process.start != kNoStart ? process.start : scenario_.start_date);
    double factor = process.ramp.back().factor;  // flat after the last point
    if (since <= process.ramp.front().day) {
      factor = process.ramp.front().factor;
    } else {
      for (size_t r = 1; r < process.ramp.size(); ++r) {
        const model::RampPoint& a = process.ramp[r - 1];
        const model::RampPoint& b = process.ramp[r];
        if (since > b.day) continue;
        double along = b.day > a.day ? double(since - a.day) / double(b.day - a.day) : 1.0;
        factor = a.factor + (b.factor - a.factor) * along;
        break;
      }
    }
    capacity = factor > 0.0 ? capacity * factor : 0.0;
  }
  // Unlimited capacity (an external source): a positive factor leaves it unlimited, 0 stops it,
  // a line to or from unlimited is unlimited until it ends.
  const double kUnlimited = std::numeric_limits<double>::infinity();
  for (size_t e = 0; e < scenario_.events.size(); ++e) {
    const model::ResolvedEvent& ev = scenario_.events[e];
    if (ev.kind != EventKind::kCapacityChange || !Active(e, t)) continue;
    if (std::find(ev.processes.begin(), ev.processes.end(), process.id) == ev.processes.end()) {
      continue;
    }
    double level = ev.capacity_per_day         ? *ev.capacity_per_day
                   : schedule_[e].severity > 0 ? process.nameplate * schedule_[e].severity
                                               : 0.0;
    double along = 1.0;
    if (ev.ramp_days > 0) along = std::min(1.0, (t - schedule_[e].start_day + 1) / ev.ramp_days);
    if (along >= 1.0) {
      capacity = level;
    } else if (capacity == kUnlimited || level == kUnlimited) {
      capacity = kUnlimited;
    } else {
      capacity += (level - capacity) * along;
    }
  }
  const double factor = OutageFactor(process, t);
  return factor > 0.0 ? capacity * factor : 0.0;
}

// The product of the factors of the outages in force on the process (1 without one).
double Reference::OutageFactor(const ProcessInfo& process, int32_t t) const {
  double factor = 1.0;
  for (size_t e = 0; e < scenario_.events.size(); ++e) {
    const model::ResolvedEvent& ev = scenario_.events[e];
    if (ev.kind != EventKind::kSiteOutage || !Active(e, t)) continue;
    if (std::find(ev.processes.begin(), ev.processes.end(), process.id) != ev.processes.end()) {
      factor = schedule_[e].severity > 0 ? factor * schedule_[e].severity : 0.0;
    }
  }
  return factor;
}

double Reference::MakeCapacity(const SlotKey& slot, int32_t t) const {
  double total = 0.0;
  for (const ProcessInfo& process : processes_) {
    if (process.output == slot) total += Capacity(process, t);
  }
  return total;
}

double Reference::DemandToday(const SlotKey& slot, int32_t t) const {
  double demand = slots_.at(slot).demand_per_day;
  for (size_t e = 0; e < scenario_.events.size(); ++e) {
    const model::ResolvedEvent& ev = scenario_.events[e];
    if (ev.kind != EventKind::kDemandShock || !Active(e, t)) continue;
    for (SlotId s : ev.slots) {
      if (Key(s) == slot) demand *= schedule_[e].severity;
    }
  }
  return demand;
}

// Lanes blocked on day t: by an export ban, or by a closure without a detour (of the lane, or
// of a chokepoint it crosses).
std::set<LaneId> Reference::BlockedByEvents(int32_t t) const {
  std::set<LaneId> blocked;
  for (size_t e = 0; e < scenario_.events.size(); ++e) {
    const model::ResolvedEvent& ev = scenario_.events[e];
    bool blocks =
        ev.kind == EventKind::kExportBan || (ev.kind == EventKind::kLaneClosure && !ev.detour_days);
    // A throughput cut to nothing (factor 0, quantity 0, a lane without baseline flow) blocks.
    if (ev.kind == EventKind::kLaneThroughput && Active(e, t)) {
      for (LaneId id : ev.lanes) {
        const double factor = std::max(0.0, schedule_[e].severity);
        if (ev.capacity_per_day ? *ev.capacity_per_day <= 0.0
                                : factor < 1.0 && factor * lanes_.at(id).baseline_flow <= 0.0) {
          blocked.insert(id);
        }
      }
    }
    if (!blocks || !Active(e, t)) continue;
    blocked.insert(ev.lanes.begin(), ev.lanes.end());
    for (const auto& [id, lane] : lanes_) {
      for (const auto& [chokepoint, day] : lane.crossings) {
        if (std::find(ev.chokepoints.begin(), ev.chokepoints.end(), chokepoint) !=
            ev.chokepoints.end()) {
          blocked.insert(id);
        }
      }
    }
  }
  return blocked;
}

// Days from departure to arrival: the transit, plus the detour of a closed lane that has one,
// plus, at each chokepoint crossed while closed, its detour or the wait until it reopens
// (a delay at one crossing moves the later ones). Several closures in force at once: the
// longest detour of the lane; at a crossing, a detour if any closure offers one (the longest),
// else a wait until no closure is in force on the crossing day (one may begin while waiting
// for another to end).
int32_t Reference::Voyage(LaneId id, int32_t depart) const {
  const LaneInfo& lane = lanes_.at(id);
  int32_t extra = 0;
  for (size_t e = 0; e < scenario_.events.size(); ++e) {
    const model::ResolvedEvent& ev = scenario_.events[e];
    if (ev.kind != EventKind::kLaneClosure || !ev.detour_days || !Active(e, depart)) continue;
    if (std::find(ev.lanes.begin(), ev.lanes.end(), id) == ev.lanes.end()) continue;
    extra = std::max(extra, *ev.detour_days);
  }
  for (const auto& [chokepoint, day] : lane.crossings) {
    for (int32_t cross = depart + day + extra;; ++cross) {  // one day at a time, plainly
      std::optional<int32_t> detour;
      bool closed = false;
      for (size_t e = 0; e < scenario_.events.size(); ++e) {
        const model::ResolvedEvent& ev = scenario_.events[e];
        if (ev.kind != EventKind::kLaneClosure || !Active(e, cross)) continue;
        if (std::find(ev.chokepoints.begin(), ev.chokepoints.end(), chokepoint) ==
            ev.chokepoints.end()) {
          continue;
        }
        closed = true;
        if (ev.detour_days) detour = std::max(detour.value_or(0), *ev.detour_days);
      }
      if (detour) {
        extra += *detour;
        break;
      }
      if (!closed) break;
      ++extra;  // waits one more day
    }
  }
  return lane.transit + extra;
}

double Reference::Owed(const SlotKey& supplier) const {
  double owed = 0.0;
  if (auto it = lanes_out_.find(supplier); it != lanes_out_.end()) {
    for (LaneId lane : it->second) owed += std::max(0.0, open_orders_.at(lane));
  }
  return owed;
}

double Reference::OnOrder(const SlotKey& buyer) const {
  double on_order = 0.0;
  for (LaneId lane : lanes_in_.at(buyer)) {
    on_order += open_orders_.at(lane);
    for (const auto& [day, quantity] : at_sea_.at(lane)) on_order += quantity;
  }
  return on_order;
}

void Reference::Flag(const SlotKey& slot, sim::ShortageKind kind, double missing, double required,
                     double lost) {
  auto [it, first] = short_today_.try_emplace(slot);
  if (first) it->second.kind = kind;  // the day's first flag names the kind
  it->second.missing += missing;
  it->second.required += required;
  it->second.lost += lost;
}

// 1. Cargo due today joins its buyer's stock.
void Reference::Arrive(int32_t t) {
  for (auto& [id, voyages] : at_sea_) {
    auto it = voyages.find(t);
    if (it == voyages.end()) continue;
    const SlotKey& buyer = lanes_.at(id).to;
    stock_[buyer] += it->second;
    today_[buyer].received += it->second;
    voyages.erase(it);
  }
}

// 2. Blocks begin and end (a lane newly blocked loses its open orders); stockpiles release
// their daily share. Capacities and demand factors are read from the active events when used.
void Reference::ApplyEvents(int32_t t) {
  std::set<LaneId> blocked = BlockedByEvents(t);
  for (LaneId lane : blocked) {
    if (block_began_.contains(lane)) continue;
    block_began_[lane] = t;
    Cancel(lane, open_orders_[lane]);
  }
  std::erase_if(block_began_, [&](const auto& entry) { return !blocked.contains(entry.first); });
  // A lane capped by throughput cuts on consecutive days is under one cut, from its first day.
  for (const auto& [id, lane] : lanes_) {
    if (std::isinf(CutCap(id, t))) {
      cut_began_.erase(id);
    } else if (!cut_began_.contains(id)) {
      cut_began_[id] = t;
    }
  }
  for (size_t e = 0; e < scenario_.events.size(); ++e) {
    const model::ResolvedEvent& ev = scenario_.events[e];
    if (ev.kind != EventKind::kStockpileRelease || !Active(e, t)) continue;
    int32_t span = std::max(1, schedule_[e].end_day - schedule_[e].start_day);
    for (SlotId slot : ev.slots) {
      stock_[Key(slot)] += ev.quantity / span;
      today_[Key(slot)].received += ev.quantity / span;
    }
  }
}

// 3. Each process makes min(capacity, inputs on hand / recipe, need).
void Reference::Produce(int32_t t) {
  // Work finished today (started lead_days ago) joins the stock first.
  for (ProcessInfo& process : processes_) {
    auto it = process.in_process.find(t);
    if (it == process.in_process.end()) continue;
    stock_[process.output] += it->second;
    today_[process.output].produced += it->second;
    process.in_process.erase(it);
  }
  // What each capacity pool may still make today: its capacity x the smallest outage factor
  // among its processes, taken by them in process order (each what it makes).
  std::vector<double> pool_left(pools_.size(), 0.0);
  for (size_t q = 0; q < pools_.size(); ++q) {
    double factor = 1.0;
    for (const ProcessInfo& process : processes_) {
      if (process.pool == static_cast<int>(q)) factor = std::min(factor, OutageFactor(process, t));
    }
    pool_left[q] = pools_[q] * std::max(0.0, factor);
  }
  for (ProcessInfo& process : processes_) {
    double capacity = Capacity(process, t);
    if (process.pool >= 0) capacity = std::min(capacity, pool_left[static_cast<size_t>(process.pool)]);
    if (capacity <= 0.0) continue;
    const SlotKey& out = process.output;
    const SlotInfo& info = slots_.at(out);
    // A made material with a base-stock or (s, S) policy is made up to S; with (R, Q), R + Q.
    double target = info.target_days * info.expected_use;
    if (info.policy && info.policy->kind == model::PolicyKind::kReorderQuantity) {
      target = info.policy->reorder_point + info.policy->quantity;
    } else if (info.policy && info.policy->kind != model::PolicyKind::kCover) {
      target = info.policy->level;
    }
    double need = Owed(out) + owed_demand_[out] + DemandToday(out, t) + info.expected_internal_use +
                  target - stock_[out] - Wip(out);
    double want = std::min(capacity, need);
    if (want <= kEps) continue;
    double made = want;
    const SlotKey* binding = nullptr;
    for (const auto& [input, per_unit] : process.inputs) {
      wanted_today_[input] += want * per_unit;
      if (stock_[input] / per_unit < made) {
        made = stock_[input] / per_unit;
        binding = &input;
      }
    }
    // Inputs run out together up to rounding: the first in the recipe within 1e-9 x want of
    // the binding one is charged.
    for (const auto& [input, per_unit] : process.inputs) {
      if (binding != nullptr && stock_[input] / per_unit <= made + kEps * want) {
        binding = &input;
        break;
      }
    }
    made = std::max(0.0, made);
    // The input that bound is used up: none of it is left (not a rounding residue that a
    // process later in the day, of the same pool, would find and be bound by).
    for (const auto& [input, per_unit] : process.inputs) {
      stock_[input] = binding != nullptr && input == *binding ? 0.0
                                                              : std::max(0.0, stock_[input] - made * per_unit);
      today_[input].consumed += made * per_unit;
    }
    if (process.pool >= 0) pool_left[static_cast<size_t>(process.pool)] -= made;
    if (process.lead_days > 0) {
      process.in_process[t + process.lead_days] += made;
    } else {
      stock_[out] += made;
      today_[out].produced += made;
    }
    if (binding == nullptr || want - made <= kEps * want) continue;
    // Short of an input: a loss only below the normal (baseline) rate, or for a standby
    // process (no baseline) asked to make something.
    double lost = std::max(0.0, std::min(want, process.normal_output) - made);
    if (process.normal_output <= 0.0 || lost > kEps * want) {
      Flag(*binding, sim::ShortageKind::kProduction, want - made, want, lost);
    }
  }
}

// 4. What processes wanted is averaged; suppliers that can neither ship nor make are closed
// (their open orders cancelled) or reopen; each buyer orders up to its position.
void Reference::Order(int32_t t) {
  for (auto& [slot, average] : wanted_average_) {
    average += kSmoothing * (wanted_today_[slot] - average);
  }
  wanted_today_.clear();
  for (const auto& [supplier, out] : lanes_out_) {
    bool makes = false;
    for (const ProcessInfo& process : processes_) makes = makes || process.output == supplier;
    bool closed = makes && MakeCapacity(supplier, t) <= 0.0 && stock_[supplier] <= kEps;
    if (!closed) {
      closed_since_.erase(supplier);
    } else if (!closed_since_.contains(supplier)) {
      closed_since_[supplier] = t;
      for (LaneId lane : out) Cancel(lane, open_orders_[lane]);
    }
  }
  for (const auto& [supplier, out] : lanes_out_) {
    if (Late(supplier, t)) last_late_[supplier] = t;
  }
  // Buyers order in the network's slot order (a supplier's figures seen by a buyer under
  // shortage include the orders placed by the buyers before it).
  for (uint32_t slot = 0; slot < compiled_.num_slots(); ++slot) {
    if (lanes_in_.contains(Key(SlotId{slot}))) OrderFor(Key(SlotId{slot}), t);
  }
}

// What the processes making `slot` can make today from the inputs on hand; with `obtainable`,
// on hand plus what the site can obtain of each within the re-order window: over each usable
// lane shorter than reorder_after, what its supplier holds plus what it can make from the
// inputs it holds.
double Reference::MakeToday(const SlotKey& slot, int32_t t, bool obtainable) const {
  double made = 0.0;
  for (const ProcessInfo& process : processes_) {
    if (process.output != slot) continue;
    double make = Capacity(process, t);
    for (const auto& [input, per_unit] : process.inputs) {
      double have = stock_.at(input);
      auto it = lanes_in_.find(input);
      if (obtainable && it != lanes_in_.end()) {
        for (LaneId id : it->second) {
          const LaneInfo& lane = lanes_.at(id);
          if (Usable(id) && lane.transit < scenario_.reorder_after_days) {
            have += stock_.at(lane.from) + MakeToday(lane.from, t, false);
          }
        }
      }
      make = std::min(make, have / per_unit);
    }
    made += std::max(0.0, make);
  }
  return made;
}

// Stock, plus what the supplier's processes can make today, minus what it owes; 0 when that is
// at most 1e-9 x (stock + owed + 1) (infinite for an unlimited source). `orderable`: with the
// inputs it can obtain.
double Reference::Deliverable(const SlotKey& supplier, int32_t t, bool orderable) const {
  const double left = stock_.at(supplier) - Owed(supplier) + MakeToday(supplier, t, orderable);
  return left > kEps * (stock_.at(supplier) + Owed(supplier) + 1.0) ? left : 0.0;
}

void Reference::OrderFor(const SlotKey& buyer, int32_t t) {
  const std::vector<LaneId>& in = lanes_in_.at(buyer);
  const SlotInfo& info = slots_.at(buyer);
  double rate =
      info.expected_inflow + std::max(0.0, wanted_average_[buyer] - info.expected_internal_use);
  double primaries = 0.0;  // shares of all primaries
  for (LaneId id : in) {
    if (!lanes_.at(id).alternate) primaries += lanes_.at(id).share;
  }
  double usable = 0.0, unusable = 0.0;                  // shares of the primaries
  int32_t since = std::numeric_limits<int32_t>::max();  // when the first unusable one went
  // A usable primary whose cap today (OrderCap: its own capacity, a contract's max_volume, a
  // throughput cut, its part of each shared cap, the lowest) is below its part of the need (share / primaries x rate) puts
  // the part the cap holds back, 1 - cap / part of its share, with the unusable shares, from
  // the first day of the run of days on which the cap binds, usable or not, or from the first
  // day of a cut in force if earlier (docs/SIMULATION.md, "A capped lane's share stands aside").
  std::map<LaneId, double> aside;
  for (LaneId id : in) {
    const LaneInfo& lane = lanes_.at(id);
    if (lane.alternate) continue;
    const double part = lane.share / primaries * rate, cap = OrderCap(id, t);
    const bool binds = part > 0.0 && cap < part * (1.0 - kEps);
    if (!binds) {
      cap_began_.erase(id);
    } else if (!cap_began_.contains(id)) {
      cap_began_[id] = t;
    }
    if (Usable(id)) {
      if (binds) {
        aside[id] = 1.0 - cap / part;
        unusable += lane.share * aside[id];
        since = std::min(since, cap_began_.at(id));
        if (cut_began_.contains(id)) since = std::min(since, cut_began_.at(id));
      }
      usable += lane.share * (1.0 - (aside.contains(id) ? aside.at(id) : 0.0));
    } else {
      unusable += lane.share;
      since = std::min(
          since, block_began_.contains(id) ? block_began_.at(id) : closed_since_.at(lane.from));
    }
  }
  // Re-sourcing: what a late supplier still owes is cancelled (ordered again below); the
  // buyer is under shortage from then on, and alternates qualify from that day too. A buyer
  // with a single lane for the material has nowhere else to order and keeps its orders.
  bool any_late = false, cancelled = false;
  for (LaneId id : in) {
    if (in.size() < 2 || !Late(lanes_.at(id).from, t)) continue;
    any_late = true;
    if (open_orders_[id] > kEps) {
      Cancel(id, open_orders_[id]);
      cancelled = true;
    }
  }
  if (cancelled && !shortage_since_.contains(buyer)) shortage_since_[buyer] = t;
  if (shortage_since_.contains(buyer)) since = std::min(since, shortage_since_.at(buyer));
  auto qualified = [&](LaneId id) {
    const LaneInfo& lane = lanes_.at(id);
    return lane.alternate && Usable(id) && since != std::numeric_limits<int32_t>::max() &&
           t - since >= lane.qualification;
  };
  // Alternates stand in for an unusable primary (or under shortage) once qualified; other
  // orders on them go.
  double alternates = 0.0;
  for (LaneId id : in) {
    if (qualified(id)) {
      if (unusable > 0.0) alternates += lanes_.at(id).share;
    } else if (lanes_.at(id).alternate) {
      Cancel(id, open_orders_[id]);
    }
  }
  // Every primary usable again after a block: open orders beyond each primary's share of them
  // are cancelled, to be ordered again by share below.
  if (unusable <= 0.0 && rerouted_[buyer] && usable > 0.0) {
    double open = 0.0;
    for (LaneId id : in) {
      if (!lanes_.at(id).alternate) open += open_orders_[id];
    }
    for (LaneId id : in) {
      const LaneInfo& lane = lanes_.at(id);
      double excess = open_orders_[id] - open * lane.share / usable;
      if (!lane.alternate && excess > 0.0) Cancel(id, excess);
    }
  }
  rerouted_[buyer] = unusable > 0.0;
  // Weights: usable primaries keep their share, the unusable share goes to the qualified
  // alternates by their shares, or, while none is, to the usable primaries.
  // A capped lane counts with the part of its share it carries, and what it owes beyond its cap
  // over the re-order window is cancelled.
  std::map<LaneId, double> weight;
  for (LaneId id : in) {
    const LaneInfo& lane = lanes_.at(id);
    const double carried = lane.share * (1.0 - (aside.contains(id) ? aside.at(id) : 0.0));
    weight[id] = 0.0;
    if (alternates > 0.0) {
      if (!lane.alternate && Usable(id)) weight[id] = carried / (usable + unusable);
      if (qualified(id)) weight[id] = lane.share / alternates * unusable / (usable + unusable);
    } else if (!lane.alternate && Usable(id)) {
      weight[id] = carried / usable;
    }
    if (aside.contains(id)) {
      const double excess = open_orders_[id] - OrderCap(id, t) * scenario_.reorder_after_days;
      if (excess > kEps) Cancel(id, excess);
    }
  }
  // Around capped lanes: a usable lane capped today below its part of a day's need
  // (weight × rate) is weighted at cap / rate, the weight it gives up goes to the lanes not so
  // capped by their weights, round by round (a lane pushed above its cap is capped in the next
  // round), and what it owes beyond cap × reorder_after is cancelled. When a round leaves no
  // lane to take what it frees, that round's weights stand, and while a primary cannot take
  // orders its capped lanes are asked at most what their own cap (LaneCap) lets them carry in
  // the window, less what they owe.
  std::map<LaneId, double> stand;
  if (in.size() >= 2 && rate > 0.0) {
    std::map<LaneId, double> capped;
    std::vector<LaneId> last_round;
    for (;;) {
      double freed = 0.0, free = 0.0;
      last_round.clear();
      for (LaneId id : in) {
        if (capped.contains(id) || weight[id] <= 0.0 || !Usable(id)) continue;
        const double cap = OrderCap(id, t);
        if (std::isfinite(cap) && cap < weight[id] * rate * (1.0 - kEps)) {
          capped[id] = cap / rate;
          freed += weight[id] - capped[id];
          last_round.push_back(id);
        } else {
          free += weight[id];
        }
      }
      if (freed <= 0.0) {
        last_round.clear();
        break;
      }
      if (free <= 0.0) break;  // last_round keeps its weights
      last_round.clear();
      for (LaneId id : in) {
        if (capped.contains(id)) {
          weight[id] = capped.at(id);
        } else if (weight[id] > 0.0) {
          weight[id] += freed * weight[id] / free;
        }
      }
    }
    for (const auto& [id, x] : capped) {
      const double excess = open_orders_[id] - x * rate * scenario_.reorder_after_days;
      if (excess > kEps) Cancel(id, excess);
    }
    // The bound is for lanes standing in for a primary that cannot take orders.
    bool standing_in = false;
    for (LaneId id : in) standing_in = standing_in || (!lanes_.at(id).alternate && !Usable(id));
    if (!standing_in) last_round.clear();
    for (LaneId id : last_round) {
      const double cap = LaneCap(id, t);
      if (!std::isfinite(cap)) continue;
      const double window = cap * scenario_.reorder_after_days;
      stand[id] = window - open_orders_[id] > kEps * window ? window - open_orders_[id] : 0.0;
    }
  }
  // Under shortage: by what each usable supplier can deliver (any unlimited one: those, by
  // share), until a day on which every lane weighted by share can deliver its share of a day's
  // need and no supplier of the buyer is late.
  // Under shortage a capped lane is asked at most its capacity over the re-order window, less
  // what it already owes (below).
  std::map<LaneId, double> limit;
  if (shortage_since_.contains(buyer)) {
    std::map<LaneId, double> can;
    bool covered = true;
    double finite = 0.0, unlimited = 0.0;
    for (LaneId id : in) {
      bool candidate = Usable(id) && (!lanes_.at(id).alternate || qualified(id));
      // A supplier late at any step 4 since the buyer's shortage began counts what it holds.
      const SlotKey& from = lanes_.at(id).from;
      bool trusted = !last_late_.contains(from) || last_late_.at(from) < shortage_since_.at(buyer);
      can[id] = candidate ? Deliverable(from, t, trusted) : 0.0;
      // A capped lane delivers at most its capacity over the re-order window, less what it
      // already owes (docs/SIMULATION.md, Re-sourcing).
      // It is also asked no more than that, whoever else can deliver.
      if (candidate && std::isfinite(OrderCap(id, t))) {
        // Room of at most 1e-9 x the window's capacity is none (rounding).
        const double window = OrderCap(id, t) * scenario_.reorder_after_days;
        limit[id] = window - open_orders_[id] > kEps * window ? window - open_orders_[id] : 0.0;
        can[id] = std::min(can[id], limit[id]);
      }
      if (weight[id] > 0.0 && !(can[id] >= weight[id] * rate * (1.0 - kEps))) covered = false;
      if (can[id] == std::numeric_limits<double>::infinity()) {
        unlimited += lanes_.at(id).share;
      } else {
        finite += can[id];
      }
    }
    if (covered && !any_late) {
      shortage_since_.erase(buyer);
      limit.clear();
    } else if (unlimited > 0.0 || finite > 0.0) {
      for (LaneId id : in) {
        if (unlimited > 0.0) {
          weight[id] = can[id] == std::numeric_limits<double>::infinity()
                           ? lanes_.at(id).share / unlimited
                           : 0.0;
        } else {
          weight[id] = can[id] / finite;
        }
      }
    }
  }
  double sum = 0.0;
  for (const auto& [id, w] : weight) sum += w;
  if (sum <= 0.0) return;
  double pipeline_days = 0.0;
  for (const auto& [id, w] : weight) pipeline_days += w * lanes_.at(id).transit;
  double position = rate * (info.target_days + pipeline_days) + DemandToday(buyer, t);
  double order = position - (stock_[buyer] + OnOrder(buyer) - owed_demand_[buyer]);
  order = PolicyOrder(buyer, t, position, order);  // the cover rule unless a policy orders it
  if (order <= 0.0) return;
  for (const auto& [id, w] : weight) {
    if (w > 0.0) {
      double q = limit.contains(id) ? std::min(order * w, limit.at(id)) : order * w;
      if (stand.contains(id)) q = std::min(q, stand.at(id));
      open_orders_[id] += q;
    }
  }
}

double Reference::Wip(const SlotKey& slot) const {
  double wip = 0.0;
  for (const ProcessInfo& process : processes_) {
    if (process.output != slot) continue;
    for (const auto& [day, quantity] : process.in_process) wip += quantity;
  }
  return wip;
}

// The process whose inputs a policy on `slot` orders: the first making it with inputs, when
// the site has a policy for it and no lane brings it.
const ProcessInfo* Reference::PolicyProcess(const SlotKey& slot) const {
  if (!slots_.at(slot).policy || lanes_in_.contains(slot)) return nullptr;
  for (const ProcessInfo& process : processes_) {
    if (process.output == slot && !process.inputs.empty()) return &process;
  }
  return nullptr;
}

// On hand + in process + on order and at sea - demand owed - today's demand - its buyers' open
// orders; plus, for a made material ordered through its inputs, what those inputs (on hand and
// on order) make.
double Reference::Position(const SlotKey& slot, int32_t t) const {
  double position = stock_.at(slot) + Wip(slot) - owed_demand_.at(slot) - Owed(slot);
  if (lanes_in_.contains(slot)) position += OnOrder(slot);
  position -= DemandToday(slot, t);
  if (const ProcessInfo* process = PolicyProcess(slot)) {
    double make = std::numeric_limits<double>::infinity();
    for (const auto& [input, per_unit] : process->inputs) {
      double have = stock_.at(input) + (lanes_in_.contains(input) ? OnOrder(input) : 0.0);
      make = std::min(make, have / per_unit);
    }
    position += make;
  }
  return position;
}

// Today's order of a buyer slot ordered by a policy: its own, or as the input of a made
// material with one (the first such material in slot order whose policy process uses it).
double Reference::PolicyOrder(const SlotKey& buyer, int32_t t, double cover_position,
                              double cover_order) const {
  SlotKey governor = buyer;
  double per_unit = 1.0;
  if (!slots_.at(buyer).policy) {
    bool found = false;
    for (const auto& [slot, info] : slots_) {  // map order is slot order
      const ProcessInfo* process = PolicyProcess(slot);
      if (process == nullptr) continue;
      for (const auto& [input, ratio] : process->inputs) {
        if (input == buyer) {
          governor = slot;
          per_unit = ratio;
          found = true;
        }
      }
      if (found) break;
    }
    if (!found) {  // the cover rule
      return cover_order <= kEps * (cover_position + 1.0) ? 0.0 : cover_order;
    }
  }
  const model::InventoryPolicy& policy = *slots_.at(governor).policy;
  const double cap = policy.order_cap_per_day * per_unit;
  if (policy.kind == model::PolicyKind::kCover) {
    return cover_order <= kEps * (cover_position + 1.0) ? 0.0 : std::min(cover_order, cap);
  }
  double position = Position(governor, t);
  double below_s = policy.reorder_point + kEps * (std::fabs(policy.reorder_point) + 1.0);
  double q = 0.0;
  switch (policy.kind) {
    case model::PolicyKind::kBaseStock:
      q = policy.level - position;
      break;
    case model::PolicyKind::kMinMax:
      q = position <= below_s ? policy.level - position : 0.0;
      break;
    case model::PolicyKind::kReorderQuantity:
      q = position <= below_s
              ? policy.quantity * (std::floor((policy.reorder_point - position) / policy.quantity) + 1.0)
              : 0.0;
      break;
    case model::PolicyKind::kCover:
      break;
  }
  if (governor != buyer && q > 0.0 && policy.kind != model::PolicyKind::kReorderQuantity) {
    // An input is brought up to per_unit x (S - the output's position without its inputs).
    double inputs = std::numeric_limits<double>::infinity();
    for (const auto& [input, ratio] : PolicyProcess(governor)->inputs) {
      double have = stock_.at(input) + (lanes_in_.contains(input) ? OnOrder(input) : 0.0);
      inputs = std::min(inputs, have / ratio);
    }
    q = per_unit * (policy.level - (position - inputs)) - (stock_.at(buyer) + OnOrder(buyer));
  } else {
    q *= per_unit;
  }
  q = std::min(q, cap);
  double reference = std::max(policy.level, policy.reorder_point + policy.quantity) * per_unit;
  return q > kEps * (reference + 1.0) ? q : 0.0;
}

// The protocol's split of `available` over the open orders of `lanes`: tiers in order, each
// lane up to its quota, pro rata on (quota-capped) orders within a tier; then what the quotas
// held back, pro rata on what is still asked.
std::map<LaneId, double> Reference::Allocate(const std::vector<LaneId>& lanes,
                                             double available) const {
  std::map<LaneId, double> given;
  std::set<int> tiers;
  for (LaneId id : lanes) {
    given[id] = 0.0;
    tiers.insert(lanes_.at(id).tier);
  }
  double left = available;
  for (int tier : tiers) {
    double asked = 0.0;
    for (LaneId id : lanes) {
      if (lanes_.at(id).tier == tier) asked += std::min(open_orders_.at(id), lanes_.at(id).quota);
    }
    if (asked <= 0.0) continue;
    double part = std::min(1.0, left / asked);
    for (LaneId id : lanes) {
      if (lanes_.at(id).tier == tier)
        given[id] += std::min(open_orders_.at(id), lanes_.at(id).quota) * part;
    }
    left = part < 1.0 ? 0.0 : left - asked;
    if (left <= 0.0) return given;
  }
  double still = 0.0;
  for (LaneId id : lanes) still += open_orders_.at(id) - given[id];
  if (still <= 0.0) return given;
  double part = std::min(1.0, left / still);
  for (LaneId id : lanes) given[id] += (open_orders_.at(id) - given[id]) * part;
  return given;
}

void Reference::Ship(LaneId id, double quantity, int32_t t) {
  const LaneInfo& lane = lanes_.at(id);
  open_orders_[id] -= quantity;
  stock_[lane.from] = std::max(0.0, stock_[lane.from] - quantity);
  today_[lane.from].shipped += quantity;
  int32_t arrive = t + Voyage(id, t);
  if (arrive == t) {
    same_day_.emplace_back(id, quantity);
  } else {
    at_sea_[id][arrive] += quantity;
  }
}

// 5. Each supplier ships its open orders from stock; when they exceed it, the protocol splits.
// The most lane `lane` may ship on day t by its own capacity, the contracts covering it alone
// and the throughput cuts in force on it.
double Reference::LaneCap(LaneId lane, int32_t t) const {
  const int32_t date = scenario_.start_date + t;
  double cap = lanes_.at(lane).capacity;
  for (const auto& [first, last, per_day] : lanes_.at(lane).contract_caps) {
    if (first <= date && date <= last) cap = std::min(cap, per_day);
  }
  return std::min(cap, CutCap(lane, t));
}

// The cap a buyer's order reads for `lane` on day t (docs/SIMULATION.md, Re-sourcing, "A lane's
// part of a shared cap"): the lower of LaneCap and, for each shared cap in force over the lane,
// its part: the cap x the lane's baseline flow / the baseline flows of all the cap's lanes. A
// lane without baseline flow has no part (and so no lane of a cap whose lanes have none).
double Reference::OrderCap(LaneId lane, int32_t t) const {
  double cap = LaneCap(lane, t);
  const double flow = lanes_.at(lane).baseline_flow;
  const int32_t date = scenario_.start_date + t;
  if (flow <= 0.0) return cap;
  for (const SharedCap& shared : shared_caps_) {
    if (date < shared.first || date > shared.last) continue;
    if (std::find(shared.lanes.begin(), shared.lanes.end(), lane) == shared.lanes.end()) continue;
    double flows = 0.0;
    for (LaneId id : shared.lanes) flows += std::max(0.0, lanes_.at(id).baseline_flow);
    cap = std::min(cap, shared.capacity * (flow / flows));
  }
  return cap;
}

// The lowest cap of the throughput cuts in force on `lane` on day t: `quantity`, or factor x
// the lane's baseline flow; a factor of 1 or more caps nothing (infinite when none caps).
double Reference::CutCap(LaneId lane, int32_t t) const {
  double cap = std::numeric_limits<double>::infinity();
  for (size_t e = 0; e < scenario_.events.size(); ++e) {
    const model::ResolvedEvent& ev = scenario_.events[e];
    if (ev.kind != EventKind::kLaneThroughput || !Active(e, t)) continue;
    if (std::find(ev.lanes.begin(), ev.lanes.end(), lane) == ev.lanes.end()) continue;
    const double factor = std::max(0.0, schedule_[e].severity);
    if (ev.capacity_per_day) {
      cap = std::min(cap, *ev.capacity_per_day);
    } else if (factor < 1.0) {
      cap = std::min(cap, factor * lanes_.at(lane).baseline_flow);
    }
  }
  return cap;
}

// What each lane may ship today of its open orders: at most its LaneCap, then, for each shared
// cap in force in order, its lanes scaled down together when they would carry more.
std::map<LaneId, double> Reference::Departing(int32_t t) const {
  std::map<LaneId, double> out;
  for (const auto& [id, open] : open_orders_) out[id] = std::min(std::max(0.0, open), LaneCap(id, t));
  const int32_t date = scenario_.start_date + t;
  for (const SharedCap& cap : shared_caps_) {
    if (date < cap.first || date > cap.last) continue;
    double total = 0.0;
    for (LaneId id : cap.lanes) total += out[id];
    if (total <= cap.capacity) continue;
    for (LaneId id : cap.lanes) out[id] *= cap.capacity / total;
  }
  return out;
}

// 5. What a capped lane may not ship today is held out of its open orders (so out of what its
// supplier owes) for Fill and is on order again afterwards.
void Reference::Fill(int32_t t) {
  std::map<LaneId, double> held;
  for (const auto& [id, may] : Departing(t)) {
    double h = std::max(0.0, open_orders_[id]) - may;
    if (h <= 0.0) continue;
    held[id] = h;
    open_orders_[id] -= h;
  }
  FillHeld(t);
  for (const auto& [id, h] : held) open_orders_[id] += h;
}

void Reference::FillHeld(int32_t t) {
  for (const auto& [supplier, out] : lanes_out_) {
    double owed = Owed(supplier);
    double available = stock_[supplier];
    // Owing at the end of Fill: owed more than it has, by more than 1e-9 of what it owed.
    if (owed > kEps && available < owed * (1.0 - kEps)) {
      owing_since_.try_emplace(supplier, t);
      } else {
      owing_since_.erase(supplier);
    }
    if (owed <= kEps || available <= 0.0) continue;
    std::map<LaneId, double> given;
    if (available >= owed) {
      for (LaneId id : out) given[id] = std::max(0.0, open_orders_[id]);
    } else {
      given = Allocate(out, available);
    }
    for (const auto& [id, quantity] : given) {
      if (quantity > 0.0) Ship(id, quantity, t);
    }
  }
}

// 6. End-use demand (x factor) plus demand owed is served from stock; the rest is lost or owed.
// Then transit-0 cargo shipped today arrives.
void Reference::Serve(int32_t t) {
  for (const auto& [slot, info] : slots_) {
    if (info.demand_per_day <= 0.0) continue;
    double demand = DemandToday(slot, t);
    double owed_before = owed_demand_[slot];
    double required = demand + owed_before;
    double served = std::min(stock_[slot], required);
    double missing = required - served;
    stock_[slot] -= served;
    today_[slot].consumed += served;
    today_[slot].unmet += missing;
    results_.demand_gwh += demand * info.gwh_per_unit;
    results_.served_gwh += served * info.gwh_per_unit;
    if (info.backlog) {
      owed_demand_[slot] = missing;
    } else {
      lost_gwh_ += missing * info.gwh_per_unit;
    }
    if (missing > kEps * required) {
      // Lost: what went unserved (lost sales) or what was newly owed today (backlog).
      double lost = info.backlog ? std::max(0.0, missing - owed_before) : missing;
      Flag(slot, sim::ShortageKind::kDemand, missing, required, lost);
    }
  }
  for (const auto& [id, quantity] : same_day_) {
    stock_[lanes_.at(id).to] += quantity;
    today_[lanes_.at(id).to].received += quantity;
  }
  same_day_.clear();
}

// 7. Shortage episodes: a slot short today extends its episode from yesterday or opens one.
void Reference::Record(int32_t t) {
  std::erase_if(open_episode_,
                [&](const auto& entry) { return !short_today_.contains(entry.first); });
  for (const auto& [slot, day] : short_today_) {
    auto [it, opened] = open_episode_.try_emplace(slot, results_.shortages.size());
    if (opened) {
      results_.shortages.push_back(ReferenceShortage{slot, day.kind, t, t, 0.0, 0.0});
    }
    ReferenceShortage& episode = results_.shortages[it->second];
    episode.last_day = t;
    if (day.required > 0.0) {
      episode.depth = std::max(episode.depth, std::min(1.0, day.missing / day.required));
    }
    episode.lost_quantity += day.lost;
  }
  short_today_.clear();
  for (auto& [slot, figures] : today_) {
    figures.closing = stock_[slot];
    figures.wip = Wip(slot);
  }
  results_.days.push_back(today_);
}

ReferenceResults Reference::Run(int32_t days) {
  for (const auto& [slot, info] : slots_) {
    stock_[slot] = info.initial_stock;
    owed_demand_[slot] = 0.0;
    wanted_average_[slot] = info.expected_internal_use;
  }
  // The opening pipeline: each lane's baseline flow shipped on every day of its transit
  // before the start, delayed like any cargo.
  for (const auto& [id, lane] : lanes_) {
    open_orders_[id] = 0.0;
    at_sea_[id];
    if (lane.baseline_flow <= 0.0) continue;
    for (int32_t depart = -lane.transit; depart < 0; ++depart) {
      at_sea_[id][depart + Voyage(id, depart)] += lane.baseline_flow;
    }
  }
  // The opening work in process: baseline output started on each of the lead days before.
  for (ProcessInfo& process : processes_) {
    for (int32_t d = 0; d < process.lead_days; ++d) process.in_process[d] += process.normal_output;
  }
  for (int32_t t = 0; t < days; ++t) {
    today_.clear();
    for (const auto& [slot, info] : slots_) today_[slot].opening = stock_[slot];
    Arrive(t);
    ApplyEvents(t);
    Produce(t);
    Order(t);
    Fill(t);
    Serve(t);
    Record(t);
  }
  double owed_gwh = 0.0;
  for (const auto& [slot, owed] : owed_demand_) owed_gwh += owed * slots_.at(slot).gwh_per_unit;
  results_.unserved_gwh = lost_gwh_ + owed_gwh;
  std::sort(results_.shortages.begin(), results_.shortages.end(),
            [](const ReferenceShortage& a, const ReferenceShortage& b) {
              return std::tie(a.first_day, a.slot, a.last_day) <
                     std::tie(b.first_day, b.slot, b.last_day);
            });
  return results_;
}

}  // namespace

ReferenceResults RunReference(const model::Network& network, const model::CompiledNetwork& compiled,
                              const model::ResolvedScenario& scenario,
                              const model::EventSchedule& schedule, model::Protocol protocol,
                              int32_t days) {
  return Reference(network, compiled, scenario, schedule, protocol).Run(days);
}

}  // namespace chaintwin::testutil
