#include "io/reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "chaintwin/util/edit_distance.hpp"
#include "chaintwin/util/date.hpp"

namespace chaintwin::io {
namespace {

using model::Dimension;

std::string_view ExampleUnit(Dimension d) {
  switch (d) {
    case Dimension::kMass: return "kt";
    case Dimension::kEnergy: return "GWh";
    case Dimension::kArea: return "m2";
    case Dimension::kVolume: return "m3";
    case Dimension::kCount: return "unit";
    case Dimension::kTime: return "d";
    case Dimension::kDistance: return "km";
    case Dimension::kFraction: return "%";
  }
  return "?";
}

const DocEntry* FindEntry(const DocNode& map, std::string_view key) { return map.FindEntry(key); }

bool IsKey(std::string_view s) {
  // A table of the key characters: ids are checked in every row of every table.
  static constexpr auto kKeyChar = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) {
      table[static_cast<size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }
    return table;
  }();
  if (s.empty()) return false;
  for (char c : s) {
    if (!kKeyChar[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

}  // namespace

// Paths are made for every element of a YAML list (`sites[7]`, `sites[7].processes`): appended
// into one string of the right size, without a format string to parse each time.
std::string Index(const std::string& path, size_t index) {
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof digits, index).ptr;
  std::string out;
  out.reserve(path.size() + static_cast<size_t>(end - digits) + 2);
  out.append(path);
  out += '[';
  out.append(digits, end);
  out += ']';
  return out;
}

std::string Member(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out;
  out.reserve(path.size() + key.size() + 1);
  out.append(path);
  out += '.';
  out.append(key);
  return out;
}

std::string Ref::Path() const {
  if (parent == nullptr) return path;
  std::string field = Member(*parent, member);
  return index >= 0 ? Index(field, static_cast<size_t>(index)) : field;
}

void Ref::OwnPath() {
  path = Path();
  parent = nullptr;
}

std::string DescribeWant(Want want) {
  if (want.num == Dimension::kFraction && want.den == Dimension::kFraction) {
    return "a fraction such as '0.5' or '50 %'";
  }
  if (want.den == Dimension::kFraction) {
    return fmt::format("{} such as '30 {}'", want.num == Dimension::kTime
                                                 ? std::string("a time")
                                                 : fmt::format("a {} amount", model::DimensionName(want.num)),
                       ExampleUnit(want.num));
  }
  if (want.den == Dimension::kTime) {
    return fmt::format("a rate of {} per time such as '16 {}/yr'", model::DimensionName(want.num),
                       ExampleUnit(want.num));
  }
  return fmt::format("a ratio of {} per {} such as '1.2 {}/{}'", model::DimensionName(want.num),
                     model::DimensionName(want.den), ExampleUnit(want.num), ExampleUnit(want.den));
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  size_t best_distance = 3;
  for (std::string_view c : candidates) {
    size_t d = util::EditDistance(word, c);
    if (d < best_distance && d <= std::max<size_t>(1, c.size() / 3)) {
      best = c;
      best_distance = d;
    }
  }
  return std::string(best);
}

void Reader::Error(const DocNode& at, const std::string& path, std::string message) {
  diagnostics_.push_back(
      util::Diagnostic{at.file_name(), at.line, at.column, path, std::move(message)});
}

bool Reader::ExpectMap(const DocNode& node, const std::string& path, std::string_view what) {
  if (node.is_map()) return true;
  Error(node, path, fmt::format("expected {} (a map of `field: value`), found {}", what,
                                node.Describe()));
  return false;
}

bool Reader::ExpectList(const DocNode& node, const std::string& path, std::string_view what) {
  if (node.is_list()) return true;
  Error(node, path, fmt::format("expected a list of {}, found {}", what, node.Describe()));
  return false;
}

namespace {
// Whether `key` is among [begin, end): asked for every field of every element, so without a
// copy of the list and with the lengths compared first.
bool IsAllowed(const std::string_view* begin, const std::string_view* end, std::string_view key) {
  for (const std::string_view* a = begin; a != end; ++a) {
    if (a->size() != key.size()) continue;
    // Short words: compared here rather than by a call to memcmp.
    size_t k = 0;
    while (k < key.size() && (*a)[k] == key[k]) ++k;
    if (k == key.size()) return true;
  }
  return false;
}
}  // namespace

void Reader::CheckFields(const DocNode& map, const std::string& path,
                         std::initializer_list<std::string_view> allowed) {
  for (const DocEntry& e : map.entries) {
    if (!IsAllowed(allowed.begin(), allowed.end(), e.key)) {
      CheckFields(map, path, std::vector<std::string_view>(allowed));  // reports
      return;
    }
  }
}

void Reader::CheckFields(const DocNode& map, const std::string& path,
                         const std::vector<std::string_view>& allowed) {
  for (const DocEntry& e : map.entries) {
    if (IsAllowed(allowed.data(), allowed.data() + allowed.size(), e.key)) continue;
    std::string hint = ClosestMatch(e.key, allowed);
    std::string message;
    if (!hint.empty()) {
      message = fmt::format("unknown field `{}` (did you mean `{}`?)", e.key, hint);
    } else {
      message = fmt::format("unknown field `{}` (expected one of: {})", e.key,
                            fmt::join(allowed, ", "));
    }
    diagnostics_.push_back(
        util::Diagnostic{map.file_name(), e.line, e.column, Member(path, e.key), message});
  }
}

const DocNode* Reader::Field(const DocNode& map, std::string_view key, const std::string& path,
                             bool required, std::string_view expected) {
  const DocEntry* entry = FindEntry(map, key);
  if (entry != nullptr && !entry->value.is_null()) return &entry->value;
  if (required) {
    if (entry != nullptr) {
      diagnostics_.push_back(util::Diagnostic{map.file_name(), entry->line, entry->column,
                                              Member(path, key),
                                              fmt::format("expected {}, found nothing", expected)});
    } else {
      Error(map, path, fmt::format("missing required field `{}` (expected {})", key, expected));
    }
  }
  return nullptr;
}

std::optional<std::string> Reader::Text(const DocNode& map, std::string_view key,
                                        const std::string& path, bool required) {
  const DocNode* node = Field(map, key, path, required, "text");
  if (node == nullptr) return std::nullopt;
  if (!node->is_scalar()) {
    Error(*node, Member(path, key), fmt::format("expected text, found {}", node->Describe()));
    return std::nullopt;
  }
  return std::string(node->text);
}

std::optional<std::string> Reader::Key(const DocNode& map, std::string_view key,
                                       const std::string& path, bool required) {
  const DocNode* node = KeyNode(map, key, path, required);
  if (node == nullptr) return std::nullopt;
  return std::string(node->text);
}

const DocNode* Reader::KeyNode(const DocNode& map, std::string_view key, const std::string& path,
                               bool required) {
  const DocNode* node = Field(map, key, path, required, "an id such as `cn_anode`");
  if (node == nullptr) return nullptr;
  if (!node->is_scalar() || !IsKey(node->text)) {
    Error(*node, Member(path, key),
          fmt::format("expected an id of letters, digits, `_`, `.` or `-`, found {}",
                      node->Describe()));
    return nullptr;
  }
  return node;
}

std::optional<bool> Reader::Bool(const DocNode& map, std::string_view key, const std::string& path) {
  const DocNode* node = Field(map, key, path, false, "true or false");
  if (node == nullptr) return std::nullopt;
  if (node->is_scalar() && (node->text == "true" || node->text == "True")) return true;
  if (node->is_scalar() && (node->text == "false" || node->text == "False")) return false;
  Error(*node, Member(path, key), fmt::format("expected true or false, found {}", node->Describe()));
  return std::nullopt;
}

std::optional<double> Reader::Number(const DocNode& map, std::string_view key,
                                     const std::string& path, double min, double max,
                                     bool required) {
  const DocNode* node = Field(map, key, path, required, "a number");
  if (node == nullptr) return std::nullopt;
  if (!node->is_scalar()) {
    Error(*node, Member(path, key), fmt::format("expected a number, found {}", node->Describe()));
    return std::nullopt;
  }
  double value = 0.0;
  const char* begin = node->text.data();
  const char* end = begin + node->text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    Error(*node, Member(path, key), fmt::format("expected a number, found {}", node->Describe()));
    return std::nullopt;
  }
  if (value < min || value > max) {
    Error(*node, Member(path, key),
          fmt::format("expected a number from {} to {}, found {}", min, max, node->text));
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> Reader::Integer(const DocNode& map, std::string_view key,
                                       const std::string& path, int64_t min, int64_t max) {
  const DocNode* node = Field(map, key, path, false, "a whole number");
  if (node == nullptr) return std::nullopt;
  int64_t value = 0;
  const char* begin = node->text.data();
  const char* end = begin + node->text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (!node->is_scalar() || ec != std::errc() || ptr != end || value < min || value > max) {
    Error(*node, Member(path, key),
          fmt::format("expected a whole number from {} to {}, found {}", min, max,
                      node->Describe()));
    return std::nullopt;
  }
  return value;
}

std::optional<int32_t> Reader::Date(const DocNode& map, std::string_view key,
                                    const std::string& path, bool required) {
  const DocNode* node = Field(map, key, path, required, "a date such as 2026-01-01");
  if (node == nullptr) return std::nullopt;
  std::optional<int32_t> day;
  if (node->is_scalar()) day = util::ParseDate(node->text);
  if (!day) {
    Error(*node, Member(path, key),
          fmt::format("expected a valid ISO 8601 date such as 2026-01-01, found {}",
                      node->Describe()));
  }
  return day;
}

std::optional<double> Reader::QuantityValue(const DocNode& node, const std::string& path,
                                            Want want) {
  std::string message;
  auto value = CheckQuantity(node, want, message);
  if (!value) Error(node, path, std::move(message));
  return value;
}

std::optional<double> Reader::CheckQuantity(const DocNode& node, Want want,
                                            std::string& message) {
  if (!node.is_scalar()) {
    message = fmt::format("expected {}, found {}", DescribeWant(want), node.Describe());
    return std::nullopt;
  }
  bool is_fraction = want.num == Dimension::kFraction && want.den == Dimension::kFraction;
  const util::Result<model::Quantity>& parsed = Parse(node.text, !is_fraction);
  if (!parsed) {
    message = fmt::format("{}; expected {}", parsed.error().message, DescribeWant(want));
    return std::nullopt;
  }
  const model::Quantity& q = parsed.value();
  if (q.numerator != want.num || q.denominator != want.den) {
    message = fmt::format("expected {}, found '{}' ({})", DescribeWant(want), node.text,
                          model::DescribeDimensions(q.numerator, q.denominator));
    return std::nullopt;
  }
  if (q.value < 0) {
    message = fmt::format("must not be negative, found '{}'", node.text);
    return std::nullopt;
  }
  if (q.value > kMaxQuantity) {
    std::string unit(model::CanonicalUnit(want.num));
    if (want.den != Dimension::kFraction) unit += fmt::format("/{}", model::CanonicalUnit(want.den));
    message = fmt::format("'{}' is out of range: expected at most 1e15 {}", node.text, unit);
    return std::nullopt;
  }
  return q.value;
}

util::Result<model::Quantity> Reader::Parse(std::string_view text, bool require_unit) {
  if (auto usual = ParseUsual(text, require_unit)) return *usual;
  return model::ParseQuantity(text, require_unit);
}

std::optional<model::Quantity> Reader::ParseUsual(std::string_view text, bool require_unit) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  // The number: a strict decimal form, so that no sign, hex, inf or nan gets here.
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    return i > start;
  };
  if (!digits()) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return std::nullopt;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    size_t mark = i++;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) i = mark;  // "5e" is the number 5 and the unit "e", as strtod reads it
  }
  double value = 0.0;
  // from_chars gives the correctly rounded double, as strtod does; out of range goes the slow
  // way, which reports it (or makes an underflow 0).
  auto [end, ec] = std::from_chars(text.data(), text.data() + i, value);
  if (ec != std::errc() || end != text.data() + i || !std::isfinite(value)) return std::nullopt;
  std::string_view unit = text.substr(i);
  while (!unit.empty() && is_blank(unit.front())) unit.remove_prefix(1);
  if (unit.empty()) {
    if (require_unit) return std::nullopt;
    return model::Quantity{value, Dimension::kFraction, Dimension::kFraction};
  }
  const KnownUnit* known = nullptr;
  for (const KnownUnit& k : known_units_) {
    if (k.text == unit) {
      known = &k;
      break;
    }
  }
  if (known == nullptr) {
    if (known_units_.size() >= kMaxKnownUnits) return std::nullopt;
    KnownUnit k;
    size_t slash = unit.find('/');
    auto num = model::ParseUnit(unit.substr(0, slash));
    if (!num) return std::nullopt;
    k.num = num.value().dimension;
    k.num_factor = num.value().to_canonical;
    k.den_factor = 0.0;
    if (slash != std::string_view::npos) {
      auto den = model::ParseUnit(unit.substr(slash + 1));
      if (!den || den.value().dimension == Dimension::kFraction) return std::nullopt;
      k.den = den.value().dimension;
      k.den_factor = den.value().to_canonical;
    }
    k.text = unit;
    known = &known_units_.emplace_back(std::move(k));
  }
  if (known->den_factor == 0.0) {
    return model::Quantity{value * known->num_factor, known->num, Dimension::kFraction};
  }
  double v = value * known->num_factor / known->den_factor;
  if (!std::isfinite(v)) return std::nullopt;
  return model::Quantity{v, known->num, known->den};
}

