// Hand-worked cases for the rule "A capped lane's share stands aside" (docs/SIMULATION.md,
// Re-sourcing) with the caps a lane has without any event: its own `capacity` and a contract's
// `max_volume`. As in throughput_test.cpp, lanes are transit 0 (a shipment joins the buyer's
// stock at the end of the day, after Serve), S and T hold far more than is ever asked, and the
// buyer B needs 10 GWh/d, targets one day of supply and starts with it; T is B's alternate.
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
using model::EventKind;
using model::Stage;
using testutil::MakeEvent;
using testutil::MakeScenario;
using testutil::NetBuilder;

// S (CN) -> B (KR), the one primary (share 1), and T (JP) -> B, an alternate qualified
// `qualification` days after a block, a cut or a cap binding begins; cells, transit 0.
NetBuilder WithAlternate(int qualification) {
  NetBuilder b = testutil::CellsBuyerAndTwoSuppliers();
  b.Lane("S", "B", "cells", 0);
  model::Lane& alt = b.Lane("T", "B", "cells", 0, 1.0);
  alt.alternate = true;
  alt.qualification_days = qualification;
  return b;
}

struct Daily {
  sim::Results results;
  std::vector<double> s, t, unmet;  // per day: S's and T's shipments, B's unmet demand
};

class KeepDays : public sim::TimelineSink {
 public:
  KeepDays(const model::CompiledNetwork& net, Daily& out) : out_(out) {
    const MaterialId cells = net.FindMaterial("cells");
    s_ = net.FindSlot(net.FindSite("S"), cells).value;
    t_ = net.FindSlot(net.FindSite("T"), cells).value;
    b_ = net.FindSlot(net.FindSite("B"), cells).value;
  }
  void Day(const model::CompiledNetwork&, const sim::DayFigures& f) override {
    out_.s.push_back(f.shipped[s_]);
    out_.t.push_back(f.shipped[t_]);
    out_.unmet.push_back(f.unmet[b_]);
  }

 private:
  Daily& out_;
  uint32_t s_ = 0, t_ = 0, b_ = 0;
};

Daily RunDaily(const model::CompiledNetwork& net, const model::Scenario& sc, bool fast = true) {
  Daily out;
  model::ResolvedScenario resolved = model::Resolve(net, sc);
  sim::Engine engine = sim::Engine::Create(net);
  KeepDays sink(net, out);
  sim::RunOptions options;
  options.fast.order = fast;
  out.results = engine.Run(resolved, model::NominalSchedule(resolved), options, &sink);
  return out;
}

// S's lane has a `capacity` of 5 GWh/d, half of B's need; T is qualified at once (0 days).
// Day 0: S's part of the need is 1 x 10 = 10 > its cap 5: the cap binds from day 0 (the first
//   day of its run of binding days), and 1 - 5 / 10 = 0.5 of S's share stands aside as a
//   blocked share. T qualifies at once, so S keeps 0.5 / 1 = 0.5 of the order and T takes the
//   0.5 set aside. B holds 10, orders up to 10 x 1 day + 10 today = 20, so 10: 5 on S's lane
//   (it ships all 5) and 5 on T's; both land after Serve, which serves 10 from the 10 held.
// Every day is day 0 again: S ships 5, T 5, nothing is lost in 30 days.
// Before the rule the split around caps had no other lane to move S's excess to (T, an
// alternate, was never asked without a blocked primary): B ordered 10 a day on S, S shipped 5,
// and B lost 5 a day on days 1-29, 145 of 300 GWh (as HalfCutForTenDays... in
// throughput_test.cpp, for the whole run).
TEST(GoldenCapResourcing, AnAlternateStandsInForWhatALaneCapacityCannotCarry) {
  NetBuilder b = WithAlternate(0);
  b.network().lanes[0].capacity_per_day = 5.0;
  const model::CompiledNetwork net = model::Compile(b.network());
  ASSERT_DOUBLE_EQ(net.lane_expected_flow[net.FindLane("S->B:cells").value], 10.0);
  for (bool fast : {true, false}) {
    Daily run = RunDaily(net, MakeScenario(30), fast);
    EXPECT_NEAR(run.results.totals.demand_gwh, 300.0, 1e-9);
    EXPECT_NEAR(run.results.totals.unserved_gwh, 0.0, 1e-9) << "fast " << fast;
    ASSERT_EQ(run.s.size(), 30u);
    for (size_t t = 0; t < 30; ++t) {
      EXPECT_NEAR(run.s[t], 5.0, 1e-9) << "S, day " << t;
      EXPECT_NEAR(run.t[t], 5.0, 1e-9) << "T, day " << t;
      EXPECT_NEAR(run.unmet[t], 0.0, 1e-9) << "day " << t;
    }
    EXPECT_TRUE(run.results.shortages.empty());
  }
}

