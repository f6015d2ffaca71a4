// The synthetic network generator: shape, determinism, and the round trip through files.
#include "chaintwin/io/generate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::path(testing::TempDir()) / ("ct_generate_" + name);
  fs::remove_all(dir);
  return dir;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

io::GeneratedCase Make(int64_t sites, uint64_t seed, int32_t days = 365) {
  io::GenerateOptions o;
  o.sites = sites;
  o.seed = seed;
  o.horizon_days = days;
  return io::Generate(o);
}

TEST(Generate, MakesExactlyTheSitesAskedFor) {
  for (int64_t n : {5, 6, 7, 9, 11, 15, 150, 2000}) {
    SCOPED_TRACE(n);
    EXPECT_EQ(Make(n, 3).network.sites.size(), static_cast<size_t>(n));
  }
}

TEST(Generate, RejectsSiteCountsOutsideFiveToTenMillion) {
  EXPECT_THROW(Make(4, 1), InputError);
  EXPECT_THROW(Make(10'000'001, 1), InputError);
  try {
    Make(0, 1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().message,
              "expected a number of sites from 5 to 10,000,000, found 0");
  }
}

TEST(Generate, BuyersHaveOneToThreePrimariesWithSharesSummingToOne) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE(seed);
    io::GeneratedCase g = Make(300, seed);
    std::map<std::pair<std::string, std::string>, std::pair<int, double>> primaries;
    int alternates = 0, crossing = 0, zero_transit = 0;
    for (const model::Lane& lane : g.network.lanes) {
      EXPECT_GE(lane.transit_days, 0);
      EXPECT_LE(lane.transit_days, 40);
      EXPECT_NE(lane.supplier, lane.buyer);
      crossing += !lane.chokepoints.empty();
      zero_transit += lane.transit_days == 0;
      if (lane.alternate) {
        ++alternates;
        EXPECT_GE(lane.qualification_days, 14);
        continue;
      }
      auto& [count, sum] = primaries[{lane.buyer, lane.material}];
      ++count;
      sum += lane.share;
    }
    for (const auto& [key, value] : primaries) {
      EXPECT_GE(value.first, 1);
      EXPECT_LE(value.first, 3);
      EXPECT_NEAR(value.second, 1.0, 1e-9) << key.first << " " << key.second;
    }
    EXPECT_GT(alternates, 0);
    EXPECT_GT(crossing, 0);
    EXPECT_GT(zero_transit, 0);
  }
}

TEST(Generate, HasRecyclersFedByExternalCollectors) {
  io::GeneratedCase g = Make(500, 7);
  int collectors = 0, recyclers = 0;
  for (const model::Site& s : g.network.sites) {
    collectors += s.external;
    for (const model::Process& p : s.processes) {
      for (const model::RecipeInput& in : p.inputs) {
        if (in.material == "black_mass") {
          ++recyclers;
          EXPECT_TRUE(p.output == "lithium_hydroxide" || p.output == "nickel_sulfate");
        }
      }
    }
  }
  EXPECT_GE(collectors, 1);
  EXPECT_GE(recyclers, 1);
}

TEST(Generate, ScenarioHasEveryDisruptionInsideTheHorizon) {
  for (int32_t days : {30, 60, 365}) {
    SCOPED_TRACE(days);
    io::GeneratedCase g = Make(200, 5, days);
    std::set<model::EventKind> kinds;
    bool detour = false, no_detour = false;
    for (const model::Event& e : g.scenario.events) {
      kinds.insert(e.kind);
      EXPECT_GE(e.start_day, 0);
      EXPECT_LT(e.start_day, days);
      EXPECT_GE(e.duration_days.Nominal(), 1.0);
      if (e.kind == model::EventKind::kLaneClosure) {
        EXPECT_FALSE(e.chokepoints.empty());
        (e.detour_days ? detour : no_detour) = true;
      }
    }
    EXPECT_EQ(kinds.size(), 6u);
    EXPECT_TRUE(detour);
    EXPECT_TRUE(no_detour);
  }
}

