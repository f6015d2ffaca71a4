// The three file formats of `chaintwin ingest` (docs/EVENTS.md): JSON Lines, CSV (one kind
// per file, Excel's BOM and `;` accepted) and Catena-X payloads, and the CSV templates.
#include <algorithm>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "chaintwin/twin/reader.hpp"
#include "twin/json_lines.hpp"
#include "twin/object_reader.hpp"
#include "twin/simd_view.hpp"

namespace chaintwin::twin {
namespace {

std::string_view StripBom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

util::Diagnostic FileError(const std::string& file, int line, int column, std::string message) {
  util::Diagnostic d;
  d.file = file;
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  return d;
}

// "parse error at line 1, column 4: ...": nlohmann's message without its exception id. A
// number too large for a double is an out_of_range error (406), not a parse_error, and has
// no byte: it is placed at column 1.
std::string JsonErrorText(const nlohmann::json::exception& e, size_t* byte) {
  const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&e);
  *byte = parse != nullptr ? parse->byte : 1;
  std::string what = e.what();
  if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
  return what;
}

}  // namespace

// The text of a whole JSON Lines file copied once with simdjson's padding, so that every line
// is parsed in place, and the parser.
struct FastLines {
  simdjson::padded_string text;
  simdjson::dom::parser parser;
};

namespace {

// One line of JSON Lines: an event, or its problems in `diags`. With `fast`, the line is
// parsed by simdjson and read through SimdView; a line simdjson refuses or that names a key
// twice is read by nlohmann as the plain path reads it, so the messages are the reference's
// and the texts only nlohmann accepts (a BOM, integers past 64 bits, the last of two equal
// keys) mean what they mean there.
std::optional<Event> ReadJsonLine(std::string_view row, size_t offset, int line,
                                  const std::string& file, const TwinContext& ctx,
                                  util::Diagnostics& diags, FastLines* fast) {
  Origin o{file, [line](const std::string&) { return std::pair<int, int>(line, 0); }, ""};
  ObjectReader r(ctx, diags, std::move(o));
  if (fast != nullptr) {
    simdjson::dom::element root;
    if (fast->parser.parse(fast->text.data() + offset, row.size(), false).get(root) ==
            simdjson::SUCCESS &&
        !HasDuplicateKeys(root)) {
      return ParseEvent(SimdView(root), r);
    }
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(row);
  } catch (const nlohmann::json::exception& e) {
    size_t byte = 0;
    std::string what = JsonErrorText(e, &byte);
    int column = static_cast<int>(std::min<size_t>(byte, row.size()));
    diags.push_back(FileError(file, line, std::max(column, 1),
                              fmt::format("not a JSON object ({}); each line holds one event",
                                          what)));
    return std::nullopt;
  }
  return ParseEvent(NlohmannView(j), r);
}

std::vector<Event> ReadJsonLines(std::string_view text, const std::string& file,
                                 const TwinContext& ctx, util::Diagnostics& diags,
                                 std::vector<int>& lines, JsonParser parser) {
  std::vector<Event> events;
  text = StripBom(text);
  // Room for an event per line (a hint only): an event's line is about 100 bytes at least, so
  // a text of blank lines cannot make this reserve more events than it has hundreds of bytes.
  const size_t rows = std::min<size_t>(
      static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1, text.size() / 100 + 1);
  events.reserve(rows);
  lines.reserve(rows);
  JsonLinesReader(text, file, ctx, parser).Read(SIZE_MAX, events, lines, diags);
  return events;
}

// --- CSV -----------------------------------------------------------------------------------

struct CsvRow {
  int line = 0;
  std::vector<std::string> cells;
};

// RFC 4180 with `delimiter`; problems (unclosed quote, ragged row) go to diags.
std::vector<CsvRow> SplitCsv(std::string_view text, char delimiter, const std::string& file,
                             util::Diagnostics& diags) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  int line = 1;
  row.line = 1;
  bool quoted = false, was_quoted = false;
  int quote_line = 0;
  auto end_cell = [&] {
    if (!was_quoted) {
      size_t a = cell.find_first_not_of(" \t"), b = cell.find_last_not_of(" \t");
      cell = a == std::string::npos ? "" : cell.substr(a, b - a + 1);
    }
    row.cells.push_back(std::move(cell));
    cell.clear();
    was_quoted = false;
  };
  auto end_row = [&] {
    end_cell();
    bool blank = row.cells.size() == 1 && row.cells[0].empty();
    if (!blank) rows.push_back(std::move(row));
    row = CsvRow{};
    row.line = line + 1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"' && cell.find_first_not_of(" \t") == std::string::npos) {
      cell.clear();
      quoted = was_quoted = true;
      quote_line = line;
    } else if (c == delimiter) {
      end_cell();
    } else if (c == '\n') {
      end_row();
      ++line;
    } else if (c != '\r') {
      cell.push_back(c);
    }
  }
  if (quoted) {
    diags.push_back(FileError(file, quote_line, 0, "a quoted cell is never closed (truncated file?)"));
    return {};
  }
  if (!cell.empty() || !row.cells.empty()) end_row();
  return rows;
}

