// Re-sourcing (docs/SIMULATION.md, "Re-sourcing"): two suppliers, one starved.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

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
// D holds 2 days (8 t). M is shut from day 0 to the end (outage, factor 0). A holds no ore and
// orders none (its ore target is 0 days over a 0-day lane, so its order-up-to position is 0):
// it keeps its capacity but has no ore, starved, not closed, so D's orders on it stay owed.
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

// Runs `days` days with mine M shut from day 0 to the end.
sim::Results RunStarved(const model::CompiledNetwork& net, int reorder_after,
                        sim::RunOptions::LaneAudit* audit, int32_t days = 60,
                        sim::TimelineSink* sink = nullptr) {
  auto sc = MakeScenario(days);
  auto e = MakeEvent("m_down", EventKind::kSiteOutage, 0, 1000);
  e.sites = {"M"};
  sc.events.push_back(e);
  sc.reorder_after_days = reorder_after;
  sim::RunOptions o;
  o.lane_audit = audit;
  return sim::Simulate(net, sc, o, sink);
}

TEST(GoldenResourcing, TheStarvedSuppliersOrdersMoveToTheOneWithCapacity) {
  NetBuilder b = TwoSuppliersOneStarved();
  auto net = model::Compile(b.network());
  sim::RunOptions::LaneAudit audit;
  auto r = RunStarved(net, 7, &audit);
  uint32_t from_a = net.FindLane("A->D:x").value, from_b = net.FindLane("B->D:x").value;
  // A ships at most its own 2 t of x, then nothing. B ships the rest of D's need.
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

// The same case day by day, worked by hand (docs/SIMULATION.md, "A day, in order"). D's
// order-up-to position is 4 x 2 days + today's 4 = 12; A and B each aim to hold one day (2),
// so a plant's production need is what it owes + 2 - its stock. A holds no ore and orders none
// (its ore target is 0 days and the lane takes 0 days: its position is 0), so it is starved
// from day 1 whatever M does.
//   day 0: nobody needs to make anything (owed 0 + 2 - 2). D: 8 on hand, orders 12 - 8 = 4,
//          2 each; A and B ship their 2 t; D serves 4 and receives 4 (transit 0): 8.
//   day 1: A wants 2 and has no ore: makes 0. B makes 2. D orders 12 - 8 = 4: A owes 2, B 2;
//          A ships 0 (owing: day 1 of its run), B 2. D: 8 - 4 + 2 = 6.
//   day 2: B makes 2; D orders 12 - (6 + 2 owed by A) = 4: A owes 4; D: 6 - 4 + 2 = 4.
//   day 3: the same: A owes 6; D: 4 - 4 + 2 = 2.
//   day 4: A owes 8; D serves 2 of 4 (unmet 2), receives 2: 2.
//   day 5: B makes 2 (stock 2); D orders 12 - (2 + 8) = 2, 1 each: A owes 9, B ships 1 of its
//          2 (stock 1). D serves 2 (unmet 2), receives 1: 1.
//   day 6: B makes 2 - 1 = 1 (stock 2); D orders 12 - (1 + 9) = 2: A owes 10, B ships 1
//          (stock 1). D serves 1 (unmet 3), receives 1: 1.
//   day 7: B makes 1 (stock 2); D orders 12 - (1 + 10) = 1: A owes 10.5, B ships 0.5 (stock
//          1.5). D serves 1 (unmet 3), receives 0.5: 0.5. A has ended 7 days owing (1..7): late.
//   day 8: B makes 0.5 (stock 2). D cancels A's 10.5 and is under shortage: A can deliver
//          0 + min(10, 0 ore) - 0 = 0, B 2 + 10 - 0 = 12, so B gets the whole order,
//          12 - 0.5 = 11.5; B ships its 2 (owes 9.5). D serves 0.5 (unmet 3.5), receives 2: 2.
//          A owes nothing now: no longer late.
//   day 9: B wants 9.5 + 2 - 0 = 11.5, makes its 10. D (still under shortage: A can deliver
//          0 < its share of a day, 2) orders 12 - (2 + 9.5) = 0.5 from B; B ships all 10.
//          D serves 2 (unmet 2), receives 10: 10.
//   day 10: B makes 2; D orders 12 - 10 = 2 from B; B ships 2. D: 10 - 4 + 2 = 8, never short
//          again.
TEST(GoldenResourcing, DailyFiguresAsWorkedByHand) {
  NetBuilder b = TwoSuppliersOneStarved();
  auto net = model::Compile(b.network());
  struct Row {
    double received, unmet, closing;  // D
    double b_made, b_shipped;
  };
  const std::vector<Row> expected = {
      {4, 0, 8, 0, 2},       {2, 0, 6, 2, 2},     {2, 0, 4, 2, 2},   {2, 0, 2, 2, 2},
      {2, 2, 2, 2, 2},       {1, 2, 1, 2, 1},     {1, 3, 1, 1, 1},   {0.5, 3, 0.5, 1, 0.5},
      {2, 3.5, 2, 0.5, 2},   {10, 2, 10, 10, 10}, {2, 0, 8, 2, 2}};
  struct Sink : sim::TimelineSink {
    std::vector<Row> rows;
    void Day(const model::CompiledNetwork& n, const sim::DayFigures& f) override {
      uint32_t d = n.FindSlot(n.FindSite("D"), n.FindMaterial("x")).value;
      uint32_t x = n.FindSlot(n.FindSite("B"), n.FindMaterial("x")).value;
      rows.push_back({f.received[d], f.unmet[d], f.closing[d], f.produced[x], f.shipped[x]});
    }
  } sink;
  auto sc = MakeScenario(static_cast<int32_t>(expected.size()));
  auto e = MakeEvent("m_down", EventKind::kSiteOutage, 0, 1000);
  e.sites = {"M"};
  sc.events.push_back(e);
  sc.reorder_after_days = 7;
  sim::Simulate(net, sc, {}, &sink);
  ASSERT_EQ(sink.rows.size(), expected.size());
  for (size_t day = 0; day < expected.size(); ++day) {
    SCOPED_TRACE(day);
    const Row& got = sink.rows[day];
    const Row& want = expected[day];
    EXPECT_NEAR(got.received, want.received, 1e-9);
    EXPECT_NEAR(got.unmet, want.unmet, 1e-9);
    EXPECT_NEAR(got.closing, want.closing, 1e-9);
    EXPECT_NEAR(got.b_made, want.b_made, 1e-9);
    EXPECT_NEAR(got.b_shipped, want.b_shipped, 1e-9);
  }
}

// Allocation records (docs/SIMULATION.md, step 5): a decision is recorded when a supplier
// shares some stock among orders larger than it; a supplier with no stock decides nothing and
// records nothing. In the worked case A holds nothing from day 1 on and owes D: no record. B is
// short on day 8 (owes 11.5, holds 2, DailyFiguresAsWorkedByHand) and on day 9 (owes 9.5 + 0.5
// = 10, holds 10: not short): one record on day 8, 11.5 asked, 2 given.
TEST(GoldenResourcing, ASupplierWithNoStockRecordsNoAllocation) {
  NetBuilder b = TwoSuppliersOneStarved();
  auto net = model::Compile(b.network());
  auto r = RunStarved(net, 7, nullptr);
  const SiteId a = net.FindSite("A"), supplier_b = net.FindSite("B");
  int on_day_8 = 0;
  for (const sim::AllocationRecord& rec : r.allocations) {
    EXPECT_NE(rec.supplier, a) << "day " << rec.day;
    if (rec.supplier == supplier_b && rec.day == 8) {
      ++on_day_8;
      EXPECT_NEAR(rec.requested, 11.5, 1e-9);
      EXPECT_NEAR(rec.allocated, 2.0, 1e-9);
    }
  }
  EXPECT_EQ(on_day_8, 1);
  EXPECT_EQ(r.allocation_decisions, static_cast<int64_t>(r.allocations.size()));
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


// Re-sourcing meets lane capacities (docs/SIMULATION.md, "Re-sourcing"): the starved network
// with a third supplier C holding 10,000 t of x behind an alternate lane (qualified at once)
// that carries 0.5 t/d. Under shortage C's stock must not draw D's whole need: the lane can
// deliver only 0.5 t/d x 7 days less what it owes, so B, which can make 10 t/d, keeps the
// rest. Before this rule D ordered nearly everything from C, 0.5 t/d of it shipped, the rest
// stayed owed and filled D's position, and D was short to the end of the run.
TEST(GoldenResourcing, ACappedLaneDrawsNoMoreThanItCanCarry) {
  NetBuilder plain = TwoSuppliersOneStarved();
  auto base_net = model::Compile(plain.network());
  auto base = RunStarved(base_net, 7, nullptr);

  NetBuilder b = TwoSuppliersOneStarved();
  b.Site("C", "AU");
  b.network().sites.back().inventory.push_back(model::Stock{"x", 10000.0});
  model::Lane& c = b.Lane("C", "D", "x", 0);
  c.share = 0.0;
  c.alternate = true;
  c.qualification_days = 0;
  c.capacity_per_day = 0.5;
  auto net = model::Compile(b.network());
  sim::RunOptions::LaneAudit audit;
  auto r = RunStarved(net, 7, &audit);
  const sim::Shortage* s = FindShortage(r, net, "D", "x");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->open_at_end);
  EXPECT_LT(s->last_day, 20);
  // Another supplier never makes D worse off.
  ASSERT_TRUE(std::isfinite(r.totals.unserved_gwh) && std::isfinite(base.totals.unserved_gwh));
  const sim::Shortage* s0 = FindShortage(base, base_net, "D", "x");
  ASSERT_NE(s0, nullptr);
  EXPECT_LE(s->lost_quantity, s0->lost_quantity + 1e-9);
  // What C's lane owes at the end stays within a re-order window of its capacity.
  uint32_t from_c = net.FindLane("C->D:x").value;
  EXPECT_LE(audit.closing_owed[from_c], 0.5 * 7 + 1e-9);
}


// Issue 18 §2: under shortage a make-to-order alternate counts the capacity it can fill from
// inputs it can order within the re-order window (docs/SIMULATION.md, "Re-sourcing").
//   mine M --ore, 0 d--> plant A (x from ore 1:1, 10 t/d) --x, 0 d, share 1--> D (4 t/d, 2 d)
//   mine N (ore, 10 t/d) --ore, 1 d--> plant C (x from ore 1:1, 10 t/d; 2 d) --x, 0 d,
//                                                      alternate, qualified at once--> D
// M is shut from day 0 for the whole run; C and N have no baseline flow, so they hold nothing.
NetBuilder OneStarvedOneMakeToOrder(double c_lane_capacity = model::kUnlimited) {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining).Material("x").Country("AU");
  for (const char* site : {"M", "A", "N"}) b.Site(site, "AU");
  b.Site("C", "AU", 2);
  b.Site("D", "AU", 2);
  b.Process("M", "ore", 10).Process("A", "x", 10, {{"ore", 1.0}});
  b.Process("N", "ore", 10).Process("C", "x", 10, {{"ore", 1.0}});
  b.Demand("D", "x", 4);
  b.Lane("M", "A", "ore", 0);
  b.Lane("A", "D", "x", 0, 1.0);
  b.Lane("N", "C", "ore", 1);
  model::Lane& alt = b.Lane("C", "D", "x", 0, 0.0);
  alt.alternate = true;
  alt.qualification_days = 0;
  alt.capacity_per_day = c_lane_capacity;
  return b;
}

