// The engine's fast paths give exactly the answer of the plain paths they short-cut
// (sim/engine.hpp, RunOptions::FastPaths), whether allocation decisions are recorded or not: on
// every bundled scenario (data/battery/scenarios/*.yaml), and on each with anode-material stock
// days halved (the `analyze sensitivity` low run on which graphite_ban's totals once differed
// by 7.6e-6 relative between a run keeping allocation records and one keeping none), every
// configuration below must give the plain run's totals and shortage episodes bit for bit.
//
// Two threads (RunOptions::threads = 2) are held to the same: `analyze`'s configuration runs on
// two threads too, and on two bundled scenarios and generated networks (with capacity pools, a timeline
// and the lane audit) a two-thread run's every output, day figure and lane figure is the
// one-thread run's, bit for bit.
//
// Exact, not within a tolerance: the fast paths do the plain paths' arithmetic in the plain
// paths' order (Order's fast path sums a buyer's position lane by lane as Place does, with
// Place's weights; Fill ships every supplier's lanes in one lane-order pass whichever path
// decided the split), so any difference is a change in that arithmetic, and rounding of 1e-16
// near a threshold (short or not, an order placed or not) grew to 1e-6 of the totals before.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "chaintwin/analyze/sensitivity.hpp"
#include "chaintwin/io/generate.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/bundled.hpp"

namespace chaintwin {
namespace {

// Every fast path off, every allocation decision recorded.
sim::RunOptions Plain() {
  sim::RunOptions o;
  o.max_allocation_records = std::numeric_limits<size_t>::max();
  o.fast.order = false;
  o.fast.ship_ratio = false;
  o.fast.delay_memo = false;
  o.fast.incremental_capacity = false;
  return o;
}

struct Config {
  std::string name;
  sim::RunOptions options;
};

// What `analyze` runs (every fast path on, no records), what `simulate` runs (the default
// options), and each fast path alone.
std::vector<Config> Configs() {
  std::vector<Config> out;
  sim::RunOptions analyze;
  analyze.max_allocation_records = 0;
  out.push_back({"every fast path, no records", analyze});
  out.push_back({"default options", sim::RunOptions{}});
  for (int k = 0; k < 4; ++k) {
    sim::RunOptions o = Plain();
    o.max_allocation_records = 0;
    if (k == 0) o.fast.order = true;
    if (k == 1) o.fast.ship_ratio = true;
    if (k == 2) o.fast.delay_memo = true;
    if (k == 3) o.fast.incremental_capacity = true;
    out.push_back({"fast path " + std::to_string(k) + " alone, no records", o});
  }
  sim::RunOptions two = analyze;
  two.threads = 2;
  out.push_back({"every fast path, no records, two threads", two});
  return out;
}

void ExpectSame(const sim::Results& a, const sim::Results& plain) {
  EXPECT_EQ(a.totals.demand_gwh, plain.totals.demand_gwh);
  EXPECT_EQ(a.totals.served_gwh, plain.totals.served_gwh);
  EXPECT_EQ(a.totals.unserved_gwh, plain.totals.unserved_gwh);
  EXPECT_EQ(a.totals.lost_production_gwh, plain.totals.lost_production_gwh);
  EXPECT_EQ(a.totals.resourced_gwh, plain.totals.resourced_gwh);
  EXPECT_EQ(a.allocation_decisions, plain.allocation_decisions);
  ASSERT_EQ(a.shortages.size(), plain.shortages.size());
  for (size_t k = 0; k < a.shortages.size(); ++k) {
    const sim::Shortage& x = a.shortages[k];
    const sim::Shortage& y = plain.shortages[k];
    SCOPED_TRACE("shortage " + std::to_string(k));
    EXPECT_EQ(x.site, y.site);
    EXPECT_EQ(x.material, y.material);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.first_day, y.first_day);
    EXPECT_EQ(x.last_day, y.last_day);
    EXPECT_EQ(x.depth, y.depth);
    EXPECT_EQ(x.lost_quantity, y.lost_quantity);
    EXPECT_EQ(x.open_at_end, y.open_at_end);
  }
}

void ExpectEveryConfigSame(const model::Network& network, const model::Scenario& scenario) {
  model::CompiledNetwork net = model::Compile(network);
  const sim::Results plain = sim::Simulate(net, scenario, Plain());
  EXPECT_GT(plain.totals.demand_gwh, 0.0);
  for (const Config& c : Configs()) {
    SCOPED_TRACE(c.name);
    ExpectSame(sim::Simulate(net, scenario, c.options), plain);
  }
}

TEST(FastPathParity, FastPathsAndRecordsChangeNoFigureOnBundledScenariosAndHalfAnodeStock) {
  analyze::Perturbation anode;
  anode.input = analyze::InputClass::kStockDays;
  anode.material = "anode_material";
  int scenarios = testutil::ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    ExpectEveryConfigSame(loaded.network, loaded.scenario);
    SCOPED_TRACE("anode stock days x 0.5");
    model::Network half = loaded.network;
    analyze::ApplyPerturbation(anode, 0.5, half);
    ExpectEveryConfigSame(half, loaded.scenario);
  });
  EXPECT_GE(scenarios, 5);
}

