// Value-or-Diagnostic for frequent, expected failures (a unit string that does not parse).
// Shaped like std::expected so it can be renamed when the compiler has it.
#pragma once

#include <utility>
#include <variant>

#include "chaintwin/util/check.hpp"
#include "chaintwin/util/diagnostic.hpp"

namespace chaintwin::util {

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}              // NOLINT: implicit on purpose
  Result(Diagnostic error) : v_(std::move(error)) {}     // NOLINT
  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  const T& value() const& {
    CT_CHECK(has_value(), "Result::value() on an error");
    return std::get<0>(v_);
  }
  T&& value() && {
    CT_CHECK(has_value(), "Result::value() on an error");
    return std::get<0>(std::move(v_));
  }
  const Diagnostic& error() const {
    CT_CHECK(!has_value(), "Result::error() on a value");
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Diagnostic> v_;
};

// Makes an error Result from a message alone; the caller fills in file and position.
inline Diagnostic Err(std::string message) {
  Diagnostic d;
  d.message = std::move(message);
  return d;
}

}  // namespace chaintwin::util