// The JSON fields of a CSV template, in column order, and which are series columns.
struct CsvLayout {
  EventKind kind;
  std::vector<std::string_view> columns;
  std::string_view series;  // "demands" / "outputs" for series kinds, else ""
  std::string example;
};

const std::vector<CsvLayout>& Layouts() {
  static const std::vector<CsvLayout> layouts = {
      {EventKind::kItemStock,
       {"kind", "key", "owner", "customer", "supplier", "site", "material", "direction", "quantity",
        "blocked_quantity", "unit", "time"},
       "",
       "item_stock,stock-2026-03-02-jp-cell,BPNL00000000CELL,BPNL00000000CELL,BPNL0000000CNANO,"
       "jp_cell,anode_material,inbound,1200,0,t,2026-03-02T06:00:00+09:00"},
      {EventKind::kDemand,
       {"kind", "key", "owner", "customer", "supplier", "site", "material", "category", "day",
        "quantity", "unit", "time"},
       "demands",
       "demand,demand-2026-03-02,BPNL00000000CELL,BPNL00000000CELL,BPNL0000000CNANO,jp_cell,"
       "anode_material,0001,2026-03-03,40,t,2026-03-02T07:00:00+09:00"},
      {EventKind::kDelivery,
       {"kind", "key", "owner", "customer", "supplier", "origin", "destination", "material",
        "quantity", "unit", "incoterm", "tracking", "departure", "estimated_departure", "arrival",
        "estimated_arrival", "time"},
       "",
       "delivery,ship-MSKU1234567-1,BPNL0000000CNANO,BPNL00000000CELL,BPNL0000000CNANO,cn_anode,"
       "jp_cell,anode_material,300,t,CIF,MSKU1234567,2026-03-01T10:00:00Z,,,"
       "2026-03-05T08:00:00Z,2026-03-02T05:00:00Z"},
      {EventKind::kProduction,
       {"kind", "key", "owner", "customer", "supplier", "site", "material", "actual", "day",
        "quantity", "unit", "time"},
       "outputs",
       "production,plan-2026-03-02,BPNL0000000CNANO,BPNL00000000CELL,BPNL0000000CNANO,cn_anode,"
       "anode_material,false,2026-03-04,80,t,2026-03-02T06:00:00+08:00"},
      {EventKind::kCapacityNotice,
       {"kind", "key", "owner", "site", "material", "capacity", "from", "until", "text", "time"},
       "",
       "capacity_notice,cap-cn-anode-1,BPNL0000000CNANO,cn_anode,anode_material,20 t/d,"
       "2026-03-10,2026-04-10,line 2 maintenance,2026-03-02T06:00:00+08:00"},
      {EventKind::kQuality,
       {"kind", "key", "owner", "site", "material", "characteristic", "value", "time"},
       "",
       "quality,qm-lot-4711-d50,BPNL00000000CELL,jp_cell,anode_material,d50_um,17.9,"
       "2026-03-02T06:00:00+09:00"},
      {EventKind::kFailure,
       {"kind", "key", "owner", "site", "material", "quantity", "unit", "text", "time"},
       "",
       "failure,fail-2026-03-02-1,BPNL00000000CELL,jp_cell,anode_material,12,t,"
       "lot 4711 out of spec,2026-03-02T06:00:00+09:00"},
  };
  return layouts;
}

