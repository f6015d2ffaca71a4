// MakePlan(): the allocation LP (docs/OPTIMIZATION.md §1).
//
// Columns, per period p of P:  x[process,p] production (0..capacity of the period),
//   f[lane,p] shipped (0 when the lane is blocked, or an unqualified alternate, all of p),
//   I[slot,p] closing stock (>= 0), u[demand slot,p] served end-use demand (0..demand of p;
//   for a `backlog` site 0..demand up to p), B[backlog slot,p] demand owed at the end of p.
// Rows: one stock balance per (slot, p), an equality:
//   I[s,p-1] + sum f[in-lanes arriving in p] + sum x[makes s] - sum recipe x[uses s]
//     - sum f[out-lanes, p] - u[s,p] - I[s,p] = -(opening stock if p = 0) - fixed inflow[s,p]
// and, for a demand slot of a `backlog` site, one owed-demand balance per p:
//   B[s,p-1] - u[s,p] - B[s,p] = -demand[s,p]
// Demand owed at the end of the horizon is unserved, as in sim::Results: the objective counts
// what is served, whenever it is served.
// Solved twice: phase 1 maximizes sum weight x u (its duals give the shadow prices); phase 2
// keeps that output (a row sum weight x u >= optimum, relative 1e-9), serves it as early as it
// can and moves nothing the output does not need: the simulator follows lane flows as quotas,
// and the phase-1 optimum is rarely unique (stock can wait, flows can detour).
#include "chaintwin/opt/plan.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <ClpEventHandler.hpp>
#include <fmt/format.h>

#include "chaintwin/util/check.hpp"
#include "opt/lp.hpp"
#include "opt/plan_inputs.hpp"

