#include "chaintwin/report/document.hpp"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "chaintwin/report/table.hpp"
#include "chaintwin/util/check.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::report {
namespace {

using json = nlohmann::ordered_json;  // keys in column order

const char* TypeName(Type t) {
  switch (t) {
    case Type::kString: return "string";
    case Type::kInteger: return "integer";
    case Type::kNumber: return "number";
    case Type::kBoolean: return "boolean";
    case Type::kDate: return "date";
    case Type::kStringList: return "list";
    case Type::kNumberList: return "number list";
    case Type::kIntegerList: return "integer list";
  }
  return "?";
}

bool Fits(Type t, const Cell& c) {
  switch (c.index()) {
    case 0: return true;  // none; nullability checked by the caller
    case 1: return t == Type::kString || t == Type::kDate;
    case 2: return t == Type::kInteger;
    case 3: return t == Type::kNumber;
    case 4: return t == Type::kBoolean;
    case 5: return t == Type::kStringList;
    case 6: return t == Type::kNumberList;
    case 7: return t == Type::kIntegerList;
  }
  return false;
}

bool IsNone(const Cell& c) {
  if (std::holds_alternative<std::monostate>(c)) return true;
  const double* d = std::get_if<double>(&c);
  return d != nullptr && !std::isfinite(*d);
}

// A renderer bug, not bad input: stops with what broke.
void Require(bool ok, const std::string& what) {
  if (!ok) util::CheckFailed(__FILE__, __LINE__, "report", what.c_str());
}

void CheckCell(const Column& col, const Cell& c) {
  if (!Fits(col.type, c)) {
    Require(false, fmt::format("column '{}' ({}) got a cell of another type", col.name,
                               TypeName(col.type)));
  }
  if (!col.nullable && IsNone(c)) {
    Require(false, fmt::format("column '{}' is not nullable but got none", col.name));
  }
}

json ToJson(const Cell& c) {
  if (IsNone(c)) return nullptr;
  switch (c.index()) {
    case 1: return std::get<std::string>(c);
    case 2: return std::get<int64_t>(c);
    case 3: return std::get<double>(c);
    case 4: return std::get<bool>(c);
    case 5: return std::get<std::vector<std::string>>(c);
    case 6: {
      json a = json::array();
      for (double v : std::get<std::vector<double>>(c)) {
        a.push_back(std::isfinite(v) ? json(v == 0.0 ? 0.0 : v) : json(nullptr));
      }
      return a;
    }
    case 7: return std::get<std::vector<int64_t>>(c);
  }
  return nullptr;
}

std::string ToCsv(const Cell& c) {
  if (IsNone(c)) return "";
  switch (c.index()) {
    case 1: return CsvCell(std::get<std::string>(c));
    case 2: return fmt::format("{}", std::get<int64_t>(c));
    case 3: {
      double v = std::get<double>(c);
      return fmt::format("{}", v == 0.0 ? 0.0 : v);  // no "-0"
    }
    case 4: return std::get<bool>(c) ? "true" : "false";
    case 5: {
      std::string joined;
      for (const auto& s : std::get<std::vector<std::string>>(c)) {
        if (!joined.empty()) joined += ';';
        joined += s;
      }
      return CsvCell(joined);
    }
    case 6: {
      std::string joined;
      for (double v : std::get<std::vector<double>>(c)) {
        if (!joined.empty()) joined += ';';
        if (std::isfinite(v)) joined += fmt::format("{}", v == 0.0 ? 0.0 : v);
      }
      return joined;
    }
    case 7: return fmt::format("{}", fmt::join(std::get<std::vector<int64_t>>(c), ";"));
  }
  return "";
}

json TypeSchema(const Column& col) {
  json s;
  switch (col.type) {
    case Type::kString: s["type"] = "string"; break;
    case Type::kInteger: s["type"] = "integer"; break;
    case Type::kNumber: s["type"] = "number"; break;
    case Type::kBoolean: s["type"] = "boolean"; break;
    case Type::kDate:
      s["type"] = "string";
      s["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
      break;
    case Type::kStringList:
      s["type"] = "array";
      s["items"] = {{"type", "string"}};
      break;
    case Type::kNumberList:
      s["type"] = "array";
      s["items"] = {{"type", {"number", "null"}}};
      break;
    case Type::kIntegerList:
      s["type"] = "array";
      s["items"] = {{"type", "integer"}};
      break;
  }
  if (col.nullable) s["type"] = json::array({s["type"], "null"});
  if (!col.description.empty()) s["description"] = col.description;
  return s;
}

json Object() { return json::object({}); }

// The object schema at `path` (dotted) under `root`, created on the way.
json& SchemaAt(json& root, const std::vector<std::string>& path) {
  json* at = &root;
  for (const auto& part : path) {
    json& props = (*at)["properties"];
    if (!props.contains(part)) {
      props[part] = {{"type", "object"}, {"additionalProperties", false}, {"properties", Object()},
                     {"required", json::array()}};
      (*at)["required"].push_back(part);
    }
    at = &props[part];
  }
  return *at;
}

std::vector<std::string> Split(const std::string& dotted) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    parts.push_back(dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

}  // namespace

Cell DayOrNone(int32_t day) { return day < 0 ? None() : Int(day); }

Cell DateOrNone(int32_t start_date, int32_t day) {
  return day < 0 ? None() : Text(util::FormatDate(start_date + day));
}

Records& Records::Add(std::string name, Type type, std::string description, bool nullable) {
  CT_CHECK(rows_.empty(), "report: columns are added before rows");
  columns_.push_back(Column{std::move(name), type, nullable, std::move(description)});
  return *this;
}

Records& Records::AddDay(const std::string& stem, const std::string& description, bool nullable) {
  const std::string prefix = stem.empty() ? "" : stem + "_";
  Add(prefix + "day", Type::kInteger, description + " (scenario day; 0 = the start date)",
      nullable);
  return Add(prefix + "date", Type::kDate, description + " (ISO 8601 date)", nullable);
}

std::pair<Cell, Cell> Records::DayCells(int32_t start_date, int32_t day) {
  return {DayOrNone(day), DateOrNone(start_date, day)};
}

void Records::Row(std::vector<Cell> cells) {
  if (cells.size() != columns_.size()) {
    Require(false, fmt::format("row of {} cells for {} columns", cells.size(), columns_.size()));
  }
  for (size_t i = 0; i < cells.size(); ++i) CheckCell(columns_[i], cells[i]);
  rows_.push_back(std::move(cells));
}

std::string Records::Csv() const {
  std::string out;
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (c > 0) out += ',';
    out += CsvCell(columns_[c].name);
  }
  out += '\n';
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += ',';
      out += ToCsv(row[c]);
    }
    out += '\n';
  }
  return out;
}

