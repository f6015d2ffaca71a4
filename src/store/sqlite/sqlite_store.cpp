// The SQLite twin store. One file in WAL mode with synchronous=FULL: a batch is one
// transaction, and Append returns only after its commit is on disk, so an acknowledged batch
// survives a crash and a batch cut off by one leaves nothing behind (SQLite rolls the
// unfinished transaction back when the file is next opened).
//
// Tables (schema 4, docs/EVENTS.md "The store"):
//   events  (seq, rid, time_ms, key UNIQUE, batch, retract, body)
//           the append-only log; body is the event packed (store/sqlite/event_codec.hpp)
//           without the key, time and retract flag, which are columns. Two indexes, the only
//           b-tree writes per event besides the row itself:
//             (rid, time_ms)       "the newest event of a record up to T", the record's
//                                  current event included (T = the end of time); events of
//                                  one time are told apart by key from their rows
//                                  (ForEachNewest). Without the key its entries are about
//                                  half as long, so a batch writes fewer of its pages;
//             (key)                the idempotency key (UNIQUE). Partners' keys share
//                                  prefixes and end in a time, so a batch's new keys land
//                                  near each other; a hash of the key would scatter them over
//                                  the whole index, one page written per event.
//   records (rid INTEGER PRIMARY KEY, rkey UNIQUE, kind, owner, until_ms): one row per record,
//           written when the record is new and when until_ms changes. A record's rid never
//           changes once committed.
//   batches (id, source, recorded_ms, added, duplicates, retracted)
//   feeds   (id, owner, kind, material UNIQUE together, first/last time, last recorded,
//           count): a row per feed, updated by its integer id (an id never changes once
//           committed), so a batch's update of a known feed seeks no text key.
// Schema 3 had the key in the record index too, and feeds keyed by their text (WITHOUT ROWID); schema 2 kept each event's canonical JSON, its
// kind, owner and material, and the current event of each record in `records` (an UPDATE per
// event); schema 1 the record's text key in the log. Older stores are migrated, all of it in
// one transaction, when they are opened for writing. The version is in meta('schema') and
// PRAGMA user_version.
#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <unordered_map>

#include <fmt/format.h>
#include <sqlite3.h>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/util/error.hpp"
#include "store/sqlite/event_codec.hpp"
#include "store/sqlite/wal_gather_vfs.hpp"

