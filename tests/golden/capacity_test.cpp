// Hand-worked cases for lane, chokepoint and contract capacities (model/capacity.hpp), in the
// simulator and in the allocation LP. The day order is that of docs/SIMULATION.md; lanes are
// transit 0 (a shipment joins the buyer's stock at the end of the day, after Serve). A
// warehouse S holds far more than is ever asked; each buyer B targets one day of supply and
// starts with it (its steady state), and orders up to target + the day's demand.
#include <gtest/gtest.h>

#include <cmath>

#include "chaintwin/model/capacity.hpp"
#include "chaintwin/opt/plan.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Stage;
using testutil::MakeScenario;
using testutil::NetBuilder;

NetBuilder Warehouse() {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell);
  for (const char* c : {"CN", "JP", "KR"}) b.Country(c);
  b.Site("S", "CN");
  b.Stock("S", "cells", 1000);
  return b;
}

double Unserved(const sim::Results& r, const model::CompiledNetwork& net, const char* site) {
  return r.sites[net.FindSite(site).value].unserved_demand_gwh;
}

// Ships, per lane, over the run, with the lane audit.
std::vector<double> Shipped(const model::CompiledNetwork& net, const model::Scenario& sc,
                            sim::Results& out) {
  sim::RunOptions::LaneAudit audit;
  audit.shipped.assign(net.num_lanes(), 0.0);
  audit.received.assign(net.num_lanes(), 0.0);
  audit.opening_transit.assign(net.num_lanes(), 0.0);
  audit.closing_transit.assign(net.num_lanes(), 0.0);
  audit.shipped_while_blocked.assign(net.num_lanes(), 0.0);
  sim::RunOptions opt;
  opt.lane_audit = &audit;
  model::ResolvedScenario resolved = model::Resolve(net, sc);
  sim::Engine engine = sim::Engine::Create(net);
  out = engine.Run(resolved, model::NominalSchedule(resolved), opt);
  return audit.shipped;
}

opt::PlanResult DailyPlan(const model::CompiledNetwork& net, const model::Scenario& sc) {
  model::ResolvedScenario resolved = model::Resolve(net, sc);
  model::PlanConfig config;
  config.period_days = 1;
  return opt::MakePlan(net, resolved, model::NominalSchedule(resolved), config);
}

// B needs 10/d; its lane carries 6/d (written per year: 2190 GWh/yr). Day 0: B holds 10 and
// orders 10; 6 ship, 4 stay owed; it serves 10 and ends with 6. Day 1: position 6 + 4 owed =
// 10, target 20: orders 10 (owed 14); 6 ship (owed 8); serves 6 of 10, loses 4. Every later
// day: position 6 + 8 = 14, orders 6, ships 6, loses 4. Lost 4 x 9 days = 36 of 100; shipped
// 6 x 10 = 60, and never more than 6 in a day.
// The LP (1-day periods): opening 10 + 6/d x 10 days = 70 can be served (a day's shipment
// serves the same day in a period balance), so it plans 70 and the lane's capacity binds.
TEST(GoldenCapacity, CappedLaneShipsAtMostItsCapacityAndTheRestStaysOwed) {
  NetBuilder b = Warehouse();
  b.Site("B", "KR", 1);
  b.Demand("B", "cells", 10);
  b.Lane("S", "B", "cells", 0).capacity_per_day = 2190.0 / 365.0;
  auto net = model::Compile(b.network());
  sim::Results r;
  std::vector<double> shipped = Shipped(net, MakeScenario(10), r);
  EXPECT_NEAR(Unserved(r, net, "B"), 36.0, 1e-9);
  EXPECT_NEAR(shipped[0], 60.0, 1e-9);

  opt::PlanResult plan = DailyPlan(net, MakeScenario(10));
  ASSERT_EQ(plan.status, opt::LpStatus::kOptimal);
  EXPECT_NEAR(plan.served_gwh, 70.0, 1e-6);
  for (int32_t p = 0; p < plan.plan.periods; ++p) EXPECT_LE(plan.plan.LaneFlow(0, p), 6.0 + 1e-9);
  ASSERT_FALSE(plan.binding.empty());
  EXPECT_EQ(plan.binding.front().kind, opt::BindingConstraint::Kind::kLaneCapacity);
}

