// Hand-worked cases for a lane's part of a shared cap (docs/SIMULATION.md, Re-sourcing, "A
// lane's part of a shared cap"): a chokepoint's throughput and a contract's `max_volume` over
// two lanes. A lane's part of a shared cap is the cap x its baseline flow / the baseline flows of
// all the cap's lanes; step 4 counts it with the lane's own caps (model::OrderCapacity), so the
// part of a primary's share that its part cannot carry stands aside for alternates, while Fill
// still shares the cap pro rata to what its lanes would ship. As in cap_resourcing_test.cpp,
// lanes are transit 0 (a shipment joins the buyer's stock at the end of the day, after Serve),
// suppliers hold far more than is ever asked, and buyers target one day of supply and start
// with it.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/capacity.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Stage;
using testutil::MakeScenario;
using testutil::NetBuilder;

// A chokepoint X passing 10 GWh/d, half of the 20 GWh/d its lanes carry at the start. B1 needs
// 10 GWh/d from S through X (its one primary) and has T, off X, as an alternate qualified at
// once; B2 needs 20 GWh/d, half from S through X and half from P, off X, and has no alternate.
NetBuilder SharedChokepoint() {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell);
  for (const char* c : {"CN", "JP", "KR", "PL", "DE"}) b.Country(c);
  b.Chokepoint("X");
  b.network().chokepoints.back().capacity_per_day = 10.0;
  b.network().chokepoints.back().capacity_dimension = Dimension::kEnergy;
  b.Site("S", "CN");
  b.Site("T", "JP");
  b.Site("P", "PL");
  for (const char* s : {"S", "T", "P"}) b.Stock(s, "cells", 1000);
  b.Site("B1", "KR", 1);
  b.Demand("B1", "cells", 10);
  b.Site("B2", "DE", 1);
  b.Demand("B2", "cells", 20);
  b.Lane("S", "B1", "cells", 0).chokepoints.push_back({"X", 0});
  model::Lane& alt = b.Lane("T", "B1", "cells", 0);
  alt.alternate = true;
  alt.qualification_days = 0;
  b.Lane("S", "B2", "cells", 0, 0.5).chokepoints.push_back({"X", 0});
  b.Lane("P", "B2", "cells", 0, 0.5);
  return b;
}

// What each site shipped and each buyer missed, day by day.
struct SharedDays {
  sim::Results results;
  std::vector<std::vector<double>> shipped, unmet;  // [site][day], sites as asked
};

class KeepSharedDays : public sim::TimelineSink {
 public:
  KeepSharedDays(const model::CompiledNetwork& net, const std::vector<const char*>& sites,
                 SharedDays& out)
      : out_(out) {
    const MaterialId cells = net.FindMaterial("cells");
    for (const char* s : sites) slots_.push_back(net.FindSlot(net.FindSite(s), cells).value);
    out_.shipped.assign(sites.size(), {});
    out_.unmet.assign(sites.size(), {});
  }
  void Day(const model::CompiledNetwork&, const sim::DayFigures& f) override {
    for (size_t i = 0; i < slots_.size(); ++i) {
      out_.shipped[i].push_back(f.shipped[slots_[i]]);
      out_.unmet[i].push_back(f.unmet[slots_[i]]);
    }
  }

 private:
  SharedDays& out_;
  std::vector<uint32_t> slots_;
};

SharedDays RunSharedDays(const model::CompiledNetwork& net, const model::Scenario& sc,
                         const std::vector<const char*>& sites, bool fast) {
  SharedDays out;
  model::ResolvedScenario resolved = model::Resolve(net, sc);
  sim::Engine engine = sim::Engine::Create(net);
  KeepSharedDays sink(net, sites, out);
  sim::RunOptions options;
  options.fast.order = fast;
  out.results = engine.Run(resolved, model::NominalSchedule(resolved), options, &sink);
  return out;
}

