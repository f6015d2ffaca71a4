// The per-request compute limit (`serve --request-time-limit SECONDS`): a simulate, compare,
// plan or analyze request that would compute longer stops at the limit and answers 504 with
// the JSON error body, instead of holding a handler thread. The library is asked to stop where
// it can (the plan LP's time limit, between sensitivity runs, between the sites of a
// time-to-survive analysis) and the handler checks between its phases; one simulation run is
// not cut (its cost is bounded by the days asked and the served network).
#pragma once

#include <chrono>
#include <string>

#include <fmt/format.h>

#include "server/api_error.hpp"

namespace chaintwin::server {

class Deadline {
 public:
  // `seconds` <= 0: no limit.
  explicit Deadline(double seconds)
      : seconds_(seconds),
        end_(std::chrono::steady_clock::now() +
             std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                 std::chrono::duration<double>(seconds > 0 ? seconds : 0))) {}

  bool Expired() const { return seconds_ > 0 && std::chrono::steady_clock::now() >= end_; }
  // Seconds left (at least a millisecond); 0 when there is no limit.
  double Remaining() const {
    if (seconds_ <= 0) return 0.0;
    double left = std::chrono::duration<double>(end_ - std::chrono::steady_clock::now()).count();
    return left > 1e-3 ? left : 1e-3;
  }
  // Throws the 504 answer when the limit has passed.
  void Check() const {
    if (Expired()) Fail();
  }
  [[noreturn]] void Fail() const {
    throw ApiError(504, fmt::format("the request needs more computing than this server allows "
                                    "({:g} s per request, serve --request-time-limit): ask for "
                                    "less (fewer days, sites or inputs) or use the CLI",
                                    seconds_));
  }

 private:
  double seconds_;
  std::chrono::steady_clock::time_point end_;
};

}  // namespace chaintwin::server
