#include "sim/allocation.hpp"

#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace chaintwin::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ProRata, SplitsShortfallInProportionToOrders) {
  std::vector<double> req{30, 10}, quota{kInf, kInf}, given(2);
  std::vector<uint16_t> tier{0, 0};
  Allocate(req, quota, tier, 20, given);
  EXPECT_DOUBLE_EQ(given[0], 15);
  EXPECT_DOUBLE_EQ(given[1], 5);
}

TEST(Priority, ServesTiersInOrderAndProRataWithinATier) {
  std::vector<double> req{10, 20, 20, 50}, quota(4, kInf), given(4);
  std::vector<uint16_t> tier{2, 1, 1, 3};
  Allocate(req, quota, tier, 50, given);
  EXPECT_DOUBLE_EQ(given[1], 20);
  EXPECT_DOUBLE_EQ(given[2], 20);
  EXPECT_DOUBLE_EQ(given[0], 10);
  EXPECT_DOUBLE_EQ(given[3], 0);
  Allocate(req, quota, tier, 30, given);
  EXPECT_DOUBLE_EQ(given[1], 15);
  EXPECT_DOUBLE_EQ(given[2], 15);
  EXPECT_DOUBLE_EQ(given[0], 0);
}

TEST(ContractFirst, ServesContractedVolumesThenTheRestProRata) {
  // Lane 0 has a contract of 10/day and asks 30; lane 1 is spot and asks 30; 40 available.
  std::vector<double> req{30, 30}, quota{10, kInf}, given(2);
  std::vector<uint16_t> tier{0, 1};
  Allocate(req, quota, tier, 40, given);
  // Tier 0: 10 to lane 0. Tier 1: 30 to lane 1 (all it asks) -> 0 left for the rest.
  EXPECT_DOUBLE_EQ(given[0], 10);
  EXPECT_DOUBLE_EQ(given[1], 30);
  Allocate(req, quota, tier, 25, given);
  EXPECT_DOUBLE_EQ(given[0], 10);
  EXPECT_DOUBLE_EQ(given[1], 15);
}

TEST(Allocate, QuotaLeftoverGoesProRataToWhatIsStillAsked) {
  std::vector<double> req{30, 30}, quota{10, 10}, given(2);
  std::vector<uint16_t> tier{0, 0};
  Allocate(req, quota, tier, 40, given);
  EXPECT_DOUBLE_EQ(given[0], 20);
  EXPECT_DOUBLE_EQ(given[1], 20);
}

TEST(Allocate, NeverGivesMoreThanAskedOrAvailable) {
  std::vector<double> req{1, 2, 3}, quota{kInf, 0.5, kInf}, given(3);
  std::vector<uint16_t> tier{1, 0, 2};
  for (double avail : {0.0, 0.3, 1.0, 2.5, 5.9}) {
    Allocate(req, quota, tier, avail, given);
    double sum = 0;
    for (int i = 0; i < 3; ++i) {
      EXPECT_LE(given[i], req[i] + 1e-12);
      EXPECT_GE(given[i], 0);
      sum += given[i];
    }
    EXPECT_NEAR(sum, avail, 1e-12);
  }
}

}  // namespace
}  // namespace chaintwin::sim
