// Time to survive and performance impact, worked out by hand for every site of a small
// network (docs/OPTIMIZATION.md §2). Tolerance 1e-6 on days and GWh.
#include "chaintwin/opt/tts.hpp"

#include <gtest/gtest.h>

#include <cmath>

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
  // REI over the supply sites M1, M2, C (D ships nothing): PI / 90. D has none.
  EXPECT_NEAR(c.rei, 1.0, kTol);
  EXPECT_NEAR(m1.rei, 50.0 / 90.0, kTol);
  EXPECT_NEAR(m2.rei, 0.0, kTol);
  EXPECT_FALSE(d.in_rei_basis);
  EXPECT_TRUE(std::isnan(d.rei));
  EXPECT_EQ(r.rei_basis, 3u);
  // Ranking by PI: D, C, M1, M2.
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
  // M1 down over 60 d: made <= min(3 x 60, 40 + 120) = 160; lost 240 - 30 - 160 = 50 (the
  // paper's PI); baseline over 60 d: 240 - 30 - 180 = 30; PI = 20.
  EXPECT_NEAR(Of(r, "M1").pi, 20.0, kTol);
  EXPECT_NEAR(Of(r, "M1").lost, 50.0, kTol);
  EXPECT_TRUE(Of(r, "M1").exposed);
  // M2: TTS 30 < TTR 90 as for every site of a short network, but PI 0: not exposed.
  EXPECT_FALSE(Of(r, "M2").exposed);
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
  // 240 - 30 - 3 x 60 = 30, as the undisrupted network does. PI 0: not exposed.
  EXPECT_FALSE(Of(r, "W").exposed);
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

