// The daily engine. A day t runs, in this order (DESIGN.md §4, docs/SIMULATION.md):
//   1. Arrive      shipments due on t join their buyer's stock;
//   2. ApplyEvents events starting or ending on t change capacities, blocks, demand, releases;
//   3. Produce     each process makes min(capacity(t), inputs on hand / recipe, what open orders
//                  + internal use + end-use demand + the output's stock target call for);
//   4. Order       each buyer slot orders up to (target days + pipeline days) x expected inflow,
//                  minus stock and everything on order, split by share over its usable lanes;
//   5. Fill        each supplier ships its open orders from stock; when short, the allocation
//                  protocol decides (allocation.hpp); shipments leave for t + transit (+ delays);
//   6. Serve       end-use demand is served from stock: the rest is lost or owed (backlog);
//                  transit-0 shipments join the buyer's stock at the end of the day;
//   7. Record      shortages and the day's figures.
//
// Invariants (held by tests/property): per slot and day,
//   opening + received + produced - consumed - shipped = closing   (within rounding);
// per lane, opening pipeline + shipped = received + closing pipeline; nothing departs on a
// blocked lane; production never exceeds capacity or inputs; stock never goes negative.
//
// No heap allocation in the day loop: buffers are sized in Create() and Run() (per scenario).
// With RunOptions::threads = 2 a worker thread (day_worker.hpp) takes half of Arrive, Produce,
// Order's fast path and Fill's two passes, with the one-thread results to the bit
// (docs/SIMULATION.md, "Threads"; SetUpThreads).
#include "chaintwin/sim/engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <system_error>

#include "chaintwin/model/capacity.hpp"
#include "chaintwin/util/check.hpp"
#include "chaintwin/util/ksum.hpp"
#include "model/capacity_rule.hpp"
#include "model/chokepoint_rule.hpp"
#include "model/qualification.hpp"
#include "sim/allocation.hpp"
#include "sim/cargo_calendar.hpp"
#include "sim/day_worker.hpp"
#include "sim/inventory_policy.hpp"
#include "sim/thresholds.hpp"

namespace chaintwin::sim {

using model::CompiledNetwork;
using model::EventKind;
using model::Protocol;

namespace {
constexpr double kEps = 1e-9;
// Lanes without a contract under `priority`: after every contract priority the loader accepts
// (1-1000).
constexpr uint16_t kSpotTier = 1001;
constexpr int32_t kUnknownDelay = std::numeric_limits<int32_t>::min();
constexpr int32_t kByPolicy = 1 << 30;  // in unusable_in: far above any lane count
enum FillMode : uint8_t { kNothing = 0, kShipAll = 1, kShipRatio = 2, kAllocate = 3 };
// By buyer slot (State::flags): a lane was unusable, re-plan when not (kReplan); a late supplier
// or a shortage keeps it on Order's general path (kSourcing); some lane in is from a late
// supplier (kLateIn: late_in > 0). One byte, so Order's fast-path test and CancelLate read the
// same line.
enum SlotFlag : uint8_t { kReplan = 1, kSourcing = 2, kLateIn = 4 };

// What ShortageWeights asks of a supplier besides its stock and owed, in one record by supplier
// index: Deliverable's once-a-day figures (HeldMake, OrderMake) and the last day it was late.
// A supplier asked is one read here, not up to five in as many per-slot arrays.
struct alignas(32) SupplierMemo {
  int32_t held_day = -1;   // the day `held` was computed
  int32_t order_day = -1;  // the day `order` was computed
  double held = 0.0;       // what its processes can make (inputs on hand)
  double order = 0.0;      // the same, with obtainable inputs
  int32_t late_until = std::numeric_limits<int32_t>::min();  // the last day late at step 4
};

struct Episode {
  uint32_t slot = 0;
  ShortageKind kind = ShortageKind::kDemand;
  int32_t first = 0;
  int32_t last = 0;
  double depth = 0.0;
  uint32_t lost_material = 0;
  double lost_quantity = 0.0;
  double lost_gwh = 0.0;
};
}  // namespace

struct Engine::State {
  const CompiledNetwork* net = nullptr;

  // Per slot.
  std::vector<double> stock, inbound, demand_backlog, demand_factor, target_level;
  // Figures the day loop would otherwise put together from several arrays each day:
  //   demand_today = demand per day x demand_factor (changes with demand shocks);
  //   base_need    = expected internal use + target level (Produce);
  //   cover_days   = target days + primary-weighted transit days (Order's fast path);
  //   order_rate   = the inflow a buyer orders for: max(expected inflow, what its processes
  //                  want on average - expected internal use + expected inflow).
  std::vector<double> demand_today, base_need, cover_days, order_rate;
  std::vector<double> short_lost, short_gwh, short_required, short_missing;
  std::vector<uint32_t> short_lost_material;
  std::vector<uint8_t> short_flag, short_kind;
  std::vector<int32_t> open_episode;
  std::vector<uint32_t> buyer_slots, supplier_slots, demand_slots;

  // Per supplier: the slots with lanes out, numbered in slot order (supplier_slots[k] is the
  // slot of supplier k). Every order adds to its supplier's owed_out, a scattered write; at
  // 100,000 sites only about a third of the slots supply, so keeping the supplier figures in
  // arrays of their own makes them three times denser than per-slot arrays and keeps them in
  // cache. The entry after the last supplier is a permanent 0 owed for slots that supply
  // nothing (Produce reads it for every process output).
  std::vector<uint32_t> supplier_of;      // by slot: its supplier index, or the 0 entry
  std::vector<uint32_t> lane_supplier;    // by lane: supplier_of[lane_from]
  std::vector<uint32_t> lane_country;     // by lane: the supplier's country (Place)
  std::vector<uint32_t> output_supplier;  // by process: supplier_of[process_output]
  std::vector<double> owed_out;           // open orders on all the supplier's lanes
  std::vector<double> make_cap;        // capacity today of the processes making each slot
  std::vector<double> baseline_make;   // baseline output of the processes making each slot
  std::vector<uint8_t> makes, dead;    // slot is made here; supplier can neither ship nor make
  // Fill, per supplier today: kShipAll (stock for all it owes), kShipRatio (short, pro rata
  // by ship_ratio in the lane pass), kAllocate (short: the allocation protocol, per supplier) or
  // kNothing. pro_rata_only: every lane out of the slot is in one tier without a quota, so the
  // protocol's split is pro rata to what each lane is owed.
  std::vector<uint8_t> fill_mode, pro_rata_only;
  std::vector<double> ship_ratio;
  std::vector<double> give;  // by lane: what a kAllocate supplier ships on it today
  std::vector<uint32_t> to_allocate;  // today's kAllocate suppliers, in order
  // Re-sourcing (docs/SIMULATION.md): per supplier, the first day of its current run of days
  // ending Fill still owing (-1: none) and whether that run has reached the re-order window;
  // per buyer slot, its lanes from late suppliers, the day its shortage began (-1: none), and
  // whether either holds (kSourcing in flags: Order's general path then).
  std::vector<int32_t> short_since;
  std::vector<uint8_t> late;
  std::vector<int32_t> late_in, shortage_since;
  std::vector<uint8_t> flags;  // SlotFlag bits
  std::vector<double> weight, deliver;  // Order's scratch, by lane of one buyer slot
  std::vector<double> lane_limit;       // Order's scratch: the most a capped lane is asked
  std::vector<double> cap_weight;       // SplitAroundCaps' scratch: a capped lane's weight
  std::vector<double> lane_cap_in;      // SplitAroundCaps' scratch: a lane's cap in force today
  std::vector<double> stand_limit;      // SplitAroundCaps' scratch: the most a lane is asked
  std::vector<double> cut_aside;        // OrderSlow's scratch: a capped lane's share aside
  // By lane: the first day of the run of days, up to today, on which the lane's cap in force
  // (model::OrderCapacity) is below its part of its buyer's need (Order); kNotSince
  // when it is not today.
  std::vector<int32_t> cap_since;
  std::vector<double> share_split;      // Order's scratch: the share weights under shortage
  std::vector<SupplierMemo> memo;       // per supplier (Deliverable, ShortageWeights, SetLate)
  // Order's fast path: a buyer slot none of whose lanes is unusable and with no orders open on
  // an alternate orders by its static primary weights.
  // By buyer slot: lanes blocked or from a dead supplier, plus kByPolicy for a slot an
  // inventory policy orders (it always takes the general path).
  std::vector<int32_t> unusable_in;
  std::vector<double> primary_weight;  // by lane: share / sum of primary shares (0: alternate)
  std::vector<double> static_pipeline; // by buyer slot: primary-weighted transit days
  // Order's sourcing path (a buyer with every lane usable and a late supplier or under
  // shortage): the general path's share weights, share x (1 / sum of primary shares), and
  // their sum, computed in the same order as OrderSlow computes them (the same figures).
  std::vector<double> share_weight;    // by lane
  std::vector<double> share_sum;       // by buyer slot
  std::vector<int32_t> dead_since;
  // What processes wanted to consume of each input today, and its moving average: an idle or
  // newly busy site orders for what its processes want, not only for its baseline.
  std::vector<double> wanted_input, wanted_average;
  std::vector<uint32_t> input_slots;  // every slot some process uses, once
  // Inventory policies (inventory_policy.hpp): Order asks them for the slots they order.
  InventoryPolicies policies;
  std::vector<uint8_t> by_policy;  // by slot: policies.ordered_by_policy()
  // Production lead time: work in process by output slot, and per process with a lead time
  // a ring of what it started on each of its last lead_days days (ring_begin, by process).
  std::vector<double> wip, ring;
  std::vector<uint32_t> ring_begin, lead_procs;
  // Timeline figures (per slot, reset each day when a sink is attached).
  std::vector<double> f_opening, f_received, f_produced, f_consumed, f_shipped, f_unmet;

  // inbound (per buyer slot): open orders plus cargo on its way on all its lanes, kept up to
  // date where orders are placed, cancelled or arrive (shipping moves an amount from one to
  // the other), so ordering and arrivals need not walk the lanes.

  // Per lane.
  std::vector<double> backlog;  // open orders
  std::vector<double> quota;
  // Departure days [lo, hi) on which a lane's cargo may be delayed by a closure window.
  std::vector<int32_t> window_lo, window_hi;
  std::vector<int32_t> block_count, block_start;
  std::vector<uint8_t> lane_down;  // blocked (block_count > 0) or from a dead supplier: !Usable
  std::vector<uint16_t> tier;
  std::vector<uint8_t> has_window;
  std::vector<std::pair<int32_t, uint32_t>> contract_days;  // (day, lane), sorted

  // Per process.
  std::vector<double> cap_today, outage_factor;
  // Under --protocol plan: the lanes whose supplier follows the plan.
  std::vector<uint32_t> plan_lanes;
  // Capacities (model/capacity.hpp), by lane, sized only when some lane is capped (by the
  // network or a throughput cut of the run): what may depart today, and the open orders held
  // back from today's Fill.
  std::vector<double> departing, held;
  model::ThroughputCuts cuts;  // per run: the lane_throughput windows, and every capped lane
  model::LimitParts parts;     // each lane's part of the shared limits, for Order
  std::vector<uint8_t> dynamic;
  std::vector<double> pool_left;  // per capacity pool: what its processes may still make today