struct Document::FieldEntry {
  std::string name;  // dotted
  Column column;
  Cell value;
};

struct Document::SectionEntry {
  std::string name;
  std::string description;
  Records records;
};

Document::Document(std::string verb) : verb_(std::move(verb)) {}
Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

Document& Document::Field(const std::string& name, Type type, Cell value, std::string description,
                          bool nullable) {
  Require(Find(Split(name).front()) == nullptr, "field '" + name + "' has the name of a section");
  Column col{name, type, nullable, std::move(description)};
  CheckCell(col, value);
  fields_.push_back(FieldEntry{name, std::move(col), std::move(value)});
  return *this;
}

Records& Document::Section(const std::string& name, std::string description) {
  Require(Find(name) == nullptr, "section '" + name + "' added twice");
  for (const auto& f : fields_) {
    Require(Split(f.name).front() != name, "section '" + name + "' has the name of a field");
  }
  sections_.push_back(std::make_unique<SectionEntry>(SectionEntry{name, std::move(description), {}}));
  return sections_.back()->records;
}

Document& Document::Optional(const std::string& name) {
  optional_.push_back(name);
  return *this;
}

const Records* Document::Find(const std::string& name) const {
  for (const auto& s : sections_) {
    if (s->name == name) return &s->records;
  }
  return nullptr;
}

std::vector<std::string> Document::SectionNames() const {
  std::vector<std::string> names;
  for (const auto& s : sections_) names.push_back(s->name);
  return names;
}

std::string Document::Json(int indent) const {
  json j = Object();
  j["schema_version"] = kSchemaVersion;
  j["verb"] = verb_;
  for (const auto& f : fields_) {
    json* at = &j;
    auto parts = Split(f.name);
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      if (!at->contains(parts[i])) (*at)[parts[i]] = Object();
      at = &(*at)[parts[i]];
    }
    (*at)[parts.back()] = ToJson(f.value);
  }
  for (const auto& s : sections_) {
    json rows = json::array();
    const auto& cols = s->records.columns();
    for (const auto& row : s->records.rows()) {
      json o = Object();
      for (size_t c = 0; c < cols.size(); ++c) o[cols[c].name] = ToJson(row[c]);
      rows.push_back(std::move(o));
    }
    json* at = &j;
    auto parts = Split(s->name);
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      if (!at->contains(parts[i])) (*at)[parts[i]] = Object();
      at = &(*at)[parts[i]];
    }
    (*at)[parts.back()] = std::move(rows);
  }
  return j.dump(indent) + "\n";
}

std::string Document::Csv(const std::string& name) const {
  if (name.empty()) {
    if (sections_.empty()) return "";
    return sections_.front()->records.Csv();
  }
  const Records* r = Find(name);
  if (r == nullptr) throw Error(fmt::format("no table '{}' in the {} result", name, verb_));
  return r->Csv();
}

std::string Document::Schema() const {
  json root = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
               {"$id", "chaintwin/" + verb_ + ".schema.json"},
               {"title", "chaintwin " + verb_ + " --format json"},
               {"type", "object"},
               {"additionalProperties", false},
               {"properties", Object()},
               {"required", json::array()}};
  root["properties"]["schema_version"] = {{"const", kSchemaVersion},
                                          {"description", "Version of this schema"}};
  root["properties"]["verb"] = {{"const", verb_}, {"description", "The verb that made it"}};
  root["required"] = {"schema_version", "verb"};
  for (const auto& f : fields_) {
    auto parts = Split(f.name);
    std::vector<std::string> parent(parts.begin(), parts.end() - 1);
    json& obj = SchemaAt(root, parent);
    obj["properties"][parts.back()] = TypeSchema(f.column);
    obj["required"].push_back(parts.back());
  }
  for (const auto& s : sections_) {
    json item = {{"type", "object"}, {"additionalProperties", false}, {"properties", Object()},
                 {"required", json::array()}};
    for (const auto& col : s->records.columns()) {
      item["properties"][col.name] = TypeSchema(col);
      item["required"].push_back(col.name);
    }
    auto parts = Split(s->name);
    json& obj = SchemaAt(root, std::vector<std::string>(parts.begin(), parts.end() - 1));
    obj["properties"][parts.back()] = {{"type", "array"}, {"description", s->description},
                                       {"items", item}};
    obj["required"].push_back(parts.back());
  }
  for (const auto& name : optional_) {
    json& required = root["required"];
    for (auto it = required.begin(); it != required.end(); ++it) {
      if (*it == name) {
        required.erase(it);
        break;
      }
    }
  }
  return root.dump(2) + "\n";
}

}  // namespace chaintwin::report
