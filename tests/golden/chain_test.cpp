// Hand-worked networks: exact shortage days and lost output (issue 3, "Correctness").
#include <gtest/gtest.h>

#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"
#include "testutil/shortages.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::EventKind;
using model::Stage;
using testutil::MakeEvent;
using testutil::MakeScenario;
using testutil::FindShortage;
using testutil::NetBuilder;

// mine M --ore, 2 d--> cell plant C --cells, 0 d--> demand D (4 GWh/d)
//   M: 10 t/d ore, no stock policy (so it holds one day of output, 4 t).
//   C: makes cells from 1 t ore per GWh, 10 GWh/d; 5 days of supply of everything:
//      ore 5 x 4 = 20 t, cells 5 x 4 = 20 GWh at the start.
//   D: 4 GWh/d, 2 days of supply: 8 GWh at the start.
// Steady state: 4 t/d of ore leave M, 4 GWh/d of cells leave C, D is served every day.
NetBuilder SingleChain() {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining)
      .Material("cells", Dimension::kEnergy, Stage::kCell)
      .Country("AU")
      .Country("KR");
  b.Site("M", "AU");
  b.Site("C", "KR", 5);
  b.Site("D", "KR", 2);
  b.Process("M", "ore", 10).Process("C", "cells", 10, {{"ore", 1.0}}).Demand("D", "cells", 4);
  b.Lane("M", "C", "ore", 2);
  b.Lane("C", "D", "cells", 0);
  return b;
}

TEST(Golden, SingleChainRunsInSteadyStateWithoutEvents) {
  NetBuilder b = SingleChain();
  auto net = model::Compile(b.network());
  auto r = sim::Simulate(net, MakeScenario(60));
  EXPECT_TRUE(r.shortages.empty());
  EXPECT_NEAR(r.totals.demand_gwh, 240.0, 1e-9);
  EXPECT_NEAR(r.totals.unserved_gwh, 0.0, 1e-9);
  EXPECT_EQ(r.allocation_decisions, 0);
}

TEST(Golden, SingleChainMineOutageRunsTheCellPlantDryAfterItsStock) {
  NetBuilder b = SingleChain();
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(60);
  auto e = MakeEvent("mine_down", EventKind::kSiteOutage, 10, 10);  // days 10..19
  e.sites = {"M"};
  sc.events.push_back(e);
  auto r = sim::Simulate(net, sc);
  // C ends each day with 20 t ore and 4 t more on the water. Shipments that left on days 8 and
  // 9 arrive on days 10 and 11; from day 12 C eats 4 t/d from its 20 t: 16, 12, 8, 4, 0 at the
  // end of day 16. Day 17 is the first day it cannot make cells.
  const sim::Shortage* ore = FindShortage(r, net, "C", "ore");
  ASSERT_NE(ore, nullptr);
  EXPECT_EQ(ore->first_day, 17);
  EXPECT_EQ(ore->kind, sim::ShortageKind::kProduction);
  // When M closed (no stock, no capacity) C's open orders on it were cancelled. M restarts on
  // day 20: its production that morning only restores its own day of stock (4 t), then C
  // orders up to 28 t and M ships those 4 t (land day 22); from day 21 M makes 10 t/d (land
  // from day 23). On day 22 C makes 4 GWh, its normal rate (it wants more, to restock, but
  // that is not a cut below normal): the shortage is days 17..21.
  EXPECT_EQ(ore->last_day, 21);
  // C made 4 GWh/d before (its baseline rate), makes nothing on days 17..21 and 4 on day 22:
  // 20 GWh of cell output lost, booked on the ore shortage.
  EXPECT_EQ(ore->lost_material, net.FindMaterial("cells"));
  EXPECT_NEAR(ore->lost_quantity, 20.0, 1e-9);
  EXPECT_NEAR(ore->lost_gwh, 20.0, 1e-9);
  EXPECT_EQ(r.sites[net.FindSite("C").value].first_shortage_day, 17);
  // C still holds 16 GWh of cells when it stops making them and ships D's 4 GWh/d on days
  // 17..20; D keeps 2 days (8 GWh) at the end of each day, enough for days 21 and 22; C's
  // first new cells (day 22) reach D the same evening. D is never short.
  EXPECT_EQ(FindShortage(r, net, "D", "cells"), nullptr);
  EXPECT_NEAR(r.totals.unserved_gwh, 0.0, 1e-9);
  EXPECT_NEAR(r.totals.lost_production_gwh, 20.0, 1e-9);
}

