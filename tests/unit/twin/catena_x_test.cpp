// Catena-X aspect payloads as sent (the reference's samples, with this network's ids).
#include <gtest/gtest.h>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/reader.hpp"
#include "chaintwin/twin/state.hpp"
#include "chaintwin/util/date.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::twin {
namespace {

std::vector<Event> Read(const std::string& text, util::Diagnostics& diags) {
  return ReadEvents(text, "p.json", FileFormat::kCatenaX, testutil::TwoTierContext(), {}, diags);
}

TEST(CatenaX, ItemStockSumsEveryAllocatedStockAtALocationAndKeepsBlockedApart) {
  util::Diagnostics diags;
  auto events = Read(R"({"owner":"BPNL00000000CELL","partner":"BPNL0000000CNANO","payload":
    { "materialGlobalAssetId": "urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002",
      "direction": "INBOUND",
      "positions": [
        { "orderPositionReference": { "customerOrderId": "PO-77", "customerOrderPositionId": "10" },
          "allocatedStocks": [
            { "quantityOnAllocatedStock": { "value": 12.5, "unit": "unit:tonneMetricTon" },
              "stockLocationBPNS": "BPNS00000000JPCL", "stockLocationBPNA": "BPNA0000000000R1",
              "isBlocked": false, "lastUpdatedOnDateTime": "2026-03-02T06:00:00+09:00" },
            { "quantityOnAllocatedStock": { "value": 2000, "unit": "unit:kilogram" },
              "stockLocationBPNS": "BPNS00000000JPCL", "isBlocked": true,
              "lastUpdatedOnDateTime": "2026-03-02T06:00:00+09:00" } ] },
        { "allocatedStocks": [
            { "quantityOnAllocatedStock": { "value": 7.5, "unit": "unit:tonneMetricTon" },
              "stockLocationBPNS": "BPNS00000000JPCL", "isBlocked": false,
              "lastUpdatedOnDateTime": "2026-03-02T07:00:00+09:00" } ] } ] }})",
                     diags);
  ASSERT_TRUE(diags.empty()) << diags[0].ToString();
  ASSERT_EQ(events.size(), 1u);
  const Event& e = events[0];
  EXPECT_EQ(e.site, "jp_cell");
  EXPECT_EQ(e.material, "anode_material");
  EXPECT_EQ(e.direction, Direction::kInbound);
  EXPECT_EQ(e.owner, testutil::kCell);
  EXPECT_EQ(e.customer, testutil::kCell);
  EXPECT_EQ(e.supplier, testutil::kCnAnode);
  EXPECT_DOUBLE_EQ(e.quantity, 20.0);        // 12.5 + 7.5, not the last one
  EXPECT_DOUBLE_EQ(e.blocked_quantity, 2.0);  // 2000 kg
  EXPECT_EQ(e.time_ms, *ParseDateTime("2026-03-02T07:00:00+09:00"));
}

TEST(CatenaX, AnEmptyItemStockZeroesTheOwnersSites) {
  util::Diagnostics diags;
  auto events = Read(R"({"owner":"BPNL00000000CELL","partner":"BPNL0000000CNANO",
    "time":"2026-03-03T06:00:00+09:00","payload":
    { "materialGlobalAssetId": "6f0c2a1e-1111-4a2b-9c3d-000000000002", "direction": "INBOUND",
      "positions": [] }})", diags);
  ASSERT_TRUE(diags.empty()) << diags[0].ToString();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].site, "jp_cell");
  EXPECT_EQ(events[0].quantity, 0.0);
}