// B1 needs 10/d and B2 5/d; both lanes cross X, which passes 9/d. Day 0: orders 10 and 5
// (15 > 9): each lane gets 9/15 of its orders, 6 and 3; owed 4 and 2. Day 1: B1 position
// 6 + 4 = 10, orders 10 (owed 14); B2 3 + 2 = 5, orders 5 (owed 7); 14 + 7 = 21 > 9: 6 and 3
// again (owed 8 and 4). B1 serves 6 of 10, B2 3 of 5. Later days the same (B1 orders 6, B2 3).
// Lost: B1 4 x 9 = 36, B2 2 x 9 = 18; shipped 60 and 30.
// The LP: opening 10 + 5 plus 9/d x 10 = 105 served; the chokepoint's throughput binds.
TEST(GoldenCapacity, ChokepointThroughputIsSharedByItsLanesInProportionToOrders) {
  NetBuilder b = Warehouse();
  b.Chokepoint("X");
  b.network().chokepoints.back().capacity_per_day = 9.0;
  b.network().chokepoints.back().capacity_dimension = Dimension::kEnergy;
  b.Site("B1", "KR", 1);
  b.Demand("B1", "cells", 10);
  b.Site("B2", "JP", 1);
  b.Demand("B2", "cells", 5);
  b.Lane("S", "B1", "cells", 0).chokepoints.push_back({"X", 0});
  b.Lane("S", "B2", "cells", 0).chokepoints.push_back({"X", 0});
  auto net = model::Compile(b.network());
  ASSERT_EQ(net.num_limits(), 1u);
  sim::Results r;
  std::vector<double> shipped = Shipped(net, MakeScenario(10), r);
  EXPECT_NEAR(Unserved(r, net, "B1"), 36.0, 1e-9);
  EXPECT_NEAR(Unserved(r, net, "B2"), 18.0, 1e-9);
  EXPECT_NEAR(shipped[net.FindLane("S->B1:cells").value], 60.0, 1e-9);
  EXPECT_NEAR(shipped[net.FindLane("S->B2:cells").value], 30.0, 1e-9);

  opt::PlanResult plan = DailyPlan(net, MakeScenario(10));
  ASSERT_EQ(plan.status, opt::LpStatus::kOptimal);
  EXPECT_NEAR(plan.served_gwh, 105.0, 1e-6);
  for (int32_t p = 0; p < plan.plan.periods; ++p) {
    EXPECT_LE(plan.plan.LaneFlow(0, p) + plan.plan.LaneFlow(1, p), 9.0 + 1e-9);
  }
  ASSERT_FALSE(plan.binding.empty());
  EXPECT_EQ(plan.binding.front().kind, opt::BindingConstraint::Kind::kSharedLimit);
}

// B needs 10/d over two lanes from S (half each); a contract S -> B caps both at 7/d between
// them from day 3. Days 0-2: 10 ships a day, nothing lost. Day 3: orders 5 + 5, the cap passes
// 7 (3.5 each), 3 owed; B serves 10 and ends with 7. Day 4: position 7 + 3 = 10, orders 10
// (owed 13), 7 ship, serves 7 of 10. Later: orders 7, ships 7, loses 3. Lost 3 x 6 = 18.
// The LP sees the cap coming: the lanes are unlimited on days 0-2, so it ships ahead and
// serves all 100, within 7/d between the two lanes from day 3.
TEST(GoldenCapacity, ContractVolumeCapHoldsOverItsLanesWhileInForce) {
  NetBuilder b = Warehouse();
  b.Site("B", "KR", 1);
  b.Demand("B", "cells", 10);
  b.Lane("S", "B", "cells", 0, 0.5).id = "sea";
  b.Lane("S", "B", "cells", 0, 0.5).id = "air";
  b.Contract("S", "B", "cells", 1, 0);
  model::Scenario sc = MakeScenario(10);
  b.network().contracts.back().max_volume_per_day = 7.0;
  b.network().contracts.back().start = sc.start + 3;
  auto net = model::Compile(b.network());
  ASSERT_EQ(net.num_limits(), 1u);
  // Each lane alone is capped by the contract too (LaneCapacity), from its first day on.
  EXPECT_TRUE(std::isinf(model::LaneCapacity(net, LaneId{0}, sc.start + 2)));
  EXPECT_EQ(model::LaneCapacity(net, LaneId{0}, sc.start + 3), 7.0);
  sim::Results r;
  std::vector<double> shipped = Shipped(net, sc, r);
  EXPECT_NEAR(Unserved(r, net, "B"), 18.0, 1e-9);
  EXPECT_NEAR(shipped[0] + shipped[1], 30.0 + 7.0 * 7, 1e-9);

  opt::PlanResult plan = DailyPlan(net, sc);
  ASSERT_EQ(plan.status, opt::LpStatus::kOptimal);
  EXPECT_NEAR(plan.served_gwh, 100.0, 1e-6);
  for (int32_t p = 3; p < plan.plan.periods; ++p) {
    EXPECT_LE(plan.plan.LaneFlow(0, p) + plan.plan.LaneFlow(1, p), 7.0 + 1e-9);
  }
}

}  // namespace
}  // namespace chaintwin
