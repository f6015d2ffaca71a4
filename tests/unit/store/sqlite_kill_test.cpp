// No acknowledged event is lost: a child process appends batches and reports each one after
// Append returns; the parent kills it with SIGKILL at a random moment, reopens the store and
// checks that every acknowledged batch is there exactly once and that no batch is there in
// part. The next round retries from the first unacknowledged batch (a retried batch that did
// commit before the kill counts once). The second half of the rounds writes each batch as a
// JSON Lines file and ingests it the way `chaintwin ingest` does (twin::Ingest, the file read
// on a second thread while the store appends), acknowledged when Ingest returns.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/live.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::store {
namespace {

constexpr int kPerBatch = 200;
const int64_t kKillT0 = *twin::ParseDateTime("2026-03-01T00:00:00Z");

Batch MakeBatch(int b) {
  Batch batch;
  batch.source = "batch " + std::to_string(b);
  for (int i = 0; i < kPerBatch; ++i) {
    batch.events.push_back(testutil::Stock("b" + std::to_string(b) + "-" + std::to_string(i),
                                           double(b * 1000 + i), kKillT0 + b * 1000 + i));
  }
  return batch;
}

// Batch `b` as a JSON Lines file in `dir`; its path.
std::string WriteBatchFile(const std::string& dir, int b) {
  const std::string file = fmt::format("{}/batch{}.jsonl", dir, b);
  std::ofstream out(file, std::ios::binary);
  for (const twin::Event& e : MakeBatch(b).events) {
    out << fmt::format(
        R"({{"key":"{}","kind":"item_stock","owner":"{}","customer":"{}","supplier":"{}",)"
        R"("site":"{}","material":"{}","direction":"inbound","quantity":"{} t","time":"{}"}})"
        "\n",
        e.key, e.owner, e.customer, e.supplier, e.site, e.material, e.quantity,
        twin::FormatDateTime(e.time_ms));
  }
  return file;
}

// In the child: append batches from `first` on (with `ingest`, as files in `dir`), writing
// each index to `fd` once acknowledged.
[[noreturn]] void Writer(const std::string& path, int first, int fd, bool ingest,
                         const std::string& dir) {
  try {
    auto db = OpenStore(path);
    for (int b = first;; ++b) {
      if (ingest) {
        twin::IngestOptions overlapped;
        overlapped.overlap = true;
        twin::Ingest(*db, testutil::TwoTierContext(),
                     {{WriteBatchFile(dir, b), twin::IngestMode::kUpsert}}, {}, {}, overlapped);
      } else {
        db->Append(MakeBatch(b));
      }
      if (write(fd, &b, sizeof b) != sizeof b) _exit(3);
    }
  } catch (...) {
    _exit(2);
  }
}

TEST(SqliteStoreKill, EveryAcknowledgedBatchSurvivesAndNoneIsHalfThere) {
  testutil::TempDir dir;
  const std::string path = dir.File("twin.db");
  std::mt19937_64 rng(20261207);
  std::set<int> acknowledged;
  int next = 0;
  testutil::TwoTierContext();  // loaded before the children fork
  int ingested = 0;           // batches acknowledged by Ingest
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      Writer(path, next, fds[1], round >= 4, dir.path());
    }
    close(fds[1]);
    // Every other round waits for one acknowledged batch first: a durable commit can take
    // longer than the whole window on a loaded machine (fsync), and then no round would
    // see one. The other rounds can cut the opening of the store itself.
    if (round % 2 == 1) {
      int b = 0;
      if (read(fds[0], &b, sizeof b) == sizeof b) acknowledged.insert(b);
    }
    // Let it write for 5-120 ms, then kill it wherever it is.
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 115));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself: " << status;
    int b = 0;
    while (read(fds[0], &b, sizeof b) == sizeof b) acknowledged.insert(b);
    close(fds[0]);
    const int from = next;
    next = acknowledged.empty() ? 0 : *acknowledged.rbegin() + 1;
    if (round >= 4) ingested += next - from;

    auto db = OpenStore(path);
    std::map<int, int> per_batch;  // events stored per batch index
    std::set<std::string> keys;
    int64_t total = 0;
    db->ForEachEvent([&](const StoredEvent& s) {
      ++total;
      EXPECT_TRUE(keys.insert(s.event.key).second) << "stored twice: " << s.event.key;
      per_batch[std::stoi(s.event.key.substr(1))]++;
    });
    for (int a : acknowledged) EXPECT_EQ(per_batch[a], kPerBatch) << "acknowledged batch " << a;
    for (const auto& [batch, count] : per_batch) {
      EXPECT_EQ(count, kPerBatch) << "batch " << batch << " is there in part";
    }
    EXPECT_EQ(db->EventCount(), total);
  }
  EXPECT_GT(acknowledged.size(), 0u);
  EXPECT_GT(ingested, 0);  // rounds 5 and 7 wait for one
}

}  // namespace
}  // namespace chaintwin::store
