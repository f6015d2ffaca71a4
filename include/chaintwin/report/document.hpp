// One result schema for every verb. A verb builds a `Document`: a few scalar fields (nested
// by dotted names, "totals.unserved_demand_gwh") and named sections of typed rows (`Records`).
// The same document renders as JSON (`Json`), as CSV per section (`Csv`) and as its own JSON
// Schema (`Schema`, committed under docs/schema/ and checked by the tests), so JSON and CSV
// hold the same rows with the same field names, and a new column is one `Add` call plus one
// cell per row.
//
// Conventions every renderer follows (docs/CLI.md "Machine-readable output"):
//   - "none" is a null cell: `null` in JSON, an empty CSV cell; never -1 or "-";
//   - CSV cells are plain numbers (shortest text that reads back to the same double), `true` /
//     `false`, ISO 8601 dates, or text; flags get their own boolean column;
//   - a day number `<stem>_day` sits beside its date `<stem>_date` (`AddDay`);
//   - every JSON document starts with "schema_version" and "verb".
// Field names are an interface: rename only with a new kSchemaVersion.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace chaintwin::report {

// Bumped when a field is renamed, removed or changes type (adding fields does not bump it).
inline constexpr int kSchemaVersion = 1;

enum class Type {
  kString,
  kInteger,
  kNumber,
  kBoolean,
  kDate,        // ISO 8601 calendar date, "2026-02-12"
  kStringList,  // JSON array of strings; in CSV joined with ';'
  kNumberList,  // JSON array of numbers (a columnar series); in CSV joined with ';'
  kIntegerList, // JSON array of whole numbers; in CSV joined with ';'
};

// One value: none (std::monostate), text, whole number, number, yes/no or a list of texts.
using Cell = std::variant<std::monostate, std::string, int64_t, double, bool,
                          std::vector<std::string>, std::vector<double>, std::vector<int64_t>>;

inline Cell None() { return Cell{}; }
inline Cell Text(std::string s) { return Cell{std::move(s)}; }
inline Cell Int(int64_t v) { return Cell{v}; }
inline Cell Num(double v) { return Cell{v}; }
inline Cell Bool(bool v) { return Cell{v}; }
inline Cell List(std::vector<std::string> v) { return Cell{std::move(v)}; }
inline Cell Numbers(std::vector<double> v) { return Cell{std::move(v)}; }
inline Cell Integers(std::vector<int64_t> v) { return Cell{std::move(v)}; }
// A day number, none when negative (the engine's "never").
Cell DayOrNone(int32_t day);
// The ISO date of scenario day `day` from `start_date` (days since 1970-01-01); none when
// `day` is negative.
Cell DateOrNone(int32_t start_date, int32_t day);

struct Column {
  std::string name;
  Type type = Type::kString;
  bool nullable = false;
  std::string description;
};

// A table of typed rows. Cells are checked against their column when added (CT_CHECK: a
// renderer bug, not bad input): a null only in a nullable column, a number in a number column.
// Non-finite numbers are rendered as none, so a column that can hold them must be nullable.
class Records {
 public:
  Records& Add(std::string name, Type type, std::string description, bool nullable = false);
  // Two columns: `<stem>_day` (integer, scenario day; 0 = start date) and `<stem>_date`.
  Records& AddDay(const std::string& stem, const std::string& description, bool nullable = false);
  // Adds a row; `cells` holds one cell per column, in order (a day column takes two: use
  // `DayCells`).
  void Row(std::vector<Cell> cells);
  // The two cells of an `AddDay` pair.
  static std::pair<Cell, Cell> DayCells(int32_t start_date, int32_t day);

  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<std::vector<Cell>>& rows() const { return rows_; }
  size_t size() const { return rows_.size(); }
  // RFC 4180 CSV with a header row.
  std::string Csv() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
};

class Document {
 public:
  // `verb` as typed: "simulate", "analyze tts", "data sources".
  explicit Document(std::string verb);
  ~Document();
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;

  // A scalar field; a dotted name ("totals.demand_gwh") nests it in an object.
  Document& Field(const std::string& name, Type type, Cell value, std::string description,
                  bool nullable = false);
  // A new section (a JSON array of row objects; one CSV file). The reference stays valid
  // while the document lives. A dotted name ("timeline.series") nests the array in an object.
  Records& Section(const std::string& name, std::string description);
  // Leaves the top-level field or section `name` out of the schema's "required" list: a part
  // only some runs have (simulate --include).
  Document& Optional(const std::string& name);
  // The section named `name`, or nullptr.
  const Records* Find(const std::string& name) const;
  // Section names in the order they were added.
  std::vector<std::string> SectionNames() const;
  const std::string& verb() const { return verb_; }

  // The whole document, pretty-printed (indent -1: compact, as the server sends its largest
  // answers), ending in a newline.
  std::string Json(int indent = 2) const;
  // The CSV of one section (the first when `name` is empty). Throws Error for an unknown name.
  std::string Csv(const std::string& name = "") const;
  // JSON Schema (draft 2020-12) that `Json()` satisfies; ends in a newline.
  std::string Schema() const;

 private:
  struct FieldEntry;
  struct SectionEntry;
  std::string verb_;
  std::vector<FieldEntry> fields_;
  std::vector<std::unique_ptr<SectionEntry>> sections_;
  std::vector<std::string> optional_;
};

}  // namespace chaintwin::report
