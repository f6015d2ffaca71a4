// Event names, record keys, the canonical JSON form and RFC 3339 times.
#include "chaintwin/twin/event.hpp"

#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chaintwin/util/date.hpp"

namespace chaintwin::twin {
namespace {

constexpr std::array<std::string_view, kEventKinds> kKindNames = {
    "item_stock", "demand", "delivery", "production", "capacity_notice", "quality", "failure"};
constexpr std::array<std::string_view, 13> kIncoterms = {
    "", "EXW", "FCA", "CPT", "CIP", "DAP", "DAT", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"};
constexpr int64_t kDayMs = 86'400'000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string_view EventKindName(EventKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

std::optional<EventKind> ParseEventKind(std::string_view name) {
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<EventKind>(i);
  }
  return std::nullopt;
}

std::string_view IncotermName(Incoterm term) { return kIncoterms[static_cast<size_t>(term)]; }

std::optional<Incoterm> ParseIncoterm(std::string_view name) {
  for (size_t i = 1; i < kIncoterms.size(); ++i) {
    if (kIncoterms[i] == name) return static_cast<Incoterm>(i);
  }
  return std::nullopt;
}

Reporter ReporterOf(Incoterm term) {
  switch (term) {
    case Incoterm::kEXW:
      return Reporter::kCustomer;
    case Incoterm::kCPT:
    case Incoterm::kCIP:
    case Incoterm::kDAP:
    case Incoterm::kDAT:
    case Incoterm::kDPU:
    case Incoterm::kDDP:
      return Reporter::kSupplier;
    default:
      return Reporter::kEither;
  }
}

namespace {

// The parts joined by '|' (RecordKey is made for every event stored: no format string parsed).
std::string JoinRecordKey(std::initializer_list<std::string_view> parts) {
  size_t size = parts.size();
  for (std::string_view p : parts) size += p.size();
  std::string out;
  out.reserve(size);
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) out += '|';
    first = false;
    out += p;
  }
  return out;
}

}  // namespace

std::string Event::RecordKey() const {
  switch (kind) {
    case EventKind::kItemStock:
      return JoinRecordKey({"s", owner, site, material,
                            direction == Direction::kInbound ? "in" : "out",
                            direction == Direction::kInbound ? supplier : customer});
    case EventKind::kDemand:
      return JoinRecordKey({"d", owner, site, material, supplier, category});
    case EventKind::kDelivery:
      // One record per shipment whichever party reports it (F-terms: both may), so a shipment
      // reported by supplier and customer is counted once.
      return JoinRecordKey({"v", supplier, customer, tracking});
    case EventKind::kProduction:
      return JoinRecordKey({"p", owner, site, material, customer, actual ? "1" : "0"});
    case EventKind::kCapacityNotice:
      return JoinRecordKey({"c", owner, site, material});
    case EventKind::kQuality:
      return JoinRecordKey({"q", owner, site, material, category});
    case EventKind::kFailure:
      return JoinRecordKey({"f", key});
  }
  return key;
}

std::optional<int64_t> RelevantUntilMs(const Event& e) {
  switch (e.kind) {
    case EventKind::kDelivery:
      if (e.arrival_ms) return *e.arrival_ms;
      if (e.eta_ms) return *e.eta_ms;
      return std::nullopt;
    case EventKind::kDemand:
    case EventKind::kProduction:
      // The series' last day ends by the next day plus 14 hours in any time zone.
      return e.series.empty() ? std::nullopt
                              : std::optional<int64_t>((int64_t{e.series.back().day} + 2) * kDayMs);
    default:
      return std::nullopt;
  }
}

namespace {

// A JSON object written field by field: ToJson runs once per event ingested, and building an
// nlohmann::json tree for it cost more than the rest of an append together.
class JsonWriter {
 public:
  JsonWriter() { out_.push_back('{'); }
  JsonWriter& Str(std::string_view name, std::string_view value) {
    Name(name);
    Quote(value);
    return *this;
  }
  JsonWriter& Int(std::string_view name, int64_t value) {
    Name(name);
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return *this;
  }
  JsonWriter& Num(std::string_view name, double value) {
    Name(name);
    // Shortest text that reads back to the same double; always a valid JSON number here
    // (quantities are checked finite when read).
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return *this;
  }
  JsonWriter& Bool(std::string_view name, bool value) {
    Name(name);
    out_.append(std::string_view(value ? "true" : "false"));
    return *this;
  }
  JsonWriter& Series(std::string_view name, const std::vector<DayQuantity>& series) {
    Name(name);
    out_.push_back('[');
    for (size_t i = 0; i < series.size(); ++i) {
      fmt::format_to(std::back_inserter(out_), "{}[{},{}]", i ? "," : "", series[i].day,
                     series[i].quantity);
    }
    out_.push_back(']');
    return *this;
  }
  std::string Done() {
    out_.push_back('}');
    return fmt::to_string(out_);
  }

