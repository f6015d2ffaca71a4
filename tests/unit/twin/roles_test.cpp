// Direction and role, where others went wrong: swapping who reports (customer or supplier),
// the direction of stock, and the reporter an Incoterm calls for must swap the result too.
#include <gtest/gtest.h>

#include "chaintwin/twin/days_of_supply.hpp"
#include "chaintwin/twin/reader.hpp"
#include "chaintwin/util/date.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::twin {
namespace {

using testutil::kCell;
using testutil::kCnAnode;

const int64_t kAsOf = *ParseDateTime("2026-03-02T23:59:59+09:00");

SlotId Slot(const TwinContext& ctx, const char* site, const char* material = "anode_material") {
  return ctx.compiled().FindSlot(ctx.compiled().FindSite(site), ctx.compiled().FindMaterial(material));
}

TEST(Roles, InboundStockIsTheCustomersOutboundTheSuppliers) {
  const TwinContext& ctx = testutil::TwoTierContext();
  Event in = testutil::Stock("in", 100, kAsOf);  // the cell maker's stock at its plant
  Event out = in;                                // swapped: the anode maker's stock for it
  out.key = "out";
  out.owner = kCnAnode;
  out.direction = Direction::kOutbound;
  out.site = "cn_anode";
  State a = Fold(ctx, {in}, kAsOf), b = Fold(ctx, {out}, kAsOf);
  EXPECT_EQ(a.slots[Slot(ctx, "jp_cell").value].stock, 100);
  EXPECT_EQ(a.slots[Slot(ctx, "cn_anode").value].stock, 0);
  EXPECT_EQ(b.slots[Slot(ctx, "jp_cell").value].stock, 0);
  EXPECT_EQ(b.slots[Slot(ctx, "cn_anode").value].stock, 100);
  // What the supplier holds for the cell plant counts for the plant with --tiers 2.
  EXPECT_EQ(b.slots[Slot(ctx, "jp_cell").value].held_by_suppliers, 100);
  DosOptions two;
  two.tiers = 2;
  DosResult r = DaysOfSupply(ctx, b, {out}, "jp_cell", "anode_material", two);
  EXPECT_EQ(r.stock, 0);
  EXPECT_EQ(r.p0, 100);
}

TEST(Roles, AStockRecordOfTheWrongDirectionIsRefused) {
  const TwinContext& ctx = testutil::TwoTierContext();
  const std::string line =
      R"({"key":"s","kind":"item_stock","owner":"BPNL0000000CNANO","customer":"BPNL00000000CELL",)"
      R"("supplier":"BPNL0000000CNANO","site":"cn_anode","material":"anode_material",)"
      R"("direction":"DIR","quantity":"1 t","time":"2026-03-02T06:00:00+08:00"})";
  auto read = [&](const std::string& dir, util::Diagnostics& d) {
    std::string text = line;
    text.replace(text.find("DIR"), 3, dir);
    return ReadEvents(text, "x.jsonl", FileFormat::kJsonLines, ctx, {}, d);
  };
  util::Diagnostics ok, bad;
  EXPECT_EQ(read("outbound", ok).size(), 1u);
  EXPECT_TRUE(ok.empty());
  EXPECT_TRUE(read("inbound", bad).empty());
  ASSERT_FALSE(bad.empty());
  EXPECT_NE(bad[0].message.find("inbound stock is reported by the customer"), std::string::npos);
}

// Customer view: stock 100 at jp_cell, demand 40/60/50, a delivery of 60 arriving day 2.
// Supplier view of the mirror image: stock 100 at cn_anode, shipments of 40/60/50 leaving on
// days 1-3, production of 60 on day 2. The series must be the same.
TEST(Roles, SupplierViewMirrorsTheCustomerView) {
  const TwinContext& ctx = testutil::TwoTierContext();
  const int32_t day0 = *util::ParseDate("2026-03-02");
  // Customer side (jp_cell, +09:00).
  Event stock = testutil::Stock("c-stock", 100, kAsOf);
  Event demand = testutil::Demand("c-demand", kAsOf, {{day0 + 1, 40}, {day0 + 2, 60}, {day0 + 3, 50}});
  Event inbound = testutil::Delivery("c-in", 60, kAsOf, DayStartMs(day0 + 2, 9 * 60) + 3'600'000);
  std::vector<Event> customer = {stock, demand, inbound};

  // Supplier side (cn_anode, +08:00): its outbound stock, its shipments, its production.
  Event s_stock = stock;
  s_stock.key = "s-stock";
  s_stock.owner = kCnAnode;
  s_stock.direction = Direction::kOutbound;
  s_stock.site = "cn_anode";
  std::vector<Event> supplier = {s_stock};
  int i = 0;
  for (double q : {40.0, 60.0, 50.0}) {
    Event ship = inbound;
    ship.key = ship.tracking = "s-out-" + std::to_string(i);
    ship.quantity = q;
    ship.departure_ms.reset();
    ship.planned_departure_ms = DayStartMs(day0 + 1 + i, 8 * 60) + 3'600'000;
    ship.eta_ms = *ship.planned_departure_ms + 8 * 86'400'000LL;
    supplier.push_back(ship);
    ++i;
  }
  Event make;
  make.key = "s-make";
  make.kind = EventKind::kProduction;
  make.owner = make.supplier = kCnAnode;
  make.customer = kCell;
  make.site = "cn_anode";
  make.material = "anode_material";
  make.time_ms = kAsOf;
  make.series = {{day0 + 2, 60}};
  supplier.push_back(make);

  // Each side's end of 2026-03-02 in its own time zone (one instant would be the 3rd in Japan
  // while still the 2nd in China).
  const int64_t as_of = *ParseDateTime("2026-03-02T23:59:59+08:00");
  State cs = Fold(ctx, customer, kAsOf), ss = Fold(ctx, supplier, as_of);
  DosOptions c_opt, s_opt;
  c_opt.horizon_days = s_opt.horizon_days = 4;
  s_opt.view = View::kSupplier;
  DosResult c = DaysOfSupply(ctx, cs, customer, "jp_cell", "anode_material", c_opt);
  DosResult s = DaysOfSupply(ctx, ss, supplier, "cn_anode", "anode_material", s_opt);
  ASSERT_EQ(c.days.size(), s.days.size());
  // 100 -40 -> 60 (+60 -60) -> 60 -50 -> 10: DoS 2.0, 1.0 + 10/50... by hand:
  // day0 100: 40, 60 fit (2 days), then 0 left -> 2.0; day1 60: 60 fits, 0 left -> 1.0;
  // day2 60: 50 fits, 10 left, next day's outflow 0 to the end -> 2.0 (at least).
  const double want[] = {2.0, 1.0, 2.0};
  for (size_t d = 0; d < 3; ++d) {
    SCOPED_TRACE(d);
    EXPECT_NEAR(c.days[d].days_of_supply, want[d], 1e-12);
    EXPECT_NEAR(s.days[d].days_of_supply, want[d], 1e-12);
    EXPECT_NEAR(c.days[d].projected, s.days[d].projected, 1e-12);
  }
}

TEST(Roles, TheIncotermSaysWhoReportsTheDelivery) {
  const TwinContext& ctx = testutil::TwoTierContext();
  auto read = [&](const char* owner, const char* term) {
    std::string text = std::string(R"({"key":"v","kind":"delivery","owner":")") + owner +
                       R"(","customer":"BPNL00000000CELL","supplier":"BPNL0000000CNANO",)"
                       R"("origin":"cn_anode","destination":"jp_cell","material":"anode_material",)"
                       R"("quantity":"3 t","incoterm":")" + term +
                       R"(","estimated_arrival":"2026-03-05T00:00:00Z","time":"2026-03-02T00:00:00Z"})";
    util::Diagnostics d;
    return ReadEvents(text, "v.jsonl", FileFormat::kJsonLines, ctx, {}, d).size();
  };
  EXPECT_EQ(read(kCell, "EXW"), 1u);      // ex works: the customer collects and reports
  EXPECT_EQ(read(kCnAnode, "EXW"), 0u);
  EXPECT_EQ(read(kCnAnode, "DDP"), 1u);   // delivered: the supplier reports
  EXPECT_EQ(read(kCell, "DDP"), 0u);
  EXPECT_EQ(read(kCell, "FOB"), 1u);      // F-terms: either
  EXPECT_EQ(read(kCnAnode, "FOB"), 1u);
}

TEST(Roles, AShipmentReportedByBothPartiesCountsOnce) {
  const TwinContext& ctx = testutil::TwoTierContext();
  Event a = testutil::Delivery("by-supplier", 10, kAsOf - 10, kAsOf + 86'400'000);
  a.tracking = "MSKU1";
  Event b = a;
  b.key = "by-customer";
  b.owner = kCell;
  b.time_ms = kAsOf - 5;
  State st = Fold(ctx, CurrentRecords({a, b}, kAsOf), kAsOf);
  ASSERT_EQ(st.shipments.size(), 1u);
  EXPECT_EQ(st.shipments[0].reporter, kCell);
}

}  // namespace
}  // namespace chaintwin::twin
