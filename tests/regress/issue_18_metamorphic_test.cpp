// Issue 18 §1, metamorphic: on every bundled scenario (data/battery/scenarios/*.yaml), giving
// the network more — 50 % more of every stock given, 20 % more capacity on every process with a
// finite one — does not increase unserved end-use demand (docs/SIMULATION.md, "Re-sourcing").
// How often such a change increases it at all on generated networks is a benchmark figure
// (docs/BENCHMARKS.md), not a test.
#include <gtest/gtest.h>

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

TEST(Issue18Metamorphic, MoreStockOrCapacityNeverIncreasesUnservedDemandOnBundledScenarios) {
  int scenarios = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CT_DATA_DIR) + "/battery/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    io::LoadedScenario loaded = io::LoadScenario(entry.path().string());
    SCOPED_TRACE(entry.path().filename().string());
    ++scenarios;
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
  }
  EXPECT_GE(scenarios, 5);
}

}  // namespace
}  // namespace chaintwin
