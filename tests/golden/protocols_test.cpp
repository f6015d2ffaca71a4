// Hand-worked cases for allocation protocols, bans with alternates, detours and chokepoints.
// Every number in the assertions is derived in the comments; the day order is that of
// docs/SIMULATION.md (arrive, events, produce, order, fill, serve, record).
#include <gtest/gtest.h>

#include <array>
#include <utility>

#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"
#include "testutil/shortages.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::EventKind;
using model::Protocol;
using model::Stage;
using testutil::MakeEvent;
using testutil::MakeScenario;
using testutil::FindShortage;
using testutil::NetBuilder;

// A warehouse S holds a fixed stock of cells (it makes none). Buyers order up to one day of
// supply plus the day's demand; lanes are transit 0 (goods join the buyer's stock at the end
// of the day). Each buyer starts with one day of stock.
NetBuilder Warehouse(double stock, std::vector<std::pair<std::string, std::string>> buyers,
                     std::vector<double> demand, const std::string& warehouse_country = "CN") {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell);
  for (const char* c : {"CN", "JP", "KR", "US"}) b.Country(c);
  b.Site("S", warehouse_country);
  b.Stock("S", "cells", stock);
  for (size_t i = 0; i < buyers.size(); ++i) {
    b.Site(buyers[i].first, buyers[i].second, 1);
    b.Demand(buyers[i].first, "cells", demand[i]);
    b.Lane("S", buyers[i].first, "cells", 0);
  }
  return b;
}

// S holds 37.5 GWh; B1 needs 10/d, B2 5/d. Days 0 and 1: both get their 15 (S: 22.5, 7.5).
// Day 2: 15 asked, 7.5 on hand -> pro rata 5 to B1, 2.5 to B2. Day 3: B1 serves 5 of 10 (lost
// 5), B2 2.5 of 5 (lost 2.5); days 4..9 nothing at all. B1 loses 5 + 6 x 10 = 65, B2 2.5 +
// 6 x 5 = 32.5; both short from day 3, depth 100 %.
TEST(GoldenProtocol, ProRataSplitsTheShortfallInProportionToOrders) {
  NetBuilder b = Warehouse(37.5, {{"B1", "KR"}, {"B2", "JP"}}, {10, 5});
  auto net = model::Compile(b.network());
  auto r = sim::Simulate(net, MakeScenario(10));
  const auto* b1 = FindShortage(r, net, "B1", "cells");
  const auto* b2 = FindShortage(r, net, "B2", "cells");
  ASSERT_NE(b1, nullptr);
  ASSERT_NE(b2, nullptr);
  EXPECT_EQ(b1->first_day, 3);
  EXPECT_EQ(b2->first_day, 3);
  EXPECT_NEAR(b1->lost_gwh, 65.0, 1e-9);
  EXPECT_NEAR(b2->lost_gwh, 32.5, 1e-9);
  EXPECT_NEAR(b1->depth, 1.0, 1e-12);
  ASSERT_EQ(r.allocation_decisions, 2);  // day 2, one per buyer
  EXPECT_EQ(r.allocations[0].day, 2);
  EXPECT_NEAR(r.allocations[0].requested, 10.0, 1e-12);
  EXPECT_NEAR(r.allocations[0].allocated, 5.0, 1e-12);
  EXPECT_NEAR(r.allocations[1].allocated, 2.5, 1e-12);
}

// Same, with a priority-1 contract for B2 and the priority protocol. Day 2: B2 gets its 5 first,
// B1 the other 2.5. B1 is short from day 3 (7.5 + 6 x 10 = 67.5 lost); B2 from day 4 (6 x 5).
// The same when both have contracts, B2's with the better priority, also far down the 1..1000
// range the loader accepts: 300 for B1, 250 for B2. (A regression found by the reference
// simulator: tiers were once one byte with priorities above 199 clamped to 199, so 250 and 300
// tied and day 2 went pro rata.)
TEST(GoldenProtocol, PriorityServesHigherTiersFirst) {
  for (auto [b1_priority, b2_priority] : {std::pair{0, 1}, std::pair{300, 250}}) {
    SCOPED_TRACE(testing::Message() << "B1 " << b1_priority << ", B2 " << b2_priority);
    NetBuilder b = Warehouse(37.5, {{"B1", "KR"}, {"B2", "JP"}}, {10, 5});
    if (b1_priority > 0) b.Contract("S", "B1", "cells", b1_priority);
    b.Contract("S", "B2", "cells", b2_priority);
    auto net = model::Compile(b.network());
    auto sc = MakeScenario(10);
    sc.protocol.default_protocol = Protocol::kPriority;
    auto r = sim::Simulate(net, sc);
    const auto* b1 = FindShortage(r, net, "B1", "cells");
    const auto* b2 = FindShortage(r, net, "B2", "cells");
    ASSERT_NE(b1, nullptr);
    ASSERT_NE(b2, nullptr);
    EXPECT_EQ(b1->first_day, 3);
    EXPECT_NEAR(b1->lost_gwh, 67.5, 1e-9);
    EXPECT_EQ(b2->first_day, 4);
    EXPECT_NEAR(b2->lost_gwh, 30.0, 1e-9);
  }
}

