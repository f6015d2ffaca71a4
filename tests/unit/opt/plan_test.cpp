// The allocation LP on networks small enough to solve by hand (docs/OPTIMIZATION.md §1).
// Every network starts with no stock anywhere (stock given as 0), so the only supply is what
// is made or already on the water. Tolerances: 1e-6 absolute on quantities of order 100
// (CLP's primal and dual tolerances are 1e-7).
#include "chaintwin/opt/plan.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::EventKind;
using model::Stage;
using testutil::MakeEvent;
using testutil::MakeScenario;
using testutil::NetBuilder;

constexpr double kTol = 1e-6;

struct Planned {
  model::CompiledNetwork net;
  opt::PlanResult result;
};

Planned Plan(model::Network& network, const model::Scenario& scenario, int period_days = 7,
             model::PlanConfig config = {}) {
  Planned p;
  p.net = model::Compile(network);
  model::ResolvedScenario resolved = model::Resolve(p.net, scenario);
  config.period_days = period_days;
  p.result = opt::MakePlan(p.net, resolved, model::NominalSchedule(resolved), config);
  return p;
}

const opt::BindingConstraint* FindBinding(const Planned& p, opt::BindingConstraint::Kind kind,
                                          const std::string& site) {
  for (const auto& b : p.result.binding) {
    if (b.kind == kind && p.net.site_key[b.site.value] == site) return &b;
  }
  return nullptr;
}

// Mine M (3 t/d ore) -> cell plant C (10 GWh/d, 1 t ore per GWh) -> end use D (4 GWh/d).
NetBuilder Chain(double mine_capacity) {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining)
      .Material("cells", Dimension::kEnergy, Stage::kCell)
      .Country("AU")
      .Country("KR");
  b.Site("M", "AU");
  b.Site("C", "KR");
  b.Site("D", "KR");
  b.Process("M", "ore", mine_capacity).Process("C", "cells", 10, {{"ore", 1.0}});
  b.Demand("D", "cells", 4);
  b.Stock("M", "ore", 0).Stock("C", "ore", 0).Stock("C", "cells", 0).Stock("D", "cells", 0);
  b.Lane("M", "C", "ore", 0);
  b.Lane("C", "D", "cells", 0);
  return b;
}

TEST(Plan, SingleChainIsLimitedByTheMineAndSaysSo) {
  NetBuilder b = Chain(3);
  Planned p = Plan(b.network(), MakeScenario(28));
  ASSERT_EQ(p.result.status, opt::LpStatus::kOptimal);
  // 4 periods of 7 days. The mine makes 3 x 7 = 21 t a period, C turns it into 21 GWh, D
  // asks 4 x 7 = 28: 21 served per period, 84 of 112 GWh over the horizon.
  EXPECT_EQ(p.result.plan.periods, 4);
  EXPECT_NEAR(p.result.served_gwh, 84.0, kTol);
  EXPECT_NEAR(p.result.demand_gwh, 112.0, kTol);
  EXPECT_NEAR(p.result.weighted_output, 84.0, kTol);  // weight 1 per GWh
  for (int period = 0; period < 4; ++period) {
    EXPECT_NEAR(p.result.served_gwh_by_period[static_cast<size_t>(period)], 21.0, kTol);
    EXPECT_NEAR(p.result.plan.LaneFlow(p.net.FindLane("M->C:ore").value, period), 21.0, kTol);
    EXPECT_NEAR(p.result.plan.LaneFlow(p.net.FindLane("C->D:cells").value, period), 21.0, kTol);
  }
  // One more t/d of ore is one more GWh/d served: 1 per t in each of 4 x 7 days = 28.
  const auto* cap = FindBinding(p, opt::BindingConstraint::Kind::kCapacity, "M");
  ASSERT_NE(cap, nullptr);
  EXPECT_EQ(cap->first_period, 0);
  EXPECT_EQ(cap->last_period, 3);
  EXPECT_NEAR(cap->value_per_unit_per_day, 28.0, 1e-6);
  EXPECT_EQ(cap->sentence,
            "capacity of M (ore) binds in periods 1-4 (days 0-27): +1 t/d would add 28 of "
            "weighted output");
  EXPECT_EQ(&p.result.binding.front(), cap);  // the most valuable constraint comes first
  // The cell plant's capacity (10 GWh/d) is not binding.
  EXPECT_EQ(FindBinding(p, opt::BindingConstraint::Kind::kCapacity, "C"), nullptr);
  // A tonne of opening ore stock at C would be one more GWh.
  const auto* stock = FindBinding(p, opt::BindingConstraint::Kind::kOpeningStock, "C");
  ASSERT_NE(stock, nullptr);
  EXPECT_NEAR(stock->value_per_unit_per_day, 1.0, 1e-6);
}

