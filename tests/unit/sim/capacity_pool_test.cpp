// Capacity shared by several processes (issue 19 §5): one plant, one pooled capacity, two
// products. Hand-solved: plant P makes a and b (own capacities 8 t/d each) from a pool of
// 10 t/d; end user U asks 6 t/d of each; lanes of 1 day; stocks of 5 days.
//   Without the pool P makes 6 + 6 = 12 t/d and U is served in full.
//   With it, P makes at most 10 t/d: the pool is filled in process order (a, then b), so a gets
//   its 6 and b the 4 left: 2 t/d of b go unserved every day, a is served in full.
//   An outage at half capacity halves each process (4 t/d) and the pool (5 t/d): a makes 4,
//   b the 1 left.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Stage;
using testutil::NetBuilder;

// Records what each slot produced on each day.
struct Produced : sim::TimelineSink {
  std::vector<std::vector<double>> by_day;
  void Day(const model::CompiledNetwork& net, const sim::DayFigures& f) override {
    by_day.emplace_back(f.produced, f.produced + net.num_slots());
  }
};

NetBuilder Plant(bool pooled) {
  NetBuilder b;
  b.Material("a", Dimension::kMass, Stage::kRefining)
      .Material("b", Dimension::kMass, Stage::kRefining)
      .Country("JP").Country("US");
  model::Site& p = b.Site("P", "JP", 5);
  if (pooled) p.capacity_pools.push_back(model::CapacityPool{"line", 10});
  b.Site("U", "US", 5);
  b.Process("P", "a", 8).Process("P", "b", 8);
  if (pooled) {
    for (auto& proc : b.SiteRef("P").processes) proc.capacity_pool = "line";
  }
  b.Demand("U", "a", 6).Demand("U", "b", 6);
  b.Lane("P", "U", "a", 1);
  b.Lane("P", "U", "b", 1);
  return b;
}

TEST(CapacityPool, ProcessesSharingAPoolMakeAtMostItsCapacityTogether) {
  for (bool pooled : {false, true}) {
    SCOPED_TRACE(pooled);
    NetBuilder b = Plant(pooled);
    auto net = model::Compile(b.network());
    ASSERT_EQ(net.num_pools(), pooled ? 1u : 0u);
    Produced produced;
    sim::Results r = sim::Simulate(net, testutil::MakeScenario(40), {}, &produced);
    const SlotId a = net.FindSlot(net.FindSite("P"), net.FindMaterial("a"));
    const SlotId b_slot = net.FindSlot(net.FindSite("P"), net.FindMaterial("b"));
    ASSERT_EQ(produced.by_day.size(), 40u);
    for (size_t d = 1; d < produced.by_day.size(); ++d) {
      SCOPED_TRACE(d);
      const auto& day = produced.by_day[d];
      EXPECT_NEAR(day[a.value], 6.0, 1e-9);
      EXPECT_NEAR(day[b_slot.value], pooled ? 4.0 : 6.0, 1e-9);
    }
    // P and U hold 5 days of each (30 t): 2 t/d less b runs them down within the 40 days.
    const SiteId u = net.FindSite("U");
    bool a_short = false, b_short = false;
    for (const auto& s : r.shortages) {
      if (s.site != u) continue;
      a_short |= net.material_key[s.material.value] == "a";
      b_short |= net.material_key[s.material.value] == "b";
    }
    EXPECT_FALSE(a_short);
    EXPECT_EQ(b_short, pooled);
  }
}

// The baseline (Compile) cannot make more than the pool either: U's 6 + 6 t/d would be made
// at 6 + 6, but the pool holds 10, so 5 + 5, and the 1 t/d of each not made is asked by lane.
TEST(CapacityPool, TheBaselineStaysWithinThePool) {
  NetBuilder b = Plant(true);
  auto net = model::Compile(b.network());
  const SiteId p = net.FindSite("P");
  for (uint32_t proc = net.site_process_begin[p.value]; proc < net.site_process_begin[p.value + 1];
       ++proc) {
    EXPECT_NEAR(net.process_expected_output[proc], 5.0, 1e-9);
    EXPECT_NEAR(net.slot_expected_inflow[net.process_output[proc].value], 1.0, 1e-9);
  }
  NetBuilder free = Plant(false);
  auto free_net = model::Compile(free.network());
  EXPECT_NEAR(free_net.process_expected_output[free_net.site_process_begin[p.value]], 6.0, 1e-9);
}

