// CSV tables named by a network's `tables:` map: read, parsed and their header checked
// against the columns each table takes (docs/FORMATS.md, "CSV tables").
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/network_builder.hpp"

namespace chaintwin::io {

const LoadedTable* NetworkBuilder::LoadTable(const DocNode& map, std::string_view name,
                                             const std::vector<std::string_view>& required,
                                             const std::vector<std::string_view>& optional) {
  std::string path = Member("tables", name);
  auto file = reader_.Text(map, name, "tables");
  if (!file) return nullptr;
  std::filesystem::path full = std::filesystem::path(*file).is_absolute()
                                   ? std::filesystem::path(*file)
                                   : std::filesystem::path(base_dir_) / *file;
  util::Diagnostics read_problems;
  auto text = ReadTextFile(full.lexically_normal().string(), read_problems);
  if (!text) {
    reader_.Error(*map.Find(name), path,
                  fmt::format("cannot read CSV table '{}': {} (looked for '{}')", *file,
                              read_problems.front().message, full.lexically_normal().string()));
    return nullptr;
  }
  auto csv = ParseCsv(std::move(*text), full.lexically_normal().string(), reader_.diagnostics());
  if (!csv) return nullptr;
  std::vector<std::string_view> all = required;
  all.insert(all.end(), optional.begin(), optional.end());
  std::vector<std::string_view> present;
  for (const CsvTable::Column& column : csv->columns()) present.push_back(column.name);
  auto is_present = [&](std::string_view column) {
    return std::find(present.begin(), present.end(), column) != present.end();
  };
  DocNode header_at;  // a position in the header row
  header_at.file = csv->file();
  // One message per header typo: a misspelt required column is reported once, at the cell,
  // as the unknown column and the missing one it stands for.
  std::vector<std::string_view> typo_of;  // required columns reported with their typo
  for (const CsvTable::Column& column : csv->columns()) {
    if (std::find(all.begin(), all.end(), column.name) != all.end()) continue;
    std::string hint = ClosestMatch(column.name, all);
    header_at.line = column.line;
    header_at.column = column.column;
    bool required_missing = !hint.empty() && !is_present(hint) &&
                            std::find(required.begin(), required.end(), hint) != required.end();
    if (required_missing) {
      typo_of.push_back(*std::find(required.begin(), required.end(), hint));
      reader_.Error(header_at, std::string(name),
                    fmt::format("unknown column `{}` (did you mean `{}`?); `{}` is required, so "
                                "the table is not read",
                                column.name, hint, hint));
    } else {
      reader_.Error(header_at, std::string(name),
                    hint.empty() ? fmt::format("unknown column `{}` (expected columns: {})",
                                               column.name, fmt::join(all, ", "))
                                 : fmt::format("unknown column `{}` (did you mean `{}`?)",
                                               column.name, hint));
    }
  }
  bool has_required = true;
  for (std::string_view column : required) {
    if (is_present(column)) continue;
    has_required = false;
    if (std::find(typo_of.begin(), typo_of.end(), column) != typo_of.end()) continue;
    header_at.line = 1;
    header_at.column = 1;
    reader_.Error(header_at, std::string(name),
                  fmt::format("missing required column `{}` (the header has: {})", column,
                              fmt::join(present, ", ")));
  }
  // Unknown columns are reported above and ignored; rows without a required column are not
  // read, since every one of them would repeat the same problem.
  if (!has_required) return nullptr;
  tables_.push_back(LoadedTable{std::string(name), std::move(*csv)});
  return &tables_.back();
}

}  // namespace chaintwin::io