namespace chaintwin::opt {

std::string_view BindingKindName(BindingConstraint::Kind kind) {
  using K = BindingConstraint::Kind;
  switch (kind) {
    case K::kCapacity:
      return "capacity";
    case K::kExportBan:
      return "export_ban";
    case K::kLaneClosure:
      return "lane_closure";
    case K::kNotQualified:
      return "not_qualified";
    case K::kOpeningStock:
      return "opening_stock";
    case K::kCapacityPool:
      return "capacity_pool";
    case K::kLaneCapacity:
      return "lane_capacity";
    case K::kSharedLimit:
      return "shared_capacity";
  }
  return "capacity";
}

namespace {

using model::CompiledNetwork;

// Phase 2's cost per canonical unit made or shipped, and on a lane under a contract of tier t
// (1 = best): kMoveCost x t / (t + 1), i.e. half of it for tier 1, two thirds for tier 2, ...
// Adjacent tiers differ by more than CLP's 1e-7 dual tolerance up to tier 10.
constexpr double kMoveCost = 1e-5;
double ContractMoveCost(int tier) {
  double t = static_cast<double>(tier);
  return kMoveCost * t / (t + 1.0);
}

double SlotWeight(const CompiledNetwork& net, const model::PlanConfig& config, uint32_t slot) {
  uint32_t site = net.slot_site[slot].value;
  uint32_t m = net.slot_material[slot].value;
  double w = net.site_priority[site];
  if (auto it = config.site_weights.find(net.site_key[site]); it != config.site_weights.end()) {
    w = it->second;
  }
  if (auto it = config.material_weights.find(net.material_key[m]);
      it != config.material_weights.end()) {
    w *= it->second;
  }
  double gwh = net.material_gwh_per_unit[m];
  return w * (gwh > 0 ? gwh : 1.0);
}

// "3-12, 15" (1-based) from sorted 0-based periods.
std::string PeriodRanges(const std::vector<int32_t>& periods) {
  std::string out;
  for (size_t i = 0; i < periods.size();) {
    size_t j = i;
    while (j + 1 < periods.size() && periods[j + 1] == periods[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += periods[i] == periods[j] ? fmt::format("{}", periods[i] + 1)
                                    : fmt::format("{}-{}", periods[i] + 1, periods[j] + 1);
    i = j + 1;
  }
  return out;
}

std::string Num(double v) { return fmt::format("{:.3g}", v); }

struct Layout {
  size_t P = 0;
  int x0 = 0, f0 = 0, i0 = 0, u0 = 0;  // owed-demand columns follow the u columns
  int owed_row0 = 0;         // first owed-demand row
  int pool_row0 = 0;         // first capacity-pool row: [pool * P + period]
  int limit_row0 = 0;        // first shared-limit row (limit * P + p)
  std::vector<int> u_index;  // slot -> index among demand slots, -1 when none
  std::vector<int> b_index;  // slot -> index among backlog demand slots, -1 when none
  std::vector<uint32_t> demand_slots;
  int X(uint32_t proc, size_t p) const { return x0 + static_cast<int>(proc * P + p); }
  int F(uint32_t lane, size_t p) const { return f0 + static_cast<int>(lane * P + p); }
  int I(uint32_t slot, size_t p) const { return i0 + static_cast<int>(slot * P + p); }
  int U(uint32_t slot, size_t p) const {
    return u0 + static_cast<int>(static_cast<size_t>(u_index[slot]) * P + p);
  }
  int Row(uint32_t slot, size_t p) const { return static_cast<int>(slot * P + p); }
  int LimitRow(uint32_t limit, size_t p) const { return limit_row0 + static_cast<int>(limit * P + p); }
  int OwedRow(uint32_t slot, size_t p) const {
    return owed_row0 + static_cast<int>(static_cast<size_t>(b_index[slot]) * P + p);
  }
};

LpArrays BuildLp(const CompiledNetwork& net, const PlanInputs& in,
                 const std::vector<double>& weight, Layout& lay) {
  const size_t P = static_cast<size_t>(in.periods);
  lay.P = P;
  LpArrays lp;
  const uint32_t slots = net.num_slots();
  for (uint32_t s = 0; s < slots; ++s) {
    for (size_t p = 0; p < P; ++p) {
      double rhs = -in.fixed_inflow[s * P + p] - (p == 0 ? net.slot_initial_stock[s] : 0.0);
      lp.AddRow(rhs, rhs);
    }
  }
  // Backlog sites: the simulator serves owed demand on later days and counts it as served
  // (sim::Results: only what is still owed at the end is unserved). Planning them as lost
  // sales would value less than the simulator can achieve, so the LP would not bound it.
  lay.owed_row0 = lp.num_rows();
  lay.b_index.assign(slots, -1);
  int backlog_slots = 0;
  for (uint32_t s = 0; s < slots; ++s) {
    if (net.slot_demand_per_day[s] <= 0 || !net.site_backlog[net.slot_site[s].value]) continue;
    lay.b_index[s] = backlog_slots++;
    for (size_t p = 0; p < P; ++p) lp.AddRow(-in.demand[s * P + p], -in.demand[s * P + p]);
  }
  // Processes sharing a capacity pool make together at most its capacity in each period.
  lay.pool_row0 = lp.num_rows();
  for (uint32_t q = 0; q < net.num_pools(); ++q) {
    for (size_t p = 0; p < P; ++p) lp.AddRow(-kInf, in.pool_capacity[q * P + p]);
  }
  // Shared limits (model/capacity.hpp): sum of f over the limit's lanes <= its capacity.
  lay.limit_row0 = lp.num_rows();
  std::vector<std::vector<uint32_t>> lane_limits(net.num_lanes());
  for (uint32_t g = 0; g < net.num_limits(); ++g) {
    for (size_t p = 0; p < P; ++p) lp.AddRow(-kInf, in.limit_capacity[g * P + p]);
    for (uint32_t i = net.limit_lane_begin[g]; i < net.limit_lane_begin[g + 1]; ++i) {
      lane_limits[net.limit_lanes[i].value].push_back(g);
    }
  }
  lay.x0 = lp.num_cols();
  for (uint32_t proc = 0; proc < net.num_processes(); ++proc) {
    uint32_t out = net.process_output[proc].value;
    const int32_t pool = net.process_pool[proc];
    for (size_t p = 0; p < P; ++p) {
      lp.AddColumn(0.0, in.capacity[proc * P + p], 0.0);
      lp.Entry(lay.Row(out, p), 1.0);
      for (uint32_t i = net.process_input_begin[proc]; i < net.process_input_begin[proc + 1]; ++i) {
        lp.Entry(lay.Row(net.input_slot[i].value, p), -net.input_per_unit[i]);
      }
      if (pool >= 0) lp.Entry(lay.pool_row0 + static_cast<int>(static_cast<size_t>(pool) * P + p), 1.0);
    }
  }
  lay.f0 = lp.num_cols();
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    for (size_t p = 0; p < P; ++p) {
      bool open = in.lane_state[l * P + p] == LaneState::kOpen;
      lp.AddColumn(0.0, open ? in.lane_capacity[l * P + p] : 0.0, 0.0);
      lp.Entry(lay.Row(net.lane_from[l].value, p), -1.0);
      int32_t arrive = in.arrival_period[l * P + p];
      if (arrive < in.periods) lp.Entry(lay.Row(net.lane_to[l].value, static_cast<size_t>(arrive)), 1.0);
      for (uint32_t g : lane_limits[l]) lp.Entry(lay.LimitRow(g, p), 1.0);
    }
  }
  lay.i0 = lp.num_cols();
  for (uint32_t s = 0; s < slots; ++s) {
    for (size_t p = 0; p < P; ++p) {
      lp.AddColumn(0.0, kInf, 0.0);
      lp.Entry(lay.Row(s, p), -1.0);
      if (p + 1 < P) lp.Entry(lay.Row(s, p + 1), 1.0);
    }
  }
  lay.u0 = lp.num_cols();
  lay.u_index.assign(slots, -1);
  for (uint32_t s = 0; s < slots; ++s) {
    if (net.slot_demand_per_day[s] <= 0) continue;
    lay.u_index[s] = static_cast<int>(lay.demand_slots.size());
    lay.demand_slots.push_back(s);
    const bool owed = lay.b_index[s] >= 0;
    double due = 0.0;  // what may be served by the end of p: this period's demand, or all so far
    for (size_t p = 0; p < P; ++p) {
      due = (owed ? due : 0.0) + in.demand[s * P + p];
      lp.AddColumn(0.0, due, -weight[s]);
      lp.Entry(lay.Row(s, p), -1.0);
      if (owed) lp.Entry(lay.OwedRow(s, p), -1.0);
    }
  }
  for (uint32_t s = 0; s < slots; ++s) {
    if (lay.b_index[s] < 0) continue;
    for (size_t p = 0; p < P; ++p) {
      lp.AddColumn(0.0, kInf, 0.0);
      lp.Entry(lay.OwedRow(s, p), -1.0);
      if (p + 1 < P) lp.Entry(lay.OwedRow(s, p + 1), 1.0);
    }
  }
  return lp;
}

// Shadow prices from the phase-1 solution, grouped per process, lane and opening stock.
std::vector<BindingConstraint> Binding(const CompiledNetwork& net, const PlanInputs& in,
                                       const Layout& lay, const ClpSimplex& model, double tol) {
  using K = BindingConstraint::Kind;
  const size_t P = lay.P;
  const double* dj = model.getReducedCost();
  const double* dual = model.getRowPrice();
  std::vector<BindingConstraint> out;
  auto unit = [&](uint32_t m) { return std::string(model::CanonicalUnit(net.material_dimension[m])); };
  auto finish = [&](BindingConstraint b, const std::vector<int32_t>& periods) {
    b.first_period = periods.front();
    b.last_period = periods.back();
    b.binding_periods = static_cast<int32_t>(periods.size());
    return b;
  };
  // The periods where a capacity's shadow price (weighted output per unit, shadow(p)) is
  // nonzero, and its value per unit per day summed over them.
  auto binds = [&](auto shadow, std::vector<int32_t>& periods) {
    double value = 0.0;
    for (size_t p = 0; p < P; ++p) {
      double v = shadow(p);
      if (v > tol) {
        periods.push_back(static_cast<int32_t>(p));
        value += v * in.period_length[p];
      }
    }
    return value;
  };
  for (uint32_t proc = 0; proc < net.num_processes(); ++proc) {
    std::vector<int32_t> periods;
    double value = binds(
        [&](size_t p) {
          return std::isinf(in.capacity[proc * P + p]) ? 0.0 : -dj[lay.X(proc, p)];
        },
        periods);
    if (periods.empty()) continue;
    BindingConstraint b;
    b.kind = K::kCapacity;
    b.site = net.process_site[proc];
    b.material = net.slot_material[net.process_output[proc].value];
    b.index = proc;
    b.value_per_unit_per_day = value;
    std::string name = net.process_key[proc] == net.material_key[b.material.value]
                           ? net.site_key[b.site.value]
                           : fmt::format("{} at {}", net.process_key[proc], net.site_key[b.site.value]);
    b.sentence = fmt::format(
        "capacity of {} ({}) binds in period{} {} (days {}-{}): +1 {}/d would add {} of weighted "
        "output",
        name, net.material_key[b.material.value], periods.size() > 1 ? "s" : "",
        PeriodRanges(periods), in.period_start[static_cast<size_t>(periods.front())],
        in.period_start[static_cast<size_t>(periods.back())] +
            in.period_length[static_cast<size_t>(periods.back())] - 1,
        unit(b.material.value), Num(value));
    out.push_back(finish(std::move(b), periods));
  }
  // A pool row sum x <= capacity: one more unit of capacity changes the minimized objective
  // (minus weighted output) by the row's dual.
  for (uint32_t q = 0; q < net.num_pools(); ++q) {
    std::vector<int32_t> periods;
    double value = binds(
        [&](size_t p) { return -dual[lay.pool_row0 + static_cast<int>(q * P + p)]; }, periods);
    if (periods.empty()) continue;
    BindingConstraint b;
    b.kind = K::kCapacityPool;
    b.site = net.pool_site[q];
    b.material = net.slot_material[net.process_output[net.pool_processes[net.pool_process_begin[q]].value].value];
    b.index = q;
    b.value_per_unit_per_day = value;
    b.sentence = fmt::format(
        "capacity pool {} at {} binds in period{} {} (days {}-{}): +1 {}/d would add {} of "
        "weighted output",
        net.pool_key[q], net.site_key[b.site.value], periods.size() > 1 ? "s" : "",
        PeriodRanges(periods), in.period_start[static_cast<size_t>(periods.front())],
        in.period_start[static_cast<size_t>(periods.back())] +
            in.period_length[static_cast<size_t>(periods.back())] - 1,
        unit(b.material.value), Num(value));
    out.push_back(finish(std::move(b), periods));
  }
  // The periods where `applies(p)` and the shadow price `price(p)` is positive, and the sum of
  // price x days over them.
  auto binding_periods = [&](auto&& applies, auto&& price, std::vector<int32_t>& periods) {
    double value = 0.0;
    for (size_t p = 0; p < P; ++p) {
      if (!applies(p)) continue;
      double v = price(p);
      if (v > tol) {
        periods.push_back(static_cast<int32_t>(p));
        value += v * in.period_length[p];
      }
    }
    return value;
  };
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    auto lane_price = [&](size_t p) { return -dj[lay.F(l, p)]; };
    for (LaneState kind : {LaneState::kExportBan, LaneState::kLaneClosure, LaneState::kNotQualified}) {
      std::vector<int32_t> periods;
      double value = binding_periods([&](size_t p) { return in.lane_state[l * P + p] == kind; },
                                     lane_price, periods);
      if (periods.empty()) continue;
      BindingConstraint b;
      b.kind = kind == LaneState::kExportBan     ? K::kExportBan
               : kind == LaneState::kLaneClosure ? K::kLaneClosure
                                                 : K::kNotQualified;
      b.site = net.slot_site[net.lane_from[l].value];
      b.material = net.slot_material[net.lane_from[l].value];
      b.index = l;
      b.value_per_unit_per_day = value;
      std::string what = kind == LaneState::kExportBan     ? "export ban on lane"
                         : kind == LaneState::kLaneClosure ? "closure of lane"
                                                           : "qualification of alternate lane";
      b.sentence = fmt::format(
          "{} {} ({} -> {}, {}) binds in period{} {}: +1 {}/d on it would add {} of weighted "
          "output",
          what, net.lane_key[l], net.site_key[b.site.value],
          net.site_key[net.slot_site[net.lane_to[l].value].value], net.material_key[b.material.value],
          periods.size() > 1 ? "s" : "", PeriodRanges(periods), unit(b.material.value), Num(value));
      out.push_back(finish(std::move(b), periods));
    }
  }
  for (LaneId lane : in.capped_lanes) {
    uint32_t l = lane.value;
    std::vector<int32_t> periods;
    double value = binding_periods(
        [&](size_t p) {
          return in.lane_state[l * P + p] == LaneState::kOpen && !std::isinf(in.lane_capacity[l * P + p]);
        },
        [&](size_t p) { return -dj[lay.F(l, p)]; }, periods);
    if (periods.empty()) continue;
    BindingConstraint b;
    b.kind = K::kLaneCapacity;
    b.site = net.slot_site[net.lane_from[l].value];
    b.material = net.slot_material[net.lane_from[l].value];
    b.index = l;
    b.value_per_unit_per_day = value;
    b.sentence = fmt::format(
        "capacity of lane {} ({} -> {}, {}) binds in period{} {}: +1 {}/d on it would add {} of "
        "weighted output",
        net.lane_key[l], net.site_key[b.site.value],
        net.site_key[net.slot_site[net.lane_to[l].value].value], net.material_key[b.material.value],
        periods.size() > 1 ? "s" : "", PeriodRanges(periods), unit(b.material.value), Num(value));
    out.push_back(finish(std::move(b), periods));
  }
  for (uint32_t g = 0; g < net.num_limits(); ++g) {
    std::vector<int32_t> periods;
    // d(min objective)/d(upper) = dual <= 0 on a binding <= row.
    double value = binding_periods([&](size_t p) { return !std::isinf(in.limit_capacity[g * P + p]); },
                                   [&](size_t p) { return -dual[lay.LimitRow(g, p)]; }, periods);
    if (periods.empty()) continue;
    LaneId first = net.limit_lanes[net.limit_lane_begin[g]];
    BindingConstraint b;
    b.kind = K::kSharedLimit;
    b.site = net.slot_site[net.lane_from[first.value].value];
    b.material = net.slot_material[net.lane_from[first.value].value];
    b.index = g;
    b.value_per_unit_per_day = value;
    b.sentence = fmt::format(
        "capacity of {} ({} lane{}) binds in period{} {}: +1 {}/d would add {} of weighted output",
        net.limit_key[g], net.limit_lane_begin[g + 1] - net.limit_lane_begin[g],
        net.limit_lane_begin[g + 1] - net.limit_lane_begin[g] > 1 ? "s" : "",
        periods.size() > 1 ? "s" : "", PeriodRanges(periods), unit(b.material.value), Num(value));
    out.push_back(finish(std::move(b), periods));
  }
  for (uint32_t s = 0; s < net.num_slots(); ++s) {
    // d(min objective)/d(rhs) = dual; one more unit of opening stock lowers the rhs by one.
    double v = dual[lay.Row(s, 0)];
    if (v <= tol) continue;
    BindingConstraint b;
    b.kind = K::kOpeningStock;
    b.site = net.slot_site[s];
    b.material = net.slot_material[s];
    b.index = s;
    b.value_per_unit_per_day = v;
    b.sentence = fmt::format("opening stock of {} at {} binds: +1 {} more would add {} of weighted output",
                             net.material_key[b.material.value], net.site_key[b.site.value],
                             unit(b.material.value), Num(v));
    out.push_back(finish(std::move(b), {0}));
  }
  std::stable_sort(out.begin(), out.end(), [](const BindingConstraint& a, const BindingConstraint& b) {
    bool sa = a.kind == K::kOpeningStock, sb = b.kind == K::kOpeningStock;
    if (sa != sb) return sb;  // flows and capacities (per day) before one-off stock
    return a.value_per_unit_per_day > b.value_per_unit_per_day;
  });
  return out;
}

// Reports progress after every iteration and stops the solver (status 5) once the deadline
// has passed. CLP clones the handler it is given; the clones share `state`.
class Watch : public ClpEventHandler {
 public:
  struct State {
    const PlanRunOptions* run = nullptr;
    std::chrono::steady_clock::time_point start;
    int phase = 1;
    int iterations_before = 0;  // of earlier phases
    bool stopped = false;
  };
  explicit Watch(State* state) : state_(state) {}
  Watch(const Watch& other) : ClpEventHandler(other), state_(other.state_) {}
  Watch& operator=(const Watch&) = delete;
  ClpEventHandler* clone() const override { return new Watch(*this); }
  int event(Event which) override {
    if (which != endOfIteration) return -1;
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - state_->start).count();
    if (state_->run->progress) {
      state_->run->progress(PlanProgress{state_->phase,
                                         state_->iterations_before + model_->numberIterations(),
                                         seconds});
    }
    if (state_->run->time_limit_seconds > 0 && seconds > state_->run->time_limit_seconds) {
      state_->stopped = true;
      return 0;  // stop: status 5
    }
    return -1;
  }

