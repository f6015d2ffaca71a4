// HHI by country and company, and single points of failure, on hand-made networks.
#include "chaintwin/analyze/concentration.hpp"

#include <gtest/gtest.h>

#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using analyze::SpofKind;
using model::Dimension;
using model::Stage;
using testutil::NetBuilder;

// ore capacity per day:  A1 (AU, Alpha) 40, A2 (AU, Beta) 20, C1 (CN, Alpha) 30,
// D (CN, no operator: counts as its own company "D") 10; X (CL) is external and unlimited.
NetBuilder OreProducers() {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining).Country("AU").Country("CN").Country("CL");
  b.Site("A1", "AU").operator_name = "Alpha";
  b.Site("A2", "AU").operator_name = "Beta";
  b.Site("C1", "CN").operator_name = "Alpha";
  b.Site("D", "CN");
  b.Site("X", "CL").external = true;
  b.Process("A1", "ore", 40).Process("A2", "ore", 20).Process("C1", "ore", 30);
  b.Process("D", "ore", 10).Process("X", "ore", model::kUnlimited);
  return b;
}

TEST(Concentration, HhiByCountryAndCompanyOnCapacity) {
  NetBuilder b = OreProducers();
  auto net = model::Compile(b.network());
  auto rows = analyze::Concentration(b.network(), net);
  ASSERT_EQ(rows.size(), 1u);
  const auto& ore = rows[0];
  EXPECT_EQ(ore.stage, Stage::kMining);
  EXPECT_DOUBLE_EQ(ore.total, 100.0);  // 40 + 20 + 30 + 10; X is left out
  EXPECT_EQ(ore.producers, 4);
  EXPECT_EQ(ore.unlimited_sites, 1);
  // Countries: AU 60 %, CN 40 %: 60^2 + 40^2 = 3600 + 1600 = 5200.
  EXPECT_NEAR(ore.hhi_country, 5200.0, 1e-9);
  // Companies: Alpha 40 + 30 = 70 %, Beta 20 %, D 10 %: 4900 + 400 + 100 = 5400.
  EXPECT_NEAR(ore.hhi_company, 5400.0, 1e-9);
  ASSERT_EQ(ore.countries.size(), 2u);
  EXPECT_EQ(ore.countries[0].key, "AU");
  EXPECT_NEAR(ore.countries[0].share, 0.6, 1e-12);
  ASSERT_EQ(ore.companies.size(), 3u);
  EXPECT_EQ(ore.companies[0].key, "Alpha");
  EXPECT_NEAR(ore.companies[0].quantity, 70.0, 1e-12);
  EXPECT_EQ(ore.companies[1].key, "Beta");
  EXPECT_EQ(ore.companies[2].key, "D");
}

// A1 makes its 40 t/d of ore from a pool of 10 t/d it shares with nothing else here: it
// counts 10. Total 10 + 20 + 30 + 10 = 70; AU 30/70, CN 40/70.
TEST(Concentration, APooledProcessCountsAtMostItsPool) {
  NetBuilder b = OreProducers();
  b.SiteRef("A1").capacity_pools.push_back(model::CapacityPool{"line", 10});
  b.SiteRef("A1").processes[0].capacity_pool = "line";
  auto net = model::Compile(b.network());
  auto rows = analyze::Concentration(b.network(), net);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].total, 70.0);
  EXPECT_EQ(rows[0].countries[0].key, "CN");
  EXPECT_NEAR(rows[0].countries[0].share, 40.0 / 70.0, 1e-12);
}

TEST(Concentration, ProductionBasisUsesWhatWasMade) {
  NetBuilder b = OreProducers();
  auto net = model::Compile(b.network());
  // Made over a run: A1 30, C1 10, nothing else: AU 75 %, CN 25 %: 5625 + 625 = 6250.
  std::vector<double> made(net.num_slots(), 0.0);
  made[net.FindSlot(net.FindSite("A1"), net.FindMaterial("ore")).value] = 30;
  made[net.FindSlot(net.FindSite("C1"), net.FindMaterial("ore")).value] = 10;
  analyze::ConcentrationOptions options;
  options.basis = analyze::ShareBasis::kProduction;
  options.production = &made;
  auto rows = analyze::Concentration(b.network(), net, options);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NEAR(rows[0].hhi_country, 6250.0, 1e-9);
  // Companies: Alpha makes all 40: 10,000.
  EXPECT_NEAR(rows[0].hhi_company, 10000.0, 1e-9);
  EXPECT_EQ(rows[0].unlimited_sites, 0);
}

