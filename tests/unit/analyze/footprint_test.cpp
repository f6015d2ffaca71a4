// Footprint, recycled content, IRA origin shares and the standards market rule, on small
// hand-worked networks (every expected figure is worked in the comments).
#include "chaintwin/analyze/footprint.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <map>
#include <set>

#include "chaintwin/io/load.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Stage;
using testutil::NetBuilder;

void Energy(NetBuilder& b, const std::string& id) {
  b.Material(id, Dimension::kEnergy, Stage::kCell);
  b.network().materials.back().gwh_per_unit = 1.0;
}

model::SustainabilityData Elements() {
  model::SustainabilityData d;
  d.elements.push_back(model::CriticalElement{"nickel", {"nickel_sulfate"}, std::nullopt, "", false, ""});
  return d;
}

// Two paths into one cell plant KR_P (1 GWh/d to demand site KR_D; 1,000 t cathode per GWh,
// i.e. 1 kg/kWh):
//   path A: ID_M mine -> CN_R refiner (nickel_sulfate) -> A cathode maker (share 25 %)
//   path B: US_E collection (black_mass) -> US_Y recycler (nickel_sulfate) -> B (share 75 %)
// Cathode needs 0.5 t nickel_sulfate per t. Emission factors (kg CO2e per unit): A 10,000/t,
// B 2,000/t, CN_R 20,000/t, KR_P 20,000,000/GWh (20 kg/kWh).
// Per kWh: cell 20; component 0.25 x 10 + 0.75 x 2 = 4.0; refining 0.25 x 0.5 x 20 = 2.5
// (US_Y has no factor: reported as missing). Total 26.5 kg CO2e/kWh.
// Nickel per kWh 0.5 kg, of which 75 % recycled (path B). IRA: path A refined in CN (not a
// free-trade partner, a foreign entity of concern), path B recycled in North America: FTA
// share 0.75, FEOC share 0.25.
NetBuilder TwoPaths() {
  NetBuilder b;
  b.Material("nickel_ore", Dimension::kMass, Stage::kMining)
      .Material("black_mass", Dimension::kMass, Stage::kEndOfLife)
      .Material("nickel_sulfate", Dimension::kMass, Stage::kRefining)
      .Material("cathode", Dimension::kMass, Stage::kComponent);
  Energy(b, "cell");
  b.Country("ID").Country("CN").Country("US").Country("KR").Country("DE").Country("JP");
  b.Group("us_fta", {"KR"}).Group("feoc", {"CN"}).Group("eu", {"DE"});
  b.Site("ID_M", "ID");
  b.Site("CN_R", "CN");
  b.Site("US_E", "US");
  b.Site("US_Y", "US");
  b.Site("A", "JP");
  b.Site("B", "JP");
  b.Site("KR_P", "KR");
  b.Site("KR_D", "KR");
  b.Process("ID_M", "nickel_ore", 1e6).Process("US_E", "black_mass", 1e6);
  b.Process("CN_R", "nickel_sulfate", 1e6, {{"nickel_ore", 1.0}});
  b.Process("US_Y", "nickel_sulfate", 1e6, {{"black_mass", 1.0 / 0.9}});
  b.Process("A", "cathode", 1e6, {{"nickel_sulfate", 0.5}});
  b.Process("B", "cathode", 1e6, {{"nickel_sulfate", 0.5}});
  b.Process("KR_P", "cell", 10, {{"cathode", 1000.0}});
  b.Demand("KR_D", "cell", 1);
  b.Lane("ID_M", "CN_R", "nickel_ore", 5);
  b.Lane("US_E", "US_Y", "black_mass", 2);
  b.Lane("CN_R", "A", "nickel_sulfate", 5);
  b.Lane("US_Y", "B", "nickel_sulfate", 5);
  b.Lane("A", "KR_P", "cathode", 3, 0.25);
  b.Lane("B", "KR_P", "cathode", 3, 0.75);
  b.Lane("KR_P", "KR_D", "cell", 1);
  return b;
}

