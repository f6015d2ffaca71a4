#include "chaintwin/model/catena_x.hpp"

#include <fmt/format.h>

namespace chaintwin::model {

std::string FormatUtcOffset(int32_t minutes) {
  char sign = minutes < 0 ? '-' : '+';
  int32_t m = minutes < 0 ? -minutes : minutes;
  return fmt::format("{}{:02}:{:02}", sign, m / 60, m % 60);
}

}  // namespace chaintwin::model
