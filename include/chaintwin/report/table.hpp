// A table of text cells, rendered for a terminal (aligned columns, numbers right-aligned) or as
// CSV (RFC 4180 quoting). Shared by every verb of cli/ and, later, by the server's reports.
#pragma once

#include <string>
#include <vector>

namespace chaintwin::report {

class Table {
 public:
  enum class Align { kLeft, kRight };
  explicit Table(std::string title = "") : title_(std::move(title)) {}

  Table& Column(std::string header, Align align = Align::kLeft);
  // Adds a row; cells beyond the columns are ignored, missing cells are empty.
  Table& Row(std::vector<std::string> cells);
  size_t rows() const { return rows_.size(); }

  // Aligned text with a title line and a header underline; long cells are kept whole.
  std::string RenderText() const;
  // CSV with a header row; no title.
  std::string RenderCsv() const;

 private:
  std::string title_;
  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;
};

// Number formatting shared by tables: fixed decimals, thousands separators for large values.
std::string FormatNumber(double value, int decimals = 1);
// Quotes a CSV cell when needed.
std::string CsvCell(const std::string& cell);

}  // namespace chaintwin::report