// --time-limit: a limit that has already passed stops phase 1 at its first iteration, with no
// plan; without a limit the progress callback sees both phases and the same plan as without it.
TEST(Plan, TimeLimitStopsTheSolverAndProgressSeesBothPhases) {
  NetBuilder b = Chain(3);
  model::CompiledNetwork net = model::Compile(b.network());
  model::ResolvedScenario resolved = model::Resolve(net, MakeScenario(28));
  model::PlanConfig config;
  opt::PlanRunOptions run;
  run.time_limit_seconds = 1e-12;
  opt::PlanResult stopped = opt::MakePlan(net, resolved, model::NominalSchedule(resolved), config, run);
  EXPECT_EQ(stopped.status, opt::LpStatus::kStopped);
  EXPECT_TRUE(stopped.time_limit_hit);
  EXPECT_TRUE(stopped.plan.lane_flow.empty());
  EXPECT_GT(stopped.rows, 0);
  EXPECT_GT(stopped.nonzeros, 0);

  int calls = 0, last_phase = 0, last_iterations = 0;
  bool monotone = true;
  run.time_limit_seconds = 0;
  run.progress = [&](const opt::PlanProgress& p) {
    ++calls;
    monotone = monotone && p.phase >= last_phase && p.iterations >= last_iterations &&
               std::isfinite(p.seconds) && p.seconds >= 0;
    last_phase = p.phase;
    last_iterations = p.iterations;
  };
  opt::PlanResult watched = opt::MakePlan(net, resolved, model::NominalSchedule(resolved), config, run);
  opt::PlanResult plain = opt::MakePlan(net, resolved, model::NominalSchedule(resolved), config);
  ASSERT_EQ(watched.status, opt::LpStatus::kOptimal);
  EXPECT_FALSE(watched.time_limit_hit);
  EXPECT_GT(calls, 0);
  EXPECT_TRUE(monotone);
  EXPECT_EQ(last_phase, 2);
  EXPECT_EQ(watched.plan.lane_flow, plain.plan.lane_flow);
  EXPECT_NEAR(watched.weighted_output, 84.0, kTol);
}

// Two cell suppliers for one end user (4 GWh/d): S1 in CN (5 GWh/d) and S2 in KR (2 GWh/d).
NetBuilder TwoSuppliers() {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell).Country("CN").Country("KR").Country("JP");
  b.Site("S1", "CN");
  b.Site("S2", "KR");
  b.Site("D", "JP");
  b.Process("S1", "cells", 5).Process("S2", "cells", 2).Demand("D", "cells", 4);
  b.Stock("S1", "cells", 0).Stock("S2", "cells", 0).Stock("D", "cells", 0);
  b.Lane("S1", "D", "cells", 0, 0.5);
  b.Lane("S2", "D", "cells", 0, 0.5);
  return b;
}

model::Event CnBan(int start, int days) {
  model::Event e = MakeEvent("ban", EventKind::kExportBan, start, days);
  e.origins = {"CN"};
  return e;
}

