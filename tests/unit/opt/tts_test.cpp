// Time to survive and performance impact, worked out by hand for every site of a small
// network (docs/OPTIMIZATION.md §2). Tolerance 1e-6 on days and GWh.
#include "chaintwin/opt/tts.hpp"

#include <gtest/gtest.h>

#include "chaintwin/io/generate.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Stage;
using testutil::NetBuilder;

constexpr double kTol = 1e-6;

// Two mines feed one cell plant, which feeds one end user. All lanes transit 0 (no pipeline).
//   M1 (AU): ore 6 t/d, ttr 60 d given.        M2 (CL): ore 2 t/d, no ttr (mining: 90 d).
//   C  (KR): cells 5 GWh/d from 1 t ore/GWh; stock 40 t ore, 10 GWh cells; ttr 30 d given.
//   D  (JP): end use 4 GWh/d; stock 20 GWh; makes nothing, no ttr (default 30 d).
// Undisrupted, ore (8 t/d) and cells (5 GWh/d) cover 4 GWh/d for ever: TTS = T_max = 365.
NetBuilder Network() {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining)
      .Material("cells", Dimension::kEnergy, Stage::kCell)
      .Country("AU").Country("CL").Country("KR").Country("JP");
  b.Site("M1", "AU").ttr_days = 60;
  b.Site("M2", "CL");
  b.Site("C", "KR").ttr_days = 30;
  b.Site("D", "JP");
  b.Process("M1", "ore", 6).Process("M2", "ore", 2).Process("C", "cells", 5, {{"ore", 1.0}});
  b.Demand("D", "cells", 4);
  b.Stock("M1", "ore", 0).Stock("M2", "ore", 0).Stock("C", "ore", 40).Stock("C", "cells", 10);
  b.Stock("D", "cells", 20);
  b.Lane("M1", "C", "ore", 0, 0.75);
  b.Lane("M2", "C", "ore", 0, 0.25);
  b.Lane("C", "D", "cells", 0);
  return b;
}

const opt::SiteExposure& Of(const opt::TtsResult& r, const std::string& key) {
  for (const auto& e : r.sites) {
    if (e.label == key) return e;
  }
  static opt::SiteExposure none;
  ADD_FAILURE() << "no site " << key;
  return none;
}

void ExpectHandWorked(const opt::TtsResult& r) {
  EXPECT_NEAR(r.baseline_tts_days, 365.0, kTol);
  // M1 down: cells at hand 20 + 10, ore 40 + 2t from M2. 4t <= 30 + 40 + 2t -> t <= 35.
  //   Over TTR 60: demand 240, supply 30 + min(5 x 60, 40 + 2 x 60) = 190 -> 50 lost.
  const auto& m1 = Of(r, "M1");
  EXPECT_NEAR(m1.tts_days, 35.0, kTol);
  EXPECT_NEAR(m1.ttr_days, 60.0, kTol);
  EXPECT_FALSE(m1.ttr_assumed);
  EXPECT_TRUE(m1.exposed);
  EXPECT_NEAR(m1.pi, 50.0, kTol);
  // M2 down: M1's 6 t/d alone exceed the 4 t/d C needs: survives the horizon, nothing lost.
  const auto& m2 = Of(r, "M2");
  EXPECT_NEAR(m2.tts_days, 365.0, kTol);
  EXPECT_TRUE(m2.survives_horizon);
  EXPECT_NEAR(m2.ttr_days, 90.0, kTol);  // mining default
  EXPECT_TRUE(m2.ttr_assumed);
  EXPECT_FALSE(m2.exposed);
  EXPECT_NEAR(m2.pi, 0.0, kTol);
  // C down: it makes nothing, but its 10 GWh of cells still ship: 4t <= 20 + 10 -> 7.5 d.
  //   Over TTR 30: 120 asked, 30 at hand -> 90 lost.
  const auto& c = Of(r, "C");
  EXPECT_NEAR(c.tts_days, 7.5, kTol);
  EXPECT_TRUE(c.exposed);
  EXPECT_NEAR(c.pi, 90.0, kTol);
  // D down: it receives nothing, so only its own 20 GWh: 4t <= 20 -> 5 d.
  //   Over TTR 30 (default for a site that makes nothing): 120 - 20 = 100 lost.
  const auto& d = Of(r, "D");
  EXPECT_NEAR(d.tts_days, 5.0, kTol);
  EXPECT_NEAR(d.ttr_days, 30.0, kTol);
  EXPECT_TRUE(d.ttr_assumed);
  EXPECT_TRUE(d.exposed);
  EXPECT_NEAR(d.pi, 100.0, kTol);
  // REI = PI / 100; ranking by PI: D, C, M1, M2.
  EXPECT_NEAR(d.rei, 1.0, kTol);
  EXPECT_NEAR(c.rei, 0.9, kTol);
  EXPECT_NEAR(m1.rei, 0.5, kTol);
  EXPECT_NEAR(m2.rei, 0.0, kTol);
  ASSERT_EQ(r.ranking.size(), 4u);
  EXPECT_EQ(r.sites[r.ranking[0]].label, "D");
  EXPECT_EQ(r.sites[r.ranking[1]].label, "C");
  EXPECT_EQ(r.sites[r.ranking[2]].label, "M1");
  EXPECT_EQ(r.sites[r.ranking[3]].label, "M2");
  EXPECT_EQ(r.unit, "GWh");
}