  // Per run.
  model::ClosureWindows closures;  // by chokepoint, and by lane for closures with a detour
  // Lanes that only chokepoint windows can delay, grouped by route (the chokepoints they cross
  // and on which day of the voyage): their extra days depend on the route and the departure
  // day only, so each route computes them once per day, in route_extra[route_begin[r] + day -
  // window_lo]. lane_route is -1 for the other lanes.
  std::vector<int32_t> lane_route;
  std::vector<uint32_t> route_begin;
  mutable std::vector<int32_t> route_extra;  // kUnknownDelay until computed
  std::vector<std::vector<uint32_t>> starts, ends;  // event indices by day
  std::vector<uint8_t> active;
  // Cargo in transit by arrival day (cargo_calendar.hpp). Shipping appends; arriving walks
  // today's bucket only.
  CargoCalendar calendar;
  std::vector<uint32_t> flagged, same_day_lanes;
  std::vector<double> same_day_qty;
  std::vector<Episode> episodes;
  std::vector<uint32_t> open_list;
  // Scratch for the slow path.
  std::vector<double> req, quo, giv;
  std::vector<uint16_t> tie;
};

Engine::Engine(std::unique_ptr<State> state) : state_(std::move(state)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

Engine Engine::Create(const CompiledNetwork& net) {
  auto s = std::make_unique<State>();
  s->net = &net;
  const size_t slots = net.num_slots(), lanes = net.num_lanes(), procs = net.num_processes();
  for (auto* v : {&s->stock, &s->demand_backlog, &s->demand_factor, &s->target_level,
                  &s->demand_today, &s->base_need, &s->cover_days, &s->order_rate,
                  &s->short_lost, &s->short_gwh, &s->short_required, &s->short_missing,
                  &s->inbound, &s->f_opening, &s->f_received, &s->f_produced, &s->f_consumed, &s->f_shipped,
                  &s->f_unmet}) {
    v->assign(slots, 0.0);
  }
  s->short_lost_material.assign(slots, 0);
  s->make_cap.assign(slots, 0.0);
  s->baseline_make.assign(slots, 0.0);
  for (uint32_t p = 0; p < procs; ++p) {
    s->baseline_make[net.process_output[p].value] += net.process_expected_output[p];
  }
  s->makes.assign(slots, 0);
  s->policies = InventoryPolicies::Create(net);
  s->by_policy = s->policies.ordered_by_policy();
  s->wip.assign(slots, 0.0);
  s->ring_begin.assign(procs, 0);
  for (uint32_t p = 0; p < procs; ++p) {
    s->ring_begin[p] = static_cast<uint32_t>(s->ring.size());
    if (net.process_lead_days[p] <= 0) continue;
    s->lead_procs.push_back(p);
    s->ring.resize(s->ring.size() + static_cast<size_t>(net.process_lead_days[p]), 0.0);
  }
  s->dead.assign(slots, 0);
  s->unusable_in.assign(slots, 0);
  s->primary_weight.assign(lanes, 0.0);
  s->cap_since.assign(lanes, model::kNotSince);
  model::BuildLimitParts(net, s->parts);
  s->static_pipeline.assign(slots, 0.0);
  s->share_weight.assign(lanes, 0.0);
  s->share_sum.assign(slots, 0.0);
  for (uint32_t slot = 0; slot < slots; ++slot) {
    double primary = 0.0;
    for (uint32_t i = net.in_begin[slot]; i < net.in_begin[slot + 1]; ++i) {
      uint32_t l = net.in_lanes[i].value;
      if (!net.lane_alternate[l]) primary += net.lane_share[l];
    }
    const double to_primary = primary > 0.0 ? 1.0 / primary : 0.0;
    for (uint32_t i = net.in_begin[slot]; i < net.in_begin[slot + 1]; ++i) {
      uint32_t l = net.in_lanes[i].value;
      s->share_weight[l] = net.lane_alternate[l] ? 0.0 : net.lane_share[l] * to_primary;
      s->share_sum[slot] += s->share_weight[l];
    }
    for (uint32_t i = net.in_begin[slot]; i < net.in_begin[slot + 1]; ++i) {
      uint32_t l = net.in_lanes[i].value;
      if (net.lane_alternate[l] || primary <= 0.0) continue;
      s->primary_weight[l] = net.lane_share[l] * to_primary;  // as OrderSlow weighs it
      s->static_pipeline[slot] += s->primary_weight[l] * net.lane_transit[l];
    }
  }
  s->dead_since.assign(slots, -1);
  s->wanted_input.assign(slots, 0.0);
  s->wanted_average.assign(slots, 0.0);
  for (uint32_t p = 0; p < procs; ++p) s->makes[net.process_output[p].value] = 1;
  {
    std::vector<uint8_t> seen(slots, 0);
    for (SlotId in : net.input_slot) {
      if (!seen[in.value]) s->input_slots.push_back(in.value);
      seen[in.value] = 1;
    }
  }
  s->short_flag.assign(slots, 0);
  s->short_kind.assign(slots, 0);
  s->open_episode.assign(slots, -1);
  size_t max_degree = 1;
  for (uint32_t slot = 0; slot < slots; ++slot) {
    if (net.in_begin[slot + 1] > net.in_begin[slot]) s->buyer_slots.push_back(slot);
    uint32_t out = net.out_begin[slot + 1] - net.out_begin[slot];
    if (out > 0) s->supplier_slots.push_back(slot);
    max_degree = std::max<size_t>(max_degree, out);
    if (net.slot_demand_per_day[slot] > 0) s->demand_slots.push_back(slot);
    s->target_level[slot] = net.slot_target_days[slot] * net.slot_expected_use[slot];
    if (double level = s->policies.ProductionTarget(slot); level >= 0.0) s->target_level[slot] = level;
    s->base_need[slot] = net.slot_expected_internal_use[slot] + s->target_level[slot];
    s->cover_days[slot] = net.slot_target_days[slot] + s->static_pipeline[slot];
  }
  // Compile numbers lanes by buyer slot, so a buyer's lanes are the range in_begin[slot] ..
  // in_begin[slot + 1] and in_lanes is the identity: the ordering step relies on it.
  for (uint32_t i = 0; i < lanes; ++i) {
    CT_CHECK(net.in_lanes[i].value == i, "lanes numbered by buyer slot");
  }
  s->backlog.assign(lanes, 0.0);
  s->give.assign(lanes, 0.0);
  s->quota.assign(lanes, 0.0);
  s->window_lo.assign(lanes, 0);
  s->window_hi.assign(lanes, 0);
  s->block_count.assign(lanes, 0);
  s->lane_down.assign(lanes, 0);
  s->block_start.assign(lanes, 0);
  s->tier.assign(lanes, 0);
  s->has_window.assign(lanes, 0);
  s->cap_today.assign(procs, 0.0);
  s->outage_factor.assign(procs, 1.0);
  s->dynamic.assign(procs, 0);
  s->pool_left.assign(net.num_pools(), 0.0);
  s->req.resize(max_degree);
  s->quo.resize(max_degree);
  s->giv.resize(max_degree);
  s->tie.resize(max_degree);
  s->flagged.reserve(slots);
  const size_t suppliers = s->supplier_slots.size();
  s->supplier_of.assign(slots, static_cast<uint32_t>(suppliers));
  for (uint32_t k = 0; k < suppliers; ++k) s->supplier_of[s->supplier_slots[k]] = k;
  s->lane_supplier.resize(lanes);
  for (uint32_t l = 0; l < lanes; ++l) s->lane_supplier[l] = s->supplier_of[net.lane_from[l].value];
  s->lane_country.resize(lanes);
  for (uint32_t l = 0; l < lanes; ++l) {
    s->lane_country[l] = net.site_country[net.slot_site[net.lane_from[l].value].value].value;
  }
  s->output_supplier.resize(procs);
  for (uint32_t p = 0; p < procs; ++p) {
    s->output_supplier[p] = s->supplier_of[net.process_output[p].value];
  }
  s->owed_out.assign(suppliers + 1, 0.0);
  s->fill_mode.assign(suppliers + 1, 0);
  s->pro_rata_only.assign(suppliers + 1, 0);
  s->ship_ratio.assign(suppliers + 1, 0.0);
  s->short_since.assign(suppliers + 1, -1);
  s->late.assign(suppliers + 1, 0);
  s->memo.assign(suppliers + 1, SupplierMemo{});
  s->late_in.assign(slots, 0);
  s->shortage_since.assign(slots, -1);
  s->flags.assign(slots, 0);
  {
    uint32_t max_in = 1;
    for (uint32_t slot = 0; slot < slots; ++slot) {
      max_in = std::max(max_in, net.in_begin[slot + 1] - net.in_begin[slot]);
    }
    s->weight.resize(max_in);
    s->deliver.resize(max_in);
    s->lane_limit.resize(max_in);
    s->stand_limit.resize(max_in);
    s->cap_weight.resize(max_in);
    s->lane_cap_in.resize(max_in);
    s->cut_aside.resize(max_in);
    s->share_split.resize(max_in);
  }
  s->to_allocate.reserve(suppliers);
  s->open_list.reserve(slots);
  return Engine(std::move(s));
}

namespace {

// Everything Run() needs in one place; the steps are member functions so the day loop reads
// as the list at the top of this file.
class Day {
 public:
  Day(Engine::State& s, const model::ResolvedScenario& sc, const model::EventSchedule& sched,
      const RunOptions& opt, Results& res)
      : s_(s), net_(*s.net), sc_(sc), sched_(sched), opt_(opt), res_(res) {}

  void Setup(int32_t days);
  template <bool kTimeline>
  void Step(int32_t t, TimelineSink* timeline);
  void Finish(int32_t days);
  // The stored state's cargo at sea and open orders (RunOptions::initial), in Setup.
  void ApplyInitialState(const InitialState& initial);

 private:
  double Capacity(uint32_t p, int32_t t) const;
  void SetBlocked(uint32_t lane, bool blocked, int32_t t);
  void ApplyEvents(int32_t t);
  void ApplyContractTerms(int32_t t);
  void RefreshProRataOnly(uint32_t slot);
  void RefreshProcesses(int32_t t, bool all);
  void UpdateQuotas(int32_t t);
  void OrderPlanned();
  void HoldBeyondCapacity(int32_t t);
  void ReleaseHeld();
  template <bool kTimeline>
  void Arrive(int32_t t);
  template <bool kTimeline>
  void ArriveSlots(uint32_t lo, uint32_t hi);
  template <bool kTimeline, bool kLead>
  void Produce(int32_t t);
  template <bool kTimeline, bool kLead>
  void ProduceRange(int32_t t, uint32_t p0, uint32_t p1, std::vector<uint32_t>& flagged);
  void Order(int32_t t);
  void OrderBuyers(int32_t t, uint32_t i0, uint32_t i1);
  template <bool kOwed>
  double FastOrder(uint32_t slot);
  void OrderGeneral(uint32_t slot, int32_t t);
  void OrderAhead(uint32_t i0, uint32_t i1);
  void OrderBehind(int32_t t, uint32_t i0, uint32_t i1);
  // Order's fast path is taken: every lane usable, no re-plan due, no late supplier in, no
  // shortage (RunOptions::fast.order).
  bool OnFastPath(uint32_t slot) const {
    return s_.unusable_in[slot] == 0 && !(s_.flags[slot] & (kReplan | kSourcing)) &&
           opt_.fast.order;
  }
  void OrderSlow(uint32_t slot, double inflow, int32_t t);
  void OrderSourcing(uint32_t slot, double inflow, int32_t t);
  bool CancelLate(uint32_t slot, int32_t t);
  bool SplitAroundCaps(uint32_t slot, double inflow, int32_t t, double* w);
  double CapAside(uint32_t l, double inflow, int32_t t) const;
  int32_t CapSince(uint32_t l, int32_t t) const;
  void Place(uint32_t slot, double inflow, double sum, double share_sum, bool limited, bool stand);
  double Deliverable(uint32_t from, uint32_t supplier, int32_t t, bool orderable);
  template <bool kObtainable>
  double MakeFrom(uint32_t out, int32_t t);
  // Slot `slot`'s figures, kept once a day in the memo of its supplier index (supplier_of[slot]).
  double HeldMake(uint32_t slot, uint32_t supplier, int32_t t);
  double OrderMake(uint32_t slot, uint32_t supplier, int32_t t);
  double Obtainable(uint32_t in, int32_t t);
  bool ShortageWeights(uint32_t slot, double inflow, int32_t since, int32_t t, double& sum);
  void Cancel(uint32_t lane, double qty);
  void SetLate(uint32_t supplier, bool late, int32_t t);
  template <bool kTimeline>
  void Fill(int32_t t);
  template <bool kTimeline>
  bool FillSuppliers(int32_t t, uint32_t k0, uint32_t k1, bool recording,
                     std::vector<uint32_t>& to_allocate, std::vector<uint32_t>* late_changes);
  template <bool kDirect>
  int64_t FillLanes(int32_t t, uint32_t l0, uint32_t l1, bool general);
  [[gnu::always_inline]] inline void Depart(uint32_t lane, double qty, int32_t t);
  [[gnu::always_inline]] inline void LeaveLane(uint32_t lane, double qty);
  [[gnu::always_inline]] inline void Ship(uint32_t lane, double qty, int32_t t);
  template <bool kDirect>
  [[gnu::always_inline]] inline void DepartOrKeep(uint32_t lane, double qty, int32_t t);
  void SetUpThreads();
  template <bool kTimeline>
  void Serve(int32_t t);
  void Record(int32_t t);
  int32_t Delay(uint32_t lane, int32_t depart) const;
  // The rate to cover: the baseline inflow, or more when the site's processes want more of
  // this input than their baseline (an alternate supplier suddenly in demand must buy inputs).
  // A site that also makes the material covers by lanes what its own plants cannot make today
  // of their baseline output (an outage or a capacity cut raises its imports).
  double OrderRate(uint32_t slot) const {
    double rate = std::max(net_.slot_expected_inflow[slot], s_.wanted_average[slot] -
                                                                net_.slot_expected_internal_use[slot] +
                                                                net_.slot_expected_inflow[slot]);
    double cut = s_.baseline_make[slot] - s_.make_cap[slot];
    return cut > 0.0 ? rate + cut : rate;
  }
  // Neither blocked nor from a dead supplier (lane_down, kept where either changes).
  bool Usable(uint32_t lane) const { return !s_.lane_down[lane]; }
  void SetFlag(uint32_t slot, SlotFlag f, bool on) {
    s_.flags[slot] = static_cast<uint8_t>(on ? s_.flags[slot] | f : s_.flags[slot] & ~f);
  }
  void Flag(uint32_t slot, ShortageKind kind, double missing, double required,
            uint32_t lost_material, double lost, double gwh, std::vector<uint32_t>& flagged);

  Engine::State& s_;
  const CompiledNetwork& net_;
  const model::ResolvedScenario& sc_;
  const model::EventSchedule& sched_;
  const RunOptions& opt_;
  Results& res_;
  std::vector<uint32_t> dynamic_list_;
  size_t next_contract_day_ = 0;  // into s_.contract_days
  // Suppliers that may turn dead or alive (Order): those that make their material and can make
  // none today, and those dead now. Rebuilt when a capacity crosses 0.
  std::vector<uint32_t> dead_watch_;
  bool dead_watch_stale_ = true;
  size_t today_bucket_ = 0;  // t % calendar size
  int32_t reorder_after_ = model::kDefaultReorderAfterDays;
  size_t calendar_size_ = 1;
  util::KahanSum demand_gwh_, served_gwh_, lost_gwh_;
  std::vector<double> site_demand_gwh_, site_unserved_gwh_;
  std::vector<double> resourced_gwh_;  // by supplier country (Place)
  // RunOptions::threads = 2 (SetUpThreads): the worker and where each split step's second half
  // begins: the first process of a site (Produce), a supplier index (Fill's supplier pass), a
  // lane (Fill's lane pass), a buyer slot (Arrive) and an index into buyer_slots (Order's fast
  // path). The worker's lists are merged after the first half's, so every list holds what one
  // thread would have put in it, in its order.
  std::unique_ptr<DayWorker> worker_;
  uint32_t split_process_ = 0, split_supplier_ = 0, split_lane_ = 0, split_slot_ = 0;
  uint32_t split_buyer_ = 0;
  std::vector<double> worker_order_;  // OrderAhead: by buyer index from split_buyer_
  std::vector<uint32_t> worker_flagged_, worker_allocate_;
  std::vector<uint32_t> worker_late_;  // supplier x 2 + late: SetLate deferred to the merge
  std::vector<uint32_t> worker_lanes_;  // shipments of the second half, in lane order
  std::vector<double> worker_qty_;
};

// The lane's tier (and quota) under its supplier's protocol, with the contracts in force on
// `date` (days since epoch).
uint16_t TierOf(const CompiledNetwork& net, const model::ProtocolConfig& cfg,
               std::optional<Protocol> override_protocol, uint32_t lane, int32_t date,
               double& quota) {
  quota = std::numeric_limits<double>::infinity();
  SiteId from = net.slot_site[net.lane_from[lane].value];
  SiteId to = net.slot_site[net.lane_to[lane].value];
  const std::string& supplier_country = net.country_key[net.site_country[from.value].value];
  Protocol p = cfg.default_protocol;
  if (auto it = cfg.by_country.find(supplier_country); it != cfg.by_country.end()) p = it->second;
  if (override_protocol) p = *override_protocol;
  switch (p) {
    case Protocol::kProRata:
      return 0;
    case Protocol::kPriority: {
      int t = net.ContractTier(LaneId{lane}, date);
      return t > 0 ? static_cast<uint16_t>(std::min<int>(t, kSpotTier - 1)) : kSpotTier;
    }
    case Protocol::kContractFirst:
      if (double volume = net.ContractVolume(LaneId{lane}, date); volume > 0) {
        quota = volume;
        return 0;
      }
      return 1;
    case Protocol::kAllianceFirst: {
      CountryId cf = net.site_country[from.value], ct = net.site_country[to.value];
      if (cf == ct) return 0;
      std::string group = cfg.default_alliance;
      if (auto it = cfg.alliance.find(supplier_country); it != cfg.alliance.end()) group = it->second;
      int g = group.empty() ? -1 : net.FindGroup(group);
      if (g >= 0) {
        const auto& members = net.group_members[static_cast<size_t>(g)];
        if (std::binary_search(members.begin(), members.end(), ct)) return 1;
      }
      return 2;
    }
    case Protocol::kPlan:
      quota = 0.0;  // set per period by UpdateQuotas
      return 0;
  }
  return 0;
}

bool IsPlan(const model::ResolvedScenario& sc, const RunOptions& opt, const CompiledNetwork& net,
            uint32_t lane) {
  Protocol p = sc.protocol.default_protocol;
  SiteId from = net.slot_site[net.lane_from[lane].value];
  const std::string& country = net.country_key[net.site_country[from.value].value];
  if (auto it = sc.protocol.by_country.find(country); it != sc.protocol.by_country.end()) {
    p = it->second;
  }
  if (opt.protocol) p = *opt.protocol;
  return p == Protocol::kPlan;
}

void Day::Setup(int32_t days) {
  const uint32_t lanes = net_.num_lanes();
  const InitialState* initial = opt_.initial;
  const std::vector<double>& opening =
      initial && !initial->stock.empty() ? initial->stock : net_.slot_initial_stock;
  CT_CHECK(opening.size() == net_.num_slots(), "InitialState::stock has one entry per slot");
  std::copy(opening.begin(), opening.end(), s_.stock.begin());
  for (auto* v : {&s_.owed_out, &s_.inbound, &s_.demand_backlog, &s_.short_lost, &s_.short_gwh,
                  &s_.short_required, &s_.short_missing}) {
    std::fill(v->begin(), v->end(), 0.0);
  }
  std::fill(s_.demand_factor.begin(), s_.demand_factor.end(), 1.0);
  std::copy(net_.slot_demand_per_day.begin(), net_.slot_demand_per_day.end(),
            s_.demand_today.begin());
  std::fill(s_.short_flag.begin(), s_.short_flag.end(), 0);
  std::fill(s_.open_episode.begin(), s_.open_episode.end(), -1);
  std::fill(s_.dead.begin(), s_.dead.end(), 0);
  for (uint32_t slot = 0; slot < net_.num_slots(); ++slot) {
    s_.unusable_in[slot] = s_.by_policy[slot] ? kByPolicy : 0;
  }
  std::fill(s_.cap_since.begin(), s_.cap_since.end(), model::kNotSince);
  std::fill(s_.dead_since.begin(), s_.dead_since.end(), -1);
  std::fill(s_.short_since.begin(), s_.short_since.end(), -1);
  std::fill(s_.late.begin(), s_.late.end(), 0);
  std::fill(s_.memo.begin(), s_.memo.end(), SupplierMemo{});
  std::fill(s_.late_in.begin(), s_.late_in.end(), 0);
  std::fill(s_.shortage_since.begin(), s_.shortage_since.end(), -1);
  std::fill(s_.flags.begin(), s_.flags.end(), 0);
  reorder_after_ = opt_.reorder_after_days > 0 ? opt_.reorder_after_days : sc_.reorder_after_days;
  std::fill(s_.wanted_input.begin(), s_.wanted_input.end(), 0.0);
  std::copy(net_.slot_expected_internal_use.begin(), net_.slot_expected_internal_use.end(),
            s_.wanted_average.begin());
  for (uint32_t slot = 0; slot < net_.num_slots(); ++slot) s_.order_rate[slot] = OrderRate(slot);
  s_.episodes.clear();
  s_.open_list.clear();
  s_.flagged.clear();
  std::fill(s_.backlog.begin(), s_.backlog.end(), 0.0);
  std::fill(s_.block_count.begin(), s_.block_count.end(), 0);
  std::fill(s_.lane_down.begin(), s_.lane_down.end(), 0);
  std::fill(s_.has_window.begin(), s_.has_window.end(), 0);
  std::fill(s_.outage_factor.begin(), s_.outage_factor.end(), 1.0);
  s_.active.assign(sc_.events.size(), 0);

  // Throughput cuts of this run, with the network's own capacities (model/capacity.hpp).
  model::BuildThroughputCuts(net_, sc_, sched_, s_.cuts);
  if (!s_.cuts.capped_lanes.empty() && s_.departing.size() != lanes) {
    s_.departing.assign(lanes, 0.0);
    s_.held.assign(lanes, 0.0);
  }

  // Chokepoint closure windows of this run, and how much they can delay each lane.
  model::BuildClosureWindows(net_, sc_, sched_, s_.closures);
  s_.lane_route.assign(lanes, -1);
  s_.route_begin.assign(1, 0);
  s_.route_extra.clear();
  std::map<std::vector<int64_t>, int32_t> routes;
  std::vector<int64_t> key;
  int32_t longest = 0;
  for (uint32_t l = 0; l < lanes; ++l) {
    int32_t extra = 0;
    int32_t lo = std::numeric_limits<int32_t>::max(), hi = std::numeric_limits<int32_t>::min();
    for (const model::ClosureWindow& w : s_.closures.by_lane[l]) {
      lo = std::min(lo, w.start);
      hi = std::max(hi, w.end);
    }
    for (const model::ClosureWindow& w : s_.closures.by_lane[l]) {
      extra = std::max(extra, w.detour);
      s_.has_window[l] = 1;
    }
    for (uint32_t x = net_.lane_crossing_begin[l]; x < net_.lane_crossing_begin[l + 1]; ++x) {
      // Overlapping windows can chain waits (one reopening inside the next closure): their sum
      // bounds the delay at this crossing.
      int32_t worst = 0;
      for (const model::ClosureWindow& w : s_.closures.by_chokepoint[net_.crossing_chokepoint[x].value]) {
        worst += w.detour >= 0 ? w.detour : w.end - w.start;
        s_.has_window[l] = 1;
        lo = std::min(lo, w.start - net_.crossing_day[x]);
        hi = std::max(hi, w.end - net_.crossing_day[x]);
      }
      extra += worst;
    }
    // Earlier delays on the same voyage shift later crossings: widen the range by all of them.
    s_.window_lo[l] = lo == std::numeric_limits<int32_t>::max() ? 0 : lo - extra;
    s_.window_hi[l] = hi == std::numeric_limits<int32_t>::min() ? 0 : hi;
    longest = std::max(longest, net_.lane_transit[l] + extra);
    if (!s_.has_window[l] || !s_.closures.by_lane[l].empty()) continue;
    key.clear();
    for (uint32_t x = net_.lane_crossing_begin[l]; x < net_.lane_crossing_begin[l + 1]; ++x) {
      key.push_back(net_.crossing_chokepoint[x].value);
      key.push_back(net_.crossing_day[x]);
    }
    auto [it, added] = routes.emplace(key, static_cast<int32_t>(s_.route_begin.size() - 1));
    if (added) {  // the same route has the same window range
      s_.route_extra.resize(s_.route_extra.size() +
                                static_cast<size_t>(s_.window_hi[l] - s_.window_lo[l]),
                            kUnknownDelay);
      s_.route_begin.push_back(static_cast<uint32_t>(s_.route_extra.size()));
    }
    s_.lane_route[l] = it->second;
  }
  if (initial) {
    for (const InitialState::Cargo& c : initial->in_transit) longest = std::max(longest, c.arrival_day);
  }
  s_.calendar.Reset(static_cast<size_t>(longest) + 1);  // keeps its pool across runs
  calendar_size_ = s_.calendar.size();

  // Protocol tiers per lane.
  s_.plan_lanes.clear();
  for (uint32_t l = 0; l < lanes; ++l) {
    s_.tier[l] = TierOf(net_, sc_.protocol, opt_.protocol, l, sc_.start_date, s_.quota[l]);
    if (IsPlan(sc_, opt_, net_, l)) s_.plan_lanes.push_back(l);
  }
  CT_CHECK(s_.plan_lanes.empty() || opt_.plan != nullptr, "protocol plan needs RunOptions::plan");
  for (uint32_t slot : s_.supplier_slots) RefreshProRataOnly(slot);
  // Days within the run on which a contract's term starts or ends (the day after its last),
  // and the lanes whose tier and quota then change.
  s_.contract_days.clear();
  for (uint32_t l = 0; l < lanes; ++l) {
    if (IsPlan(sc_, opt_, net_, l)) continue;  // the plan sets these per period
    for (uint32_t i = net_.lane_contract_begin[l]; i < net_.lane_contract_begin[l + 1]; ++i) {
      const auto& k = net_.lane_contracts[i];
      for (int64_t date : {int64_t{k.first_day}, int64_t{k.last_day} + 1}) {
        int64_t day = date - sc_.start_date;
        if (day > 0 && day < days) s_.contract_days.emplace_back(static_cast<int32_t>(day), l);
      }
    }
  }
  std::sort(s_.contract_days.begin(), s_.contract_days.end());
  s_.contract_days.erase(std::unique(s_.contract_days.begin(), s_.contract_days.end()),
                         s_.contract_days.end());
  next_contract_day_ = 0;

  // Events by start and end day; processes whose capacity moves by itself (start, ramp).
  s_.starts.assign(static_cast<size_t>(days) + 1, {});
  s_.ends.assign(static_cast<size_t>(days) + 1, {});
  for (size_t e = 0; e < sc_.events.size(); ++e) {
    int32_t a = std::max(0, sched_[e].start_day), b = sched_[e].end_day;
    if (a >= days || b <= a) continue;
    s_.starts[static_cast<size_t>(a)].push_back(static_cast<uint32_t>(e));
    if (b < days) s_.ends[static_cast<size_t>(b)].push_back(static_cast<uint32_t>(e));
  }
  dynamic_list_.clear();
  for (uint32_t p = 0; p < net_.num_processes(); ++p) {
    bool moves = net_.process_ramp_begin[p + 1] > net_.process_ramp_begin[p] ||
                 net_.process_start[p] > sc_.start_date;
    for (const model::ResolvedEvent& ev : sc_.events) {
      if (ev.kind != EventKind::kCapacityChange) continue;
      for (ProcessId q : ev.processes) moves = moves || q.value == p;
    }
    s_.dynamic[p] = moves ? 1 : 0;
    if (moves) dynamic_list_.push_back(p);
  }
  RefreshProcesses(0, true);

  // The opening pipeline: the steady-state flow of each lane, as if it had shipped every day
  // before the start (cargo already at sea when the scenario begins).
  if (opt_.lane_audit) {
    auto* a = opt_.lane_audit;
    a->ordered.assign(lanes, 0.0);
    a->cancelled.assign(lanes, 0.0);
    a->closing_owed.assign(lanes, 0.0);
    a->shipped.assign(lanes, 0.0);
    a->received.assign(lanes, 0.0);
    a->shipped_while_blocked.assign(lanes, 0.0);
    a->unusable_days.assign(lanes, 0.0);
    a->opening_transit.assign(lanes, 0.0);
  }
  if (initial) ApplyInitialState(*initial);
  for (uint32_t l = 0; l < lanes && !(initial && initial->replace_pipeline); ++l) {
    double flow = net_.lane_expected_flow[l];
    if (flow <= 0.0) continue;
    for (int32_t depart = -net_.lane_transit[l]; depart < 0; ++depart) {
      int32_t arrive = depart + Delay(l, depart);
      s_.calendar.Add(static_cast<size_t>(arrive) % calendar_size_,
                      Cargo{l, net_.lane_to[l].value, flow});
      s_.inbound[net_.lane_to[l].value] += flow;
      if (opt_.lane_audit) opt_.lane_audit->opening_transit[l] += flow;
    }
  }
  // The opening work in process: each process with a lead time has started its baseline
  // output on each of the lead_days days before the start.
  std::fill(s_.wip.begin(), s_.wip.end(), 0.0);
  for (uint32_t p : s_.lead_procs) {
    double flow = net_.process_expected_output[p];
    auto begin = s_.ring.begin() + s_.ring_begin[p];
    std::fill(begin, begin + net_.process_lead_days[p], flow);
    s_.wip[net_.process_output[p].value] += flow * net_.process_lead_days[p];
  }
  site_demand_gwh_.assign(net_.num_sites(), 0.0);
  site_unserved_gwh_.assign(net_.num_sites(), 0.0);
  resourced_gwh_.assign(net_.num_countries(), 0.0);
  SetUpThreads();
}

// RunOptions::threads: with 2, the worker and the split points. Produce splits at a site: it
// requires every process to use and make slots of its own site only, in a pool of its own
// site, with processes ordered by site (Compile's order); otherwise its processes all run on
// the engine's thread. The other splits need nothing of the network.
void Day::SetUpThreads() {
  worker_.reset();
  if (opt_.threads < 2) return;
  const uint32_t procs = net_.num_processes(), lanes = net_.num_lanes();
  const uint32_t suppliers = static_cast<uint32_t>(s_.supplier_slots.size());
  bool by_site = true;
  for (uint32_t p = 0; p < procs && by_site; ++p) {
    const uint32_t site = net_.process_site[p].value;
    const int32_t pool = net_.process_pool[p];
    by_site = (p == 0 || net_.process_site[p - 1].value <= site) &&
              net_.slot_site[net_.process_output[p].value].value == site &&
              (pool < 0 || net_.pool_site[static_cast<uint32_t>(pool)].value == site);
    for (uint32_t i = net_.process_input_begin[p]; i < net_.process_input_begin[p + 1]; ++i) {
      by_site = by_site && net_.slot_site[net_.input_slot[i].value].value == site;
    }
  }
  split_process_ = procs;
  if (by_site) {
    split_process_ = procs / 2;
    while (split_process_ > 0 &&
           net_.process_site[split_process_ - 1] == net_.process_site[split_process_]) {
      --split_process_;
    }
  }
  split_supplier_ = suppliers / 2;
  split_buyer_ = static_cast<uint32_t>(s_.buyer_slots.size() / 2);
  worker_order_.assign(s_.buyer_slots.size() - split_buyer_, 0.0);
  split_lane_ = lanes / 2;
  split_slot_ = lanes > 0 ? net_.lane_to[split_lane_].value : 0;
  worker_flagged_.clear();
  worker_flagged_.reserve(net_.num_slots());
  worker_allocate_.clear();
  worker_allocate_.reserve(suppliers);
  worker_late_.clear();
  worker_late_.reserve(suppliers);
  worker_lanes_.clear();
  worker_lanes_.reserve(lanes - split_lane_);
  worker_qty_.clear();
  worker_qty_.reserve(lanes - split_lane_);
  try {
    worker_ = std::make_unique<DayWorker>();
  } catch (const std::system_error&) {
    worker_.reset();  // no thread to be had: one thread, the same results
  }
}

void Day::ApplyInitialState(const InitialState& initial) {
  for (const InitialState::Cargo& c : initial.in_transit) {
    CT_CHECK(c.arrival_day >= 0 && c.lane.valid() && c.lane.value < net_.num_lanes(),
             "InitialState cargo on a lane of the network, arriving on day 0 or later");
    uint32_t to = net_.lane_to[c.lane.value].value;
    s_.calendar.Add(static_cast<size_t>(c.arrival_day) % calendar_size_,
                    Cargo{c.lane.value, to, c.quantity});
    s_.inbound[to] += c.quantity;
    if (opt_.lane_audit) opt_.lane_audit->opening_transit[c.lane.value] += c.quantity;
  }
  for (const InitialState::Order& o : initial.open_orders) {
    CT_CHECK(o.lane.valid() && o.lane.value < net_.num_lanes(), "InitialState order on a lane");
    s_.backlog[o.lane.value] += o.quantity;
    s_.owed_out[s_.lane_supplier[o.lane.value]] += o.quantity;
    s_.inbound[net_.lane_to[o.lane.value].value] += o.quantity;
  }
}

// Nameplate x ramp-up x capacity changes, before outages (model/capacity_rule.hpp).
double Day::Capacity(uint32_t p, int32_t t) const {
  return model::PlannedCapacity(net_, sc_, sched_, p, t,
                                [&](size_t e) { return s_.active[e] != 0; });
}

// Capacity today of every process (all) or of those whose capacity moves by itself, and the
// total capacity making each slot (make_cap, used to tell a closed plant).
void Day::RefreshProcesses(int32_t t, bool all) {
  if (all) {
    for (uint32_t p = 0; p < net_.num_processes(); ++p) {
      s_.make_cap[net_.process_output[p].value] = 0.0;
    }
    for (uint32_t p = 0; p < net_.num_processes(); ++p) {
      s_.cap_today[p] = model::CapacityToday(Capacity(p, t), s_.outage_factor[p]);
      s_.make_cap[net_.process_output[p].value] += s_.cap_today[p];
    }
    for (uint32_t p = 0; p < net_.num_processes(); ++p) {
      uint32_t out = net_.process_output[p].value;
      s_.order_rate[out] = OrderRate(out);
    }
    dead_watch_stale_ = true;
    return;
  }
  for (uint32_t p : dynamic_list_) {
    double cap = model::CapacityToday(Capacity(p, t), s_.outage_factor[p]);
    uint32_t out = net_.process_output[p].value;
    double& made = s_.make_cap[out];
    bool closed = made <= 0.0;
    if (std::isfinite(cap) && std::isfinite(s_.cap_today[p]) && std::isfinite(made)) {
      made += cap - s_.cap_today[p];
      s_.cap_today[p] = cap;
    } else {  // unlimited capacity in play: sum again (no infinity minus infinity)
      s_.cap_today[p] = cap;
      made = 0.0;
      uint32_t site = net_.slot_site[out].value;
      for (uint32_t q = net_.site_process_begin[site]; q < net_.site_process_begin[site + 1]; ++q) {
        if (net_.process_output[q].value == out) made += s_.cap_today[q];
      }
    }
    if (closed != (made <= 0.0)) dead_watch_stale_ = true;
    s_.order_rate[net_.process_output[p].value] = OrderRate(net_.process_output[p].value);
  }
}

void Day::SetBlocked(uint32_t lane, bool blocked, int32_t t) {
  bool dead = s_.dead[net_.lane_from[lane].value];
  if (blocked) {
    if (s_.block_count[lane]++ == 0) {
      // Open orders on a lane an event blocks are cancelled; the buyer orders elsewhere.
      Cancel(lane, s_.backlog[lane]);
      s_.block_start[lane] = t;
      if (!dead) ++s_.unusable_in[net_.lane_to[lane].value];
    }
  } else if (--s_.block_count[lane] == 0 && !dead) {
    --s_.unusable_in[net_.lane_to[lane].value];
  }
  s_.lane_down[lane] = s_.block_count[lane] > 0 || dead ? 1 : 0;
}

// Every lane out of supplier `slot` in one tier without a quota: the protocol's split is pro rata.
void Day::RefreshProRataOnly(uint32_t slot) {
  bool simple = true;
  for (uint32_t i = net_.out_begin[slot]; i < net_.out_begin[slot + 1]; ++i) {
    uint32_t l = net_.out_lanes[i].value;
    simple = simple && s_.tier[l] == s_.tier[net_.out_lanes[net_.out_begin[slot]].value] &&
             std::isinf(s_.quota[l]);
  }
  s_.pro_rata_only[s_.supplier_of[slot]] = simple ? 1 : 0;
}

// Contracts whose term starts or ends today change their lanes' tier and quota.
void Day::ApplyContractTerms(int32_t t) {
  auto& changes = s_.contract_days;
  while (next_contract_day_ < changes.size() && changes[next_contract_day_].first == t) {
    uint32_t l = changes[next_contract_day_++].second;
    s_.tier[l] = TierOf(net_, sc_.protocol, opt_.protocol, l, sc_.start_date + t, s_.quota[l]);
    RefreshProRataOnly(net_.lane_from[l].value);
  }
}

void Day::ApplyEvents(int32_t t) {
  const auto& starting = s_.starts[static_cast<size_t>(t)];
  const auto& ending = s_.ends[static_cast<size_t>(t)];
  bool outage_changed = false;
  auto apply = [&](uint32_t e, bool on) {
    const model::ResolvedEvent& ev = sc_.events[e];
    s_.active[e] = on ? 1 : 0;
    double sev = sched_[e].severity;
    switch (ev.kind) {
      case EventKind::kExportBan:
        for (LaneId l : ev.lanes) SetBlocked(l.value, on, t);
        break;
      case EventKind::kLaneClosure:
        if (ev.detour_days) break;  // a detour delays cargo (Delay) and blocks nothing
        model::ForEachLaneClosedBy(net_, ev, [&](uint32_t l) { SetBlocked(l, on, t); });
        break;
      case EventKind::kSiteOutage:
        outage_changed = true;
        break;
      case EventKind::kDemandShock:
        for (SlotId slot : ev.slots) {
          if (on) {
            s_.demand_factor[slot.value] *= sev;
            s_.demand_today[slot.value] = net_.slot_demand_per_day[slot.value] * s_.demand_factor[slot.value];
          } else {
            // Recompute from the events still active: dividing by 0 would not undo a 0 factor.
            double f = 1.0;
            for (size_t o = 0; o < sc_.events.size(); ++o) {
              if (o == e || !s_.active[o] || sc_.events[o].kind != EventKind::kDemandShock) continue;
              const auto& os = sc_.events[o].slots;
              if (std::find(os.begin(), os.end(), slot) != os.end()) f *= sched_[o].severity;
            }
            s_.demand_factor[slot.value] = f;
            s_.demand_today[slot.value] = net_.slot_demand_per_day[slot.value] * f;
          }
        }
        break;
      case EventKind::kLaneThroughput:
        // A lane cut to nothing (cap 0: factor 0, quantity 0, or no baseline flow) is blocked
        // while the cut holds, exactly as by a closure; other cuts are read where lanes ship
        // (HoldBeyondCapacity) and where buyers order (CapAside).
        for (LaneId l : ev.lanes) {
          if (model::ThroughputCutCap(net_, ev, sev, l) <= 0.0) SetBlocked(l.value, on, t);
        }
        break;
      case EventKind::kCapacityChange:
      case EventKind::kStockpileRelease:
        break;
    }
  };
  // Starts before ends: a ban renewed on the day the previous one ends keeps its lanes blocked
  // without a break, so alternates keep the qualification they have been earning.
  for (uint32_t e : starting) apply(e, true);
  for (uint32_t e : ending) apply(e, false);
  if (outage_changed) {
    std::fill(s_.outage_factor.begin(), s_.outage_factor.end(), 1.0);
    for (size_t e = 0; e < sc_.events.size(); ++e) {
      if (!s_.active[e] || sc_.events[e].kind != EventKind::kSiteOutage) continue;
      for (ProcessId p : sc_.events[e].processes) s_.outage_factor[p.value] *= sched_[e].severity;
    }
    RefreshProcesses(t, true);
  } else {
    RefreshProcesses(t, !opt_.fast.incremental_capacity);
  }
}

void Day::UpdateQuotas(int32_t t) {
  const model::AllocationPlan* plan = opt_.plan;
  if (plan == nullptr || plan->period_days <= 0 || t % plan->period_days != 0) return;
  int32_t period = t / plan->period_days;
  // A lane with planned flow is served up to it first; one without keeps no quota, in the same
  // tier, so that it shares pro rata what is left (as under pro_rata) when the simulator's
  // buyers need what the plan did not route.
  for (uint32_t l : s_.plan_lanes) {
    double flow = period < plan->periods ? plan->LaneFlow(l, period) / plan->period_days : 0.0;
    s_.quota[l] = flow > 0 ? flow : std::numeric_limits<double>::infinity();
    s_.tier[l] = 0;
  }
}

// Under a plan the buyers order what it ships: after the buyers' own orders (Order), every
// usable planned lane has at least the plan's flow per day open, so the supplier is asked for
// what the plan routes through it (to an alternate, ahead of a ban) even when the buyer's
// stock position would not ask for it.
void Day::OrderPlanned() {
  for (uint32_t l : s_.plan_lanes) {
    double planned = s_.quota[l];  // infinite: no planned flow this period
    if (std::isinf(planned)) continue;
    double more = planned - s_.backlog[l];
    if (more <= kEps * planned || !Usable(l)) continue;
    s_.backlog[l] += more;
    s_.owed_out[s_.lane_supplier[l]] += more;
    s_.inbound[net_.lane_to[l].value] += more;
  }
}

// Capacities (model/capacity.hpp) in Fill: what a capped lane may not ship today is held out
// of its open orders (and its supplier's owed) for the day's Fill, and owed again afterwards
// (ReleaseHeld), so it stays on order and ships on a later day.
void Day::HoldBeyondCapacity(int32_t t) {
  for (LaneId lane : s_.cuts.capped_lanes) s_.departing[lane.value] = std::max(0.0, s_.backlog[lane.value]);
  model::ApplyCapacities(net_, s_.cuts, sc_.start_date + t, s_.departing);
  for (LaneId lane : s_.cuts.capped_lanes) {
    uint32_t l = lane.value;
    double held = std::max(0.0, s_.backlog[l]) - s_.departing[l];
    if (held <= 0.0) continue;
    s_.held[l] = held;
    s_.backlog[l] -= held;
    s_.owed_out[s_.lane_supplier[l]] -= held;
  }
}

void Day::ReleaseHeld() {
  for (LaneId lane : s_.cuts.capped_lanes) {
    uint32_t l = lane.value;
    double held = s_.held[l];
    if (held <= 0.0) continue;
    s_.held[l] = 0.0;
    s_.backlog[l] += held;
    s_.owed_out[s_.lane_supplier[l]] += held;
  }
}

int32_t Day::Delay(uint32_t lane, int32_t depart) const {
  int32_t transit = net_.lane_transit[lane];
  if (!s_.has_window[lane]) return transit;
  int32_t* memo = nullptr;
  if (int32_t r = s_.lane_route[lane]; r >= 0 && opt_.fast.delay_memo && depart >= s_.window_lo[lane] &&
                                       depart < s_.window_hi[lane]) {
    memo = &s_.route_extra[s_.route_begin[static_cast<size_t>(r)] +
                           static_cast<size_t>(depart - s_.window_lo[lane])];
    if (*memo != kUnknownDelay) return transit + *memo;
  }
  int32_t extra = model::ExtraVoyageDays(net_, s_.closures, lane, depart);
  if (memo != nullptr) *memo = extra;
  return transit + extra;
}

template <bool kTimeline>
void Day::Arrive(int32_t t) {
  today_bucket_ = static_cast<size_t>(t) % calendar_size_;
  if (worker_) {
    // Both threads walk the bucket; each adds the cargo of its own buyer slots, so every slot
    // receives its cargo in the order it was shipped, as on one thread.
    auto second = [this] { ArriveSlots<kTimeline>(split_slot_, UINT32_MAX); };
    worker_->Split(second, [&] { ArriveSlots<kTimeline>(0, split_slot_); });
  } else {
    ArriveSlots<kTimeline>(0, UINT32_MAX);
  }
  s_.calendar.Clear(today_bucket_);
}

// Today's cargo for buyer slots in [lo, hi) joins their stock.
template <bool kTimeline>
void Day::ArriveSlots(uint32_t lo, uint32_t hi) {
  s_.calendar.ForEach(today_bucket_, [&](const Cargo& c) {
    uint32_t to = c.to;
    if (to < lo || to >= hi) return;
    s_.inbound[to] -= c.qty;
    s_.stock[to] += c.qty;
    if constexpr (kTimeline) s_.f_received[to] += c.qty;
    if (opt_.lane_audit) opt_.lane_audit->received[c.lane] += c.qty;
  });
}

void Day::Flag(uint32_t slot, ShortageKind kind, double missing, double required,
               uint32_t lost_material, double lost, double gwh, std::vector<uint32_t>& flagged) {
  if (!s_.short_flag[slot]) {
    s_.short_flag[slot] = 1;
    s_.short_kind[slot] = static_cast<uint8_t>(kind);
    s_.short_lost_material[slot] = lost_material;
    flagged.push_back(slot);
  }
  s_.short_missing[slot] += missing;
  s_.short_required[slot] += required;
  s_.short_lost[slot] += lost;
  s_.short_gwh[slot] += gwh;
}

// kLead: some process has a production lead time (work in process is kept).
template <bool kTimeline, bool kLead>
void Day::Produce(int32_t t) {
  // Work started lead_days ago is finished goods today, before today's production.
  for (uint32_t p : s_.lead_procs) {
    double& due = s_.ring[s_.ring_begin[p] + static_cast<uint32_t>(t % net_.process_lead_days[p])];
    uint32_t out = net_.process_output[p].value;
    s_.stock[out] += due;
    s_.wip[out] = std::max(0.0, s_.wip[out] - due);  // no rounding residue below 0
    if constexpr (kTimeline) s_.f_produced[out] += due;
    due = 0.0;
  }
  const uint32_t procs = net_.num_processes();
  // A pool's capacity, cut like its plant by the outages of the day (the smallest factor among
  // its processes), is filled in process order: upstream stage first, then process key.
  for (uint32_t q = 0; q < net_.num_pools(); ++q) {
    double factor = 1.0;
    for (uint32_t k = net_.pool_process_begin[q]; k < net_.pool_process_begin[q + 1]; ++k) {
      factor = std::min(factor, s_.outage_factor[net_.pool_processes[k].value]);
    }
    s_.pool_left[q] = net_.pool_capacity[q] * std::max(0.0, factor);
  }
  if (worker_) {
    // A process reads and writes only slots and pools of its own site (SetUpThreads), and
    // reads owed, demand and targets nobody writes here: the two halves of the sites are
    // independent. What the second half flags comes after the first's, as on one thread.
    auto second = [this, t, procs] {
      ProduceRange<kTimeline, kLead>(t, split_process_, procs, worker_flagged_);
    };
    worker_->Split(second, [&] {
      ProduceRange<kTimeline, kLead>(t, 0, split_process_, s_.flagged);
    });
    s_.flagged.insert(s_.flagged.end(), worker_flagged_.begin(), worker_flagged_.end());
    worker_flagged_.clear();
  } else {
    ProduceRange<kTimeline, kLead>(t, 0, procs, s_.flagged);
  }
}

// Produce's processes p0 .. p1 - 1, in order; the slots they flag short go to `flagged`.
template <bool kTimeline, bool kLead>
void Day::ProduceRange(int32_t t, uint32_t p0, uint32_t p1, std::vector<uint32_t>& flagged) {
  for (uint32_t p = p0; p < p1; ++p) {
    double cap = s_.cap_today[p];
    const int32_t pool = net_.process_pool[p];
    if (pool >= 0) cap = std::min(cap, s_.pool_left[static_cast<uint32_t>(pool)]);
    if (cap <= 0.0) continue;
    uint32_t out = net_.process_output[p].value;
    double need = s_.owed_out[s_.output_supplier[p]] + s_.demand_backlog[out] +
                  s_.demand_today[out] + s_.base_need[out] - s_.stock[out];
    if constexpr (kLead) need -= s_.wip[out];
    double want = std::min(cap, need);
    if (want <= kEps) continue;
    double made = want;
    uint32_t binding = UINT32_MAX;
    uint32_t i0 = net_.process_input_begin[p], i1 = net_.process_input_begin[p + 1];
    for (uint32_t i = i0; i < i1; ++i) {
      s_.wanted_input[net_.input_slot[i].value] += want * net_.input_per_unit[i];
    }
    for (uint32_t i = i0; i < i1; ++i) {
      double can = s_.stock[net_.input_slot[i].value] / net_.input_per_unit[i];
      if (can < made) {
        made = can;
        binding = net_.input_slot[i].value;
      }
    }
    // Inputs ordered for the same process run out together: those within 1e-9 x want of the
    // binding one tie, and the first in the recipe is charged (Thresholds, "Which input").
    for (uint32_t i = i0; binding != UINT32_MAX && i < i1; ++i) {
      if (s_.stock[net_.input_slot[i].value] / net_.input_per_unit[i] <= made + kEps * want) {
        binding = net_.input_slot[i].value;
        break;
      }
    }
    if (made < 0.0) made = 0.0;
    for (uint32_t i = i0; i < i1; ++i) {
      uint32_t in = net_.input_slot[i].value;
      double used = made * net_.input_per_unit[i];
      s_.stock[in] = in == binding ? 0.0 : std::max(0.0, s_.stock[in] - used);
      if constexpr (kTimeline) s_.f_consumed[in] += used;
    }
    if (pool >= 0) s_.pool_left[static_cast<uint32_t>(pool)] -= made;
    int32_t lead = kLead ? net_.process_lead_days[p] : 0;
    if (lead > 0) {
      s_.ring[s_.ring_begin[p] + static_cast<uint32_t>(t % lead)] += made;
      s_.wip[out] += made;
    } else {
      s_.stock[out] += made;
      if constexpr (kTimeline) s_.f_produced[out] += made;
    }
    if (binding != UINT32_MAX && want - made > kEps * want) {
      // A shortage cuts production below the process's normal (baseline) rate, or stops a
      // standby process (no baseline) asked to make something. Lost output is what it would
      // normally make and did not; wanting more than normal (restocking) and not getting the
      // inputs for it is not a loss and not reported.
      uint32_t m = net_.slot_material[out].value;
      double normal = net_.process_expected_output[p];
      double lost = std::max(0.0, std::min(want, normal) - made);
      if (normal <= 0.0 || lost > kEps * want) {
        Flag(binding, ShortageKind::kProduction, want - made, want, m, lost,
             lost * net_.material_gwh_per_unit[m], flagged);
      }
    }
  }
}

void Day::Order(int32_t t) {
  // Smooth what processes wanted of each input (about a week's memory) for the order targets.
  constexpr double kSmoothing = 0.15;
  for (uint32_t in : s_.input_slots) {
    s_.wanted_average[in] += kSmoothing * (s_.wanted_input[in] - s_.wanted_average[in]);
    s_.order_rate[in] = OrderRate(in);
    s_.wanted_input[in] = 0.0;
  }
  // A supplier that makes a material but has no stock of it and no capacity today (a closed
  // plant) cannot deliver: open orders on its lanes are cancelled and placed elsewhere, as
  // for a blocked lane, until it can make or ship again.
  if (dead_watch_stale_) {
    dead_watch_.clear();
    for (uint32_t slot : s_.supplier_slots) {
      if ((s_.makes[slot] && s_.make_cap[slot] <= 0.0) || s_.dead[slot]) dead_watch_.push_back(slot);
    }
    dead_watch_stale_ = false;
  }
  for (uint32_t slot : dead_watch_) {
    bool dead = s_.makes[slot] && s_.make_cap[slot] <= 0.0 && s_.stock[slot] <= kEps;
    if (dead == static_cast<bool>(s_.dead[slot])) continue;
    if (dead) s_.dead_since[slot] = t;
    for (uint32_t i = net_.out_begin[slot]; i < net_.out_begin[slot + 1]; ++i) {
      uint32_t l = net_.out_lanes[i].value;
      if (dead) Cancel(l, s_.backlog[l]);
      if (s_.block_count[l] == 0) s_.unusable_in[net_.lane_to[l].value] += dead ? 1 : -1;
      s_.lane_down[l] = s_.block_count[l] > 0 || dead ? 1 : 0;
    }
    s_.dead[slot] = dead ? 1 : 0;
  }
  // A buyer with a primary lane whose cap in force today (its own capacity, a contract's
  // max_volume, a throughput cut: the lowest) is below its part of a day's need takes the
  // general path: the part the cap holds back stands aside as a blocked share does (CapAside),
  // from the first day of the run of days on which it binds (cap_since), and the buyer re-plans
  // when it no longer binds.
  for (LaneId lane : s_.cuts.capped_lanes) {
    const uint32_t l = lane.value, to = net_.lane_to[l].value;
    if (s_.primary_weight[l] <= 0.0) continue;
    const double cap = model::OrderCapacity(net_, s_.cuts, s_.parts, lane, sc_.start_date + t);
    const double part = s_.primary_weight[l] * s_.order_rate[to] * (1.0 - kEps);
    if (model::IsUnlimited(cap) || !(cap < part)) {
      s_.cap_since[l] = model::kNotSince;
      continue;
    }
    if (s_.cap_since[l] == model::kNotSince) s_.cap_since[l] = t;
    s_.flags[to] |= kReplan;
  }
  const uint32_t buyers = static_cast<uint32_t>(s_.buyer_slots.size());
  if (worker_) {
    // A buyer's fast path reads and writes only its own figures but for what its suppliers
    // owe, which later buyers on the general path read. The worker runs the fast path of the
    // second half of the buyers (without the owed) while this thread orders for the first
    // half; then this thread adds the second half's owed and orders for its other buyers, in
    // buyer order: every owed figure takes the same additions in the same order as on one
    // thread.
    auto second = [this, buyers] { OrderAhead(split_buyer_, buyers); };
    worker_->Split(second, [&] { OrderBuyers(t, 0, split_buyer_); });
    OrderBehind(t, split_buyer_, buyers);
  } else {
    OrderBuyers(t, 0, buyers);
  }
}

// Order for buyer_slots[i0 .. i1 - 1], in order.
void Day::OrderBuyers(int32_t t, uint32_t i0, uint32_t i1) {
  for (uint32_t i = i0; i < i1; ++i) {
    const uint32_t slot = s_.buyer_slots[i];
    if (OnFastPath(slot)) {
      FastOrder<true>(slot);
    } else {
      OrderGeneral(slot, t);
    }
  }
}

// Order's fast path (the usual day: every primary usable, no alternate in play) for one buyer
// slot: its lanes' open orders and its inbound, and with kOwed its suppliers' owed. Returns
// what it ordered (0: nothing).
template <bool kOwed>
double Day::FastOrder(uint32_t slot) {
  const double inflow = s_.order_rate[slot];  // OrderRate()
  const uint32_t b0 = net_.in_begin[slot], b1 = net_.in_begin[slot + 1];
  double on_order = s_.inbound[slot];
  double target = inflow * s_.cover_days[slot] + s_.demand_today[slot];
  double order = target - (s_.stock[slot] + on_order - s_.demand_backlog[slot]);
  if (order <= kEps * (target + 1.0)) return 0.0;
  // The same sums, in the same order, as OrderSlow and Place (primary_weight is Place's
  // weight, cover_days its target days plus pipeline days), so the fast path gives the
  // general path's figures exactly (tests/regress/fast_path_parity_test.cpp).
  // The buyer's inbound is summed in a register (the same additions in the same order).
  double inbound = on_order;
  for (uint32_t l = b0; l < b1; ++l) {  // in_lanes[i] == i (Create)
    double q = order * s_.primary_weight[l];
    if (q <= 0.0) continue;
    s_.backlog[l] += q;
    if constexpr (kOwed) s_.owed_out[s_.lane_supplier[l]] += q;
    inbound += q;
  }
  s_.inbound[slot] = inbound;
  if (opt_.lane_audit) {
    for (uint32_t l = b0; l < b1; ++l) {
      double q = order * s_.primary_weight[l];
      if (q > 0.0) opt_.lane_audit->ordered[l] += q;
    }
  }
  return order > 0.0 ? order : 0.0;  // nothing is placed from an order <= 0
}

// A buyer slot off the fast path: the sourcing path or the general path.
void Day::OrderGeneral(uint32_t slot, int32_t t) {
  const double inflow = s_.order_rate[slot];  // OrderRate()
  if (s_.unusable_in[slot] == 0 && !(s_.flags[slot] & kReplan) && opt_.fast.order) {
    OrderSourcing(slot, inflow, t);
  } else {
    OrderSlow(slot, inflow, t);
  }
}

// The worker's part of Order: the fast path of buyer_slots[i0 .. i1 - 1] without their
// suppliers' owed; what each ordered goes to worker_order_ (-1: not on the fast path).
void Day::OrderAhead(uint32_t i0, uint32_t i1) {
  for (uint32_t i = i0; i < i1; ++i) {
    const uint32_t slot = s_.buyer_slots[i];
    worker_order_[i - i0] = OnFastPath(slot) ? FastOrder<false>(slot) : -1.0;
  }
}

// After OrderAhead, in buyer order: a fast-path buyer's orders are added to its suppliers' owed
// (the same q as FastOrder's), the other buyers order.
void Day::OrderBehind(int32_t t, uint32_t i0, uint32_t i1) {
  for (uint32_t i = i0; i < i1; ++i) {
    const uint32_t slot = s_.buyer_slots[i];
    const double order = worker_order_[i - i0];
    if (order < 0.0) {
      OrderGeneral(slot, t);
      continue;
    }
    if (order == 0.0) continue;
    for (uint32_t l = net_.in_begin[slot]; l < net_.in_begin[slot + 1]; ++l) {
      double q = order * s_.primary_weight[l];
      if (q <= 0.0) continue;
      s_.owed_out[s_.lane_supplier[l]] += q;
    }
  }
}

// A buyer slot with a lane unusable, a re-plan due, a late supplier or under shortage.
void Day::OrderSlow(uint32_t slot, double inflow, int32_t t) {
  const uint32_t b0 = net_.in_begin[slot], b1 = net_.in_begin[slot + 1];
  double primary = 0.0, blocked = 0.0;
  int32_t blocked_since = model::kNotSince;
  double* aside = s_.cut_aside.data();
  for (uint32_t l = b0; l < b1; ++l) {  // in_lanes[i] == i (Create)
    aside[l - b0] = 0.0;
    if (net_.lane_alternate[l]) continue;
    if (!Usable(l)) {
      blocked += net_.lane_share[l];
      blocked_since = std::min(blocked_since, s_.block_count[l] > 0
                                                  ? s_.block_start[l]
                                                  : s_.dead_since[net_.lane_from[l].value]);
    } else {
      const double g = CapAside(l, inflow, t);
      aside[l - b0] = g;
      if (g > 0.0) {
        blocked += net_.lane_share[l] * g;
        blocked_since = std::min(blocked_since, CapSince(l, t));
      }
      primary += net_.lane_share[l] * (1.0 - g);
    }
  }
  // Re-sourcing: what a late supplier (one that has left orders unfilled for the re-order
  // window) still owes this buyer is cancelled, to be ordered again below; the buyer is then
  // under shortage until every supplier it orders from by share can deliver its share.
  CancelLate(slot, t);
  const bool shortage = s_.shortage_since[slot] >= 0;
  // Alternates qualify from the first block still in force among the primaries, or from the
  // start of the shortage (a late supplier counts as unusable for this).
  const int32_t since = std::min(blocked_since, shortage ? s_.shortage_since[slot] : model::kNotSince);
  double alternates = 0.0;
  for (uint32_t l = b0; l < b1; ++l) {
    if (!net_.lane_alternate[l]) continue;
    bool active = Usable(l) && model::AlternateQualified(t, since, net_.lane_qualification[l]);
    if (active) {
      if (blocked > 0.0) alternates += net_.lane_share[l];
    } else if (s_.backlog[l] > 0.0) {
      // Open orders on lanes no longer in use are cancelled: an alternate once the primaries
      // it stood in for are usable again (or before it qualifies), so the buyer's position
      // holds only what is coming from the lanes it now orders from.
      Cancel(l, s_.backlog[l]);
    }
  }
  // The buyer's lanes are all usable again: it takes its orders back. Open orders are
  // rebalanced to the lane shares; what substitutes hold beyond their share is cancelled
  // and ordered again below, split by share (the supplier that was blocked gets its part).
  if (blocked <= 0.0 && (s_.flags[slot] & kReplan) && primary > 0.0) {
    double open = 0.0;
    for (uint32_t l = b0; l < b1; ++l) {
      if (!net_.lane_alternate[l]) open += s_.backlog[l];
    }
    for (uint32_t l = b0; l < b1; ++l) {
      if (net_.lane_alternate[l]) continue;
      double excess = s_.backlog[l] - open * net_.lane_share[l] / primary;
      if (excess > 0.0) Cancel(l, excess);
    }
  }
  SetFlag(slot, kReplan, blocked > 0.0);
  // Weights by share: unblocked primaries keep their share; a blocked share moves to qualified
  // alternates, or, until one qualifies, to the other primaries already qualified.
  double total = primary + blocked;
  double to_primary = 0.0, to_alternate = 0.0;
  if (total > 0.0 && blocked > 0.0 && alternates > 0.0) {
    to_primary = 1.0 / total;
    to_alternate = blocked / total / alternates;
  } else if (primary > 0.0) {
    to_primary = 1.0 / primary;
  }
  double* w = s_.weight.data();
  double sum = 0.0;
  for (uint32_t l = b0; l < b1; ++l) {
    double x = 0.0;
    if (!Usable(l)) {
    } else if (!net_.lane_alternate[l]) {
      x = net_.lane_share[l] * (1.0 - aside[l - b0]) * to_primary;
      // What the capped lane owes beyond what it can carry in the re-order window is
      // cancelled, to be ordered again by these weights (all of it under a cap of 0).
      if (aside[l - b0] > 0.0) {
        const double excess =
            s_.backlog[l] -
            model::OrderCapacity(net_, s_.cuts, s_.parts, LaneId{l}, sc_.start_date + t) *
                reorder_after_;
        if (excess > kEps) Cancel(l, excess);
      }
    } else if (blocked > 0.0 && model::AlternateQualified(t, since, net_.lane_qualification[l])) {
      x = net_.lane_share[l] * to_alternate;
    }
    w[l - b0] = x;
    sum += x;
  }
  const bool stand = SplitAroundCaps(slot, inflow, t, w);
  const double share_sum = sum;
  const bool resourced = shortage && ShortageWeights(slot, inflow, since, t, sum);
  // One more day on this path after a shortage ends, to cancel what alternates still hold.
  SetFlag(slot, kSourcing, ((s_.flags[slot] & kLateIn) && b1 - b0 > 1) || shortage);
  Place(slot, inflow, sum, resourced ? share_sum : -1.0, s_.shortage_since[slot] >= 0, stand);
}

// The part of primary lane l's share that its cap in force today holds back from a day's
// need: 1 - cap / (its part, primary weight x order rate), with cap the lowest of the lane's own
// capacity, a contract's max_volume on it, the throughput cuts and its part of each shared limit
// (model::OrderCapacity); 0 when the cap lets its part through or none is in force
// (docs/SIMULATION.md, "A capped lane's share stands aside"). That part is a blocked share: it goes to the other primaries, or to qualified
// alternates. Order has marked the lanes whose cap binds today (cap_since).
double Day::CapAside(uint32_t l, double inflow, int32_t t) const {
  if (s_.cap_since[l] == model::kNotSince) return 0.0;
  const double part = s_.primary_weight[l] * inflow;
  const double cap = model::OrderCapacity(net_, s_.cuts, s_.parts, LaneId{l}, sc_.start_date + t);
  if (model::IsUnlimited(cap) || !(part > 0.0) || !(cap < part * (1.0 - kEps))) return 0.0;
  return 1.0 - cap / part;
}

// The day alternates count their qualification from for capped primary lane l: the first day
// of the run of days on which its cap binds, or the first day of the throughput cut in force on
// it when that is earlier (cuts in force on consecutive days are one cut).
int32_t Day::CapSince(uint32_t l, int32_t t) const {
  int32_t since = s_.cap_since[l];
  if (!s_.cuts.begin.empty()) {
    const int32_t cut = model::ThroughputCutSince(s_.cuts, LaneId{l}, sc_.start_date + t);
    if (cut != model::kNotCut) since = std::min(since, cut - sc_.start_date);
  }
  return since;
}

// Orders a buyer slot's need, split by the weights in s_.weight (summing to `sum`; 0: every
// lane blocked and no alternate qualified yet, nothing can be ordered). Under shortage
// (share_sum >= 0: the share weights, summing to share_sum, are in s_.share_split), what each
// lane gets beyond its share of the order is counted as re-sourced, by supplier country.
// `limited`: under shortage, s_.lane_limit bounds each lane's order; `stand`: the split around
// caps left capped lanes at weights they cannot carry, and s_.stand_limit bounds theirs.
void Day::Place(uint32_t slot, double inflow, double sum, double share_sum, bool limited,
                bool stand) {
  if (sum <= 0.0) return;
  const uint32_t b0 = net_.in_begin[slot], b1 = net_.in_begin[slot + 1];
  const double* w = s_.weight.data();
  double& on_order = s_.inbound[slot];
  double pipeline_days = 0.0;
  for (uint32_t l = b0; l < b1; ++l) pipeline_days += w[l - b0] * net_.lane_transit[l];
  // The position to hold: target days of supply plus what is on the water at the current
  // lane mix, plus today's end-use demand (it is served after ordering, step 6), so that the
  // stock left at the end of the day is the target days of supply.
  double target = inflow * (net_.slot_target_days[slot] + pipeline_days) + s_.demand_today[slot];
  double order = target - (s_.stock[slot] + on_order - s_.demand_backlog[slot]);
  if (s_.by_policy[slot]) {
    InventoryPolicies::View v{s_.stock.data(),        s_.inbound.data(),  s_.wip.data(),
                              s_.demand_backlog.data(), s_.demand_today.data(),
                              s_.owed_out.data(),     s_.supplier_of.data()};
    order = s_.policies.Order(slot, target, order, v);
    if (order <= 0.0) return;
  } else if (order <= kEps * (target + 1.0)) {
    return;
  }
  for (uint32_t l = b0; l < b1; ++l) {
    if (w[l - b0] <= 0.0) continue;
    double q = order * w[l - b0];
    // Under shortage a capped lane is asked no more than it can carry within the re-order
    // window (ShortageWeights leaves that in s_.lane_limit; infinite for other lanes): the rest
    // would stay owed there and fill the buyer's position. It is ordered again the next day.
    if (limited) q = std::min(q, s_.lane_limit[l - b0]);
    // So is a capped lane whose buyer has nowhere else to order (SplitAroundCaps).
    if (stand) q = std::min(q, s_.stand_limit[l - b0]);
    s_.backlog[l] += q;
    s_.owed_out[s_.lane_supplier[l]] += q;
    on_order += q;
    if (opt_.lane_audit) opt_.lane_audit->ordered[l] += q;
  }
  const double gwh = net_.material_gwh_per_unit[net_.slot_material[slot].value];
  if (share_sum < 0.0 || gwh <= 0.0) return;
  for (uint32_t l = b0; l < b1; ++l) {
    double share = share_sum > 0.0 ? s_.share_split[l - b0] / share_sum : 0.0;
    double moved = std::min(order * w[l - b0], s_.lane_limit[l - b0]) - order * share;
    if (moved > 0.0) {
      resourced_gwh_[s_.lane_country[l]] += moved * gwh;
    }
  }
}

// Re-sourcing: what a late supplier (one that has left orders unfilled for the re-order
// window) still owes this buyer is cancelled, to be ordered again; the buyer is then under
// shortage until every supplier it orders from by share can deliver its share. A buyer with
// one lane for the material has nowhere else to order: it keeps its orders.
bool Day::CancelLate(uint32_t slot, int32_t t) {
  const uint32_t b0 = net_.in_begin[slot], b1 = net_.in_begin[slot + 1];
  if (!(s_.flags[slot] & kLateIn) || b1 - b0 < 2) return false;
  bool cancelled = false;
  for (uint32_t l = b0; l < b1; ++l) {
    if (!s_.late[s_.lane_supplier[l]] || s_.backlog[l] <= kEps) continue;
    Cancel(l, s_.backlog[l]);
    cancelled = true;
  }
  if (cancelled && s_.shortage_since[slot] < 0) s_.shortage_since[slot] = t;
  return cancelled;
}

// The share split around capped lanes: a usable lane capped today below its part of
// a day's need (weight × inflow) is weighted at cap / inflow, and the weight it gives up goes to
// the lanes that are not so capped, in proportion to their weights; a lane that this pushes
// above its own cap is capped in turn, round by round, until none is. What a capped lane owes
// beyond what it can carry within the re-order window (cap × reorder_after) is cancelled, to be
// ordered again by these weights. When no lane is left to take the weight a round frees, that
// round's weights stand (the buyer has nowhere else to order); while a primary cannot take
// orders (blocked, its supplier closed), that round's capped lanes are asked no more than their
// own cap carries within the window, less what they owe (s_.stand_limit; returns true): the rest
// of the order is placed nowhere that day. Without this, what the lane held back stayed on order
// and filled the buyer's position (docs/SIMULATION.md, Re-sourcing).
bool Day::SplitAroundCaps(uint32_t slot, double inflow, int32_t t, double* w) {
  const uint32_t b0 = net_.in_begin[slot], b1 = net_.in_begin[slot + 1];
  if (s_.cuts.capped_lanes.empty() || b1 - b0 < 2 || !(inflow > 0.0)) return false;
  double* x = s_.cap_weight.data();
  double* cap = s_.lane_cap_in.data();  // asked once: a round only reweights the same lanes
  for (uint32_t l = b0; l < b1; ++l) {
    x[l - b0] = -1.0;  // not capped below its part
    if (w[l - b0] > 0.0 && Usable(l)) {
      cap[l - b0] = model::OrderCapacity(net_, s_.cuts, s_.parts, LaneId{l}, sc_.start_date + t);
    }
  }
  bool capped = false, stand = false;
  for (;;) {
    double freed = 0.0, free = 0.0;
    for (uint32_t l = b0; l < b1; ++l) {
      if (x[l - b0] >= 0.0 || w[l - b0] <= 0.0 || !Usable(l)) continue;
      const double c = cap[l - b0];
      if (!model::IsUnlimited(c) && c < w[l - b0] * inflow * (1.0 - kEps)) {
        x[l - b0] = c / inflow;
        freed += w[l - b0] - x[l - b0];
      } else {
        free += w[l - b0];
      }
    }
    if (freed <= 0.0) break;
    capped = true;
    if (free <= 0.0) {
      stand = true;  // this round's lanes keep their weights (above x)
      break;
    }
    for (uint32_t l = b0; l < b1; ++l) {
      if (x[l - b0] >= 0.0) {
        w[l - b0] = x[l - b0];
      } else if (w[l - b0] > 0.0) {
        w[l - b0] += freed * w[l - b0] / free;
      }
    }
  }
  if (!capped) return false;
  // The bound is for lanes standing in for a primary that cannot take orders (blocked, or its
  // supplier closed): the orders they held would fill the position when it comes back.
  bool standing_in = false;
  for (uint32_t l = b0; l < b1 && stand; ++l) {
    standing_in = standing_in || (!net_.lane_alternate[l] && !Usable(l));
  }
  stand = stand && standing_in;
  for (uint32_t l = b0; l < b1; ++l) {
    s_.stand_limit[l - b0] = std::numeric_limits<double>::infinity();
    if (x[l - b0] < 0.0) continue;
    const double excess = s_.backlog[l] - x[l - b0] * inflow * reorder_after_;
    if (excess > kEps) Cancel(l, excess);
    if (stand && w[l - b0] > x[l - b0]) {
      // What Fill holds the lane to alone (its part of a shared limit is not: Fill lets it
      // ship more when the limit's other lanes ask less).
      const double cap = model::LaneCapacity(net_, s_.cuts, LaneId{l}, sc_.start_date + t);
      if (!model::IsUnlimited(cap)) {
        s_.stand_limit[l - b0] = CappedRoom(cap, reorder_after_, s_.backlog[l]);
      }
    }
  }
  return stand;
}

// Order's sourcing path: a buyer slot with every lane usable and no re-plan due, but with a
// late supplier or under shortage. OrderSlow's rule without the blocked-lane bookkeeping (no
// primary is blocked, so alternates take no share by share), one pass over the lanes; the
// same figures to the last bit (reference_test runs both: RunOptions::fast.order).
void Day::OrderSourcing(uint32_t slot, double inflow, int32_t t) {
  const uint32_t b0 = net_.in_begin[slot], b1 = net_.in_begin[slot + 1];
  CancelLate(slot, t);
  const bool shortage = s_.shortage_since[slot] >= 0;
  const int32_t since = shortage ? s_.shortage_since[slot] : model::kNotSince;
  double* w = s_.weight.data();
  for (uint32_t l = b0; l < b1; ++l) {
    w[l - b0] = s_.share_weight[l];
    // Orders on an alternate that has not qualified (or no longer stands in) are cancelled.
    if (net_.lane_alternate[l] && s_.backlog[l] > 0.0 &&
        !model::AlternateQualified(t, since, net_.lane_qualification[l])) {
      Cancel(l, s_.backlog[l]);
    }
  }
  const bool stand = SplitAroundCaps(slot, inflow, t, w);
  double sum = s_.share_sum[slot];
  const bool resourced = shortage && ShortageWeights(slot, inflow, since, t, sum);
  SetFlag(slot, kSourcing, ((s_.flags[slot] & kLateIn) && b1 - b0 > 1) || shortage);
  Place(slot, inflow, sum, resourced ? s_.share_sum[slot] : -1.0, s_.shortage_since[slot] >= 0,
        stand);
}

// What the supplier of slot `from` can still deliver within the re-order window: its stock,
// plus what its processes can make in a day, minus what it owes all its buyers; at least 0.
// A process makes with the inputs on hand; when `orderable` (the supplier has not been late
// since the buyer's shortage began) it may also use what it can obtain of each input
// (Obtainable): make-to-order, the input lands before the buyer would call the supplier late.
double Day::Deliverable(uint32_t from, uint32_t supplier, int32_t t, bool orderable) {
  const double make = orderable ? OrderMake(from, supplier, t) : HeldMake(from, supplier, t);
  const double owed = s_.owed_out[supplier];  // supplier_of[from]
  const double left = s_.stock[from] - owed + make;
  // Within rounding of what it holds and owes, nothing (Thresholds: 1e-9 × (stock + owed + 1)).
  return left > kEps * (s_.stock[from] + owed + 1.0) ? left : 0.0;
}

// What the processes making slot `out` can make today from the inputs on hand (or, with
// `obtainable`, on hand plus Obtainable). Figures fixed through step 4: once per slot and day.
template <bool kObtainable>
double Day::MakeFrom(uint32_t out, int32_t t) {
  double made = 0.0;
  uint32_t site = net_.slot_site[out].value;
  for (uint32_t p = net_.site_process_begin[site]; p < net_.site_process_begin[site + 1]; ++p) {
    if (net_.process_output[p].value != out) continue;
    double make = s_.cap_today[p];
    for (uint32_t i = net_.process_input_begin[p]; i < net_.process_input_begin[p + 1]; ++i) {
      const uint32_t in = net_.input_slot[i].value;
      double have = s_.stock[in];
      // What can be obtained matters only when the stock on hand limits the process.
      if constexpr (kObtainable) {
        if (have < make * net_.input_per_unit[i]) have += Obtainable(in, t);
      }
      make = std::min(make, have / net_.input_per_unit[i]);
    }
    made += std::max(0.0, make);
  }
  return made;
}

double Day::HeldMake(uint32_t slot, uint32_t supplier, int32_t t) {
  SupplierMemo& m = s_.memo[supplier];
  if (m.held_day != t) {
    m.held = MakeFrom<false>(slot, t);
    m.held_day = t;
  }
  return m.held;
}

double Day::OrderMake(uint32_t slot, uint32_t supplier, int32_t t) {
  SupplierMemo& m = s_.memo[supplier];
  if (m.order_day != t) {
    // MakeFrom<true> may fill `held` memos (Obtainable, HeldMake): computed before `m` is set.
    const double order = MakeFrom<true>(slot, t);
    m.order = order;
    m.order_day = t;
  }
  return m.order;
}

// What a site can obtain of input slot `in` within the re-order window: over each usable lane
// bringing it in fewer than reorder_after days, what the supplier holds plus what it can make
// today from the inputs it holds (not what it owes others: an upper bound).
double Day::Obtainable(uint32_t in, int32_t t) {
  double total = 0.0;
  for (uint32_t l = net_.in_begin[in]; l < net_.in_begin[in + 1]; ++l) {  // in_lanes[i] == i
    if (!Usable(l) || net_.lane_transit[l] >= reorder_after_) continue;
    const uint32_t u = net_.lane_from[l].value;
    total += s_.stock[u] + HeldMake(u, s_.lane_supplier[l], t);
  }
  return total;
}

// Under shortage the need is split by what each usable supplier (qualified alternates too)
// can deliver, not by share; an unlimited one takes it all (by share among such). The
// shortage ends on the first day every lane with a share weight can deliver its share of a
// day's need (weight x order rate): then the share weights in `w` stand.
bool Day::ShortageWeights(uint32_t slot, double inflow, int32_t since, int32_t t, double& sum) {
  const uint32_t b0 = net_.in_begin[slot], b1 = net_.in_begin[slot + 1];
  double* w = s_.weight.data();
  double* d = s_.deliver.data();
  bool covered = true;
  double total = 0.0, unlimited = 0.0;
  for (uint32_t l = b0; l < b1; ++l) {
    bool candidate = Usable(l) && (!net_.lane_alternate[l] ||
                                   model::AlternateQualified(t, since, net_.lane_qualification[l]));
    const uint32_t k = s_.lane_supplier[l];
    const bool trusted = !s_.late[k] && s_.memo[k].late_until < s_.shortage_since[slot];
    d[l - b0] = candidate ? Deliverable(net_.lane_from[l].value, k, t, trusted) : 0.0;
    // A capped lane delivers at most its capacity over the re-order window, less what it
    // already owes: a supplier with stock behind a narrow lane must not draw the whole need
    // (the rest would stay owed there, fill the buyer's position and keep it from ordering
    // where it can be delivered; model/capacity.hpp).
    // The same bound caps what the lane is asked (Place), whoever else can deliver.
    s_.lane_limit[l - b0] = std::numeric_limits<double>::infinity();
    if (candidate && !s_.cuts.capped_lanes.empty()) {
      double cap = model::OrderCapacity(net_, s_.cuts, s_.parts, LaneId{l}, sc_.start_date + t);
      if (!model::IsUnlimited(cap)) {
        // Room within rounding of none is none (Thresholds, sim/thresholds.hpp).
        s_.lane_limit[l - b0] = CappedRoom(cap, reorder_after_, s_.backlog[l]);
        d[l - b0] = std::min(d[l - b0], s_.lane_limit[l - b0]);
      }
    }
    // Within 1e-9 of its part counts as its part (Thresholds, sim/thresholds.hpp).
    if (w[l - b0] > 0.0 && !CoversPart(d[l - b0], w[l - b0] * inflow)) covered = false;
    if (std::isinf(d[l - b0])) {
      unlimited += net_.lane_share[l];
    } else {
      total += d[l - b0];
    }
  }
  if (covered && !(s_.flags[slot] & kLateIn)) {
    s_.shortage_since[slot] = -1;
    return false;
  }
  if (unlimited <= 0.0 && total <= 0.0) return false;  // nobody can deliver: by share
  sum = 0.0;
  for (uint32_t l = b0; l < b1; ++l) {
    s_.share_split[l - b0] = w[l - b0];  // for the re-sourced figure (Place)
    if (unlimited > 0.0) {
      w[l - b0] = std::isinf(d[l - b0]) ? net_.lane_share[l] / unlimited : 0.0;
    } else {
      w[l - b0] = d[l - b0] / total;
    }
    sum += w[l - b0];
  }
  return true;
}

// Cancels `qty` of the open orders on lane l.
void Day::Cancel(uint32_t l, double qty) {
  s_.backlog[l] -= qty;
  s_.owed_out[s_.lane_supplier[l]] -= qty;
  s_.inbound[net_.lane_to[l].value] -= qty;
  if (opt_.lane_audit) opt_.lane_audit->cancelled[l] += qty;
}

// A supplier turns late (it has left orders unfilled for the re-order window) or catches up:
// its buyers' slots go to Order's general path, which cancels and re-sources.
void Day::SetLate(uint32_t supplier, bool late, int32_t t) {
  // Cleared at step 5 of day t: it was late at step 4 of that day.
  if (!late) s_.memo[supplier].late_until = t;
  s_.late[supplier] = late ? 1 : 0;
  uint32_t slot = s_.supplier_slots[supplier];
  for (uint32_t i = net_.out_begin[slot]; i < net_.out_begin[slot + 1]; ++i) {
    uint32_t to = net_.lane_to[net_.out_lanes[i].value].value;
    s_.late_in[to] += late ? 1 : -1;
    SetFlag(to, kLateIn, s_.late_in[to] > 0);
    // A buyer with one lane for the material has nowhere else to order (CancelLate).
    if (late && net_.in_begin[to + 1] - net_.in_begin[to] > 1) s_.flags[to] |= kSourcing;
  }
}

// A shipment leaves the lane's open orders (Depart's first half; the worker's lane pass).
inline void Day::LeaveLane(uint32_t l, double qty) {
  s_.backlog[l] -= qty;  // from open orders to cargo on its way: the buyer's inbound holds
  if (opt_.lane_audit) {
    opt_.lane_audit->shipped[l] += qty;
    if (s_.block_count[l] > 0) opt_.lane_audit->shipped_while_blocked[l] += qty;
  }
}

// A shipment goes into the calendar for its arrival day (Depart's second half: on the engine's
// thread only, as Delay keeps a memo and the calendar sums in the order cargo is added).
inline void Day::Ship(uint32_t l, double qty, int32_t t) {
  int32_t delay = s_.has_window[l] && t >= s_.window_lo[l] && t < s_.window_hi[l]
                      ? Delay(l, t)
                      : net_.lane_transit[l];
  if (delay == 0) {
    s_.same_day_lanes.push_back(l);
    s_.same_day_qty.push_back(qty);
    return;
  }
  size_t bucket = today_bucket_ + static_cast<size_t>(delay);  // delay < calendar size
  if (bucket >= calendar_size_) bucket -= calendar_size_;
  s_.calendar.Add(bucket, Cargo{l, net_.lane_to[l].value, qty});
}

// The lane's side of a shipment; the supplier's stock is debited by the caller. Inline: it
// runs once per lane and day.
inline void Day::Depart(uint32_t l, double qty, int32_t t) {
  LeaveLane(l, qty);
  Ship(l, qty, t);
}

// Fill's lane pass: kDirect, Depart; otherwise (the worker) the lane's side only, the shipment
// kept for the engine's thread to Ship.
template <bool kDirect>
inline void Day::DepartOrKeep(uint32_t l, double qty, int32_t t) {
  if constexpr (kDirect) {
    Depart(l, qty, t);
  } else {
    LeaveLane(l, qty);
    worker_lanes_.push_back(l);
    worker_qty_.push_back(qty);
  }
}

template <bool kTimeline>
void Day::Fill(int32_t t) {
  // Suppliers ship in one pass over the lanes in lane order (the order Arrive and Order walk
  // them in): those that can fill all they owe, and, once the allocation records are full,
  // short ones whose protocol split is pro rata (each lane gets its open orders x stock /
  // owed). The other short suppliers go to the allocation protocol one by one, which records
  // each decision. owed_out is kept up to date by Order, Ship and the cancellations.
  // The suppliers' side of kShipAll and kShipRatio (stock and owed debited by what the lane
  // pass will ship) is settled here, so the supplier arrays are walked once.
  const uint32_t lanes = net_.num_lanes();
  const bool recording = res_.allocations.size() < opt_.max_allocation_records;
  const bool capped = !s_.cuts.capped_lanes.empty();
  if (capped) HoldBeyondCapacity(t);
  bool any_ratio = false;
  s_.to_allocate.clear();
  const uint32_t suppliers = static_cast<uint32_t>(s_.supplier_slots.size());
  if (worker_) {
    // Each supplier's pass reads and writes only its own figures; the worker's lateness changes
    // are applied after the first half's (SetLate writes buyers' flags, which this pass does
    // not read), and its suppliers to allocate follow the first half's: as on one thread.
    bool worker_ratio = false;
    auto second = [this, t, suppliers, recording, &worker_ratio] {
      worker_ratio = FillSuppliers<kTimeline>(t, split_supplier_, suppliers, recording,
                                              worker_allocate_, &worker_late_);
    };
    worker_->Split(second, [&] {
      any_ratio =
          FillSuppliers<kTimeline>(t, 0, split_supplier_, recording, s_.to_allocate, nullptr);
    });
    any_ratio = any_ratio || worker_ratio;
    for (uint32_t x : worker_late_) SetLate(x >> 1, (x & 1) != 0, t);
    s_.to_allocate.insert(s_.to_allocate.end(), worker_allocate_.begin(), worker_allocate_.end());
    worker_late_.clear();
    worker_allocate_.clear();
  } else {
    any_ratio = FillSuppliers<kTimeline>(t, 0, suppliers, recording, s_.to_allocate, nullptr);
  }
  // Short suppliers the protocol decides for, one by one (each decision recorded): what each
  // lane gets is settled here and shipped in the lane pass below, so every shipment departs in
  // lane order whichever path decided it (the calendar sums arrivals in the order they were
  // added; shipping these afterwards, as once, moved results by rounding, and rounding near a
  // threshold moved graphite_ban's totals by 7.6e-6 between runs with and without records).
  // A pro-rata supplier is debited as kShipRatio debits it (stock to 0, owed less the stock), so
  // recording a decision never changes it.
  for (uint32_t supplier : s_.to_allocate) {
    uint32_t slot = s_.supplier_slots[supplier];
    double owed = s_.owed_out[supplier];
    double available = s_.stock[slot];
    uint32_t o0 = net_.out_begin[slot], o1 = net_.out_begin[slot + 1];
    uint32_t n = o1 - o0;
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t l = net_.out_lanes[o0 + k].value;
      s_.req[k] = std::max(0.0, s_.backlog[l]);
      s_.quo[k] = s_.quota[l];
      s_.tie[k] = s_.tier[l];
    }
    const bool pro_rata = s_.pro_rata_only[supplier] != 0;
    if (pro_rata) {
      // The same split as kShipRatio, so results do not depend on whether it was recorded.
      double ratio = available / owed;
      for (uint32_t k = 0; k < n; ++k) s_.giv[k] = s_.req[k] * ratio;
      s_.stock[slot] = 0.0;
      s_.owed_out[supplier] = std::max(0.0, owed - available);
      if constexpr (kTimeline) s_.f_shipped[slot] += available;
    } else {
      Allocate(std::span<const double>(s_.req.data(), n), std::span<const double>(s_.quo.data(), n),
               std::span<const uint16_t>(s_.tie.data(), n), available,
               std::span<double>(s_.giv.data(), n));
    }
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t l = net_.out_lanes[o0 + k].value;
      s_.give[l] = 0.0;
      if (s_.req[k] <= 0.0) continue;
      ++res_.allocation_decisions;
      if (res_.allocations.size() < opt_.max_allocation_records) {
        res_.allocations.push_back(AllocationRecord{t, net_.slot_site[slot], net_.slot_material[slot],
                                                    net_.slot_site[net_.lane_to[l].value], LaneId{l},
                                                    s_.req[k], s_.giv[k]});
      }
      if (s_.giv[k] <= 0.0) continue;
      s_.give[l] = s_.giv[k];
      if (!pro_rata) {
        s_.owed_out[supplier] -= s_.giv[k];
        s_.stock[slot] = std::max(0.0, s_.stock[slot] - s_.giv[k]);
        if constexpr (kTimeline) s_.f_shipped[slot] += s_.giv[k];
      }
    }
  }
  const bool general = any_ratio || !s_.to_allocate.empty();
  if (worker_) {
    // The worker takes the lanes from split_lane_ on and keeps its shipments in lane order;
    // they go into the calendar after the first half's, so every shipment is added in lane
    // order, as on one thread (arrivals sum in that order).
    int64_t worker_decisions = 0;
    auto second = [this, t, lanes, general, &worker_decisions] {
      worker_decisions = FillLanes<false>(t, split_lane_, lanes, general);
    };
    worker_->Split(second, [&] {
      res_.allocation_decisions += FillLanes<true>(t, 0, split_lane_, general);
    });
    res_.allocation_decisions += worker_decisions;
    for (size_t i = 0; i < worker_lanes_.size(); ++i) Ship(worker_lanes_[i], worker_qty_[i], t);
    worker_lanes_.clear();
    worker_qty_.clear();
  } else {
    res_.allocation_decisions += FillLanes<true>(t, 0, lanes, general);
  }
  if (capped) ReleaseHeld();
}


// Fill's supplier pass for suppliers k0 .. k1 - 1: what each ships of what it owes (fill_mode),
// the short ones for the protocol appended to `to_allocate`, and lateness. A supplier turning
// late or catching up calls SetLate, or, with `late_changes`, is appended to it (supplier x 2
// + late) for the caller to apply in order. Returns whether some supplier ships pro rata in
// the lane pass (kShipRatio).
template <bool kTimeline>
bool Day::FillSuppliers(int32_t t, uint32_t k0, uint32_t k1, bool recording,
                        std::vector<uint32_t>& to_allocate, std::vector<uint32_t>* late_changes) {
  bool any_ratio = false;
  auto set_late = [&](uint32_t k, bool late) {
    if (late_changes) {
      late_changes->push_back(k * 2 + (late ? 1 : 0));
    } else {
      SetLate(k, late, t);
    }
  };
  for (uint32_t k = k0; k < k1; ++k) {
    uint32_t slot = s_.supplier_slots[k];
    double owed = s_.owed_out[k];
    double stock = s_.stock[slot];
    uint8_t mode = kNothing;
    if (owed > kEps && stock >= owed * (1.0 - 1e-12)) {
      mode = kShipAll;
      s_.stock[slot] = std::max(0.0, stock - owed);
      s_.owed_out[k] = 0.0;
      if constexpr (kTimeline) s_.f_shipped[slot] += owed;
    } else if (owed > kEps && stock > 0.0) {
      mode = kAllocate;
      if (s_.pro_rata_only[k] && !recording && opt_.fast.ship_ratio) {
        mode = kShipRatio;
        s_.ship_ratio[k] = stock / owed;
        any_ratio = true;
        s_.stock[slot] = 0.0;
        s_.owed_out[k] = std::max(0.0, owed - stock);
        if constexpr (kTimeline) s_.f_shipped[slot] += stock;
      } else {
        to_allocate.push_back(k);
      }
    }
    s_.fill_mode[k] = mode;
    // Lateness: days in a row on which the supplier ends Fill owing more than 1e-9 of what it
    // owed (rounding is not lateness).
    if (owed > kEps && stock < owed * (1.0 - kEps)) {
      if (s_.short_since[k] < 0) s_.short_since[k] = t;
      if (!s_.late[k] && t - s_.short_since[k] + 1 >= reorder_after_) set_late(k, true);
    } else if (s_.short_since[k] >= 0) {
      s_.short_since[k] = -1;
      if (s_.late[k]) set_late(k, false);
    }
  }
  return any_ratio;
}

// Fill's lane pass for lanes l0 .. l1 - 1, in lane order: each ships what its supplier's
// fill_mode (and, when `general`, ship_ratio or the protocol's give) says. kDirect: shipments
// depart here (Depart); otherwise they leave the lanes and are kept in worker_lanes_ /
// worker_qty_ for the engine's thread to ship. Returns the allocation decisions counted.
template <bool kDirect>
int64_t Day::FillLanes(int32_t t, uint32_t l0, uint32_t l1, bool general) {
  int64_t decisions = 0;
  if (general) {
    for (uint32_t l = l0; l < l1; ++l) {
      double backlog = s_.backlog[l];
      if (backlog <= 0.0) continue;
      uint32_t supplier = s_.lane_supplier[l];
      uint8_t mode = s_.fill_mode[supplier];
      if (mode == kShipAll) {
        DepartOrKeep<kDirect>(l, backlog, t);
      } else if (mode == kShipRatio) {
        ++decisions;
        double q = backlog * s_.ship_ratio[supplier];
        if (q > 0.0) DepartOrKeep<kDirect>(l, q, t);
      } else if (mode == kAllocate && s_.give[l] > 0.0) {
        DepartOrKeep<kDirect>(l, s_.give[l], t);
      }
    }
  } else {
    for (uint32_t l = l0; l < l1; ++l) {
      double backlog = s_.backlog[l];
      if (backlog > 0.0 && s_.fill_mode[s_.lane_supplier[l]] == kShipAll) {
        DepartOrKeep<kDirect>(l, backlog, t);
      }
    }
  }
  return decisions;
}

template <bool kTimeline>
void Day::Serve(int32_t /*t*/) {
  double day_demand_gwh = 0.0, day_served_gwh = 0.0, day_lost_gwh = 0.0;
  for (uint32_t slot : s_.demand_slots) {
    double today = s_.demand_today[slot];
    double required = today + s_.demand_backlog[slot];
    double served = std::min(s_.stock[slot], required);
    s_.stock[slot] -= served;
    double missing = required - served;
    uint32_t m = net_.slot_material[slot].value;
    double gwh = net_.material_gwh_per_unit[m];
    uint32_t site = net_.slot_site[slot].value;
    day_demand_gwh += today * gwh;
    day_served_gwh += served * gwh;
    site_demand_gwh_[site] += today * gwh;
    if constexpr (kTimeline) {
      s_.f_consumed[slot] += served;
      s_.f_unmet[slot] += missing;
    }
    if (net_.site_backlog[net_.slot_site[slot].value]) {
      s_.demand_backlog[slot] = missing;
    } else if (missing > 0.0) {
      day_lost_gwh += missing * gwh;
      site_unserved_gwh_[site] += missing * gwh;
    }
    if (missing > kEps * required) {
      // Lost output counts what is lost (lost sales) or newly owed today (backlog).
      double lost = net_.site_backlog[site] ? std::max(0.0, missing - (required - today)) : missing;
      Flag(slot, ShortageKind::kDemand, missing, required, m, lost, lost * gwh, s_.flagged);
    }
  }
  demand_gwh_.Add(day_demand_gwh);
  served_gwh_.Add(day_served_gwh);
  lost_gwh_.Add(day_lost_gwh);
  for (size_t k = 0; k < s_.same_day_lanes.size(); ++k) {
    uint32_t l = s_.same_day_lanes[k];
    double q = s_.same_day_qty[k];
    uint32_t to = net_.lane_to[l].value;
    s_.inbound[to] -= q;
    s_.stock[to] += q;
    if constexpr (kTimeline) s_.f_received[to] += q;
    if (opt_.lane_audit) opt_.lane_audit->received[l] += q;
  }
  s_.same_day_lanes.clear();
  s_.same_day_qty.clear();
}

void Day::Record(int32_t t) {
  // Close the episodes of slots that are no longer short.
  for (size_t k = 0; k < s_.open_list.size();) {
    uint32_t slot = s_.open_list[k];
    if (!s_.short_flag[slot]) {
      s_.open_episode[slot] = -1;
      s_.open_list[k] = s_.open_list.back();
      s_.open_list.pop_back();
    } else {
      ++k;
    }
  }
  for (uint32_t slot : s_.flagged) {
    int32_t e = s_.open_episode[slot];
    if (e < 0) {
      e = static_cast<int32_t>(s_.episodes.size());
      Episode ep;
      ep.slot = slot;
      ep.kind = static_cast<ShortageKind>(s_.short_kind[slot]);
      ep.first = t;
      ep.lost_material = s_.short_lost_material[slot];
      s_.episodes.push_back(ep);
      s_.open_episode[slot] = e;
      s_.open_list.push_back(slot);
    }
    Episode& ep = s_.episodes[static_cast<size_t>(e)];
    ep.last = t;
    double req = s_.short_required[slot];
    if (req > 0.0) ep.depth = std::max(ep.depth, std::min(1.0, s_.short_missing[slot] / req));
    ep.lost_quantity += s_.short_lost[slot];
    ep.lost_gwh += s_.short_gwh[slot];
    s_.short_flag[slot] = 0;
    s_.short_missing[slot] = s_.short_required[slot] = s_.short_lost[slot] = s_.short_gwh[slot] = 0.0;
  }
  s_.flagged.clear();
}

template <bool kTimeline>
void Day::Step(int32_t t, TimelineSink* timeline) {
  if constexpr (kTimeline) {
    std::copy(s_.stock.begin(), s_.stock.end(), s_.f_opening.begin());
    for (auto* v : {&s_.f_received, &s_.f_produced, &s_.f_consumed, &s_.f_shipped, &s_.f_unmet}) {
      std::fill(v->begin(), v->end(), 0.0);
    }
  }
  Arrive<kTimeline>(t);
  ApplyEvents(t);
  ApplyContractTerms(t);
  for (size_t e = 0; e < sc_.events.size(); ++e) {  // stockpile releases, spread evenly
    const model::ResolvedEvent& ev = sc_.events[e];
    if (ev.kind != EventKind::kStockpileRelease || !s_.active[e]) continue;
    int32_t span = std::max(1, sched_[e].end_day - sched_[e].start_day);
    for (SlotId slot : ev.slots) {
      double q = ev.quantity / span;
      s_.stock[slot.value] += q;
      if constexpr (kTimeline) s_.f_received[slot.value] += q;
    }
  }
  UpdateQuotas(t);
  if (s_.lead_procs.empty()) {
    Produce<kTimeline, false>(t);
  } else {
    Produce<kTimeline, true>(t);
  }
  Order(t);
  if (!s_.plan_lanes.empty()) OrderPlanned();
  Fill<kTimeline>(t);
  Serve<kTimeline>(t);
  Record(t);
  if constexpr (kTimeline) {
    DayFigures f{t,
                 s_.f_opening.data(),
                 s_.f_received.data(),
                 s_.f_produced.data(),
                 s_.f_consumed.data(),
                 s_.f_shipped.data(),
                 s_.stock.data(),
                 s_.f_unmet.data(),
                 s_.lead_procs.empty() ? nullptr : s_.wip.data()};
    if (opt_.lane_audit) {
      for (uint32_t l = 0; l < net_.num_lanes(); ++l) {
        opt_.lane_audit->unusable_days[l] += Usable(l) ? 0.0 : 1.0;
      }
    }
    timeline->Day(net_, f);
  }
}

void Day::Finish(int32_t days) {
  res_.days = days;
  res_.start_date = sc_.start_date;
  res_.scenario_id = sc_.id;
  int32_t last_end = 0;
  for (size_t e = 0; e < sc_.events.size(); ++e) {
    last_end = std::max(last_end, std::min(days, sched_[e].end_day));
  }
  res_.last_event_end_day = last_end;
  res_.sites.assign(net_.num_sites(), SiteOutcome{});
  for (uint32_t s = 0; s < net_.num_sites(); ++s) {
    res_.sites[s].demand_gwh = site_demand_gwh_[s];
    res_.sites[s].unserved_demand_gwh = site_unserved_gwh_[s];
  }
  // Demand still owed at the end counts as unserved.
  double owed_gwh = 0.0;
  for (uint32_t slot : s_.demand_slots) {
    double gwh = s_.demand_backlog[slot] * net_.material_gwh_per_unit[net_.slot_material[slot].value];
    owed_gwh += gwh;
    res_.sites[net_.slot_site[slot].value].unserved_demand_gwh += gwh;
  }
  for (const Episode& ep : s_.episodes) {
    Shortage sh;
    sh.site = net_.slot_site[ep.slot];
    sh.material = net_.slot_material[ep.slot];
    sh.kind = ep.kind;
    sh.first_day = ep.first;
    sh.last_day = ep.last;
    sh.depth = ep.depth;
    sh.lost_material = MaterialId{ep.lost_material};
    sh.lost_quantity = ep.lost_quantity;
    sh.lost_gwh = ep.lost_gwh;
    sh.open_at_end = ep.last == days - 1;
    res_.shortages.push_back(sh);
    SiteOutcome& o = res_.sites[sh.site.value];
    if (o.first_shortage_day < 0 || sh.first_day < o.first_shortage_day) o.first_shortage_day = sh.first_day;
    o.last_shortage_day = std::max(o.last_shortage_day, sh.last_day);
    if (sh.kind == ShortageKind::kProduction) o.lost_production_gwh += sh.lost_gwh;
  }
  for (SiteOutcome& o : res_.sites) {
    if (o.first_shortage_day < 0) continue;
    o.days_to_recover =
        o.last_shortage_day == days - 1 ? -1 : std::max(0, o.last_shortage_day + 1 - last_end);
  }
  std::sort(res_.shortages.begin(), res_.shortages.end(), [](const Shortage& a, const Shortage& b) {
    if (a.first_day != b.first_day) return a.first_day < b.first_day;
    if (a.site != b.site) return a.site < b.site;
    if (a.material != b.material) return a.material < b.material;
    return a.last_day < b.last_day;
  });
  util::KahanSum lost_production;
  for (const SiteOutcome& o : res_.sites) lost_production.Add(o.lost_production_gwh);
  res_.totals.demand_gwh = demand_gwh_.Value();
  res_.totals.served_gwh = served_gwh_.Value();
  res_.totals.unserved_gwh = lost_gwh_.Value() + owed_gwh;
  res_.totals.lost_production_gwh = lost_production.Value();
  res_.totals.shortages = static_cast<int32_t>(res_.shortages.size());
  res_.totals.site_days = static_cast<int64_t>(days) * net_.num_sites();
  res_.resourced_gwh_by_country = resourced_gwh_;
  util::KahanSum resourced;
  for (double g : resourced_gwh_) resourced.Add(g);
  res_.totals.resourced_gwh = resourced.Value();
  if (opt_.lane_audit) {
    opt_.lane_audit->closing_owed = s_.backlog;
    auto& closing = opt_.lane_audit->closing_transit;
    closing.assign(net_.num_lanes(), 0.0);
    for (size_t bucket = 0; bucket < s_.calendar.size(); ++bucket) {
      s_.calendar.ForEach(bucket, [&](const Cargo& c) { closing[c.lane] += c.qty; });
    }
  }
}

}  // namespace

Results Engine::Run(const model::ResolvedScenario& scenario, const model::EventSchedule& schedule,
                    const RunOptions& options, TimelineSink* timeline) {
  CT_CHECK(scenario.network == state_->net, "scenario resolved on another network");
  CT_CHECK(schedule.size() == scenario.events.size(), "one draw per event");
  int32_t days = options.days > 0 ? options.days : scenario.horizon_days;
  Results results;
  Day day(*state_, scenario, schedule, options, results);
  day.Setup(days);
  if (timeline != nullptr) {
    for (int32_t t = 0; t < days; ++t) day.Step<true>(t, timeline);
  } else {
    for (int32_t t = 0; t < days; ++t) day.Step<false>(t, nullptr);
  }
  day.Finish(days);
  return results;
}

Results Simulate(const CompiledNetwork& network, const model::Scenario& scenario,
                 const RunOptions& options, TimelineSink* timeline) {
  model::ResolvedScenario resolved = model::Resolve(network, scenario);
  model::EventSchedule schedule = model::NominalSchedule(resolved);
  Engine engine = Engine::Create(network);
  return engine.Run(resolved, schedule, options, timeline);
}

}  // namespace chaintwin::sim
