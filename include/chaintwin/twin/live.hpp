// The live twin's operations over a store: ingesting files, the state a run starts from, the
// forward run that warns of shortages, and the partners whose feeds went quiet.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chaintwin/sim/engine.hpp"
#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/context.hpp"
#include "chaintwin/twin/reader.hpp"
#include "chaintwin/twin/state.hpp"

namespace chaintwin::twin {

// --- ingest ---------------------------------------------------------------------------------

enum class IngestMode {
  kUpsert,   // the file's records are added or updated; others are left as they are
  kReplace,  // the file is the whole picture of each (owner, kind) in it: records of those not
             // in the file are withdrawn as of the file's latest event time
};

struct IngestFile {
  std::string path;
  IngestMode mode = IngestMode::kUpsert;
};

struct IngestedFile {
  std::string path;
  size_t events = 0;
  store::AppendResult stored;
};

// Makes `batch` (its events set) a replace: the whole picture of each (owner, kind) among its
// events, as of its latest event time (store::Batch::replace). `ingest --mode replace` and
// `POST /v1/events?mode=replace` both use it.
void MakeReplace(store::Batch& batch);

struct IngestOptions {
  // Reads the JSON Lines files (JsonParser: the same events and problems either way).
  JsonParser parser = JsonParser::kFast;
  // Read and check the files on a second thread, `piece_lines` lines of JSON Lines at a time
  // (a file's first two pieces 32 and 64 lines at most; a CSV or Catena-X file whole), while
  // the calling thread appends the pieces read so far to the store, in the ingest's one
  // transaction (docs/EVENTS.md "How a file is ingested").
  // false: every file is read and checked, then appended (the reference). The same store
  // contents, results and problems either way (tests/unit/twin/ingest_overlap_test.cpp).
  // Off by default: on the 2-vCPU machine of docs/BENCHMARKS.md ("Twin store") it took the
  // reading off the calling thread's CPU but made the whole ingest no faster in wall time.
  bool overlap = false;
  size_t piece_lines = 128;
};

// Reads and checks every file and appends each as one batch, all in one transaction: when
// any file has a problem, InputError carries every problem of every file and nothing is
// stored. `progress(done, total)`, when set, is called on the calling thread as files are
// read (done counts files).
std::vector<IngestedFile> Ingest(store::TwinStore& store, const TwinContext& context,
                                 const std::vector<IngestFile>& files, const PayloadSender& sender,
                                 const std::function<void(size_t, size_t)>& progress = {},
                                 const IngestOptions& options = {});

// --- the state a run starts from -------------------------------------------------------------

struct StartingPoint {
  sim::InitialState initial;
  int32_t start_date = 0;     // days since epoch: the as-of instant's UTC date
  int slots_reported = 0;     // slots whose stock comes from a report
  int slots_assumed = 0;      // slots that keep the network's assumed inventory (no report)
  int cargo_in_transit = 0;
  int open_orders = 0;        // shipments reported but not yet departed
  // One line naming what the stored state replaces, for the output.
  std::string Describe() const;
};

// Stock per slot as reported (unreported slots keep the network's inventory), each cargo in
// transit on its lane arriving on its ETA's day (overdue cargo on day 0), planned shipments as
// open orders; the steady-state pipeline is replaced. Requires: `state` folded on `context`.
StartingPoint StartFrom(const TwinContext& context, const State& state);

// --- alerts ----------------------------------------------------------------------------------

struct ProjectedShortage {
  std::string site, material;
  int32_t first_date = 0;  // days since epoch
  int32_t days_from_now = 0;
  bool production = false;  // an input ran short (else end-use demand went unserved)
  std::string cause;
};

// Runs the engine from `state` under the nominal scenario (no events) for `horizon_days` and
// lists what it finds short, first first. Never writes to a store.
std::vector<ProjectedShortage> ProjectShortages(const TwinContext& context, const State& state,
                                                int32_t horizon_days);

struct SilentFeed {
  store::Feed feed;
  int64_t expected_interval_ms = 0;
  int64_t silent_for_ms = 0;
};

// The interval at which a feed is expected to report: the kind's default (item_stock, demand,
// production 1 day; delivery and quality 7 days; capacity_notice 30 days) or, after three
// reports, the feed's own mean interval when longer. Failure reports are not expected.
int64_t ExpectedIntervalMs(const store::Feed& feed);

// Feeds whose last report is older than 1.5 expected intervals at `now_ms`, longest silent first.
std::vector<SilentFeed> SilentFeeds(const std::vector<store::Feed>& feeds, int64_t now_ms);

}  // namespace chaintwin::twin