TEST(Plan, BannedSupplierLeavesOnlyTheOtherOne) {
  NetBuilder b = TwoSuppliers();
  auto sc = MakeScenario(28);
  sc.events.push_back(CnBan(0, 14));  // days 0-13: periods 1 and 2
  Planned p = Plan(b.network(), sc);
  ASSERT_EQ(p.result.status, opt::LpStatus::kOptimal);
  // Periods 1-2: only S2, 2 x 7 = 14 each. Periods 3-4: S1 alone covers the 28.
  // 14 + 14 + 28 + 28 = 84.
  EXPECT_NEAR(p.result.served_gwh, 84.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[0], 14.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[1], 14.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[2], 28.0, kTol);
  LaneId banned = p.net.FindLane("S1->D:cells");
  EXPECT_NEAR(p.result.plan.LaneFlow(banned.value, 0), 0.0, kTol);
  EXPECT_NEAR(p.result.plan.LaneFlow(banned.value, 1), 0.0, kTol);
  // Each GWh/d let through the ban in periods 1-2 serves one more GWh/d: 14.
  const auto* ban = FindBinding(p, opt::BindingConstraint::Kind::kExportBan, "S1");
  ASSERT_NE(ban, nullptr);
  EXPECT_EQ(ban->first_period, 0);
  EXPECT_EQ(ban->last_period, 1);
  EXPECT_NEAR(ban->value_per_unit_per_day, 14.0, 1e-6);
  EXPECT_EQ(ban->sentence,
            "export ban on lane S1->D:cells (S1 -> D, cells) binds in periods 1-2: +1 GWh/d on "
            "it would add 14 of weighted output");
  const auto* s2 = FindBinding(p, opt::BindingConstraint::Kind::kCapacity, "S2");
  ASSERT_NE(s2, nullptr);
  EXPECT_NEAR(s2->value_per_unit_per_day, 14.0, 1e-6);
  EXPECT_EQ(FindBinding(p, opt::BindingConstraint::Kind::kCapacity, "S1"), nullptr);
}

TEST(Plan, StockBuiltBeforeABanCarriesThroughIt) {
  NetBuilder b = TwoSuppliers();
  auto sc = MakeScenario(28);
  sc.events.push_back(CnBan(7, 14));  // days 7-20: periods 2 and 3
  Planned p = Plan(b.network(), sc);
  ASSERT_EQ(p.result.status, opt::LpStatus::kOptimal);
  // Period 1: S1 35 + S2 14 = 49 reach D; 28 served, 21 kept. Periods 2-3: S2 14 each + the
  // 21 kept = 49 for 56 asked. Period 4: 28. Total 28 + 49 + 28 = 105.
  EXPECT_NEAR(p.result.served_gwh, 105.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[0], 28.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[1] + p.result.served_gwh_by_period[2], 49.0, kTol);
  EXPECT_NEAR(p.result.plan.LaneFlow(p.net.FindLane("S1->D:cells").value, 0), 35.0, kTol);
  // S1's capacity is worth 1 per GWh in period 1 only (7 days); S2's in periods 1-3 (21).
  const auto* s1 = FindBinding(p, opt::BindingConstraint::Kind::kCapacity, "S1");
  ASSERT_NE(s1, nullptr);
  EXPECT_EQ(s1->first_period, 0);
  EXPECT_EQ(s1->last_period, 0);
  EXPECT_NEAR(s1->value_per_unit_per_day, 7.0, 1e-6);
  const auto* s2 = FindBinding(p, opt::BindingConstraint::Kind::kCapacity, "S2");
  ASSERT_NE(s2, nullptr);
  EXPECT_NEAR(s2->value_per_unit_per_day, 21.0, 1e-6);
  const auto* ban = FindBinding(p, opt::BindingConstraint::Kind::kExportBan, "S1");
  ASSERT_NE(ban, nullptr);
  EXPECT_NEAR(ban->value_per_unit_per_day, 14.0, 1e-6);
}

TEST(Plan, APeriodABanCoversOnlyPartlyStaysOpen) {
  NetBuilder b = TwoSuppliers();
  auto sc = MakeScenario(28);
  sc.events.push_back(CnBan(3, 14));  // days 3-16: all of period 2, part of periods 1 and 3
  Planned week = Plan(b.network(), sc);
  ASSERT_EQ(week.result.status, opt::LpStatus::kOptimal);
  // S1 -> D may carry in periods 1 and 3 (the simulator can ship on days 0-2 and 17-20) and
  // not in period 2. Period 1: S1 35 + S2 14 reach D, 28 served, 21 kept; period 2: S2's 14
  // + 21 kept cover the 28; periods 3-4 are open: all 112 served. This is an upper bound:
  // in a period the LP does not know on which days goods are made and shipped.
  EXPECT_NEAR(week.result.served_gwh, 112.0, kTol);
  LaneId banned = week.net.FindLane("S1->D:cells");
  EXPECT_NEAR(week.result.plan.LaneFlow(banned.value, 1), 0.0, kTol);
  const auto* ban = FindBinding(week, opt::BindingConstraint::Kind::kExportBan, "S1");
  EXPECT_EQ(ban, nullptr);  // letting goods through in period 2 would add nothing

  // Day by day it is exact: days 0-2 S1 makes 15 and S2 6; over days 0-16 S2 adds 28 more,
  // 49 for the 68 asked: 19 short, 93 served.
  NetBuilder b1 = TwoSuppliers();
  Planned day = Plan(b1.network(), sc, 1);
  EXPECT_NEAR(day.result.served_gwh, 93.0, kTol);
}