model::SustainabilityData TwoPathFactors() {
  model::SustainabilityData d = Elements();
  d.factors = {{"A", "cathode", 10000, "", true, ""},
               {"B", "cathode", 2000, "", true, ""},
               {"CN_R", "nickel_sulfate", 20000, "", true, ""},
               {"KR_P", "cell", 20e6, "", true, ""}};
  return d;
}

TEST(Footprint, TwoKnownPathsGiveTheHandWorkedFootprint) {
  NetBuilder b = TwoPaths();
  auto net = model::Compile(b.network());
  auto data = TwoPathFactors();
  auto weights = analyze::BaselineWeights(net);
  auto trace = analyze::FootprintTrace::Build(net, data, weights);
  ASSERT_TRUE(trace.converged());
  auto rows = analyze::ComplianceRows(net, data, trace, weights, "KR_P");
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = rows[0];
  EXPECT_NEAR(r.kg_co2e_per_kwh, 26.5, 1e-9);
  EXPECT_NEAR(r.kg_co2e_by_stage[static_cast<int>(Stage::kCell)], 20.0, 1e-9);
  EXPECT_NEAR(r.kg_co2e_by_stage[static_cast<int>(Stage::kComponent)], 4.0, 1e-9);
  EXPECT_NEAR(r.kg_co2e_by_stage[static_cast<int>(Stage::kRefining)], 2.5, 1e-9);
  ASSERT_EQ(r.recycled_share.size(), 1u);
  EXPECT_NEAR(r.recycled_share[0], 0.75, 1e-12);
  EXPECT_NEAR(r.fta_value_share, 0.75, 1e-12);
  EXPECT_NEAR(r.feoc_value_share, 0.25, 1e-12);
  // 0.5 kg Ni per kWh = 500 t per GWh.
  EXPECT_NEAR(trace.slot(r.slot).elements[0].content, 500.0, 1e-9);
  // The recycler has no factor: listed, so the footprint is known to be a lower bound.
  ASSERT_FALSE(trace.missing_factors().empty());
  bool recycler_listed = false;
  for (ProcessId p : trace.missing_factors()) {
    recycler_listed = recycler_listed ||
                      net.site_key[net.slot_site[net.process_output[p.value].value].value] == "US_Y";
  }
  EXPECT_TRUE(recycler_listed);
}

TEST(Footprint, ShiftingFlowToTheCleanPathLowersTheFootprintByTheHandWorkedAmount) {
  // All cathode through B: 20 + 2 + 0 = 22 kg/kWh; recycled share 100 %; FEOC 0.
  NetBuilder b = TwoPaths();
  for (auto& l : b.network().lanes) {
    if (l.buyer == "KR_P") l.share = l.supplier == "B" ? 1.0 : 0.0;
  }
  auto net = model::Compile(b.network());
  auto data = TwoPathFactors();
  auto weights = analyze::BaselineWeights(net);
  auto trace = analyze::FootprintTrace::Build(net, data, weights);
  auto rows = analyze::ComplianceRows(net, data, trace, weights, "KR_P");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NEAR(rows[0].kg_co2e_per_kwh, 22.0, 1e-9);
  EXPECT_NEAR(rows[0].recycled_share[0], 1.0, 1e-12);
  EXPECT_NEAR(rows[0].feoc_value_share, 0.0, 1e-12);
}

TEST(Standards, RecycledContentRuleBlocksOnlyThePrimaryCathodePath) {
  // A's cathode holds 0 % recycled nickel, B's 100 %: a Korean rule of at least 50 % recycled
  // nickel in cathode blocks A -> KR_P only; the cell lane to KR_D (the cell is 75 %) passes
  // because the rule names cathode only.
  NetBuilder b = TwoPaths();
  model::Scenario s = testutil::MakeScenario(30);
  model::Standard rule;
  rule.id = "kr_recycled";
  rule.buyers = {"KR"};
  rule.materials = {"cathode"};
  rule.min_recycled = {{"nickel", 0.5}};
  s.standards = {rule};
  auto blocks = analyze::CompileStandards(b.network(), TwoPathFactors(), s);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].lanes, std::vector<std::string>{"A->KR_P:cathode"});
  EXPECT_EQ(blocks[0].reasons, std::vector<std::string>{"recycled nickel 0.0 % < 50 %"});
}

