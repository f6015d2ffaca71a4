// Hand-worked cases for throughput cuts (`lane_throughput` events, model/capacity.hpp): in the
// simulator, in the allocation LP, and how a cut composes with a lane's own capacity. The day
// order is that of docs/SIMULATION.md. As in capacity_test.cpp, lanes are transit 0 (a
// shipment joins the buyer's stock at the end of the day, after Serve), a warehouse S holds
// far more than is ever asked, and the buyer B targets one day of supply and starts with it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/capacity.hpp"
#include "chaintwin/opt/plan.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::EventKind;
using model::Stage;
using testutil::MakeEvent;
using testutil::MakeScenario;
using testutil::NetBuilder;

// S (CN) -> B (KR), cells, transit 0; B needs 10 GWh/d and holds one day of it.
NetBuilder OneLane() {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell);
  for (const char* c : {"CN", "KR"}) b.Country(c);
  b.Site("S", "CN");
  b.Stock("S", "cells", 1000);
  b.Site("B", "KR", 1);
  b.Demand("B", "cells", 10);
  b.Lane("S", "B", "cells", 0);
  return b;
}

model::Event Cut(int start, double days, double factor) {
  model::Event e = MakeEvent("cut", EventKind::kLaneThroughput, start, days);
  e.lanes = {"S->B:cells"};
  e.severity = model::Distribution::Fixed(factor);
  return e;
}

struct DailyRun {
  sim::Results results;
  std::vector<double> shipped;  // per day on the lane
  std::vector<double> unmet;    // per day at B
};

// Keeps the lane's daily shipments (S's `shipped`) and B's unmet demand.
class Daily : public sim::TimelineSink {
 public:
  Daily(uint32_t s, uint32_t b, DailyRun& run) : s_(s), b_(b), run_(run) {}
  void Day(const model::CompiledNetwork&, const sim::DayFigures& f) override {
    run_.shipped.push_back(f.shipped[s_]);
    run_.unmet.push_back(f.unmet[b_]);
  }

 private:
  uint32_t s_, b_;
  DailyRun& run_;
};

DailyRun Simulate(const model::CompiledNetwork& net, const model::Scenario& sc) {
  DailyRun run;
  model::ResolvedScenario resolved = model::Resolve(net, sc);
  sim::Engine engine = sim::Engine::Create(net);
  MaterialId cells = net.FindMaterial("cells");
  Daily sink(net.FindSlot(net.FindSite("S"), cells).value, net.FindSlot(net.FindSite("B"), cells).value,
             run);
  run.results = engine.Run(resolved, model::NominalSchedule(resolved), sim::RunOptions{}, &sink);
  return run;
}