TEST(Tts, EveryNodeOfAHandWorkedNetwork) {
  NetBuilder b = Network();
  auto net = model::Compile(b.network());
  opt::TtsResult r = opt::AnalyzeTts(net, opt::TtsConfig{});
  ExpectHandWorked(r);
  // Baseline + 4 TTS LPs + PI LPs for the three exposed sites (none for M2; the undisrupted
  // network loses nothing within 365 d, so no baseline PI LP).
  EXPECT_EQ(r.lps_solved, 1 + 4 + 3);
}

TEST(Tts, RebuildingPerSiteGivesTheSameAnswers) {
  NetBuilder b = Network();
  auto net = model::Compile(b.network());
  opt::TtsConfig config;
  config.mode = opt::TtsConfig::Mode::kRebuild;
  ExpectHandWorked(opt::AnalyzeTts(net, config));
}

TEST(Tts, ASetOfSitesGoesDownTogether) {
  NetBuilder b = Network();
  auto net = model::Compile(b.network());
  // Both mines down: 4t <= 30 + 40 -> 17.5 d. TTR = the larger, 90 d (M2's default).
  // Lost over 90 d: 360 - 70 = 290.
  opt::TtsResult r = opt::AnalyzeSiteSets(
      net, opt::TtsConfig{}, {{net.FindSite("M1"), net.FindSite("M2")}}, {"mines"});
  ASSERT_EQ(r.sites.size(), 1u);
  EXPECT_EQ(r.sites[0].label, "mines");
  EXPECT_NEAR(r.sites[0].tts_days, 17.5, kTol);
  EXPECT_NEAR(r.sites[0].ttr_days, 90.0, kTol);
  EXPECT_TRUE(r.sites[0].ttr_assumed);
  EXPECT_NEAR(r.sites[0].pi, 290.0, kTol);
  EXPECT_NEAR(r.sites[0].rei, 1.0, kTol);
}

TEST(Tts, TimeToSurviveIsCappedAndPiIsNetOfTheBaselineLoss) {
  // A network short even when nothing is down: C makes 3 GWh/d for a demand of 4.
  NetBuilder b = Network();
  b.network().sites[2].processes[0].capacity_per_day = 3;
  auto net = model::Compile(b.network());
  opt::TtsConfig config;
  config.t_max_days = 100;
  opt::TtsResult r = opt::AnalyzeTts(net, config);
  // Undisrupted: 4t <= 30 + 3t -> 30 d.
  EXPECT_NEAR(r.baseline_tts_days, 30.0, kTol);
  // M2 down changes nothing (M1 has 6 t/d): TTS 30 < TTR 90, but PI is the loss beyond the
  // baseline's over the same 90 d: (360 - 30 - 270) - (360 - 30 - 270) = 0.
  EXPECT_NEAR(Of(r, "M2").tts_days, 30.0, kTol);
  EXPECT_NEAR(Of(r, "M2").pi, 0.0, kTol);
  // M1 down over 60 d: made <= min(3 x 60, 40 + 120) = 160; lost 240 - 30 - 160 = 50;
  // baseline over 60 d: 240 - 30 - 180 = 30; PI = 20.
  EXPECT_NEAR(Of(r, "M1").pi, 20.0, kTol);
  // With a generous network, TTS stops at T_max.
  NetBuilder g = Network();
  auto net2 = model::Compile(g.network());
  config.t_max_days = 50;
  EXPECT_NEAR(Of(opt::AnalyzeTts(net2, config), "M2").tts_days, 50.0, kTol);
}

