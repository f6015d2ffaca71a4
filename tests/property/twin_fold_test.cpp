// State as of T equals the fold of the events up to T, on random event streams that arrive
// in shuffled batches, some retried, some in replace mode: what the store answers
// (Records(T), folded) against a plain fold of the events (CurrentRecords) with no store.
#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/state.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::twin {
namespace {

const int64_t kT0 = *ParseDateTime("2026-03-01T00:00:00Z");
constexpr int64_t kDay = 86'400'000;

struct Gen {
  std::mt19937_64 rng;
  uint64_t Below(uint64_t n) { return rng() % n; }

  Event Make(int i) {
    Event e;
    e.key = "k" + std::to_string(i);
    // Coarse times so that ties (broken by key) happen.
    e.time_ms = kT0 + static_cast<int64_t>(Below(40)) * (kDay / 4);
    e.material = "anode_material";
    switch (Below(4)) {
      case 0:
      case 1: {
        bool jp = Below(2) == 0;
        e = testutil::Stock(e.key, double(Below(1000)), e.time_ms, "jp_cell",
                            jp ? testutil::kJpAnode : testutil::kCnAnode);
        e.blocked_quantity = double(Below(3));
        break;
      }
      case 2: {
        e.kind = EventKind::kDemand;
        e.owner = e.customer = testutil::kCell;
        e.supplier = Below(2) ? testutil::kCnAnode : testutil::kJpAnode;
        e.site = "jp_cell";
        e.category = "0001";
        int32_t first = LocalDay(kT0, 0) + static_cast<int32_t>(Below(10));
        for (int d = 0; d < 5; ++d) e.series.push_back({first + d, double(Below(100))});
        break;
      }
      default: {
        e.kind = EventKind::kDelivery;
        e.owner = e.supplier = testutil::kCnAnode;
        e.customer = testutil::kCell;
        e.origin = "cn_anode";
        e.site = "jp_cell";
        e.quantity = double(Below(500));
        e.tracking = "T" + std::to_string(Below(3));
        e.departure_ms = e.time_ms - kDay;
        e.eta_ms = e.time_ms + static_cast<int64_t>(Below(10)) * kDay;
        if (Below(3) == 0) e.arrival_ms = *e.eta_ms;
        break;
      }
    }
    return e;
  }
};

std::vector<std::string> Texts(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) out.push_back(ToJson(e));
  return out;
}

void ExpectSameState(const State& a, const State& b) {
  ASSERT_EQ(a.slots.size(), b.slots.size());
  for (size_t s = 0; s < a.slots.size(); ++s) {
    EXPECT_EQ(a.slots[s].stock, b.slots[s].stock) << "slot " << s;
    EXPECT_EQ(a.slots[s].blocked, b.slots[s].blocked) << "slot " << s;
    EXPECT_EQ(a.slots[s].records, b.slots[s].records) << "slot " << s;
    ASSERT_EQ(a.demand[s].size(), b.demand[s].size());
    for (size_t d = 0; d < a.demand[s].size(); ++d) {
      EXPECT_EQ(a.demand[s][d].quantity, b.demand[s][d].quantity);
    }
  }
  ASSERT_EQ(a.shipments.size(), b.shipments.size());
  for (size_t i = 0; i < a.shipments.size(); ++i) {
    EXPECT_EQ(a.shipments[i].tracking, b.shipments[i].tracking);
    EXPECT_EQ(a.shipments[i].quantity, b.shipments[i].quantity);
  }
}

TEST(TwinFold, StateAsOfTIsTheFoldOfTheEventsUpToT) {
  const TwinContext& ctx = testutil::TwoTierContext();
  for (uint64_t seed = 1; seed <= 25; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    Gen g{std::mt19937_64(seed)};
    const bool with_replace = seed % 3 == 0;
    std::vector<Event> events;
    for (int i = 0; i < 120; ++i) events.push_back(g.Make(i));
    // Batches of 1-15 events, in shuffled order, a third of them sent twice.
    std::vector<store::Batch> batches;
    for (size_t at = 0; at < events.size();) {
      size_t n = 1 + g.Below(15);
      store::Batch b;
      for (size_t k = at; k < std::min(events.size(), at + n); ++k) b.events.push_back(events[k]);
      at += n;
      if (with_replace && g.Below(4) == 0) {
        b.replace = {{testutil::kCell, EventKind::kItemStock}};
        for (const Event& e : b.events) b.replace_time_ms = std::max(b.replace_time_ms, e.time_ms);
      }
      batches.push_back(std::move(b));
      if (g.Below(3) == 0) batches.push_back(batches.back());
    }
    std::shuffle(batches.begin(), batches.end(), g.rng);
    testutil::TempDir dir;
    auto db = store::OpenStore(dir.File("twin.db"));
    for (const auto& b : batches) db->Append(b);
    std::vector<Event> log;
    db->ForEachEvent([&](const store::StoredEvent& s) { log.push_back(s.event); });
    for (int64_t t = kT0 - kDay; t <= kT0 + 12 * kDay; t += kDay / 3) {
      SCOPED_TRACE(::testing::Message() << "as of " << FormatDateTime(t));
      std::vector<Event> stored = db->Records(t);
      // Against the log (retractions included) and, without replace, the events as made.
      EXPECT_EQ(Texts(stored), Texts(CurrentRecords(log, t)));
      if (!with_replace) {
        EXPECT_EQ(Texts(stored), Texts(CurrentRecords(events, t)));
        EXPECT_EQ(log.size(), events.size());  // every retried event stored once
      }
      ExpectSameState(Fold(ctx, stored, t), Fold(ctx, CurrentRecords(log, t), t));
    }
  }
}

}  // namespace
}  // namespace chaintwin::twin
