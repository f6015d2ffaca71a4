// Upstream dependence traced through baseline flows, on a 3-tier hand network.
#include "chaintwin/analyze/dependence.hpp"

#include <gtest/gtest.h>

#include "chaintwin/util/error.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Stage;
using testutil::NetBuilder;

// ore (mining) -> chem (refining, 2 t ore per t) -> cam (component, 1 t chem per t).
//   AU_M, ID_M mine ore. CN_R refines ore bought half from AU_M, half from ID_M. KR_R refines
//   ore from AU_M only. KR_C makes cam from chem bought 60 % from CN_R, 40 % from KR_R, and
//   sells it to KR_D, which demands 10 t/d.
// Baseline: KR_C makes 10 cam from 10 chem: 6 from CN_R, 4 from KR_R. CN_R makes 6 from
// 12 ore (6 AU, 6 ID); KR_R makes 4 from 8 ore (AU).
NetBuilder DependenceTiers() {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining)
      .Material("chem", Dimension::kMass, Stage::kRefining)
      .Material("cam", Dimension::kMass, Stage::kComponent)
      .Country("AU")
      .Country("CN")
      .Country("ID")
      .Country("KR")
      .Group("allies", {"AU", "KR"});
  b.Site("AU_M", "AU");
  b.Site("ID_M", "ID");
  b.Site("CN_R", "CN");
  b.Site("KR_R", "KR");
  b.Site("KR_C", "KR");
  b.Site("KR_D", "KR");
  b.Process("AU_M", "ore", 100).Process("ID_M", "ore", 100);
  b.Process("CN_R", "chem", 100, {{"ore", 2.0}}).Process("KR_R", "chem", 100, {{"ore", 2.0}});
  b.Process("KR_C", "cam", 100, {{"chem", 1.0}});
  b.Demand("KR_D", "cam", 10);
  b.Lane("AU_M", "CN_R", "ore", 20, 0.5);
  b.Lane("ID_M", "CN_R", "ore", 10, 0.5);
  b.Lane("AU_M", "KR_R", "ore", 15);
  b.Lane("CN_R", "KR_C", "chem", 5, 0.6);
  b.Lane("KR_R", "KR_C", "chem", 1, 0.4);
  b.Lane("KR_C", "KR_D", "cam", 1);
  return b;
}

double Share(const std::vector<double>& mix, const model::CompiledNetwork& net,
             const std::string& country) {
  return mix.at(net.FindCountry(country).value);
}

TEST(Dependence, CathodeOutputTracesChemToChinaAndOreToTwoMines) {
  NetBuilder b = DependenceTiers();
  auto net = model::Compile(b.network());
  auto map = analyze::DependenceMap::Build(net);
  EXPECT_TRUE(map.converged());
  MaterialId ore = net.FindMaterial("ore"), chem = net.FindMaterial("chem"),
             cam = net.FindMaterial("cam");
  CountryId kr = net.FindCountry("KR");
  // KR's cam is made at KR_C: all of it in KR.
  auto cam_mix = map.CountryMix(kr, cam, cam);
  EXPECT_NEAR(Share(cam_mix, net, "KR"), 1.0, 1e-12);
  // Its chem: 6 of 10 t from CN_R, 4 from KR_R.
  auto chem_mix = map.CountryMix(kr, cam, chem);
  EXPECT_NEAR(Share(chem_mix, net, "CN"), 0.6, 1e-12);
  EXPECT_NEAR(Share(chem_mix, net, "KR"), 0.4, 1e-12);
  // Its ore: the CN part is half AU, half ID; the KR part all AU:
  // AU 0.6 x 0.5 + 0.4 x 1 = 0.7; ID 0.6 x 0.5 = 0.3.
  auto ore_mix = map.CountryMix(kr, cam, ore);
  EXPECT_NEAR(Share(ore_mix, net, "AU"), 0.7, 1e-12);
  EXPECT_NEAR(Share(ore_mix, net, "ID"), 0.3, 1e-12);
  EXPECT_NEAR(Share(ore_mix, net, "CN"), 0.0, 1e-12);
}

