// Monte Carlo: reproducible for any thread count, exact in the degenerate case, and the
// statistics on known numbers.
#include "chaintwin/analyze/montecarlo.hpp"

#include <gtest/gtest.h>

#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Distribution;
using model::EventKind;
using model::Stage;
using testutil::MakeEvent;
using testutil::MakeScenario;
using testutil::NetBuilder;

// The chain of tests/golden/chain_test.cpp: mine M (AU) --ore, 2 d--> cell plant C (KR,
// 5 days of supply) --cells, 0 d--> D (KR, 4 GWh/d demand, 2 days of supply).
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

// A mine outage starting on day 10 for 5..30 days (uniform), cutting capacity to a
// triangular 0..0.5 (mode 0.1) of nameplate.
model::Scenario UncertainOutage() {
  model::Scenario sc = MakeScenario(90);
  model::Event e = MakeEvent("mine_down", EventKind::kSiteOutage, 10, 0);
  e.sites = {"M"};
  e.duration_days = Distribution{Distribution::Kind::kUniform, 5, 30, 0};
  e.severity = Distribution{Distribution::Kind::kTriangular, 0.0, 0.5, 0.1};
  sc.events.push_back(e);
  return sc;
}

TEST(MonteCarlo, SameResultsOnOneAndTwoThreads) {
  NetBuilder b = SingleChain();
  auto net = model::Compile(b.network());
  auto resolved = model::Resolve(net, UncertainOutage());
  analyze::MonteCarloOptions options;
  options.runs = 200;
  options.seed = 42;
  options.threads = 1;
  auto one = analyze::RunMonteCarlo(net, resolved, options);
  options.threads = 2;
  auto two = analyze::RunMonteCarlo(net, resolved, options);
  EXPECT_EQ(two.threads, 2u);
  // Bitwise equal, run by run.
  ASSERT_EQ(one.lost_gwh.size(), 200u);
  EXPECT_EQ(one.lost_gwh, two.lost_gwh);
  EXPECT_EQ(one.lost.mean, two.lost.mean);
  EXPECT_EQ(one.lost.expected_shortfall, two.lost.expected_shortfall);
  ASSERT_EQ(one.shortage_risk.size(), two.shortage_risk.size());
  for (size_t i = 0; i < one.shortage_risk.size(); ++i) {
    EXPECT_EQ(one.shortage_risk[i].site, two.shortage_risk[i].site);
    EXPECT_EQ(one.shortage_risk[i].material, two.shortage_risk[i].material);
    EXPECT_EQ(one.shortage_risk[i].runs_short, two.shortage_risk[i].runs_short);
    EXPECT_EQ(one.shortage_risk[i].mean_first_day, two.shortage_risk[i].mean_first_day);
  }
  // The draws differ between runs, so the losses do too, and longer outages lose more.
  EXPECT_LT(one.lost.min, one.lost.max);
  ASSERT_EQ(one.contributions.size(), 2u);
  EXPECT_EQ(one.contributions[0].event, "mine_down");
  EXPECT_EQ(one.contributions[0].quantity, "duration");
  EXPECT_GT(one.contributions[0].rank_correlation, 0.5);
  EXPECT_GT(one.contributions[0].lost_gwh_above_median, one.contributions[0].lost_gwh_below_median);
}

TEST(MonteCarlo, FixedDistributionsReproduceTheDeterministicRun) {
  NetBuilder b = SingleChain();
  auto net = model::Compile(b.network());
  model::Scenario sc = MakeScenario(60);
  // A 25-day mine outage: long enough that C runs out of ore and D of cells.
  model::Event e = MakeEvent("mine_down", EventKind::kSiteOutage, 10, 25);
  e.sites = {"M"};
  sc.events.push_back(e);
  sim::Results plain = sim::Simulate(net, sc);
  ASSERT_GT(plain.totals.unserved_gwh, 0.0);
  auto resolved = model::Resolve(net, sc);
  analyze::MonteCarloOptions options;
  options.runs = 7;
  options.seed = 3;
  options.threads = 2;
  auto mc = analyze::RunMonteCarlo(net, resolved, options);
  for (double lost : mc.lost_gwh) EXPECT_EQ(lost, plain.totals.unserved_gwh);
  for (double lost : mc.lost_production_gwh) EXPECT_EQ(lost, plain.totals.lost_production_gwh);
  EXPECT_EQ(mc.lost.mean, plain.totals.unserved_gwh);
  EXPECT_EQ(mc.lost.value_at_risk, plain.totals.unserved_gwh);
  EXPECT_TRUE(mc.contributions.empty());  // nothing uncertain
  // Seven identical runs would tell nothing more than one: one is made, and it says so.
  EXPECT_TRUE(mc.nothing_uncertain);
  EXPECT_FALSE(analyze::HasUncertainty(resolved));
  EXPECT_EQ(mc.runs, 1u);
  EXPECT_EQ(mc.runs_requested, 7u);
  EXPECT_EQ(mc.lost_gwh.size(), 1u);
  EXPECT_DOUBLE_EQ(mc.probability_any_loss, 1.0);
  // Every run is short where the plain run is, from the same days.
  ASSERT_EQ(mc.shortage_risk.size(), plain.shortages.size());
  for (const auto& risk : mc.shortage_risk) {
    EXPECT_DOUBLE_EQ(risk.probability, 1.0);
    for (const auto& s : plain.shortages) {
      if (s.site == risk.site && s.material == risk.material) {
        EXPECT_DOUBLE_EQ(risk.mean_first_day, s.first_day);
      }
    }
  }
}