 private:
  void Name(std::string_view name) {
    if (out_.size() > 1) out_.push_back(',');
    Quote(name);
    out_.push_back(':');
  }
  void Quote(std::string_view text) {
    out_.push_back('"');
    size_t plain = 0;  // start of the run of characters copied as they are
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      const bool escape = c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
      if (!escape) continue;
      out_.append(text.substr(plain, i - plain));  // copied in runs, not a character at a time
      if (static_cast<unsigned char>(c) < 0x20) {
        fmt::format_to(std::back_inserter(out_), "\\u{:04x}", static_cast<unsigned>(c));
      } else {
        out_.push_back('\\');
        out_.push_back(c);
      }
      plain = i + 1;
    }
    out_.append(text.substr(plain));
    out_.push_back('"');
  }
  fmt::memory_buffer out_;
};

}  // namespace

std::string ToJson(const Event& e) {
  JsonWriter j;
  j.Str("key", e.key).Str("kind", EventKindName(e.kind));
  if (e.retract) j.Bool("retract", true);
  j.Str("owner", e.owner);
  if (!e.customer.empty()) j.Str("customer", e.customer);
  if (!e.supplier.empty()) j.Str("supplier", e.supplier);
  j.Str("site", e.site).Str("material", e.material).Int("time_ms", e.time_ms);
  j.Int("utc_offset", e.utc_offset_minutes);
  switch (e.kind) {
    case EventKind::kItemStock:
      j.Str("direction", e.direction == Direction::kInbound ? "inbound" : "outbound");
      j.Num("quantity", e.quantity).Num("blocked_quantity", e.blocked_quantity);
      break;
    case EventKind::kDemand:
    case EventKind::kProduction:
      j.Series("series", e.series);
      if (e.kind == EventKind::kDemand) j.Str("category", e.category);
      if (e.kind == EventKind::kProduction) j.Bool("actual", e.actual);
      break;
    case EventKind::kDelivery:
      j.Str("origin", e.origin).Num("quantity", e.quantity).Str("tracking", e.tracking);
      if (e.incoterm != Incoterm::kNone) j.Str("incoterm", IncotermName(e.incoterm));
      if (e.departure_ms) j.Int("departure_ms", *e.departure_ms);
      if (e.planned_departure_ms) j.Int("planned_departure_ms", *e.planned_departure_ms);
      if (e.arrival_ms) j.Int("arrival_ms", *e.arrival_ms);
      if (e.eta_ms) j.Int("eta_ms", *e.eta_ms);
      break;
    case EventKind::kCapacityNotice:
      j.Num("quantity", e.quantity).Int("from_day", e.from_day).Int("to_day", e.to_day);
      if (!e.text.empty()) j.Str("text", e.text);
      break;
    case EventKind::kQuality:
      j.Num("quantity", e.quantity).Str("category", e.category);
      break;
    case EventKind::kFailure:
      j.Num("quantity", e.quantity);
      if (!e.text.empty()) j.Str("text", e.text);
      break;
  }
  return j.Done();
}