std::optional<double> Reader::Quantity(const DocNode& map, std::string_view key,
                                       const std::string& path, Want want, bool required,
                                       const FigureContext* figure) {
  // The expected form and the field's path are spelled out only when a problem is reported.
  const DocEntry* entry = FindEntry(map, key);
  if (entry == nullptr || entry->value.is_null()) {
    if (required) Field(map, key, path, true, DescribeWant(want));
    return std::nullopt;
  }
  const DocNode* node = &entry->value;
  std::optional<double> value;
  const DocNode* value_node = node;
  Provenance provenance = figure != nullptr ? figure->inherited : Provenance{};
  if (node->is_map()) {
    std::string field = Member(path, key);
    CheckFields(*node, field, {"value", "source", "estimate", "note"});
    provenance = ReadProvenance(*node, field, provenance);
    value_node = Field(*node, "value", field, true, DescribeWant(want));
    if (value_node == nullptr) return std::nullopt;
    value = QuantityValue(*value_node, Member(field, "value"), want);
  } else {
    std::string message;
    value = CheckQuantity(*node, want, message);
    if (!value) Error(*node, Member(path, key), std::move(message));
  }
  if (value && figure != nullptr && figures_ != nullptr && provenance.any()) {
    figures_->push_back(model::FigureRecord{figure->path, figure->site, figure->material,
                                            figure->country, std::string(value_node->text), provenance.source,
                                            provenance.estimate, provenance.note});
  }
  return value;
}