// The lane is cut to 50 % of its baseline flow (10/d -> 5/d) on days 5-14, in a 30-day run.
// Days 0-4: B holds 10, orders up to 10 x 1 day + 10 today = 20, so 10; 10 ship and arrive
// after Serve, which serves 10 from the 10 held: B ends each day with 10.
// Day 5: orders 10; 5 ship, 5 stay owed; serves 10 from 10; ends with 5.
// Day 6: position 5 + 5 owed = 10, orders 10 (owed 15); 5 ship (owed 10); serves 5 of 10,
//   loses 5; ends with 5.
// Days 7-14: position 5 + 10 = 15, orders 5 (owed 15); 5 ship (owed 10); loses 5; ends with 5.
// Day 15 (the cut has ended): position 15, orders 5 (owed 15); all 15 ship, but after Serve:
//   serves 5 of 10, loses 5; ends with 15.
// Day 16: position 15, orders 5; 5 ship; serves 10 from 15, loses nothing; ends with 10.
// Day 17 on: the steady state again (10 held, 10 ordered, 10 shipped).
// Shortfall: 5 on each of days 6-15 = 50 GWh of the 300 demanded; shipped 10 x 5 + 5 x 10 + 15
// + 5 + 10 x 13 = 250; B recovers on day 16 and is back at its target stock on day 17.
TEST(GoldenThroughput, HalfCutForTenDaysLosesFiveADayUntilTheOwedCargoLands) {
  NetBuilder b = OneLane();
  auto net = model::Compile(b.network());
  model::Scenario sc = MakeScenario(30);
  sc.events.push_back(Cut(5, 10, 0.5));
  DailyRun run = Simulate(net, sc);
  ASSERT_EQ(run.shipped.size(), 30u);
  EXPECT_NEAR(run.results.totals.unserved_gwh, 50.0, 1e-9);
  EXPECT_NEAR(run.results.totals.demand_gwh, 300.0, 1e-9);
  for (int t = 0; t < 30; ++t) {
    const double shipped = t < 5 ? 10.0 : t < 15 ? 5.0 : t == 15 ? 15.0 : t == 16 ? 5.0 : 10.0;
    const double unmet = t >= 6 && t <= 15 ? 5.0 : 0.0;
    EXPECT_NEAR(run.shipped[static_cast<size_t>(t)], shipped, 1e-9) << "day " << t;
    EXPECT_NEAR(run.unmet[static_cast<size_t>(t)], unmet, 1e-9) << "day " << t;
  }
  // One shortage episode at B, days 6-15.
  ASSERT_EQ(run.results.shortages.size(), 1u);
  EXPECT_EQ(run.results.shortages[0].first_day, 6);
  EXPECT_EQ(run.results.shortages[0].last_day, 15);

  // The same cut written as a quantity (5 GWh/d) gives the same run.
  model::Scenario by_quantity = MakeScenario(30);
  model::Event q = Cut(5, 10, 0.0);
  q.capacity_per_day = 5.0;
  by_quantity.events.push_back(q);
  EXPECT_NEAR(Simulate(net, by_quantity).results.totals.unserved_gwh, 50.0, 1e-9);

  // A cut to 100 % of the baseline flow never binds here: nothing is lost.
  model::Scenario none = MakeScenario(30);
  none.events.push_back(Cut(5, 10, 1.0));
  EXPECT_NEAR(Simulate(net, none).results.totals.unserved_gwh, 0.0, 1e-9);
}

// A cut composes with closures: while an export ban blocks the cut lane it ships nothing (and
// its open orders are cancelled), and with a detour in force what the cut lets depart (at most
// 5/d) arrives the detour later. Days 0-9 cut to 50 %; a ban on days 3-5; or a 2-day detour on
// days 0-9, so nothing arrives at B before day 2 (transit 0, no cargo at sea at the start).
TEST(GoldenThroughput, ACutComposesWithBansAndDetours) {
  NetBuilder b = OneLane();
  auto net = model::Compile(b.network());
  model::Scenario cut_only = MakeScenario(10);
  cut_only.events.push_back(Cut(0, 10, 0.5));
  const double cut_loss = Simulate(net, cut_only).results.totals.unserved_gwh;

  model::Scenario banned = cut_only;
  model::Event ban = MakeEvent("ban", EventKind::kExportBan, 3, 3);
  ban.origins = {"CN"};
  banned.events.push_back(ban);
  DailyRun run = Simulate(net, banned);
  for (int t = 0; t < 10; ++t) {
    const double shipped = run.shipped[static_cast<size_t>(t)];
    if (t >= 3 && t <= 5) {
      EXPECT_EQ(shipped, 0.0) << "day " << t;
    } else {
      EXPECT_LE(shipped, 5.0 + 1e-9) << "day " << t;
    }
  }
  EXPECT_GE(run.results.totals.unserved_gwh, cut_loss - 1e-9);

  model::Scenario detoured = cut_only;
  model::Event detour = MakeEvent("detour", EventKind::kLaneClosure, 0, 10);
  detour.lanes = {"S->B:cells"};
  detour.detour_days = 2.0;
  detoured.events.push_back(detour);
  sim::RunOptions::LaneAudit audit;
  for (auto* v : {&audit.shipped, &audit.received, &audit.opening_transit, &audit.closing_transit,
                  &audit.shipped_while_blocked}) {
    v->assign(net.num_lanes(), 0.0);
  }
  sim::RunOptions opt;
  opt.lane_audit = &audit;
  model::ResolvedScenario resolved = model::Resolve(net, detoured);
  sim::Engine engine = sim::Engine::Create(net);
  DailyRun daily;
  MaterialId cells = net.FindMaterial("cells");
  Daily sink(net.FindSlot(net.FindSite("S"), cells).value, net.FindSlot(net.FindSite("B"), cells).value,
             daily);
  sim::Results r = engine.Run(resolved, model::NominalSchedule(resolved), opt, &sink);
  for (int t = 0; t < 10; ++t) EXPECT_LE(daily.shipped[static_cast<size_t>(t)], 5.0 + 1e-9) << "day " << t;
  // Shipped on days 0-7 arrives on days 2-9; what left on days 8-9 is still at sea.
  EXPECT_NEAR(audit.received[0], audit.shipped[0] - daily.shipped[8] - daily.shipped[9], 1e-9);
  EXPECT_GT(r.totals.unserved_gwh, cut_loss);
}