// One supplier S (5 GWh/d) and two end users asking 4 GWh/d each: H (priority 3), L (1).
NetBuilder TwoBuyers() {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell).Country("KR");
  b.Site("S", "KR");
  b.Site("H", "KR").priority_weight = 3;
  b.Site("L", "KR").priority_weight = 1;
  b.Process("S", "cells", 5).Demand("H", "cells", 4).Demand("L", "cells", 4);
  b.Stock("S", "cells", 0).Stock("H", "cells", 0).Stock("L", "cells", 0);
  b.Lane("S", "H", "cells", 0);
  b.Lane("S", "L", "cells", 0);
  return b;
}

double ServedAt(const Planned& p, const std::string& site) {
  for (const auto& line : p.result.served) {
    if (p.net.site_key[line.site.value] == site) return line.served;
  }
  return -1;
}

TEST(Plan, PriorityWeightsDecideWhoIsServed) {
  NetBuilder b = TwoBuyers();
  Planned p = Plan(b.network(), MakeScenario(14));
  ASSERT_EQ(p.result.status, opt::LpStatus::kOptimal);
  // 70 GWh over 14 days: H takes all its 56, L the remaining 14.
  // Weighted: 3 x 56 + 1 x 14 = 182 (of 3 x 56 + 56 = 224).
  EXPECT_NEAR(ServedAt(p, "H"), 56.0, kTol);
  EXPECT_NEAR(ServedAt(p, "L"), 14.0, kTol);
  EXPECT_NEAR(p.result.weighted_output, 182.0, kTol);
  EXPECT_NEAR(p.result.weighted_demand, 224.0, kTol);
  // The marginal GWh goes to L (weight 1): +1 GWh/d over 14 days = 14.
  const auto* cap = FindBinding(p, opt::BindingConstraint::Kind::kCapacity, "S");
  ASSERT_NE(cap, nullptr);
  EXPECT_NEAR(cap->value_per_unit_per_day, 14.0, 1e-6);

  // User-set weights replace the site priority: L at 5 now goes first.
  // 5 x 56 + 3 x 14 = 322.
  NetBuilder b2 = TwoBuyers();
  model::PlanConfig config;
  config.site_weights["L"] = 5;
  Planned q = Plan(b2.network(), MakeScenario(14), 7, config);
  EXPECT_NEAR(ServedAt(q, "L"), 56.0, kTol);
  EXPECT_NEAR(ServedAt(q, "H"), 14.0, kTol);
  EXPECT_NEAR(q.result.weighted_output, 322.0, kTol);
  // A material weight multiplies every site's weight: x2 gives 644.
  NetBuilder b3 = TwoBuyers();
  config.material_weights["cells"] = 2;
  Planned r = Plan(b3.network(), MakeScenario(14), 7, config);
  EXPECT_NEAR(r.result.weighted_output, 644.0, kTol);
}

// S (10 GWh/d) -> D (4 GWh/d) over a lane of 8 days.
NetBuilder SlowLane() {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell).Country("KR").Country("JP");
  b.Site("S", "KR");
  b.Site("D", "JP");
  b.Process("S", "cells", 10).Demand("D", "cells", 4);
  b.Stock("S", "cells", 0).Stock("D", "cells", 0);
  b.Lane("S", "D", "cells", 8);
  return b;
}