TEST(Tts, LaneCapacitiesAndChokepointThroughputsLimitTheFlows) {
  opt::TtsConfig config;
  config.t_max_days = 100;
  // C -> D carries at most 3 GWh/d: undisrupted, D's 20 GWh and 3 GWh/d cover 4 GWh/d for
  // 4t <= 20 + 3t -> 20 d.
  NetBuilder lane = Network();
  lane.network().lanes[2].capacity_per_day = 3;
  auto net = model::Compile(lane.network());
  EXPECT_NEAR(opt::AnalyzeTts(net, config).baseline_tts_days, 20.0, kTol);
  // Both ore lanes cross X, which passes 2 t/d: C makes at most 40 + 2t GWh over [0, t], and
  // 4t <= 20 + 10 + 40 + 2t -> 35 d (the lanes alone would pass 8 t/d).
  NetBuilder strait = Network();
  strait.Chokepoint("X");
  strait.network().chokepoints.back().capacity_per_day = 2;
  strait.network().lanes[0].chokepoints.push_back({"X", 0});
  strait.network().lanes[1].chokepoints.push_back({"X", 0});
  auto net2 = model::Compile(strait.network());
  EXPECT_NEAR(opt::AnalyzeTts(net2, config).baseline_tts_days, 35.0, kTol);
  // The shortcuts (unused sites, sinks in closed form) agree with solving every site.
  for (const model::CompiledNetwork* n : {&net, &net2}) {
    opt::TtsConfig solve_all = config;
    solve_all.skip_unused = false;
    opt::TtsResult fast = opt::AnalyzeTts(*n, config), slow = opt::AnalyzeTts(*n, solve_all);
    ASSERT_EQ(fast.sites.size(), slow.sites.size());
    for (size_t i = 0; i < fast.sites.size(); ++i) {
      EXPECT_NEAR(fast.sites[i].tts_days, slow.sites[i].tts_days, kTol) << fast.sites[i].label;
      EXPECT_NEAR(fast.sites[i].pi, slow.sites[i].pi, kTol) << fast.sites[i].label;
    }
  }
}

TEST(Tts, DefaultTtrFollowsTheStageOfTheMostDownstreamOutput) {
  NetBuilder b = Network();
  auto net = model::Compile(b.network());
  opt::TtsConfig config;
  bool assumed = false;
  EXPECT_NEAR(opt::TtrDays(net, net.FindSite("M2"), config, &assumed), 90.0, kTol);
  EXPECT_TRUE(assumed);
  EXPECT_NEAR(opt::TtrDays(net, net.FindSite("C"), config, &assumed), 30.0, kTol);
  EXPECT_FALSE(assumed);
  config.default_ttr_no_process = 12;
  EXPECT_NEAR(opt::TtrDays(net, net.FindSite("D"), config, &assumed), 12.0, kTol);
}