// The lower of the lane's own capacity and the cut binds (model::LaneCapacity with the cuts):
// a lane of 6/d cut to 50 % of its 10/d baseline carries 5/d; cut to 80 % (8/d) it carries 6/d;
// two cuts at once: the lower. Outside the window the lane's own 6/d holds.
TEST(GoldenThroughput, TheLowerOfLaneCapacityAndCutBinds) {
  NetBuilder b = OneLane();
  b.network().lanes[0].capacity_per_day = 6.0;
  auto net = model::Compile(b.network());
  ASSERT_NEAR(net.lane_expected_flow[0], 10.0, 1e-12);
  model::Scenario sc = MakeScenario(30);
  sc.events.push_back(Cut(5, 10, 0.5));
  model::Event looser = Cut(10, 10, 0.8);
  looser.id = "looser";
  sc.events.push_back(looser);
  model::ResolvedScenario resolved = model::Resolve(net, sc);
  model::ThroughputCuts cuts;
  model::BuildThroughputCuts(net, resolved, model::NominalSchedule(resolved), cuts);
  ASSERT_EQ(cuts.capped_lanes.size(), 1u);
  const LaneId lane{0};
  const int32_t day0 = sc.start;
  EXPECT_EQ(model::LaneCapacity(net, cuts, lane, day0 + 4), 6.0);   // own capacity
  EXPECT_EQ(model::LaneCapacity(net, cuts, lane, day0 + 5), 5.0);   // 50 % cut
  EXPECT_EQ(model::LaneCapacity(net, cuts, lane, day0 + 12), 5.0);  // both: the lower
  EXPECT_EQ(model::LaneCapacity(net, cuts, lane, day0 + 15), 6.0);  // 80 % = 8: own binds
  EXPECT_EQ(model::LaneCapacity(net, cuts, lane, day0 + 20), 6.0);  // both over
  EXPECT_TRUE(std::isinf(model::ThroughputCap(cuts, lane, day0 + 20)));

  // Without a capacity of its own, the lane is capped only while a cut is in force.
  NetBuilder free = OneLane();
  auto open = model::Compile(free.network());
  EXPECT_TRUE(open.capped_lanes.empty());
  model::ResolvedScenario r2 = model::Resolve(open, sc);
  model::BuildThroughputCuts(open, r2, model::NominalSchedule(r2), cuts);
  ASSERT_EQ(cuts.capped_lanes.size(), 1u);
  EXPECT_TRUE(std::isinf(model::LaneCapacity(open, cuts, lane, day0 + 4)));
  EXPECT_EQ(model::LaneCapacity(open, cuts, lane, day0 + 16), 8.0);
}