// Y recycles black mass from collection E (capacity 10 t/d of contained nickel) at 90 %
// recovery (1/0.9 t in per t out), and is the only nickel supplier of cathode maker C, whose
// buyer wants 50 t/d. Supply from recycling = collection x recovery = 10 x 0.9 = 9 t/d, so C
// gets 9 t/d of nickel and, at 0.5 t per t, makes 18 t/d of cathode once stocks are gone.
class DaySum : public sim::TimelineSink {
 public:
  DaySum(SlotId slot, int32_t day) : slot_(slot), day_(day) {}
  void Day(const model::CompiledNetwork&, const sim::DayFigures& f) override {
    if (f.day == day_) produced = f.produced[slot_.value];
  }
  double produced = -1.0;

 private:
  SlotId slot_;
  int32_t day_;
};

NetBuilder Recycler(double collection) {
  NetBuilder b;
  b.Material("black_mass", Dimension::kMass, Stage::kEndOfLife)
      .Material("nickel_sulfate", Dimension::kMass, Stage::kRefining)
      .Material("cathode", Dimension::kMass, Stage::kComponent);
  b.Country("DE");
  b.Site("E", "DE").external = true;
  b.Site("Y", "DE");
  b.Site("C", "DE");
  b.Site("D", "DE");
  b.Process("E", "black_mass", collection);
  b.Process("Y", "nickel_sulfate", 1000, {{"black_mass", 1.0 / 0.9}});
  b.Process("C", "cathode", 1000, {{"nickel_sulfate", 0.5}});
  b.Demand("D", "cathode", 50);
  b.Lane("E", "Y", "black_mass", 1);
  b.Lane("Y", "C", "nickel_sulfate", 1);
  b.Lane("C", "D", "cathode", 1);
  return b;
}

double RecycledOn(double collection, int32_t day, const std::string& site, const std::string& m) {
  NetBuilder b = Recycler(collection);
  auto net = model::Compile(b.network());
  model::Scenario s = testutil::MakeScenario(120);
  auto resolved = model::Resolve(net, s);
  auto engine = sim::Engine::Create(net);
  DaySum sink(net.FindSlot(net.FindSite(site), net.FindMaterial(m)), day);
  engine.Run(resolved, model::NominalSchedule(resolved), {}, &sink);
  return sink.produced;
}

TEST(Recycling, KnownCollectionTimesRecoveryAddsKnownSupply) {
  EXPECT_NEAR(RecycledOn(10, 100, "Y", "nickel_sulfate"), 9.0, 1e-9);
  EXPECT_NEAR(RecycledOn(10, 100, "C", "cathode"), 18.0, 1e-9);
}

TEST(Recycling, MoreCollectionNeverRaisesUnservedDemand) {
  // Metamorphic: unserved demand is non-increasing in the recycler's collection.
  double previous = INFINITY;
  for (double collection : {0.0, 5.0, 10.0, 20.0, 40.0}) {
    NetBuilder b = Recycler(collection);
    auto net = model::Compile(b.network());
    model::Scenario s = testutil::MakeScenario(120);
    auto resolved = model::Resolve(net, s);
    auto engine = sim::Engine::Create(net);
    sim::Results r = engine.Run(resolved, model::NominalSchedule(resolved));
    double unserved = 0.0;
    for (const sim::Shortage& sh : r.shortages) {
      if (sh.kind == sim::ShortageKind::kDemand) unserved += sh.lost_quantity;
    }
    ASSERT_TRUE(std::isfinite(unserved));
    EXPECT_LE(unserved, previous + 1e-9) << "collection " << collection;
    previous = unserved;
  }
}

