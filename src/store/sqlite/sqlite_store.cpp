// The SQLite twin store. One file in WAL mode with synchronous=FULL: a batch is one
// transaction, and Append returns only after its commit is on disk, so an acknowledged batch
// survives a crash and a batch cut off by one leaves nothing behind (SQLite rolls the
// unfinished transaction back when the file is next opened).
//
// Tables (schema 2):
//   events  (seq, key UNIQUE, rid, kind, owner, material, time_ms, batch, retract, body)
//           the append-only log; body is the event's canonical JSON (twin::ToJson);
//           index (rid, time_ms, key) answers "the newest event of a record up to T";
//   records (rid INTEGER PRIMARY KEY, rkey UNIQUE, kind, owner, seq, time_ms, key, retract,
//           until_ms) the folded current state: the newest event of each record. A record's
//           rid never changes once committed, so the log's index holds a small integer instead
//           of the record's text key (schema 1 held the text: a store of schema 1 is migrated
//           when it is opened for writing);
//   batches (id, source, recorded_ms, added, duplicates, retracted)
//   feeds   (owner, kind, material, first/last time, last recorded, count)
#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <sqlite3.h>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::store {
namespace {

constexpr int kSchemaVersion = 2;

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
  std::string Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p == nullptr ? std::string()
                        : std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
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

class SqliteStore final : public TwinStore {
 public:
  SqliteStore(const std::string& path, bool read_only) : path_(path), read_only_(read_only) {
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
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
              "store {}: not a chaintwin store of schema {} (a store of schema 1 is migrated "
              "when it is next opened for writing, by `chaintwin ingest` or `serve`)",
              path, kSchemaVersion));
        }
        return;
      }
      Exec("PRAGMA journal_mode=WAL");
      Exec("PRAGMA synchronous=FULL");
      Exec("PRAGMA foreign_keys=OFF");
      Exec("PRAGMA cache_size=-65536");
      Exec("PRAGMA wal_autocheckpoint=10000");  // 40 MB: fewer checkpoints between commits
      Exec("BEGIN IMMEDIATE");
      Exec("CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID");
      Exec("CREATE TABLE IF NOT EXISTS batches(id INTEGER PRIMARY KEY, source TEXT, "
           "recorded_ms INT, added INT, duplicates INT, retracted INT)");
      Exec("CREATE TABLE IF NOT EXISTS feeds(owner TEXT, kind INT, material TEXT, first_ms INT, "
           "last_ms INT, recorded_ms INT, count INT, PRIMARY KEY(owner, kind, material)) "
           "WITHOUT ROWID");
      Statement get(db_, "SELECT v FROM meta WHERE k='schema'");
      const bool stored = get.Step();
      const std::string version = stored ? get.Text(0) : "";
      get.Reset();
      if (version == "1") {
        MigrateFromSchema1();
      } else {
        CreateLogTables();
      }
      if (stored && version != "1") {
        if (version != std::to_string(kSchemaVersion)) {
          throw StoreError(fmt::format("store {}: schema version {} (this chaintwin reads {})",
                                       path, version, kSchemaVersion));
        }
      } else {
        Exec(fmt::format("INSERT OR REPLACE INTO meta VALUES('schema','{}')", kSchemaVersion)
                 .c_str());
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
  std::vector<AppendResult> Append(const std::vector<Batch>& batches) override;
  std::vector<twin::Event> Records(std::optional<int64_t> as_of_ms) override;
  void ForEachEvent(const std::function<void(const StoredEvent&)>& fn) override;
  int64_t EventCount() override;
  std::vector<BatchInfo> Batches() override;
  std::vector<Feed> Feeds() override;
  int64_t Version() override;

 private:
  void CreateLogTables() {
    Exec("CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
         "rid INT NOT NULL, kind INT NOT NULL, owner TEXT NOT NULL, material TEXT NOT NULL, "
         "time_ms INT NOT NULL, batch INT NOT NULL, retract INT NOT NULL, body TEXT NOT NULL)");
    Exec("CREATE INDEX IF NOT EXISTS events_record ON events(rid, time_ms, key)");
    Exec("CREATE TABLE IF NOT EXISTS records(rid INTEGER PRIMARY KEY, rkey TEXT NOT NULL UNIQUE, "
         "kind INT, owner TEXT, seq INT, time_ms INT, key TEXT, retract INT, until_ms INT)");
  }
  // Schema 1 -> 2 inside the open transaction: records get their integer id, the log holds it.
  void MigrateFromSchema1() {
    Exec("ALTER TABLE records RENAME TO records_v1");
    Exec("ALTER TABLE events RENAME TO events_v1");
    Exec("DROP INDEX IF EXISTS events_record");
    CreateLogTables();
    Exec("INSERT INTO records(rkey, kind, owner, seq, time_ms, key, retract, until_ms) "
         "SELECT rkey, kind, owner, seq, time_ms, key, retract, until_ms FROM records_v1 "
         "ORDER BY rkey");
    Exec("INSERT INTO events(seq, key, rid, kind, owner, material, time_ms, batch, retract, body) "
         "SELECT e.seq, e.key, r.rid, e.kind, e.owner, e.material, e.time_ms, e.batch, "
         "e.retract, e.body FROM events_v1 e JOIN records r ON r.rkey = e.rkey ORDER BY e.seq");
    Exec("DROP TABLE events_v1");
    Exec("DROP TABLE records_v1");
  }
  // The id of the record `rkey`; a new one (next_rid_) when it has none yet (*fresh = true).
  int64_t RecordId(const std::string& rkey, bool* fresh);
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
  // Writes one batch inside the open transaction; throws InputError on a key conflict.
  AppendResult AppendOne(const Batch& batch, int64_t now);
  // Inserts one event (new key) and moves its record's current event when it is newer.
  void Insert(const twin::Event& e, const std::string& body, const std::string& rkey,
              int64_t batch_id, bool* duplicate, std::string* stored_body);

  std::string path_;
  bool read_only_ = false;
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
  // Committed record ids by record key (an id never changes once committed), and the ones
  // given in the open transaction (forgotten when it rolls back).
  std::unordered_map<std::string, int64_t> rids_, pending_rids_;
  int64_t next_rid_ = 0;
  int64_t appends_ = 0;        // commits through this object
  int64_t data_version_ = -1;  // PRAGMA data_version when last asked
  int64_t version_ = 0;
};