// The same with T qualified 3 days after the cap begins to bind: it binds from day 0, so T is
// first asked on day 3. Until then B orders on S alone (no other primary takes the part set
// aside, and the split around caps has no other lane weighted), as before the rule:
// Day 0: B holds 10, orders 10 on S; S ships 5 (owes 5); Serve 10 from 10; B ends with 5.
// Day 1: position 5 + 5 owed = 10, orders 10 (S owes 15); S ships 5 (owes 10); Serve 5 of 10:
//   loses 5; B ends with 5.
// Day 2: position 5 + 10 = 15, orders 5 (S owes 15); S ships 5 (owes 10); loses 5; ends with 5.
// Day 3: T qualifies (3 - 0 >= 3): S weighted 0.5, T 0.5. Position 5 + 10 = 15, orders 5: 2.5
//   on each (S owes 12.5, within 5 x 7 days, nothing cancelled); S ships 5 (owes 7.5), T 2.5;
//   loses 5; ends with 7.5.
// Day 4: position 7.5 + 7.5 = 15, orders 5: 2.5 each (S owes 10); S ships 5 (owes 5), T 2.5;
//   Serve 7.5 of 10: loses 2.5; ends with 7.5.
// Day 5: position 7.5 + 5 = 12.5, orders 7.5: 3.75 each (S owes 8.75); S ships 5 (owes 3.75),
//   T 3.75; loses 2.5; ends with 8.75.
// Day 6: position 8.75 + 3.75 = 12.5, orders 7.5: 3.75 each (S owes 7.5); S ships 5 (owes
//   2.5), T 3.75; loses 1.25; ends with 8.75.
// From day 3 on, with s B's stock and o what S owes when B orders: B orders q = 20 - s - o,
//   half on each lane; S ships 5 (what it owes never falls below 5: o + q / 2 = 10 - s / 2 +
//   o / 2), T ships q / 2, so B ends with 5 + q / 2 and S owes o + q / 2 - 5. B's losses
//   (10 - s) halve every second day: 2.5 on days 4 and 5, 1.25 on days 6 and 7, ..., and T ships
//   5 less the next day's loss.
// Unserved: 5 + 5 on days 1-2, 5 on day 3, then 2 x 2.5 x (1 + 1/2 + ... + 1/2^12) on days
// 4-29 = 10 x (1 - 1/8192): 24.998779296875 GWh in all (145 before the rule).
double LossQ3(size_t t) {
  if (t == 0) return 0.0;
  if (t <= 3) return 5.0;
  return 2.5 * std::pow(0.5, static_cast<double>((t - 4) / 2));
}

TEST(GoldenCapResourcing, TheAlternateQualifiesFromTheFirstDayTheCapBinds) {
  NetBuilder b = WithAlternate(3);
  b.network().lanes[0].capacity_per_day = 5.0;
  const model::CompiledNetwork net = model::Compile(b.network());
  for (bool fast : {true, false}) {
    Daily run = RunDaily(net, MakeScenario(30), fast);
    ASSERT_EQ(run.s.size(), 30u);
    EXPECT_NEAR(run.results.totals.unserved_gwh, 24.998779296875, 1e-9) << "fast " << fast;
    for (size_t t = 0; t < 30; ++t) {
      EXPECT_NEAR(run.s[t], 5.0, 1e-9) << "S, day " << t;
      EXPECT_NEAR(run.t[t], t < 3 ? 0.0 : 5.0 - LossQ3(t + 1), 1e-9) << "T, day " << t;
      EXPECT_NEAR(run.unmet[t], LossQ3(t), 1e-9) << "day " << t;
    }
  }
}

