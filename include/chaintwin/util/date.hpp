// Civil dates as days since 1970-01-01 (proleptic Gregorian), ISO 8601 text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chaintwin::util {

// Days since 1970-01-01 of a valid civil date.
int32_t DaysFromCivil(int year, unsigned month, unsigned day);
// "YYYY-MM-DD" of a day number.
std::string FormatDate(int32_t days);
// Parses "YYYY-MM-DD" (ISO 8601 calendar date). Returns nullopt for anything else,
// including impossible dates such as 2025-02-30.
std::optional<int32_t> ParseDate(std::string_view text);

}  // namespace chaintwin::util
