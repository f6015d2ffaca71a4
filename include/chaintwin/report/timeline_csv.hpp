// Streams the day-by-day timeline as CSV: one row per day, site and material, with exactly the
// columns day,site,material,opening,received,produced,consumed,shipped,closing,unmet, and a
// last column `wip` (closing work in process) when the network has a production lead time.
// Written through a buffer in blocks as the run goes; never held whole in memory.
#pragma once

#include <cstdio>
#include <string>

#include "chaintwin/sim/engine.hpp"

namespace chaintwin::report {

class TimelineCsvWriter : public sim::TimelineSink {
 public:
  // Opens `path` for writing ("-" for standard output). Throws Error when it cannot be opened.
  explicit TimelineCsvWriter(const std::string& path);
  ~TimelineCsvWriter() override;
  TimelineCsvWriter(const TimelineCsvWriter&) = delete;
  TimelineCsvWriter& operator=(const TimelineCsvWriter&) = delete;

  void Day(const model::CompiledNetwork& network, const sim::DayFigures& figures) override;
  // Flushes and closes; throws Error when the data could not all be written.
  void Close();

 private:
  std::FILE* file_ = nullptr;
  bool owns_ = false;
  std::string path_;
  std::string buffer_;
  bool first_day_ = true;
};

}  // namespace chaintwin::report