TEST(Plan, TransitDelaysArrivalByWholePeriods) {
  NetBuilder b = SlowLane();
  Planned p = Plan(b.network(), MakeScenario(28));
  ASSERT_EQ(p.result.status, opt::LpStatus::kOptimal);
  // Opening pipeline: the baseline 4 GWh/d left on days -8..-1 and lands on days 0..7:
  // 7 x 4 = 28 in period 1, 4 in period 2. A shipment of period k (days 7k..7k+6) lands on
  // day 7k+8 at the earliest (all of it could leave on the period's first day): period k+1.
  // So period 1 ships at least the 24 period 2 lacks, and periods 1-3 ship the 80 that
  // periods 2-4 need: all 112 served, as in 1-day periods below.
  EXPECT_NEAR(p.result.served_gwh_by_period[0], 28.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[1], 28.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[2], 28.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[3], 28.0, kTol);
  EXPECT_NEAR(p.result.served_gwh, 112.0, kTol);
  LaneId lane = p.net.FindLane("S->D:cells");
  // How periods 1-3 split the 80 is not unique (D can hold early arrivals); nothing leaves in
  // period 4, it would land after day 27.
  EXPECT_GE(p.result.plan.LaneFlow(lane.value, 0), 24.0 - kTol);
  EXPECT_NEAR(p.result.plan.LaneFlow(lane.value, 0) + p.result.plan.LaneFlow(lane.value, 1) +
                  p.result.plan.LaneFlow(lane.value, 2),
              80.0, kTol);
  EXPECT_NEAR(p.result.plan.LaneFlow(lane.value, 3), 0.0, kTol);

  // In 1-day periods the rounding disappears: days 0-7 from the pipeline (32), shipments of
  // days 0-19 land on days 8-27 (80): all 112 served.
  NetBuilder b1 = SlowLane();
  Planned d = Plan(b1.network(), MakeScenario(28), 1);
  EXPECT_EQ(d.result.plan.periods, 28);
  EXPECT_NEAR(d.result.served_gwh, 112.0, kTol);
}

TEST(Plan, ShortLastPeriodAndOutagesScaleCapacity) {
  // 10 days in 7-day periods: periods of 7 and 3 days. The mine (3 t/d) is out at half
  // capacity on days 2-5 (4 days): 7 x 3 - 4 x 1.5 = 15 t in period 1, 9 t in period 2.
  NetBuilder b = Chain(3);
  auto sc = MakeScenario(10);
  auto e = MakeEvent("half", EventKind::kSiteOutage, 2, 4);
  e.sites = {"M"};
  e.severity = model::Distribution::Fixed(0.5);
  sc.events.push_back(e);
  Planned p = Plan(b.network(), sc);
  ASSERT_EQ(p.result.status, opt::LpStatus::kOptimal);
  EXPECT_EQ(p.result.plan.periods, 2);
  EXPECT_NEAR(p.result.served_gwh_by_period[0], 15.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[1], 9.0, kTol);
  EXPECT_NEAR(p.result.demand_gwh, 40.0, kTol);
}

// S (6 GWh/d) -> D (4 GWh/d, `backlog` demand) over a lane of 0 days; S is closed on days 0-6.
NetBuilder BacklogBuyer(model::DemandMode mode) {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell).Country("KR");
  b.Site("S", "KR");
  b.Site("D", "KR").demand_mode = mode;
  b.Process("S", "cells", 6).Demand("D", "cells", 4);
  b.Stock("S", "cells", 0).Stock("D", "cells", 0);
  b.Lane("S", "D", "cells", 0);
  return b;
}

model::Scenario ClosedFirstWeek(int horizon_days) {
  auto sc = MakeScenario(horizon_days);
  auto e = MakeEvent("closed", EventKind::kSiteOutage, 0, 7);
  e.sites = {"S"};
  e.severity = model::Distribution::Fixed(0.0);
  sc.events.push_back(e);
  return sc;
}