 private:
  State* state_;
};

// What the LP leaves out, stated with the network's own counts.
std::vector<std::string> Limits(const CompiledNetwork& net, const PlanInputs& in) {
  std::vector<std::string> out;
  uint32_t uncapped = net.num_lanes() - static_cast<uint32_t>(in.capped_lanes.size());
  uint32_t unlimited_sources = 0;
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    if (std::isinf(net.process_capacity[p])) ++unlimited_sources;
  }
  out.push_back(
      "perfect foresight: the plan knows every event of the scenario from day 0 and may build "
      "stock ahead of it; the simulator's buyers learn of events as they happen");
  out.push_back(fmt::format(
      "{} of {} lanes have no capacity (nor a capped contract, chokepoint or throughput cut): the plan may ship "
      "any amount on them",
      uncapped, net.num_lanes()));
  if (unlimited_sources > 0) {
    out.push_back(fmt::format(
        "{} process{} of external sources have no capacity given: the plan may take any amount "
        "from them",
        unlimited_sources, unlimited_sources > 1 ? "es" : ""));
  }
  out.push_back(fmt::format(
      "stock balances only at the end of each {}-day period: within a period goods made or "
      "received may be used and shipped at once",
      in.period_days));
  out.push_back(
      "stock targets, order policies and lane shares do not constrain the plan, and prices, "
      "costs and lead times to build plants are not modelled");
  out.push_back(
      "capacities of lanes, contracts and chokepoints are fixed: events do not change them");
  return out;
}

}  // namespace

