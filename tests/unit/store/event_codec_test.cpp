// The store's packed event body against the canonical JSON it replaced (schema 3): the same
// event back, and the same notion of "same content" for an idempotency key. Random events of
// every kind with every field filled, the ones a kind does not use included. About 0.7 s in
// all, most of it nlohmann parsing the JSON side.
#include <cmath>
#include <limits>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "chaintwin/util/error.hpp"
#include "store/sqlite/event_codec.hpp"

namespace chaintwin::store {
namespace {

using twin::Event;

// Every field of an event, those ToJson leaves out included.
std::string Dump(const Event& e) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "-"; };
  std::string s = fmt::format(
      "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{:a}|{:a}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|", e.key,
      static_cast<int>(e.kind), e.retract, e.owner, e.customer, e.supplier, e.site, e.material,
      e.time_ms, e.utc_offset_minutes, static_cast<int>(e.direction), e.quantity,
      e.blocked_quantity, e.category, e.actual, e.origin, static_cast<int>(e.incoterm),
      opt(e.departure_ms), opt(e.planned_departure_ms), opt(e.arrival_ms), opt(e.eta_ms),
      e.tracking, e.from_day, e.to_day, e.text);
  for (const auto& p : e.series) s += fmt::format("{}:{:a},", p.day, p.quantity);
  return s;
}

class Random {
 public:
  explicit Random(uint64_t seed) : rng_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  int64_t Long() {
    switch (Int(0, 3)) {
      case 0: return Int(-5, 5);
      case 1: return std::numeric_limits<int64_t>::min() + Int(0, 3);
      case 2: return std::numeric_limits<int64_t>::max() - Int(0, 3);
      default: return std::uniform_int_distribution<int64_t>()(rng_);
    }
  }
  double Double() {
    switch (Int(0, 4)) {
      case 0: return 0.0;
      case 1: return -0.0;  // ToJson writes "-0": other content than 0
      case 2: return 0.1 + 0.2;
      case 3: return std::numeric_limits<double>::max() * (Int(0, 1) ? 1 : -1);
      default: return std::uniform_real_distribution<double>(-1e12, 1e12)(rng_);
    }
  }
  std::string Text() {
    // Quotes, backslashes, controls, a NUL and a two-byte UTF-8 letter (whole: events are
    // UTF-8).
    static const std::string_view pieces[] = {"a", "b", "|", ":", "\"", "\\", "\n",
                                              "\t", " ", "\x01", std::string_view("\0", 1),
                                              "\xC3\xA9"};
    std::string s;
    for (int n = Int(0, 6); n > 0; --n) s += pieces[static_cast<size_t>(Int(0, 11))];
    return s;
  }
  std::optional<int64_t> Maybe() {
    return Int(0, 2) == 0 ? std::nullopt : std::optional<int64_t>(Long());
  }
  Event Any() {
    Event e;
    e.key = "k" + Text();
    e.kind = static_cast<twin::EventKind>(Int(0, twin::kEventKinds - 1));
    e.retract = Int(0, 1) == 1;
    e.owner = Text();
    e.customer = Text();
    e.supplier = Text();
    e.site = Text();
    e.material = Text();
    e.time_ms = Long();
    e.utc_offset_minutes = Int(-840, 840);
    e.direction = Int(0, 1) ? twin::Direction::kInbound : twin::Direction::kOutbound;
    e.quantity = Double();
    e.blocked_quantity = Double();
    e.category = Text();
    for (int n = Int(0, 4), day = Int(-30000, 30000); n > 0; --n, day += Int(-3, 40)) {
      e.series.push_back({day, Double()});
    }
    e.actual = Int(0, 1) == 1;
    e.origin = Text();
    e.incoterm = static_cast<twin::Incoterm>(Int(0, 12));
    e.departure_ms = Maybe();
    e.planned_departure_ms = Maybe();
    e.arrival_ms = Maybe();
    e.eta_ms = Maybe();
    e.tracking = Text();
    e.from_day = Int(-100000, 100000);
    e.to_day = Int(-100000, 100000);
    e.text = Text();
    return e;
  }
  // `e` with one field changed (or, now and then, none).
  Event Change(Event e) {
    Event other = Any();
    switch (Int(0, 24)) {
      case 0: e.kind = other.kind; break;
      case 1: e.owner = other.owner; break;
      case 2: e.customer = other.customer; break;
      case 3: e.supplier = other.supplier; break;
      case 4: e.site = other.site; break;
      case 5: e.material = other.material; break;
      case 6: e.utc_offset_minutes = other.utc_offset_minutes; break;
      case 7: e.direction = other.direction; break;
      case 8: e.quantity = other.quantity; break;
      case 9: e.blocked_quantity = other.blocked_quantity; break;
      case 10: e.category = other.category; break;
      case 11: e.series = other.series; break;
      case 12: e.actual = other.actual; break;
      case 13: e.origin = other.origin; break;
      case 14: e.incoterm = other.incoterm; break;
      case 15: e.departure_ms = other.departure_ms; break;
      case 16: e.planned_departure_ms = other.planned_departure_ms; break;
      case 17: e.arrival_ms = other.arrival_ms; break;
      case 18: e.eta_ms = other.eta_ms; break;
      case 19: e.tracking = other.tracking; break;
      case 20: e.from_day = other.from_day; break;
      case 21: e.to_day = other.to_day; break;
      case 22: e.text = other.text; break;
      case 23: if (!e.series.empty()) e.series.back().quantity = other.quantity; break;
      default: break;
    }
    return e;
  }