// Contract terms: the same warehouse under the priority protocol, B2's contract in force only
// on some days (start and end are dates, both inclusive; the run starts 2026-01-01 = day 0).
// Term days 0..1 only: on day 2, the only day of shortage allocation, no contract is in force,
// so day 2 is pro rata as in ProRataSplitsTheShortfallInProportionToOrders: B1 loses 65 and
// B2 32.5, both from day 3. Term from day 2 on: day 2 is the priority case: B1 short from
// day 3 (67.5 lost), B2 from day 4 (30 lost).
TEST(GoldenProtocol, ContractCountsOnlyWithinItsTerm) {
  for (bool ended : {true, false}) {
    SCOPED_TRACE(ended ? "term days 0..1" : "term from day 2");
    NetBuilder b = Warehouse(37.5, {{"B1", "KR"}, {"B2", "JP"}}, {10, 5});
    b.Contract("S", "B2", "cells", 1);
    auto sc = MakeScenario(10);
    if (ended) {
      b.network().contracts.back().end = sc.start + 1;
    } else {
      b.network().contracts.back().start = sc.start + 2;
    }
    auto net = model::Compile(b.network());
    sc.protocol.default_protocol = Protocol::kPriority;
    auto r = sim::Simulate(net, sc);
    const auto* b1 = FindShortage(r, net, "B1", "cells");
    const auto* b2 = FindShortage(r, net, "B2", "cells");
    ASSERT_NE(b1, nullptr);
    ASSERT_NE(b2, nullptr);
    EXPECT_EQ(b1->first_day, 3);
    EXPECT_NEAR(b1->lost_gwh, ended ? 65.0 : 67.5, 1e-9);
    EXPECT_EQ(b2->first_day, ended ? 3 : 4);
    EXPECT_NEAR(b2->lost_gwh, ended ? 32.5 : 30.0, 1e-9);
  }
}

// Under contract_first, the contracted volume is a quota only within the term: B2's contract
// for 5/d from day 2 on gets B2 its 5 on day 2 (as priority would), B1 the other 2.5.
TEST(GoldenProtocol, ContractFirstQuotaStartsWithTheTerm) {
  NetBuilder b = Warehouse(37.5, {{"B1", "KR"}, {"B2", "JP"}}, {10, 5});
  b.Contract("S", "B2", "cells", 1, 5.0);
  auto sc = MakeScenario(10);
  b.network().contracts.back().start = sc.start + 2;
  auto net = model::Compile(b.network());
  sc.protocol.default_protocol = Protocol::kContractFirst;
  auto r = sim::Simulate(net, sc);
  const auto* b1 = FindShortage(r, net, "B1", "cells");
  const auto* b2 = FindShortage(r, net, "B2", "cells");
  ASSERT_NE(b1, nullptr);
  ASSERT_NE(b2, nullptr);
  EXPECT_EQ(b1->first_day, 3);
  EXPECT_NEAR(b1->lost_gwh, 67.5, 1e-9);
  EXPECT_EQ(b2->first_day, 4);
  EXPECT_NEAR(b2->lost_gwh, 30.0, 1e-9);
}