// Selecting by origin: S (CN) and T (JP) both may supply B; a cut of CN's exports caps S's lanes
// only, and a lane with no baseline flow (S -> T: T needs nothing) carries nothing under a
// factor.
TEST(GoldenThroughput, OriginSelectsTheExportersLanes) {
  NetBuilder b = OneLane();
  b.Country("JP");
  b.Site("T", "JP");
  b.Stock("T", "cells", 1000);
  b.Lane("T", "B", "cells", 0, 0.0).alternate = true;
  b.Lane("S", "T", "cells", 0);
  auto net = model::Compile(b.network());
  model::Scenario sc = MakeScenario(30);
  model::Event e = MakeEvent("cn", EventKind::kLaneThroughput, 0, 30);
  e.origins = {"CN"};
  e.severity = model::Distribution::Fixed(0.72);
  sc.events.push_back(e);
  model::ResolvedScenario resolved = model::Resolve(net, sc);
  ASSERT_EQ(resolved.events[0].lanes.size(), 2u);  // S->B and S->T, not T->B
  model::ThroughputCuts cuts;
  model::BuildThroughputCuts(net, resolved, model::NominalSchedule(resolved), cuts);
  for (LaneId l : resolved.events[0].lanes) {
    EXPECT_EQ(net.slot_site[net.lane_from[l.value].value], net.FindSite("S"));
    EXPECT_NEAR(model::ThroughputCap(cuts, l, sc.start), 0.72 * net.lane_expected_flow[l.value], 1e-12);
  }
  EXPECT_EQ(model::ThroughputCap(cuts, net.FindLane("S->T:cells"), sc.start), 0.0);
}

// A cut lane's buyer orders from its other supplier (docs/SIMULATION.md, Re-sourcing: "A capped
// lane that cannot carry its share"). B needs 10 GWh/d from S (CN) and T (JP), shares 0.5 each,
// transit 0, one day of stock; S and T hold 1000 each. Over 30 days, on S's lane:
// - a lane_closure: the lane is blocked, T takes the whole order: nothing unserved;
// - a cut to factor 0.72 (3.6 GWh/d, below S's part of a day's need, 0.5 x 10 = 5): B's share
//   split goes around the cap (Re-sourcing, "A capped lane that cannot carry its part"): S's
//   lane is weighted 3.6 / 10 = 0.36 and T's takes the 0.14 it gives up, 0.64. Each day B holds
//   10, orders 20 - 10 = 10: 3.6 on S's lane (it ships all of it) and 6.4 on T's; both land
//   after Serve, which serves 10 from the 10 held. Nothing unserved, nothing held back;
// - a cut to factor 0: S's lane is weighted 0, T takes it all: as the closure;
// - the lane's own capacity of 3.6 GWh/d and no event: as the 0.72 cut.
// Before this rule (the held part stayed on order, S was never late) the 0.72 cut and the
// capacity left 75.6 GWh unserved and the cut to 0 left 270 of 300 GWh.
TEST(GoldenThroughput, ACutLanesBuyerOrdersTheRestFromItsOtherSupplier) {
  auto two_lanes = [](double capacity) {
    NetBuilder b = testutil::CellsBuyerAndTwoSuppliers();
    model::Lane& s = b.Lane("S", "B", "cells", 0, 0.5);
    if (capacity > 0.0) s.capacity_per_day = capacity;
    b.Lane("T", "B", "cells", 0, 0.5);
    return model::Compile(b.network());
  };
  const model::CompiledNetwork net = two_lanes(0.0);
  ASSERT_NEAR(net.lane_expected_flow[net.FindLane("S->B:cells").value], 5.0, 1e-12);
  model::Scenario closure = MakeScenario(30);
  model::Event close = MakeEvent("close", EventKind::kLaneClosure, 0, 30);
  close.lanes = {"S->B:cells"};
  closure.events.push_back(close);
  EXPECT_NEAR(Simulate(net, closure).results.totals.unserved_gwh, 0.0, 1e-9);
  for (double factor : {0.0, 0.72}) {
    model::Scenario cut = MakeScenario(30);
    cut.events.push_back(Cut(0, 30, factor));
    DailyRun run = Simulate(net, cut);
    EXPECT_NEAR(run.results.totals.demand_gwh, 300.0, 1e-9);
    EXPECT_NEAR(run.results.totals.unserved_gwh, 0.0, 1e-9) << "factor " << factor;
    for (int t = 0; t < 30; ++t) {
      // S's lane carries its cap, 0.72 x 5 = 3.6 (or 0), every day.
      EXPECT_NEAR(run.shipped[static_cast<size_t>(t)], factor * 5.0, 1e-9) << factor << " day " << t;
      EXPECT_NEAR(run.unmet[static_cast<size_t>(t)], 0.0, 1e-9);
    }
  }
  // The lane's own capacity, no event.
  EXPECT_NEAR(Simulate(two_lanes(3.6), MakeScenario(30)).results.totals.unserved_gwh, 0.0, 1e-9);
  // A cut for days 5-14 only: B is back to ordering by share once it ends.
  model::Scenario window = MakeScenario(30);
  window.events.push_back(Cut(5, 10, 0.72));
  DailyRun run = Simulate(net, window);
  EXPECT_NEAR(run.results.totals.unserved_gwh, 0.0, 1e-9);
  EXPECT_NEAR(run.shipped[2], 5.0, 1e-9);
  EXPECT_NEAR(run.shipped[25], 5.0, 1e-9);
  EXPECT_NEAR(run.shipped[10], 3.6, 1e-9);
}