// A contract's `max_volume` of 5 GWh/d on S's lane, in force on days 5-14 (2026-01-06 to
// 2026-01-15) of 30; T is qualified at once. It is the 50 % cut of
// GoldenThroughput.AnAlternateStandsInForWhatACutLaneCannotCarry, to the figure:
// Days 0-4: no cap in force; B orders 10 from S, all ship, nothing lost.
// Day 5: the contract's term begins, S's part 10 > 5: the cap binds from day 5, 0.5 of S's
//   share stands aside and T, qualified at once, takes it: 5 on each lane, all shipped,
//   nothing lost. The same every day of the term.
// Day 15: the term has ended; the cap no longer binds and B re-plans as after a block (T owes
//   nothing to cancel): 10 from S again.
// Before the rule B lost 5 a day on days 6-15, 50 GWh, as under the half cut without the
// alternate.
TEST(GoldenCapResourcing, AnAlternateStandsInForWhatAContractMaxVolumeCannotCarry) {
  NetBuilder b = WithAlternate(0);
  b.Contract("S", "B", "cells", 1, 5.0);
  model::Scenario sc = MakeScenario(30);
  b.network().contracts.back().max_volume_per_day = 5.0;
  b.network().contracts.back().start = sc.start + 5;
  b.network().contracts.back().end = sc.start + 14;
  const model::CompiledNetwork net = model::Compile(b.network());
  const LaneId lane = net.FindLane("S->B:cells");
  EXPECT_TRUE(std::isinf(model::LaneCapacity(net, lane, sc.start + 4)));
  EXPECT_EQ(model::LaneCapacity(net, lane, sc.start + 5), 5.0);
  EXPECT_EQ(model::LaneCapacity(net, lane, sc.start + 14), 5.0);
  EXPECT_TRUE(std::isinf(model::LaneCapacity(net, lane, sc.start + 15)));
  for (bool fast : {true, false}) {
    Daily run = RunDaily(net, sc, fast);
    EXPECT_NEAR(run.results.totals.unserved_gwh, 0.0, 1e-9) << "fast " << fast;
    ASSERT_EQ(run.s.size(), 30u);
    for (size_t t = 0; t < 30; ++t) {
      const bool term = t >= 5 && t < 15;
      EXPECT_NEAR(run.s[t], term ? 5.0 : 10.0, 1e-9) << "S, day " << t;
      EXPECT_NEAR(run.t[t], term ? 5.0 : 0.0, 1e-9) << "T, day " << t;
      EXPECT_NEAR(run.unmet[t], 0.0, 1e-9) << "day " << t;
    }
  }
}

// The split around capped lanes when the buyer has nowhere else to order (docs/SIMULATION.md,
// Re-sourcing, "A capped lane that cannot carry its part"): the capped lanes keep their
// weights, but while they stand in for a blocked primary each is asked no more than its own cap
// lets it carry within the re-order window, less what it owes, and what it owes beyond that is
// cancelled. Traced from CapMetamorphic (seed
// 29, events kept, max_volume x 1.5): a buyer's one usable lane during an export ban, capped but
// not below its share of the need, drew the whole shortfall for weeks; after the ban it still
// owed 32 days of its cap, which filled the buyer's position, so the buyer ordered nothing from
// the returning Chinese lanes for 12 days.

// Cells (GWh). B (KR) needs 10 a day, targets 10 days of supply and starts with them (100).
// Three primaries, transit 0, each supplier holding 1000: S (CN, share 0.4, no cap), R (CN,
// share 0.2, `capacity` 1 a day: below its part 0.2 x 10 = 2 from day 0) and T (JP, share 0.4,
// `capacity` 5 a day: above its part 4). China's cells are banned on days 1-25 of 30.
NetBuilder StandNetwork() {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell);
  for (const char* c : {"CN", "JP", "KR"}) b.Country(c);
  for (const char* s : {"S", "R"}) {
    b.Site(s, "CN");
    b.Stock(s, "cells", 1000);
  }
  b.Site("T", "JP");
  b.Stock("T", "cells", 1000);
  b.Site("B", "KR", 10);
  b.Demand("B", "cells", 10);
  b.Lane("S", "B", "cells", 0, 0.4);
  b.Lane("R", "B", "cells", 0, 0.2).capacity_per_day = 1.0;
  b.Lane("T", "B", "cells", 0, 0.4).capacity_per_day = 5.0;
  return b;
}

model::Scenario StandScenario() {
  model::Scenario sc = MakeScenario(30);
  model::Event ban = MakeEvent("cn_cells", EventKind::kExportBan, 1, 25);  // days 1-25
  ban.origins = {"CN"};
  ban.materials = {"cells"};
  sc.events.push_back(ban);
  return sc;
}

