// CSV tables (RFC 4180: comma separated, "quoted" cells with "" for a quote, CRLF or LF) read
// in one pass into a flat table: the text is kept once and each cell is a range of it, so a
// 200,000-row table costs one allocation per array, not one per cell. Rows are handed to the
// builders as DocNode maps (FillRow), so a CSV row is checked exactly like the YAML map it
// stands for.
#include <algorithm>
#include <cstring>
#include <array>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "io/doc.hpp"
#include "io/heap.hpp"

namespace chaintwin::io {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// The characters that end an unquoted cell, as a table: the scan runs over every byte.
constexpr auto kEndsCell = [] {
  std::array<bool, 256> table{};
  table[','] = table['\n'] = table['\r'] = true;
  return table;
}();

}  // namespace

int CsvTable::ColumnIndex(std::string_view name) const {
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (columns_[c].name == name) return static_cast<int>(c);
  }
  return -1;
}

void CsvTable::FillRow(size_t row, DocNode& out) const {
  const size_t width = columns_.size();
  const Cell* cells = cells_.data() + row * width;
  out.kind = DocNode::Kind::kMap;
  if (out.file != file_) out.file = file_;
  out.line = row_line_[row];
  out.column = 1;
  size_t given = 0;
  for (size_t c = 0; c < width; ++c) given += cells[c].begin != cells[c].end ? 1 : 0;
  out.entries.resize(given);
  size_t e = 0;
  for (size_t c = 0; c < width; ++c) {
    const Cell& cell = cells[c];
    if (cell.begin == cell.end) continue;
    DocEntry& entry = out.entries[e++];
    entry.key = columns_[c].name;  // views of the table
    entry.line = cell.line;
    entry.column = cell.column;
    DocNode& value = entry.value;
    value.kind = DocNode::Kind::kScalar;
    if (value.file != file_) value.file = file_;
    value.line = cell.line;
    value.column = cell.column;
    value.text = std::string_view(text_.data() + cell.begin, cell.end - cell.begin);
  }
}

std::optional<CsvTable> ParseCsv(std::string text, const std::string& file,
                                 util::Diagnostics& diagnostics) {
  if (!CheckText(text, file, diagnostics)) return std::nullopt;
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    diagnostics.push_back(
        util::Diagnostic{file, 0, 0, "", "CSV file is too large (4 GiB or more)"});
    return std::nullopt;
  }
  CsvTable csv;
  csv.file_ = InternFileName(file);
  csv.text_ = std::move(text);
  char* data = csv.text_.data();
  const size_t size = csv.text_.size();
  // Problems in rows are held back: an unclosed quote is then the only problem reported,
  // since everything after it would be misread.
  util::Diagnostics problems;
  bool have_header = false;
  std::vector<CsvTable::Cell> header;
  std::vector<CsvTable::Cell>& cells = csv.cells_;
  int line = 1;
  int column = 1;
  // A UTF-8 byte order mark (Excel's "CSV UTF-8") is not part of the first column's name.
  size_t i = size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  while (i < size) {
    std::vector<CsvTable::Cell>& row = have_header ? cells : header;
    const size_t row_first = row.size();
    const int row_line = line;
    while (true) {
      CsvTable::Cell cell;
      cell.line = line;
      cell.column = column;
      const size_t cell_start = i;
      size_t out = i;  // the unescaped text is written back in place: out <= i always
      if (data[i] == '"') {
        int open_line = line;
        int open_column = column;
        ++i;
        ++column;
        bool closed = false;
        while (i < size) {
          char c = data[i];
          if (c == '"') {
            if (i + 1 < size && data[i + 1] == '"') {
              data[out++] = '"';
              i += 2;
              column += 2;
              continue;
            }
            ++i;
            ++column;
            closed = true;
            break;
          }
          data[out++] = c;
          ++i;
          if (c == '\n') {
            ++line;
            column = 1;
          } else {
            ++column;
          }
        }
        if (!closed) {
          diagnostics.push_back(util::Diagnostic{file, open_line, open_column, "",
                                                 "quoted cell is never closed: expected a "
                                                 "closing '\"'"});
          return std::nullopt;
        }
      }
      const size_t rest = i;
      while (i < size && !kEndsCell[static_cast<unsigned char>(data[i])]) ++i;
      column += static_cast<int>(i - rest);
      if (out != rest) std::copy(data + rest, data + i, data + out);
      out += i - rest;
      cell.begin = static_cast<uint32_t>(cell_start);
      cell.end = static_cast<uint32_t>(out);
      row.push_back(cell);
      if (i < size && data[i] == ',') {
        ++i;
        ++column;
        continue;
      }
      if (i < size && data[i] == '\r') ++i;
      if (i < size && data[i] == '\n') ++i;
      ++line;
      column = 1;
      break;
    }
    const size_t row_cells = row.size() - row_first;
    bool blank = row_cells == 1 && std::all_of(data + row.back().begin, data + row.back().end,
                                               IsBlank);
    // Cells are kept trimmed of spaces and tabs; an empty cell is "not given".
    for (size_t c = row_first; c < row.size(); ++c) {
      CsvTable::Cell& cell = row[c];
      while (cell.begin < cell.end && IsBlank(data[cell.begin])) ++cell.begin;
      while (cell.end > cell.begin && IsBlank(data[cell.end - 1])) --cell.end;
    }
    if (blank) {
      row.resize(row_first);
      continue;
    }
    if (!have_header) {
      have_header = true;
      // One row per line is the usual case: reserve for it.
      size_t lines = static_cast<size_t>(std::count(data + i, data + size, '\n')) + 1;
      cells.reserve(lines * header.size());
      AdviseHugePages(cells.data(), cells.capacity() * sizeof(CsvTable::Cell));
      csv.row_line_.reserve(lines);
      continue;
    }
    if (row_cells != header.size()) {
      problems.push_back(util::Diagnostic{
          file, row_line, 1, "",
          fmt::format("row has {} cells, expected {} (one per header column)", row_cells,
                      header.size())});
      row.resize(row_first);
      continue;
    }
    csv.row_line_.push_back(row_line);
  }
  if (!have_header) {
    diagnostics.push_back(util::Diagnostic{file, 0, 0, "",
                                           "CSV file is empty: expected a header row naming "
                                           "the columns"});
    return std::nullopt;
  }
  bool ok = problems.empty();
  util::Diagnostics header_problems;
  for (const CsvTable::Cell& cell : header) {
    std::string name(data + cell.begin, cell.end - cell.begin);
    if (name.empty()) {
      header_problems.push_back(util::Diagnostic{file, cell.line, cell.column, "",
                                                 "empty column name in the header row"});
      ok = false;
    }
    for (const CsvTable::Column& seen : csv.columns_) {
      if (seen.name == name && !name.empty()) {
        header_problems.push_back(util::Diagnostic{file, cell.line, cell.column, "",
                                                   fmt::format("duplicate column `{}`", name)});
        ok = false;
      }
    }
    csv.columns_.push_back(CsvTable::Column{std::move(name), cell.line, cell.column});
  }
  diagnostics.insert(diagnostics.end(), header_problems.begin(), header_problems.end());
  diagnostics.insert(diagnostics.end(), problems.begin(), problems.end());
  if (!ok) return std::nullopt;
  return csv;
}

}  // namespace chaintwin::io