int64_t SqliteStore::RecordId(const std::string& rkey, bool* fresh) {
  *fresh = false;
  if (auto it = rids_.find(rkey); it != rids_.end()) return it->second;
  if (auto it = pending_rids_.find(rkey); it != pending_rids_.end()) return it->second;
  Statement& get = Prepared("SELECT rid FROM records WHERE rkey = ?1");
  get.Bind(1, rkey);
  int64_t rid = 0;
  if (get.Step()) {
    rid = get.Int(0);
    get.Reset();
    if (rids_.size() > 4'000'000) rids_.clear();  // bounded memory; ids are read again
    rids_.emplace(rkey, rid);
    return rid;
  }
  get.Reset();
  *fresh = true;
  rid = next_rid_++;
  pending_rids_.emplace(rkey, rid);
  return rid;
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

void SqliteStore::Insert(const twin::Event& e, const std::string& body, const std::string& rkey,
                         int64_t batch_id, bool* duplicate, std::string* stored_body) {
  bool fresh = false;
  const int64_t rid = RecordId(rkey, &fresh);
  Statement& ins = Prepared(
      "INSERT INTO events(key, rid, kind, owner, material, time_ms, batch, retract, body) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(key) DO NOTHING");
  ins.Bind(1, e.key).Bind(2, rid).Bind(3, static_cast<int64_t>(e.kind)).Bind(4, e.owner);
  ins.Bind(5, e.material).Bind(6, e.time_ms).Bind(7, batch_id).Bind(8, int64_t{e.retract});
  ins.Bind(9, body).Run();
  if (sqlite3_changes(db_) == 0) {
    *duplicate = true;
    Statement& get = Prepared("SELECT body FROM events WHERE key = ?1");
    get.Bind(1, e.key);
    get.Step();
    *stored_body = get.Text(0);
    get.Reset();
    return;
  }
  *duplicate = false;
  int64_t seq = sqlite3_last_insert_rowid(db_);
  // until_ms: the latest instant any version of the record still matters (kept as a maximum
  // over its events, so it holds for the record as of any T); NULL: always.
  const std::optional<int64_t> until = twin::RelevantUntilMs(e);
  if (fresh) {
    Statement& add = Prepared(
        "INSERT INTO records(rid, rkey, kind, owner, seq, time_ms, key, retract, until_ms) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    add.Bind(1, rid).Bind(2, rkey).Bind(3, static_cast<int64_t>(e.kind)).Bind(4, e.owner);
    add.Bind(5, seq).Bind(6, e.time_ms).Bind(7, e.key).Bind(8, int64_t{e.retract});
    if (until) add.Bind(9, *until);
    add.Run();
    return;
  }
  // The newest event by (time, key) stays the record's current one, whatever the arrival order.
  Statement& rec = Prepared(
      "UPDATE records SET "
      "until_ms = CASE WHEN until_ms IS NULL OR ?7 IS NULL THEN NULL ELSE max(until_ms, ?7) END, "
      "seq = iif(?3 > time_ms OR (?3 = time_ms AND ?4 > key), ?2, seq), "
      "retract = iif(?3 > time_ms OR (?3 = time_ms AND ?4 > key), ?5, retract), "
      "key = iif(?3 > time_ms OR (?3 = time_ms AND ?4 > key), ?4, key), "
      "time_ms = max(time_ms, ?3) WHERE rid = ?1");
  rec.Bind(1, rid).Bind(2, seq).Bind(3, e.time_ms).Bind(4, e.key).Bind(5, int64_t{e.retract});
  if (until) rec.Bind(7, *until);
  rec.Run();
}

std::vector<AppendResult> SqliteStore::Append(const std::vector<Batch>& batches) {
  if (read_only_) throw StoreError(fmt::format("store {}: opened read-only", path_));
  std::vector<AppendResult> results;
  const int64_t now = WallClockMs();
  Exec("BEGIN IMMEDIATE");
  pending_rids_.clear();
  try {
    Statement& top = Prepared("SELECT coalesce(max(rid), 0) + 1 FROM records");
    top.Step();
    next_rid_ = top.Int(0);
    top.Reset();
    for (const Batch& batch : batches) results.push_back(AppendOne(batch, now));
    Exec("COMMIT");
  } catch (...) {
    for (auto& [sql, stmt] : statements_) stmt->Reset();
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    pending_rids_.clear();
    ++appends_;  // a failed commit may still have changed the file: never reuse a version
    throw;
  }
  rids_.merge(pending_rids_);
  pending_rids_.clear();
  ++appends_;
  return results;
}

AppendResult SqliteStore::AppendOne(const Batch& batch, int64_t now) {
  AppendResult result;
  {
    Statement& b = Prepared(
        "INSERT INTO batches(source, recorded_ms, added, duplicates, retracted) "
        "VALUES(?1, ?2, 0, 0, 0)");
    b.Bind(1, batch.source).Bind(2, now).Run();
    result.batch_id = sqlite3_last_insert_rowid(db_);

    util::Diagnostics conflicts;
    std::set<std::string> touched;  // record keys the batch updates
    struct FeedDelta {
      int64_t first = INT64_MAX, last = INT64_MIN, count = 0;
    };
    // std::less<>: looked up by a tuple of references, so an event that adds to a known feed
    // copies no strings.
    std::map<std::tuple<std::string, int, std::string>, FeedDelta, std::less<>> feeds;
    std::string body, stored;
    for (const twin::Event& e : batch.events) {
      body = twin::ToJson(e);
      std::string rkey = e.RecordKey();
      bool duplicate = false;
      Insert(e, body, rkey, result.batch_id, &duplicate, &stored);
      // A record the batch names is not withdrawn by its replace, stored before or not.
      if (!batch.replace.empty()) touched.insert(rkey);
      if (duplicate) {
        if (stored != body) {
          util::Diagnostic d;
          d.file = batch.source;
          d.path = e.key;
          d.message = fmt::format(
              "idempotency key `{}` is already stored with other content (a key names one "
              "event; give a changed event a new key)",
              e.key);
          conflicts.push_back(std::move(d));
        }
        ++result.duplicates;
        continue;
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
    }
    if (!conflicts.empty()) throw InputError(std::move(conflicts));

    for (const Batch::Scope& scope : batch.replace) {
      std::vector<std::pair<std::string, std::string>> withdraw;  // rkey, current body
      Statement& cur = Prepared(
          "SELECT r.rkey, e.body FROM records r JOIN events e ON e.seq = r.seq "
          "WHERE r.owner = ?1 AND r.kind = ?2 AND r.retract = 0 AND r.time_ms <= ?3");
      cur.Bind(1, scope.owner).Bind(2, static_cast<int64_t>(scope.kind));
      cur.Bind(3, batch.replace_time_ms);
      while (cur.Step()) {
        std::string rkey = cur.Text(0);
        if (touched.count(rkey) == 0) withdraw.emplace_back(std::move(rkey), cur.Text(1));
      }
      cur.Reset();
      for (auto& [rkey, current] : withdraw) {
        twin::Event r = twin::FromJson(current);
        r.retract = true;
        r.time_ms = batch.replace_time_ms;
        // The same file replayed withdraws with the same key: counted once.
        r.key = fmt::format("retract@{}:{}", batch.replace_time_ms, rkey);
        bool duplicate = false;
        Insert(r, twin::ToJson(r), rkey, result.batch_id, &duplicate, &stored);
        if (!duplicate) ++result.retracted;
      }
    }

    for (const auto& [k, f] : feeds) {
      Statement& up = Prepared(
          "INSERT INTO feeds VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(owner, kind, "
          "material) DO UPDATE SET first_ms = min(first_ms, excluded.first_ms), "
          "last_ms = max(last_ms, excluded.last_ms), recorded_ms = excluded.recorded_ms, "
          "count = count + excluded.count");
      up.Bind(1, std::get<0>(k)).Bind(2, std::get<1>(k)).Bind(3, std::get<2>(k));
      up.Bind(4, f.first).Bind(5, f.last).Bind(6, now).Bind(7, f.count).Run();
    }
    Statement& fin = Prepared(
        "UPDATE batches SET added = ?2, duplicates = ?3, retracted = ?4 WHERE id = ?1");
    fin.Bind(1, result.batch_id).Bind(2, static_cast<int64_t>(result.added));
    fin.Bind(3, static_cast<int64_t>(result.duplicates));
    fin.Bind(4, static_cast<int64_t>(result.retracted)).Run();
  }
  return result;
}

std::vector<twin::Event> SqliteStore::Records(std::optional<int64_t> as_of_ms) {
  std::vector<twin::Event> out;
  Exec("BEGIN");  // one snapshot for the whole read
  try {
    if (!as_of_ms) {
      Statement& q = Prepared(
          "SELECT e.body FROM records r JOIN events e ON e.seq = r.seq WHERE r.retract = 0 "
          "ORDER BY r.rkey");  // every record: the latest of each, whatever its age
      while (q.Step()) out.push_back(twin::FromJson(q.Text(0)));
      q.Reset();
    } else {
      Statement& q = Prepared(
          "SELECT (SELECT e.body || char(1) || e.retract FROM events e WHERE e.rid = r.rid "
          "AND e.time_ms <= ?1 ORDER BY e.time_ms DESC, e.key DESC LIMIT 1), r.rkey FROM records r "
          "WHERE r.until_ms IS NULL OR r.until_ms >= ?2");  // in rid order: sorted below
      std::vector<std::pair<std::string, twin::Event>> keyed;
      q.Bind(1, *as_of_ms).Bind(2, *as_of_ms - twin::kStateLookbackMs);
      while (q.Step()) {
        if (q.IsNull(0)) continue;
        std::string text = q.Text(0);
        size_t cut = text.rfind('\x01');
        if (text.compare(cut + 1, std::string::npos, "1") == 0) continue;  // withdrawn
        text.resize(cut);
        twin::Event e = twin::FromJson(text);
        // until_ms is a maximum over all the record's events (later ones too): exact here.
        if (auto until = twin::RelevantUntilMs(e); until && *until < *as_of_ms - twin::kStateLookbackMs) {
          continue;
        }
        keyed.emplace_back(q.Text(1), std::move(e));
      }
      q.Reset();
      // By record key (walking the key index instead costs a row lookup per record: 1.5x).
      std::sort(keyed.begin(), keyed.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out.reserve(keyed.size());
      for (auto& [rkey, e] : keyed) out.push_back(std::move(e));
    }
    Exec("COMMIT");
  } catch (...) {
    for (auto& [sql, stmt] : statements_) stmt->Reset();
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return out;
}

void SqliteStore::ForEachEvent(const std::function<void(const StoredEvent&)>& fn) {
  Statement q(db_, "SELECT seq, batch, body FROM events ORDER BY seq");
  while (q.Step()) fn(StoredEvent{q.Int(0), q.Int(1), twin::FromJson(q.Text(2))});
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

std::unique_ptr<TwinStore> OpenSqliteStore(const std::string& path, bool read_only) {
  return std::make_unique<SqliteStore>(path, read_only);
}

std::unique_ptr<TwinStore> OpenStore(const std::string& location, bool read_only) {
  if (location.rfind("postgres://", 0) == 0 || location.rfind("postgresql://", 0) == 0) {
    throw StoreError(fmt::format("store {}: PostgreSQL is not built into this chaintwin yet",
                                 location));
  }
  return OpenSqliteStore(location, read_only);
}

}  // namespace chaintwin::store