// A Japanese warehouse with 22.5 GWh serves KR, US and JP buyers (5/d each); JP suppliers act
// alliance-first with partners = {US}. Day 0: 15 shipped (7.5 left). Day 1: 15 asked, 7.5 on
// hand: JP gets 5, the US 2.5, KR nothing. Day 2: JP served; US 2.5 short; KR 5 short. Days 3..5:
// nothing for anyone. Lost: KR 4 x 5 = 20 (from day 2), US 2.5 + 3 x 5 = 17.5 (from day 2),
// JP 3 x 5 = 15 (from day 3).
TEST(GoldenProtocol, AllianceFirstServesOwnCountryThenPartners) {
  NetBuilder b = Warehouse(22.5, {{"KR1", "KR"}, {"US1", "US"}, {"JP1", "JP"}}, {5, 5, 5}, "JP");
  b.Group("partners", {"US"});
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(6);
  sc.protocol.by_country["JP"] = Protocol::kAllianceFirst;
  sc.protocol.alliance["JP"] = "partners";
  auto r = sim::Simulate(net, sc);
  const auto* kr = FindShortage(r, net, "KR1", "cells");
  const auto* us = FindShortage(r, net, "US1", "cells");
  const auto* jp = FindShortage(r, net, "JP1", "cells");
  ASSERT_TRUE(kr && us && jp);
  EXPECT_EQ(kr->first_day, 2);
  EXPECT_NEAR(kr->lost_gwh, 20.0, 1e-9);
  EXPECT_EQ(us->first_day, 2);
  EXPECT_NEAR(us->lost_gwh, 17.5, 1e-9);
  EXPECT_EQ(jp->first_day, 3);
  EXPECT_NEAR(jp->lost_gwh, 15.0, 1e-9);
  // The same network pro rata: everyone gets 2.5 on day 1, so all three are short from day 2.
  sc.protocol.by_country.clear();
  auto pr = sim::Simulate(net, sc);
  EXPECT_EQ(FindShortage(pr, net, "JP1", "cells")->first_day, 2);
}

// P (CN) supplies B (KR, 4 GWh/d, 2 days of supply) over a transit-0 lane; A (JP) is a qualified
// alternate after 5 days. China bans cell exports from day 3 for 30 days. B holds 8 at the end
// of day 2, serves days 3 and 4 from it and is short from day 5. The alternate qualifies on day
// 3 + 5 = 8: B orders 12 from A that evening; A had no reason to hold stock and makes 10 on day
// 9 (its capacity), which reach B at the end of day 9. Short days 5..9: 5 x 4 = 20 GWh lost.
NetBuilder PrimaryWithAlternate() {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell).Country("CN").Country("JP").Country("KR");
  b.Site("P", "CN");
  b.Site("A", "JP");
  b.Site("B", "KR", 2);
  b.Process("P", "cells", 10).Process("A", "cells", 10).Demand("B", "cells", 4);
  b.Lane("P", "B", "cells", 0);
  auto& alt = b.Lane("A", "B", "cells", 0);
  alt.alternate = true;
  alt.qualification_days = 5;
  return b;
}

model::Event CellBan(const std::string& id, int start_day, double duration_days) {
  auto ban = MakeEvent(id, EventKind::kExportBan, start_day, duration_days);
  ban.origins = {"CN"};
  ban.materials = {"cells"};
  return ban;
}

TEST(GoldenProtocol, ExportBanMovesOrdersToTheAlternateAfterItsQualification) {
  NetBuilder b = PrimaryWithAlternate();
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(40);
  sc.events.push_back(CellBan("cn_ban", 3, 30));
  sim::RunOptions::LaneAudit audit;
  sim::RunOptions opt;
  opt.lane_audit = &audit;
  auto r = sim::Simulate(net, sc, opt);
  const auto* s = FindShortage(r, net, "B", "cells");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_day, 5);
  EXPECT_EQ(s->last_day, 9);
  EXPECT_NEAR(s->lost_gwh, 20.0, 1e-9);
  EXPECT_EQ(r.shortages.size(), 1u);
  EXPECT_NEAR(audit.shipped_while_blocked[net.FindLane("P->B:cells").value], 0.0, 0.0);
  // After the ban the primary takes the orders back: the alternate shipped only while needed.
  EXPECT_GT(audit.shipped[net.FindLane("A->B:cells").value], 0.0);
}

