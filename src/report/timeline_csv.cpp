#include "chaintwin/report/timeline_csv.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"

namespace chaintwin::report {
namespace {
constexpr size_t kBlock = 1 << 20;

// Shortest text that reads back to the same double; 0 for tiny rounding residue.
void Put(std::string& out, double v) {
  if (v > -1e-12 && v < 1e-12) v = 0.0;
  fmt::format_to(std::back_inserter(out), "{}", v);
}
}  // namespace

TimelineCsvWriter::TimelineCsvWriter(const std::string& path) : path_(path) {
  if (path == "-") {
    file_ = stdout;
  } else {
    file_ = std::fopen(path.c_str(), "wb");
    owns_ = true;
    if (file_ == nullptr) {
      throw Error(fmt::format("cannot write timeline '{}': {}", path, std::strerror(errno)));
    }
  }
  buffer_.reserve(kBlock + 4096);
  buffer_ = "day,site,material,opening,received,produced,consumed,shipped,closing,unmet\n";
}

TimelineCsvWriter::~TimelineCsvWriter() {
  if (file_ != nullptr) {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    if (owns_) std::fclose(file_);
  }
}

void TimelineCsvWriter::Day(const model::CompiledNetwork& net, const sim::DayFigures& f) {
  if (first_day_ && f.wip != nullptr) {  // only the header is in the buffer yet
    buffer_.pop_back();
    buffer_ += ",wip\n";
  }
  first_day_ = false;
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    fmt::format_to(std::back_inserter(buffer_), "{},{},{},", f.day,
                   net.site_key[net.slot_site[slot].value],
                   net.material_key[net.slot_material[slot].value]);
    for (const double* col : {f.opening, f.received, f.produced, f.consumed, f.shipped, f.closing}) {
      Put(buffer_, col[slot]);
      buffer_.push_back(',');
    }
    Put(buffer_, f.unmet[slot]);
    if (f.wip != nullptr) {
      buffer_.push_back(',');
      Put(buffer_, f.wip[slot]);
    }
    buffer_.push_back('\n');
    if (buffer_.size() >= kBlock) {
      std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
      buffer_.clear();
    }
  }
}

void TimelineCsvWriter::Close() {
  if (file_ == nullptr) return;
  size_t n = std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  buffer_.clear();
  int rc = std::fflush(file_);
  if (owns_) rc |= std::fclose(file_);
  file_ = nullptr;
  if (n == 0 && rc != 0) throw Error(fmt::format("cannot write timeline '{}'", path_));
  if (rc != 0) throw Error(fmt::format("cannot write timeline '{}': {}", path_, std::strerror(errno)));
}

}  // namespace chaintwin::report
