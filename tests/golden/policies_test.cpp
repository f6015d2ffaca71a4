// Inventory policies and production lead time, on the CLI examples in data/examples/policies/
// (docs/SIMULATION.md, "Inventory policies"). Every figure below is worked by hand here.
//
// The shop examples: a shop sells 10 t/d of x (lost sales), starts with 15 t, and buys from a
// source 2 days away that has ample stock (an order ships the day it is placed and arrives two
// days later). The lane's opening pipeline brings 10 t on day 0 and 10 t on day 1. On day t the
// shop receives, then orders on its position = stock + in transit - today's 10 t of demand,
// then sells 10 t. So on day 0 it has 25 t and 10 t in transit: position 25.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/sim/engine.hpp"

namespace chaintwin {
namespace {

// Every day's figures of every slot, by (site, material).
class Keep : public sim::TimelineSink {
 public:
  struct Row {
    double received = 0, produced = 0, shipped = 0, closing = 0, unmet = 0, wip = 0;
  };
  void Day(const model::CompiledNetwork& net, const sim::DayFigures& f) override {
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      std::string key = net.site_key[net.slot_site[slot].value] + "/" +
                        net.material_key[net.slot_material[slot].value];
      rows[key].push_back(Row{f.received[slot], f.produced[slot], f.shipped[slot],
                              f.closing[slot], f.unmet[slot], f.wip ? f.wip[slot] : 0.0});
    }
  }
  std::map<std::string, std::vector<Row>> rows;
};

struct PolicyRun {
  Keep timeline;
  sim::Results results;
};

PolicyRun Simulate(const std::string& example, const std::string& file = "scenario.yaml") {
  auto path = std::filesystem::path(CT_DATA_DIR) / "examples" / "policies" / example / file;
  io::LoadedScenario loaded = io::LoadScenario(path.string());
  model::CompiledNetwork net = model::Compile(loaded.network);
  model::ResolvedScenario resolved = model::Resolve(net, loaded.scenario);
  model::EventSchedule schedule = model::NominalSchedule(resolved);
  sim::Engine engine = sim::Engine::Create(net);
  PolicyRun run;
  run.results = engine.Run(resolved, schedule, sim::RunOptions{}, &run.timeline);
  return run;
}

std::vector<double> Closing(const PolicyRun& run, const std::string& slot, size_t days) {
  std::vector<double> v;
  for (size_t t = 0; t < days; ++t) v.push_back(run.timeline.rows.at(slot).at(t).closing);
  return v;
}

std::vector<double> Shipped(const PolicyRun& run, const std::string& slot, size_t days) {
  std::vector<double> v;
  for (size_t t = 0; t < days; ++t) v.push_back(run.timeline.rows.at(slot).at(t).shipped);
  return v;
}

void ExpectNear(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_TRUE(std::isfinite(got[i]) && std::fabs(got[i] - want[i]) <= 1e-9 * (1 + want[i]))
        << "day " << i << ": " << got[i] << ", expected " << want[i];
  }
}

double UnmetTotal(const PolicyRun& run) {
  double sum = 0.0;
  for (const auto& [slot, rows] : run.timeline.rows) {
    for (const Keep::Row& r : rows) sum += r.unmet;
  }
  return sum;
}

// Base-stock S = 50. Day 0: position 25, orders 25 (arrives day 2). Day 1: 25 on hand + 25 in
// transit - 10 = 40: orders 10. From day 2 every day: 25 + 10 + ... - 10 = 40: orders 10.
// Closing: 15, 15, then 30 = S - 10 t/d x 2 days for ever.
TEST(GoldenPolicies, BaseStockOrdersUpToItsLevel) {
  PolicyRun run = Simulate("base_stock");
  ExpectNear(Shipped(run, "source/x", 5), {25, 10, 10, 10, 10});
  ExpectNear(Closing(run, "shop/x", 6), {15, 15, 30, 30, 30, 30});
  EXPECT_EQ(run.timeline.rows.at("shop/x").back().closing, 30);
  EXPECT_EQ(UnmetTotal(run), 0.0);
}

// The same with at most 12 t a day: day 0 wants 25, orders 12; day 1 (25 + 12 - 10 = 27)
// wants 23, orders 12; day 2 (27 + 12 - 10 = 29) wants 21, orders 12: each day 12 t arrive and
// 10 are sold, so the position gains 2 t a day until day 7 orders the last 11 t it lacks. The
// closing stock climbs 15, 15, 17, 19, ..., 29 (day 8), then 30 (day 9 on) = S - 10 x 2.
TEST(GoldenPolicies, OrderCapLimitsEachDaysOrder) {
  PolicyRun run = Simulate("base_stock_capped");
  ExpectNear(Shipped(run, "source/x", 3), {12, 12, 12});
  ExpectNear(Closing(run, "shop/x", 11), {15, 15, 17, 19, 21, 23, 25, 27, 29, 30, 30});
  for (const Keep::Row& r : run.timeline.rows.at("source/x")) EXPECT_LE(r.shipped, 12.0);
}

