#include <gtest/gtest.h>

#include "chaintwin/twin/event.hpp"

namespace chaintwin::twin {
namespace {

TEST(EventJson, RoundTripsEveryFieldAndEscapesText) {
  Event e;
  e.key = "k \"quoted\" \\ back\nslash \xC3\xA9";
  e.kind = EventKind::kDelivery;
  e.owner = "BPNL0000000CNANO";
  e.customer = "BPNL00000000CELL";
  e.supplier = "BPNL0000000CNANO";
  e.site = "jp_cell";
  e.origin = "cn_anode";
  e.material = "anode_material";
  e.quantity = 0.1 + 0.2;  // not a short decimal: must come back bit for bit
  e.time_ms = -5;
  e.utc_offset_minutes = -150;
  e.tracking = "T\t1";
  e.incoterm = Incoterm::kCIF;
  e.departure_ms = 1;
  e.eta_ms = 1'000'000'000'000;
  Event back = FromJson(ToJson(e));
  EXPECT_EQ(ToJson(back), ToJson(e));
  EXPECT_EQ(back.key, e.key);
  EXPECT_EQ(back.quantity, e.quantity);
  EXPECT_EQ(back.tracking, e.tracking);
  EXPECT_EQ(back.incoterm, Incoterm::kCIF);
  EXPECT_EQ(*back.eta_ms, *e.eta_ms);
  EXPECT_FALSE(back.arrival_ms.has_value());
  EXPECT_EQ(back.utc_offset_minutes, -150);

  Event d;
  d.key = "d";
  d.kind = EventKind::kDemand;
  d.owner = "o";
  d.series = {{20000, 1e15}, {20001, 2.5}};
  d.category = "SR99";
  Event dback = FromJson(ToJson(d));
  ASSERT_EQ(dback.series.size(), 2u);
  EXPECT_EQ(dback.series[0].quantity, 1e15);
  EXPECT_EQ(dback.category, "SR99");
}

TEST(EventTime, ParsesZonesAndRefusesTimesWithout) {
  int32_t offset = 0;
  EXPECT_EQ(*ParseDateTime("2026-03-02T06:00:00+01:00", &offset),
            *ParseDateTime("2026-03-02T05:00:00Z"));
  EXPECT_EQ(offset, 60);
  EXPECT_EQ(*ParseDateTime("2026-03-02T05:00:00.250Z") - *ParseDateTime("2026-03-02T05:00:00Z"), 250);
  EXPECT_FALSE(ParseDateTime("2026-03-02T05:00:00"));
  EXPECT_FALSE(ParseDateTime("2026-03-02 05:00:00Z"));
  EXPECT_FALSE(ParseDateTime("2026-02-30T05:00:00Z"));
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2026-03-02T23:30:00-02:00"), 9 * 60),
            "2026-03-03T10:30:00+09:00");
  // 23:30 UTC is the next day in Japan, the same day in London.
  int64_t t = *ParseDateTime("2026-03-02T23:30:00Z");
  EXPECT_EQ(LocalDay(t, 9 * 60), LocalDay(t, 0) + 1);
  EXPECT_EQ(DayStartMs(LocalDay(t, 9 * 60), 9 * 60), *ParseDateTime("2026-03-03T00:00:00+09:00"));
}

}  // namespace
}  // namespace chaintwin::twin
