// The daily simulation engine. One Engine per thread; many may share one CompiledNetwork.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/plan.hpp"
#include "chaintwin/sim/results.hpp"
#include "chaintwin/model/resolved_scenario.hpp"

namespace chaintwin::sim {

// Receives the day's figures of every slot (site, material) after each day, in slot order.
// Arrays are indexed by SlotId and valid only during the call.
struct DayFigures {
  int32_t day = 0;
  const double* opening = nullptr;
  const double* received = nullptr;
  const double* produced = nullptr;
  const double* consumed = nullptr;
  const double* shipped = nullptr;
  const double* closing = nullptr;
  const double* unmet = nullptr;
  // Closing work in process of the site's processes making the slot's material (started, not
  // yet finished: docs/SIMULATION.md, "Production lead time"); nullptr when no process of the
  // network has a lead time. `produced` counts what was finished that day, so per slot
  // opening + received + produced - consumed - shipped = closing still holds, and work in
  // process closes as opening wip + started - produced.
  const double* wip = nullptr;
};

class TimelineSink {
 public:
  virtual ~TimelineSink() = default;
  virtual void Day(const model::CompiledNetwork& network, const DayFigures& figures) = 0;
};

// Where a run starts when not from the network's assumed steady state: a live twin's stored
// state (twin/initial_state.hpp). Quantities in canonical units of the slot's material.
struct InitialState {
  // Stock per slot (size num_slots), replacing the network's initial inventory; empty keeps it.
  std::vector<double> stock;
  // true: the cargo at sea is `in_transit` instead of the steady-state flow of every lane
  // (each lane's expected flow shipped on each of the transit days before the start).
  bool replace_pipeline = false;
  struct Cargo {
    LaneId lane;
    int32_t arrival_day = 0;  // run day it joins the buyer's stock; >= 0
    double quantity = 0.0;
  };
  std::vector<Cargo> in_transit;
  // Orders placed and not yet shipped: owed by the lane's supplier from day 0.
  struct Order {
    LaneId lane;
    double quantity = 0.0;
  };
  std::vector<Order> open_orders;
};

struct RunOptions {
  // Override of the scenario's protocol for every supplier (`--protocol`).
  std::optional<model::Protocol> protocol;
  // Required by Protocol::kPlan: the plan to follow (made on the same network).
  const model::AllocationPlan* plan = nullptr;
  // Days to run instead of the scenario's horizon (`--days`), when > 0.
  int32_t days = 0;
  // Allocation decisions kept in Results (all are counted).
  size_t max_allocation_records = 20000;
  // Days an open order may stay unfilled before the buyer cancels the rest and orders again
  // (docs/SIMULATION.md, "Re-sourcing"); 0: the scenario's `reorder_after`.
  int32_t reorder_after_days = 0;
  // The engine's fast paths, each giving the results of the general path it short-cuts (up
  // to rounding); tests turn them off to check that (tests/property/reference_test.cpp).
  struct FastPaths {
    bool order = true;       // Order: a buyer with every primary usable orders by fixed weights
    bool ship_ratio = true;  // Fill: a short pro-rata supplier ships in the lane pass, unrecorded
    bool delay_memo = true;  // Delay: closure delays computed once per route and departure day
    bool incremental_capacity = true;  // capacities recomputed only for processes that move
  } fast;
  // Threads for one run's day loop: 1, or 2 (more count as 2). With 2, a second thread takes
  // half of each step whose work splits without changing any result (Arrive by buyer slot,
  // Produce by site, Order's fast path, Fill's supplier and lane passes; docs/SIMULATION.md,
  // "Threads"): the results are byte-identical to one thread's. Callers that already run
  // engines on several threads (Monte Carlo, hedge evaluation, the server) keep 1.
  int32_t threads = 1;
  // Start from this state instead of the network's inventory and steady pipeline when non-null.
  // Requires: sizes and ids fit the Engine's network; arrival days >= 0.
  const InitialState* initial = nullptr;
  // Per-lane audit figures for tests: filled when non-null. Per lane, over the run:
  //   ordered = shipped + cancelled + closing_owed,
  //   opening_transit + shipped = received + closing_transit.
  struct LaneAudit {
    std::vector<double> ordered;          // by lane, over the run
    std::vector<double> cancelled;        // by lane, over the run
    std::vector<double> closing_owed;     // by lane, open orders at the end
    std::vector<double> shipped;          // by lane, over the run
    std::vector<double> received;         // by lane, over the run
    std::vector<double> opening_transit;  // by lane, pipeline at the start
    std::vector<double> closing_transit;  // by lane, pipeline at the end
    std::vector<double> shipped_while_blocked;  // must stay 0
    // Days the lane could take no orders (blocked, or its supplier closed with nothing to
    // ship), counted only when a TimelineSink is attached (hedge SLA scoring reads it daily).
    std::vector<double> unusable_days;
  }* lane_audit = nullptr;
};

class Engine {
 public:
  // Allocates every buffer for `network`. Requires: `network` outlives the Engine.
  static Engine Create(const model::CompiledNetwork& network);
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

  // Runs `scenario` with the event draws `schedule` (NominalSchedule for a plain run) from day
  // 0 to its horizon and returns shortages and totals. Streams one DayFigures per day to
  // `timeline` when non-null. Throws nothing; same inputs give byte-identical results.
  // Requires: `scenario` was resolved on this Engine's network; `schedule` has one draw per
  // event; options.plan is set when the protocol is kPlan.
  Results Run(const model::ResolvedScenario& scenario, const model::EventSchedule& schedule,
              const RunOptions& options = {}, TimelineSink* timeline = nullptr);

  struct State;  // opaque: the engine's buffers (src/sim/engine.cpp)

 private:
  explicit Engine(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Convenience for one deterministic run: resolve, nominal schedule, run.
Results Simulate(const model::CompiledNetwork& network, const model::Scenario& scenario,
                 const RunOptions& options = {}, TimelineSink* timeline = nullptr);

}  // namespace chaintwin::sim