// The parts: S->B1 and S->B2 each carry 10 GWh/d at the start, so each has 10 x 10 / 20 = 5 of
// X's 10. T->B1 (an alternate, no baseline flow) has no part, nor has a lane off X; a lane
// crossing X without a baseline flow has none either (Fill alone holds it to X).
TEST(GoldenSharedCap, ALanesPartIsTheCapByItsShareOfTheBaselineFlows) {
  NetBuilder b = SharedChokepoint();
  b.Lane("T", "B2", "cells", 0).chokepoints.push_back({"X", 0});
  b.network().lanes.back().alternate = true;
  const model::CompiledNetwork net = model::Compile(b.network());
  ASSERT_EQ(net.num_limits(), 1u);
  model::ThroughputCuts cuts;
  cuts.capped_lanes = net.capped_lanes;
  model::LimitParts parts;
  model::BuildLimitParts(net, parts);
  const int32_t day = MakeScenario(1).start;
  auto cap = [&](const char* lane) {
    return model::OrderCapacity(net, cuts, parts, net.FindLane(lane), day);
  };
  EXPECT_DOUBLE_EQ(cap("S->B1:cells"), 5.0);
  EXPECT_DOUBLE_EQ(cap("S->B2:cells"), 5.0);
  EXPECT_TRUE(std::isinf(cap("T->B1:cells")));
  EXPECT_TRUE(std::isinf(cap("P->B2:cells")));
  EXPECT_TRUE(std::isinf(cap("T->B2:cells")));  // crosses X, no baseline flow: no part
  // The lane's own capacity still binds when lower; Fill's rule is unchanged.
  EXPECT_TRUE(std::isinf(model::LaneCapacity(net, net.FindLane("S->B1:cells"), day)));

  // A limit none of whose lanes has a baseline flow gives no lane a part.
  NetBuilder idle = SharedChokepoint();
  for (model::Lane& lane : idle.network().lanes) {
    if (lane.supplier == "S") lane.alternate = true;
  }
  const model::CompiledNetwork idle_net = model::Compile(idle.network());
  model::BuildLimitParts(idle_net, parts);
  EXPECT_TRUE(parts.parts.empty());
  model::ThroughputCuts idle_cuts;
  EXPECT_TRUE(std::isinf(model::OrderCapacity(idle_net, idle_cuts, parts,
                                              idle_net.FindLane("S->B1:cells"), day)));
}

// With the rule, every day is day 0:
// B1: S->B1's part of its need is 1 x 10 = 10 > its part of X, 5: the cap binds from day 0 and
//   1 - 5 / 10 = 0.5 of its share stands aside; T qualifies at once and takes it: S->B1
//   weighted 0.5, T->B1 0.5. B1 holds 10, orders up to 10 x 1 day + 10 today = 20, so 10: 5 on
//   each lane.
// B2: S->B2's part of its need is 0.5 x 20 = 10 > 5: 0.5 of its share 0.5 stands aside, 0.25;
//   no alternate, so the usable primaries share the order: S->B2 0.25 / 0.75 = 1/3, P->B2
//   0.5 / 0.75 = 2/3. The split around caps then weights S->B2 at 5 / 20 = 0.25 (1/3 x 20 >
//   5) and gives the 1/12 it frees to P->B2: 0.75. B2 holds 20, orders 20: 5 on S->B2, 15 on
//   P->B2.
// Fill: X's lanes would ship 5 + 5 = 10, within its 10: all ships. S ships 10, T 5, P 15; B1
//   and B2 serve all from what they hold, and what lands refills them. Nothing is lost.
// Before the rule (the engine that did not count shared caps at step 4; measured with it, and
//   the first days worked here): B1 ordered 10 on S->B1, B2 10 on each of its lanes.
//   Day 0: X's lanes would ship 20: each gets 10/20, 5 (owing 5); P ships 10. B1 serves 10
//     and ends with 5, B2 serves 20 and ends with 15.
//   Day 1: B1 orders 20 - 5 - 5 = 10 (S->B1 owes 15), B2 40 - 15 - 5 = 20: 10 + 10 (S->B2
//     owes 15). X passes 10 of 30: 5 each; P ships 10. B1 serves 5 of 10, B2 15 of 20: 5 lost
//     each.
//   Day 2: B1 orders 5 (owes 15), B2 15: 7.5 + 7.5 (owes 17.5). X passes 10 of 32.5: 4.615 and
//     5.385; P 7.5. 5 lost each.
//   The held orders fill both positions: B1 settles at 10 (sqrt 2 - 1) = 4.142 GWh/d, B2 at
//   40 - 20 sqrt 2 = 11.716 (half from P, which was never asked for more), and T stays idle:
//   396.457 of 900 GWh unserved in 30 days.
TEST(GoldenSharedCap, AnAlternateOffAChokepointAtHalfStandsInForItsLanesPart) {
  const model::CompiledNetwork net = model::Compile(SharedChokepoint().network());
  for (bool fast : {true, false}) {
    SharedDays run = RunSharedDays(net, MakeScenario(30), {"S", "T", "P", "B1", "B2"}, fast);
    EXPECT_NEAR(run.results.totals.demand_gwh, 900.0, 1e-9);
    EXPECT_NEAR(run.results.totals.unserved_gwh, 0.0, 1e-9) << "fast " << fast;
    EXPECT_TRUE(run.results.shortages.empty());
    ASSERT_EQ(run.shipped[0].size(), 30u);
    for (size_t t = 0; t < 30; ++t) {
      EXPECT_NEAR(run.shipped[0][t], 10.0, 1e-9) << "S, day " << t;
      EXPECT_NEAR(run.shipped[1][t], 5.0, 1e-9) << "T, day " << t;
      EXPECT_NEAR(run.shipped[2][t], 15.0, 1e-9) << "P, day " << t;
      EXPECT_NEAR(run.unmet[3][t] + run.unmet[4][t], 0.0, 1e-9) << "day " << t;
    }
  }
}