namespace chaintwin::store {
namespace {

constexpr int kSchemaVersion = 4;

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
      throw StoreError(fmt::format("store: cannot prepare `{}`: {}", sql, sqlite3_errmsg(db)));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int i, int64_t v) {
    Check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  Statement& Bind(int i, const std::string& v) {
    Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
    return *this;
  }
  Statement& BindBlob(int i, std::string_view v) {
    Check(sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
    return *this;
  }
  // `v`, or NULL when `null`.
  Statement& BindOrNull(int i, bool null, int64_t v) {
    Check(null ? sqlite3_bind_null(stmt_, i) : sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  // True while there is a row.
  bool Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(fmt::format("store: {}", sqlite3_errmsg(db_)));
  }
  void Run() {
    Step();
    Reset();
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const { return std::string(View(col)); }
  // Text or blob; valid until the next Step or Reset.
  std::string_view View(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p == nullptr ? std::string_view()
                        : std::string_view(static_cast<const char*>(p),
                                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  // The event of a row whose columns from `col` on are key, time_ms, retract, body.
  twin::Event EventAt(int col) const {
    return UnpackEvent(View(col), Int(col + 1), Int(col + 2) != 0, View(col + 3));
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) throw StoreError(fmt::format("store: bind: {}", sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// SQLite keeps no memory statistics in this process (chaintwin reads none): without them its
// every allocation skips a global mutex. Only possible before SQLite is first used in the
// process; when something else started it first, the statistics stay on (slower, the same
// results).
void ConfigureSqliteOnce() {
  static const bool configured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
}

// The SQL function for the migration from schema 2: chaintwin_pack(json) is the packed body
// of an event's canonical JSON. An error fails the statement, and with it the migration's
// transaction.
void SqlPack(sqlite3_context* ctx, int, sqlite3_value** argv) {
  try {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    if (text == nullptr) throw StoreError("an event without a body");
    std::string body = PackEvent(twin::FromJson(
        std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(argv[0])))));
    sqlite3_result_blob(ctx, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
  } catch (const std::exception& e) {
    const std::string msg = fmt::format("an event of the log cannot be read: {}", e.what());
    sqlite3_result_error(ctx, msg.c_str(), -1);
  }
}

// The events of record r.rid at its newest time up to ?1, from the (rid, time_ms) index:
// one probe for the time, one for its events (more than one only when events tie on time;
// ForEachNewest keeps the greatest key). CROSS JOIN: `records` is the outer loop, so a
// record's rows come one after another.
#define CT_NEWEST_EVENTS                                                                     \
  "CROSS JOIN events e ON e.rid = r.rid AND e.time_ms = "                                   \
  "(SELECT max(y.time_ms) FROM events y WHERE y.rid = r.rid AND y.time_ms <= ?1)"

// Steps `q`, whose rows are (rid, rkey, key, time_ms, retract, body) from CT_NEWEST_EVENTS,
// and calls fn(rkey, event) once per record with its newest event by (time, key): of the
// rows of one time, the one with the greatest key (compared as SQLite's BINARY collation
// does, byte by byte).
template <typename Fn>
void ForEachNewest(Statement& q, Fn fn) {
  bool have = false;
  int64_t rid = 0;
  std::string rkey;
  twin::Event best;
  while (q.Step()) {
    if (have && q.Int(0) == rid) {
      if (q.View(2) > std::string_view(best.key)) best = q.EventAt(2);
      continue;
    }
    if (have) fn(std::move(rkey), std::move(best));
    have = true;
    rid = q.Int(0);
    rkey = q.Text(1);
    best = q.EventAt(2);
  }
  if (have) fn(std::move(rkey), std::move(best));
}

class SqliteStore final : public TwinStore {
 public:
  SqliteStore(const std::string& path, bool read_only, const SqliteOptions& options)
      : path_(path), read_only_(read_only), rows_per_insert_(options.rows_per_insert) {
    ConfigureSqliteOnce();
    // One thread at a time uses a store (twin_store.hpp), so the connection goes without
    // SQLite's own mutex (its "multi-thread" mode).
    int flags = SQLITE_OPEN_NOMUTEX |
                (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const bool gather = !read_only && options.gather_wal_writes;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, gather ? WalGatherVfsName() : nullptr) !=
        SQLITE_OK) {
      std::string msg = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw StoreError(fmt::format("store {}: cannot open: {}", path, msg));
    }
    sqlite3_busy_timeout(db_, 10'000);
    try {
      if (read_only) {
        Statement get(db_, "SELECT v FROM meta WHERE k='schema'");
        if (!get.Step() || get.Text(0) != std::to_string(kSchemaVersion)) {
          throw StoreError(fmt::format(
              "store {}: not a chaintwin store of schema {} (a store of schema 1, 2 or 3 is "
              "migrated when it is next opened for writing, by `chaintwin ingest` or `serve`)",
              path, kSchemaVersion));
        }
        Exec("PRAGMA cache_size=-65536");
        return;
      }
      if (options.rows_per_insert < 1 || options.rows_per_insert > 1000) {
        throw StoreError(fmt::format("store {}: rows per INSERT {} is not from 1 to 1000", path,
                                     options.rows_per_insert));
      }
      // Only a store without pages yet takes the page size (docs/EVENTS.md "The store").
      if (options.page_size < 512 || options.page_size > 65536 ||
          (options.page_size & (options.page_size - 1)) != 0) {
        throw StoreError(fmt::format("store {}: page size {} is not a power of two from 512 "
                                     "to 65536", path, options.page_size));
      }
      Exec(fmt::format("PRAGMA page_size={}", options.page_size).c_str());
      Exec("PRAGMA journal_mode=WAL");
      Exec("PRAGMA synchronous=FULL");
      // The gathered WAL writes reach the file at the commit's sync, before SQLite tells
      // other connections of the commit: only with FULL (wal_gather_vfs.hpp).
      if (gather && PragmaInt("synchronous") < 2) {
        throw StoreError(fmt::format("store {}: synchronous is not FULL", path));
      }
      Exec("PRAGMA foreign_keys=OFF");
      Exec("PRAGMA cache_size=-65536");  // 64 MiB
      // Checkpoint when the WAL holds about 40 MB: fewer checkpoints between commits. After
      // one, the WAL file is cut back to 64 MiB (it is reused from its start, not shrunk,
      // without a limit).
      Exec(fmt::format("PRAGMA wal_autocheckpoint={}", 40'000'000 / PragmaInt("page_size"))
               .c_str());
      Exec("PRAGMA journal_size_limit=67108864");
      Exec("BEGIN IMMEDIATE");
      Exec("CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID");
      Exec("CREATE TABLE IF NOT EXISTS batches(id INTEGER PRIMARY KEY, source TEXT, "
           "recorded_ms INT, added INT, duplicates INT, retracted INT)");
      Statement get(db_, "SELECT v FROM meta WHERE k='schema'");
      const std::string version = get.Step() ? get.Text(0) : "";
      get.Reset();
      if (version.empty()) {
        CreateLogTables();
        CreateFeedsTable();
      } else if (version == "1") {
        MigrateFromSchema1();
        MigrateFromSchema2();
        MigrateFeeds();
      } else if (version == "2") {
        MigrateFromSchema2();
        MigrateFeeds();
      } else if (version == "3") {
        MigrateFromSchema3();
        MigrateFeeds();
      } else if (version != std::to_string(kSchemaVersion)) {
        throw StoreError(fmt::format("store {}: schema version {} (this chaintwin reads {})",
                                     path, version, kSchemaVersion));
      }
      if (version != std::to_string(kSchemaVersion)) {
        Exec(fmt::format("INSERT OR REPLACE INTO meta VALUES('schema','{}')", kSchemaVersion)
                 .c_str());
        Exec(fmt::format("PRAGMA user_version={}", kSchemaVersion).c_str());
      }
      Exec("COMMIT");
    } catch (const StoreError& e) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      sqlite3_close(db_);
      db_ = nullptr;
      std::string what = e.what();
      if (what.find("file is not a database") != std::string::npos) {
        throw StoreError(fmt::format("store {}: not a chaintwin store (not an SQLite file)", path));
      }
      throw;
    }
  }
  ~SqliteStore() override {
    statements_.clear();
    if (db_ != nullptr) sqlite3_close(db_);
  }

  using TwinStore::Append;
  std::vector<AppendResult> Append(std::span<const Batch> batches) override;
  std::vector<AppendResult> AppendStream(BatchStream& stream) override;
  std::vector<twin::Event> Records(std::optional<int64_t> as_of_ms) override;
  void ForEachEvent(const std::function<void(const StoredEvent&)>& fn) override;
  int64_t EventCount() override;
  std::vector<BatchInfo> Batches() override;
  std::vector<Feed> Feeds() override;
  int64_t Version() override;

 private:
  using FeedKey = std::tuple<std::string, int, std::string>;  // owner, kind, material
  // What the store knows of a record: its id, and whether its until_ms is NULL (it then stays
  // NULL, so nothing in `records` changes when the record gets new events).
  struct RecordRef {
    int64_t rid = 0;
    bool until_null = false;
  };
  // A record the open batch gave events (or a withdrawal), and what they do to its row.
  struct Touched {
    bool fresh = false;  // no row yet: inserted when the batch ends
    std::string rkey, owner;  // owner and kind: of a fresh record
    twin::EventKind kind = twin::EventKind::kItemStock;
    bool until_null = false;  // an event without an end: until_ms becomes NULL
    int64_t until_max = std::numeric_limits<int64_t>::min();
  };

  int PragmaInt(const char* name) {
    Statement q(db_, fmt::format("PRAGMA {}", name).c_str());
    q.Step();
    return static_cast<int>(q.Int(0));
  }
  void CreateLogTables() {
    Exec("CREATE TABLE events(seq INTEGER PRIMARY KEY, rid INT NOT NULL, time_ms INT NOT NULL, "
         "key TEXT NOT NULL UNIQUE, batch INT NOT NULL, retract INT NOT NULL, "
         "body BLOB NOT NULL)");
    Exec("CREATE INDEX events_record ON events(rid, time_ms)");
    Exec("CREATE TABLE records(rid INTEGER PRIMARY KEY, rkey TEXT NOT NULL UNIQUE, "
         "kind INT NOT NULL, owner TEXT NOT NULL, until_ms INT)");
  }
  // Schema 1 -> 2 inside the open transaction: records get their integer id, the log holds it.
  // The schema 2 tables are made with schema 2's own DDL, for MigrateFromSchema2 to read.
  void MigrateFromSchema1() {
    Exec("ALTER TABLE records RENAME TO records_v1");
    Exec("ALTER TABLE events RENAME TO events_v1");
    Exec("DROP INDEX IF EXISTS events_record");
    Exec("CREATE TABLE events(seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
         "rid INT NOT NULL, kind INT NOT NULL, owner TEXT NOT NULL, material TEXT NOT NULL, "
         "time_ms INT NOT NULL, batch INT NOT NULL, retract INT NOT NULL, body TEXT NOT NULL)");
    Exec("CREATE TABLE records(rid INTEGER PRIMARY KEY, rkey TEXT NOT NULL UNIQUE, "
         "kind INT, owner TEXT, seq INT, time_ms INT, key TEXT, retract INT, until_ms INT)");
    Exec("INSERT INTO records(rkey, kind, owner, seq, time_ms, key, retract, until_ms) "
         "SELECT rkey, kind, owner, seq, time_ms, key, retract, until_ms FROM records_v1 "
         "ORDER BY rkey");
    Exec("INSERT INTO events(seq, key, rid, kind, owner, material, time_ms, batch, retract, body) "
         "SELECT e.seq, e.key, r.rid, e.kind, e.owner, e.material, e.time_ms, e.batch, "
         "e.retract, e.body FROM events_v1 e JOIN records r ON r.rkey = e.rkey ORDER BY e.seq");
    Exec("DROP TABLE events_v1");
    Exec("DROP TABLE records_v1");
  }
  // Schema 2 -> 4 inside the open transaction: each event's JSON packed, records without
  // their current event (the log's record index answers that), into the current tables.
  void MigrateFromSchema2() {
    if (sqlite3_create_function(db_, "chaintwin_pack", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                nullptr, &SqlPack, nullptr, nullptr) != SQLITE_OK) {
      throw StoreError(fmt::format("store {}: {}", path_, sqlite3_errmsg(db_)));
    }
    Exec("DROP INDEX IF EXISTS events_record");
    Exec("ALTER TABLE events RENAME TO events_v2");
    Exec("ALTER TABLE records RENAME TO records_v2");
    CreateLogTables();
    Exec("INSERT INTO records(rid, rkey, kind, owner, until_ms) "
         "SELECT rid, rkey, kind, owner, until_ms FROM records_v2 ORDER BY rid");
    Exec("INSERT INTO events(seq, rid, time_ms, key, batch, retract, body) "
         "SELECT seq, rid, time_ms, key, batch, retract, chaintwin_pack(body) FROM events_v2 "
         "ORDER BY seq");
    Exec("DROP TABLE events_v2");
    Exec("DROP TABLE records_v2");
  }
  // Schema 3 -> 4 inside the open transaction: the record index without the key. The log and
  // `records` are unchanged.
  void MigrateFromSchema3() {
    Exec("DROP INDEX events_record");
    Exec("CREATE INDEX events_record ON events(rid, time_ms)");
  }
  void CreateFeedsTable() {
    Exec("CREATE TABLE feeds(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, kind INT NOT NULL, "
         "material TEXT NOT NULL, first_ms INT, last_ms INT, recorded_ms INT, count INT, "
         "UNIQUE(owner, kind, material))");
  }
  // Schemas 1 to 3 -> 4 inside the open transaction: the feeds (keyed by their text, WITHOUT
  // ROWID, until schema 3) get integer ids.
  void MigrateFeeds() {
    Exec("ALTER TABLE feeds RENAME TO feeds_v3");
    CreateFeedsTable();
    Exec("INSERT INTO feeds(owner, kind, material, first_ms, last_ms, recorded_ms, count) "
         "SELECT owner, kind, material, first_ms, last_ms, recorded_ms, count FROM feeds_v3 "
         "ORDER BY owner, kind, material");
    Exec("DROP TABLE feeds_v3");
  }
  // The record `rkey` as committed or given in the open transaction; a new id (next_rid_)
  // when it has none yet (*fresh = true).
  RecordRef Record(const std::string& rkey, bool* fresh);
  // The id of feed `k` as committed or added in the open transaction; 0 when it has none.
  int64_t FeedId(const FeedKey& k);
  void Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err != nullptr ? err : "unknown error";
      sqlite3_free(err);
      throw StoreError(fmt::format("store {}: {}", path_, msg));
    }
  }
  Statement& Prepared(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
    }
    return *it->second;
  }
  // Writes the batch `stream` has begun inside the open transaction; throws InputError on a
  // key conflict.
  AppendResult AppendOne(BatchStream& stream, const std::string& source, bool replaces,
                         int64_t now);
  // Appends one event unless its key is stored (*duplicate; *same_content says whether with
  // the same content), and notes what it does to its record in `touched`.
  void Insert(const twin::Event& e, const std::string& body, const std::string& rkey,
              int64_t batch_id, std::unordered_map<int64_t, Touched>& touched, bool* duplicate,
              bool* same_content);
  // The same for rows_per_insert_ events in one INSERT statement: rkeys_[j], duplicate_[j]
  // and same_[j] of events[j] after it.
  void InsertRows(std::span<const twin::Event> events, int64_t batch_id,
                  std::unordered_map<int64_t, Touched>& touched);
  // Whether the stored event of e.key has e's time, retract flag and packed `body`; its seq.
  bool SameAsStored(const twin::Event& e, std::string_view body, int64_t* seq);
  // Notes what the new event `e` of record `ref` does to its row in `touched`.
  static void Note(const twin::Event& e, const RecordRef& ref, bool fresh, const std::string& rkey,
                   std::unordered_map<int64_t, Touched>& touched);
  // Writes the rows of `records` the batch's events change: new records, and until_ms.
  void WriteRecords(const std::unordered_map<int64_t, Touched>& touched);

  std::string path_;
  bool read_only_ = false;
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
  // The statements of every event appended, prepared once (in statements_ too).
  Statement* insert_event_ = nullptr;
  Statement* get_event_ = nullptr;
  Statement* get_record_ = nullptr;
  std::string body_;  // the packed event being appended (its buffer reused)
  // Events appended per INSERT statement (SqliteOptions::rows_per_insert), the statement's
  // SQL (the key of its entry in statements_) and its events' packed bodies, record keys and
  // outcomes.
  int rows_per_insert_ = 1;
  std::string insert_rows_sql_;
  Statement* insert_rows_ = nullptr;
  std::vector<std::string> bodies_, rkeys_;
  std::vector<char> duplicate_, same_;
  // Committed records by key (a record's id never changes once committed, and a NULL until_ms
  // stays NULL), and what the open transaction adds (forgotten when it rolls back).
  std::unordered_map<std::string, RecordRef> rids_, pending_rids_;
  // Committed feeds' ids by (owner, kind, material), and those the open transaction adds.
  std::map<FeedKey, int64_t, std::less<>> feed_ids_, pending_feed_ids_;
  int64_t next_rid_ = 0;
  int64_t appends_ = 0;        // commits through this object
  int64_t data_version_ = -1;  // PRAGMA data_version when last asked
  int64_t version_ = 0;
};

SqliteStore::RecordRef SqliteStore::Record(const std::string& rkey, bool* fresh) {
  *fresh = false;
  if (auto it = pending_rids_.find(rkey); it != pending_rids_.end()) return it->second;
  if (auto it = rids_.find(rkey); it != rids_.end()) return it->second;
  Statement& get = *get_record_;
  get.Bind(1, rkey);
  RecordRef ref;
  if (get.Step()) {
    ref = {get.Int(0), get.Int(1) != 0};
    get.Reset();
    if (rids_.size() > 4'000'000) rids_.clear();  // bounded memory; ids are read again
    rids_.emplace(rkey, ref);
    return ref;
  }
  get.Reset();
  *fresh = true;
  ref.rid = next_rid_++;
  pending_rids_.emplace(rkey, ref);
  return ref;
}

int64_t SqliteStore::FeedId(const FeedKey& k) {
  if (auto it = pending_feed_ids_.find(k); it != pending_feed_ids_.end()) return it->second;
  if (auto it = feed_ids_.find(k); it != feed_ids_.end()) return it->second;
  Statement& get = Prepared("SELECT id FROM feeds WHERE owner = ?1 AND kind = ?2 AND material = ?3");
  get.Bind(1, std::get<0>(k)).Bind(2, std::get<1>(k)).Bind(3, std::get<2>(k));
  const int64_t id = get.Step() ? get.Int(0) : 0;  // ids start at 1
  get.Reset();
  if (id != 0) feed_ids_.emplace(k, id);
  return id;
}

int64_t SqliteStore::Version() {
  Statement& q = Prepared("PRAGMA data_version");
  q.Step();
  const int64_t dv = q.Int(0);
  q.Reset();
  if (dv != data_version_) {  // another connection committed since we last asked
    data_version_ = dv;
    ++version_;
  }
  return version_ * 1'000'000'000 + appends_;
}

bool SqliteStore::SameAsStored(const twin::Event& e, std::string_view body, int64_t* seq) {
  Statement& get = *get_event_;
  get.Bind(1, e.key);
  if (!get.Step()) {
    get.Reset();
    throw StoreError(fmt::format("store {}: event `{}` was neither stored nor found", path_, e.key));
  }
  const bool same =
      get.Int(0) == e.time_ms && (get.Int(1) != 0) == e.retract && get.View(2) == body;
  *seq = get.Int(3);
  get.Reset();
  return same;
}

void SqliteStore::Note(const twin::Event& e, const RecordRef& ref, bool fresh,
                       const std::string& rkey, std::unordered_map<int64_t, Touched>& touched) {
  // until_ms: the latest instant any version of the record still matters (kept as a maximum
  // over its events, so it holds for the record as of any T); NULL: always.
  if (ref.until_null) return;  // stays NULL whatever this event says
  auto [it, added] = touched.try_emplace(ref.rid);
  Touched& t = it->second;
  if (added) {
    t.fresh = fresh;
    t.rkey = rkey;
    if (fresh) {
      t.owner = e.owner;
      t.kind = e.kind;
    }
  }
  if (const std::optional<int64_t> until = twin::RelevantUntilMs(e)) {
    t.until_max = std::max(t.until_max, *until);
  } else {
    t.until_null = true;
  }
}

void SqliteStore::Insert(const twin::Event& e, const std::string& body, const std::string& rkey,
                         int64_t batch_id, std::unordered_map<int64_t, Touched>& touched,
                         bool* duplicate, bool* same_content) {
  bool fresh = false;
  const RecordRef ref = Record(rkey, &fresh);
  Statement& ins = *insert_event_;
  ins.Bind(1, ref.rid).Bind(2, e.time_ms).Bind(3, e.key).Bind(4, batch_id);
  ins.Bind(5, int64_t{e.retract}).BindBlob(6, body).Run();
  *duplicate = sqlite3_changes(db_) == 0;
  if (*duplicate) {
    // Its record is stored (the same content names the same record) or, when the content
    // differs, the batch fails: a fresh id given to it is never committed.
    int64_t seq = 0;
    *same_content = SameAsStored(e, body, &seq);
    return;
  }
  Note(e, ref, fresh, rkey, touched);
}

void SqliteStore::InsertRows(std::span<const twin::Event> events, int64_t batch_id,
                             std::unordered_map<int64_t, Touched>& touched) {
  const size_t k = events.size();
  bodies_.resize(k);
  rkeys_.resize(k);
  duplicate_.assign(k, 0);
  same_.assign(k, 0);
  std::vector<std::pair<RecordRef, bool>> refs(k);  // and whether fresh
  Statement& ins = *insert_rows_;
  for (size_t j = 0; j < k; ++j) {
    const twin::Event& e = events[j];
    PackEvent(e, &bodies_[j]);
    rkeys_[j] = e.RecordKey();
    refs[j].first = Record(rkeys_[j], &refs[j].second);
    const int at = static_cast<int>(j) * 6;
    ins.Bind(at + 1, refs[j].first.rid).Bind(at + 2, e.time_ms).Bind(at + 3, e.key);
    ins.Bind(at + 4, batch_id).Bind(at + 5, int64_t{e.retract}).BindBlob(at + 6, bodies_[j]);
  }
  ins.Run();
  // The rows inserted got the seqs last - added + 1 .. last, in the statement's order (a new
  // rowid is the largest one + 1); an event whose key was stored before, or came earlier in
  // these rows, was not inserted.
  const auto added = static_cast<size_t>(sqlite3_changes(db_));
  const int64_t last = sqlite3_last_insert_rowid(db_);
  for (size_t j = 0; j < k; ++j) {
    const twin::Event& e = events[j];
    if (added != k) {
      int64_t seq = 0;
      same_[j] = SameAsStored(e, bodies_[j], &seq);
      bool inserted = added > 0 && seq > last - static_cast<int64_t>(added) && seq <= last;
      for (size_t i = 0; inserted && i < j; ++i) inserted = events[i].key != e.key;
      duplicate_[j] = !inserted;
    }
    if (!duplicate_[j]) Note(e, refs[j].first, refs[j].second, rkeys_[j], touched);
  }
}

void SqliteStore::WriteRecords(const std::unordered_map<int64_t, Touched>& touched) {
  for (const auto& [rid, t] : touched) {
    if (t.fresh) {
      Statement& add = Prepared(
          "INSERT INTO records(rid, rkey, kind, owner, until_ms) VALUES(?1, ?2, ?3, ?4, ?5)");
      add.Bind(1, rid).Bind(2, t.rkey).Bind(3, static_cast<int64_t>(t.kind)).Bind(4, t.owner);
      add.BindOrNull(5, t.until_null, t.until_max).Run();
    } else {
      // NULL wins (max() with NULL is NULL): right even if another connection made it NULL.
      Statement& up = Prepared(
          "UPDATE records SET until_ms = CASE WHEN ?2 IS NULL THEN NULL "
          "ELSE max(until_ms, ?2) END WHERE rid = ?1");
      up.Bind(1, rid).BindOrNull(2, t.until_null, t.until_max).Run();
    }
    if (t.until_null) pending_rids_[t.rkey] = {rid, true};
  }
}

// Batches given whole, as a stream of one piece each.
class WholeBatches final : public BatchStream {
 public:
  explicit WholeBatches(std::span<const Batch> batches) : batches_(batches) {}
  bool NextBatch(std::string* source, bool* replaces) override {
    if (next_ == batches_.size()) return false;
    current_ = &batches_[next_++];
    *source = current_->source;
    *replaces = !current_->replace.empty();
    given_ = false;
    return true;
  }
  std::span<const twin::Event> NextEvents() override {
    if (given_) return {};
    given_ = true;
    return current_->events;
  }
  void Replaced(std::vector<Batch::Scope>* scopes, int64_t* time_ms) override {
    *scopes = current_->replace;
    *time_ms = current_->replace_time_ms;
  }

 private:
  std::span<const Batch> batches_;
  size_t next_ = 0;
  const Batch* current_ = nullptr;
  bool given_ = false;
};

std::vector<AppendResult> SqliteStore::Append(std::span<const Batch> batches) {
  WholeBatches stream(batches);
  return AppendStream(stream);
}

std::vector<AppendResult> SqliteStore::AppendStream(BatchStream& stream) {
  if (read_only_) throw StoreError(fmt::format("store {}: opened read-only", path_));
  if (insert_event_ == nullptr) {
    insert_event_ = &Prepared(
        "INSERT INTO events(rid, time_ms, key, batch, retract, body) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(key) DO NOTHING");
    get_event_ = &Prepared("SELECT time_ms, retract, body, seq FROM events WHERE key = ?1");
    if (rows_per_insert_ > 1) {
      // OR IGNORE, not ON CONFLICT(key) DO NOTHING: a statement of several rows that could
      // abort part way (a NOT NULL column; none is ever bound NULL) makes SQLite keep a
      // statement journal of every page it changes, which cost more than the statements
      // saved. IGNORE skips a row whose key is stored, and nothing can abort.
      insert_rows_sql_ = "INSERT OR IGNORE INTO events(rid, time_ms, key, batch, retract, body) VALUES";
      for (int j = 0; j < rows_per_insert_; ++j) {
        insert_rows_sql_ += j == 0 ? "(?,?,?,?,?,?)" : ",(?,?,?,?,?,?)";
      }
      insert_rows_ = &Prepared(insert_rows_sql_.c_str());
    }
    get_record_ = &Prepared("SELECT rid, until_ms IS NULL FROM records WHERE rkey = ?1");
  }
  std::vector<AppendResult> results;
  const int64_t now = WallClockMs();
  Exec("BEGIN IMMEDIATE");
  pending_rids_.clear();
  pending_feed_ids_.clear();
  try {
    Statement& top = Prepared("SELECT coalesce(max(rid), 0) + 1 FROM records");
    top.Step();
    next_rid_ = top.Int(0);
    top.Reset();
    std::string source;
    bool replaces = false;
    while (stream.NextBatch(&source, &replaces)) {
      results.push_back(AppendOne(stream, source, replaces, now));
    }
    Exec("COMMIT");
  } catch (...) {
    for (auto& [sql, stmt] : statements_) stmt->Reset();
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    pending_rids_.clear();
    pending_feed_ids_.clear();
    ++appends_;  // a failed commit may still have changed the file: never reuse a version
    throw;
  }
  for (auto& [rkey, ref] : pending_rids_) rids_.insert_or_assign(rkey, ref);
  pending_rids_.clear();
  feed_ids_.merge(pending_feed_ids_);
  pending_feed_ids_.clear();
  ++appends_;
  return results;
}

AppendResult SqliteStore::AppendOne(BatchStream& stream, const std::string& source,
                                    bool replaces, int64_t now) {
  AppendResult result;
  Statement& b = Prepared(
      "INSERT INTO batches(source, recorded_ms, added, duplicates, retracted) "
      "VALUES(?1, ?2, 0, 0, 0)");
  b.Bind(1, source).Bind(2, now).Run();
  result.batch_id = sqlite3_last_insert_rowid(db_);

  util::Diagnostics conflicts;
  std::set<std::string> named;  // record keys the batch names (for its replace)
  std::unordered_map<int64_t, Touched> touched;
  struct FeedDelta {
    int64_t first = INT64_MAX, last = INT64_MIN, count = 0;
  };
  // std::less<>: looked up by a tuple of references, so an event that adds to a known feed
  // copies no strings.
  std::map<FeedKey, FeedDelta, std::less<>> feeds;
  // What a batch's event does once appended or found stored.
  auto count = [&](const twin::Event& e, std::string& rkey, bool duplicate, bool same) {
    // A record the batch names is not withdrawn by its replace, stored before or not.
    if (replaces) named.insert(std::move(rkey));
    if (duplicate) {
      if (!same) {
        util::Diagnostic d;
        d.file = source;
        d.path = e.key;
        d.message = fmt::format(
            "idempotency key `{}` is already stored with other content (a key names one "
            "event; give a changed event a new key)",
            e.key);
        conflicts.push_back(std::move(d));
      }
      ++result.duplicates;
      return;
    }
    ++result.added;
    if (!e.retract) {
      const int kind = static_cast<int>(e.kind);
      auto it = feeds.find(std::tie(e.owner, kind, e.material));
      if (it == feeds.end()) it = feeds.emplace(std::tuple(e.owner, kind, e.material), FeedDelta{}).first;
      FeedDelta& f = it->second;
      f.first = std::min(f.first, e.time_ms);
      f.last = std::max(f.last, e.time_ms);
      ++f.count;
    }
  };
  const auto per = static_cast<size_t>(rows_per_insert_);
  for (std::span<const twin::Event> events = stream.NextEvents(); !events.empty();
       events = stream.NextEvents()) {
    touched.reserve(touched.size() + events.size());
    for (size_t i = 0; i < events.size();) {
      if (per > 1 && events.size() - i >= per) {
        InsertRows(events.subspan(i, per), result.batch_id, touched);
        for (size_t j = 0; j < per; ++j) count(events[i + j], rkeys_[j], duplicate_[j], same_[j]);
        i += per;
        continue;
      }
      const twin::Event& e = events[i++];
      PackEvent(e, &body_);
      std::string rkey = e.RecordKey();
      bool duplicate = false, same = false;
      Insert(e, body_, rkey, result.batch_id, touched, &duplicate, &same);
      count(e, rkey, duplicate, same);
    }
  }
  if (!conflicts.empty()) throw InputError(std::move(conflicts));

  Batch replace;  // its scopes and time
  if (replaces) stream.Replaced(&replace.replace, &replace.replace_time_ms);
  for (const Batch::Scope& scope : replace.replace) {
    std::vector<twin::Event> withdraw;  // the current event of each record to withdraw
    std::vector<std::string> withdraw_rkeys;
    Statement& cur = Prepared(
        "SELECT r.rid, r.rkey, e.key, e.time_ms, e.retract, e.body FROM records r "
        CT_NEWEST_EVENTS " WHERE r.owner = ?2 AND r.kind = ?3");
    cur.Bind(1, std::numeric_limits<int64_t>::max()).Bind(2, scope.owner);
    cur.Bind(3, static_cast<int64_t>(scope.kind));
    ForEachNewest(cur, [&](std::string rkey, twin::Event e) {
      if (e.retract || e.time_ms > replace.replace_time_ms || named.count(rkey) != 0) return;
      withdraw.push_back(std::move(e));
      withdraw_rkeys.push_back(std::move(rkey));
    });
    cur.Reset();
    for (size_t i = 0; i < withdraw.size(); ++i) {
      twin::Event& r = withdraw[i];
      r.retract = true;
      r.time_ms = replace.replace_time_ms;
      // The same file replayed withdraws with the same key: counted once.
      r.key = fmt::format("retract@{}:{}", replace.replace_time_ms, withdraw_rkeys[i]);
      bool duplicate = false, same = false;
      PackEvent(r, &body_);
      Insert(r, body_, withdraw_rkeys[i], result.batch_id, touched, &duplicate, &same);
      if (!duplicate) ++result.retracted;
    }
  }
  WriteRecords(touched);

  for (const auto& [k, f] : feeds) {
    const int64_t id = FeedId(k);
    if (id != 0) {
      Statement& up = Prepared(
          "UPDATE feeds SET first_ms = min(first_ms, ?2), last_ms = max(last_ms, ?3), "
          "recorded_ms = ?4, count = count + ?5 WHERE id = ?1");
      up.Bind(1, id).Bind(2, f.first).Bind(3, f.last).Bind(4, now).Bind(5, f.count).Run();
      continue;
    }
    Statement& add = Prepared(
        "INSERT INTO feeds(owner, kind, material, first_ms, last_ms, recorded_ms, count) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    add.Bind(1, std::get<0>(k)).Bind(2, std::get<1>(k)).Bind(3, std::get<2>(k));
    add.Bind(4, f.first).Bind(5, f.last).Bind(6, now).Bind(7, f.count).Run();
    pending_feed_ids_.emplace(k, sqlite3_last_insert_rowid(db_));
  }
  Statement& fin = Prepared(
      "UPDATE batches SET added = ?2, duplicates = ?3, retracted = ?4 WHERE id = ?1");
  fin.Bind(1, result.batch_id).Bind(2, static_cast<int64_t>(result.added));
  fin.Bind(3, static_cast<int64_t>(result.duplicates));
  fin.Bind(4, static_cast<int64_t>(result.retracted)).Run();
  return result;
}

std::vector<twin::Event> SqliteStore::Records(std::optional<int64_t> as_of_ms) {
  std::vector<std::pair<std::string, twin::Event>> keyed;
  Exec("BEGIN");  // one snapshot for the whole read
  try {
    // Per record two probes of the (rid, time_ms) index and one row by seq; the records
    // come in rid order and are sorted by key below (walking the key index instead costs a
    // row lookup per record: 1.5x).
    Statement& q = Prepared(
        "SELECT r.rid, r.rkey, e.key, e.time_ms, e.retract, e.body FROM records r "
        CT_NEWEST_EVENTS " WHERE r.until_ms IS NULL OR r.until_ms >= ?2");
    const int64_t lookback_from =
        as_of_ms ? *as_of_ms - twin::kStateLookbackMs : std::numeric_limits<int64_t>::min();
    q.Bind(1, as_of_ms.value_or(std::numeric_limits<int64_t>::max())).Bind(2, lookback_from);
    ForEachNewest(q, [&](std::string rkey, twin::Event e) {
      if (e.retract) return;  // withdrawn
      // until_ms is a maximum over all the record's events (later ones too): exact here.
      if (auto until = twin::RelevantUntilMs(e); as_of_ms && until && *until < lookback_from) {
        return;
      }
      keyed.emplace_back(std::move(rkey), std::move(e));
    });
    q.Reset();
    Exec("COMMIT");
  } catch (...) {
    for (auto& [sql, stmt] : statements_) stmt->Reset();
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  std::sort(keyed.begin(), keyed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<twin::Event> out;
  out.reserve(keyed.size());
  for (auto& [rkey, e] : keyed) out.push_back(std::move(e));
  return out;
}

void SqliteStore::ForEachEvent(const std::function<void(const StoredEvent&)>& fn) {
  Statement q(db_, "SELECT seq, batch, key, time_ms, retract, body FROM events ORDER BY seq");
  while (q.Step()) fn(StoredEvent{q.Int(0), q.Int(1), q.EventAt(2)});
}

int64_t SqliteStore::EventCount() {
  Statement q(db_, "SELECT count(*) FROM events");
  q.Step();
  return q.Int(0);
}

std::vector<BatchInfo> SqliteStore::Batches() {
  std::vector<BatchInfo> out;
  Statement q(db_, "SELECT id, source, recorded_ms, added, duplicates, retracted FROM batches "
                   "ORDER BY id");
  while (q.Step()) out.push_back({q.Int(0), q.Text(1), q.Int(2), q.Int(3), q.Int(4), q.Int(5)});
  return out;
}

std::vector<Feed> SqliteStore::Feeds() {
  std::vector<Feed> out;
  Statement q(db_, "SELECT owner, kind, material, first_ms, last_ms, recorded_ms, count FROM feeds "
                   "ORDER BY owner, kind, material");
  while (q.Step()) {
    out.push_back({q.Text(0), static_cast<twin::EventKind>(q.Int(1)), q.Text(2), q.Int(3),
                   q.Int(4), q.Int(5), q.Int(6)});
  }
  return out;
}

}  // namespace

std::unique_ptr<TwinStore> OpenSqliteStore(const std::string& path, bool read_only,
                                           const SqliteOptions& options) {
  return std::make_unique<SqliteStore>(path, read_only, options);
}

std::unique_ptr<TwinStore> OpenStore(const std::string& location, bool read_only) {
  if (location.rfind("postgres://", 0) == 0 || location.rfind("postgresql://", 0) == 0) {
    throw StoreError(fmt::format("store {}: PostgreSQL is not built into this chaintwin yet",
                                 location));
  }
  return OpenSqliteStore(location, read_only);
}

}  // namespace chaintwin::store
