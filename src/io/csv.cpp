// CSV tables (RFC 4180: comma separated, "quoted" cells with "" for a quote, CRLF or LF) read
// into the same tree as YAML, so a CSV row is checked exactly like the YAML map it stands for.
#include <fmt/format.h>

#include "io/doc.hpp"

namespace chaintwin::io {
namespace {

struct Cell {
  std::string text;
  int line = 0;
  int column = 0;
};

struct Row {
  std::vector<Cell> cells;
  int line = 0;
};

// Splits the text into rows of cells, tracking the line and column where each cell starts.
bool SplitRows(const std::string& text, const std::string& file, std::vector<Row>& rows,
               util::Diagnostics& diagnostics) {
  int line = 1;
  int column = 1;
  size_t i = 0;
  while (i < text.size()) {
    Row row;
    row.line = line;
    bool end_of_row = false;
    while (!end_of_row) {
      Cell cell{"", line, column};
      if (i < text.size() && text[i] == '"') {
        int open_line = line;
        int open_column = column;
        ++i;
        ++column;
        bool closed = false;
        while (i < text.size()) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell.text += '"';
              i += 2;
              column += 2;
              continue;
            }
            ++i;
            ++column;
            closed = true;
            break;
          }
          cell.text += c;
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
          return false;
        }
      }
      while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        cell.text += text[i];
        ++i;
        ++column;
      }
      row.cells.push_back(std::move(cell));
      if (i < text.size() && text[i] == ',') {
        ++i;
        ++column;
        continue;
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      ++line;
      column = 1;
      end_of_row = true;
    }
    bool blank = row.cells.size() == 1 && row.cells[0].text.find_first_not_of(" \t") == std::string::npos;
    if (!blank) rows.push_back(std::move(row));
  }
  return true;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::optional<CsvTable> ParseCsv(const std::string& text, const std::string& file,
                                util::Diagnostics& diagnostics) {
  if (!CheckText(text, file, diagnostics)) return std::nullopt;
  std::vector<Row> rows;
  if (!SplitRows(text, file, rows, diagnostics)) return std::nullopt;
  if (rows.empty()) {
    diagnostics.push_back(util::Diagnostic{file, 0, 0, "",
                                           "CSV file is empty: expected a header row naming "
                                           "the columns"});
    return std::nullopt;
  }
  auto shared_file = std::make_shared<const std::string>(file);
  const Row& header = rows.front();
  std::vector<std::string> names;
  bool ok = true;
  for (const Cell& cell : header.cells) {
    std::string name = Trim(cell.text);
    if (name.empty()) {
      diagnostics.push_back(util::Diagnostic{file, cell.line, cell.column, "",
                                             "empty column name in the header row"});
      ok = false;
    }
    for (const std::string& seen : names) {
      if (seen == name && !name.empty()) {
        diagnostics.push_back(util::Diagnostic{file, cell.line, cell.column, "",
                                               fmt::format("duplicate column `{}`", name)});
        ok = false;
      }
    }
    names.push_back(name);
  }
  CsvTable csv;
  for (size_t c = 0; c < names.size(); ++c) {
    csv.columns.push_back(DocEntry{names[c], header.cells[c].line, header.cells[c].column, {}});
  }
  DocNode& table = csv.rows;
  table.kind = DocNode::Kind::kList;
  table.file = shared_file;
  table.line = header.line;
  table.column = 1;
  for (size_t r = 1; r < rows.size(); ++r) {
    const Row& row = rows[r];
    if (row.cells.size() != names.size()) {
      diagnostics.push_back(util::Diagnostic{
          file, row.line, 1, "",
          fmt::format("row has {} cells, expected {} (one per header column)", row.cells.size(),
                      names.size())});
      ok = false;
      continue;
    }
    DocNode map;
    map.kind = DocNode::Kind::kMap;
    map.file = shared_file;
    map.line = row.line;
    map.column = 1;
    for (size_t c = 0; c < names.size(); ++c) {
      std::string value = Trim(row.cells[c].text);
      if (value.empty()) continue;
      DocNode scalar;
      scalar.kind = DocNode::Kind::kScalar;
      scalar.file = shared_file;
      scalar.line = row.cells[c].line;
      scalar.column = row.cells[c].column;
      scalar.text = std::move(value);
      map.entries.push_back(DocEntry{names[c], scalar.line, scalar.column, std::move(scalar)});
    }
    table.items.push_back(std::move(map));
  }
  if (!ok) return std::nullopt;
  return csv;
}

}  // namespace chaintwin::io
