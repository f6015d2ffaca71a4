// The allocation plan (DESIGN.md §5, docs/OPTIMIZATION.md): a multi-period linear program over
// a scenario's horizon that chooses production per process and flow per lane in each period
// to maximize priority-weighted end-use output, under capacities (with the scenario's outages
// and capacity changes), recipes, stock balance, transit times and blocked lanes.
//
// The plan is a model::AllocationPlan, which the simulator follows under Protocol::kPlan
// (sim/ and opt/ never include each other). Solved with COIN-OR CLP in process.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/plan.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/model/scenario.hpp"
#include "chaintwin/opt/status.hpp"
#include "chaintwin/util/ids.hpp"

namespace chaintwin::opt {

// End-use demand of one (site, material) over the horizon, and what the plan serves of it.
struct ServedLine {
  SiteId site;
  MaterialId material;
  double weight = 0.0;  // objective weight per canonical unit (see PlanResult)
  double demand = 0.0;  // canonical units over the horizon, after demand shocks
  double served = 0.0;  // a `backlog` site's owed demand counts when it is caught up
  double demand_gwh = 0.0;  // 0 when the material has no energy equivalent
  double served_gwh = 0.0;
};

// A constraint that limits the plan's output, with its shadow price.
struct BindingConstraint {
  enum class Kind {
    kCapacity,      // a process's capacity (after the scenario's outages and changes)
    kExportBan,     // a lane an export ban blocks
    kLaneClosure,   // a lane a closure (of the lane or a chokepoint it crosses) blocks
    kNotQualified,  // an alternate lane not usable yet (no primary blocked, or qualifying)
    kOpeningStock,  // the stock a site starts with
    kCapacityPool,  // a capacity several processes of a site share
    kLaneCapacity,  // a lane's capacity, a contract's volume cap on its one lane, or a
                    // throughput cut (lane_throughput) on it
    kSharedLimit,   // a chokepoint's throughput or a contract's cap over several lanes
  };
  Kind kind = Kind::kCapacity;
  SiteId site;          // the process's site, the lane's supplier (of a shared limit: of its
                        // first lane), the stock's site
  MaterialId material;  // what it makes, carries or holds (a pool: its first process's output)
  uint32_t index = 0;   // ProcessId, LaneId, SlotId, pool or shared-limit index, by kind
  int32_t first_period = 0;  // 0-based periods in which it binds (inclusive)
  int32_t last_period = 0;
  int32_t binding_periods = 0;  // periods in [first, last] with a nonzero shadow price
  // Weighted output gained by relaxing it by one canonical unit per day in every period where
  // it binds (kOpeningStock: by one unit of opening stock). A marginal rate: valid for small
  // changes only.
  double value_per_unit_per_day = 0.0;
  std::string sentence;  // "capacity of kr_anode (anode_material) binds in periods 3-12 ..."
};

struct PlanResult {
  LpStatus status = LpStatus::kFailed;
  model::AllocationPlan plan;  // filled when status is kOptimal
  int32_t horizon_days = 0;
  // Sum over demand of weight x served. weight = material weight (PlanConfig, default 1) x
  // site weight (PlanConfig, default the site's priority) x GWh per unit (1 when the material
  // has no energy equivalent): "weighted GWh".
  double weighted_output = 0.0;
  double weighted_demand = 0.0;  // the same sum over all demand: the most that could be had
  double served_gwh = 0.0;
  double demand_gwh = 0.0;
  std::vector<double> served_gwh_by_period;  // in the period it is served, owed or not
  std::vector<ServedLine> served;          // one per end-use demand slot, in slot order
  std::vector<BindingConstraint> binding;  // by value, largest first
  // What the plan does not model, as sentences for the output (docs/OPTIMIZATION.md, "What is
  // assumed / left out"), with this network's and scenario's figures where they apply (how
  // many lanes carry no capacity, the period length, ...).
  std::vector<std::string> limits;
  // Size and cost of the LP.
  int rows = 0;
  int columns = 0;
  int64_t nonzeros = 0;
  // The time limit (PlanRunOptions) stopped the solver: in phase 1, status is kStopped and
  // there is no plan; in phase 2 (the tie-breaking), the plan is phase 1's optimum as it came.
  bool time_limit_hit = false;
  int iterations = 0;
  double seconds = 0.0;
};

// Plans `scenario` (resolved on `network`) with the event draws `schedule` (NominalSchedule
// for a plain run) in periods of config.period_days. The last period is shorter when the
// horizon is not a whole number of periods.
// The LP is a relaxation of the simulator: whatever the simulator does day by day under any
// protocol, summed per period, is feasible, so weighted_output is at least what any protocol
// serves (exactly the best possible with 1-day periods). Rounding to periods: a shipment
// leaving in period p arrives in the period of (d + delay) for the earliest departure day d of
// p; a lane carries in p if it may carry (not blocked; an alternate, qualified) on at least
// one day of p. Within a period, stock balances only at its end. End users in `backlog` mode
// may be served owed demand in a later period, and it counts as served (what is still owed at
// the end does not), as the simulator counts it.
// Requires: `scenario` was resolved on `network`; schedule has one draw per event;
// config.period_days >= 1. Throws nothing for an LP that has no optimum: see `status`.
PlanResult MakePlan(const model::CompiledNetwork& network, const model::ResolvedScenario& scenario,
                    const model::EventSchedule& schedule, const model::PlanConfig& config);

// How far the solver has got, for a progress display.
struct PlanProgress {
  int phase = 1;        // 1: the weighted output, 2: serving early and moving little
  int iterations = 0;   // simplex iterations so far, both phases
  double seconds = 0.0; // since MakePlan started
};

struct PlanRunOptions {
  // Wall-clock seconds for the whole of MakePlan; <= 0: no limit. When it runs out the solver
  // stops at its next iteration (see PlanResult::time_limit_hit).
  double time_limit_seconds = 0.0;
  // Called from the calling thread after every simplex iteration; keep it cheap (throttle the
  // drawing). May be empty.
  std::function<void(const PlanProgress&)> progress;
};

// The same, with a time limit and a progress callback.
PlanResult MakePlan(const model::CompiledNetwork& network, const model::ResolvedScenario& scenario,
                    const model::EventSchedule& schedule, const model::PlanConfig& config,
                    const PlanRunOptions& run);

std::string_view BindingKindName(BindingConstraint::Kind kind);  // "capacity", "export_ban", ...

}  // namespace chaintwin::opt
