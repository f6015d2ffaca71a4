// Streams the day-by-day timeline as CSV: one row per day, site and material, with exactly the
// columns day,date,site,material,opening,received,produced,consumed,shipped,closing,unmet, and
// a last column `wip` (closing work in process) when the network has a production lead time.
// With a roll-up (`--by week|month`), one row per period, site and material:
// period_start_day,period_start_date,period_end_day,period_end_date,site,material, then opening
// (first day's), received..shipped and unmet (summed), closing (last day's), and wip (last
// day's) when present. Weeks are 7-day blocks from day 0; months are calendar months.
// Written to `path.partial` in blocks as the run goes and renamed to `path` by Close(); never
// held whole in memory. A failed write is remembered (the day loop does not throw), stops
// further writes, and makes Close() remove the partial file and throw.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "chaintwin/sim/engine.hpp"

namespace chaintwin::report {

enum class Rollup { kDay, kWeek, kMonth };

class TimelineCsvWriter : public sim::TimelineSink {
 public:
  // Opens `path` for writing ("-" for standard output). `start_date` (days since 1970-01-01)
  // dates the rows. Throws Error when it cannot be opened.
  explicit TimelineCsvWriter(const std::string& path, int32_t start_date = 0,
                             Rollup rollup = Rollup::kDay);
  ~TimelineCsvWriter() override;
  TimelineCsvWriter(const TimelineCsvWriter&) = delete;
  TimelineCsvWriter& operator=(const TimelineCsvWriter&) = delete;

  void Day(const model::CompiledNetwork& network, const sim::DayFigures& figures) override;
  // Flushes, closes and renames the partial file; throws Error when the data could not all be
  // written (the partial file is then removed).
  void Close();

 private:
  void Put(const void* data, size_t size);
  void FlushPeriod(const model::CompiledNetwork& net);
  std::FILE* file_ = nullptr;
  bool owns_ = false;
  bool failed_ = false;
  bool special_ = false;  // a device or pipe: written in place
  int error_ = 0;
  std::string path_;
  std::string partial_;
  std::string buffer_;
  int32_t start_date_ = 0;
  Rollup rollup_ = Rollup::kDay;
  // Roll-up state: the open period and, per slot, its sums.
  const model::CompiledNetwork* net_ = nullptr;
  int32_t period_first_ = -1, period_last_ = -1;
  std::string period_key_;
  std::vector<double> sums_;  // 7 per slot: opening, received, produced, consumed, shipped, closing, unmet[, wip]
  bool first_day_ = true;
  bool has_wip_ = false;
};

}  // namespace chaintwin::report
