// A progress bar on standard error for long commands (montecarlo, analyze tts).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace chaintwin::cli {

// "[#########...........] 1,234/5,000 runs  410 runs/s  ETA 9 s" on stderr, redrawn in place
// at most ten times a second; a newline once done == total. `unit` names what is counted.
// Callers draw it only when StderrIsTerminal() and the user did not pass --no-progress.
class ProgressBar {
 public:
  explicit ProgressBar(std::string unit) : unit_(std::move(unit)) {}
  void Update(uint64_t done, uint64_t total);

 private:
  std::string unit_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

// "LP phase 1: 12,345 iterations, 4.2 s (limit 60 s)" on stderr for a solver with no known
// total, redrawn in place at most ten times a second; Done() ends the line.
class SolverStatusLine {
 public:
  explicit SolverStatusLine(double time_limit_seconds) : limit_(time_limit_seconds) {}
  void Update(int phase, int iterations, double seconds);
  void Done();

 private:
  double limit_ = 0.0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace chaintwin::cli
