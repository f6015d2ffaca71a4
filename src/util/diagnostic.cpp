#include "chaintwin/util/diagnostic.hpp"

#include "chaintwin/util/error.hpp"

#include <fmt/format.h>

namespace chaintwin {
namespace util {

std::string Diagnostic::ToString() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) {
      out += fmt::format(":{}", line);
      if (column > 0) out += fmt::format(":{}", column);
    }
    out += ": ";
  }
  out += "error: ";
  if (!path.empty()) out += path + ": ";
  out += message;
  return out;
}

}  // namespace util

namespace {
std::string Summarize(const util::Diagnostics& diagnostics) {
  if (diagnostics.empty()) return "invalid input";
  std::string s = diagnostics.front().ToString();
  if (diagnostics.size() > 1) s += fmt::format(" (and {} more)", diagnostics.size() - 1);
  return s;
}
}  // namespace

InputError::InputError(util::Diagnostics diagnostics)
    : Error(Summarize(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(std::string file, std::string message)
    : InputError(util::Diagnostics{util::Diagnostic{std::move(file), 0, 0, "", std::move(message)}}) {}

}  // namespace chaintwin