TEST(Generate, SameSeedWritesIdenticalFilesAndAnotherSeedDoesNot) {
  fs::path a = TempDir("same_a"), b = TempDir("same_b"), c = TempDir("same_c");
  auto g1 = Make(400, 11);
  auto g2 = Make(400, 11);
  auto g3 = Make(400, 12);
  auto files = io::WriteGenerated(g1.network, g1.scenario, a.string());
  io::WriteGenerated(g2.network, g2.scenario, b.string());
  io::WriteGenerated(g3.network, g3.scenario, c.string());
  ASSERT_GE(files.size(), 7u);
  bool any_differs = false;
  for (const io::WrittenFile& f : files) {
    std::string name = fs::path(f.path).filename().string();
    SCOPED_TRACE(name);
    std::string text = ReadAll(a / name);
    EXPECT_EQ(text.size(), f.bytes);
    EXPECT_EQ(text, ReadAll(b / name));
    any_differs = any_differs || text != ReadAll(c / name);
  }
  EXPECT_TRUE(any_differs);
}

// Field by field, doubles within 1e-9 relative.
void ExpectSameDoubles(const std::vector<double>& a, const std::vector<double>& b,
                       const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isinf(a[i]) || std::isinf(b[i])) {
      EXPECT_EQ(a[i], b[i]) << what << "[" << i << "]";
      continue;
    }
    double scale = std::max({std::fabs(a[i]), std::fabs(b[i]), 1e-300});
    EXPECT_LE(std::fabs(a[i] - b[i]), 1e-9 * scale) << what << "[" << i << "]: " << a[i] << " vs " << b[i];
  }
}

template <typename T>
void ExpectSame(const std::vector<T>& a, const std::vector<T>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(a[i] == b[i]) << what << "[" << i << "]";
}

void ExpectSameCompiled(const model::CompiledNetwork& a, const model::CompiledNetwork& b) {
#define CT_SAME(field) ExpectSame(a.field, b.field, #field)
#define CT_SAME_D(field) ExpectSameDoubles(a.field, b.field, #field)
  CT_SAME(material_key);
  CT_SAME(material_unit);
  CT_SAME(material_dimension);
  CT_SAME(material_stage);
  CT_SAME_D(material_gwh_per_unit);
  CT_SAME(country_key);
  CT_SAME(group_key);
  CT_SAME(group_members);
  CT_SAME(chokepoint_key);
  CT_SAME(site_key);
  CT_SAME(site_name);
  CT_SAME(site_country);
  CT_SAME(site_external);
  CT_SAME(site_backlog);
  CT_SAME_D(site_priority);
  CT_SAME_D(site_ttr_days);
  CT_SAME(site_slot_begin);
  CT_SAME(site_process_begin);
  CT_SAME(slot_site);
  CT_SAME(slot_material);
  CT_SAME_D(slot_initial_stock);
  CT_SAME_D(slot_target_days);
  CT_SAME_D(slot_demand_per_day);
  CT_SAME_D(slot_expected_use);
  CT_SAME_D(slot_expected_inflow);
  CT_SAME_D(slot_expected_internal_use);
  CT_SAME(process_key);
  CT_SAME(process_site);
  CT_SAME(process_output);
  CT_SAME_D(process_capacity);
  CT_SAME(process_start);
  CT_SAME(process_input_begin);
  CT_SAME(input_slot);
  CT_SAME_D(input_per_unit);
  CT_SAME(process_ramp_begin);
  CT_SAME(lane_key);
  CT_SAME(lane_from);
  CT_SAME(lane_to);
  CT_SAME(lane_transit);
  CT_SAME(lane_mode);
  CT_SAME_D(lane_share);
  CT_SAME(lane_alternate);
  CT_SAME(lane_qualification);
  CT_SAME_D(lane_expected_flow);
  CT_SAME(lane_crossing_begin);
  CT_SAME(crossing_chokepoint);
  CT_SAME(crossing_day);
  CT_SAME(lane_contract_tier);
  CT_SAME_D(lane_contract_volume);
  CT_SAME(out_begin);
  CT_SAME(out_lanes);
  CT_SAME(in_begin);
  CT_SAME(in_lanes);
#undef CT_SAME
#undef CT_SAME_D
}