// Issue 5: threads, skipping unused sites and Newton steps on t change the time, not the
// answers. A generated 300-site network: every site with 1 and 2 threads (identical, bit for
// bit), without skipping, and rebuilt per site with the maximize-t LP (same to 1e-6).
TEST(Tts, ThreadsAndSkippingGiveTheSameAnswersAsSolvingEverySite) {
  io::GenerateOptions o;
  o.sites = 300;
  o.seed = 7;
  auto net = model::Compile(io::Generate(o).network);
  opt::TtsConfig config;
  config.threads = 1;
  opt::TtsResult one = opt::AnalyzeTts(net, config);
  config.threads = 2;
  opt::TtsResult two = opt::AnalyzeTts(net, config);
  config.skip_unused = false;
  opt::TtsResult all = opt::AnalyzeTts(net, config);
  config.mode = opt::TtsConfig::Mode::kRebuild;
  opt::TtsResult rebuilt = opt::AnalyzeTts(net, config);
  EXPECT_GT(one.lps_skipped, 0);
  EXPECT_GT(one.lps_skipped_sink, 0);
  EXPECT_EQ(all.lps_skipped, 0);
  EXPECT_EQ(all.lps_skipped_sink + all.lps_skipped_no_path, 0);
  EXPECT_EQ(one.lps_solved, all.lps_solved);
  EXPECT_EQ(one.lps_solved, rebuilt.lps_solved);
  EXPECT_EQ(one.ranking, two.ranking);
  ASSERT_EQ(one.sites.size(), 300u);
  for (const opt::TtsResult* r : {&two, &all, &rebuilt}) ASSERT_EQ(r->sites.size(), 300u);
  size_t exposed = 0;
  for (size_t i = 0; i < one.sites.size(); ++i) {
    SCOPED_TRACE(one.sites[i].label);
    const opt::SiteExposure& a = one.sites[i];
    EXPECT_EQ(a.tts_days, two.sites[i].tts_days);
    EXPECT_EQ(a.lost, two.sites[i].lost);
    EXPECT_EQ(a.pi, two.sites[i].pi);
    EXPECT_EQ(a.status, two.sites[i].status);
    for (const opt::TtsResult* r : {&all, &rebuilt}) {
      const opt::SiteExposure& b = r->sites[i];
      EXPECT_NEAR(a.tts_days, b.tts_days, kTol * std::max(1.0, b.tts_days));
      EXPECT_NEAR(a.pi, b.pi, kTol * std::max(1.0, b.pi));
      EXPECT_NEAR(a.lost, b.lost, kTol * std::max(1.0, b.lost));
      EXPECT_EQ(a.exposed, b.exposed);
      EXPECT_EQ(a.survives_horizon, b.survives_horizon);
    }
    exposed += a.exposed ? 1 : 0;
  }
  EXPECT_GT(exposed, 0u);
}

// Expects site `key` of `r` to survive `tts` days and to lose `lost` over its TTR, `pi` beyond
// the undisrupted network's loss.
void ExpectSite(const opt::TtsResult& r, const std::string& key, double tts, double lost,
                double pi) {
  SCOPED_TRACE(key);
  EXPECT_NEAR(Of(r, key).tts_days, tts, kTol);
  EXPECT_NEAR(Of(r, key).lost, lost, kTol);
  EXPECT_NEAR(Of(r, key).pi, pi, kTol);
}

// Expects the same answers from `a` (shortcuts on) and `b` (every LP solved), to 1e-6.
void ExpectSameAnswers(const opt::TtsResult& a, const opt::TtsResult& b) {
  ASSERT_EQ(a.sites.size(), b.sites.size());
  for (size_t i = 0; i < a.sites.size(); ++i) {
    SCOPED_TRACE(a.sites[i].label);
    EXPECT_NEAR(a.sites[i].tts_days, b.sites[i].tts_days, kTol);
    EXPECT_NEAR(a.sites[i].lost, b.sites[i].lost, kTol);
    EXPECT_NEAR(a.sites[i].pi, b.sites[i].pi, kTol);
    EXPECT_EQ(a.sites[i].exposed, b.sites[i].exposed);
  }
}

opt::TtsResult SolvingEverySite(const model::CompiledNetwork& net, opt::TtsConfig config) {
  config.skip_unused = false;
  opt::TtsResult r = opt::AnalyzeTts(net, config);
  EXPECT_EQ(r.lps_skipped, 0);
  return r;
}