// Worked by hand. D's order-up-to position is 4 x 2 days + today's 4 = 12; it starts with 8,
// A with one day (4), M with one day of ore (4); A's ore target is 0 days over a 0-day lane,
// so A orders no ore and is starved from day 1.
//   day 0: D orders 12 - 8 = 4 from A, A ships its 4; D serves 4, receives 4: 8.
//   day 1: D orders 4 (A owes 4: day 1 of its run owing); D: 8 - 4 = 4.   day 2: owes 8; D 0.
//   days 3-7: D orders 12 - (0 + 8) = 4 on day 3, then nothing (A owes 12 = the position);
//          D serves nothing: unmet 4 a day. A has ended days 1-7 owing: late.
//   day 8: D cancels A's 12 and is under shortage; the alternate qualifies at once. What each
//          can deliver: A, late, what it holds: 0 + min(10, 0 ore) = 0; C, never late, can order
//          ore in 1 day (< 7) from N, which can make 10 today: 0 + 10 - 0 = 10. D orders its 12
//          from C, which has nothing: unmet 4. (Without the rule C counts min(10, 0 ore) = 0,
//          nobody can deliver, D orders by share from A again and is short to the end.)
//   day 9: C needs 12 (owed) + 0 (target) - 0, capped at 10: wants 10 t of ore, has none,
//          makes 0. Its ore order rate is the moving average of what it wanted, 0.15 x 10 =
//          1.5 t/d; target 1.5 x (2 days + 1 day at sea) = 4.5: it orders 4.5 from N, which
//          holds nothing. D's position is full (C owes 12): unmet 4.
//   day 10: N makes the 4.5 it owes and ships it (lands day 11). C wanted 10 again: rate
//          1.5 + 0.15 x (10 - 1.5) = 2.775, target 8.325, on order 4.5: orders 3.825. Unmet 4.
//   day 11: the 4.5 t lands; C makes 4.5 and ships it (owes 7.5); D serves 0 (unmet 4) and
//          receives 4.5 at the end of the day (transit 0). N makes and ships 3.825.
//   day 12: C makes 3.825 and ships it; D serves 4 of its 4.5 (unmet 0), receives 3.825.
// From day 14 C makes and ships the 4 t D orders each day; D is never short again (A stays
// late-once for D's shortage, so the shortage never ends and D keeps ordering from C).
TEST(GoldenResourcing, AMakeToOrderAlternateIsAskedForWhatItCanOrder) {
  NetBuilder b = OneStarvedOneMakeToOrder();
  auto net = model::Compile(b.network());
  struct Sink : sim::TimelineSink {
    std::vector<std::array<double, 3>> rows;  // D received, D unmet, C produced (= shipped)
    void Day(const model::CompiledNetwork& n, const sim::DayFigures& f) override {
      uint32_t d = n.FindSlot(n.FindSite("D"), n.FindMaterial("x")).value;
      uint32_t c = n.FindSlot(n.FindSite("C"), n.FindMaterial("x")).value;
      EXPECT_NEAR(f.produced[c], f.shipped[c], 1e-9);
      rows.push_back({f.received[d], f.unmet[d], f.produced[c]});
    }
  } sink;
  auto sc = MakeScenario(40);
  auto e = MakeEvent("m_down", EventKind::kSiteOutage, 0, 1000);
  e.sites = {"M"};
  sc.events.push_back(e);
  sc.reorder_after_days = 7;
  sim::Simulate(net, sc, {}, &sink);
  ASSERT_EQ(sink.rows.size(), 40u);
  const std::vector<std::array<double, 3>> expected = {
      {4, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 4, 0}, {0, 4, 0},     {0, 4, 0},         {0, 4, 0},
      {0, 4, 0}, {0, 4, 0}, {0, 4, 0}, {0, 4, 0}, {4.5, 4, 4.5}, {3.825, 0, 3.825}};
  for (size_t t = 0; t < sink.rows.size(); ++t) {
    SCOPED_TRACE(t);
    if (t < expected.size()) {
      for (int k = 0; k < 3; ++k) EXPECT_NEAR(sink.rows[t][k], expected[t][k], 1e-9) << k;
    } else {
      EXPECT_NEAR(sink.rows[t][1], 0.0, 1e-9);  // never short again
      if (t >= 14) {
        EXPECT_NEAR(sink.rows[t][2], 4.0, 1e-9);
      }
    }
  }
}

