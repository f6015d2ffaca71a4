// Stores written before schema 4 are migrated in place when opened for writing, all of it or
// nothing. The fixture tests/unit/store/schema2/store.db was written by main's code of
// 2026-12-07 (commit 665991d, schema 2), tests/unit/store/schema3/store.db by main's code of
// 2026-12-07 (commit 0bac345, schema 3), each with
//   chaintwin ingest --store store.db --network data/examples/two_tier/network.yaml
//     --no-alerts FILE        for day1.jsonl, day1.jsonl again (a retry), day2.jsonl,
//   the same with --mode replace for day3_replace.jsonl
// run in a folder holding the event files of schema2/. The migrated store must answer like a
// store the current code writes from the same files: the same log, batches and feeds, the
// same records as of every instant (day2.jsonl has two events of one record at one time: the
// tie-break by key), the same state and days of supply; a retried file counts once. About
// 0.3 s each.
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/days_of_supply.hpp"
#include "chaintwin/twin/live.hpp"
#include "chaintwin/twin/reader.hpp"
#include "chaintwin/twin/state.hpp"
#include "chaintwin/util/error.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::store {
namespace {

const std::string kFixture = std::string(CT_TEST_DIR) + "/unit/store/schema2";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// meta's schema and PRAGMA user_version, read with SQLite itself.
std::pair<std::string, int> SchemaOf(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::pair<std::string, int> out{"", -1};
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "SELECT v FROM meta WHERE k='schema'", -1, &q, nullptr);
  if (sqlite3_step(q) == SQLITE_ROW) out.first = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, nullptr);
  if (sqlite3_step(q) == SQLITE_ROW) out.second = sqlite3_column_int(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return out;
}

// The fixture's files as `chaintwin ingest` appended them, into `db`.
void IngestFixtureFiles(TwinStore& db) {
  const std::pair<const char*, bool> files[] = {
      {"day1.jsonl", false}, {"day1.jsonl", false}, {"day2.jsonl", false}, {"day3_replace.jsonl", true}};
  for (const auto& [file, replace] : files) {
    util::Diagnostics diags;
    Batch b;
    b.source = file;
    b.events = twin::ReadEvents(Slurp(kFixture + "/" + file), file, twin::FileFormat::kJsonLines,
                                testutil::TwoTierContext(), {}, diags);
    ASSERT_TRUE(diags.empty()) << diags.front().message;
    if (replace) twin::MakeReplace(b);
    db.Append(b);
  }
}

std::vector<std::string> Log(TwinStore& db) {
  std::vector<std::string> out;
  db.ForEachEvent([&](const StoredEvent& s) {
    out.push_back(fmt::format("{} {} {}", s.seq, s.batch, twin::ToJson(s.event)));
  });
  return out;
}

std::vector<std::string> Texts(const std::vector<twin::Event>& events) {
  std::vector<std::string> out;
  for (const twin::Event& e : events) out.push_back(twin::ToJson(e));
  return out;
}

// Days of supply of every slot with a report, both views, as text (every field and day).
std::string Answers(TwinStore& db, int64_t as_of) {
  const twin::TwinContext& ctx = testutil::TwoTierContext();
  const auto& net = ctx.compiled();
  const std::vector<twin::Event> records = db.Records(as_of);
  const twin::State st = twin::Fold(ctx, records, as_of);
  std::string out = fmt::format("records {} shipments {} arrived {}\n", st.records,
                                st.shipments.size(), st.arrived.size());
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    const auto& s = st.slots[slot];
    out += fmt::format("slot {} stock {} blocked {} held {} records {} demand {}\n", slot,
                       s.stock, s.blocked, s.held_by_suppliers, s.records, st.demand[slot].size());
    if (s.records == 0 && st.demand[slot].empty()) continue;
    for (auto view : {twin::View::kCustomer, twin::View::kSupplier}) {
      twin::DosOptions options;
      options.view = view;
      options.tiers = 2;
      const twin::DosResult d =
          twin::DaysOfSupply(ctx, st, records, net.site_key[net.slot_site[slot].value],
                             net.material_key[net.slot_material[slot].value], options);
      out += fmt::format("  p0 {} first_stockout {} shortfall {}:", d.p0, d.first_stockout_day,
                         d.shortfall);
      for (const twin::DosDay& day : d.days) {
        out += fmt::format(" {}/{}/{}/{}", day.day, day.projected, day.days_of_supply, day.at_least);
      }
      out += "\n";
    }
  }
  return out;
}

// The SQL of the store's index `name`, read with SQLite itself ("" if there is none).
std::string IndexSql(const std::string& path, const char* name) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string out;
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1", -1,
                     &q, nullptr);
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step(q) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return out;
}

