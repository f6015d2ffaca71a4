#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fmt/format.h>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/live.hpp"
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

// Events of one record at one time: the greatest key wins (byte by byte, as the fold orders
// them), whatever order they arrive in, for `state` and for what a replace withdraws.
TEST_F(SqliteStoreTest, EventsOfOneTimeAreOrderedByKeyWhateverTheArrivalOrder) {
  Batch b1, b2, b3;
  b1.events = {Stock("k2", 2, kT0), Stock("other", 7, kT0 + kHour, "jp_cell", testutil::kJpAnode)};
  b2.events = {Stock("k10", 10, kT0)};  // "k10" < "k2"
  b3.events = {Stock("k3", 3, kT0), Stock("k1", 1, kT0)};
  auto quantity_of_k = [](const std::vector<twin::Event>& records) {
    for (const twin::Event& e : records) {
      if (e.key != "other") return e.quantity;
    }
    return -1.0;
  };
  db->Append(b1);
  db->Append(b2);
  EXPECT_EQ(quantity_of_k(db->Records(std::nullopt)), 2);
  db->Append(b3);
  EXPECT_EQ(quantity_of_k(db->Records(std::nullopt)), 3);
  EXPECT_EQ(quantity_of_k(db->Records(kT0)), 3);
  EXPECT_TRUE(db->Records(kT0 - 1).empty());
  Batch replace;
  replace.events = {Stock("other2", 8, kT0 + 2 * kHour, "jp_cell", testutil::kJpAnode)};
  replace.replace = {{testutil::kCell, twin::EventKind::kItemStock}};
  replace.replace_time_ms = kT0 + 2 * kHour;
  EXPECT_EQ(db->Append(replace).retracted, 1u);
  twin::Event withdrawal;
  db->ForEachEvent([&](const StoredEvent& s) { withdrawal = s.event; });
  EXPECT_TRUE(withdrawal.retract);
  EXPECT_EQ(withdrawal.quantity, 3);  // k3's event, withdrawn
  auto now = db->Records(std::nullopt);
  ASSERT_EQ(now.size(), 1u);
  EXPECT_EQ(now[0].key, "other2");
  EXPECT_EQ(quantity_of_k(db->Records(kT0 + kHour)), 3);
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

// A store written by schema 1 (the record's text key in the log, records WITHOUT ROWID) is
// migrated when opened for writing: the same records, as of any instant, and appends go on.
TEST(SqliteStore, SchemaOneStoreIsMigratedOnOpen) {
  testutil::TempDir dir;
  const std::string path = dir.File("v1.db");
  const twin::Event a1 = Stock("a1", 10, kT0), a2 = Stock("a2", 30, kT0 + 2 * kHour);
  const twin::Event b1 = Stock("b1", 20, kT0 + kHour, "jp_cell", testutil::kJpAnode);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    std::string sql =
        "CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;"
        "INSERT INTO meta VALUES('schema','1');"
        "CREATE TABLE batches(id INTEGER PRIMARY KEY, source TEXT, recorded_ms INT, added INT, "
        "duplicates INT, retracted INT);"
        "INSERT INTO batches VALUES(1, 'old.jsonl', 0, 3, 0, 0);"
        "CREATE TABLE events(seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, rkey TEXT NOT NULL, "
        "kind INT NOT NULL, owner TEXT NOT NULL, material TEXT NOT NULL, time_ms INT NOT NULL, "
        "batch INT NOT NULL, retract INT NOT NULL, body TEXT NOT NULL);"
        "CREATE INDEX events_record ON events(rkey, time_ms, key);"
        "CREATE TABLE records(rkey TEXT PRIMARY KEY, kind INT, owner TEXT, seq INT, time_ms INT, "
        "key TEXT, retract INT, until_ms INT) WITHOUT ROWID;"
        "CREATE TABLE feeds(owner TEXT, kind INT, material TEXT, first_ms INT, last_ms INT, "
        "recorded_ms INT, count INT, PRIMARY KEY(owner, kind, material)) WITHOUT ROWID;";
    int64_t seq = 0;
    for (const twin::Event* e : {&a1, &b1, &a2}) {
      ++seq;
      sql += fmt::format(
          "INSERT INTO events VALUES({}, '{}', '{}', {}, '{}', '{}', {}, 1, 0, '{}');", seq, e->key,
          e->RecordKey(), static_cast<int>(e->kind), e->owner, e->material, e->time_ms,
          twin::ToJson(*e));
    }
    sql += fmt::format("INSERT INTO records VALUES('{}', 0, '{}', 3, {}, 'a2', 0, NULL);",
                       a2.RecordKey(), a2.owner, a2.time_ms);
    sql += fmt::format("INSERT INTO records VALUES('{}', 0, '{}', 2, {}, 'b1', 0, NULL);",
                       b1.RecordKey(), b1.owner, b1.time_ms);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  EXPECT_THROW(OpenSqliteStore(path, /*read_only=*/true), StoreError);  // read-only: not migrated
  auto db = OpenStore(path);
  EXPECT_EQ(db->EventCount(), 3);
  auto quantity_of = [](const std::vector<twin::Event>& records, const std::string& key) {
    for (const twin::Event& e : records) {
      if (e.key == key) return e.quantity;
    }
    return -1.0;
  };
  auto now = db->Records(std::nullopt);
  ASSERT_EQ(now.size(), 2u);
  EXPECT_EQ(quantity_of(now, "a2"), 30);
  EXPECT_EQ(quantity_of(now, "b1"), 20);
  auto early = db->Records(kT0 + kHour / 2);  // before a2 and b1
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].key, "a1");
  Batch b;
  b.events = {Stock("a3", 40, kT0 + 3 * kHour)};
  EXPECT_EQ(db->Append(b).added, 1u);
  EXPECT_EQ(quantity_of(db->Records(std::nullopt), "a3"), 40);
  EXPECT_EQ(db->Records(std::nullopt).size(), 2u);
  db.reset();
  EXPECT_NO_THROW(OpenSqliteStore(path, /*read_only=*/true));  // now schema 4 (through 2)
}