// The same with C's lane capped at 1 t/d: C can deliver at most 1 x 7 days less what the lane
// owes (commit 744f15c's rule holds for make-to-order capacity too), so C's lane never owes
// more than a re-order window of its capacity, and ships at most 1 t a day.
TEST(GoldenResourcing, AMakeToOrderAlternateBehindACappedLaneStaysCapped) {
  NetBuilder b = OneStarvedOneMakeToOrder(1.0);
  auto net = model::Compile(b.network());
  sim::RunOptions::LaneAudit audit;
  RunStarved(net, 7, &audit, 40);
  const uint32_t from_c = net.FindLane("C->D:x").value;
  EXPECT_GT(audit.shipped[from_c], 10.0);               // asked, and delivering
  EXPECT_LE(audit.shipped[from_c], 1.0 * 40 + 1e-9);    // at most 1 t/d
  EXPECT_LE(audit.closing_owed[from_c], 1.0 * 7 + 1e-9);
}

// Under shortage a capped lane is asked no more than it can carry within the re-order window
// (docs/SIMULATION.md, Re-sourcing), even when it is the only lane that can deliver: the rest
// is not placed there to stay owed.
//   mine M --ore, 0 d--> plant A (x from ore 1:1, 10 t/d; 1 d) --x, 0 d, share 0.5--> D
//   stockist C (1,000 t of x, no process) --x, 0 d, share 0.5, capacity 2 t/d--> D (4 t/d; 2 d)
// M is shut from day 0 for the whole run; reorder_after 3 d. D's order-up-to position is
// 4 x 2 days + today's 4 = 12; it starts with 8, A with 2 t of x and no ore (it orders none).
// Worked by hand:
//   day 0: D orders 12 - 8 = 4, 2 on each lane; A ships its 2, C 2. D: 8 - 4 + 4 = 8.
//   day 1: A makes nothing (no ore). D orders 4: A owes 2 (a day owing), C ships 2. D: 6.
//   day 2: D orders 12 - (6 + 2) = 4: A owes 4, C ships 2. D: 6 - 4 + 2 = 4.
//   day 3: D orders 12 - (4 + 4) = 4: A owes 6, C ships 2. D: 2. A has ended days 1-3 owing:
//          late.
//   day 4: D cancels A's 6 and is under shortage. What each can deliver: A (late) 0 +
//          min(10, 0 ore) = 0; C 992 - 0 owed, through its lane at most 2 x 3 days - 0 owed
//          = 6. The whole order goes to C by weight: 12 - 2 = 10; C is asked 6 (before the
//          rule, 10). C ships 2 (its capacity), 4 stay owed. D serves 2 (unmet 2), receives 2.
//   day 5 on: A, late since D's shortage began, still counts 0; C's lane can take 6 - 4 = 2.
//          D orders 12 - (2 + 4) = 6, asks C for 2; C ships 2, owes 4. D unmet 2 a day.
// Over 12 days: C's lane ordered 4 x 2 + 6 + 7 x 2 = 28, shipped 24, owes 4 at the end; A's
// lane ordered 8, shipped 2, cancelled 6. Without the rule C was asked 10 on day 4 and owed 8,
// more than it can carry in the window, so from day 5 it counted as delivering nothing, D
// ordered by share and half of each order went back to the starved A (over the 12 days: A's
// lane ordered 14, C's 29, owing 5 at the end; D's figures the same, capped at C's 2 t/d).
TEST(GoldenResourcing, ACappedLaneIsAskedNoMoreThanItCanCarryInTheWindow) {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining).Material("x").Country("AU");
  b.Site("M", "AU");
  b.Site("A", "AU");
  b.Site("C", "AU");
  b.network().sites.back().inventory.push_back(model::Stock{"x", 1000.0});
  b.Site("D", "AU", 2);
  b.Process("M", "ore", 10).Process("A", "x", 10, {{"ore", 1.0}});
  b.Demand("D", "x", 4);
  b.Lane("M", "A", "ore", 0);
  b.Lane("A", "D", "x", 0, 0.5);
  b.Lane("C", "D", "x", 0, 0.5).capacity_per_day = 2.0;
  auto net = model::Compile(b.network());
  struct Row {
    double received, unmet, closing;  // D
  };
  const std::vector<Row> expected = {{4, 0, 8}, {2, 0, 6}, {2, 0, 4}, {2, 0, 2},
                                     {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2},
                                     {2, 2, 2}, {2, 2, 2}, {2, 2, 2}, {2, 2, 2}};
  struct Sink : sim::TimelineSink {
    std::vector<Row> rows;
    void Day(const model::CompiledNetwork& n, const sim::DayFigures& f) override {
      uint32_t d = n.FindSlot(n.FindSite("D"), n.FindMaterial("x")).value;
      rows.push_back({f.received[d], f.unmet[d], f.closing[d]});
    }
  } sink;
  sim::RunOptions::LaneAudit audit;
  RunStarved(net, 3, &audit, static_cast<int32_t>(expected.size()), &sink);
  ASSERT_EQ(sink.rows.size(), expected.size());
  for (size_t day = 0; day < expected.size(); ++day) {
    SCOPED_TRACE(day);
    EXPECT_NEAR(sink.rows[day].received, expected[day].received, 1e-9);
    EXPECT_NEAR(sink.rows[day].unmet, expected[day].unmet, 1e-9);
    EXPECT_NEAR(sink.rows[day].closing, expected[day].closing, 1e-9);
  }
  const uint32_t from_c = net.FindLane("C->D:x").value, from_a = net.FindLane("A->D:x").value;
  EXPECT_NEAR(audit.ordered[from_c], 28.0, 1e-9);
  EXPECT_NEAR(audit.shipped[from_c], 24.0, 1e-9);
  EXPECT_NEAR(audit.closing_owed[from_c], 4.0, 1e-9);
  EXPECT_NEAR(audit.cancelled[from_c], 0.0, 1e-9);
  EXPECT_NEAR(audit.ordered[from_a], 8.0, 1e-9);
  EXPECT_NEAR(audit.shipped[from_a], 2.0, 1e-9);
  EXPECT_NEAR(audit.cancelled[from_a], 6.0, 1e-9);
}

}  // namespace
}  // namespace chaintwin
