// The two paths of twin::Ingest (IngestOptions::overlap): the overlapped one reads and checks
// the files on a second thread, a piece of lines at a time, while the store appends the
// pieces read so far. It must leave exactly what the serial path leaves: the same rows in the
// log (seq, batch, event), records, batches and feeds, the same results, and on any problem
// the same problems word for word (every file's, in order) with nothing of the ingest stored.
// Checked on every malformed event file of issue 21 and on ingests of several files of every
// format, retried, with a key stored with other content, and with problems in several files,
// each with pieces of 1, 7 and 128 lines.
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "chaintwin/twin/live.hpp"
#include "chaintwin/util/error.hpp"
#include "malformed/twin_event_cases.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::twin {
namespace {

// Everything the store answers but the wall clock of its batches.
std::string OverlapDump(store::TwinStore& db) {
  std::string out;
  db.ForEachEvent([&](const store::StoredEvent& s) {
    out += fmt::format("{} {} {} @{}\n", s.seq, s.batch, ToJson(s.event),
                       s.event.utc_offset_minutes);
  });
  for (const Event& e : db.Records(std::nullopt)) out += "record " + ToJson(e) + "\n";
  for (const Event& e : db.Records(*ParseDateTime("2026-03-02T12:00:00Z"))) {
    out += "record as of " + ToJson(e) + "\n";
  }
  for (const store::BatchInfo& b : db.Batches()) {
    out += fmt::format("batch {} {} {} {} {}\n", b.id, b.source, b.added, b.duplicates,
                       b.retracted);
  }
  for (const store::Feed& f : db.Feeds()) {
    out += fmt::format("feed {} {} {} {} {} {}\n", f.owner, EventKindName(f.kind), f.material,
                       f.first_time_ms, f.last_time_ms, f.count);
  }
  return out;
}

// One ingest: its results or its error, and the progress told.
std::string OverlapIngest(store::TwinStore& db, const std::vector<IngestFile>& files,
                          const IngestOptions& options) {
  std::string out;
  auto progress = [&](size_t done, size_t total) {
    out += fmt::format("progress {}/{}\n", done, total);
  };
  try {
    for (const IngestedFile& f :
         Ingest(db, testutil::TwoTierContext(), files, {}, progress, options)) {
      out += fmt::format("{}: {} read, {} added, {} duplicates, {} withdrawn, batch {}\n",
                         f.path, f.events, f.stored.added, f.stored.duplicates,
                         f.stored.retracted, f.stored.batch_id);
    }
  } catch (const InputError& e) {
    for (const util::Diagnostic& d : e.diagnostics()) {
      out += fmt::format("problem {} [{}]\n", d.ToString(), d.path);
    }
  } catch (const StoreError& e) {
    out += fmt::format("store error {}\n", e.what());
  }
  return out;
}

// Two stores alike, one fed by each path.
struct OverlapPair {
  testutil::TempDir dir;
  std::unique_ptr<store::TwinStore> serial = store::OpenStore(dir.File("serial.db"));
  std::unique_ptr<store::TwinStore> overlapped = store::OpenStore(dir.File("overlapped.db"));