TEST(CapacityPool, AnOutageCutsThePoolLikeItsPlant) {
  NetBuilder b = Plant(true);
  auto net = model::Compile(b.network());
  model::Scenario sc = testutil::MakeScenario(20);
  model::Event e = testutil::MakeEvent("half", model::EventKind::kSiteOutage, 5, 10);
  e.sites = {"P"};
  e.severity = model::Distribution::Fixed(0.5);
  sc.events.push_back(e);
  Produced produced;
  sim::Simulate(net, sc, {}, &produced);
  const SlotId a = net.FindSlot(net.FindSite("P"), net.FindMaterial("a"));
  const SlotId b_slot = net.FindSlot(net.FindSite("P"), net.FindMaterial("b"));
  for (size_t d = 5; d < 15; ++d) {
    SCOPED_TRACE(d);
    EXPECT_NEAR(produced.by_day[d][a.value], 4.0, 1e-9);
    EXPECT_NEAR(produced.by_day[d][b_slot.value], 1.0, 1e-9);
  }
}

// Property: on generated networks with every site's processes of one dimension pooled at 60 %
// of their summed capacity, no day makes more than the pool, and some pool binds.
TEST(CapacityPool, NoDayMakesMoreThanThePoolOnGeneratedNetworks) {
  bool any_binds = false;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE(seed);
    io::GenerateOptions options;
    options.sites = 60;
    options.seed = seed;
    options.horizon_days = 120;
    io::GeneratedCase g = io::Generate(options);
    std::map<std::string, model::Dimension> dimension;
    for (const auto& m : g.network.materials) dimension[m.id] = m.dimension;
    for (model::Site& site : g.network.sites) {
      if (site.processes.empty() || site.external) continue;
      const model::Dimension d = dimension[site.processes[0].output];
      double total = 0.0;
      for (const auto& p : site.processes) {
        if (dimension[p.output] == d && std::isfinite(p.capacity_per_day)) total += p.capacity_per_day;
      }
      if (total <= 0.0) continue;
      site.capacity_pools.push_back(model::CapacityPool{"pool", 0.6 * total});
      for (auto& p : site.processes) {
        if (dimension[p.output] == d && std::isfinite(p.capacity_per_day)) p.capacity_pool = "pool";
      }
    }
    auto net = model::Compile(g.network);
    ASSERT_GT(net.num_pools(), 0u);
    Produced produced;
    sim::Simulate(net, g.scenario, {}, &produced);
    for (uint32_t q = 0; q < net.num_pools(); ++q) {
      // The slots the pool's processes make (no other process makes them: all are pooled).
      std::vector<uint32_t> slots;
      for (uint32_t k = net.pool_process_begin[q]; k < net.pool_process_begin[q + 1]; ++k) {
        slots.push_back(net.process_output[net.pool_processes[k].value].value);
      }
      std::sort(slots.begin(), slots.end());
      slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
      for (size_t day = 0; day < produced.by_day.size(); ++day) {
        double made = 0.0;
        for (uint32_t slot : slots) made += produced.by_day[day][slot];
        EXPECT_TRUE(std::isfinite(made));
        EXPECT_LE(made, net.pool_capacity[q] * (1 + 1e-9)) << net.pool_key[q] << " day " << day;
        any_binds |= made >= net.pool_capacity[q] * (1 - 1e-9);
      }
    }
  }
  EXPECT_TRUE(any_binds);
}

TEST(CapacityPool, LoadsFromYaml) {
  const std::string yaml = R"(kind: network
id: pooled
materials:
  - {id: a, unit: t, stage: refining}
  - {id: b, unit: t, stage: refining}
countries:
  - {code: JP, name: Japan}
sites:
  - id: P
    country: JP
    capacity_pools: {line: 3650 t/yr}
    processes:
      - {output: a, capacity: 8 t/d, pool: line}
      - {output: b, capacity: 8 t/d, pool: line}
    demand: {a: 6 t/d, b: 6 t/d}
)";
  model::Network network = io::LoadNetworkFromString(yaml, "pooled.yaml");
  ASSERT_EQ(network.sites[0].capacity_pools.size(), 1u);
  EXPECT_NEAR(network.sites[0].capacity_pools[0].capacity_per_day, 10.0, 1e-9);
  auto net = model::Compile(network);
  ASSERT_EQ(net.num_pools(), 1u);
  EXPECT_EQ(net.pool_key[0], "line");
  EXPECT_EQ(net.pool_process_begin[1] - net.pool_process_begin[0], 2u);
  EXPECT_EQ(net.process_pool[0], 0);
  EXPECT_EQ(net.process_pool[1], 0);
}

}  // namespace
}  // namespace chaintwin
