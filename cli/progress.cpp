#include "progress.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "chaintwin/report/table.hpp"

namespace chaintwin::cli {

void ProgressBar::Update(uint64_t done, uint64_t total) {
  auto now = std::chrono::steady_clock::now();
  if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  constexpr int kWidth = 30;
  int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
  std::string eta =
      rate > 0 ? fmt::format("ETA {:.0f} s", static_cast<double>(total - done) / rate) : "ETA ?";
  std::fprintf(stderr, "\r[%s%s] %s/%s %s  %.0f %s/s  %s   ", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '.').c_str(),
               report::FormatNumber(static_cast<double>(done), 0).c_str(),
               report::FormatNumber(static_cast<double>(total), 0).c_str(), unit_.c_str(), rate,
               unit_.c_str(), eta.c_str());
  if (done >= total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

void SolverStatusLine::Update(int phase, int iterations, double seconds) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  std::string limit = limit_ > 0 ? fmt::format(" (limit {:.0f} s)", limit_) : "";
  std::fprintf(stderr, "\rLP phase %d: %s iterations, %.1f s%s   ", phase,
               report::FormatNumber(iterations, 0).c_str(), seconds, limit.c_str());
  std::fflush(stderr);
}

void SolverStatusLine::Done() {
  if (drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

}  // namespace chaintwin::cli