TEST(MonteCarlo, PercentilesValueAtRiskAndExpectedShortfallOfAKnownSample) {
  std::vector<double> losses;
  for (int i = 100; i >= 1; --i) losses.push_back(i);  // 1..100, in any order
  auto s = analyze::ComputeLossStats(losses, 0.95);
  EXPECT_DOUBLE_EQ(s.mean, 50.5);
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.max, 100.0);
  // h = 99 p: p50 -> 49.5 -> 50 + 0.5 = 50.5; p5 -> 4.95 -> 5 + 0.95 = 5.95;
  // p95 -> 94.05 -> 95 + 0.05 = 95.05; p99 -> 98.01 -> 99 + 0.01 = 99.01.
  EXPECT_NEAR(s.p50, 50.5, 1e-12);
  EXPECT_NEAR(s.p5, 5.95, 1e-12);
  EXPECT_NEAR(s.p95, 95.05, 1e-12);
  EXPECT_NEAR(s.p99, 99.01, 1e-12);
  EXPECT_NEAR(s.value_at_risk, 95.05, 1e-12);
  // The 100 x 0.05 = 5 worst: (96 + 97 + 98 + 99 + 100) / 5 = 98.
  EXPECT_NEAR(s.expected_shortfall, 98.0, 1e-12);
  // Sample standard deviation of 1..100: sqrt(100 x 101 / 12) = 29.011491975882016.
  EXPECT_NEAR(s.stddev, 29.011491975882016, 1e-9);
  // At 0.99 the tail is the single worst run.
  EXPECT_NEAR(analyze::ComputeLossStats(losses, 0.99).expected_shortfall, 100.0, 1e-12);
  // One run: every figure is that run.
  auto one = analyze::ComputeLossStats({7.0}, 0.95);
  EXPECT_EQ(one.p5, 7.0);
  EXPECT_EQ(one.expected_shortfall, 7.0);
  EXPECT_EQ(one.stddev, 0.0);
}

TEST(MonteCarlo, AddingAnEventDoesNotChangeTheOthersDraws) {
  NetBuilder b = SingleChain();
  auto net = model::Compile(b.network());
  model::Scenario sc = UncertainOutage();
  auto before = model::Resolve(net, sc);
  model::Event other = MakeEvent("demand_up", EventKind::kDemandShock, 5, 0);
  other.sites = {"D"};
  other.duration_days = Distribution{Distribution::Kind::kLognormal, 20, 0.5, 0};
  other.severity = Distribution{Distribution::Kind::kUniform, 1.0, 1.5, 0};
  sc.events.insert(sc.events.begin(), other);  // even before it, in file order
  auto after = model::Resolve(net, sc);
  for (uint64_t run = 0; run < 50; ++run) {
    auto a = model::SampleSchedule(before, 9, run);
    auto c = model::SampleSchedule(after, 9, run);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(a[0].end_day, c[1].end_day);
    EXPECT_EQ(a[0].severity, c[1].severity);
  }
  // And the runs differ from each other.
  EXPECT_NE(model::SampleSchedule(before, 9, 0)[0].severity,
            model::SampleSchedule(before, 9, 1)[0].severity);
}

TEST(MonteCarlo, ReportsProgressUpToTheTotal) {
  NetBuilder b = SingleChain();
  auto net = model::Compile(b.network());
  auto resolved = model::Resolve(net, UncertainOutage());
  analyze::MonteCarloOptions options;
  options.runs = 20;
  options.threads = 2;
  uint64_t last_done = 0, calls = 0;
  options.progress = [&](uint64_t done, uint64_t total) {
    EXPECT_EQ(total, 20u);
    EXPECT_GE(done, last_done);
    last_done = done;
    ++calls;
  };
  analyze::RunMonteCarlo(net, resolved, options);
  EXPECT_EQ(last_done, 20u);
  EXPECT_GE(calls, 1u);
}

}  // namespace
}  // namespace chaintwin