TEST(Generate, WrittenFilesValidateAndLoadBackToTheSameNetworkAndScenario) {
  for (auto [sites, seed] : {std::pair<int64_t, uint64_t>{5, 1}, {12, 2}, {80, 3}, {1500, 4}}) {
    SCOPED_TRACE(testing::Message() << sites << " sites, seed " << seed);
    fs::path dir = TempDir(std::to_string(sites));
    io::GeneratedCase g = Make(sites, seed);
    io::WriteGenerated(g.network, g.scenario, dir.string());

    io::ValidationReport report = io::Validate({dir.string()});
    for (const auto& d : report.diagnostics) ADD_FAILURE() << d.ToString();
    EXPECT_EQ(report.networks, 1);
    EXPECT_EQ(report.scenarios, 1);
    EXPECT_EQ(report.sites, sites);

    io::LoadedScenario loaded = io::LoadScenario((dir / "scenario.yaml").string());
    ExpectSameCompiled(model::Compile(g.network), model::Compile(loaded.network));
    // Per-site figures the compiled form folds away.
    ASSERT_EQ(loaded.network.sites.size(), g.network.sites.size());
    for (size_t s = 0; s < g.network.sites.size(); ++s) {
      const model::Site& x = g.network.sites[s];
      const model::Site& y = loaded.network.sites[s];
      EXPECT_EQ(x.lat, y.lat);
      EXPECT_EQ(x.lon, y.lon);
      EXPECT_EQ(x.demand_mode, y.demand_mode);
      EXPECT_EQ(x.stock_days_default, y.stock_days_default);
    }
    ASSERT_EQ(loaded.network.lanes.size(), g.network.lanes.size());
    for (size_t l = 0; l < g.network.lanes.size(); ++l) {
      EXPECT_EQ(loaded.network.lanes[l].distance_km, g.network.lanes[l].distance_km);
    }

    const model::Scenario& a = g.scenario;
    const model::Scenario& b = loaded.scenario;
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.start, b.start);
    EXPECT_EQ(a.horizon_days, b.horizon_days);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.protocol.default_protocol, b.protocol.default_protocol);
    EXPECT_EQ(a.protocol.default_alliance, b.protocol.default_alliance);
    ASSERT_EQ(a.events.size(), b.events.size());
    for (size_t e = 0; e < a.events.size(); ++e) {
      const model::Event& x = a.events[e];
      const model::Event& y = b.events[e];
      SCOPED_TRACE(x.id);
      EXPECT_EQ(x.id, y.id);
      EXPECT_EQ(x.kind, y.kind);
      EXPECT_EQ(x.start_day, y.start_day);
      EXPECT_EQ(x.duration_days.kind, y.duration_days.kind);
      EXPECT_DOUBLE_EQ(x.duration_days.Nominal(), y.duration_days.Nominal());
      EXPECT_DOUBLE_EQ(x.severity.Nominal(), y.severity.Nominal());
      EXPECT_EQ(x.sites, y.sites);
      EXPECT_EQ(x.chokepoints, y.chokepoints);
      EXPECT_EQ(x.materials, y.materials);
      EXPECT_EQ(x.origins, y.origins);
      EXPECT_EQ(x.countries, y.countries);
      EXPECT_EQ(x.detour_days, y.detour_days);
      EXPECT_EQ(x.ramp_days, y.ramp_days);
      EXPECT_EQ(x.quantity, y.quantity);
    }
  }
}

}  // namespace
}  // namespace chaintwin