// An alternate stands in for what a cut lane cannot carry, as for a blocked primary
// (docs/SIMULATION.md, Re-sourcing, "A cut lane's share stands aside"). B needs 10 GWh/d from S
// (CN, its one primary, share 1), with an alternate T (JP, share 1, qualified from the day a
// block or cut begins: qualification 0); transit 0, one day of stock; S and T hold 1000 each.
// S's lane is cut to 50 % (5 GWh/d) on days 5-14 of 30.
// Days 0-4: as in the half cut above, B orders 10 from S, all ship, nothing lost.
// Day 5: S's part of the need is 1 x 10 = 10 > its cap 5: the part it cannot carry,
//   1 - 5 / 10 = 0.5 of its share, stands aside as a blocked share, from day 5. T qualifies at
//   once (0 days), so S keeps 0.5 / 1 = 0.5 of the order and T takes the 0.5 set aside. B holds
//   10, orders 20 - 10 = 10: 5 on S's lane (it ships all 5), 5 on T's; both land after Serve,
//   which serves 10 from the 10 held. The same every day of the cut: nothing lost.
// Day 15 (the cut has ended): nothing stands aside; B re-plans as after a block (T owes nothing
//   to cancel) and orders 10 from S again.
// Before the rule T was never asked (only a blocked primary let alternates in) and B lost 5 a
// day as in the half cut above: 50 GWh. A closure of S's lane on days 5-14, and a cut to 0 (a
// lane cut to nothing is blocked), put the whole order on T: T ships 10 a day, nothing lost.
TEST(GoldenThroughput, AnAlternateStandsInForWhatACutLaneCannotCarry) {
  NetBuilder b = OneLane();
  b.Country("JP");
  b.Site("T", "JP");
  b.Stock("T", "cells", 1000);
  model::Lane& alt = b.Lane("T", "B", "cells", 0, 1.0);
  alt.alternate = true;
  alt.qualification_days = 0;
  const model::CompiledNetwork net = model::Compile(b.network());
  const uint32_t t_slot = net.FindSlot(net.FindSite("T"), net.FindMaterial("cells")).value;
  // T's shipments per day (the sink keeps S's: run it again with T as the "supplier").
  auto run = [&](const model::Event& e, bool of_t) {
    model::Scenario sc = MakeScenario(30);
    sc.events.push_back(e);
    DailyRun out;
    model::ResolvedScenario resolved = model::Resolve(net, sc);
    sim::Engine engine = sim::Engine::Create(net);
    const uint32_t b_slot = net.FindSlot(net.FindSite("B"), net.FindMaterial("cells")).value;
    const uint32_t s_slot = net.FindSlot(net.FindSite("S"), net.FindMaterial("cells")).value;
    Daily sink(of_t ? t_slot : s_slot, b_slot, out);
    out.results = engine.Run(resolved, model::NominalSchedule(resolved), sim::RunOptions{}, &sink);
    return out;
  };
  for (bool of_t : {false, true}) {
    DailyRun half = run(Cut(5, 10, 0.5), of_t);
    EXPECT_NEAR(half.results.totals.demand_gwh, 300.0, 1e-9);
    EXPECT_NEAR(half.results.totals.unserved_gwh, 0.0, 1e-9);
    ASSERT_EQ(half.shipped.size(), 30u);
    for (int t = 0; t < 30; ++t) {
      const bool cut = t >= 5 && t < 15;
      const double expected = of_t ? (cut ? 5.0 : 0.0) : (cut ? 5.0 : 10.0);
      EXPECT_NEAR(half.shipped[static_cast<size_t>(t)], expected, 1e-9)
          << (of_t ? "T" : "S") << " day " << t;
      EXPECT_NEAR(half.unmet[static_cast<size_t>(t)], 0.0, 1e-9) << "day " << t;
    }
  }
  model::Event close = MakeEvent("close", EventKind::kLaneClosure, 5, 10);
  close.lanes = {"S->B:cells"};
  for (const model::Event& e : {close, Cut(5, 10, 0.0)}) {
    DailyRun whole = run(e, true);
    EXPECT_NEAR(whole.results.totals.unserved_gwh, 0.0, 1e-9) << e.id;
    for (int t = 5; t < 15; ++t) {
      EXPECT_NEAR(whole.shipped[static_cast<size_t>(t)], 10.0, 1e-9) << e.id << " day " << t;
    }
    EXPECT_NEAR(whole.shipped[15], 0.0, 1e-9) << e.id;
  }
}

