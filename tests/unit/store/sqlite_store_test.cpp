#include <gtest/gtest.h>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/state.hpp"
#include "chaintwin/util/error.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::store {
namespace {

using testutil::Stock;
using twin::ParseDateTime;

const int64_t kT0 = *ParseDateTime("2026-03-02T00:00:00Z");
constexpr int64_t kHour = 3'600'000;

class SqliteStoreTest : public ::testing::Test {
 protected:
  testutil::TempDir dir;
  std::unique_ptr<TwinStore> db = OpenStore(dir.File("twin.db"));
};

TEST_F(SqliteStoreTest, RetriedBatchCountsOnce) {
  Batch b;
  b.events = {Stock("a", 10, kT0), Stock("b", 20, kT0 + kHour, "jp_cell", testutil::kJpAnode)};
  AppendResult first = db->Append(b);
  AppendResult again = db->Append(b);
  EXPECT_EQ(first.added, 2u);
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.duplicates, 2u);
  EXPECT_EQ(db->EventCount(), 2);
  EXPECT_EQ(db->Records(std::nullopt).size(), 2u);
}

TEST_F(SqliteStoreTest, SameKeyOtherContentIsRefusedAndNothingOfTheBatchStored) {
  Batch b;
  b.events = {Stock("a", 10, kT0)};
  db->Append(b);
  Batch c;
  c.source = "second.jsonl";
  c.events = {Stock("c", 5, kT0), Stock("a", 11, kT0)};
  try {
    db->Append(c);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, "second.jsonl");
    EXPECT_NE(e.diagnostics()[0].message.find("idempotency key `a` is already stored with other "
                                              "content"),
              std::string::npos);
  }
  EXPECT_EQ(db->EventCount(), 1);
  EXPECT_EQ(db->Batches().size(), 1u);  // the refused batch left no trace
  auto records = db->Records(std::nullopt);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].quantity, 10);
}

TEST_F(SqliteStoreTest, SeveralBatchesAreOneTransaction) {
  Batch good, bad;
  good.events = {Stock("g", 1, kT0)};
  bad.events = {Stock("x", 1, kT0), Stock("x", 2, kT0)};
  EXPECT_THROW(db->Append(std::vector<Batch>{good, bad}), InputError);
  EXPECT_EQ(db->EventCount(), 0);
}

TEST_F(SqliteStoreTest, LatestByEventTimeWinsWhateverTheArrivalOrder) {
  Batch late, early;
  late.events = {Stock("late", 30, kT0 + 5 * kHour)};
  early.events = {Stock("early", 10, kT0 + kHour)};
  db->Append(late);
  db->Append(early);  // arrives after, is older: does not replace
  auto now = db->Records(std::nullopt);
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].quantity, 30);
  auto then = db->Records(kT0 + 2 * kHour);
  ASSERT_EQ(then.size(), 1u);
  EXPECT_EQ(then[0].quantity, 10);
  EXPECT_TRUE(db->Records(kT0).empty());
}

TEST_F(SqliteStoreTest, ReplaceWithdrawsTheOwnersRecordsNotInTheFile) {
  Batch first;
  first.events = {Stock("a", 10, kT0), Stock("b", 20, kT0, "jp_cell", testutil::kJpAnode)};
  db->Append(first);
  Batch replace;
  replace.events = {Stock("a2", 12, kT0 + kHour)};
  replace.replace = {{testutil::kCell, twin::EventKind::kItemStock}};
  replace.replace_time_ms = kT0 + kHour;
  AppendResult r = db->Append(replace);
  EXPECT_EQ(r.retracted, 1u);
  auto now = db->Records(std::nullopt);
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].key, "a2");
  // Before the replace, both were there; the log still holds them.
  EXPECT_EQ(db->Records(kT0).size(), 2u);
  // The same file again withdraws nothing more and adds nothing.
  AppendResult again = db->Append(replace);
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.retracted, 0u);
}

TEST_F(SqliteStoreTest, FeedsSayWhenEachPartnerLastReported) {
  Batch b;
  b.events = {Stock("a", 10, kT0), Stock("b", 10, kT0 + 24 * kHour), Stock("c", 10, kT0 + 48 * kHour)};
  db->Append(b);
  auto feeds = db->Feeds();
  ASSERT_EQ(feeds.size(), 1u);
  EXPECT_EQ(feeds[0].owner, testutil::kCell);
  EXPECT_EQ(feeds[0].count, 3);
  EXPECT_EQ(feeds[0].first_time_ms, kT0);
  EXPECT_EQ(feeds[0].last_time_ms, kT0 + 48 * kHour);
}

TEST_F(SqliteStoreTest, ReopenedStoreHoldsWhatWasAppended) {
  Batch b;
  b.events = {Stock("a", 10, kT0)};
  db->Append(b);
  db.reset();
  auto again = OpenStore(dir.File("twin.db"));
  EXPECT_EQ(again->EventCount(), 1);
}

TEST(SqliteStore, AFileThatIsNotAStoreIsAStoreError) {
  testutil::TempDir dir;
  {
    FILE* f = fopen(dir.File("junk.db").c_str(), "w");
    fputs("this is not an SQLite database, just text long enough to have a header............",
          f);
    fclose(f);
  }
  EXPECT_THROW(OpenStore(dir.File("junk.db")), StoreError);
}

}  // namespace
}  // namespace chaintwin::store