  std::string File(const std::string& name, const std::string& text) const {
    const std::string path = dir.File(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // Ingests `files` into each store by its path; expects the same outcome and the same store
  // contents. Returns the outcome.
  std::string Expect(const std::vector<IngestFile>& files, size_t piece_lines) {
    IngestOptions plain, overlap;
    plain.overlap = false;
    overlap.overlap = true;
    overlap.piece_lines = piece_lines;
    const std::string a = OverlapIngest(*serial, files, plain);
    const std::string b = OverlapIngest(*overlapped, files, overlap);
    EXPECT_EQ(a, b) << "pieces of " << piece_lines << " lines";
    EXPECT_EQ(OverlapDump(*serial), OverlapDump(*overlapped));
    return a;
  }
};

TEST(IngestOverlap, EveryMalformedFileGivesTheSameProblemsAndLeavesTheStoreAsItWas) {
  // One pair of stores for every case: each case leaves them as they were (checked).
  OverlapPair p;
  store::Batch before;
  before.events = {testutil::Stock("existing", 5, *ParseDateTime("2026-03-01T00:00:00Z"))};
  p.serial->Append(before);
  p.overlapped->Append(before);
  int compared = 0;
  for (const malformed::Case& c : malformed::Cases()) {
    SCOPED_TRACE(c.name);
    for (size_t piece : {1, 128}) {
      const std::string out = p.Expect({{p.File(c.file, c.text), IngestMode::kReplace}}, piece);
      EXPECT_NE(out.find(c.message), std::string::npos) << out;
      EXPECT_EQ(p.overlapped->EventCount(), 1);
    }
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

// `n` valid stock and demand lines of the example network, with blank lines and a line
// repeated as it was; keys from `prefix`.
std::string OverlapLines(const std::string& prefix, int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    const std::string time = fmt::format("2026-03-{:02}T{:02}:00:00+09:00", 2 + i / 24, i % 24);
    std::string line =
        i % 5 == 4
            ? malformed::Demand(
                  fmt::format(R"([{{"day":"2026-03-{:02}","quantity":"{} t"}}])", 3 + i / 24, i))
            : malformed::StockLine();
    line = malformed::Replace(line, i % 5 == 4 ? R"("key":"d1")" : R"("key":"s1")",
                              fmt::format(R"("key":"{}{}")", prefix, i));
    if (i % 5 != 4) line = malformed::Replace(line, "1200 t", fmt::format("{} t", 1000 + i));
    line = malformed::Replace(line, i % 5 == 4 ? "2026-03-02T07:00:00+09:00"
                                               : "2026-03-02T06:00:00+09:00",
                              time);
    text += line;
    if (i % 11 == 0) text += "\n  \r\n";
    if (i % 13 == 0) text += line;  // a key given twice with the same content
  }
  return text;
}

std::string OverlapCatenaX() {
  return R"({"owner":"BPNL00000000CELL","partner":"BPNL0000000CNANO","payload":
    { "materialGlobalAssetId": "urn:uuid:6f0c2a1e-1111-4a2b-9c3d-000000000002",
      "direction": "INBOUND",
      "positions": [
        { "allocatedStocks": [
            { "quantityOnAllocatedStock": { "value": 7.5, "unit": "unit:tonneMetricTon" },
              "stockLocationBPNS": "BPNS00000000JPCL", "isBlocked": false,
              "lastUpdatedOnDateTime": "2026-03-02T07:00:00+09:00" } ] } ] }})";
}

TEST(IngestOverlap, FilesOfEveryFormatRetriedReplacedAndRefusedLeaveTheSameStore) {
  for (size_t piece : {1, 7, 128}) {
    SCOPED_TRACE(piece);
    OverlapPair p;
    std::vector<IngestFile> files = {
        {p.File("a.jsonl", OverlapLines("a", 300)), IngestMode::kUpsert},
        {p.File("p.json", OverlapCatenaX()), IngestMode::kUpsert},
        {p.File("b.jsonl", "\xEF\xBB\xBF" + OverlapLines("b", 40)), IngestMode::kUpsert},
    };
    for (int k = 0; k < kEventKinds; ++k) {
      files.push_back({p.File(fmt::format("t{}.csv", k), CsvTemplate(static_cast<EventKind>(k))),
                       IngestMode::kUpsert});
    }
    const std::string first = p.Expect(files, piece);
    EXPECT_NE(first.find("a.jsonl: 324 read, 300 added, 24 duplicates"), std::string::npos) << first;
    p.Expect(files, piece);  // retried: every event counted once
    // A replace: stock of the owner not in the file is withdrawn.
    p.Expect({{p.File("r.jsonl", OverlapLines("a", 20)), IngestMode::kReplace}}, piece);
    // A key stored with other content, in the second file of three.
    const std::string changed = malformed::Replace(OverlapLines("a", 10), "1003 t", "1 t");
    std::vector<IngestFile> conflict = {
        {p.File("c1.jsonl", OverlapLines("c", 50)), IngestMode::kUpsert},
        {p.File("c2.jsonl", changed), IngestMode::kUpsert},
        {p.File("c3.jsonl", OverlapLines("e", 50)), IngestMode::kUpsert},
    };
    std::string out = p.Expect(conflict, piece);
    EXPECT_NE(out.find("idempotency key `a3` is already stored with other content"),
              std::string::npos) << out;
    // And a problem in a later file as well: the reading problems win, as on the serial path.
    std::string bad = OverlapLines("f", 60);
    bad = malformed::Replace(bad, R"("key":"f41")", R"("key":"f41","warehouse":"W1")");
    conflict.push_back({p.File("c4.jsonl", bad), IngestMode::kUpsert});
    out = p.Expect(conflict, piece);
    EXPECT_EQ(out.find("already stored"), std::string::npos) << out;
    EXPECT_NE(out.find("unknown field `warehouse`"), std::string::npos) << out;
  }
}

TEST(IngestOverlap, ProblemsInSeveralFilesAndPiecesAreAllReportedInOrder) {
  for (size_t piece : {1, 7, 128}) {
    SCOPED_TRACE(piece);
    OverlapPair p;
    std::string first = OverlapLines("g", 200);
    first = malformed::Replace(first, R"("key":"g150")", R"("key":"g150","x":1)");
    first = malformed::Replace(first, R"("key":"g190","kind":"item_stock")",
                               R"("key":"g190","kind":"stock_level")");
    first += "{\"key\": \"a\",\n";  // a line cut off
    // A key given again with other content: reported after the file's line problems.
    std::string second = OverlapLines("h", 30) + malformed::Replace(
        malformed::Replace(malformed::StockLine(), R"("key":"s1")", R"("key":"h2")"), "1200 t",
        "9 t");
    second = malformed::Replace(second, "2026-03-02T06:00:00+09:00", "2026-03-02T06:00:00");
    const std::string out = p.Expect(
        {{p.File("ok.jsonl", OverlapLines("k", 100)), IngestMode::kUpsert},
         {p.File("g.jsonl", first), IngestMode::kUpsert},
         {p.dir.File("missing.jsonl"), IngestMode::kUpsert},
         {p.File("h.jsonl", second), IngestMode::kReplace},
         {p.File("empty.jsonl", ""), IngestMode::kUpsert},
         {p.File("x.txt", "{}"), IngestMode::kUpsert},
         {p.File("ok2.csv", CsvTemplate(EventKind::kQuality)), IngestMode::kUpsert}},
        piece);
    for (const char* part : {"unknown field `x`", "found 'stock_level'", "not a JSON object",
                             "cannot open", "h.jsonl:10: error: time",
                             "is given again with other content", "empty file", "x.txt"}) {
      EXPECT_NE(out.find(part), std::string::npos) << part << "\n" << out;
    }
    EXPECT_EQ(p.overlapped->EventCount(), 0);
  }
}

}  // namespace
}  // namespace chaintwin::twin
