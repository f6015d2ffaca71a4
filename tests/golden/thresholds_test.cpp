// The two rounding thresholds of re-sourcing under shortage (docs/SIMULATION.md, Thresholds;
// sim/thresholds.hpp), worked by hand just inside and just outside each.
#include <gtest/gtest.h>

#include "sim/thresholds.hpp"

namespace chaintwin::sim {
namespace {

// "A capped lane's room": a lane capped at 2 t/d with a re-order window of 7 days can carry
// 2 x 7 = 14 t within it; its room is 14 less what it owes, and a room of at most
// 1e-9 x 14 = 1.4e-8 t is none.
TEST(GoldenThresholds, ACappedLanesRoomWithinRoundingOfNoneIsNone) {
  EXPECT_EQ(CappedRoom(2.0, 7, 0.0), 14.0);           // owes nothing: the whole window
  EXPECT_EQ(CappedRoom(2.0, 7, 10.0), 4.0);           // owes 10: 4 left
  EXPECT_EQ(CappedRoom(2.0, 7, 14.0), 0.0);           // owes the window: none
  EXPECT_EQ(CappedRoom(2.0, 7, 20.0), 0.0);           // owes more (its cap fell): none
  EXPECT_EQ(CappedRoom(2.0, 7, 14.0 - 1.3e-8), 0.0);  // 1.3e-8 <= 1.4e-8: inside, none
  EXPECT_NEAR(CappedRoom(2.0, 7, 14.0 - 1.5e-8), 1.5e-8, 1e-14);  // 1.5e-8 > 1.4e-8: outside
  // Relative to the window, not absolute: 1.3e-2 of room on a window of 1.4e7 t is none.
  EXPECT_EQ(CappedRoom(2e6, 7, 1.4e7 - 1.3e-2), 0.0);
  EXPECT_NEAR(CappedRoom(2e6, 7, 1.4e7 - 1.5e-2), 1.5e-2, 1e-8);
  // A lane capped at 0 has no room whatever it owes.
  EXPECT_EQ(CappedRoom(0.0, 7, 0.0), 0.0);
  EXPECT_EQ(CappedRoom(0.0, 7, 3.0), 0.0);
}

// "Can deliver its share": a lane whose part of a day's need is 5 t covers it when it can
// deliver at least (1 - 1e-9) x 5 = 5 - 5e-9 t.
TEST(GoldenThresholds, ALaneWithinRoundingOfItsPartCoversIt) {
  EXPECT_TRUE(CoversPart(5.0, 5.0));             // exactly its part
  EXPECT_TRUE(CoversPart(6.0, 5.0));             // more
  EXPECT_TRUE(CoversPart(5.0 - 4.9e-9, 5.0));    // 4.9e-9 short <= 5e-9: inside, covers
  EXPECT_FALSE(CoversPart(5.0 - 5.1e-9, 5.0));   // 5.1e-9 short > 5e-9: outside, does not
  EXPECT_FALSE(CoversPart(4.0, 5.0));            // 1 short
  // Relative to the part: 9e-4 short of 1e6 t covers it, 1.1e-3 short does not.
  EXPECT_TRUE(CoversPart(1e6 - 9e-4, 1e6));
  EXPECT_FALSE(CoversPart(1e6 - 1.1e-3, 1e6));
  // Nothing to cover is covered by nothing (ShortageWeights asks only lanes with a weight).
  EXPECT_TRUE(CoversPart(0.0, 0.0));
}

}  // namespace
}  // namespace chaintwin::sim