bool IsQuantityColumn(std::string_view c) { return c == "quantity" || c == "blocked_quantity"; }

std::vector<Event> ReadCsv(std::string_view text, const std::string& file, const TwinContext& ctx,
                           util::Diagnostics& diags, std::vector<int>& lines) {
  text = StripBom(text);
  std::string_view header = text.substr(0, text.find('\n'));
  size_t commas = std::count(header.begin(), header.end(), ',');
  size_t semis = std::count(header.begin(), header.end(), ';');
  // Excel writes `;` where the decimal mark is a comma: then "12,5" is 12.5.
  char delimiter = semis > commas ? ';' : ',';
  std::vector<CsvRow> rows = SplitCsv(text, delimiter, file, diags);
  if (rows.empty()) {
    if (diags.empty()) diags.push_back(FileError(file, 0, 0, "empty CSV file: expected a header row"));
    return {};
  }
  const CsvRow& head = rows[0];
  std::unordered_map<std::string, int> column_of;
  for (size_t c = 0; c < head.cells.size(); ++c) column_of[head.cells[c]] = static_cast<int>(c);
  auto kind_column = column_of.find("kind");
  const CsvLayout* layout = nullptr;
  if (kind_column != column_of.end() && rows.size() > 1 &&
      rows[1].cells.size() > static_cast<size_t>(kind_column->second)) {
    auto kind = ParseEventKind(rows[1].cells[static_cast<size_t>(kind_column->second)]);
    for (const CsvLayout& l : Layouts()) {
      if (kind && l.kind == *kind) layout = &l;
    }
  }
  if (layout == nullptr) {
    diags.push_back(FileError(file, head.line, 1,
                              "expected a `kind` column whose first row names the event kind of "
                              "the file (see `chaintwin ingest --template KIND`)"));
    return {};
  }
  bool bad_header = false;
  for (size_t c = 0; c < head.cells.size(); ++c) {
    if (std::find(layout->columns.begin(), layout->columns.end(), head.cells[c]) ==
        layout->columns.end()) {
      diags.push_back(FileError(file, head.line, static_cast<int>(c) + 1,
                                fmt::format("unknown column '{}' for {} (the template's columns: "
                                            "{})", head.cells[c], EventKindName(layout->kind),
                                            fmt::join(layout->columns, ", "))));
      bad_header = true;
    }
  }
  if (bad_header) return {};
  const bool series = !layout->series.empty();
  const int unit_col = column_of.count("unit") ? column_of["unit"] : -1;
  // A row's cell as JSON text, with the unit joined to quantities and decimal commas read.
  auto cell = [&](const CsvRow& row, const std::string& name) -> std::optional<std::string> {
    auto it = column_of.find(name);
    if (it == column_of.end() || static_cast<size_t>(it->second) >= row.cells.size()) return std::nullopt;
    std::string v = row.cells[static_cast<size_t>(it->second)];
    if (v.empty()) return std::nullopt;
    bool numeric = IsQuantityColumn(name) || name == "value";
    if (numeric && delimiter == ';') std::replace(v.begin(), v.end(), ',', '.');
    if (IsQuantityColumn(name) && unit_col >= 0 && static_cast<size_t>(unit_col) < row.cells.size() &&
        !row.cells[static_cast<size_t>(unit_col)].empty() &&
        v.find_first_not_of("0123456789.eE+-") == std::string::npos) {
      v += " " + row.cells[static_cast<size_t>(unit_col)];
    }
    return v;
  };
  // Objects to read, each with the rows it came from (series kinds: one per key).
  struct Pending {
    nlohmann::json object;
    std::vector<const CsvRow*> rows;
  };
  std::vector<Pending> pending;
  std::unordered_map<std::string, size_t> by_key;
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (row.cells.size() != head.cells.size()) {
      diags.push_back(FileError(file, row.line, 0,
                                fmt::format("row has {} cells, the header {}", row.cells.size(),
                                            head.cells.size())));
      continue;
    }
    nlohmann::json object = nlohmann::json::object();
    nlohmann::json point = nlohmann::json::object();
    for (std::string_view name : layout->columns) {
      if (name == "unit") continue;
      auto v = cell(row, std::string(name));
      if (!v) continue;
      bool point_field = series && (name == "day" || name == "quantity");
      (point_field ? point : object)[std::string(name)] = *v;
    }
    if (!series) {
      pending.push_back({std::move(object), {&row}});
      continue;
    }
    std::string key = object.value("key", fmt::format("row {}", row.line));
    auto [it, added] = by_key.emplace(key, pending.size());
    if (added) {
      object[std::string(layout->series)] = nlohmann::json::array();
      pending.push_back({std::move(object), {}});
    } else {
      nlohmann::json first = pending[it->second].object;
      first.erase(std::string(layout->series));
      if (first != object) {
        diags.push_back(FileError(file, row.line, 0,
                                  fmt::format("rows of key '{}' differ in a column other than day "
                                              "and quantity (first row: line {})",
                                              key, pending[it->second].rows[0]->line)));
        continue;
      }
    }
    pending[it->second].object[std::string(layout->series)].push_back(std::move(point));
    pending[it->second].rows.push_back(&row);
  }
  std::vector<Event> events;
  for (Pending& p : pending) {
    const std::vector<const CsvRow*>& from = p.rows;
    std::string series_name(layout->series);
    auto where = [&from, &column_of, series_name](const std::string& path) {
      const CsvRow* row = from[0];
      std::string field = path;
      if (!series_name.empty() && path.rfind(series_name + "[", 0) == 0) {
        size_t i = std::stoul(path.substr(series_name.size() + 1));
        if (i < from.size()) row = from[i];
        size_t dot = path.find('.');
        field = dot == std::string::npos ? "" : path.substr(dot + 1);
      }
      auto it = column_of.find(field);
      return std::pair<int, int>(row->line, it == column_of.end() ? 0 : it->second + 1);
    };
    ObjectReader r(ctx, diags, Origin{file, where, ""});
    if (auto e = ParseEvent(p.object, r)) {
      if (e->kind != layout->kind) {
        r.Error("kind", fmt::format("a {} row in a file of {} (one kind per CSV file)",
                                    EventKindName(e->kind), EventKindName(layout->kind)));
        continue;
      }
      events.push_back(std::move(*e));
      lines.push_back(from[0]->line);
    }
  }
  return events;
}