// Two connections appending to the same feeds: each finds the feed the other added (a feed's
// id is read from the store when this connection has not seen it), the counts add up, and a
// batch refused after it gave a new feed an id leaves no trace of it.
TEST(SqliteStore, FeedsAddUpAcrossConnections) {
  testutil::TempDir dir;
  auto a = OpenStore(dir.File("f.db"));
  auto b = OpenStore(dir.File("f.db"));
  Batch refused;
  refused.events = {Stock("x", 1, kT0), Stock("x", 2, kT0)};
  EXPECT_THROW(a->Append(refused), InputError);
  for (int i = 0; i < 3; ++i) {
    Batch one, other;
    one.events = {Stock(fmt::format("a{}", i), 10, kT0 + i * kHour)};
    twin::Event c = Stock(fmt::format("c{}", i), 10, kT0);
    c.owner = "BPNL00000000OTHER";
    other.events = {Stock(fmt::format("b{}", i), 10, kT0 + (i + 10) * kHour), c};
    a->Append(one);
    b->Append(other);
  }
  for (TwinStore* db : {a.get(), b.get()}) {
    auto feeds = db->Feeds();
    ASSERT_EQ(feeds.size(), 2u);
    int64_t total = 0;
    for (const Feed& f : feeds) total += f.count;
    EXPECT_EQ(total, 9);
    const Feed& cell = feeds[0].owner == testutil::kCell ? feeds[0] : feeds[1];
    EXPECT_EQ(cell.count, 6);
    EXPECT_EQ(cell.first_time_ms, kT0);
    EXPECT_EQ(cell.last_time_ms, kT0 + 12 * kHour);
  }
}

// Version() moves with every commit, ours or another connection's, and only then.
TEST(SqliteStore, VersionChangesWithEveryCommitByAnyConnection) {
  testutil::TempDir dir;
  auto db = OpenStore(dir.File("v.db"));
  const int64_t v0 = db->Version();
  EXPECT_EQ(db->Version(), v0);
  Batch b;
  b.events = {Stock("a", 10, kT0)};
  db->Append(b);
  const int64_t v1 = db->Version();
  EXPECT_NE(v1, v0);
  db->Records(std::nullopt);
  EXPECT_EQ(db->Version(), v1);  // reading changes nothing
  auto other = OpenStore(dir.File("v.db"));  // another connection (another process alike)
  b.events = {Stock("b", 20, kT0 + kHour)};
  other->Append(b);
  EXPECT_NE(db->Version(), v1);
}