// A sink (no process, ships nothing) down keeps only its own stock: TTS = stock / demand and
// lost(TTR) = demand x TTR - stock, in closed form while TTR <= baseline TTS (IsSink()).
TEST(Tts, SinksAreAnsweredInClosedFormAsSolvingWould) {
  NetBuilder b = Network();
  // A second end user E: 1 GWh/d from C, 12 GWh in stock. C's 5 GWh/d now meets 4 + 1.
  b.Site("E", "JP");
  b.Demand("E", "cells", 1).Stock("E", "cells", 12);
  b.Lane("C", "E", "cells", 0);
  auto net = model::Compile(b.network());
  opt::TtsResult r = opt::AnalyzeTts(net, opt::TtsConfig{});
  EXPECT_NEAR(r.baseline_tts_days, 365.0, kTol);
  // D: 20 / 4 = 5 d; over 30 d, 120 - 20 = 100 lost. E: 12 / 1 = 12 d; 30 - 12 = 18 lost.
  ExpectSite(r, "D", 5.0, 100.0, 100.0);
  ExpectSite(r, "E", 12.0, 18.0, 18.0);
  EXPECT_EQ(r.lps_skipped_sink, 4);  // TTS and PI of D and E
  ExpectSameAnswers(r, SolvingEverySite(net, opt::TtsConfig{}));
}

TEST(Tts, ASinkIsSolvedForPiWhenTheBaselineIsShortWithinItsTtr) {
  // C makes 3 GWh/d for 4 asked: the network meets demand for 30 d. D's TTR 60 > 30, so its
  // PI needs the LP (the rest of the network is short too); its TTS is still closed form.
  NetBuilder b = Network();
  b.network().sites[2].processes[0].capacity_per_day = 3;
  b.SiteRef("D").ttr_days = 60;
  auto net = model::Compile(b.network());
  opt::TtsResult r = opt::AnalyzeTts(net, opt::TtsConfig{});
  EXPECT_NEAR(r.baseline_tts_days, 30.0, kTol);
  // D down over 60 d: 240 asked, its 20 at hand: 220 lost; the baseline loses
  // 240 - 30 - 3 x 60 = 30 over 60 d: PI = 190.
  ExpectSite(r, "D", 5.0, 220.0, 190.0);
  EXPECT_EQ(r.lps_skipped_sink, 1);
  ExpectSameAnswers(r, SolvingEverySite(net, opt::TtsConfig{}));
}

// A site none of whose slots leads to end-use demand changes nothing when down, at any t
// (FindFeeders()): W turns ore from M2 into slag nobody buys.
TEST(Tts, ASiteWithNoPathToDemandChangesNothing) {
  NetBuilder b = Network();
  b.network().sites[2].processes[0].capacity_per_day = 3;  // baseline short: 30 d
  b.Material("slag", Dimension::kMass, Stage::kRefining);
  b.Country("CN");
  b.Site("W", "CN").ttr_days = 60;
  b.Process("W", "slag", 10, {{"ore", 1.0}}).Stock("W", "ore", 5);
  b.Lane("M2", "W", "ore", 0, 0.5);
  auto net = model::Compile(b.network());
  opt::TtsResult r = opt::AnalyzeTts(net, opt::TtsConfig{});
  EXPECT_NEAR(r.baseline_tts_days, 30.0, kTol);
  // TTS 30 < TTR 60, but it is the baseline's shortfall, not W's: over 60 d it loses
  // 240 - 30 - 3 x 60 = 30, as the undisrupted network does.
  EXPECT_TRUE(Of(r, "W").exposed);
  ExpectSite(r, "W", 30.0, 30.0, 0.0);
  EXPECT_EQ(r.lps_skipped_no_path, 2);  // its TTS and PI LPs
  ExpectSameAnswers(r, SolvingEverySite(net, opt::TtsConfig{}));
}

TEST(Tts, ReportsProgressFromZeroToAllSites) {
  NetBuilder b = Network();
  auto net = model::Compile(b.network());
  opt::TtsConfig config;
  config.threads = 2;
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  config.progress = [&](uint64_t done, uint64_t total) { calls.emplace_back(done, total); };
  opt::AnalyzeTts(net, config);
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls.front(), std::make_pair(uint64_t{0}, uint64_t{4}));
  EXPECT_EQ(calls.back(), std::make_pair(uint64_t{4}, uint64_t{4}));
  for (size_t i = 1; i < calls.size(); ++i) EXPECT_LE(calls[i - 1].first, calls[i].first);
}

}  // namespace
}  // namespace chaintwin
