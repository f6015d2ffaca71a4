// A second thread for the day loop (RunOptions::threads = 2): the engine hands it the second
// half of a step whose work splits in two without changing any result, does the first half
// itself, and waits. One job at a time; jobs run in the order they are started.
//
// Between jobs the worker spins for a while (a day's steps follow each other within
// microseconds on small networks), then sleeps on a condition variable, so an engine that
// stops handing out work (between runs, a long Order step) does not keep a core busy.
// Start() and Wait() are called by one thread only (the engine's).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace chaintwin::sim {

class DayWorker {
 public:
  DayWorker() : thread_([this] { Loop(); }) {}
  ~DayWorker() {
    stop_ = true;
    Bump();
    thread_.join();
  }
  DayWorker(const DayWorker&) = delete;
  DayWorker& operator=(const DayWorker&) = delete;

  // Runs fn() on the worker. Requires: fn outlives the job (until Wait() returns); no job
  // running.
  template <typename Fn>
  void Start(Fn& fn) {
    arg_ = &fn;
    call_ = [](void* a) { (*static_cast<Fn*>(a))(); };
    Bump();
  }

  // Runs second() on the worker and first() on this thread; returns when both have finished
  // (when first() throws, after the worker's part, then rethrows: second() may refer to the
  // caller's frame).
  template <typename Second, typename First>
  void Split(Second& second, First&& first) {
    Start(second);
    try {
      first();
    } catch (...) {
      Wait();
      throw;
    }
    Wait();
  }

  // Returns once the job started last has finished (its writes are then visible here).
  void Wait() {
    const uint32_t want = go_.load(std::memory_order_relaxed);
    for (uint32_t spins = 0; spins < kSpins; ++spins) {
      if (done_.load(std::memory_order_acquire) == want) return;
      Pause();
    }
    std::unique_lock<std::mutex> lock(mu_);
    waiting_ = true;
    finished_.wait(lock, [&] { return done_.load(std::memory_order_acquire) == want; });
    waiting_ = false;
  }

 private:
  static constexpr uint32_t kSpins = 1u << 14;

  // No `pause` instruction: under a hypervisor that watches for spinning guests (pause-loop
  // exiting) it hands the core away, and the other thread then waits for the next time slice.
  static void Pause() { std::atomic_signal_fence(std::memory_order_seq_cst); }

  void Bump() {
    go_.fetch_add(1, std::memory_order_acq_rel);
    std::lock_guard<std::mutex> lock(mu_);
    if (sleeping_) wake_.notify_one();
  }

  void Loop() {
    uint32_t seen = 0;
    for (;;) {
      uint32_t spins = 0;
      while (go_.load(std::memory_order_acquire) == seen && spins < kSpins) {
        Pause();
        ++spins;
      }
      if (go_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(mu_);
        sleeping_ = true;
        wake_.wait(lock, [&] { return go_.load(std::memory_order_acquire) != seen; });
        sleeping_ = false;
      }
      seen = go_.load(std::memory_order_acquire);
      if (stop_) return;
      call_(arg_);
      done_.store(seen, std::memory_order_release);
      std::lock_guard<std::mutex> lock(mu_);
      if (waiting_) finished_.notify_one();
    }
  }

  std::atomic<uint32_t> go_{0};    // jobs started
  std::atomic<uint32_t> done_{0};  // the last job finished
  void (*call_)(void*) = nullptr;  // written before go_ moves, read after
  void* arg_ = nullptr;
  bool stop_ = false;              // likewise
  std::mutex mu_;
  std::condition_variable wake_;
  bool sleeping_ = false;          // under mu_: the worker waits for a job
  std::condition_variable finished_;
  bool waiting_ = false;           // under mu_: the engine waits for the job's end
  std::thread thread_;             // last: starts once the fields above are set
};

}  // namespace chaintwin::sim
