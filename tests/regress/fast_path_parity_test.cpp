// The engine's fast paths give exactly the answer of the plain paths they short-cut
// (sim/engine.hpp, RunOptions::FastPaths), whether allocation decisions are recorded or not: on
// every bundled scenario (data/battery/scenarios/*.yaml), and on each with anode-material stock
// days halved (the `analyze sensitivity` low run on which graphite_ban's totals once differed
// by 7.6e-6 relative between a run keeping allocation records and one keeping none), every
// configuration below must give the plain run's totals and shortage episodes bit for bit.
//
// Exact, not within a tolerance: the fast paths do the plain paths' arithmetic in the plain
// paths' order (Order's fast path sums a buyer's position lane by lane as Place does, with
// Place's weights; Fill ships every supplier's lanes in one lane-order pass whichever path
// decided the split), so any difference is a change in that arithmetic, and rounding of 1e-16
// near a threshold (short or not, an order placed or not) grew to 1e-6 of the totals before.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "chaintwin/analyze/sensitivity.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/bundled.hpp"

namespace chaintwin {
namespace {

// Every fast path off, every allocation decision recorded.
sim::RunOptions Plain() {
  sim::RunOptions o;
  o.max_allocation_records = std::numeric_limits<size_t>::max();
  o.fast.order = false;
  o.fast.ship_ratio = false;
  o.fast.delay_memo = false;
  o.fast.incremental_capacity = false;
  return o;
}

struct Config {
  std::string name;
  sim::RunOptions options;
};

// What `analyze` runs (every fast path on, no records), what `simulate` runs (the default
// options), and each fast path alone.
std::vector<Config> Configs() {
  std::vector<Config> out;
  sim::RunOptions analyze;
  analyze.max_allocation_records = 0;
  out.push_back({"every fast path, no records", analyze});
  out.push_back({"default options", sim::RunOptions{}});
  for (int k = 0; k < 4; ++k) {
    sim::RunOptions o = Plain();
    o.max_allocation_records = 0;
    if (k == 0) o.fast.order = true;
    if (k == 1) o.fast.ship_ratio = true;
    if (k == 2) o.fast.delay_memo = true;
    if (k == 3) o.fast.incremental_capacity = true;
    out.push_back({"fast path " + std::to_string(k) + " alone, no records", o});
  }
  return out;
}

void ExpectSame(const sim::Results& a, const sim::Results& plain) {
  EXPECT_EQ(a.totals.demand_gwh, plain.totals.demand_gwh);
  EXPECT_EQ(a.totals.served_gwh, plain.totals.served_gwh);
  EXPECT_EQ(a.totals.unserved_gwh, plain.totals.unserved_gwh);
  EXPECT_EQ(a.totals.lost_production_gwh, plain.totals.lost_production_gwh);
  EXPECT_EQ(a.totals.resourced_gwh, plain.totals.resourced_gwh);
  EXPECT_EQ(a.allocation_decisions, plain.allocation_decisions);
  ASSERT_EQ(a.shortages.size(), plain.shortages.size());
  for (size_t k = 0; k < a.shortages.size(); ++k) {
    const sim::Shortage& x = a.shortages[k];
    const sim::Shortage& y = plain.shortages[k];
    SCOPED_TRACE("shortage " + std::to_string(k));
    EXPECT_EQ(x.site, y.site);
    EXPECT_EQ(x.material, y.material);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.first_day, y.first_day);
    EXPECT_EQ(x.last_day, y.last_day);
    EXPECT_EQ(x.depth, y.depth);
    EXPECT_EQ(x.lost_quantity, y.lost_quantity);
    EXPECT_EQ(x.open_at_end, y.open_at_end);
  }
}

void ExpectEveryConfigSame(const model::Network& network, const model::Scenario& scenario) {
  model::CompiledNetwork net = model::Compile(network);
  const sim::Results plain = sim::Simulate(net, scenario, Plain());
  EXPECT_GT(plain.totals.demand_gwh, 0.0);
  for (const Config& c : Configs()) {
    SCOPED_TRACE(c.name);
    ExpectSame(sim::Simulate(net, scenario, c.options), plain);
  }
}

TEST(FastPathParity, FastPathsAndRecordsChangeNoFigureOnBundledScenariosAndHalfAnodeStock) {
  analyze::Perturbation anode;
  anode.input = analyze::InputClass::kStockDays;
  anode.material = "anode_material";
  int scenarios = testutil::ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    ExpectEveryConfigSame(loaded.network, loaded.scenario);
    SCOPED_TRACE("anode stock days x 0.5");
    model::Network half = loaded.network;
    analyze::ApplyPerturbation(anode, 0.5, half);
    ExpectEveryConfigSame(half, loaded.scenario);
  });
  EXPECT_GE(scenarios, 5);
}

}  // namespace
}  // namespace chaintwin