// The same network; China bans cell exports on days 3..19 and renews the ban on day 20, the
// day the first one ends, until day 34. The lane is blocked without a break from day 3 to 34,
// so this is the single 30-day ban above: short days 5..9 (20 GWh), then A keeps B whole.
// (A regression: the engine once ended the first ban before starting the second, so on day 20
// the block's start moved to day 20 and A lost its qualification until day 25: a second
// shortage on days 21..25, 20 GWh more. Found by the reference simulator.)
TEST(GoldenProtocol, BanRenewedOnTheDayItEndsKeepsTheAlternateQualified) {
  NetBuilder b = PrimaryWithAlternate();
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(40);
  sc.events.push_back(CellBan("cn_ban", 3, 17));
  sc.events.push_back(CellBan("cn_ban_renewed", 20, 15));
  auto r = sim::Simulate(net, sc);
  ASSERT_EQ(r.shortages.size(), 1u);
  const auto* s = FindShortage(r, net, "B", "cells");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_day, 5);
  EXPECT_EQ(s->last_day, 9);
  EXPECT_NEAR(s->lost_gwh, 20.0, 1e-9);
}

// S (CN) ships 4 GWh/d to B (3 days of supply) on a 10-day voyage crossing Malacca on day 5.
// Malacca is closed on days 0..19. The opening pipeline holds shipments that left on days
// -10..-1; those from -5..-1 cross on days 0..4.
NetBuilder StraitNetwork() {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell).Country("CN").Country("DE");
  b.Chokepoint("malacca");
  b.Site("S", "CN");
  b.Site("B", "DE", 3);
  b.Process("S", "cells", 10).Demand("B", "cells", 4);
  auto& lane = b.Lane("S", "B", "cells", 10);
  lane.chokepoints.push_back(model::ChokepointCrossing{"malacca", 5});
  return b;
}

// With a 7-day detour: cargo crossing on days 0..19 arrives 7 days late. Arrivals on days 0..4
// (left -10..-6) keep B whole; nothing lands on days 5..11 (the -5..-1 cargo lands 12..16, the
// day-0 cargo from day 17). B's 12 GWh last days 5, 6, 7: short days 8..11, 4 x 4 = 16 GWh.
TEST(GoldenStrait, DetourDelaysCargoAndKeepsTheLaneOpen) {
  NetBuilder b = StraitNetwork();
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(40);
  auto closure = MakeEvent("malacca", EventKind::kLaneClosure, 0, 20);
  closure.chokepoints = {"malacca"};
  closure.detour_days = 7;
  sc.events.push_back(closure);
  auto r = sim::Simulate(net, sc);
  const auto* s = FindShortage(r, net, "B", "cells");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_day, 8);
  EXPECT_EQ(s->last_day, 11);
  EXPECT_NEAR(s->lost_gwh, 16.0, 1e-9);
  EXPECT_EQ(r.shortages.size(), 1u);
}

// Without a detour: the lane takes no orders while Malacca is closed, and the five shipments
// that would cross on days 0..4 wait at the strait until day 20 and land on day 25 together
// (20 GWh). B is short from day 8 through day 24: 17 x 4 = 68 GWh. The 20 GWh carry it through
// day 29; orders placed from day 20 land from day 30.
TEST(GoldenStrait, ClosedChokepointHoldsCargoUntilItReopens) {
  NetBuilder b = StraitNetwork();
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(45);
  auto closure = MakeEvent("malacca", EventKind::kLaneClosure, 0, 20);
  closure.chokepoints = {"malacca"};
  sc.events.push_back(closure);
  sim::RunOptions::LaneAudit audit;
  sim::RunOptions opt;
  opt.lane_audit = &audit;
  auto r = sim::Simulate(net, sc, opt);
  const auto* s = FindShortage(r, net, "B", "cells");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_day, 8);
  EXPECT_EQ(s->last_day, 24);
  EXPECT_NEAR(s->lost_gwh, 68.0, 1e-9);
  EXPECT_EQ(r.shortages.size(), 1u);
  EXPECT_EQ(audit.shipped_while_blocked[0], 0.0);
}