// (s, S) = (25, 60). Day 0: position 25 <= 25: orders 35. Days 1-3: positions 50, 40, 30: no
// order. Day 4: 30 on hand - 10 = 20: orders 40. Then every 4 days (positions 20 at days
// 4, 8, ...) an order of 40: closing 15, 15, 40, 30, 20, 10, 40, 30, 20, 10, ...
TEST(GoldenPolicies, MinMaxOrdersUpToSWhenAtOrBelowS) {
  PolicyRun run = Simulate("s_S");
  ExpectNear(Closing(run, "shop/x", 10), {15, 15, 40, 30, 20, 10, 40, 30, 20, 10});
  std::vector<double> orders = Shipped(run, "source/x", 30);
  double total = 0.0;
  for (double q : orders) total += q;
  EXPECT_DOUBLE_EQ(orders[0], 35.0);
  EXPECT_DOUBLE_EQ(orders[4], 40.0);
  EXPECT_DOUBLE_EQ(total, 35.0 + 7 * 40.0);  // days 0, 4, ..., 28
  EXPECT_EQ(UnmetTotal(run), 0.0);
}

// (s, S) = (25, 60) with at most 20 t a day: day 0 orders 20 (not 35); day 1: 25 + 20 - 10 =
// 35 > 25, none; day 2: 35 - 10 = 25: orders 20; and so on every other day.
TEST(GoldenPolicies, MinMaxWithACap) {
  PolicyRun run = Simulate("s_S_capped");
  ExpectNear(Shipped(run, "source/x", 6), {20, 0, 20, 0, 20, 0});
  ExpectNear(Closing(run, "shop/x", 6), {15, 15, 25, 15, 25, 15});
}

// (s, S) with s = S = 50: any position below 50 orders up to 50, so every figure is the
// base_stock example's (15, 15, 30, 30, ...; orders 25, 10, 10, ...).
TEST(GoldenPolicies, MinMaxWithSEqualToSIsBaseStock) {
  PolicyRun run = Simulate("s_S_equal");
  PolicyRun base = Simulate("base_stock");
  ExpectNear(Shipped(run, "source/x", 30), Shipped(base, "source/x", 30));
  ExpectNear(Closing(run, "shop/x", 30), Closing(base, "shop/x", 30));
  ExpectNear(Closing(run, "shop/x", 4), {15, 15, 30, 30});
}

// (R, Q) = (25, 15) with at most 10 t a day: day 0's lot (position 25) is cut to 10; day 1:
// 25 on hand + 10 in transit - 10 = 25 again: another 10; so every day. The shop ends every
// day with 15 t (what it started with), the source ships 10 t a day.
TEST(GoldenPolicies, ReorderQuantityCutByACap) {
  PolicyRun run = Simulate("R_Q_capped");
  ExpectNear(Shipped(run, "source/x", 30), std::vector<double>(30, 10.0));
  ExpectNear(Closing(run, "shop/x", 30), std::vector<double>(30, 15.0));
}

// (R, Q) = (25, 15). Day 0: position 25 <= 25: one lot, 15. Day 1: 25 + 15 - 10 = 30: none.
// Day 2: 30 - 10 = 20: 15. Day 3: 20 + 15 - 10 = 25: 15. Day 4: 25 + 15 - 10 = 30: none. So
// two lots in every three days from day 2 on; closing 15, 15, 20, 10, 15, 20, 10, ...
TEST(GoldenPolicies, ReorderQuantityOrdersOneLotAtR) {
  PolicyRun run = Simulate("R_Q");
  ExpectNear(Shipped(run, "source/x", 8), {15, 0, 15, 15, 0, 15, 15, 0});
  ExpectNear(Closing(run, "shop/x", 8), {15, 15, 20, 10, 15, 20, 10, 15});
}

// (R, Q) = (25, 4): the fewest lots that lift the position above R. Day 0: position 25:
// floor(0 / 4) + 1 = 1 lot (4 t). Day 1: 25 + 4 - 10 = 19: floor(6 / 4) + 1 = 2 lots (8 t).
// Day 2: 19 + 8 - 10 = 17: 3 lots (12 t). Day 3: 17 + 12 - 10 = 19: 2 lots. Then 12, 8, ...
// Closing 15, 15, 9, 7, 9, 7, ...
TEST(GoldenPolicies, ReorderQuantityOrdersMultiplesOfQ) {
  PolicyRun run = Simulate("R_Q_multiples");
  ExpectNear(Shipped(run, "source/x", 6), {4, 8, 12, 8, 12, 8});
  ExpectNear(Closing(run, "shop/x", 6), {15, 15, 9, 7, 9, 7});
}