std::vector<Ref> Reader::KeyList(const DocNode& map, std::string_view key,
                                 const std::string& path) {
  std::vector<Ref> out;
  const DocNode* node = Field(map, key, path, false, "");
  if (node == nullptr) return out;
  // Each Ref's path is `path`.`key`, then [index] for an item of a list.
  auto add = [&](const DocNode& item, int index, std::string_view text) {
    Ref ref{std::string(), &item, "", &path, key, index};
    if (!IsKey(text)) {
      Error(item, ref.Path(),
            fmt::format("expected an id of letters, digits, `_`, `.` or `-`, found '{}'", text));
      return;
    }
    ref.key = text;
    out.push_back(std::move(ref));
  };
  if (node->is_scalar()) {
    // A CSV cell holds a list as "a;b".
    std::string_view text = node->text;
    int part = 0;
    while (true) {
      size_t semi = text.find(';');
      std::string_view piece = text.substr(0, semi);
      while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
      while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
      add(*node, semi == std::string_view::npos && part == 0 ? -1 : part, piece);
      if (semi == std::string_view::npos) break;
      text.remove_prefix(semi + 1);
      ++part;
    }
    return out;
  }
  std::string field = Member(path, key);
  if (!node->is_list()) {
    Error(*node, field, fmt::format("expected an id or a list of ids, found {}", node->Describe()));
    return out;
  }
  for (size_t i = 0; i < node->items.size(); ++i) {
    const DocNode& item = node->items[i];
    if (!item.is_scalar()) {
      Error(item, Index(field, i), fmt::format("expected an id, found {}", item.Describe()));
      continue;
    }
    add(item, static_cast<int>(i), item.text);
  }
  return out;
}

