#include "chaintwin/report/timeline_csv.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::report {
namespace {
constexpr size_t kBlock = 1 << 20;
constexpr size_t kColumns = 7;  // printed; the roll-up keeps an 8th, closing wip
constexpr size_t kSlotSums = 8;

// Shortest text that reads back to the same double; 0 for tiny rounding residue.
void PutNumber(std::string& out, double v) {
  if (v > -1e-12 && v < 1e-12) v = 0.0;
  fmt::format_to(std::back_inserter(out), "{}", v);
}
}  // namespace

TimelineCsvWriter::TimelineCsvWriter(const std::string& path, int32_t start_date, Rollup rollup)
    : path_(path), start_date_(start_date), rollup_(rollup) {
  if (path == "-") {
    file_ = stdout;
  } else {
    // A device or pipe (/dev/full, a FIFO) is written directly; a file through path.partial.
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    const bool special = std::filesystem::exists(status) && !std::filesystem::is_regular_file(status);
    partial_ = special ? path : path + ".partial";
    special_ = special;
    file_ = std::fopen(partial_.c_str(), "wb");
    owns_ = true;
    if (file_ == nullptr) {
      throw Error(fmt::format("cannot write timeline '{}': {}", path, std::strerror(errno)));
    }
  }
  buffer_.reserve(kBlock + 4096);
  buffer_ = rollup == Rollup::kDay
                ? "day,date,site,material,opening,received,produced,consumed,shipped,closing,"
                  "unmet\n"
                : "period_start_day,period_start_date,period_end_day,period_end_date,site,"
                  "material,opening,received,produced,consumed,shipped,closing,unmet\n";
}

TimelineCsvWriter::~TimelineCsvWriter() {
  if (file_ != nullptr) {
    // Not closed: an exception unwound the run. Leave nothing under the name asked for.
    if (owns_) {
      std::fclose(file_);
      std::error_code ec;
      if (!special_) std::filesystem::remove(partial_, ec);
    }
  }
}

void TimelineCsvWriter::Put(const void* data, size_t size) {
  if (failed_ || size == 0) return;
  if (std::fwrite(data, 1, size, file_) != size) {
    failed_ = true;
    error_ = errno;
  }
}

void TimelineCsvWriter::FlushPeriod(const model::CompiledNetwork& net) {
  if (period_first_ < 0) return;
  const std::string first = util::FormatDate(start_date_ + period_first_);
  const std::string last = util::FormatDate(start_date_ + period_last_);
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    fmt::format_to(std::back_inserter(buffer_), "{},{},{},{},{},{}", period_first_, first,
                   period_last_, last, net.site_key[net.slot_site[slot].value],
                   net.material_key[net.slot_material[slot].value]);
    const double* s = &sums_[slot * kSlotSums];
    for (size_t c = 0; c < (has_wip_ ? kColumns + 1 : kColumns); ++c) {
      buffer_.push_back(',');
      PutNumber(buffer_, s[c]);
    }
    buffer_.push_back('\n');
    if (buffer_.size() >= kBlock) {
      Put(buffer_.data(), buffer_.size());
      buffer_.clear();
    }
  }
  period_first_ = -1;
}

void TimelineCsvWriter::Day(const model::CompiledNetwork& net, const sim::DayFigures& f) {
  if (failed_) return;
  if (first_day_ && f.wip != nullptr) {  // only the header is in the buffer yet
    buffer_.pop_back();
    buffer_ += ",wip\n";
    has_wip_ = true;
  }
  first_day_ = false;
  const std::string date = util::FormatDate(start_date_ + f.day);
  if (rollup_ != Rollup::kDay) {
    net_ = &net;
    std::string key = rollup_ == Rollup::kMonth ? date.substr(0, 7)
                                                : std::to_string(f.day / 7);
    if (period_first_ >= 0 && key != period_key_) FlushPeriod(net);
    const bool fresh = period_first_ < 0;
    if (fresh) {
      period_first_ = f.day;
      period_key_ = key;
      sums_.assign(static_cast<size_t>(net.num_slots()) * kSlotSums, 0.0);
    }
    period_last_ = f.day;
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      double* s = &sums_[slot * kSlotSums];
      if (fresh) s[0] = f.opening[slot];
      s[1] += f.received[slot];
      s[2] += f.produced[slot];
      s[3] += f.consumed[slot];
      s[4] += f.shipped[slot];
      s[5] = f.closing[slot];
      s[6] += f.unmet[slot];
      if (f.wip != nullptr) s[7] = f.wip[slot];
    }
    return;
  }
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    fmt::format_to(std::back_inserter(buffer_), "{},{},{},{},", f.day, date,
                   net.site_key[net.slot_site[slot].value],
                   net.material_key[net.slot_material[slot].value]);
    for (const double* col : {f.opening, f.received, f.produced, f.consumed, f.shipped, f.closing}) {
      PutNumber(buffer_, col[slot]);
      buffer_.push_back(',');
    }
    PutNumber(buffer_, f.unmet[slot]);
    if (f.wip != nullptr) {
      buffer_.push_back(',');
      PutNumber(buffer_, f.wip[slot]);
    }
    buffer_.push_back('\n');
    if (buffer_.size() >= kBlock) {
      Put(buffer_.data(), buffer_.size());
      buffer_.clear();
    }
  }
}

void TimelineCsvWriter::Close() {
  if (file_ == nullptr) return;
  if (net_ != nullptr) FlushPeriod(*net_);
  Put(buffer_.data(), buffer_.size());
  buffer_.clear();
  if (!failed_ && std::fflush(file_) != 0) {
    failed_ = true;
    error_ = errno;
  }
  if (owns_ && std::fclose(file_) != 0 && !failed_) {
    failed_ = true;
    error_ = errno;
  }
  file_ = nullptr;
  std::error_code ec;
  if (!failed_ && owns_ && !special_) {
    std::filesystem::rename(partial_, path_, ec);
    if (ec) {
      failed_ = true;
      error_ = ec.value();
    }
  }
  if (failed_) {
    if (owns_ && !special_) std::filesystem::remove(partial_, ec);
    throw Error(fmt::format("cannot write timeline '{}': {}{}", path_,
                            std::strerror(error_ != 0 ? error_ : EIO),
                            owns_ && !special_ ? "; the partial file was removed" : ""));
  }
}

}  // namespace chaintwin::report
