// The server's answer cache (server/answer_cache.hpp): answers per store version, and answers
// "as of now", where one caller a second recomputes while the others get the newest answer.
#include "server/answer_cache.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace chaintwin::server {
namespace {

std::shared_ptr<const std::string> Text(const std::string& s) { return std::make_shared<const std::string>(s); }

TEST(AnswerCache, AnswersOnlyAtTheVersionTheyWereComputedAt) {
  AnswerCache cache;
  cache.Put("k", 7, Text("a"));
  ASSERT_NE(cache.Get("k", 7), nullptr);
  EXPECT_EQ(*cache.Get("k", 7), "a");
  EXPECT_EQ(cache.Get("k", 8), nullptr);  // the store changed: never the old answer
}

TEST(AnswerCache, NowOneCallerRecomputesTheOthersGetTheNewestSecond) {
  AnswerCache cache;
  bool claim = true;
  // Nothing yet: compute, nobody claimed.
  EXPECT_EQ(cache.GetRecent("now", 1, 10'000, 1000, claim), nullptr);
  EXPECT_FALSE(claim);
  cache.PutRecent("now", 1, 10'000, Text("s10"));
  // The same second: the answer.
  ASSERT_NE(cache.GetRecent("now", 1, 10'000, 1000, claim), nullptr);
  EXPECT_FALSE(claim);
  // The next second: the first caller is told to recompute, the others get second 10's answer.
  EXPECT_EQ(cache.GetRecent("now", 1, 11'000, 1000, claim), nullptr);
  EXPECT_TRUE(claim);
  auto stale = cache.GetRecent("now", 1, 11'000, 1000, claim);
  ASSERT_NE(stale, nullptr);
  EXPECT_EQ(*stale, "s10");
  EXPECT_FALSE(claim);
  EXPECT_EQ(cache.stale_served(), 1);
  cache.PutRecent("now", 1, 11'000, Text("s11"));
  EXPECT_EQ(*cache.GetRecent("now", 1, 11'000, 1000, claim), "s11");
  // An older second arriving late does not replace a newer one.
  cache.PutRecent("now", 1, 10'000, Text("late"));
  EXPECT_EQ(*cache.GetRecent("now", 1, 11'000, 1000, claim), "s11");
}

TEST(AnswerCache, NowNeverServesAnotherVersionOrAnOldAnswer) {
  AnswerCache cache;
  bool claim = false;
  cache.PutRecent("now", 1, 10'000, Text("s10"));
  // An ingest moved the version: compute, whatever the second.
  EXPECT_EQ(cache.GetRecent("now", 2, 10'000, 1000, claim), nullptr);
  EXPECT_FALSE(claim);
  EXPECT_EQ(cache.GetRecent("now", 2, 11'000, 1000, claim), nullptr);
  EXPECT_FALSE(claim);
  // More than a second old: compute.
  EXPECT_EQ(cache.GetRecent("now", 1, 12'000, 1000, claim), nullptr);
  EXPECT_FALSE(claim);
  // A claim that never completes leaves callers on the old answer only within the second.
  EXPECT_EQ(cache.GetRecent("now", 1, 11'000, 1000, claim), nullptr);
  EXPECT_TRUE(claim);
  EXPECT_NE(cache.GetRecent("now", 1, 11'000, 1000, claim), nullptr);
  EXPECT_EQ(cache.GetRecent("now", 1, 12'000, 1000, claim), nullptr);
}

}  // namespace
}  // namespace chaintwin::server