// Everything a store answers after the same appends, as text.
std::vector<std::string> Contents(TwinStore& db) {
  std::vector<std::string> out;
  db.ForEachEvent([&](const StoredEvent& s) {
    out.push_back(fmt::format("event {} {} {}", s.seq, s.batch, twin::ToJson(s.event)));
  });
  for (const BatchInfo& b : db.Batches()) {
    out.push_back(fmt::format("batch {} {} {} {} {}", b.id, b.source, b.added, b.duplicates,
                              b.retracted));
  }
  for (const Feed& f : db.Feeds()) {
    out.push_back(fmt::format("feed {} {} {} {} {} {}", f.owner, static_cast<int>(f.kind),
                              f.material, f.first_time_ms, f.last_time_ms, f.count));
  }
  for (std::optional<int64_t> t : {std::optional<int64_t>(), std::optional<int64_t>(kT0 + 5 * kHour)}) {
    for (const twin::Event& e : db.Records(t)) out.push_back("record " + twin::ToJson(e));
  }
  return out;
}

// The WAL writes gathered into one system call per commit (the default) and SQLite's own, one
// or two per page, give the same store; a connection through SQLite's default VFS (another
// process alike) reads every commit as soon as Append returns. Batches of a few hundred
// events, one larger than the buffer (16 MiB: written in pieces before the commit), and
// enough WAL for checkpoints (about 40 MB).
TEST(SqliteStore, GatheredWalWritesGiveTheSameStoreAsSqlitesOwn) {
  testutil::TempDir dir;
  SqliteOptions plain;
  plain.gather_wal_writes = false;
  auto gathered = OpenStore(dir.File("gathered.db"));
  auto own = OpenSqliteStore(dir.File("own.db"), false, plain);
  std::vector<Batch> batches;
  for (int b = 0; b < 12; ++b) {
    Batch batch;
    batch.source = fmt::format("b{}.jsonl", b);
    for (int i = 0; i < 300; ++i) {
      // 50 records (a site and a supplier each), each given six events a batch; the
      // replacing batch names 20 of them and withdraws the others.
      if (b == 6 && i % 50 >= 20) continue;
      batch.events.push_back(Stock(fmt::format("s{}-{}", b, i), b * 1000 + i, kT0 + b * kHour + i,
                                   i % 2 == 0 ? "jp_cell" : "cn_anode",
                                   fmt::format("BPNL{:012}", i % 50)));
    }
    if (b == 3) batch.events.push_back(batches[1].events[5]);  // a retried event
    if (b == 6) twin::MakeReplace(batch);
    if (b == 9 || b == 10) {
      // Failure reports of 1 MiB each: 20 MiB in one commit, 40 MiB over both.
      for (int i = 0; i < 20; ++i) {
        twin::Event f = Stock(fmt::format("f{}-{}", b, i), 1, kT0 + b * kHour);
        f.kind = twin::EventKind::kFailure;
        f.text = std::string(size_t{1} << 20, static_cast<char>('a' + i));
        batch.events.push_back(std::move(f));
      }
    }
    batches.push_back(std::move(batch));
  }
  for (const Batch& batch : batches) {
    const AppendResult g = gathered->Append(batch);
    const AppendResult o = own->Append(batch);
    EXPECT_EQ(g.added, o.added);
    EXPECT_EQ(g.duplicates, o.duplicates);
    EXPECT_EQ(g.retracted, o.retracted);
    EXPECT_EQ(g.duplicates, batch.source == "b3.jsonl" ? 1u : 0u);
    EXPECT_EQ(g.retracted, batch.source == "b6.jsonl" ? 30u : 0u);
    auto reader = OpenSqliteStore(dir.File("gathered.db"), /*read_only=*/true);
    EXPECT_EQ(reader->EventCount(), gathered->EventCount()) << batch.source;
  }
  // Recorded times differ (the wall clock): compared without them.
  EXPECT_EQ(Contents(*gathered), Contents(*own));
  gathered.reset();
  auto reopened = OpenStore(dir.File("gathered.db"));
  EXPECT_EQ(Contents(*reopened), Contents(*own));
}