// Standards: cells from CN_P (30 kg/kWh at the plant) and HU_P (10 kg/kWh) to a German and a
// Japanese buyer. An EU standard of at most 20 kg/kWh on cells blocks exactly CN_P -> DE_D.
TEST(Standards, BlockExactlyTheNonCompliantLanesOfTheNamedBuyers) {
  NetBuilder b;
  Energy(b, "cell");
  b.Country("CN").Country("HU").Country("DE").Country("JP");
  b.Group("eu", {"DE", "HU"}).Group("us_fta", {"JP"}).Group("feoc", {"CN"});
  b.Site("CN_P", "CN");
  b.Site("HU_P", "HU");
  b.Site("DE_D", "DE");
  b.Site("JP_D", "JP");
  b.Process("CN_P", "cell", 10).Process("HU_P", "cell", 10);
  b.Demand("DE_D", "cell", 1).Demand("JP_D", "cell", 1);
  b.Lane("CN_P", "DE_D", "cell", 30, 0.5);
  b.Lane("HU_P", "DE_D", "cell", 3, 0.5);
  b.Lane("CN_P", "JP_D", "cell", 5, 0.5);
  b.Lane("HU_P", "JP_D", "cell", 30, 0.5);
  model::SustainabilityData data;
  data.factors = {{"CN_P", "cell", 30e6, "", true, ""}, {"HU_P", "cell", 10e6, "", true, ""}};
  data.certifications = {{"HU_P", true, false, "", ""}};
  model::Scenario s = testutil::MakeScenario(100);
  model::Standard carbon;
  carbon.id = "eu_carbon";
  carbon.buyers = {"eu"};
  carbon.materials = {"cell"};
  carbon.max_kg_co2e_per_kwh = 20.0;
  carbon.start_day = 10;
  s.standards = {carbon};
  auto blocks = analyze::CompileStandards(b.network(), data, s);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].lanes, std::vector<std::string>{"CN_P->DE_D:cell"});
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].id, "standard.eu_carbon");
  EXPECT_EQ(s.events[0].kind, model::EventKind::kLaneClosure);
  EXPECT_EQ(s.events[0].lanes, std::vector<std::string>{"CN_P->DE_D:cell"});
  EXPECT_EQ(s.events[0].start_day, 10);
  EXPECT_EQ(s.events[0].duration_days.Nominal(), 90.0);

  // Due diligence: only HU_P is certified, so for the Japanese buyer (named alone) CN_P fails.
  model::Scenario s2 = testutil::MakeScenario(100);
  model::Standard dd;
  dd.id = "jp_dd";
  dd.buyers = {"JP"};
  dd.due_diligence = true;
  s2.standards = {dd};
  auto blocks2 = analyze::CompileStandards(b.network(), data, s2);
  ASSERT_EQ(blocks2.size(), 1u);
  EXPECT_EQ(blocks2[0].lanes, std::vector<std::string>{"CN_P->JP_D:cell"});
  EXPECT_EQ(blocks2[0].reasons, std::vector<std::string>{"no due-diligence certificate"});

  // A threshold everyone meets blocks nothing.
  model::Scenario s3 = testutil::MakeScenario(100);
  carbon.max_kg_co2e_per_kwh = 30.0;
  s3.standards = {carbon};
  EXPECT_TRUE(analyze::CompileStandards(b.network(), data, s3)[0].lanes.empty());
}

TEST(Compliance, IraApplicablePercentageByYear) {
  EXPECT_EQ(analyze::IraApplicablePercentage(2022), 0.0);
  EXPECT_NEAR(analyze::IraApplicablePercentage(2023), 0.4, 1e-12);
  EXPECT_NEAR(analyze::IraApplicablePercentage(2025), 0.6, 1e-12);
  EXPECT_NEAR(analyze::IraApplicablePercentage(2027), 0.8, 1e-12);
  EXPECT_NEAR(analyze::IraApplicablePercentage(2030), 0.8, 1e-12);
}

}  // namespace
}  // namespace chaintwin