// Every day's figures of every slot, as bytes (a run's whole timeline).
class ThreadsTimeline : public sim::TimelineSink {
 public:
  std::vector<unsigned char> bytes;
  void Day(const model::CompiledNetwork& network, const sim::DayFigures& f) override {
    const size_t n = network.num_slots();
    for (const double* v : {f.opening, f.received, f.produced, f.consumed, f.shipped, f.closing,
                            f.unmet, f.wip}) {
      if (v == nullptr) continue;
      const auto* b = reinterpret_cast<const unsigned char*>(v);
      bytes.insert(bytes.end(), b, b + n * sizeof(double));
    }
  }
};

// Everything a run returns, its timeline and its lane audit, as bytes.
std::vector<unsigned char> ThreadsRunBytes(const model::CompiledNetwork& net,
                                           const model::Scenario& scenario, int32_t threads,
                                           bool timeline) {
  sim::RunOptions o;
  o.threads = threads;
  o.max_allocation_records = std::numeric_limits<size_t>::max();
  sim::RunOptions::LaneAudit audit;
  o.lane_audit = &audit;
  ThreadsTimeline sink;
  const sim::Results r = sim::Simulate(net, scenario, o, timeline ? &sink : nullptr);
  std::vector<unsigned char> out = std::move(sink.bytes);
  auto add = [&out](const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    out.insert(out.end(), b, b + n);
  };
  auto fields = [&add](const auto&... f) { (add(&f, sizeof f), ...); };
  for (const sim::Shortage& x : r.shortages) {
    fields(x.site, x.material, x.kind, x.first_day, x.last_day, x.depth, x.lost_material,
           x.lost_quantity, x.lost_gwh);
  }
  for (const sim::SiteOutcome& x : r.sites) {
    fields(x.demand_gwh, x.unserved_demand_gwh, x.lost_production_gwh, x.first_shortage_day,
           x.days_to_recover);
  }
  for (const sim::AllocationRecord& x : r.allocations) {
    fields(x.day, x.lane, x.requested, x.allocated);
  }
  fields(r.allocation_decisions, r.totals.demand_gwh, r.totals.served_gwh, r.totals.unserved_gwh,
         r.totals.lost_production_gwh, r.totals.resourced_gwh);
  add(r.resourced_gwh_by_country.data(), r.resourced_gwh_by_country.size() * sizeof(double));
  for (const std::vector<double>* v :
       {&audit.ordered, &audit.cancelled, &audit.closing_owed, &audit.shipped, &audit.received,
        &audit.opening_transit, &audit.closing_transit, &audit.shipped_while_blocked,
        &audit.unusable_days}) {
    add(v->data(), v->size() * sizeof(double));
  }
  EXPECT_GT(r.totals.demand_gwh, 0.0);
  return out;
}

void ExpectTwoThreadsSame(const model::Network& network, const model::Scenario& scenario) {
  model::CompiledNetwork net = model::Compile(network);
  for (bool timeline : {false, true}) {
    SCOPED_TRACE(timeline ? "with a timeline" : "without a timeline");
    const std::vector<unsigned char> one = ThreadsRunBytes(net, scenario, 1, timeline);
    const std::vector<unsigned char> two = ThreadsRunBytes(net, scenario, 2, timeline);
    ASSERT_EQ(one.size(), two.size());
    EXPECT_EQ(std::memcmp(one.data(), two.data(), one.size()), 0);
  }
}

// Two bundled scenarios: an export ban, and a chokepoint closure (Delay's memo, kept by the
// engine's thread; the worker's shipments are shipped there).
TEST(FastPathParity, TwoThreadsGiveOneThreadsBytesOnBundledScenarios) {
  for (const char* name : {"graphite_ban.yaml", "malacca_closed_60d.yaml"}) {
    SCOPED_TRACE(name);
    const io::LoadedScenario loaded =
        io::LoadScenario(std::string(CT_DATA_DIR) + "/battery/scenarios/" + name);
    ExpectTwoThreadsSame(loaded.network, loaded.scenario);
  }
}

// Generated networks (io::Generate: every kind of event), some with every site's processes in
// one capacity pool (Produce's split keeps a pool on one thread).
TEST(FastPathParity, TwoThreadsGiveOneThreadsBytesOnGeneratedNetworks) {
  for (uint64_t seed = 1; seed <= 2; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    io::GenerateOptions options;
    options.sites = 400;
    options.seed = seed;
    options.horizon_days = 150;
    io::GeneratedCase g = io::Generate(options);
    if (seed % 2 == 0) {
      for (model::Site& site : g.network.sites) {
        double total = 0.0;
        for (const auto& p : site.processes) {
          if (std::isfinite(p.capacity_per_day)) total += p.capacity_per_day;
        }
        if (site.processes.empty() || site.external || total <= 0.0) continue;
        site.capacity_pools.push_back(model::CapacityPool{"pool", 0.6 * total});
        for (auto& p : site.processes) p.capacity_pool = "pool";
      }
    }
    ExpectTwoThreadsSame(g.network, g.scenario);
  }
}

}  // namespace
}  // namespace chaintwin
