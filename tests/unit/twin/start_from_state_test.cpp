// Runs that start from a stored state: the engine's InitialState hook (same figures as the
// network's steady state give the same run), what StartFrom makes of a state, the forward run
// that warns of shortages, and that a what-if never writes to the store.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/live.hpp"
#include "chaintwin/util/error.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::twin {
namespace {

std::string Summary(const sim::Results& r) {
  std::ostringstream out;
  out.precision(17);
  out << r.totals.served_gwh << " " << r.totals.unserved_gwh << " " << r.totals.lost_production_gwh;
  for (const auto& s : r.shortages) out << " | " << s.site.value << "," << s.material.value << "," << s.first_day << "," << s.last_day << "," << s.lost_quantity;
  return out.str();
}

TEST(StartFromState, TheSteadyStateGivenExplicitlyIsTheSameRun) {
  const TwinContext& ctx = testutil::TwoTierContext();
  const model::CompiledNetwork& net = ctx.compiled();
  io::LoadedScenario loaded =
      io::LoadScenario(std::string(CT_DATA_DIR) + "/examples/two_tier/scenario.yaml");
  model::CompiledNetwork compiled = model::Compile(loaded.network);
  model::ResolvedScenario resolved = model::Resolve(compiled, loaded.scenario);
  model::EventSchedule schedule = model::NominalSchedule(resolved);
  sim::Engine engine = sim::Engine::Create(compiled);
  sim::Results plain = engine.Run(resolved, schedule);

  // The network's inventory and each lane's expected flow for each day of its transit, given
  // as the starting state: the same run, to the last bit.
  sim::InitialState same;
  same.stock = compiled.slot_initial_stock;
  same.replace_pipeline = true;
  for (uint32_t l = 0; l < compiled.num_lanes(); ++l) {
    if (compiled.lane_expected_flow[l] <= 0) continue;
    for (int32_t d = 0; d < compiled.lane_transit[l]; ++d) {
      same.in_transit.push_back({LaneId{l}, d, compiled.lane_expected_flow[l]});
    }
  }
  sim::RunOptions options;
  options.initial = &same;
  sim::Results given = engine.Run(resolved, schedule, options);
  EXPECT_EQ(Summary(plain), Summary(given));
  EXPECT_GT(plain.shortages.size(), 0u);

  // Less stock at the cell plant: a shortage there no later than before (a check that the
  // stock given is the stock used).
  sim::InitialState less = same;
  SlotId slot = compiled.FindSlot(compiled.FindSite("jp_cell"), compiled.FindMaterial("anode_material"));
  less.stock[slot.value] = 0.0;
  options.initial = &less;
  sim::Results r = engine.Run(resolved, schedule, options);
  ASSERT_FALSE(r.shortages.empty());
  EXPECT_LE(r.shortages[0].first_day, plain.shortages[0].first_day);
  (void)net;
}

TEST(StartFromState, ReportedStockCargoAndOrdersBecomeTheStartingPoint) {
  const TwinContext& ctx = testutil::TwoTierContext();
  const model::CompiledNetwork& net = ctx.compiled();
  const int64_t as_of = *ParseDateTime("2026-03-02T12:00:00Z");
  Event stock = testutil::Stock("s", 42, as_of - 1000);
  Event ship = testutil::Delivery("v", 7, as_of - 1000, *ParseDateTime("2026-03-05T10:00:00+09:00"));
  Event planned = ship;
  planned.key = planned.tracking = "p";
  planned.departure_ms.reset();
  planned.planned_departure_ms = as_of + 86'400'000;
  planned.quantity = 3;
  State st = Fold(ctx, {stock, ship, planned}, as_of);
  StartingPoint sp = StartFrom(ctx, st);
  SlotId slot = net.FindSlot(net.FindSite("jp_cell"), net.FindMaterial("anode_material"));
  EXPECT_EQ(sp.initial.stock[slot.value], 42);
  EXPECT_EQ(sp.slots_reported, 1);
  EXPECT_TRUE(sp.initial.replace_pipeline);
  ASSERT_EQ(sp.initial.in_transit.size(), 1u);
  EXPECT_EQ(sp.initial.in_transit[0].arrival_day, 3);  // 2026-03-05 - 2026-03-02
  EXPECT_EQ(sp.initial.in_transit[0].quantity, 7);
  ASSERT_EQ(sp.initial.open_orders.size(), 1u);
  EXPECT_EQ(sp.initial.open_orders[0].quantity, 3);
  EXPECT_NE(sp.Describe().find("replaces the assumed steady state"), std::string::npos);
}

TEST(StartFromState, TheForwardRunWarnsWhereReportedStockRunsOut) {
  const TwinContext& ctx = testutil::TwoTierContext();
  const int64_t as_of = *ParseDateTime("2026-03-02T12:00:00Z");
  // Nothing on stock along the cell plant's chain and nothing on its way: the car plant's
  // cells, the cell plant's cells and anode material are all reported empty.
  Event anode = testutil::Stock("a", 0, as_of - 1000);
  Event cells_out = anode;
  cells_out.key = "c";
  cells_out.material = "cell_nmc";
  cells_out.direction = Direction::kOutbound;
  cells_out.supplier = testutil::kCell;
  cells_out.customer = "BPNL000000000OEM";
  Event cells_in = cells_out;
  cells_in.key = "e";
  cells_in.site = "jp_ev";
  cells_in.owner = "BPNL000000000OEM";
  cells_in.direction = Direction::kInbound;
  State st = Fold(ctx, {anode, cells_out, cells_in}, as_of);
  auto shortages = ProjectShortages(ctx, st, 60);
  ASSERT_FALSE(shortages.empty());
  EXPECT_EQ(shortages[0].days_from_now, 0);
  bool anode_short = false;
  for (const auto& p : shortages) {
    if (p.site != "jp_cell" || p.material != "anode_material") continue;
    anode_short = true;
    EXPECT_TRUE(p.production);
    EXPECT_NE(p.cause.find("reported stock 0 t"), std::string::npos) << p.cause;
  }
  EXPECT_TRUE(anode_short);
  // With the network's assumed stock (no reports) the same run finds nothing short so soon.
  auto assumed = ProjectShortages(ctx, Fold(ctx, {}, as_of), 60);
  EXPECT_TRUE(assumed.empty() || assumed[0].days_from_now > 0);
}

TEST(StartFromState, AReadOnlyStoreRefusesWrites) {
  testutil::TempDir dir;
  { store::OpenStore(dir.File("t.db"))->Append(store::Batch{}); }
  auto db = store::OpenStore(dir.File("t.db"), /*read_only=*/true);
  EXPECT_THROW(db->Append(store::Batch{}), StoreError);
  EXPECT_EQ(db->Batches().size(), 1u);
}

TEST(SilentFeeds, AFeedThatWentQuietIsNews) {
  store::Feed daily{testutil::kCell, EventKind::kItemStock, "anode_material", 0, 10 * 86'400'000LL, 0, 11};
  store::Feed weekly{testutil::kCnAnode, EventKind::kDelivery, "anode_material", 0, 7 * 86'400'000LL, 0, 2};
  // On day 12: daily stock silent 2 days (> 1.5 x 1 day); deliveries silent 5 days (< 1.5 x 7).
  auto silent = SilentFeeds({daily, weekly}, 12 * 86'400'000LL);
  ASSERT_EQ(silent.size(), 1u);
  EXPECT_EQ(silent[0].feed.owner, testutil::kCell);
  EXPECT_EQ(silent[0].expected_interval_ms, 86'400'000);
  EXPECT_EQ(SilentFeeds({daily, weekly}, 21 * 86'400'000LL).size(), 2u);
}

}  // namespace
}  // namespace chaintwin::twin