// --- Catena-X --------------------------------------------------------------------------------

std::vector<Event> ReadCatenaX(std::string_view text, const std::string& file,
                               const TwinContext& ctx, const PayloadSender& sender,
                               util::Diagnostics& diags, std::vector<int>& lines) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(StripBom(text));
  } catch (const nlohmann::json::exception& e) {
    // Line and column of the byte where parsing stopped.
    size_t stopped = 0;
    std::string what = JsonErrorText(e, &stopped);
    size_t byte = std::min<size_t>(stopped > 0 ? stopped - 1 : 0, text.size());
    int line = 1, column = 1;
    for (size_t i = 0; i < byte; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    diags.push_back(FileError(file, line, column, fmt::format("not a JSON document ({})", what)));
    return {};
  }
  std::vector<nlohmann::json> documents;
  if (doc.is_array()) {
    documents.assign(doc.begin(), doc.end());
  } else {
    documents.push_back(std::move(doc));
  }
  std::vector<Event> events;
  for (size_t i = 0; i < documents.size(); ++i) {
    const nlohmann::json& d = documents[i];
    std::string prefix = documents.size() > 1 ? fmt::format("[{}]", i) : "";
    Origin o{file, [](const std::string&) { return std::pair<int, int>(0, 0); }, prefix};
    ObjectReader r(ctx, diags, o);
    if (!d.is_object()) {
      r.Error("", fmt::format("expected a Catena-X payload or an envelope {{owner, partner, "
                              "payload}}, found {}", Describe(d)));
      continue;
    }
    std::string owner = sender.owner, partner = sender.partner, aspect;
    std::optional<int64_t> sent;
    const nlohmann::json* payload = &d;
    if (d.contains("payload")) {
      if (!r.CheckFields(NlohmannView(d), {"owner", "partner", "aspect", "time", "payload"})) continue;
      auto o_owner = r.Text(NlohmannView(d), "owner", true), o_partner = r.Text(NlohmannView(d), "partner", true);
      aspect = r.Text(NlohmannView(d), "aspect", false).value_or("");
      int32_t offset = 0;
      if (d.contains("time")) {
        sent = r.Time(NlohmannView(d), "time", false, &offset);
        if (!sent) continue;
      }
      if (!o_owner || !o_partner) continue;
      owner = *o_owner;
      partner = *o_partner;
      payload = &d["payload"];
    } else if (owner.empty() || partner.empty()) {
      r.Error("", "a bare Catena-X payload needs --owner and --partner (the BPNL that sent it "
                  "and the one it was sent to), or an envelope {owner, partner, payload}");
      continue;
    }
    ObjectReader in = d.contains("payload") ? r.Nested("payload") : r;
    for (Event& e : ReadCatenaXPayload(*payload, aspect, owner, partner, sent, in)) {
      events.push_back(std::move(e));
    }
    lines.resize(events.size(), 0);
  }
  return events;
}

}  // namespace