// A plant P makes 6 GWh/d of cells itself and imports the other 4 GWh/d of its 10 GWh/d demand
// from a warehouse W (transit 5 d; P keeps 2 days of its imports: 8 GWh at the end of a day).
// P's plant closes for good on day 10, so P must import all 10/d. It orders for the new rate
// (4 + the 6 its plant no longer makes): target 10 x (2 + 5) + 10 = 80; its position on day
// 10 is 8 + 4 (arrived) + 16 (4 shipments of 4 at sea) = 28, so it orders 52, landing on day
// 15. Day 10: 8 + 4 = 12, serves 10 -> 2. Day 11: 2 + 4 = 6 of 10 (short 4). Days 12-14: the 4
// arriving each day (short 6 each). Day 15 on: served in full. Lost 4 + 3 x 6 = 22 GWh. (At
// the old rate of 4/d its position would cap the pipeline at 38 - 10 = 28 GWh, 5.6/d over 5
// days: short for the rest of the run.)
TEST(Golden, PlantOutageRaisesTheSitesImports) {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell);
  b.Country("CN");
  b.Country("JP");
  b.Site("W", "JP");
  b.Stock("W", "cells", 10000);
  b.Site("P", "CN", 2);
  b.Process("P", "cells", 6);
  b.Demand("P", "cells", 10);
  b.Lane("W", "P", "cells", 5);
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(60);
  auto e = MakeEvent("plant_down", EventKind::kSiteOutage, 10, 100);
  e.sites = {"P"};
  sc.events.push_back(e);
  auto r = sim::Simulate(net, sc);
  const sim::Shortage* s = FindShortage(r, net, "P", "cells");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_day, 11);
  EXPECT_EQ(s->last_day, 14);
  EXPECT_NEAR(s->lost_gwh, 22.0, 1e-9);
  EXPECT_NEAR(r.totals.unserved_gwh, 22.0, 1e-9);
}

// "Which input is short" (docs/SIMULATION.md, Thresholds): a cell plant C makes cells from 1 t
// of cathode and 1 t of anode per GWh (cathode first in the recipe), with no supplier of either:
// it starts with 20 t of cathode and `anode` t of anode and ships D's 4 GWh/d. On day 5 what is
// left of its inputs covers what it wants less what the anode lacks; from day 6 it has none of
// either. A cut is charged to the input that allowed the least output, and to the cathode when
// the two are within 1e-9 x the want of each other (rounding: they ran out together). The input
// charged is used up (its stock set to 0), so the other's rounding residue cannot charge the
// next day's cut to the wrong input either.
sim::Results TwoInputsRunningOut(double anode, model::CompiledNetwork& net) {
  NetBuilder b;
  b.Material("cathode", Dimension::kMass, Stage::kComponent)
      .Material("anode", Dimension::kMass, Stage::kComponent)
      .Material("cells", Dimension::kEnergy, Stage::kCell)
      .Country("KR");
  b.Site("C", "KR", 5);
  b.Site("D", "KR", 2);
  b.Process("C", "cells", 10, {{"cathode", 1.0}, {"anode", 1.0}}).Demand("D", "cells", 4);
  b.Stock("C", "cathode", 20).Stock("C", "anode", anode);
  b.Lane("C", "D", "cells", 0);
  net = model::Compile(b.network());
  return sim::Simulate(net, MakeScenario(30));
}

TEST(Golden, InputsWithinRoundingOfEachOtherChargeTheFirstInTheRecipe) {
  model::CompiledNetwork net;
  // The anode allows 2e-11 GWh less than the cathode: within 1e-9 x the want, a tie. Day 5's
  // cut of 2e-11 is rounding, not a shortage, and used up the cathode; from day 6 the cathode.
  sim::Results tie = TwoInputsRunningOut(20 - 2e-11, net);
  const sim::Shortage* cathode = FindShortage(tie, net, "C", "cathode");
  ASSERT_NE(cathode, nullptr);
  EXPECT_EQ(cathode->kind, sim::ShortageKind::kProduction);
  EXPECT_EQ(cathode->first_day, 6);
  EXPECT_EQ(FindShortage(tie, net, "C", "anode"), nullptr);
  // 1e-6 GWh less is not rounding of a want of a few GWh: the anode is charged from day 5.
  sim::Results apart = TwoInputsRunningOut(20 - 1e-6, net);
  const sim::Shortage* anode = FindShortage(apart, net, "C", "anode");
  ASSERT_NE(anode, nullptr);
  EXPECT_EQ(anode->first_day, 5);
  EXPECT_EQ(FindShortage(apart, net, "C", "cathode"), nullptr);
}

}  // namespace
}  // namespace chaintwin