// Two closures without a detour overlap: days 0..19 and days 15..34, so Malacca is shut from
// day 0 to day 34. The five shipments that would cross on days 0..4 wait for the first closure
// to end on day 20, find the second in force, and wait on until day 35: they land on day 40
// (20 GWh), not on day 25. The lane takes no orders before day 35, so what B orders then lands
// from day 45. B is short from day 8 (as above) through day 39: 32 x 4 = 128 GWh; the 20 GWh
// cover days 40..44. The order of the two events in the scenario does not matter. (The engine
// once let cargo through when the first listed closure ended, whatever else was in force.)
TEST(GoldenStrait, OverlappingClosuresHoldCargoUntilTheLastReopens) {
  for (bool later_listed_first : {false, true}) {
    SCOPED_TRACE(later_listed_first ? "second closure listed first" : "in date order");
    NetBuilder b = StraitNetwork();
    auto net = model::Compile(b.network());
    auto sc = MakeScenario(60);
    auto first = MakeEvent("malacca_1", EventKind::kLaneClosure, 0, 20);
    first.chokepoints = {"malacca"};
    auto second = MakeEvent("malacca_2", EventKind::kLaneClosure, 15, 20);
    second.chokepoints = {"malacca"};
    if (later_listed_first) std::swap(first, second);
    sc.events.push_back(first);
    sc.events.push_back(second);
    auto r = sim::Simulate(net, sc);
    ASSERT_EQ(r.shortages.size(), 1u);
    const auto* s = FindShortage(r, net, "B", "cells");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->first_day, 8);
    EXPECT_EQ(s->last_day, 39);
    EXPECT_NEAR(s->lost_gwh, 128.0, 1e-9);
  }
}

// Two closures of Malacca in force together on days 0..19, one with a 7-day detour and one
// without. Orders: the closure without a detour blocks the lane, so B places none on it (and
// what it had open is cancelled). Cargo at sea: the detour is taken, as with the detour alone:
// the -10..-6 departures land on days 0..4, the -5..-1 ones on days 12..16 (7 days late), and
// nothing leaves during the run, so nothing lands on days 17..19 (with the detour alone, the
// day-0 cargo lands on day 17).
TEST(GoldenStrait, ClosureWithoutDetourBlocksOrdersWhileCargoTakesTheOtherOnesDetour) {
  NetBuilder b = StraitNetwork();
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(20);
  auto blocked = MakeEvent("malacca_shut", EventKind::kLaneClosure, 0, 20);
  blocked.chokepoints = {"malacca"};
  auto detour = MakeEvent("malacca_detour", EventKind::kLaneClosure, 0, 20);
  detour.chokepoints = {"malacca"};
  detour.detour_days = 7;
  sc.events.push_back(blocked);
  sc.events.push_back(detour);
  struct Sink : sim::TimelineSink {
    std::vector<double> received;
    void Day(const model::CompiledNetwork& n, const sim::DayFigures& f) override {
      received.push_back(f.received[n.FindSlot(n.FindSite("B"), n.FindMaterial("cells")).value]);
    }
  } sink;
  sim::RunOptions o;
  sim::RunOptions::LaneAudit audit;
  o.lane_audit = &audit;
  sim::Simulate(net, sc, o, &sink);
  uint32_t lane = net.FindLane("S->B:cells").value;
  EXPECT_EQ(audit.ordered[lane], 0.0);
  EXPECT_EQ(audit.shipped[lane], 0.0);
  ASSERT_EQ(sink.received.size(), 20u);
  for (size_t day = 0; day < sink.received.size(); ++day) {
    SCOPED_TRACE(day);
    const bool lands = day <= 4 || (day >= 12 && day <= 16);
    EXPECT_NEAR(sink.received[day], lands ? 4.0 : 0.0, 1e-9);
  }
}

