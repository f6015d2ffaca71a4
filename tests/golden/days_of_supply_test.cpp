// CX-0145's worked example (Tables 12/13), by hand:
//   day            0    1    2    3    4    5    6
//   in (delivery)  -    0   60  100    0    0   40
//   out (demand)   -   40   60   50   50   60   50
//   projected    100   60   60  110   60    0  -10
//   DoS_0: 100-40=60, -60=0 (2 days), next 50 > 0 left       -> 2.00
//   DoS_1:  60-60=0 (1 day), next 50 > 0 left                 -> 1.00
//   DoS_2:  60-50=10 (1 day), next 50: 10/50 = 0.2            -> 1.20
//   DoS_3: 110-50-60=0 (2 days), next 50 > 0 left             -> 2.00
//   DoS_4:  60-60=0 (1 day)                                   -> 1.00
//   DoS_5:  stock 0                                           -> 0 (the standard's table: 0.80)
//   DoS_6:  stock -10                                         -> 0
// PURIS's unit test expects the standard's days 1-5: [1.0, 1.2, 2.0, 1.0, 0.0].
#include <cmath>

#include <gtest/gtest.h>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/days_of_supply.hpp"
#include "chaintwin/util/date.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::twin {
namespace {

using testutil::kCell;
using testutil::kCnAnode;
using testutil::kJpAnode;

const std::vector<double> kIn = {0, 0, 60, 100, 0, 0, 40};
const std::vector<double> kOut = {0, 40, 60, 50, 50, 60, 50};
const std::vector<double> kDos = {2.0, 1.0, 1.2, 2.0, 1.0, 0.0, 0.0};
const std::vector<double> kProjected = {100, 60, 60, 110, 60, 0, -10};

TEST(DaysOfSupply, StandardWorkedExample) {
  auto days = DaysOfSupplySeries(100, kIn, kOut, 1000);
  ASSERT_EQ(days.size(), 7u);
  for (size_t d = 0; d < 7; ++d) {
    SCOPED_TRACE(d);
    EXPECT_EQ(days[d].day, 1000 + static_cast<int32_t>(d));
    EXPECT_NEAR(days[d].projected, kProjected[d], 1e-12);
    EXPECT_NEAR(days[d].days_of_supply, kDos[d], 1e-12);
  }
  // The PURIS series is the standard's days 1..5.
  const std::vector<double> puris = {1.0, 1.2, 2.0, 1.0, 0.0};
  for (size_t d = 0; d < puris.size(); ++d) EXPECT_NEAR(days[d + 1].days_of_supply, puris[d], 1e-12);
  EXPECT_FALSE(days[0].at_least);
}

TEST(DaysOfSupply, ZeroDemandToTheEndOfTheWindowIsALowerBound) {
  auto days = DaysOfSupplySeries(10, {0, 0, 0, 0}, {0, 5, 0, 0}, 0);
  EXPECT_NEAR(days[0].days_of_supply, 3.0, 1e-12);
  EXPECT_TRUE(days[0].at_least);
  EXPECT_NEAR(days[3].days_of_supply, 0.0, 1e-12);
  EXPECT_TRUE(days[3].at_least);
}

// The same example through the store: a stock report, a demand series and three deliveries,
// the site in UTC+09:00 (jp_cell). Day 0 is 2026-03-02 local.
class DaysOfSupplyFromStore : public ::testing::Test {
 protected:
  const TwinContext& ctx = testutil::TwoTierContext();
  testutil::TempDir dir;
  std::unique_ptr<store::TwinStore> db = store::OpenStore(dir.File("twin.db"));
  const int32_t day0 = *util::ParseDate("2026-03-02");
  const int64_t as_of = *ParseDateTime("2026-03-02T23:59:59+09:00");

  Event Delivery(std::string key, double qty, const char* eta) {
    return testutil::Delivery(std::move(key), qty, *ParseDateTime("2026-03-02T01:00:00Z"),
                              *ParseDateTime(eta));
  }