// A batch's events appended many to an INSERT statement (SqliteOptions::rows_per_insert, 32
// by default) or one to a statement give the same store, the same counts and the same errors:
// new events, a retried batch, stored keys and a key given twice among new ones (in one
// statement's rows and across two batches of one transaction), conflicting keys, a replace.
TEST(SqliteStore, RowsPerInsertGiveTheSameStoreAsOneStatementPerEvent) {
  testutil::TempDir dir;
  std::vector<std::unique_ptr<TwinStore>> stores;
  for (int rows : {1, 4, 32}) {
    SqliteOptions options;
    options.rows_per_insert = rows;
    stores.push_back(OpenSqliteStore(dir.File(fmt::format("r{}.db", rows)), false, options));
  }
  auto stock = [](const std::string& key, int i, double qty) {
    return Stock(key, qty, kT0 + i * kHour, i % 2 == 0 ? "jp_cell" : "cn_anode",
                 fmt::format("BPNL{:012}", i % 10));
  };
  std::vector<std::vector<Batch>> appends;
  Batch a;
  a.source = "a.jsonl";
  for (int i = 0; i < 70; ++i) a.events.push_back(stock(fmt::format("a{}", i), i, i));
  appends.push_back({a});
  appends.push_back({a});  // retried: all duplicates
  Batch b;
  b.source = "b.jsonl";
  for (int i = 0; i < 40; ++i) {
    b.events.push_back(i % 3 == 0 ? a.events[static_cast<size_t>(i)]
                                  : stock(fmt::format("b{}", i), i, 100 + i));
    if (i == 10 || i == 33) b.events.push_back(b.events.back());  // the same key again
  }
  appends.push_back({b});
  Batch c;
  c.source = "c.jsonl";
  for (int i = 0; i < 40; ++i) c.events.push_back(stock(fmt::format("c{}", i), i, 200 + i));
  c.events[5] = stock("a7", 7, 999);                // a stored key, other content
  c.events[20] = stock("c19", 19, 998);             // a key of the batch, other content
  c.events[37] = stock("c36", 36, 236);             // and with the same content
  appends.push_back({c});
  Batch d, e;
  d.source = "d.jsonl";
  e.source = "e.jsonl";
  for (int i = 0; i < 33; ++i) d.events.push_back(stock(fmt::format("d{}", i), i, 300 + i));
  e.events = d.events;  // the transaction's first batch again
  for (int i = 0; i < 40; ++i) e.events.push_back(stock(fmt::format("e{}", i), i, 400 + i));
  appends.push_back({d, e});
  Batch r;
  r.source = "r.jsonl";
  // Four of the ten records, the latest reports: the other six are withdrawn.
  for (int i = 0; i < 35; ++i) r.events.push_back(stock(fmt::format("r{}", i), 100 + i % 4, 500 + i));
  twin::MakeReplace(r);
  appends.push_back({r});

  for (const std::vector<Batch>& batches : appends) {
    std::vector<std::string> outcomes;
    for (auto& db : stores) {
      std::string outcome;
      try {
        for (const AppendResult& res : db->Append(batches)) {
          outcome += fmt::format("{} {} {}; ", res.added, res.duplicates, res.retracted);
        }
      } catch (const InputError& err) {
        for (const util::Diagnostic& diag : err.diagnostics()) {
          outcome += fmt::format("{}: {}: {}; ", diag.file, diag.path, diag.message);
        }
      }
      outcomes.push_back(outcome);
    }
    SCOPED_TRACE(batches[0].source);
    EXPECT_EQ(outcomes[1], outcomes[0]);
    EXPECT_EQ(outcomes[2], outcomes[0]);
  }
  EXPECT_EQ(stores[0]->EventCount(), 70 + 26 + 33 + 40 + 35 + 6);
  const auto plain = Contents(*stores[0]);
  EXPECT_EQ(Contents(*stores[1]), plain);
  EXPECT_EQ(Contents(*stores[2]), plain);
  SqliteOptions none;
  none.rows_per_insert = 0;
  EXPECT_THROW(OpenSqliteStore(dir.File("none.db"), false, none), StoreError);
}

TEST(SqliteStore, APageSizeThatIsNotAPowerOfTwoIsAStoreError) {
  testutil::TempDir dir;
  SqliteOptions options;
  options.page_size = 3000;
  EXPECT_THROW(OpenSqliteStore(dir.File("p.db"), false, options), StoreError);
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