namespace chaintwin {
namespace {

const std::string kBatteryDir = std::string(CT_DATA_DIR) + "/battery";

// The bundled EU standard (30 kg CO2e/kWh on cells for EU buyers). Hand-derived from the
// emission factors: 57.5 kWh/kWh x grid + ~2.7 kg/kWh of lithium refining gives China ~36,
// Korea/Japan/Poland/US (world-average grid, 481 g) ~30.4, India ~43.8, Germany ~24.7,
// Hungary ~14.5, France ~5.9. So exactly the lanes into EU buyers from plants in CN, KR, JP,
// PL, US (and IN, should it sell there) are blocked; none from DE, HU, FR; none into a buyer
// outside the EU.
TEST(Standards, BundledEuCarbonStandardBlocksTheHighCarbonCellLanesIntoTheEuOnly) {
  io::LoadedScenario loaded =
      io::LoadScenario(kBatteryDir + "/scenarios/eu_cell_carbon_standard.yaml");
  const model::Event* block = nullptr;
  for (const model::Event& e : loaded.scenario.events) {
    if (e.id == "standard.eu_cell_carbon") block = &e;
  }
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(block->kind, model::EventKind::kLaneClosure);
  ASSERT_FALSE(block->lanes.empty());
  auto net = model::Compile(loaded.network);
  std::set<std::string> blocked(block->lanes.begin(), block->lanes.end());
  std::vector<CountryId> eu = net.ExpandCountries("eu");
  auto in_eu = [&](CountryId c) { return std::find(eu.begin(), eu.end(), c) != eu.end(); };
  std::set<std::string> supplier_countries;
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    const std::string& m = net.material_key[net.slot_material[net.lane_from[l].value].value];
    CountryId buyer = net.site_country[net.slot_site[net.lane_to[l].value].value];
    CountryId seller = net.site_country[net.slot_site[net.lane_from[l].value].value];
    const std::string& sc = net.country_key[seller.value];
    bool expected = (m == "cell_nmc" || m == "cell_lfp") && in_eu(buyer) &&
                    (sc == "CN" || sc == "KR" || sc == "JP" || sc == "PL" || sc == "US" || sc == "IN");
    EXPECT_EQ(blocked.count(net.lane_key[l]) == 1, expected) << net.lane_key[l];
    if (blocked.count(net.lane_key[l])) supplier_countries.insert(sc);
  }
  EXPECT_TRUE(supplier_countries.count("CN"));
  EXPECT_FALSE(supplier_countries.count("HU"));
}

// The dataset's recyclers: supply = collected content x recovery. cn_recycling's nickel line
// takes 1/0.9 t of black mass per t, so its capacity is 90 % of the collected nickel and at most
// the collection source's black mass x 0.9.
TEST(Recycling, DatasetRecyclersRecoverAtTheEuTargetRates) {
  model::Network n = io::LoadNetwork(kBatteryDir + "/network.yaml");
  double black_mass = 0.0;
  std::map<std::string, double> per_unit;
  std::map<std::string, double> capacity;
  for (const model::Site& s : n.sites) {
    for (const model::Process& p : s.processes) {
      if (s.id == "cn_eol_batteries") black_mass = p.capacity_per_day;
      if (s.id != "cn_recycling") continue;
      capacity[p.output] = p.capacity_per_day;
      ASSERT_EQ(p.inputs.size(), 1u);
      per_unit[p.output] = p.inputs[0].per_unit;
    }
  }
  ASSERT_GT(black_mass, 0.0);
  EXPECT_NEAR(per_unit["nickel_sulfate"], 1 / 0.9, 1e-3);
  EXPECT_NEAR(per_unit["cobalt_sulfate"], 1 / 0.9, 1e-3);
  EXPECT_NEAR(per_unit["lithium_carbonate"], 2.0, 1e-9);
  // Everything recovered fits in what is collected: sum of capacity x per-unit input <= supply.
  double needed = 0.0;
  for (const auto& [m, c] : capacity) needed += c * per_unit[m];
  EXPECT_LE(needed, black_mass * (1 + 1e-3));
  EXPECT_GE(needed, black_mass * (1 - 1e-3));
}

}  // namespace
}  // namespace chaintwin