Event FromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text);
  Event e;
  e.key = j.at("key").get<std::string>();
  e.kind = *ParseEventKind(j.at("kind").get<std::string>());
  e.retract = j.value("retract", false);
  e.owner = j.at("owner").get<std::string>();
  e.customer = j.value("customer", "");
  e.supplier = j.value("supplier", "");
  e.site = j.at("site").get<std::string>();
  e.material = j.at("material").get<std::string>();
  e.time_ms = j.at("time_ms").get<int64_t>();
  e.utc_offset_minutes = j.value("utc_offset", 0);
  e.quantity = j.value("quantity", 0.0);
  e.blocked_quantity = j.value("blocked_quantity", 0.0);
  e.category = j.value("category", "");
  e.direction = j.value("direction", "inbound") == "inbound" ? Direction::kInbound
                                                             : Direction::kOutbound;
  if (auto it = j.find("series"); it != j.end()) {
    for (const auto& p : *it) e.series.push_back({p[0].get<int32_t>(), p[1].get<double>()});
  }
  e.actual = j.value("actual", false);
  e.origin = j.value("origin", "");
  e.tracking = j.value("tracking", "");
  if (auto it = j.find("incoterm"); it != j.end()) {
    e.incoterm = ParseIncoterm(it->get<std::string>()).value_or(Incoterm::kNone);
  }
  auto opt = [&](const char* name, std::optional<int64_t>& out) {
    if (auto it = j.find(name); it != j.end()) out = it->get<int64_t>();
  };
  opt("departure_ms", e.departure_ms);
  opt("planned_departure_ms", e.planned_departure_ms);
  opt("arrival_ms", e.arrival_ms);
  opt("eta_ms", e.eta_ms);
  e.from_day = j.value("from_day", 0);
  e.to_day = j.value("to_day", 0);
  e.text = j.value("text", "");
  return e;
}

std::optional<int64_t> ParseDateTime(std::string_view text, int32_t* offset_minutes) {
  // YYYY-MM-DDTHH:MM:SS[.fff...](Z|+HH:MM|-HH:MM)
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't')) return std::nullopt;
  auto date = util::ParseDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  auto two = [&](size_t at, int max) -> std::optional<int> {
    if (!std::isdigit(static_cast<unsigned char>(text[at])) ||
        !std::isdigit(static_cast<unsigned char>(text[at + 1]))) {
      return std::nullopt;
    }
    int v = (text[at] - '0') * 10 + (text[at + 1] - '0');
    return v <= max ? std::optional<int>(v) : std::nullopt;
  };
  auto h = two(11, 23), m = two(14, 59), s = two(17, 60);
  if (!h || !m || !s || text[13] != ':' || text[16] != ':') return std::nullopt;
  size_t at = 19;
  int64_t ms = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int digits = 0;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
      if (digits < 3) ms = ms * 10 + (text[at] - '0');
      ++digits;
      ++at;
    }
    if (digits == 0) return std::nullopt;
    for (int d = digits; d < 3; ++d) ms *= 10;
  }
  int32_t offset = 0;
  std::string_view zone = text.substr(at);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    auto oh = two(at + 1, 14), om = two(at + 4, 59);
    if (!oh || !om) return std::nullopt;
    offset = *oh * 60 + *om;
    if (zone[0] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  if (offset_minutes != nullptr) *offset_minutes = offset;
  int64_t local = int64_t{*date} * kDayMs + ((int64_t{*h} * 60 + *m) * 60 + std::min(*s, 59)) * 1000 + ms;
  return local - int64_t{offset} * 60'000;
}

int32_t LocalDay(int64_t ms, int32_t offset_minutes) {
  return static_cast<int32_t>(FloorDiv(ms + int64_t{offset_minutes} * 60'000, kDayMs));
}

int64_t DayStartMs(int32_t day, int32_t offset_minutes) {
  return int64_t{day} * kDayMs - int64_t{offset_minutes} * 60'000;
}

std::string FormatDateTime(int64_t ms, int32_t offset_minutes) {
  int64_t local = ms + int64_t{offset_minutes} * 60'000;
  int64_t day = FloorDiv(local, kDayMs);
  int64_t rest = local - day * kDayMs;
  std::string out = fmt::format("{}T{:02}:{:02}:{:02}", util::FormatDate(static_cast<int32_t>(day)),
                                rest / 3'600'000, rest / 60'000 % 60, rest / 1000 % 60);
  if (rest % 1000 != 0) out += fmt::format(".{:03}", rest % 1000);
  if (offset_minutes == 0) return out + "Z";
  int32_t m = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return out + fmt::format("{}{:02}:{:02}", offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
}

}  // namespace chaintwin::twin