TEST(Plan, BacklogDemandIsCaughtUpLaterAndWhatIsOwedAtTheEndIsLost) {
  // 21 days, 7-day periods. Period 1: S makes nothing, D is owed 28. Periods 2 and 3: S
  // makes 42 each, D asks 28 each: 14 of the owed demand is caught up in each, so all 84 are
  // served, as the simulator counts it (served late is served). Phase 2 serves as early as it
  // can: 42 in period 2 rather than 28 then 56 (which phase 1 values the same).
  NetBuilder b = BacklogBuyer(model::DemandMode::kBacklog);
  Planned p = Plan(b.network(), ClosedFirstWeek(21));
  ASSERT_EQ(p.result.status, opt::LpStatus::kOptimal);
  EXPECT_NEAR(p.result.demand_gwh, 84.0, kTol);
  EXPECT_NEAR(p.result.served_gwh, 84.0, kTol);
  EXPECT_NEAR(p.result.weighted_output, 84.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[0], 0.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[1], 42.0, kTol);
  EXPECT_NEAR(p.result.served_gwh_by_period[2], 42.0, kTol);
  ASSERT_EQ(p.result.served.size(), 1u);
  EXPECT_NEAR(p.result.served[0].served, 84.0, kTol);

  // 14 days: period 2 catches up 14 of the 28 owed; the 14 still owed at the end are
  // unserved (sim::Results counts them so): 42 of 56. One more GWh/d of S in either period
  // would serve 7 more of what is owed: the capacity binds in periods 1-2 at 14.
  NetBuilder b14 = BacklogBuyer(model::DemandMode::kBacklog);
  Planned q = Plan(b14.network(), ClosedFirstWeek(14));
  ASSERT_EQ(q.result.status, opt::LpStatus::kOptimal);
  EXPECT_NEAR(q.result.demand_gwh, 56.0, kTol);
  EXPECT_NEAR(q.result.served_gwh, 42.0, kTol);
  EXPECT_NEAR(q.result.served_gwh_by_period[1], 42.0, kTol);
  const auto* cap = FindBinding(q, opt::BindingConstraint::Kind::kCapacity, "S");
  ASSERT_NE(cap, nullptr);
  EXPECT_EQ(cap->first_period, 0);
  EXPECT_EQ(cap->last_period, 1);
  EXPECT_NEAR(cap->value_per_unit_per_day, 14.0, 1e-6);

  // The same end user in lost-sales mode loses period 1's 28 for good: 28 in period 2 only
  // (S's 14 spare that period has no use), 28 of 56.
  NetBuilder lost = BacklogBuyer(model::DemandMode::kLostSales);
  Planned r = Plan(lost.network(), ClosedFirstWeek(14));
  ASSERT_EQ(r.result.status, opt::LpStatus::kOptimal);
  EXPECT_NEAR(r.result.served_gwh, 28.0, kTol);
  EXPECT_NEAR(r.result.served_gwh_by_period[1], 28.0, kTol);
}

TEST(Plan, AClosedPlantQualifiesAnAlternateAsABanDoes) {
  // S1 (primary, 5 GWh/d) is closed for the whole 28 days and holds no stock; S2 (2 GWh/d)
  // is an alternate that needs 7 days of qualification. The simulator treats a supplier
  // that can neither make nor ship as unusable, like a blocked lane, so S2 may ship to D from
  // day 7. S2 makes 2 x 28 = 56 over the horizon and keeps what it makes before day 7:
  // nothing served in the first week, 56 of 112 in all (7-day periods: 28, then 14, 14).
  // Counting only bans and closures as unusable, the LP would plan 0 and be below what the
  // simulator does.
  NetBuilder b = TwoSuppliers();
  for (auto& lane : b.network().lanes) {
    if (lane.supplier == "S2") {
      lane.alternate = true;
      lane.qualification_days = 7;
    }
  }
  auto sc = MakeScenario(28);
  auto e = MakeEvent("closed", EventKind::kSiteOutage, 0, 28);
  e.sites = {"S1"};
  e.severity = model::Distribution::Fixed(0.0);
  sc.events.push_back(e);
  for (int period_days : {7, 1}) {
    SCOPED_TRACE(::testing::Message() << "period_days " << period_days);
    NetBuilder copy = b;
    Planned p = Plan(copy.network(), sc, period_days);
    ASSERT_EQ(p.result.status, opt::LpStatus::kOptimal);
    EXPECT_NEAR(p.result.served_gwh, 56.0, kTol);
    for (int day = 0; day < 7; day += period_days) {
      EXPECT_NEAR(p.result.served_gwh_by_period[static_cast<size_t>(day / period_days)], 0.0,
                  kTol);
    }
  }
}