TEST(Concentration, HhiOfSharesOnTheTenThousandScale) {
  EXPECT_DOUBLE_EQ(analyze::Hhi({1.0}), 10000.0);
  EXPECT_DOUBLE_EQ(analyze::Hhi({0.5, 0.5}), 5000.0);
  EXPECT_DOUBLE_EQ(analyze::Hhi({}), 0.0);
}

// ore mines M1 (AU), M2 (CL); cell plants P1 (KR, buys ore from M1 and M2, both lanes cross
// malacca) and P2 (JP, buys ore from M1 only and separator from S, the only separator maker);
// D (JP) buys cells from P1, with an alternate from P2.
TEST(SinglePointsOfFailure, FindsSingleSuppliersProducersAndChokepoints) {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining)
      .Material("cells", Dimension::kEnergy, Stage::kCell)
      .Material("separator", Dimension::kMass, Stage::kComponent)
      .Country("AU")
      .Country("CL")
      .Country("KR")
      .Country("JP")
      .Chokepoint("malacca");
  b.Site("M1", "AU");
  b.Site("M2", "CL");
  b.Site("P1", "KR");
  b.Site("P2", "JP");
  b.Site("S", "JP");
  b.Site("D", "JP");
  b.Process("M1", "ore", 10).Process("M2", "ore", 10).Process("S", "separator", 5);
  b.Process("P1", "cells", 10, {{"ore", 1.0}}).Process("P2", "cells", 10, {{"ore", 1.0}});
  b.Demand("D", "cells", 4);
  b.Lane("M1", "P1", "ore", 20, 0.5).chokepoints = {{"malacca", 10}};
  b.Lane("M2", "P1", "ore", 30, 0.5).chokepoints = {{"malacca", 12}};
  b.Lane("M1", "P2", "ore", 15);
  b.Lane("S", "P2", "separator", 1);
  b.Lane("P1", "D", "cells", 3);
  b.Lane("P2", "D", "cells", 1).alternate = true;
  auto net = model::Compile(b.network());
  auto spof = analyze::SinglePointsOfFailure(net);
  ASSERT_EQ(spof.size(), 4u);
  // Single suppliers, by material then buyer: (P2, ore) from M1, (P2, separator) from S.
  EXPECT_EQ(spof[0].kind, SpofKind::kSingleSupplier);
  EXPECT_EQ(net.site_key[spof[0].buyer.value], "P2");
  EXPECT_EQ(net.material_key[spof[0].material.value], "ore");
  EXPECT_EQ(net.site_key[spof[0].site.value], "M1");
  EXPECT_EQ(spof[0].lanes, 1);
  EXPECT_EQ(spof[1].kind, SpofKind::kSingleSupplier);
  EXPECT_EQ(net.material_key[spof[1].material.value], "separator");
  EXPECT_EQ(net.site_key[spof[1].site.value], "S");
  // Separator is made at S only. Ore and cells have two makers each.
  EXPECT_EQ(spof[2].kind, SpofKind::kSingleProducer);
  EXPECT_EQ(net.material_key[spof[2].material.value], "separator");
  EXPECT_EQ(net.site_key[spof[2].site.value], "S");
  // Both of P1's ore lanes cross malacca. D has two suppliers and no chokepoint.
  EXPECT_EQ(spof[3].kind, SpofKind::kChokepoint);
  EXPECT_EQ(net.site_key[spof[3].buyer.value], "P1");
  EXPECT_EQ(net.chokepoint_key[spof[3].chokepoint.value], "malacca");
  EXPECT_EQ(spof[3].lanes, 2);
  // Baseline: D's 4 GWh/d of cells come from P1, which needs 4 t/d of ore, 2 through each lane.
  EXPECT_NEAR(spof[3].flow_per_day, 4.0, 1e-9);
  EXPECT_EQ(analyze::SpofKindName(spof[3].kind), "chokepoint");
}

TEST(SinglePointsOfFailure, OwnMakingIsAnAlternative) {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining).Country("AU").Country("KR");
  b.Site("M1", "AU");
  b.Site("M2", "KR");
  b.Process("M1", "ore", 10).Process("M2", "ore", 10);
  b.Lane("M1", "M2", "ore", 5);
  auto net = model::Compile(b.network());
  EXPECT_TRUE(analyze::SinglePointsOfFailure(net).empty());
}

}  // namespace
}  // namespace chaintwin