// Echelon base-stock 80 t on cells made from a (1 t/t) and b (2 t/t), 3 days from start to
// finished cells, demand 10 t/d at the plant, inputs 1 day away. The opening work in process
// is 10 t started on each of the 3 days before the start (the baseline), finishing on days
// 0, 1, 2. Day 0: 10 finish (30 on hand, 20 in process); the plant makes up to 80 + 10 - 30 -
// 20 = 40 but its a (10 + 10 arrived) and b (20 + 20) make only 20: 40 in process. Position
// = 30 + 40 - 10 + min(0 / 1, 0 / 2) = 60: it orders 20 of a and 40 of b. Day 1: 10 finish
// (30 on hand, 30 in process), 20 more started (inputs 20 and 40 arrived): 50 in process;
// position 30 + 50 - 10 = 70: orders 10 and 20. Day 3: the 20 started on day 0 finish.
// Closing cells 20, 20, 20, 30, 40, 40 (= 80 - 10 x (3 + 1) from day 4), in process 40, 50,
// 50, 40, 30, 30; per slot and day opening + received + produced - consumed - shipped = closing.
TEST(GoldenPolicies, EchelonBaseStockOrdersInputsAndCountsWorkInProcess) {
  PolicyRun run = Simulate("echelon");
  ExpectNear(Closing(run, "plant/cell", 6), {20, 20, 20, 30, 40, 40});
  std::vector<double> wip, produced;
  for (size_t t = 0; t < 6; ++t) {
    wip.push_back(run.timeline.rows.at("plant/cell")[t].wip);
    produced.push_back(run.timeline.rows.at("plant/cell")[t].produced);
  }
  ExpectNear(wip, {40, 50, 50, 40, 30, 30});
  ExpectNear(produced, {10, 10, 10, 20, 20, 10});
  ExpectNear(Shipped(run, "supplier/a", 4), {20, 10, 10, 10});
  ExpectNear(Shipped(run, "supplier/b", 4), {40, 20, 20, 20});
  // Work in process balances: yesterday's + started today - finished today.
  const auto& rows = run.timeline.rows.at("plant/cell");
  const auto& a = run.timeline.rows.at("plant/a");
  double previous = 30.0;  // the opening work in process
  for (size_t t = 0; t < rows.size(); ++t) {
    double started = a[t].received + (t == 0 ? 10.0 : a[t - 1].closing) - a[t].closing;
    EXPECT_NEAR(rows[t].wip, previous + started - rows[t].produced, 1e-9) << "day " << t;
    previous = rows[t].wip;
  }
  EXPECT_EQ(UnmetTotal(run), 0.0);
}

// The same network written as CSV tables (an inventory_policy table, a lead_time column)
// runs the same, figure for figure.
TEST(GoldenPolicies, CsvTablesStateTheSamePolicyAndLeadTime) {
  PolicyRun yaml = Simulate("echelon");
  PolicyRun csv = Simulate("echelon", "scenario_csv.yaml");
  ASSERT_EQ(yaml.timeline.rows.size(), csv.timeline.rows.size());
  for (const auto& [slot, rows] : yaml.timeline.rows) {
    const auto& other = csv.timeline.rows.at(slot);
    ASSERT_EQ(rows.size(), other.size());
    for (size_t t = 0; t < rows.size(); ++t) {
      EXPECT_EQ(rows[t].closing, other[t].closing) << slot << " day " << t;
      EXPECT_EQ(rows[t].wip, other[t].wip) << slot << " day " << t;
      EXPECT_EQ(rows[t].shipped, other[t].shipped) << slot << " day " << t;
    }
  }
}

// stockpyl's Example 6.1 at its mean demand (docs/BENCHMARKS.md): each stage ends every day
// with its local base-stock level less the demand over its lead time: 6.49 - 5 = 1.49,
// 5.53 - 5 = 0.53, 10.69 - 2 x 5 = 0.69; each ships 5 a day; nothing is short.
TEST(GoldenPolicies, StockpylExample61SteadyState) {
  PolicyRun run = Simulate("stockpyl_6_1");
  for (size_t t : {size_t{0}, size_t{50}, size_t{99}}) {
    EXPECT_NEAR(run.timeline.rows.at("stage1/item")[t].closing, 1.49, 1e-9);
    EXPECT_NEAR(run.timeline.rows.at("stage2/item")[t].closing, 0.53, 1e-9);
    EXPECT_NEAR(run.timeline.rows.at("stage3/item")[t].closing, 0.69, 1e-9);
    EXPECT_NEAR(run.timeline.rows.at("stage3/item")[t].shipped, 5.0, 1e-9);
  }
  EXPECT_EQ(UnmetTotal(run), 0.0);
  EXPECT_TRUE(run.results.shortages.empty());
}

// Every example in the folder validates; the count keeps a new one from going untested here.
TEST(GoldenPolicies, EveryExampleValidates) {
  io::ValidationReport report =
      io::Validate({(std::filesystem::path(CT_DATA_DIR) / "examples" / "policies").string()});
  for (const util::Diagnostic& d : report.diagnostics) ADD_FAILURE() << d.ToString();
  EXPECT_EQ(report.networks, 11);
  EXPECT_EQ(report.scenarios, 11);
}

}  // namespace
}  // namespace chaintwin
