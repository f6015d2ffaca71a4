// Issue 18 §1, metamorphic: on every bundled scenario (data/battery/scenarios/*.yaml), giving
// the network more — 50 % more of every stock given, 20 % more capacity on every process with a
// finite one — does not increase unserved end-use demand (docs/SIMULATION.md, "Re-sourcing").
// How often such a change increases it at all on generated networks is a benchmark figure
// (docs/BENCHMARKS.md), not a test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/sim/engine.hpp"

namespace chaintwin {
namespace {

double Unserved(const model::Network& network, const model::Scenario& scenario) {
  model::CompiledNetwork net = model::Compile(network);
  sim::Results r = sim::Simulate(net, scenario);
  EXPECT_TRUE(std::isfinite(r.totals.unserved_gwh));
  return r.totals.unserved_gwh;
}

// Calls fn(loaded scenario) for each bundled scenario (data/battery/scenarios/*.yaml), with its
// file name traced; returns how many there were.
template <typename Fn>
int ForEachBundledScenario(Fn&& fn) {
  int scenarios = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CT_DATA_DIR) + "/battery/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().filename().string());
    ++scenarios;
    fn(io::LoadScenario(entry.path().string()));
  }
  return scenarios;
}

TEST(Issue18Metamorphic, MoreStockOrCapacityNeverIncreasesUnservedDemandOnBundledScenarios) {
  int scenarios = ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    const double base = Unserved(loaded.network, loaded.scenario);
    model::Network more_stock = loaded.network;
    for (model::Site& site : more_stock.sites) {
      for (model::Stock& s : site.inventory) s.quantity *= 1.5;
    }
    model::Network more_capacity = loaded.network;
    for (model::Site& site : more_capacity.sites) {
      for (model::Process& p : site.processes) {
        if (std::isfinite(p.capacity_per_day)) p.capacity_per_day *= 1.2;
      }
    }
    const double tolerance = 1e-6 * std::max(1.0, base);
    EXPECT_LE(Unserved(more_stock, loaded.scenario), base + tolerance) << "more stock";
    EXPECT_LE(Unserved(more_capacity, loaded.scenario), base + tolerance) << "more capacity";
  });
  EXPECT_GE(scenarios, 5);
}

// A supplier outside every event's reach (its own country, ZZ) holding `stock` of each material
// the network ships, with an alternate lane (qualified at once, 10 days) to every buyer of it.
model::Network WithAlternateSupplier(const model::Network& network, double stock) {
  model::Network out = network;
  out.countries.push_back(model::Country{"ZZ", "Test alternate"});
  std::vector<std::pair<std::string, std::string>> pairs;  // (material, buyer)
  for (const model::Lane& lane : network.lanes) {
    std::pair<std::string, std::string> key{lane.material, lane.buyer};
    if (std::find(pairs.begin(), pairs.end(), key) == pairs.end()) pairs.push_back(key);
  }
  std::vector<std::string> materials;
  for (const auto& [material, buyer] : pairs) {
    if (std::find(materials.begin(), materials.end(), material) == materials.end()) {
      materials.push_back(material);
    }
  }
  for (const std::string& material : materials) {
    model::Site site;
    site.id = "zz_alternate_" + material;
    site.name = site.id;
    site.country = "ZZ";
    site.inventory.push_back(model::Stock{material, stock});
    out.sites.push_back(site);
  }
  for (const auto& [material, buyer] : pairs) {
    model::Lane lane;
    lane.id = "zz_alternate_" + material + "_" + buyer;
    lane.supplier = "zz_alternate_" + material;
    lane.buyer = buyer;
    lane.material = material;
    lane.transit_days = 10;
    lane.share = 0.0;
    lane.alternate = true;
    lane.qualification_days = 0;
    out.lanes.push_back(lane);
  }
  return out;
}

// Issue 18 §1: an alternate supplier with stock (10 or 1000 units of each material, in its
// canonical unit), usable from the first day, never increases unserved end-use demand on a
// bundled scenario. Lost cell output is not a rule of the engine: it is a sum over plants
// competing for the same stock, and an option that helps one plant can cost another more
// (docs/SIMULATION.md, Known limits).
TEST(Issue18Metamorphic, AnAlternateSupplierWithStockNeverIncreasesUnservedDemandOnBundledScenarios) {
  int scenarios = ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    model::CompiledNetwork base_net = model::Compile(loaded.network);
    sim::Results base = sim::Simulate(base_net, loaded.scenario);
    for (double stock : {10.0, 1000.0}) {
      model::CompiledNetwork net = model::Compile(WithAlternateSupplier(loaded.network, stock));
      sim::Results with = sim::Simulate(net, loaded.scenario);
      ASSERT_TRUE(std::isfinite(with.totals.unserved_gwh));
      EXPECT_LE(with.totals.unserved_gwh,
                base.totals.unserved_gwh + 1e-6 * std::max(1.0, base.totals.unserved_gwh))
          << "stock " << stock;
      // Lost cell output is not held: with capacities and re-sourcing merged it rises on some
      // bundled scenarios (graphite_ban 18.82 -> 18.83 GWh with 10 units), because plants
      // compete for the same anode stock (docs/SIMULATION.md, Known limits). Recorded, not
      // asserted, so the figure stays visible in the test log.
      if (with.totals.lost_production_gwh > base.totals.lost_production_gwh + 1e-6) {
        RecordProperty("lost_cell_output_rise_" + loaded.scenario.id + "_" +
                           std::to_string(static_cast<int>(stock)),
                       std::to_string(with.totals.lost_production_gwh -
                                      base.totals.lost_production_gwh));
      }
    }
  });
  EXPECT_GE(scenarios, 5);
}

}  // namespace
}  // namespace chaintwin