// A recycler closes the loop: the retiring fleet F (external, 2 t/d of end-of-life batteries)
// feeds recycler R (1 t of lithium per 2 t of batteries); R and mine M supply cell plant C
// (1 t of lithium per GWh) with shares 0.25 / 0.75; D buys 4 GWh/d. The mine closes on day 5
// for good. Its open orders are cancelled and the cell plant turns to the recycler for all its
// lithium, but the recycler is held to 1 t/d by the fleet: once the stocks are gone, C makes
// 1 GWh/d and D loses 3 GWh every day.
TEST(GoldenRecycling, RecyclerKeepsALoopedChainAliveAtItsOwnRate) {
  NetBuilder b;
  b.Material("eol", Dimension::kMass, Stage::kEndOfLife)
      .Material("li", Dimension::kMass, Stage::kRefining)
      .Material("cells", Dimension::kEnergy, Stage::kCell)
      .Country("US");
  b.Site("F", "US").external = true;
  b.Site("R", "US", 2);
  b.Site("M", "US");
  b.Site("C", "US", 5);
  b.Site("D", "US", 2);
  b.Process("F", "eol", 2)
      .Process("R", "li", 5, {{"eol", 2.0}})
      .Process("M", "li", 10)
      .Process("C", "cells", 10, {{"li", 1.0}})
      .Demand("D", "cells", 4);
  b.Lane("F", "R", "eol", 0);
  b.Lane("R", "C", "li", 0, 0.25);
  b.Lane("M", "C", "li", 0, 0.75);
  b.Lane("C", "D", "cells", 0);
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(80);
  auto closure = MakeEvent("mine_closes", EventKind::kSiteOutage, 5, 1000);
  closure.sites = {"M"};
  sc.events.push_back(closure);
  // Baseline before the event: 3 t/d from M, 1 t/d from R, 2 t/d of batteries from F.
  EXPECT_NEAR(net.lane_expected_flow[net.FindLane("M->C:li").value], 3.0, 1e-12);
  EXPECT_NEAR(net.lane_expected_flow[net.FindLane("R->C:li").value], 1.0, 1e-12);
  EXPECT_NEAR(net.lane_expected_flow[net.FindLane("F->R:eol").value], 2.0, 1e-12);
  struct Tail : sim::TimelineSink {
    const model::CompiledNetwork* net = nullptr;
    double d_unmet_last_20 = 0, c_made_last_20 = 0;
    void Day(const model::CompiledNetwork& n, const sim::DayFigures& f) override {
      if (f.day < 60) return;
      SlotId d = n.FindSlot(n.FindSite("D"), n.FindMaterial("cells"));
      SlotId c = n.FindSlot(n.FindSite("C"), n.FindMaterial("cells"));
      d_unmet_last_20 += f.unmet[d.value];
      c_made_last_20 += f.produced[c.value];
    }
  } tail;
  auto r = sim::Simulate(net, sc, {}, &tail);
  // Days 60..79: the recycler's 1 t/d becomes 1 GWh/d of cells; D loses 3 GWh/d.
  EXPECT_NEAR(tail.c_made_last_20, 20.0, 1e-6);
  EXPECT_NEAR(tail.d_unmet_last_20, 60.0, 1e-6);
  ASSERT_NE(FindShortage(r, net, "D", "cells"), nullptr);
  EXPECT_TRUE(FindShortage(r, net, "D", "cells")->open_at_end);
}

// B (KR, 4 GWh/d, 2 days of supply) buys half from P (CN, 10 GWh/d) and half from Q (JP, only
// 2 GWh/d, all of it B's), transit 0. China bans exports on days 5..14. B's 8 GWh carry it
// through day 7 (it gets Q's 2 a day); days 8..14 it serves 2 of 4. The orders it moved to Q
// pile up there. On day 15 the ban ends and B re-plans: what Q holds beyond its half of B's
// open orders is cancelled and ordered again by share, so P ships that evening and B is whole
// from day 16. Short days 8..15 at depth 50 %: 8 x 2 = 16 GWh.
TEST(GoldenProtocol, BuyerTakesItsOrdersBackWhenABanEnds) {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell).Country("CN").Country("JP").Country("KR");
  b.Site("P", "CN");
  b.Site("Q", "JP");
  b.Site("B", "KR", 2);
  b.Process("P", "cells", 10).Process("Q", "cells", 2).Demand("B", "cells", 4);
  b.Lane("P", "B", "cells", 0, 0.5);
  b.Lane("Q", "B", "cells", 0, 0.5);
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(30);
  auto ban = MakeEvent("cn_ban", EventKind::kExportBan, 5, 10);
  ban.origins = {"CN"};
  sc.events.push_back(ban);
  auto r = sim::Simulate(net, sc);
  const auto* s = FindShortage(r, net, "B", "cells");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->first_day, 8);
  EXPECT_EQ(s->last_day, 15);
  EXPECT_NEAR(s->depth, 0.5, 1e-12);
  EXPECT_NEAR(s->lost_gwh, 16.0, 1e-9);
  EXPECT_EQ(r.shortages.size(), 1u);
  EXPECT_EQ(r.sites[net.FindSite("B").value].days_to_recover, 1);
}

