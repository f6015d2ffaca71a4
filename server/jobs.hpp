// Long requests (Monte Carlo) run as jobs: `Submit` queues a task and returns its id at once
// (202), `Find` reports its state and progress, `Cancel` asks it to stop. A fixed set of
// worker threads takes tasks in submission order; the queue is bounded, and a full queue
// refuses new work (the route answers 503 with Retry-After) instead of growing without end.
// Finished jobs are kept, newest first, up to `keep_finished`, then forgotten.
// Thread-safe. The destructor (or Shutdown) cancels every job, waits for the running ones to
// stop, and joins the workers.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/metrics.hpp"

namespace chaintwin::server {

enum class JobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };
const char* JobStateName(JobState state);  // "queued", "running", "succeeded", ...

// What a task sees while it runs.
struct JobControl {
  std::atomic<bool> cancel{false};   // set by Cancel and Shutdown; the task should stop soon
  std::atomic<uint64_t> done{0};     // progress, in the task's own units
  std::atomic<uint64_t> total{0};
};

// A task returns its result as JSON text, or throws (ApiError or chaintwin::Error: the job
// fails with that message). A task that sees `cancel` may return anything; the job ends
// cancelled.
using JobTask = std::function<std::string(JobControl&)>;

struct JobSnapshot {
  std::string id;
  std::string kind;
  JobState state = JobState::kQueued;
  uint64_t done = 0, total = 0;
  double submitted_s = 0.0;  // seconds since the Unix epoch
  std::optional<double> started_s, finished_s;
  std::string result;  // JSON text when succeeded
  std::string error;   // when failed
};

class JobQueue {
 public:
  JobQueue(unsigned workers, size_t max_pending, size_t keep_finished);
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // The new job's id, or nullopt when `max_pending` jobs already wait or run.
  std::optional<std::string> Submit(const std::string& kind, JobTask task);
  std::optional<JobSnapshot> Find(const std::string& id) const;
  // Asks the job to stop (a queued one never starts). False when no such job is known.
  bool Cancel(const std::string& id);
  // Cancels every job and joins the workers; later Submits are refused. Idempotent.
  void Shutdown();
  Metrics::JobFigures Figures() const;

 private:
  struct Job;
  void Work();

  const size_t max_pending_, keep_finished_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  std::deque<std::string> finished_order_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
  uint64_t next_id_ = 1;
  size_t running_ = 0;
  Metrics::JobFigures counts_;
};

}  // namespace chaintwin::server
