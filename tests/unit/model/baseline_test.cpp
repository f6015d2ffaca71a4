// The baseline (docs/SIMULATION.md, "The start: a network in its steady state"): which
// capacity it counts, how several processes making one output share it, and the stock targets
// it sizes. Figures worked by hand in each test.
#include <gtest/gtest.h>

#include <limits>

#include "chaintwin/model/compiled.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Stage;
using testutil::NetBuilder;

constexpr double kUnlimited = std::numeric_limits<double>::infinity();

uint32_t Slot(const model::CompiledNetwork& net, const char* site, const char* material) {
  return net.FindSlot(net.FindSite(site), net.FindMaterial(material)).value;
}

// P makes x from ore with two processes (1 t ore per t of x); D takes 4 t/d of x from P.
NetBuilder TwoMakers(double cap_a, double cap_b) {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining).Material("x").Country("AU");
  b.Site("M", "AU");
  b.Site("P", "AU");
  b.Site("D", "AU");
  b.Process("M", "ore", kUnlimited);
  b.Process("P", "x", cap_a, {{"ore", 1.0}}).Process("P", "x", cap_b, {{"ore", 1.0}});
  b.network().sites[1].processes[1].id = "x_second";
  b.Demand("D", "x", 4);
  b.Lane("M", "P", "ore", 0);
  b.Lane("P", "D", "x", 0);
  return b;
}

// Finite capacities 6 and 2: the 4 t/d are made 3 + 1 (pro rata to nameplate), and P uses
// 4 t/d of ore.
TEST(Baseline, SeveralProcessesShareAnOutputProRataToNameplate) {
  auto net = model::Compile(TwoMakers(6, 2).network());
  ASSERT_EQ(net.num_processes(), 3u);
  double first = 0.0, second = 0.0;
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    if (net.process_key[p] == "x") first = net.process_expected_output[p];
    if (net.process_key[p] == "x_second") second = net.process_expected_output[p];
  }
  EXPECT_NEAR(first, 3.0, 1e-12);
  EXPECT_NEAR(second, 1.0, 1e-12);
  EXPECT_NEAR(net.slot_expected_internal_use[Slot(net, "P", "ore")], 4.0, 1e-12);
}

// Both unlimited: 2 + 2, and P uses 4 t/d of ore, not 8 (each used to count the whole 4).
TEST(Baseline, UnlimitedProcessesShareAnOutputEqually) {
  auto net = model::Compile(TwoMakers(kUnlimited, kUnlimited).network());
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    if (net.process_output[p].value == Slot(net, "P", "x")) {
      EXPECT_NEAR(net.process_expected_output[p], 2.0, 1e-12) << net.process_key[p];
    }
  }
  EXPECT_NEAR(net.slot_expected_internal_use[Slot(net, "P", "ore")], 4.0, 1e-12);
  EXPECT_NEAR(net.lane_expected_flow[net.FindLane("M->P:ore").value], 4.0, 1e-12);
}

// The baseline counts nameplate capacity: a process that starts after the scenario's start (or
// ramps up) still makes its share of the baseline, so nothing is imported for it; the run then
// shows the gap until it starts.
TEST(Baseline, CountsNameplateNotStartOrRampUp) {
  NetBuilder b = TwoMakers(6, 2);
  b.network().sites[1].processes[0].start = 1000000;  // far in the future
  auto net = model::Compile(b.network());
  EXPECT_NEAR(net.slot_expected_inflow[Slot(net, "P", "x")], 0.0, 1e-12);
  double first = 0.0;
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    if (net.process_key[p] == "x") first = net.process_expected_output[p];
  }
  EXPECT_NEAR(first, 3.0, 1e-12);
}

// Stock targets: `stock_days` x baseline use, and at least one day for what a site makes
// (max(days, 1)); an external site holds nothing by default (its stock_days are ignored) but a
// per-material stock policy counts, and it too holds a day of what it makes.
TEST(Baseline, StockTargetsAtLeastOneDayOfWhatASiteMakes) {
  NetBuilder b = TwoMakers(6, 2);
  b.network().sites[0].external = true;       // M: external source of ore
  b.network().sites[0].stock_days_default = 30;
  b.network().sites[1].stock_days_default = 0.5;  // P
  b.network().sites[2].stock_days_default = 3;    // D
  auto net = model::Compile(b.network());
  // M: external, 0 days -> at least 1 day of what it makes (4 t/d of ore): 4 t.
  EXPECT_EQ(net.slot_target_days[Slot(net, "M", "ore")], 1.0);
  EXPECT_NEAR(net.slot_initial_stock[Slot(net, "M", "ore")], 4.0, 1e-12);
  // P: 0.5 days, but it makes x: 1 day of x (4 t); its ore at 0.5 days (2 t).
  EXPECT_EQ(net.slot_target_days[Slot(net, "P", "x")], 1.0);
  EXPECT_NEAR(net.slot_initial_stock[Slot(net, "P", "ore")], 2.0, 1e-12);
  // D: 3 days of 4 t/d.
  EXPECT_NEAR(net.slot_initial_stock[Slot(net, "D", "x")], 12.0, 1e-12);
  // A per-material policy on the external site counts: 10 days of ore.
  b.network().sites[0].stock_days.push_back(model::StockDays{"ore", 10});
  auto with_policy = model::Compile(b.network());
  EXPECT_EQ(with_policy.slot_target_days[Slot(with_policy, "M", "ore")], 10.0);
}

}  // namespace
}  // namespace chaintwin