  void Load(double stock_a, double stock_b) {
    store::Batch b;
    // Two stock records at the site (two suppliers' material): summed, never the last one.
    b.events.push_back(testutil::Stock("s-a", stock_a, *ParseDateTime("2026-03-02T23:59:59+09:00")));
    b.events.push_back(
        testutil::Stock("s-b", stock_b, *ParseDateTime("2026-03-02T23:59:58+09:00"), "jp_cell", kJpAnode));
    std::vector<DayQuantity> demand;
    for (int i = 1; i <= 6; ++i) demand.push_back({day0 + i, kOut[static_cast<size_t>(i)]});
    Event d = testutil::Demand("dem", *ParseDateTime("2026-03-02T08:00:00+09:00"), demand);
    b.events.push_back(d);
    b.events.push_back(Delivery("v2", 60, "2026-03-04T10:00:00+09:00"));
    // 2026-03-04T16:30Z is 2026-03-05 01:30 in Japan: day 3, not day 2.
    b.events.push_back(Delivery("v3", 100, "2026-03-04T16:30:00Z"));
    b.events.push_back(Delivery("v6", 40, "2026-03-08T09:00:00+09:00"));
    db->Append(b);
  }
};

TEST_F(DaysOfSupplyFromStore, WorkedExampleWithSiteDatesAndSummedStock) {
  Load(70, 30);
  auto records = db->Records(as_of);
  State st = Fold(ctx, records, as_of);
  DosOptions opt;
  opt.horizon_days = 6;
  DosResult r = DaysOfSupply(ctx, st, records, "jp_cell", "anode_material", opt);
  EXPECT_NEAR(r.stock, 100.0, 1e-12);
  ASSERT_EQ(r.days.size(), 7u);
  for (size_t d = 0; d < 7; ++d) {
    SCOPED_TRACE(d);
    EXPECT_EQ(r.days[d].day, day0 + static_cast<int32_t>(d));
    EXPECT_NEAR(r.days[d].in, kIn[d], 1e-12);
    EXPECT_NEAR(r.days[d].projected, kProjected[d], 1e-12);
    EXPECT_NEAR(r.days[d].days_of_supply, kDos[d], 1e-12);
  }
  EXPECT_EQ(r.first_stockout_day, day0 + 6);
  EXPECT_NEAR(r.shortfall, 10.0, 1e-12);
}

TEST_F(DaysOfSupplyFromStore, DeliveriesAreInflowNotDemand) {
  // Swapping the roles of deliveries and demand (the mistake others made) changes the
  // answer: here demand drives the count, deliveries only move the projection.
  Load(70, 30);
  auto records = db->Records(as_of);
  State st = Fold(ctx, records, as_of);
  DosResult r = DaysOfSupply(ctx, st, records, "jp_cell", "anode_material", {});
  EXPECT_NEAR(r.days[0].out, 0.0, 1e-12);
  EXPECT_NEAR(r.days[1].out, 40.0, 1e-12);
  EXPECT_NEAR(r.days[1].in, 0.0, 1e-12);
  EXPECT_NEAR(r.days[2].in, 60.0, 1e-12);
}

TEST_F(DaysOfSupplyFromStore, PartnerAllocationCountsOnlyThatPartnersRecords) {
  Load(70, 30);
  auto records = db->Records(as_of);
  State st = Fold(ctx, records, as_of);
  DosOptions opt;
  opt.horizon_days = 6;
  opt.partner = kJpAnode;  // its stock only (30), no demand sent to it, no deliveries from it
  DosResult r = DaysOfSupply(ctx, st, records, "jp_cell", "anode_material", opt);
  EXPECT_NEAR(r.stock, 30.0, 1e-12);
  EXPECT_NEAR(r.days[1].out, 0.0, 1e-12);
  EXPECT_NEAR(r.days[2].in, 0.0, 1e-12);
}

TEST_F(DaysOfSupplyFromStore, AsOfEarlierSeesOnlyWhatWasReportedThen) {
  Load(70, 30);
  // At 23:59:58 the first stock record (23:59:59) is not yet reported: 30 on stock.
  int64_t earlier = *ParseDateTime("2026-03-02T23:59:58+09:00");
  auto records = db->Records(earlier);
  State st = Fold(ctx, records, earlier);
  SlotId slot = ctx.compiled().FindSlot(ctx.compiled().FindSite("jp_cell"),
                                        ctx.compiled().FindMaterial("anode_material"));
  EXPECT_NEAR(st.slots[slot.value].stock, 30.0, 1e-12);
}

}  // namespace
}  // namespace chaintwin::twin