// The store `fixture_db`, of schema `version` (PRAGMA user_version `user_version`), migrated
// on open, against a store written now from the same files.
void ExpectMigratedAnswersAsWrittenNow(const std::string& fixture_db, const std::string& version,
                                       int user_version) {
  testutil::TempDir dir;
  const std::string old_path = dir.File("old.db");
  std::filesystem::copy_file(fixture_db, old_path);
  EXPECT_EQ(SchemaOf(old_path), std::make_pair(version, user_version));
  EXPECT_THROW(OpenSqliteStore(old_path, /*read_only=*/true), StoreError);  // not migrated

  auto fresh = OpenStore(dir.File("fresh.db"));
  IngestFixtureFiles(*fresh);
  auto old = OpenStore(old_path);
  EXPECT_EQ(SchemaOf(old_path), std::make_pair(std::string("4"), 4));
  EXPECT_EQ(IndexSql(old_path, "events_record"), IndexSql(dir.File("fresh.db"), "events_record"));
  EXPECT_NE(IndexSql(old_path, "events_record").find("(rid, time_ms)"), std::string::npos);

  EXPECT_EQ(old->EventCount(), fresh->EventCount());
  EXPECT_EQ(Log(*old), Log(*fresh));
  ASSERT_EQ(old->EventCount(), 18);  // 9 + 7 + 1 + 1 withdrawal; the retry added none
  auto batches = old->Batches(), fresh_batches = fresh->Batches();
  ASSERT_EQ(batches.size(), 4u);
  for (size_t i = 0; i < batches.size(); ++i) {
    EXPECT_EQ(batches[i].source, fresh_batches[i].source);
    EXPECT_EQ(batches[i].added, fresh_batches[i].added);
    EXPECT_EQ(batches[i].duplicates, fresh_batches[i].duplicates);
    EXPECT_EQ(batches[i].retracted, fresh_batches[i].retracted);
  }
  EXPECT_EQ(batches[1].duplicates, 9);
  EXPECT_EQ(batches[3].retracted, 1);
  auto feeds = old->Feeds(), fresh_feeds = fresh->Feeds();
  ASSERT_EQ(feeds.size(), fresh_feeds.size());
  for (size_t i = 0; i < feeds.size(); ++i) {
    EXPECT_EQ(fmt::format("{} {} {} {} {} {}", feeds[i].owner, static_cast<int>(feeds[i].kind),
                          feeds[i].material, feeds[i].first_time_ms, feeds[i].last_time_ms,
                          feeds[i].count),
              fmt::format("{} {} {} {} {} {}", fresh_feeds[i].owner,
                          static_cast<int>(fresh_feeds[i].kind), fresh_feeds[i].material,
                          fresh_feeds[i].first_time_ms, fresh_feeds[i].last_time_ms,
                          fresh_feeds[i].count));
  }

  EXPECT_EQ(Texts(old->Records(std::nullopt)), Texts(fresh->Records(std::nullopt)));
  const int64_t from = *twin::ParseDateTime("2026-02-28T00:00:00Z");
  size_t seen = 0;
  for (int64_t t = from; t < from + 50LL * 86'400'000; t += 6 * 3'600'000) {
    SCOPED_TRACE(twin::FormatDateTime(t));
    const auto records = Texts(old->Records(t));
    EXPECT_EQ(records, Texts(fresh->Records(t)));
    EXPECT_EQ(Answers(*old, t), Answers(*fresh, t));
    seen = std::max(seen, records.size());
  }
  EXPECT_GE(seen, 9u);  // the instants saw the records

  // Appends go on, the same in both, and the key of a migrated event still guards its content.
  Batch more;
  more.events = {testutil::Stock("s-new", 5, *twin::ParseDateTime("2026-03-05T00:00:00Z"))};
  EXPECT_EQ(old->Append(more).added, 1u);
  fresh->Append(more);
  EXPECT_EQ(Texts(old->Records(std::nullopt)), Texts(fresh->Records(std::nullopt)));
  Batch clash;
  clash.events = {testutil::Stock("s-cn-1", 1, *twin::ParseDateTime("2026-03-05T00:00:00Z"))};
  EXPECT_THROW(old->Append(clash), InputError);
  // A file stored before the migration, retried after it, counts once.
  util::Diagnostics diags;
  Batch retry;
  retry.events = twin::ReadEvents(Slurp(kFixture + "/day2.jsonl"), "day2.jsonl",
                                  twin::FileFormat::kJsonLines, testutil::TwoTierContext(), {},
                                  diags);
  ASSERT_TRUE(diags.empty());
  const AppendResult again = old->Append(retry);
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.duplicates, 7u);
  EXPECT_EQ(Texts(old->Records(std::nullopt)), Texts(fresh->Records(std::nullopt)));
  old.reset();
  EXPECT_NO_THROW(OpenSqliteStore(old_path, /*read_only=*/true));
}

TEST(SqliteMigration, SchemaTwoStoreAnswersAsAStoreWrittenNow) {
  ExpectMigratedAnswersAsWrittenNow(kFixture + "/store.db", "2", 0);
}

TEST(SqliteMigration, SchemaThreeStoreAnswersAsAStoreWrittenNow) {
  ExpectMigratedAnswersAsWrittenNow(std::string(CT_TEST_DIR) + "/unit/store/schema3/store.db",
                                    "3", 3);
}

// A migration that fails part way leaves the store as it was: still schema 2, every event
// there. Here one event's body in the log is damaged, so packing it fails after the tables
// were renamed and half the rows copied.
TEST(SqliteMigration, AFailedMigrationLeavesTheStoreAsItWas) {
  testutil::TempDir dir;
  const std::string path = dir.File("old.db");
  std::filesystem::copy_file(kFixture + "/store.db", path);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE events SET body = '{\"key\":' WHERE seq = 12", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  try {
    OpenStore(path);
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be read"), std::string::npos) << e.what();
  }
  EXPECT_EQ(SchemaOf(path), std::make_pair(std::string("2"), 0));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*), count(DISTINCT rid) FROM events", -1, &q,
                               nullptr),
            SQLITE_OK);  // the schema 2 log, by its schema 2 name and columns
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(q, 0), 18);
  sqlite3_finalize(q);
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_v2'",
                               -1, &q, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(q, 0), 0);  // no table of the migration left behind
  sqlite3_finalize(q);
  sqlite3_close(db);
}

}  // namespace
}  // namespace chaintwin::store