// B needs 10 GWh/d from S over two lanes, sea and air (shares 0.5, 5 GWh/d each at the start),
// with T as an alternate qualified at once; a contract S -> B caps both lanes together at
// 5 GWh/d on days 5-14 (2026-01-06 to 2026-01-15) of 30.
// Days 0-4: no cap in force; B orders 10, 5 on each lane, all ships, nothing lost.
// Day 5: the term begins. Each lane alone may carry the contract's 5 (model::LaneCapacity),
//   which does not bind (its part of the need is 0.5 x 10 = 5), but its part of the contract
//   is 5 x 5 / 10 = 2.5: it binds from day 5 and 1 - 2.5 / 5 = 0.5 of each share stands aside,
//   0.25 + 0.25; T qualifies at once and takes it: sea 0.25, air 0.25, T 0.5. B orders 10: 2.5,
//   2.5 and 5; the contract passes the 5 on its lanes; nothing lost. The same every day of the
//   term.
// Day 15: the term has ended, no cap binds; B re-plans as after a block (T owes nothing to
//   cancel): 5 on each lane again.
// Before the rule B ordered 5 on each lane, the contract passed 2.5 of each and B lost 5 a day
// on days 6-15, 50 GWh, as with the contract on one lane
// (GoldenCapResourcing.AnAlternateStandsInForWhatAContractMaxVolumeCannotCarry, "before").
TEST(GoldenSharedCap, AnAlternateStandsInForWhatAContractOverTwoLanesCannotCarry) {
  NetBuilder b = testutil::CellsBuyerAndTwoSuppliers();
  b.Lane("S", "B", "cells", 0, 0.5).id = "sea";
  b.Lane("S", "B", "cells", 0, 0.5).id = "air";
  model::Lane& alt = b.Lane("T", "B", "cells", 0);
  alt.alternate = true;
  alt.qualification_days = 0;
  b.Contract("S", "B", "cells", 1, 5.0);
  model::Scenario sc = MakeScenario(30);
  b.network().contracts.back().max_volume_per_day = 5.0;
  b.network().contracts.back().start = sc.start + 5;
  b.network().contracts.back().end = sc.start + 14;
  const model::CompiledNetwork net = model::Compile(b.network());
  ASSERT_EQ(net.num_limits(), 1u);
  model::ThroughputCuts cuts;
  model::LimitParts parts;
  model::BuildLimitParts(net, parts);
  EXPECT_TRUE(std::isinf(model::OrderCapacity(net, cuts, parts, net.FindLane("sea"), sc.start + 4)));
  EXPECT_DOUBLE_EQ(model::OrderCapacity(net, cuts, parts, net.FindLane("sea"), sc.start + 5), 2.5);
  EXPECT_DOUBLE_EQ(model::OrderCapacity(net, cuts, parts, net.FindLane("air"), sc.start + 14), 2.5);
  for (bool fast : {true, false}) {
    SharedDays run = RunSharedDays(net, sc, {"S", "T", "B"}, fast);
    EXPECT_NEAR(run.results.totals.unserved_gwh, 0.0, 1e-9) << "fast " << fast;
    ASSERT_EQ(run.shipped[0].size(), 30u);
    for (size_t t = 0; t < 30; ++t) {
      const bool term = t >= 5 && t < 15;
      EXPECT_NEAR(run.shipped[0][t], term ? 5.0 : 10.0, 1e-9) << "S, day " << t;
      EXPECT_NEAR(run.shipped[1][t], term ? 5.0 : 0.0, 1e-9) << "T, day " << t;
      EXPECT_NEAR(run.unmet[2][t], 0.0, 1e-9) << "day " << t;
    }
  }
}

// The same two cases read from YAML (tests/golden/shared_cap/), through the CLI's loader: 0 GWh
// unserved in each, where the engine before the rule left 396.457 and 50.
TEST(GoldenSharedCap, FromYaml) {
  struct Case {
    const char* file;
    double demand;
  };
  for (const Case& c : {Case{"chokepoint.yaml", 900.0}, Case{"contract.yaml", 300.0}}) {
    auto path = std::filesystem::path(CT_TEST_DIR) / "golden" / "shared_cap" / c.file;
    io::LoadedScenario loaded = io::LoadScenario(path.string());
    model::CompiledNetwork net = model::Compile(loaded.network);
    sim::Results r = sim::Simulate(net, loaded.scenario);
    EXPECT_NEAR(r.totals.demand_gwh, c.demand, 1e-9) << c.file;
    EXPECT_NEAR(r.totals.unserved_gwh, 0.0, 1e-9) << c.file;
  }
}

}  // namespace
}  // namespace chaintwin
