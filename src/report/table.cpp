#include "chaintwin/report/table.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace chaintwin::report {
namespace {
// Display width of UTF-8 text: code points, not bytes.
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

Table& Table::Column(std::string header, Align align) {
  headers_.push_back(std::move(header));
  aligns_.push_back(align);
  return *this;
}

Table& Table::Row(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
  return *this;
}

std::string Table::RenderText() const {
  std::vector<size_t> width(headers_.size());
  for (size_t c = 0; c < headers_.size(); ++c) width[c] = Width(headers_[c]);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], Width(row[c]));
  }
  std::string out;
  if (!title_.empty()) out += title_ + "\n";
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l;
    for (size_t c = 0; c < cells.size(); ++c) {
      size_t pad = width[c] - Width(cells[c]);
      if (c > 0) l += "  ";
      if (aligns_[c] == Align::kRight) l += std::string(pad, ' ') + cells[c];
      else l += cells[c] + (c + 1 < cells.size() ? std::string(pad, ' ') : "");
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(headers_);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows_) line(row);
  return out;
}

std::string CsvCell(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string q = "\"";
  for (char ch : cell) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

std::string Table::RenderCsv() const {
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) out += ',';
      out += CsvCell(cells[c]);
    }
    out += '\n';
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
  return out;
}

std::string FormatNumber(double value, int decimals) {
  if (!std::isfinite(value)) return value > 0 ? "inf" : (value < 0 ? "-inf" : "nan");
  std::string s = fmt::format("{:.{}f}", std::fabs(value), decimals);
  size_t dot = s.find('.');
  size_t int_end = dot == std::string::npos ? s.size() : dot;
  std::string grouped;
  for (size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) grouped += ',';
    grouped += s[i];
  }
  grouped += s.substr(int_end);
  bool negative = value < 0 && std::fabs(value) >= 0.5 * std::pow(10.0, -decimals);
  return negative ? "-" + grouped : grouped;
}

}  // namespace chaintwin::report
