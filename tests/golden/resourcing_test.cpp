// Re-sourcing (docs/SIMULATION.md, "Re-sourcing"): two suppliers, one starved.
#include <gtest/gtest.h>

#include <cmath>

#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"
#include "testutil/shortages.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::EventKind;
using model::Stage;
using testutil::FindShortage;
using testutil::MakeEvent;
using testutil::MakeScenario;
using testutil::NetBuilder;

// mine M --ore, 0 d--> plant A (1 t ore per t of x, 10 t/d) --x, 0 d, share 0.5--> D
//                      plant B (x from nothing, 10 t/d)       --x, 0 d, share 0.5--> D (4 t/d)
// Steady state: D orders 2 t/d from each; A and B each make 2 t/d and hold one day (2 t);
// D holds 2 days (8 t). M is shut from day 0 to the end (outage, factor 0): its 2 t of stock
// go to A on day 0; then M can neither make nor ship, so A's orders on it are cancelled. A keeps
// its capacity but has no ore: it is starved, not closed, so D's orders on it stay owed.
NetBuilder TwoSuppliersOneStarved(Dimension x = Dimension::kMass) {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining).Material("x", x).Country("AU");
  b.Site("M", "AU");
  b.Site("A", "AU");
  b.Site("B", "AU");
  b.Site("D", "AU", 2);
  b.Process("M", "ore", 10).Process("A", "x", 10, {{"ore", 1.0}}).Process("B", "x", 10);
  b.Demand("D", "x", 4);
  b.Lane("M", "A", "ore", 0);
  b.Lane("A", "D", "x", 0, 0.5);
  b.Lane("B", "D", "x", 0, 0.5);
  return b;
}

sim::Results RunStarved(const model::CompiledNetwork& net, int reorder_after,
                 sim::RunOptions::LaneAudit* audit) {
  auto sc = MakeScenario(60);
  auto e = MakeEvent("m_down", EventKind::kSiteOutage, 0, 1000);
  e.sites = {"M"};
  sc.events.push_back(e);
  sc.reorder_after_days = reorder_after;
  sim::RunOptions o;
  o.lane_audit = audit;
  return sim::Simulate(net, sc, o);
}

TEST(GoldenResourcing, TheStarvedSuppliersOrdersMoveToTheOneWithCapacity) {
  NetBuilder b = TwoSuppliersOneStarved();
  auto net = model::Compile(b.network());
  sim::RunOptions::LaneAudit audit;
  auto r = RunStarved(net, 7, &audit);
  uint32_t from_a = net.FindLane("A->D:x").value, from_b = net.FindLane("B->D:x").value;
  // A ships at most its own 2 t of x and what M's last 2 t of ore make, then nothing (the run
  // ships its 2 t of stock). B ships the rest of D's need.
  EXPECT_GE(audit.shipped[from_a], 2.0 - 1e-9);
  EXPECT_LE(audit.shipped[from_a], 4.0 + 1e-9);
  // D's open orders on A are cancelled once A has left them unfilled for 7 days, and from then
  // on D is under shortage and orders by what each can deliver: A (no stock, no ore) nothing.
  EXPECT_GT(audit.cancelled[from_a], 0.0);
  EXPECT_NEAR(audit.closing_owed[from_a], 0.0, 1e-9);
  EXPECT_NEAR(audit.ordered[from_a], audit.shipped[from_a] + audit.cancelled[from_a], 1e-9);
  // D is short for a while (B covers its half, A's half is owed until the cancellation) and
  // then never again: B's 10 t/d cover the 4 t/d.
  const sim::Shortage* s = FindShortage(r, net, "D", "x");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->open_at_end);
  EXPECT_LT(s->last_day, 20);
  // Over 60 days D needs 240 t: B ships all but what A shipped and what was lost.
  double lost = s->lost_quantity;
  EXPECT_TRUE(std::isfinite(lost) && lost > 0.0 && lost < 40.0) << lost;
  EXPECT_GT(audit.shipped[from_b], 240.0 - audit.shipped[from_a] - lost - 8.0 - 1e-6);
}

// Without re-sourcing in the run (a window longer than the run), D's half stays owed at A and
// D is short to the end: the rule is what moves the orders.
TEST(GoldenResourcing, WithoutTheRuleTheBuyerStaysShort) {
  NetBuilder b = TwoSuppliersOneStarved();
  auto net = model::Compile(b.network());
  sim::RunOptions::LaneAudit audit;
  auto r = RunStarved(net, 1000, &audit);
  const sim::Shortage* s = FindShortage(r, net, "D", "x");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->open_at_end);
  EXPECT_EQ(audit.cancelled[net.FindLane("A->D:x").value], 0.0);
  auto with = RunStarved(net, 7, nullptr);
  EXPECT_LT(with.totals.unserved_gwh + FindShortage(with, net, "D", "x")->lost_quantity,
            r.totals.unserved_gwh + s->lost_quantity);
}

// The re-sourced figure (Results::totals.resourced_gwh, by supplier country): with x in GWh,
// what D orders under shortage beyond each lane's share. Before the cancellation D splits by
// share, 50/50, and every order it ever places on A comes from then (afterwards A can deliver
// nothing and D, never covered again, stays under shortage with A's weight 0): D's share
// orders on B equal ordered[A]. Under shortage B takes the whole order, half of it beyond its
// 0.5 share: re-sourced = 0.5 x (ordered[B] - ordered[A]), all from AU.
TEST(GoldenResourcing, ReSourcedVolumeIsWhatTheBuyerMovedBeyondTheShares) {
  NetBuilder b = TwoSuppliersOneStarved(Dimension::kEnergy);
  auto net = model::Compile(b.network());
  sim::RunOptions::LaneAudit audit;
  auto r = RunStarved(net, 7, &audit);
  double on_a = audit.ordered[net.FindLane("A->D:x").value];
  double on_b = audit.ordered[net.FindLane("B->D:x").value];
  double expected = 0.5 * (on_b - on_a);
  ASSERT_TRUE(std::isfinite(expected) && expected > 100.0) << expected;
  EXPECT_NEAR(r.totals.resourced_gwh, expected, 1e-9 * expected);
  uint32_t au = 0;
  while (au < net.num_countries() && net.country_key[au] != "AU") ++au;
  ASSERT_LT(au, r.resourced_gwh_by_country.size());
  EXPECT_EQ(r.resourced_gwh_by_country[au], r.totals.resourced_gwh);
  // Without the rule nothing is re-sourced.
  EXPECT_EQ(RunStarved(net, 1000, nullptr).totals.resourced_gwh, 0.0);
}

}  // namespace
}  // namespace chaintwin
