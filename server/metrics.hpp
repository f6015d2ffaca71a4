// What `GET /v1/metrics` reports, in the Prometheus text format (version 0.0.4): requests by
// route, method and status; request latency as a histogram per route; events and batches
// ingested or rejected; the job queue. Thread-safe: every handler thread records into it.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace chaintwin::server {

class Metrics {
 public:
  // One answered request: `route` is the route pattern ("/v1/jobs/{id}"), or "unmatched".
  void RecordRequest(const std::string& route, const std::string& method, int status,
                     double seconds);
  void AddIngested(uint64_t events, uint64_t duplicates) {
    events_ingested_ += events;
    events_duplicate_ += duplicates;
    ++batches_accepted_;
  }
  void AddRejectedBatch() { ++batches_rejected_; }

  // Job queue figures, sampled when the text is rendered.
  struct JobFigures {
    uint64_t queued = 0, running = 0, capacity = 0;
    uint64_t submitted = 0, succeeded = 0, failed = 0, cancelled = 0, refused = 0;
  };
  // The whole exposition, ending in a newline.
  std::string Text(const JobFigures& jobs) const;

  // Upper bounds of the latency buckets, seconds (the last bucket is +Inf).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

 private:
  struct Latency {
    std::array<uint64_t, kBuckets.size() + 1> counts{};
    double sum = 0.0;
    uint64_t count = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Latency> latency_;
  std::atomic<uint64_t> events_ingested_{0}, events_duplicate_{0};
  std::atomic<uint64_t> batches_accepted_{0}, batches_rejected_{0};
};

}  // namespace chaintwin::server