// P (CN, 10 GWh/d) supplies B (4 GWh/d, 1 day of supply) over a transit-0 lane. P is closed on
// days 3, 4, 5. B serves day 3 from its stock and nothing on days 4 and 5; P reopens on day 6
// with an empty yard and makes 4 that morning, which reach B at the end of day 6.
// Lost sales: days 4, 5 and 6 are lost, 3 x 4 = 12 GWh unserved.
// Backlog: the same 12 GWh are owed instead, and B orders for them (its position counts what
// it owes). Day 6: P makes 4, B asks 16, gets the 4 in the evening; owes 12. Day 7: P makes
// 10 and ships them; B serves 4 of 16. Day 8: P makes 10 more; B serves 10 of 16, owes 6.
// Day 9: B holds 10 against 4 + 6: all served. Short days 4..8; nothing unserved at the end.
TEST(GoldenDemand, BacklogOwesWhatLostSalesLoses) {
  for (bool backlog : {false, true}) {
    SCOPED_TRACE(backlog ? "backlog" : "lost_sales");
    NetBuilder b;
    b.Material("cells", Dimension::kEnergy, Stage::kCell).Country("CN").Country("KR");
    b.Site("P", "CN");
    b.Site("B", "KR", 1).demand_mode =
        backlog ? model::DemandMode::kBacklog : model::DemandMode::kLostSales;
    b.Process("P", "cells", 10).Demand("B", "cells", 4);
    b.Lane("P", "B", "cells", 0);
    auto net = model::Compile(b.network());
    auto sc = MakeScenario(20);
    auto outage = MakeEvent("p_closed", EventKind::kSiteOutage, 3, 3);
    outage.sites = {"P"};
    sc.events.push_back(outage);
    auto r = sim::Simulate(net, sc);
    const auto* s = FindShortage(r, net, "B", "cells");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->first_day, 4);
    EXPECT_NEAR(s->lost_gwh, 12.0, 1e-9);  // lost, or newly owed
    if (backlog) {
      EXPECT_EQ(s->last_day, 8);
      EXPECT_NEAR(r.totals.unserved_gwh, 0.0, 1e-9);
      EXPECT_NEAR(r.totals.served_gwh, r.totals.demand_gwh, 1e-9);
    } else {
      EXPECT_EQ(s->last_day, 6);
      EXPECT_NEAR(r.totals.unserved_gwh, 12.0, 1e-9);
    }
  }
}

// Demand shocks (docs/SIMULATION.md, "Settled for a second implementation"): a factor scales
// today's end-use demand, which D adds to its order-up-to position, while its order rate and
// target days stay at their baseline. B makes x from nothing (100 t/d) and holds 10 days (40 t);
// D needs 4 t/d, holds 2 days (8 t), lane B->D 0 days. From day 5, for 5 days, demand x 1.5:
// D's position is 4 x 2 + today's 6 = 14; it holds 8, so it orders 6; B ships 6 from stock;
// D serves 6 and receives 6 at the end of the day: it closes at 8, the baseline target (not
// 1.5 x 8 = 12). Before and after: orders 4, closes at 8.
TEST(GoldenDemand, ADemandShockCountsTodayButKeepsTheBaselineTarget) {
  NetBuilder b;
  b.Material("x").Country("AU");
  b.Site("B", "AU", 10);
  b.Site("D", "AU", 2);
  b.Process("B", "x", 100);
  b.Demand("D", "x", 4);
  b.Lane("B", "D", "x", 0);
  auto net = model::Compile(b.network());
  auto sc = MakeScenario(12);
  auto e = MakeEvent("surge", EventKind::kDemandShock, 5, 5);
  e.sites = {"D"};
  e.severity = model::Distribution::Fixed(1.5);
  sc.events.push_back(e);
  struct Sink : sim::TimelineSink {
    std::vector<std::array<double, 3>> d;  // received, consumed, closing
    void Day(const model::CompiledNetwork& n, const sim::DayFigures& f) override {
      uint32_t x = n.FindSlot(n.FindSite("D"), n.FindMaterial("x")).value;
      d.push_back({f.received[x], f.consumed[x], f.closing[x]});
    }
  } sink;
  auto r = sim::Simulate(net, sc, {}, &sink);
  ASSERT_EQ(sink.d.size(), 12u);
  for (size_t day = 0; day < sink.d.size(); ++day) {
    SCOPED_TRACE(day);
    const double demand = day >= 5 && day < 10 ? 6.0 : 4.0;
    EXPECT_NEAR(sink.d[day][0], demand, 1e-9);
    EXPECT_NEAR(sink.d[day][1], demand, 1e-9);
    EXPECT_NEAR(sink.d[day][2], 8.0, 1e-9);
  }
  EXPECT_EQ(r.totals.shortages, 0);
}

}  // namespace
}  // namespace chaintwin