// Day 0: R's part 2 > its cap 1, so 1 - 1/2 = 0.5 of its share stands aside (no alternate:
//   it goes to the other primaries): weights S 0.4/0.9, R 0.1/0.9, T 0.4/0.9; the split around
//   caps weights R at 1/10 and gives the 1/90 it frees to S and T: S 0.45, R 0.1, T 0.45 (T's
//   4.5 is within its cap 5). B holds 100, orders up to 10 x 10 + 10 = 110: 10, all shipped.
// Days 1-25 (the ban): T is the one usable lane, weight 1, so it is asked the whole order, and
//   its cap 5 is below 1 x 10; no lane is left to take what it frees, so the weight stands, but
//   T stands in for S and R, blocked: it is asked at most 5 x 7 = 35 less what it owes. T ships 5 a day; B serves 10 and its stock
//   falls by 5 a day. Days 1-6 B orders 10 (T owes 5k after day k); day 7 the room is 35 - 30 =
//   5, so B orders 5 of the 10 it lacks, and from then on T owes 35 at step 4's end and 30
//   after shipping, while B's position stays short of 110 by what T may not be asked. B holds
//   100 - 5k after day k: it serves 10 to day 19 and 5 a day on days 20-25 (loses 5 a day).
// Day 26: the ban is over; R's cap still binds (so this is not the re-plan after a block) and
//   the weights are those of day 0. B holds 5, T owes 30: B orders 110 - 35 = 75: S 33.75,
//   R 7.5 (it ships 1), T 33.75 (it ships 5). Serve 5 of 10 (loses 5); B ends with 39.75.
// Day 27: R owes 6.5, T 58.75: position 105, order 5; B serves 10 and ends with 38.
// Day 28 on: position 100, order 10 (S 4.5, R 1, T 4.5); B receives 10.5 a day: nothing lost.
// Unserved: 6 x 5 + 5 = 35 GWh of 300. Before the rule T was asked the whole shortfall during
// the ban and owed 100 after shipping on day 25 (20 days of its cap), which filled B's position
// after the ban: B ordered 5 a day on days 26-27 (S 2.25), was still short on day 29 and lost
// 40.2375 GWh (measured).
double StandLoss(size_t t) { return t >= 20 && t <= 26 ? 5.0 : 0.0; }

TEST(GoldenCapResourcing, ACappedLaneWithNowhereElseToOrderIsAskedNoMoreThanItsWindow) {
  NetBuilder b = StandNetwork();
  const model::CompiledNetwork net = model::Compile(b.network());
  for (bool fast : {true, false}) {
    Daily run = RunDaily(net, StandScenario(), fast);
    EXPECT_NEAR(run.results.totals.demand_gwh, 300.0, 1e-9);
    EXPECT_NEAR(run.results.totals.unserved_gwh, 35.0, 1e-9) << "fast " << fast;
    ASSERT_EQ(run.unmet.size(), 30u);
    for (size_t t = 0; t < 30; ++t) {
      EXPECT_NEAR(run.unmet[t], StandLoss(t), 1e-9) << "day " << t;
      const double s = t == 0 ? 4.5 : t <= 25 ? 0.0 : t == 26 ? 33.75 : t == 27 ? 2.25 : 4.5;
      EXPECT_NEAR(run.s[t], s, 1e-9) << "S, day " << t;
      EXPECT_NEAR(run.t[t], t == 0 ? 4.5 : 5.0, 1e-9) << "T, day " << t;
    }
  }
}

// The same three cases read from YAML (tests/golden/cap_resourcing/), through the CLI's loader:
// 0, 24.998779296875 and 0 GWh unserved, where the engine before the rule left 145, 145 and 50.
TEST(GoldenCapResourcing, FromYaml) {
  struct Case {
    const char* file;
    double unserved;
  };
  for (const Case& c : {Case{"capacity.yaml", 0.0}, Case{"capacity_q3.yaml", 24.998779296875},
                        Case{"contract.yaml", 0.0}}) {
    auto path = std::filesystem::path(CT_TEST_DIR) / "golden" / "cap_resourcing" / c.file;
    io::LoadedScenario loaded = io::LoadScenario(path.string());
    model::CompiledNetwork net = model::Compile(loaded.network);
    sim::Results r = sim::Simulate(net, loaded.scenario);
    EXPECT_NEAR(r.totals.demand_gwh, 300.0, 1e-9) << c.file;
    EXPECT_NEAR(r.totals.unserved_gwh, c.unserved, 1e-9) << c.file;
  }
}

}  // namespace
}  // namespace chaintwin