JsonLinesReader::JsonLinesReader(std::string_view text, const std::string& file,
                                 const TwinContext& context, JsonParser parser)
    : text_(StripBom(text)), file_(file), context_(context) {
  if (parser == JsonParser::kFast) {
    fast_ = std::make_unique<FastLines>();
    fast_->text = simdjson::padded_string(text_.data(), text_.size());
  }
}

JsonLinesReader::~JsonLinesReader() = default;

void JsonLinesReader::Read(size_t max_lines, std::vector<Event>& events, std::vector<int>& lines,
                           util::Diagnostics& diags) {
  for (size_t n = 0; n < max_lines && at_ < text_.size(); ++n) {
    size_t end = text_.find('\n', at_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view row = text_.substr(at_, end - at_);
    const size_t offset = at_;
    at_ = end + 1;
    ++line_;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (auto e = ReadJsonLine(row, offset, line_, file_, context_, diags, fast_.get())) {
      events.push_back(std::move(*e));
      lines.push_back(line_);
    }
  }
}

void KeyCheck::Add(std::span<const Event> events, std::span<const int> lines,
                   util::Diagnostics& diags) {
  for (size_t i = 0; i < events.size(); ++i) {
    auto [it, added] = first_.emplace(events[i].key, std::pair(&events[i], lines[i]));
    if (added) continue;
    if (ToJson(*it->second.first) != ToJson(events[i])) {
      diags.push_back(FileError(
          file_, lines[i], 0,
          fmt::format("idempotency key '{}' is given again with other content (first at line {})",
                      events[i].key, it->second.second)));
    }
  }
}

void CheckNotEmpty(std::string_view text, const std::string& file, size_t errors_before,
                   util::Diagnostics& diags) {
  if (text.empty() && diags.size() == errors_before) {
    diags.push_back(FileError(file, 0, 0, "empty file: no events"));
  }
}

std::vector<Event> ReadEvents(const std::string& text, const std::string& file, FileFormat format,
                              const TwinContext& context, const PayloadSender& sender,
                              util::Diagnostics& diagnostics, JsonParser parser) {
  const size_t errors_before = diagnostics.size();
  std::vector<int> lines;
  std::vector<Event> events;
  switch (format) {
    case FileFormat::kJsonLines:
      events = ReadJsonLines(text, file, context, diagnostics, lines, parser);
      break;
    case FileFormat::kCsv:
      events = ReadCsv(text, file, context, diagnostics, lines);
      break;
    case FileFormat::kCatenaX:
      events = ReadCatenaX(text, file, context, sender, diagnostics, lines);
      break;
  }
  KeyCheck(file).Add(events, lines, diagnostics);
  CheckNotEmpty(text, file, errors_before, diagnostics);
  if (diagnostics.size() != errors_before) return {};
  return events;
}

namespace {

// The elements of a JSON array of event objects, as JSON Lines: element i is "line" i + 1.
template <JsonView View>
std::vector<Event> ReadObjects(View objects, const std::string& file, const TwinContext& context,
                               util::Diagnostics& diagnostics) {
  const size_t errors_before = diagnostics.size();
  std::vector<int> lines;
  std::vector<Event> events;
  events.reserve(objects.Size());
  objects.ForEachElement([&](size_t i, View object) {
    const int line = static_cast<int>(i) + 1;
    Origin o{file, [line](const std::string&) { return std::pair<int, int>(line, 0); }, ""};
    ObjectReader r(context, diagnostics, std::move(o));
    if (!object.IsObject()) {
      diagnostics.push_back(FileError(file, line, 0,
                                      fmt::format("expected an event object, found {}",
                                                  Describe(object))));
      return;
    }
    if (auto e = ParseEvent(object, r)) {
      events.push_back(std::move(*e));
      lines.push_back(line);
    }
  });
  KeyCheck(file).Add(events, lines, diagnostics);
  if (diagnostics.size() != errors_before) return {};
  return events;
}

}  // namespace

std::vector<Event> ReadEventObjects(const nlohmann::json& objects, const std::string& file,
                                    const TwinContext& context, util::Diagnostics& diagnostics) {
  return ReadObjects(NlohmannView(objects), file, context, diagnostics);
}

std::optional<std::vector<Event>> ReadEventsBodyFast(const std::string& body, size_t max_events,
                                                     const std::string& file,
                                                     const TwinContext& context,
                                                     util::Diagnostics& diagnostics,
                                                     std::optional<std::string>* source) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::object object;
  if (parser.parse(body).get(root) != simdjson::SUCCESS || root.get_object().get(object) != simdjson::SUCCESS ||
      HasDuplicateKeys(root)) {
    return std::nullopt;
  }
  std::optional<SimdView> events;
  std::optional<std::string> given_source;
  for (auto field : object) {
    const SimdView value(field.value);
    if (field.key == "events" && value.IsArray() && value.Size() > 0 &&
        value.Size() <= max_events) {
      events = value;
    } else if (field.key == "source" && (value.IsString() || value.IsNull())) {
      if (value.IsString()) given_source = std::string(value.String());
    } else {
      return std::nullopt;  // the plain way reports it
    }
  }
  if (!events) return std::nullopt;
  *source = std::move(given_source);
  return ReadObjects(*events, file, context, diagnostics);
}

std::optional<JsonParser> ParseJsonParser(std::string_view name) {
  if (name == "plain") return JsonParser::kPlain;
  if (name == "fast") return JsonParser::kFast;
  return std::nullopt;
}

std::string CsvTemplate(EventKind kind) {
  for (const CsvLayout& l : Layouts()) {
    if (l.kind == kind) return fmt::format("{}\n{}\n", fmt::join(l.columns, ","), l.example);
  }
  return "";
}

}  // namespace chaintwin::twin