TEST(CatenaX, DemandDeliveryAndProductionPayloads) {
  util::Diagnostics diags;
  auto events = Read(R"([
    {"owner":"BPNL00000000CELL","partner":"BPNL0000000CNANO","payload":
     { "materialGlobalAssetId": "urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002",
       "demandSeries": [ { "customerLocationBpns": "BPNS00000000JPCL",
         "expectedSupplierLocationBpns": "BPNS0000000CNANO",
         "demandCategory": { "demandCategoryCode": "SR99" },
         "lastUpdatedOnDateTime": "2026-03-02T07:00:00+09:00",
         "demands": [ { "day": "2026-03-03", "demand": { "value": 4.0, "unit": "unit:tonneMetricTon" } },
                      { "day": "2026-03-04", "demand": { "value": 5.0, "unit": "unit:tonneMetricTon" } } ] } ] }},
    {"owner":"BPNL0000000CNANO","partner":"BPNL00000000CELL","payload":
     { "materialGlobalAssetId": "urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002",
       "positions": [ { "deliveries": [ { "deliveryQuantity": { "value": 20, "unit": "unit:tonneMetricTon" },
         "transitLocations": { "origin": { "bpnsProperty": "BPNS0000000CNANO" },
                               "destination": { "bpnsProperty": "BPNS00000000JPCL" } },
         "transitEvents": [ { "eventType": "actual-departure", "dateTimeOfEvent": "2026-03-01T10:00:00Z" },
                            { "eventType": "estimated-arrival", "dateTimeOfEvent": "2026-03-09T08:00:00Z" } ],
         "incoterm": "FCA", "trackingNumber": "MSKU1234567", "lastUpdatedOnDateTime": "2026-03-02T05:00:00Z" } ] } ] }},
    {"owner":"BPNL0000000CNANO","partner":"BPNL00000000CELL","payload":
     { "materialGlobalAssetId": "urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002",
       "positions": [ { "allocatedPlannedProductionOutputs": [ { "productionSiteBpns": "BPNS0000000CNANO",
         "plannedProductionQuantity": { "value": 8, "unit": "unit:tonneMetricTon" },
         "estimatedTimeOfCompletion": "2026-03-04T18:00:00+01:00",
         "lastUpdatedOnDateTime": "2026-03-02T06:00:00+01:00" } ] } ] }}
  ])", diags);
  ASSERT_TRUE(diags.empty()) << diags[0].ToString();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, EventKind::kDemand);
  EXPECT_EQ(events[0].category, "SR99");
  ASSERT_EQ(events[0].series.size(), 2u);
  EXPECT_EQ(events[0].series[1].day, *util::ParseDate("2026-03-04"));
  EXPECT_EQ(events[0].series[1].quantity, 5.0);
  EXPECT_EQ(events[1].kind, EventKind::kDelivery);
  EXPECT_EQ(events[1].origin, "cn_anode");
  EXPECT_EQ(events[1].site, "jp_cell");
  EXPECT_EQ(events[1].supplier, testutil::kCnAnode);  // whoever runs the origin site
  EXPECT_EQ(events[1].customer, testutil::kCell);
  EXPECT_EQ(events[1].tracking, "MSKU1234567");
  EXPECT_EQ(*events[1].departure_ms, *ParseDateTime("2026-03-01T10:00:00Z"));
  EXPECT_EQ(events[2].kind, EventKind::kProduction);
  // 18:00 at +01:00 is 01:00 the next day at the producing site (+08:00).
  ASSERT_EQ(events[2].series.size(), 1u);
  EXPECT_EQ(events[2].series[0].day, *util::ParseDate("2026-03-05"));
}

TEST(CatenaX, TheSamePayloadSentTwiceCountsOnce) {
  testutil::TempDir dir;
  auto db = store::OpenStore(dir.File("twin.db"));
  util::Diagnostics diags;
  const std::string payload = R"({"owner":"BPNL00000000CELL","partner":"BPNL0000000CNANO","payload":
    { "materialGlobalAssetId": "urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002", "direction": "INBOUND",
      "positions": [ { "allocatedStocks": [ { "quantityOnAllocatedStock": { "value": 3, "unit": "unit:tonneMetricTon" },
        "stockLocationBPNS": "BPNS00000000JPCL", "isBlocked": false,
        "lastUpdatedOnDateTime": "2026-03-02T06:00:00+09:00" } ] } ] }})";
  store::Batch b;
  b.events = Read(payload, diags);
  ASSERT_TRUE(diags.empty());
  EXPECT_EQ(db->Append(b).added, 1u);
  b.events = Read(payload, diags);
  EXPECT_EQ(db->Append(b).duplicates, 1u);
  EXPECT_EQ(db->EventCount(), 1);
}

}  // namespace
}  // namespace chaintwin::twin