// The same case read from YAML (tests/golden/cut_resourcing/): the cut to 0, the cut to 0.72 and
// the lane's own `capacity: 1314 GWh/yr` (3.6 GWh/d) leave nothing unserved, as the closure does
// (worked above). On the engine before the capped-lane shortage rule: 270, 75.6 and 75.6 GWh.
TEST(GoldenThroughput, FromYamlACutLaneIsReSourcedAsAClosedOne) {
  for (const char* file : {"closure.yaml", "cut0.yaml", "cut72.yaml", "cap.yaml"}) {
    auto path = std::filesystem::path(CT_TEST_DIR) / "golden" / "cut_resourcing" / file;
    io::LoadedScenario loaded = io::LoadScenario(path.string());
    model::CompiledNetwork net = model::Compile(loaded.network);
    sim::Results r = sim::Simulate(net, loaded.scenario);
    EXPECT_NEAR(r.totals.demand_gwh, 300.0, 1e-9) << file;
    EXPECT_NEAR(r.totals.unserved_gwh, 0.0, 1e-9) << file;
  }
}

// The LP honours the cut as it honours a lane capacity: with the lane cut to 50 % for the whole
// 10-day run (1-day periods), B can be served its opening 10 plus 5/d x 10 days = 60 (a day's
// shipment serves the same day in a period balance), and the lane's capacity binds.
TEST(GoldenThroughput, ThePlanHonoursTheCut) {
  NetBuilder b = OneLane();
  auto net = model::Compile(b.network());
  model::Scenario sc = MakeScenario(10);
  sc.events.push_back(Cut(0, 10, 0.5));
  model::ResolvedScenario resolved = model::Resolve(net, sc);
  model::PlanConfig config;
  config.period_days = 1;
  opt::PlanResult plan = opt::MakePlan(net, resolved, model::NominalSchedule(resolved), config);
  ASSERT_EQ(plan.status, opt::LpStatus::kOptimal);
  EXPECT_NEAR(plan.served_gwh, 60.0, 1e-6);
  ASSERT_FALSE(plan.binding.empty());
  EXPECT_EQ(plan.binding.front().kind, opt::BindingConstraint::Kind::kLaneCapacity);

  // Without the cut everything is served.
  model::Scenario plain = MakeScenario(10);
  model::ResolvedScenario r2 = model::Resolve(net, plain);
  opt::PlanResult all = opt::MakePlan(net, r2, model::NominalSchedule(r2), config);
  ASSERT_EQ(all.status, opt::LpStatus::kOptimal);
  EXPECT_NEAR(all.served_gwh, 100.0, 1e-6);
}

}  // namespace
}  // namespace chaintwin