PlanResult MakePlan(const CompiledNetwork& net, const model::ResolvedScenario& scenario,
                    const model::EventSchedule& schedule, const model::PlanConfig& config) {
  return MakePlan(net, scenario, schedule, config, PlanRunOptions{});
}

PlanResult MakePlan(const CompiledNetwork& net, const model::ResolvedScenario& scenario,
                    const model::EventSchedule& schedule, const model::PlanConfig& config,
                    const PlanRunOptions& run) {
  CT_CHECK(scenario.network == &net, "scenario resolved on another network");
  auto t0 = std::chrono::steady_clock::now();
  Watch::State watch{&run, t0};
  PlanResult r;
  PlanInputs in = ComputePlanInputs(net, scenario, schedule, config.period_days);
  const size_t P = static_cast<size_t>(in.periods);
  r.horizon_days = std::max(1, scenario.horizon_days);
  r.limits = Limits(net, in);

  std::vector<double> weight(net.num_slots(), 0.0);
  double max_weight = 0.0;
  for (uint32_t s = 0; s < net.num_slots(); ++s) {
    weight[s] = SlotWeight(net, config, s);
    if (net.slot_demand_per_day[s] > 0) max_weight = std::max(max_weight, weight[s]);
  }
  Layout lay;
  LpArrays lp = BuildLp(net, in, weight, lay);
  r.rows = lp.num_rows();
  r.columns = lp.num_cols();
  r.nonzeros = static_cast<int64_t>(lp.value.size());

  ClpSimplex model;
  Quiet(model);
  lp.LoadInto(model);
  const bool watched = run.time_limit_seconds > 0 || run.progress;
  if (watched) {
    Watch handler(&watch);
    model.passInEventHandler(&handler);
  }
  model.dual();
  r.status = watch.stopped ? LpStatus::kStopped : StatusOf(model);
  r.time_limit_hit = watch.stopped;
  r.iterations = model.numberIterations();
  watch.iterations_before = r.iterations;
  watch.phase = 2;
  if (r.status != LpStatus::kOptimal) {
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }
  const double tol = 1e-7 * std::max(1.0, max_weight);
  r.binding = Binding(net, in, lay, model, tol);

  // Phase 2: keep the output, minimize what moves.
  double best = 0.0;
  {
    const double* sol = model.getColSolution();
    std::vector<int> cols;
    std::vector<double> vals;
    for (uint32_t s : lay.demand_slots) {
      for (size_t p = 0; p < P; ++p) {
        cols.push_back(lay.U(s, p));
        vals.push_back(weight[s]);
        best += weight[s] * sol[lay.U(s, p)];
      }
    }
    if (!cols.empty() && best > 0.0) {
      std::vector<double> phase1(sol, sol + model.numberColumns());
      model.addRow(static_cast<int>(cols.size()), cols.data(), vals.data(),
                   best * (1.0 - 1e-9) - 1e-9, COIN_DBL_MAX);
      // Serve as early as possible (ties between periods are common when stock can wait, and
      // a backlog site values owed demand served late as much as on time), then move as
      // little as possible: (weight / largest weight) x p / P per unit served in period p,
      // and 1e-5 per canonical unit made or shipped (above CLP's 1e-7 dual tolerance, well
      // below what serving a period earlier is worth).
      for (int j = 0; j < model.numberColumns(); ++j) {
        model.setObjectiveCoefficient(j, j >= lay.x0 && j < lay.i0 ? kMoveCost : 0.0);
      }
      // Contracts break the remaining ties: a lane under a contract in force on a period's
      // first day costs less to ship on, the better its tier the less, so that among plans
      // with the same output the contracted buyers and suppliers are used first.
      for (uint32_t l = 0; l < net.num_lanes(); ++l) {
        if (net.lane_contract_begin[l] == net.lane_contract_begin[l + 1]) continue;
        for (size_t p = 0; p < P; ++p) {
          int tier = net.ContractTier(LaneId{l}, scenario.start_date + in.period_start[p]);
          if (tier > 0) model.setObjectiveCoefficient(lay.F(l, p), ContractMoveCost(tier));
        }
      }
      for (uint32_t s : lay.demand_slots) {
        for (size_t p = 0; p < P; ++p) {
          model.setObjectiveCoefficient(lay.U(s, p), weight[s] / max_weight *
                                                         static_cast<double>(p) /
                                                         static_cast<double>(P));
        }
      }
      model.primal();
      r.iterations += model.numberIterations();
      if (watch.stopped) {
        // Out of time in phase 2: phase 1's optimum is the plan (same output, ties unbroken).
        r.time_limit_hit = true;
        model.setColSolution(phase1.data());
      } else if (StatusOf(model) != LpStatus::kOptimal) {
        // Phase 2 is cosmetic: fall back to the phase-1 solution rather than fail the plan.
        for (int j = 0; j < model.numberColumns(); ++j) model.setObjectiveCoefficient(j, 0.0);
        model.deleteRows(1, std::vector<int>{model.numberRows() - 1}.data());
        for (uint32_t s : lay.demand_slots) {
          for (size_t p = 0; p < P; ++p) model.setObjectiveCoefficient(lay.U(s, p), -weight[s]);
        }
        model.dual();
        r.iterations += model.numberIterations();
      }
    }
  }
  const double* sol = model.getColSolution();
  auto clean = [](double v) { return v < 1e-9 ? 0.0 : v; };

  model::AllocationPlan& plan = r.plan;
  plan.period_days = in.period_days;
  plan.periods = in.periods;
  plan.lane_flow.assign(net.num_lanes() * P, 0.0);
  plan.process_output.assign(net.num_processes() * P, 0.0);
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    for (size_t p = 0; p < P; ++p) plan.lane_flow[l * P + p] = clean(sol[lay.F(l, p)]);
  }
  for (uint32_t proc = 0; proc < net.num_processes(); ++proc) {
    for (size_t p = 0; p < P; ++p) plan.process_output[proc * P + p] = clean(sol[lay.X(proc, p)]);
  }
  r.served_gwh_by_period.assign(P, 0.0);
  for (uint32_t s : lay.demand_slots) {
    ServedLine line;
    line.site = net.slot_site[s];
    line.material = net.slot_material[s];
    line.weight = weight[s];
    double gwh = net.material_gwh_per_unit[line.material.value];
    for (size_t p = 0; p < P; ++p) {
      double u = std::min(clean(sol[lay.U(s, p)]), lp.col_upper[static_cast<size_t>(lay.U(s, p))]);
      line.demand += in.demand[s * P + p];
      line.served += u;
      r.served_gwh_by_period[p] += u * gwh;
    }
    line.demand_gwh = line.demand * gwh;
    line.served_gwh = line.served * gwh;
    r.weighted_output += line.weight * line.served;
    r.weighted_demand += line.weight * line.demand;
    r.served_gwh += line.served_gwh;
    r.demand_gwh += line.demand_gwh;
    r.served.push_back(line);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace chaintwin::opt