TEST(Dependence, CountrySupplyIsWhatItMakesPlusWhatItImports) {
  NetBuilder b = DependenceTiers();
  auto net = model::Compile(b.network());
  auto map = analyze::DependenceMap::Build(net);
  // KR's chem: 4 t made at KR_R + 6 t imported from CN_R (the 4 t KR_R sends KR_C are not
  // counted twice): CN 6 / 10 = 0.6. The ore in it, weighted by chem: the 4 t made carry
  // AU 1.0, the 6 t imported carry AU 0.5 / ID 0.5: AU (4 + 3) / 10 = 0.7.
  CountryId kr = net.FindCountry("KR");
  MaterialId ore = net.FindMaterial("ore"), chem = net.FindMaterial("chem");
  EXPECT_NEAR(Share(map.CountryMix(kr, chem, chem), net, "CN"), 0.6, 1e-12);
  EXPECT_NEAR(Share(map.CountryMix(kr, chem, ore), net, "AU"), 0.7, 1e-12);
  // AU makes ore and nothing else; it holds no chem.
  EXPECT_TRUE(map.CountryMix(net.FindCountry("AU"), chem, ore).empty());
}

TEST(Dependence, RowsForAnOriginGroup) {
  NetBuilder b = DependenceTiers();
  auto net = model::Compile(b.network());
  auto map = analyze::DependenceMap::Build(net);
  analyze::DependenceQuery q;
  q.origin = "CN";
  q.country = "KR";
  q.material = "cam";
  auto rows = analyze::Dependence(net, map, q);
  // Upstream materials of KR's cam in id order: ore, chem, cam.
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(net.material_key[rows[0].upstream.value], "ore");
  EXPECT_NEAR(rows[0].share, 0.0, 1e-12);
  EXPECT_EQ(net.country_key[rows[0].top_origin.value], "AU");
  EXPECT_NEAR(rows[0].top_share, 0.7, 1e-12);
  EXPECT_EQ(net.material_key[rows[1].upstream.value], "chem");
  EXPECT_NEAR(rows[1].share, 0.6, 1e-12);
  EXPECT_NEAR(rows[2].share, 0.0, 1e-12);
  // The group allies = {AU, KR}: chem 0.4 (KR_R), ore 0.7 (AU).
  q.origin = "allies";
  rows = analyze::Dependence(net, map, q);
  EXPECT_NEAR(rows[0].share, 0.7, 1e-12);
  EXPECT_NEAR(rows[1].share, 0.4, 1e-12);
  EXPECT_NEAR(rows[2].share, 1.0, 1e-12);
  q.origin = "XX";
  EXPECT_THROW(analyze::Dependence(net, map, q), NotFound);
}

// A loop: KR_C makes cam from ore bought 50 % from AU_M, 50 % from the recycler KR_X, which
// recovers ore from cam it buys from KR_C. Baseline: KR_C makes 20 t/d (10 for KR_D, 10 for
// KR_X) from 10 t AU ore and 10 t recycled ore. The trace must settle, not run forever.
TEST(Dependence, RecyclingLoopSettles) {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining)
      .Material("cam", Dimension::kMass, Stage::kComponent)
      .Country("AU")
      .Country("KR");
  b.Site("AU_M", "AU");
  b.Site("KR_C", "KR");
  b.Site("KR_X", "KR");
  b.Site("KR_D", "KR");
  b.Process("AU_M", "ore", 100);
  b.Process("KR_C", "cam", 100, {{"ore", 1.0}});
  b.Process("KR_X", "ore", 100, {{"cam", 1.0}});
  b.Demand("KR_D", "cam", 10);
  b.Lane("AU_M", "KR_C", "ore", 10, 0.5);
  b.Lane("KR_X", "KR_C", "ore", 1, 0.5);
  b.Lane("KR_C", "KR_D", "cam", 1, 1.0);
  b.Lane("KR_C", "KR_X", "cam", 1, 1.0);
  auto net = model::Compile(b.network());
  auto map = analyze::DependenceMap::Build(net);
  EXPECT_TRUE(map.converged());
  auto mix =
      map.CountryMix(net.FindCountry("KR"), net.FindMaterial("cam"), net.FindMaterial("ore"));
  ASSERT_FALSE(mix.empty());
  // The ore in KR's cam: 10 t from AU_M, 10 t made at KR_X (in KR).
  EXPECT_NEAR(mix[0], 0.5, 1e-9);
  EXPECT_NEAR(mix[1], 0.5, 1e-9);
}

}  // namespace
}  // namespace chaintwin
