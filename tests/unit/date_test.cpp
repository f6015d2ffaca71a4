// ISO 8601 calendar dates as days since 1970-01-01.
#include <gtest/gtest.h>

#include "chaintwin/util/date.hpp"

namespace chaintwin::util {
namespace {

TEST(Date, EpochIsDayZero) {
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(FormatDate(0), "1970-01-01");
}

TEST(Date, ParsesAndFormatsBothWays) {
  EXPECT_EQ(ParseDate("2026-01-01"), 20454);
  EXPECT_EQ(FormatDate(20454), "2026-01-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  for (int32_t day = -800; day < 25000; day += 97) EXPECT_EQ(ParseDate(FormatDate(day)), day);
}

TEST(Date, CountsLeapDays) {
  EXPECT_EQ(*ParseDate("2024-03-01") - *ParseDate("2024-02-28"), 2);
  EXPECT_EQ(*ParseDate("2025-03-01") - *ParseDate("2025-02-28"), 1);
  EXPECT_TRUE(ParseDate("2000-02-29").has_value());
  EXPECT_FALSE(ParseDate("1900-02-29").has_value());
}

TEST(Date, RefusesImpossibleDates) {
  EXPECT_FALSE(ParseDate("2025-02-30").has_value());
  EXPECT_FALSE(ParseDate("2025-13-01").has_value());
  EXPECT_FALSE(ParseDate("2025-00-10").has_value());
  EXPECT_FALSE(ParseDate("2025-04-31").has_value());
  EXPECT_FALSE(ParseDate("2025-01-00").has_value());
}

TEST(Date, RefusesOtherFormats) {
  EXPECT_FALSE(ParseDate("2025-1-01").has_value());
  EXPECT_FALSE(ParseDate("01/02/2025").has_value());
  EXPECT_FALSE(ParseDate("2025-01-01T00:00").has_value());
  EXPECT_FALSE(ParseDate("").has_value());
  EXPECT_FALSE(ParseDate("2025-0a-01").has_value());
}

}  // namespace
}  // namespace chaintwin::util