namespace chaintwin {
namespace {

// Issue 19 §5: three suppliers, each the only source of one part of end user D (1 t/d of each
// of a, b, c; no stock at D). Each supplier makes 1 t/d; lanes transit 0.
//   S1: 10 t of a in stock, TTR 10: down, its stock covers 10 d = TTR. PI 0.
//   S2:  5 t of b in stock, TTR 10: TTS 5; lost over 10 d: 10 - 5 = 5.
//   S3:  no stock, TTR 11: TTS 0; lost 11.
//   D (end user, default TTR 30): receives nothing; lost 3 x 30 = 90.
// REI over the suppliers: 0, 5/11 = 0.4545, 1. Divided by D's 90 it would read 0, 0.056, 0.122.
NetBuilder ThreeSuppliers() {
  NetBuilder b;
  b.Material("a").Material("b").Material("c").Country("CN").Country("JP");
  b.Site("S1", "CN").ttr_days = 10;
  b.Site("S2", "CN").ttr_days = 10;
  b.Site("S3", "CN").ttr_days = 11;
  b.Site("D", "JP");
  b.Process("S1", "a", 1).Process("S2", "b", 1).Process("S3", "c", 1);
  b.Stock("S1", "a", 10).Stock("S2", "b", 5).Stock("S3", "c", 0);
  b.Demand("D", "a", 1).Demand("D", "b", 1).Demand("D", "c", 1);
  b.Lane("S1", "D", "a", 0);
  b.Lane("S2", "D", "b", 0);
  b.Lane("S3", "D", "c", 0);
  return b;
}

TEST(Tts, ReiIsNormalisedOverTheSupplySitesAnalysed) {
  NetBuilder b = ThreeSuppliers();
  auto net = model::Compile(b.network());
  opt::TtsResult r = opt::AnalyzeTts(net, opt::TtsConfig{});
  ExpectSite(r, "S1", 10.0, 0.0, 0.0);
  ExpectSite(r, "S2", 5.0, 5.0, 5.0);
  ExpectSite(r, "S3", 0.0, 11.0, 11.0);
  ExpectSite(r, "D", 0.0, 90.0, 90.0);
  EXPECT_NEAR(Of(r, "S1").rei, 0.0, kTol);
  EXPECT_NEAR(Of(r, "S2").rei, 5.0 / 11.0, kTol);
  EXPECT_NEAR(Of(r, "S2").rei, 0.455, 5e-4);
  EXPECT_NEAR(Of(r, "S3").rei, 1.0, kTol);
  EXPECT_TRUE(std::isnan(Of(r, "D").rei));
  EXPECT_EQ(r.rei_basis, 3u);
  // S1 loses nothing (TTS = TTR): not exposed.
  EXPECT_FALSE(Of(r, "S1").exposed);
  EXPECT_TRUE(Of(r, "S2").exposed);
  // Only S2 and S3 analysed: REI relative to S3 still; only end users: relative to each other.
  opt::TtsResult two = opt::AnalyzeTts(net, opt::TtsConfig{}, {net.FindSite("S2"), net.FindSite("S3")});
  ASSERT_EQ(two.sites.size(), 2u);
  EXPECT_NEAR(Of(two, "S2").rei, 5.0 / 11.0, kTol);
  opt::TtsResult users = opt::AnalyzeTts(net, opt::TtsConfig{}, {net.FindSite("D")});
  EXPECT_NEAR(Of(users, "D").rei, 1.0, kTol);
  EXPECT_EQ(users.rei_basis, 1u);
}

TEST(Tts, SiteStageAndSupplySites) {
  NetBuilder b = Network();
  auto net = model::Compile(b.network());
  EXPECT_EQ(opt::SiteStage(net, net.FindSite("M1")), Stage::kMining);
  EXPECT_EQ(opt::SiteStage(net, net.FindSite("C")), Stage::kCell);
  EXPECT_EQ(opt::SiteStage(net, net.FindSite("D")), Stage::kEndUse);  // asks for cells
  EXPECT_TRUE(opt::IsSupplySite(net, net.FindSite("C")));
  EXPECT_FALSE(opt::IsSupplySite(net, net.FindSite("D")));
}

// Issue 19 §5: an end user asking 5 GWh/d with 5 GWh in stock and a TTR of 400 d loses
// 5 x 400 - 5 = 1,995 GWh while down, whatever --tmax is (it capped PI at 365 d: 1,820).
TEST(Tts, PiIsOverTheWholeTtrBeyondTmax) {
  NetBuilder b;
  b.Material("cells", Dimension::kEnergy, Stage::kCell).Country("KR").Country("US");
  b.Site("C", "KR").ttr_days = 30;
  b.Site("U", "US").ttr_days = 400;
  b.Process("C", "cells", 10);
  b.Demand("U", "cells", 5).Stock("U", "cells", 5).Stock("C", "cells", 0);
  b.Lane("C", "U", "cells", 0);
  auto net = model::Compile(b.network());
  for (bool skip : {true, false}) {
    SCOPED_TRACE(skip);
    opt::TtsConfig config;
    config.skip_unused = skip;
    opt::TtsResult r = opt::AnalyzeTts(net, config);
    EXPECT_NEAR(Of(r, "U").ttr_days, 400.0, kTol);
    EXPECT_NEAR(Of(r, "U").tts_days, 1.0, kTol);
    EXPECT_NEAR(Of(r, "U").pi, 1995.0, kTol);
    // C down: U's 5 GWh last 1 d; over 30 d it loses 145.
    EXPECT_NEAR(Of(r, "C").pi, 145.0, kTol);
  }
  opt::TtsConfig rebuild;
  rebuild.mode = opt::TtsConfig::Mode::kRebuild;
  EXPECT_NEAR(Of(opt::AnalyzeTts(net, rebuild), "U").pi, 1995.0, kTol);
}

// --tmax below a TTR: TTS stops at T_max, so TTS < TTR says nothing; only a loss over the
// TTR makes a site exposed. In Network() with T_max 60 d, M2 (TTR 90 d, M1 alone covers the
// ore) survives and is not exposed; M1 (TTS 35) is, as with 365 d.
TEST(Tts, ASiteThatSurvivesTmaxIsNotExposedForALongerTtr) {
  NetBuilder b = Network();
  auto net = model::Compile(b.network());
  opt::TtsConfig config;
  config.t_max_days = 60;
  opt::TtsResult r = opt::AnalyzeTts(net, config);
  EXPECT_NEAR(Of(r, "M2").tts_days, 60.0, kTol);
  EXPECT_TRUE(Of(r, "M2").survives_horizon);
  EXPECT_FALSE(Of(r, "M2").exposed);
  EXPECT_NEAR(Of(r, "M2").pi, 0.0, kTol);
  EXPECT_TRUE(Of(r, "M1").exposed);
  EXPECT_NEAR(Of(r, "M1").pi, 50.0, kTol);
}

// Loss weights per product: in ThreeSuppliers(), b worth 3 per t and c 0.5: S2 loses 3 x 5
// = 15, S3 0.5 x 11 = 5.5, D 1 x 30 + 3 x 30 + 0.5 x 30 = 135.
TEST(Tts, LossWeightsPerProductScaleTheLoss) {
  NetBuilder b = ThreeSuppliers();
  auto net = model::Compile(b.network());
  opt::TtsConfig config;
  config.material_weights = {{"b", 3.0}, {"c", 0.5}};
  opt::TtsResult r = opt::AnalyzeTts(net, config);
  ExpectSite(r, "S2", 5.0, 15.0, 15.0);
  ExpectSite(r, "S3", 0.0, 5.5, 5.5);
  ExpectSite(r, "D", 0.0, 135.0, 135.0);
  EXPECT_NEAR(Of(r, "S3").rei, 5.5 / 15.0, kTol);
  EXPECT_EQ(r.unit, "weighted GWh or units");
  // A site weight multiplies too: D x 2.
  config.site_weights = {{"D", 2.0}};
  ExpectSite(opt::AnalyzeTts(net, config), "S2", 5.0, 30.0, 30.0);
  ExpectSameAnswers(opt::AnalyzeTts(net, config), SolvingEverySite(net, config));
}

// A partial outage: the site keeps half its capacity and still receives.
//   C at 2.5 GWh/d (ore is plenty): 4t <= 20 + 10 + 2.5t -> TTS 20; over TTR 30:
//   120 - 30 - 75 = 15 lost.  M1 at 3 t/d + M2 2 t/d = 5 >= 4: survives.  D makes nothing:
//   unchanged, survives.
TEST(Tts, PartialOutagesKeepAShareOfCapacity) {
  NetBuilder b = Network();
  auto net = model::Compile(b.network());
  opt::TtsConfig config;
  config.capacity_factor = 0.5;
  opt::TtsResult r = opt::AnalyzeTts(net, config);
  ExpectSite(r, "C", 20.0, 15.0, 15.0);
  ExpectSite(r, "M1", 365.0, 0.0, 0.0);
  ExpectSite(r, "D", 365.0, 0.0, 0.0);
  EXPECT_TRUE(Of(r, "C").exposed);
  EXPECT_FALSE(Of(r, "D").exposed);
  ExpectSameAnswers(r, SolvingEverySite(net, config));
  config.mode = opt::TtsConfig::Mode::kRebuild;
  ExpectSameAnswers(r, opt::AnalyzeTts(net, config));
  // At 0.25, M1 (1.5 t/d) + M2 (2 t/d) = 3.5 t/d of ore for 4 needed; C's 40 t of ore and
  // 30 GWh of cells bridge the gap: 4t <= 30 + 40 + 3.5t -> 140 d.
  config.mode = opt::TtsConfig::Mode::kReuse;
  config.capacity_factor = 0.25;
  opt::TtsResult q = opt::AnalyzeTts(net, config);
  EXPECT_NEAR(Of(q, "M1").tts_days, 140.0, kTol);
  EXPECT_FALSE(Of(q, "M1").exposed);  // TTR 60 < 140
}

}  // namespace
}  // namespace chaintwin

