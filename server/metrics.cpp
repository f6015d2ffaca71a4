#include "server/metrics.hpp"

#include <fmt/format.h>

namespace chaintwin::server {

void Metrics::RecordRequest(const std::string& route, const std::string& method, int status,
                            double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, method, status}];
  Latency& l = latency_[route];
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  ++l.counts[bucket];
  l.sum += seconds;
  ++l.count;
}

std::string Metrics::Text(const JobFigures& jobs) const {
  std::string out;
  auto header = [&](const char* name, const char* type, const char* help) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  };
  {
    std::lock_guard<std::mutex> lock(mutex_);
    header("chaintwin_http_requests_total", "counter", "HTTP requests answered.");
    for (const auto& [key, n] : requests_) {
      const auto& [route, method, status] = key;
      out += fmt::format("chaintwin_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                         route, method, status, n);
    }
    header("chaintwin_http_request_duration_seconds", "histogram",
           "Time from the request read to the response written, by route.");
    for (const auto& [route, l] : latency_) {
      uint64_t cumulative = 0;
      for (size_t b = 0; b < kBuckets.size(); ++b) {
        cumulative += l.counts[b];
        out += fmt::format(
            "chaintwin_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
            kBuckets[b], cumulative);
      }
      cumulative += l.counts[kBuckets.size()];
      out += fmt::format(
          "chaintwin_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route,
          cumulative);
      out += fmt::format("chaintwin_http_request_duration_seconds_sum{{route=\"{}\"}} {:.9g}\n",
                         route, l.sum);
      out += fmt::format("chaintwin_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                         route, l.count);
    }
  }
  header("chaintwin_ingest_events_total", "counter", "Events stored by POST /v1/events.");
  out += fmt::format("chaintwin_ingest_events_total {}\n", events_ingested_.load());
  header("chaintwin_ingest_duplicate_events_total", "counter",
         "Events sent again with the same key and content (stored once).");
  out += fmt::format("chaintwin_ingest_duplicate_events_total {}\n", events_duplicate_.load());
  header("chaintwin_ingest_batches_total", "counter", "Event batches by outcome.");
  out += fmt::format("chaintwin_ingest_batches_total{{outcome=\"accepted\"}} {}\n",
                     batches_accepted_.load());
  out += fmt::format("chaintwin_ingest_batches_total{{outcome=\"rejected\"}} {}\n",
                     batches_rejected_.load());
  header("chaintwin_jobs_queued", "gauge", "Jobs waiting for a worker.");
  out += fmt::format("chaintwin_jobs_queued {}\n", jobs.queued);
  header("chaintwin_jobs_running", "gauge", "Jobs running.");
  out += fmt::format("chaintwin_jobs_running {}\n", jobs.running);
  header("chaintwin_jobs_capacity", "gauge", "Jobs that may wait or run at once.");
  out += fmt::format("chaintwin_jobs_capacity {}\n", jobs.capacity);
  header("chaintwin_jobs_total", "counter", "Jobs by outcome.");
  out += fmt::format("chaintwin_jobs_total{{outcome=\"submitted\"}} {}\n", jobs.submitted);
  out += fmt::format("chaintwin_jobs_total{{outcome=\"succeeded\"}} {}\n", jobs.succeeded);
  out += fmt::format("chaintwin_jobs_total{{outcome=\"failed\"}} {}\n", jobs.failed);
  out += fmt::format("chaintwin_jobs_total{{outcome=\"cancelled\"}} {}\n", jobs.cancelled);
  out += fmt::format("chaintwin_jobs_total{{outcome=\"refused\"}} {}\n", jobs.refused);
  return out;
}

}  // namespace chaintwin::server
