// The EU supply-risk score on a hand-computed example, and its input files.
#include "chaintwin/analyze/supply_risk.hpp"

#include <gtest/gtest.h>

#include "chaintwin/util/error.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Stage;
using testutil::NetBuilder;

// graphite capacity: CN 80, MZ 20 (global shares 0.8 / 0.2); BR makes none.
NetBuilder Graphite() {
  NetBuilder b;
  b.Material("graphite", Dimension::kMass, Stage::kMining)
      .Country("CN")
      .Country("MZ")
      .Country("BR");
  b.Site("cn", "CN");
  b.Site("mz", "MZ");
  b.Process("cn", "graphite", 80).Process("mz", "graphite", 20);
  return b;
}

const char* kIndicators =
    "# test figures, not real ones\n"
    "country,wgi,trade_restriction,source,estimate\n"
    "CN,6.0,1.2,test,true\n"
    "MZ,7.0,,test,true\n"
    "BR,5.5,,test,true\n";

const char* kFactors =
    "material,ir,eol_rir,si_sr,eu_sourcing,source\n"
    "graphite,1.0,0.03,0.95,\"CN:0.5;BR:0.3;MZ:0.2\",test\n";

TEST(SupplyRisk, HandComputedExample) {
  NetBuilder b = Graphite();
  auto net = model::Compile(b.network());
  auto conc = analyze::Concentration(b.network(), net);
  auto indicators = analyze::ParseCountryIndicators(kIndicators, "indicators.csv");
  auto factors = analyze::ParseMaterialFactors(kFactors, "factors.csv");
  ASSERT_EQ(indicators.size(), 3u);
  EXPECT_DOUBLE_EQ(indicators[1].trade_restriction, 1.0);  // empty: 1
  auto risk = analyze::ComputeSupplyRisk(net, conc, indicators, factors);
  ASSERT_EQ(risk.size(), 1u);
  const auto& sr = risk[0];
  EXPECT_TRUE(sr.complete());
  // HHI_WGI,GS = 0.8^2 x 6.0 x 1.2 + 0.2^2 x 7.0 = 4.608 + 0.28 = 4.888.
  EXPECT_NEAR(sr.hhi_wgi_global, 4.888, 1e-12);
  ASSERT_EQ(sr.global.size(), 2u);
  EXPECT_EQ(sr.global[0].country, "CN");
  EXPECT_NEAR(sr.global[0].term, 4.608, 1e-12);
  // HHI_WGI,EUs = 0.5^2 x 6.0 x 1.2 + 0.3^2 x 5.5 + 0.2^2 x 7.0 = 1.8 + 0.495 + 0.28 = 2.575.
  EXPECT_FALSE(sr.eu_from_global);
  EXPECT_NEAR(sr.hhi_wgi_eu, 2.575, 1e-12);
  // SR = (4.888 x 1/2 + 2.575 x (1 - 1/2)) x (1 - 0.03) x 0.95
  //    = 3.7315 x 0.97 x 0.95 = 3.43857725.
  EXPECT_NEAR(sr.supply_risk, 3.43857725, 1e-12);
}

TEST(SupplyRisk, EuSourcingDefaultsToGlobalAndMissingWgiIsReported) {
  NetBuilder b = Graphite();
  auto net = model::Compile(b.network());
  auto conc = analyze::Concentration(b.network(), net);
  auto indicators = analyze::ParseCountryIndicators("country,wgi\nCN,6.0\n", "i.csv");
  auto factors =
      analyze::ParseMaterialFactors("material,ir,eol_rir,si_sr\ngraphite,0.5,0,1\n", "f.csv");
  auto risk = analyze::ComputeSupplyRisk(net, conc, indicators, factors);
  ASSERT_EQ(risk.size(), 1u);
  EXPECT_TRUE(risk[0].eu_from_global);
  ASSERT_EQ(risk[0].missing_wgi, std::vector<std::string>{"MZ"});
  EXPECT_FALSE(risk[0].complete());
  // HHI = 0.64 x 6 = 3.84 on both sides (MZ counts 0): SR = 3.84 x (0.25 + 0.75) = 3.84.
  EXPECT_NEAR(risk[0].supply_risk, 3.84, 1e-12);
}

TEST(SupplyRisk, FormulaAtTheEnds) {
  // IR = 0: only EU sourcing counts; EoL_RIR = 1: no risk left.
  EXPECT_DOUBLE_EQ(analyze::SupplyRiskScore(9.0, 2.0, 0.0, 0.0, 1.0), 2.0);
  EXPECT_DOUBLE_EQ(analyze::SupplyRiskScore(9.0, 2.0, 1.0, 0.0, 1.0), 5.5);
  EXPECT_DOUBLE_EQ(analyze::SupplyRiskScore(9.0, 2.0, 1.0, 1.0, 1.0), 0.0);
}

TEST(SupplyRisk, BadInputFilesNameTheLineAndColumn) {
  try {
    analyze::ParseCountryIndicators("country,wgi\nCN,six\nMZ,12\n", "i.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].ToString(), "i.csv:2: error: wgi: expected a number, found 'six'");
    EXPECT_EQ(e.diagnostics()[1].line, 3);
  }
  EXPECT_THROW(analyze::ParseMaterialFactors("material,ir\nx,0.5\n", "f.csv"), InputError);
  EXPECT_THROW(analyze::ParseMaterialFactors(
                   "material,ir,eol_rir,si_sr,eu_sourcing\nx,1,0,1,CN:0.5\n", "f.csv"),
               InputError);  // EU shares add up to 0.5
  NetBuilder b = Graphite();
  auto net = model::Compile(b.network());
  auto conc = analyze::Concentration(b.network(), net);
  auto unknown = analyze::ParseMaterialFactors("material,ir,eol_rir,si_sr\ncobalt,1,0,1\n", "f");
  EXPECT_THROW(analyze::ComputeSupplyRisk(net, conc, {}, unknown), NotFound);
}

}  // namespace
}  // namespace chaintwin