 private:
  std::mt19937_64 rng_;
};

Event RoundTrip(const Event& e) { return UnpackEvent(e.key, e.time_ms, e.retract, PackEvent(e)); }

TEST(EventCodec, GivesBackWhatTheCanonicalJsonGivesBack) {
  Random random(20261207);
  for (int i = 0; i < 5'000; ++i) {
    const Event e = random.Any();
    SCOPED_TRACE(twin::ToJson(e));
    EXPECT_EQ(Dump(RoundTrip(e)), Dump(twin::FromJson(twin::ToJson(e))));
  }
}

// Same bytes exactly when the same canonical JSON: a retried key is judged as before.
TEST(EventCodec, SameBodyExactlyWhenSameCanonicalJson) {
  Random random(7);
  int same = 0, other = 0;
  for (int i = 0; i < 5'000; ++i) {
    const Event a = random.Any();
    const Event b = random.Change(a);
    const bool json_same = twin::ToJson(a) == twin::ToJson(b);
    EXPECT_EQ(PackEvent(a) == PackEvent(b), json_same) << twin::ToJson(a) << "\n" << twin::ToJson(b);
    ++(json_same ? same : other);
  }
  EXPECT_GT(same, 500);  // both answers were put to the test
  EXPECT_GT(other, 500);
}

TEST(EventCodec, ZeroAndMinusZeroAreOtherContentAsInJson) {
  Event a;
  a.key = "k";
  Event b = a;
  b.quantity = -0.0;
  EXPECT_NE(twin::ToJson(a), twin::ToJson(b));
  EXPECT_NE(PackEvent(a), PackEvent(b));
}

// A damaged body is a StoreError, never a read past its end (the ASan build checks that).
TEST(EventCodec, DamagedBodiesAreRefused) {
  Random random(11);
  for (int i = 0; i < 500; ++i) {
    const Event e = random.Any();
    const std::string body = PackEvent(e);
    for (size_t n = 0; n < body.size(); ++n) {
      EXPECT_THROW(UnpackEvent("k", 0, false, body.substr(0, n)), StoreError) << n;
    }
    EXPECT_THROW(UnpackEvent("k", 0, false, body + "x"), StoreError);
    std::string flipped = body;
    flipped[static_cast<size_t>(random.Int(0, static_cast<int>(body.size()) - 1))] ^= 0x5a;
    try {
      UnpackEvent("k", 0, false, flipped);  // may still read as some event
    } catch (const StoreError&) {
    }
  }
  EXPECT_THROW(UnpackEvent("k", 0, false, std::string("\x02\x00", 2)), StoreError);  // format
  EXPECT_THROW(UnpackEvent("k", 0, false, std::string("\x01\x07", 2)), StoreError);  // kind
}

}  // namespace
}  // namespace chaintwin::store