namespace chaintwin {
namespace {

// Issue 19 §5, capacity shared by several processes: plant P makes a and b (8 t/d each) from
// one pool of 10 t/d; end user U asks 6 t/d of each and holds 20 t of each; lanes transit 0.
NetBuilder PooledPlant(double pool) {
  NetBuilder b;
  b.Material("a").Material("b").Country("JP").Country("US");
  model::Site& p = b.Site("P", "JP");
  p.ttr_days = 30;
  if (pool > 0) p.capacity_pools.push_back(model::CapacityPool{"line", pool});
  b.Site("U", "US");
  b.Process("P", "a", 8).Process("P", "b", 8);
  if (pool > 0) {
    for (auto& proc : b.SiteRef("P").processes) proc.capacity_pool = "line";
  }
  b.Demand("U", "a", 6).Demand("U", "b", 6);
  b.Stock("P", "a", 0).Stock("P", "b", 0).Stock("U", "a", 20).Stock("U", "b", 20);
  b.Lane("P", "U", "a", 0);
  b.Lane("P", "U", "b", 0);
  return b;
}

// Undisrupted: 12t <= 40 + 10t -> TTS 20 d (without the pool 8 + 8 >= 12: the horizon).
// P down: U's 20 t of each last 20 / 6 = 3.33 d; over its TTR of 30 d, 360 asked, 40 held:
// 320 lost (paper PI); the undisrupted network loses 360 - 40 - 300 = 20: PI 300.
// P at half capacity (pool 5, each process 4): 2.5 t/d of each, 6t <= 20 + 2.5t -> TTS
// 40/7 d; over 30 d it loses 360 - 40 - 150 = 170, PI 150.
TEST(Tts, ProcessesSharingACapacityPool) {
  NetBuilder free = PooledPlant(0);
  auto free_net = model::Compile(free.network());
  EXPECT_NEAR(opt::AnalyzeTts(free_net, opt::TtsConfig{}).baseline_tts_days, 365.0, kTol);
  NetBuilder b = PooledPlant(10);
  auto net = model::Compile(b.network());
  for (auto mode : {opt::TtsConfig::Mode::kReuse, opt::TtsConfig::Mode::kRebuild}) {
    SCOPED_TRACE(mode == opt::TtsConfig::Mode::kReuse ? "reuse" : "rebuild");
    opt::TtsConfig config;
    config.mode = mode;
    opt::TtsResult r = opt::AnalyzeTts(net, config);
    EXPECT_NEAR(r.baseline_tts_days, 20.0, kTol);
    ExpectSite(r, "P", 20.0 / 6.0, 320.0, 300.0);
    config.capacity_factor = 0.5;
    opt::TtsResult half = opt::AnalyzeTts(net, config);
    ExpectSite(half, "P", 40.0 / 7.0, 170.0, 150.0);
  }
}

}  // namespace
}  // namespace chaintwin
