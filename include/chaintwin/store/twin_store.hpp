// The twin store: an append-only log of live events plus the current event of every record,
// from which the state at any instant is folded (twin/state.hpp). One interface, several
// back ends: SQLite (one file, WAL; the default) and, for a shared deployment, PostgreSQL.
// Callers hold a TwinStore and never see which.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "chaintwin/twin/event.hpp"

namespace chaintwin::store {

// What one Append writes, all of it or nothing.
struct Batch {
  std::string source;  // where it came from ("stock.csv"), kept in the batch log
  std::vector<twin::Event> events;
  // `--mode replace`: the batch is the whole picture of each (owner, kind) listed here. Every
  // record of such a scope that is current before the batch, not updated by it, and not newer
  // than `replace_time_ms` is withdrawn at `replace_time_ms` by a retraction event in the same
  // transaction.
  struct Scope {
    std::string owner;
    twin::EventKind kind = twin::EventKind::kItemStock;
  };
  std::vector<Scope> replace;
  int64_t replace_time_ms = 0;
};

struct AppendResult {
  int64_t batch_id = 0;
  size_t added = 0;       // events new to the store
  size_t duplicates = 0;  // events whose key was stored with the same content (counted once)
  size_t retracted = 0;   // records withdrawn by `replace`
};

struct StoredEvent {
  int64_t seq = 0;          // arrival order, from 1
  int64_t batch = 0;
  twin::Event event;
};

struct BatchInfo {
  int64_t id = 0;
  std::string source;
  int64_t recorded_ms = 0;  // wall clock when committed
  int64_t added = 0;
  int64_t duplicates = 0;
  int64_t retracted = 0;
};

// When a partner last reported one kind of event about one material.
struct Feed {
  std::string owner;
  twin::EventKind kind = twin::EventKind::kItemStock;
  std::string material;
  int64_t first_time_ms = 0;  // event times (what the record says it is as of)
  int64_t last_time_ms = 0;
  int64_t last_recorded_ms = 0;  // wall clock of the last batch that carried one
  int64_t count = 0;
};

// Batches whose events come a piece at a time, for TwinStore::AppendStream: `chaintwin
// ingest` reads a file on one thread while the store appends, on another, the pieces read so
// far (twin::IngestOptions::overlap). The store calls NextBatch, then NextEvents until it
// comes back empty, then Replaced when the batch replaces, for each batch in turn.
class BatchStream {
 public:
  virtual ~BatchStream() = default;
  // Starts the next batch: its source (Batch::source) and whether it replaces (its
  // Batch::replace will not be empty). False when there are no more batches.
  virtual bool NextBatch(std::string* source, bool* replaces) = 0;
  // The next events of the batch begun, in order; empty when it has no more. They stay
  // valid until the next call.
  virtual std::span<const twin::Event> NextEvents() = 0;
  // After NextEvents came back empty, for a batch that replaces: its Batch::replace and
  // replace_time_ms (they depend on all of its events).
  virtual void Replaced(std::vector<Batch::Scope>* scopes, int64_t* time_ms) = 0;
};

// One thread at a time may use a TwinStore (`serve` holds a lock around it); separate
// TwinStore objects, in one process or several, may use one store at once.
class TwinStore {
 public:
  virtual ~TwinStore() = default;

  // Appends `batch` in one transaction, durable when it returns. An event whose key is stored
  // with the same content is a duplicate (a retried batch counts once); a key stored, or given
  // twice in the batch, with other content throws InputError naming every such key, and then
  // nothing of the batch is stored. Throws StoreError when the database fails (nothing stored).
  AppendResult Append(const Batch& batch) {
    return Append(std::span<const Batch>(&batch, 1))[0];  // the batch is not copied
  }
  // The same for several batches in one transaction: all of them or none (`chaintwin ingest`
  // of several files). One result per batch, in order.
  virtual std::vector<AppendResult> Append(std::span<const Batch> batches) = 0;
  // The same for the batches of `stream`, all of them or none, in one transaction: the same
  // rows, results and errors as Append of the same batches. What the stream throws is thrown
  // on, after the transaction is rolled back (nothing of it stored). The store calls the
  // stream on the thread that called AppendStream.
  virtual std::vector<AppendResult> AppendStream(BatchStream& stream) = 0;

  // The current event of every record as of `as_of_ms` (the newest by (time, key) among its
  // events with time <= as_of_ms; all events when nullopt), withdrawn records left out and,
  // with as_of_ms, records run their course (twin::kStateLookbackMs), ordered by record key. Cost: one index probe per record, not a scan of the log.
  virtual std::vector<twin::Event> Records(std::optional<int64_t> as_of_ms) = 0;

  // Every stored event in arrival order.
  virtual void ForEachEvent(const std::function<void(const StoredEvent&)>& fn) = 0;
  virtual int64_t EventCount() = 0;
  virtual std::vector<BatchInfo> Batches() = 0;
  // One entry per (owner, kind, material) ever reported, ordered by those.
  virtual std::vector<Feed> Feeds() = 0;
  // A number that changes whenever what the store holds may have changed: after every Append
  // through this object and after any commit by another connection or process to the same
  // store. Equal versions mean equal contents (answers computed from the store may be cached
  // under it). Cheap: no read of the data.
  virtual int64_t Version() = 0;
};

// How the SQLite store writes. The defaults are what `ingest` and `serve` use; the others are
// there to be compared with (tests, benchmarks). Neither changes what a commit guarantees.
struct SqliteOptions {
  // Each commit's WAL frames gathered and written in 64 KiB pieces before the commit's sync
  // (src/store/sqlite/wal_gather_vfs.hpp); false: SQLite's default, two calls per page.
  bool gather_wal_writes = true;
  // The page size of a store created now, in bytes (a power of two, 512 to 65536); a store
  // that exists keeps its own. A commit writes each page it touches whole to the WAL, and a
  // batch touches about two pages per record in each of the log's two indexes; smaller
  // pages write fewer bytes but cost more CPU (docs/EVENTS.md "The store").
  int page_size = 4096;
  // Events appended per INSERT statement (1 to 1000): a batch's events go in statements of
  // this many rows, the rest (of the batch, or of each piece of a BatchStream) one a
  // statement; 1: one statement per event. The same rows and
  // answers either way (tests/unit/store/sqlite_store_test.cpp); fewer statements cost less.
  int rows_per_insert = 32;
};

// Opens (creating when absent) the SQLite store at `path`: one file in WAL mode, synchronous
// commits. Throws StoreError when it cannot be opened or is not a chaintwin store.
// With `read_only`, the file must exist and Append throws StoreError (what-ifs read only).
std::unique_ptr<TwinStore> OpenSqliteStore(const std::string& path, bool read_only = false,
                                           const SqliteOptions& options = {});

// Opens the store a `--store` argument names (today: a SQLite file path).
std::unique_ptr<TwinStore> OpenStore(const std::string& location, bool read_only = false);

}  // namespace chaintwin::store