Provenance Reader::ReadProvenance(const DocNode& map, const std::string& path,
                                  const Provenance& inherited) {
  Provenance p = inherited;
  if (auto source = Key(map, "source", path)) {
    bool known = sources_ == nullptr;
    for (const model::Source& s : sources_ != nullptr ? *sources_ : std::vector<model::Source>{}) {
      known = known || s.id == *source;
    }
    if (!known) {
      std::vector<std::string_view> ids;
      for (const model::Source& s : *sources_) ids.push_back(s.id);
      std::string hint = ClosestMatch(*source, ids);
      Error(*map.Find("source"), Member(path, "source"),
            fmt::format("unknown source `{}`: not in the network's `sources`{}", *source,
                        hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
    }
    p.source = *source;
  }
  if (auto estimate = Bool(map, "estimate", path)) p.estimate = *estimate;
  if (auto note = Text(map, "note", path)) p.note = *note;
  return p;
}

void Reader::NotOneOf(const DocNode& at, const std::string& path, std::string_view what,
                      std::string_view found, const std::vector<std::string_view>& valid) {
  std::string hint = ClosestMatch(found, valid);
  Error(at, path,
        fmt::format("unknown {} '{}'{} (expected one of: {})", what, found,
                    hint.empty() ? "" : fmt::format(", did you mean '{}'?", hint),
                    fmt::join(valid, ", ")));
}

}  // namespace chaintwin::io
