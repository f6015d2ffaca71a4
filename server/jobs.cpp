#include "server/jobs.hpp"

#include <chrono>
#include <random>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"
#include "server/api_error.hpp"

namespace chaintwin::server {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

struct JobQueue::Job {
  JobSnapshot snapshot;  // guarded by JobQueue::mutex_ (except progress, read from control)
  JobTask task;
  JobControl control;
};

const char* JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kSucceeded: return "succeeded";
    case JobState::kFailed: return "failed";
    case JobState::kCancelled: return "cancelled";
  }
  return "unknown";
}

JobQueue::JobQueue(unsigned workers, size_t max_pending, size_t keep_finished)
    : max_pending_(max_pending), keep_finished_(keep_finished) {
  counts_.capacity = max_pending;
  for (unsigned w = 0; w < std::max(1u, workers); ++w) workers_.emplace_back([this] { Work(); });
}

JobQueue::~JobQueue() { Shutdown(); }

std::optional<std::string> JobQueue::Submit(const std::string& kind, JobTask task) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_ || queue_.size() + running_ >= max_pending_) {
    ++counts_.refused;
    return std::nullopt;
  }
  auto job = std::make_shared<Job>();
  // Ids are not guessable from one another (a counter plus random bits), so one client cannot
  // walk another's jobs by counting.
  static thread_local std::mt19937_64 random{std::random_device{}()};
  job->snapshot.id = fmt::format("mc-{}-{:08x}", next_id_++, random() & 0xffffffffu);
  job->snapshot.kind = kind;
  job->snapshot.submitted_s = Now();
  job->task = std::move(task);
  jobs_[job->snapshot.id] = job;
  queue_.push_back(job);
  ++counts_.submitted;
  wake_.notify_one();
  return job->snapshot.id;
}

std::optional<JobSnapshot> JobQueue::Find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  JobSnapshot s = it->second->snapshot;
  s.done = it->second->control.done.load();
  s.total = it->second->control.total.load();
  return s;
}

bool JobQueue::Cancel(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return false;
  Job& job = *it->second;
  job.control.cancel = true;
  if (job.snapshot.state == JobState::kQueued) {
    std::erase(queue_, it->second);
    job.snapshot.state = JobState::kCancelled;
    job.snapshot.finished_s = Now();
    ++counts_.cancelled;
    finished_order_.push_back(id);
  }
  return true;
}

void JobQueue::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (auto& [id, job] : jobs_) {
      job->control.cancel = true;
      if (job->snapshot.state == JobState::kQueued) {
        job->snapshot.state = JobState::kCancelled;
        ++counts_.cancelled;
      }
    }
    queue_.clear();
    wake_.notify_all();
  }
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

Metrics::JobFigures JobQueue::Figures() const {
  std::lock_guard<std::mutex> lock(mutex_);
  Metrics::JobFigures f = counts_;
  f.queued = queue_.size();
  f.running = running_;
  return f;
}

void JobQueue::Work() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
      job->snapshot.state = JobState::kRunning;
      job->snapshot.started_s = Now();
      ++running_;
    }
    JobState state = JobState::kSucceeded;
    std::string result, error;
    try {
      result = job->task(job->control);
    } catch (const ApiError& e) {
      state = JobState::kFailed;
      error = e.message();
    } catch (const InputError& e) {
      state = JobState::kFailed;
      error = e.diagnostics().empty() ? e.what() : e.diagnostics().front().ToString();
    } catch (const std::exception& e) {
      state = JobState::kFailed;
      error = e.what();
    }
    if (job->control.cancel) state = JobState::kCancelled;
    std::lock_guard<std::mutex> lock(mutex_);
    --running_;
    job->snapshot.state = state;
    job->snapshot.finished_s = Now();
    job->task = nullptr;
    if (state == JobState::kSucceeded) {
      job->snapshot.result = std::move(result);
      ++counts_.succeeded;
    } else if (state == JobState::kFailed) {
      job->snapshot.error = std::move(error);
      ++counts_.failed;
    } else {
      ++counts_.cancelled;
    }
    finished_order_.push_back(job->snapshot.id);
    while (finished_order_.size() > keep_finished_) {
      jobs_.erase(finished_order_.front());
      finished_order_.pop_front();
    }
  }
}

}  // namespace chaintwin::server
