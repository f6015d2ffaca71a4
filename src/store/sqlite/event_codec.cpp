// Layout of a body (format 1): the format byte, the kind, then in this order the strings
// owner, customer, supplier, site, material (each a varint length and its bytes), the UTC
// offset (zigzag varint) and the fields ToJson writes for the kind:
//   item_stock       direction byte, quantity, blocked quantity (doubles, 8 bytes each)
//   demand           series, category     production  series, actual byte
//   delivery         origin, quantity, tracking, incoterm byte, a byte of which of departure,
//                    planned departure, arrival, ETA follow, then those (zigzag varints)
//   capacity_notice  quantity, from_day, to_day, text      quality  quantity, category
//   failure          quantity, text
// A series is its length, then per point the day (the first as it is, the others as the step
// from the one before, zigzag varints) and the quantity.
#include "store/sqlite/event_codec.hpp"

#include <cstring>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"

namespace chaintwin::store {
namespace {

constexpr uint8_t kFormat = 1;

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void Byte(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void Signed(int64_t v) {
    Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  void Double(double v) {
    char bytes[sizeof v];
    std::memcpy(bytes, &v, sizeof v);  // bit for bit: -0 stays -0, as ToJson's "-0"
    out_.append(bytes, sizeof v);
  }
  void Str(std::string_view s) {
    Varint(s.size());
    out_.append(s);
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint8_t Byte() {
    Need(1);
    return static_cast<uint8_t>(in_[at_++]);
  }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const uint8_t b = Byte();
      v |= uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) return v;
    }
    Fail();
  }
  int64_t Signed() {
    const uint64_t v = Varint();
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  int32_t Int32() {
    const int64_t v = Signed();
    if (v < INT32_MIN || v > INT32_MAX) Fail();
    return static_cast<int32_t>(v);
  }
  double Double() {
    Need(sizeof(double));
    double v = 0;
    std::memcpy(&v, in_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v == 0 ? 0.0 : v;  // -0 reads back as 0, as FromJson reads ToJson's "-0"
  }
  std::string Str() {
    const uint64_t n = Varint();
    Need(n);
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  bool Done() const { return at_ == in_.size(); }
  [[noreturn]] static void Fail() {
    throw StoreError("store: an event body in the log is damaged (not a body this chaintwin wrote)");
  }

 private:
  void Need(uint64_t n) const {
    if (n > in_.size() - at_) Fail();
  }
  std::string_view in_;
  size_t at_ = 0;
};

void PackSeries(Writer& w, const std::vector<twin::DayQuantity>& series) {
  w.Varint(series.size());
  int32_t day = 0;
  for (const twin::DayQuantity& p : series) {
    w.Signed(int64_t{p.day} - day);
    w.Double(p.quantity);
    day = p.day;
  }
}

std::vector<twin::DayQuantity> UnpackSeries(Reader& r) {
  const uint64_t n = r.Varint();
  std::vector<twin::DayQuantity> series;
  series.reserve(n < 4096 ? n : 4096);
  int64_t day = 0;
  for (uint64_t i = 0; i < n; ++i) {
    day += r.Signed();
    if (day < INT32_MIN || day > INT32_MAX) Reader::Fail();
    const double q = r.Double();
    series.push_back({static_cast<int32_t>(day), q});
  }
  return series;
}

}  // namespace

std::string PackEvent(const twin::Event& e) {
  std::string out;
  PackEvent(e, &out);
  return out;
}

void PackEvent(const twin::Event& e, std::string* body) {
  std::string& out = *body;
  out.clear();
  out.reserve(64 + e.owner.size() + e.customer.size() + e.supplier.size() + e.site.size() +
              e.material.size() + e.series.size() * 10);
  Writer w(out);
  w.Byte(kFormat);
  w.Byte(static_cast<uint8_t>(e.kind));
  w.Str(e.owner);
  w.Str(e.customer);
  w.Str(e.supplier);
  w.Str(e.site);
  w.Str(e.material);
  w.Signed(e.utc_offset_minutes);
  switch (e.kind) {
    case twin::EventKind::kItemStock:
      w.Byte(static_cast<uint8_t>(e.direction));
      w.Double(e.quantity);
      w.Double(e.blocked_quantity);
      break;
    case twin::EventKind::kDemand:
      PackSeries(w, e.series);
      w.Str(e.category);
      break;
    case twin::EventKind::kProduction:
      PackSeries(w, e.series);
      w.Byte(e.actual ? 1 : 0);
      break;
    case twin::EventKind::kDelivery: {
      w.Str(e.origin);
      w.Double(e.quantity);
      w.Str(e.tracking);
      w.Byte(static_cast<uint8_t>(e.incoterm));
      const std::optional<int64_t>* times[] = {&e.departure_ms, &e.planned_departure_ms,
                                               &e.arrival_ms, &e.eta_ms};
      uint8_t present = 0;
      for (int i = 0; i < 4; ++i) present |= times[i]->has_value() ? (1u << i) : 0u;
      w.Byte(present);
      for (const auto* t : times) {
        if (t->has_value()) w.Signed(**t);
      }
      break;
    }
    case twin::EventKind::kCapacityNotice:
      w.Double(e.quantity);
      w.Signed(e.from_day);
      w.Signed(e.to_day);
      w.Str(e.text);
      break;
    case twin::EventKind::kQuality:
      w.Double(e.quantity);
      w.Str(e.category);
      break;
    case twin::EventKind::kFailure:
      w.Double(e.quantity);
      w.Str(e.text);
      break;
  }
}

twin::Event UnpackEvent(std::string_view key, int64_t time_ms, bool retract,
                        std::string_view body) {
  Reader r(body);
  if (r.Byte() != kFormat) Reader::Fail();
  const uint8_t kind = r.Byte();
  if (kind >= twin::kEventKinds) Reader::Fail();
  twin::Event e;
  e.key = key;
  e.time_ms = time_ms;
  e.retract = retract;
  e.kind = static_cast<twin::EventKind>(kind);
  e.owner = r.Str();
  e.customer = r.Str();
  e.supplier = r.Str();
  e.site = r.Str();
  e.material = r.Str();
  e.utc_offset_minutes = r.Int32();
  switch (e.kind) {
    case twin::EventKind::kItemStock: {
      const uint8_t direction = r.Byte();
      if (direction > 1) Reader::Fail();
      e.direction = static_cast<twin::Direction>(direction);
      e.quantity = r.Double();
      e.blocked_quantity = r.Double();
      break;
    }
    case twin::EventKind::kDemand:
      e.series = UnpackSeries(r);
      e.category = r.Str();
      break;
    case twin::EventKind::kProduction:
      e.series = UnpackSeries(r);
      e.actual = r.Byte() != 0;
      break;
    case twin::EventKind::kDelivery: {
      e.origin = r.Str();
      e.quantity = r.Double();
      e.tracking = r.Str();
      const uint8_t term = r.Byte();
      if (term > static_cast<uint8_t>(twin::Incoterm::kCIF)) Reader::Fail();
      e.incoterm = static_cast<twin::Incoterm>(term);
      const uint8_t present = r.Byte();
      std::optional<int64_t>* times[] = {&e.departure_ms, &e.planned_departure_ms,
                                         &e.arrival_ms, &e.eta_ms};
      for (int i = 0; i < 4; ++i) {
        if ((present & (1u << i)) != 0) *times[i] = r.Signed();
      }
      break;
    }
    case twin::EventKind::kCapacityNotice:
      e.quantity = r.Double();
      e.from_day = r.Int32();
      e.to_day = r.Int32();
      e.text = r.Str();
      break;
    case twin::EventKind::kQuality:
      e.quantity = r.Double();
      e.category = r.Str();
      break;
    case twin::EventKind::kFailure:
      e.quantity = r.Double();
      e.text = r.Str();
      break;
  }
  if (!r.Done()) Reader::Fail();
  return e;
}

}  // namespace chaintwin::store