// Mine S (2 t/d) sells to cell plants A and B (1 t of ore per GWh each, 10 GWh/d), which both
// sell to D (4 GWh/d): 14 t of ore a period make 14 GWh wherever they go, so the output does
// not say who gets the ore. Contract tiers do (phase 2: a contracted lane costs less to ship
// on, the better the tier the less): all the ore goes to the contracted plant, or to the
// better tier when both hold one. Output: 14 GWh per period, 56 over 4 periods, in every case.
TEST(Plan, ContractTiersDecideWhoGetsOreWhenTheOutputDoesNot) {
  struct Case {
    int tier_a, tier_b;  // 0 = no contract
    const char* expected;
  };
  for (const Case& c : {Case{0, 1, "B"}, Case{1, 0, "A"}, Case{2, 1, "B"}, Case{1, 3, "A"}}) {
    SCOPED_TRACE(testing::Message() << "tiers A " << c.tier_a << ", B " << c.tier_b);
    NetBuilder b;
    b.Material("ore", Dimension::kMass, Stage::kMining)
        .Material("cells", Dimension::kEnergy, Stage::kCell)
        .Country("AU")
        .Country("KR");
    b.Site("S", "AU");
    b.Site("A", "KR");
    b.Site("B", "KR");
    b.Site("D", "KR");
    b.Process("S", "ore", 2)
        .Process("A", "cells", 10, {{"ore", 1.0}})
        .Process("B", "cells", 10, {{"ore", 1.0}});
    b.Demand("D", "cells", 4);
    for (const char* site : {"S", "A", "B", "D"}) {
      b.Stock(site, std::string(site) == "S" ? "ore" : "cells", 0);
    }
    b.Stock("A", "ore", 0).Stock("B", "ore", 0);
    b.Lane("S", "A", "ore", 0);
    b.Lane("S", "B", "ore", 0);
    b.Lane("A", "D", "cells", 0);
    b.Lane("B", "D", "cells", 0);
    if (c.tier_a > 0) b.Contract("S", "A", "ore", c.tier_a);
    if (c.tier_b > 0) b.Contract("S", "B", "ore", c.tier_b);
    Planned p = Plan(b.network(), MakeScenario(28));
    ASSERT_EQ(p.result.status, opt::LpStatus::kOptimal);
    EXPECT_NEAR(p.result.served_gwh, 56.0, kTol);
    const std::string winner = c.expected, loser = winner == "A" ? "B" : "A";
    for (int period = 0; period < 4; ++period) {
      EXPECT_NEAR(p.result.plan.LaneFlow(p.net.FindLane("S->" + winner + ":ore").value, period),
                  14.0, kTol);
      EXPECT_NEAR(p.result.plan.LaneFlow(p.net.FindLane("S->" + loser + ":ore").value, period),
                  0.0, kTol);
    }
  }
}

}  // namespace
}  // namespace chaintwin

namespace chaintwin {
namespace {

// Issue 19 §5, capacity shared by several processes: plant P makes a and b (8 t/d each) from
// one pool of 10 t/d for an end user asking 6 t/d of each, nothing in stock, lanes transit 0,
// 14 days in 7-day periods. The plan serves 10 t/d: 140 of 168 asked (all 168 without the
// pool, as 8 + 8 >= 12); each period makes 70 in all.
TEST(Plan, ProcessesSharingACapacityPoolServeAtMostItsCapacity) {
  for (bool pooled : {false, true}) {
    SCOPED_TRACE(pooled);
    testutil::NetBuilder b;
    b.Material("a").Material("b").Country("JP").Country("US");
    model::Site& p = b.Site("P", "JP");
    if (pooled) p.capacity_pools.push_back(model::CapacityPool{"line", 10});
    b.Site("U", "US");
    b.Process("P", "a", 8).Process("P", "b", 8);
    if (pooled) {
      for (auto& proc : b.SiteRef("P").processes) proc.capacity_pool = "line";
    }
    b.Demand("U", "a", 6).Demand("U", "b", 6);
    b.Stock("P", "a", 0).Stock("P", "b", 0).Stock("U", "a", 0).Stock("U", "b", 0);
    b.Lane("P", "U", "a", 0);
    b.Lane("P", "U", "b", 0);
    auto net = model::Compile(b.network());
    auto resolved = model::Resolve(net, testutil::MakeScenario(14));
    opt::PlanResult r =
        opt::MakePlan(net, resolved, model::NominalSchedule(resolved), model::PlanConfig{});
    ASSERT_EQ(r.status, opt::LpStatus::kOptimal);
    EXPECT_NEAR(r.weighted_output, pooled ? 140.0 : 168.0, 1e-6);
    // Pooled, the pool binds in both periods: one more t/d of it serves 14 more over 14 days.
    bool pool_binds = false;
    for (const auto& c : r.binding) {
      if (c.kind != opt::BindingConstraint::Kind::kCapacityPool) continue;
      pool_binds = true;
      EXPECT_EQ(c.binding_periods, 2);
      EXPECT_NEAR(c.value_per_unit_per_day, 14.0, 1e-6);
      EXPECT_NE(c.sentence.find("capacity pool line at P binds in periods 1-2"), std::string::npos)
          << c.sentence;
    }
    EXPECT_EQ(pool_binds, pooled);
  }
}

}  // namespace
}  // namespace chaintwin
