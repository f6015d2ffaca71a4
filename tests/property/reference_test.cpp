// The engine against the reference simulator (tests/testutil/reference_sim.hpp, STYLE.md §6):
// 200 generated networks (12-40 sites, 40-100 days, the generator's scenario with every kind of
// event; in one network in three the plant outage closes the plant outright, so closed
// suppliers lose their orders, in one in two the event durations are drawn with the seed, in two
// in five the test adds capped lanes, chokepoint throughputs and contract volume caps
// (AddCapacities), in two in three inventory policies and production lead times
// (AddPolicies), in one in two throughput cuts (AddThroughputCuts), and in three in seven a second
// line sharing a capacity pool with the first at a third of the producing sites (AddPools)),
// each run under the four simple protocols by both. For every day, site and material the seven
// figures the engine streams through TimelineSink (and work in process) must agree, and so must the shortage episodes
// (site, material, kind, first and last day, depth, lost quantity) and the totals (demand, served,
// unserved GWh).
//
// Each run uses one configuration of the engine (OptionsOf: timeline on or off, allocation
// records all or none, each fast path on or off, one thread or two), so the fast paths and the
// second thread are held to the same answer as the general paths on one thread.
//
// Tolerance: 1e-9 relative. The two sum the same flows in different orders (the engine keeps
// running totals, the reference re-adds the parts each time), so they may differ by rounding,
// which is relative to the flows summed, not to their difference: a slot's figures are compared
// within 1e-9 of the largest figure of that slot on that day or before (an `unmet` of 1e-14
// beside a demand of 100 is rounding, and so is a stock of 1e-13 left where 100 t were used up
// yesterday: stock carries the rounding of earlier days' flows), episodes' depth within 1e-9 and
// lost quantity within 1e-9 of the largest of the two, totals within 1e-9 of the demand. Rounding
// of that size can only change a decision (short or not, an order placed or not) when the quantity
// compared is itself within 1e-9 of a threshold; none of these networks has one.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/rng.hpp"
#include "testutil/builder.hpp"
#include "testutil/reference_sim.hpp"

namespace chaintwin {
namespace {

using model::CompiledNetwork;
using model::Protocol;
using testutil::ReferenceFigures;
using testutil::SlotKey;

constexpr uint64_t kNetworks = 200;
constexpr double kRel = 1e-9;

struct Case {
  uint64_t seed = 0;
  int64_t sites = 0;
  int32_t days = 0;
  bool plant_closed = false;  // the site outage closes the plant (capacity 0), not 10 %
  bool sampled = false;       // event durations drawn with the seed, not nominal
  bool overlapping = false;   // more closures of the same chokepoints, overlapping in time
  bool policies = false;      // inventory policies and production lead times (AddPolicies)
  bool capacities = false;    // capped lanes, chokepoint throughputs, contract caps (AddCapacities)
  bool cuts = false;          // lane_throughput events (AddThroughputCuts)
  bool pools = false;         // second lines sharing a capacity pool (AddPools)
  uint64_t config = 0;        // the engine's options (OptionsOf); config % 4 == 3: no timeline
};

// The engine's configuration for a run, swept over the networks as LevelDB sweeps its options
// (one configuration per run, so the suite costs no more): with or without a timeline, every
// allocation decision recorded or none, each fast path on or off, and one thread or two (one
// run in eight: RunOptions::threads). 64 configurations; the 200 networks x 4 protocols visit
// each about 12 times.
sim::RunOptions OptionsOf(const Case& c, Protocol protocol) {
  uint32_t k = static_cast<uint32_t>(c.config + 7 * static_cast<uint64_t>(protocol)) % 64;
  sim::RunOptions o;
  o.max_allocation_records = (k & 1) ? std::numeric_limits<size_t>::max() : 0;
  o.fast.order = (k & 2) == 0;
  o.fast.ship_ratio = (k & 4) == 0;
  o.fast.delay_memo = (k & 8) == 0;
  o.fast.incremental_capacity = (k & 16) == 0;
  o.threads = (k & 56) == 56 ? 2 : 1;
  return o;
}

Case CaseOf(uint64_t seed) {
  util::Rng rng(util::StreamSeed(seed, 0, "reference"));
  Case c;
  c.seed = seed;
  c.sites = 12 + static_cast<int64_t>(rng.Next() % 29);
  c.days = 40 + static_cast<int32_t>(rng.Next() % 61);
  c.plant_closed = seed % 3 == 0;
  c.sampled = seed % 2 == 0;
  c.overlapping = seed % 4 == 1;
  // Seed 65 (capacities and policies) differed from day 86 until the rule "what a supplier can
  // deliver" got its tolerance: on day 85 the buyer cell_cn_000023, under shortage, found the
  // supplier of its lane 43 able to deliver 0 (engine) or 1.02e-14 (reference: rounding left
  // over from the day's flows) and the other one 0, so the engine ordered by share (lane 42,
  // capped, owing 6,618, got 473) and the reference put the whole order on lane 43. Now a supplier that can deliver at most 1e-9 x (stock + owed + 1) counts
  // as delivering nothing in both (docs/SIMULATION.md, Thresholds).
  c.capacities = seed % 5 < 2;
  c.policies = seed % 3 != 1;
  c.cuts = seed % 2 == 1;
  c.pools = seed % 7 < 3;
  c.config = seed;
  return c;
}

// Throughput cuts (lane_throughput events, docs/SIMULATION.md step 5) on a generated scenario:
// the exports of the first export ban's origin cut to 0.3-0.9 of their baseline flow (a
// uniform draw over that range in runs with sampled durations) from a fifth of the horizon for
// a third of it, every fifth lane with flow cut to 0.5 of it (to 0 in one run in three) for the
// middle third, and one lane held at a quantity of 0.6 x its flow from day 1 to the end, over
// the first two: the lowest cut binds.
void AddThroughputCuts(uint64_t seed, const model::Network& network, model::Scenario& scenario) {
  CompiledNetwork net = model::Compile(network);
  util::Rng rng(util::StreamSeed(seed, 0, "throughput"));
  const int32_t h = scenario.horizon_days;
  model::Event origin;
  origin.kind = model::EventKind::kLaneThroughput;
  origin.id = "cut_exports";
  for (const model::Event& e : scenario.events) {
    if (e.kind == model::EventKind::kExportBan && origin.origins.empty()) origin.origins = e.origins;
  }
  origin.start_day = h / 5;
  origin.duration_days = model::Distribution::Fixed(std::max(1, h / 3));
  double low = 0.3 + 0.3 * rng.Uniform(), high = low + 0.3 * rng.Uniform();
  origin.severity = seed % 4 == 1 ? model::Distribution{model::Distribution::Kind::kUniform, low, high,
                                                        0.5 * (low + high)}
                                  : model::Distribution::Fixed(low);
  if (!origin.origins.empty()) scenario.events.push_back(origin);
  model::Event some = origin;
  some.id = "cut_some";
  some.origins.clear();
  some.start_day = h / 3;
  // To nothing in one run in three: the lanes are blocked, as by a closure (docs/SIMULATION.md).
  some.severity = model::Distribution::Fixed(seed % 3 == 0 ? 0.0 : 0.5);
  model::Event one = some;
  one.id = "cut_one";
  one.start_day = 1;
  one.duration_days = model::Distribution::Fixed(h - 1);
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    const double flow = net.lane_expected_flow[l];
    if (flow <= 0.0) continue;
    if (one.lanes.empty()) {
      one.lanes.push_back(net.lane_key[l]);
      one.capacity_per_day = 0.6 * flow;
    }
    if (rng.Next() % 5 == 0) some.lanes.push_back(net.lane_key[l]);
  }
  if (!some.lanes.empty()) scenario.events.push_back(some);
  if (!one.lanes.empty()) scenario.events.push_back(one);
}

// Inventory policies and lead times on a generated network (docs/SIMULATION.md, "Inventory
// policies"), sized from its baseline flows so that they bind: about a third of the slots a
// lane brings get a base-stock, (s, S), (R, Q) or capped cover policy (a third of those with an
// order cap), about a third of the made materials that no lane brings get one on their
// inputs (echelon), and about a third of the processes a lead time of 1 to 6 days.
// Capacities on a generated network (docs/SIMULATION.md step 5), sized from its baseline flows
// so that they bind once a disruption moves orders: about one lane in four gets a capacity of
// 0.7-1.5 x its baseline flow, every chokepoint with lanes a throughput of 0.8-1.4 x the
// baseline mass its lanes carry, and every contract a volume cap of 0.7-1.5 x its lane's flow.
void AddCapacities(uint64_t seed, model::Network& network) {
  CompiledNetwork net = model::Compile(network);
  util::Rng rng(util::StreamSeed(seed, 0, "capacities"));
  std::map<std::string, double> through;  // chokepoint -> baseline flow of its lanes
  for (model::Lane& lane : network.lanes) {  // Compile renumbers lanes: look them up
    const double flow = net.lane_expected_flow[net.FindLane(lane.id).value];
    for (const model::ChokepointCrossing& x : lane.chokepoints) through[x.chokepoint] += flow;
    if (rng.Next() % 4 == 0) lane.capacity_per_day = std::max(flow, 1e-3) * (0.7 + 0.8 * rng.Uniform());
  }
  for (model::Chokepoint& c : network.chokepoints) {
    auto it = through.find(c.id);
    if (it != through.end() && it->second > 0.0) c.capacity_per_day = it->second * (0.8 + 0.6 * rng.Uniform());
  }
  for (model::Contract& k : network.contracts) {
    const double flow = testutil::ContractFlow(net, network, k);
    k.max_volume_per_day = std::max(flow, 1e-3) * (0.7 + 0.8 * rng.Uniform());
  }
}

// Capacity pools (docs/FORMATS.md, `capacity_pools`; docs/SIMULATION.md step 3) on a generated
// network, whose sites have one process each: about one producing site in three gets a second
// line making the same output from the same recipe (0.3-0.8 x the first's capacity, the same
// start and lead time), and the two share a pool of 0.9-1.3 x the first's capacity, so the pool
// binds when the site restocks or takes over a disrupted supplier's orders, and the line first in
// process order takes what it makes before the other.
void AddPools(uint64_t seed, model::Network& network) {
  util::Rng rng(util::StreamSeed(seed, 0, "pools"));
  for (model::Site& site : network.sites) {
    if (site.external || site.processes.size() != 1 || rng.Next() % 3 != 0) continue;
    const model::Process& first = site.processes.front();
    if (!std::isfinite(first.capacity_per_day) || first.capacity_per_day <= 0.0) continue;
    model::Process line = first;
    line.id = first.output + "_line2";
    line.capacity_per_day = first.capacity_per_day * (0.3 + 0.5 * rng.Uniform());
    line.capacity_pool = "plant";
    const double pool = first.capacity_per_day * (0.9 + 0.4 * rng.Uniform());
    site.processes.front().capacity_pool = "plant";
    site.processes.push_back(std::move(line));
    site.capacity_pools.push_back(model::CapacityPool{"plant", pool});
  }
}

void AddPolicies(uint64_t seed, model::Network& network) {
  CompiledNetwork net = model::Compile(network);
  util::Rng rng(util::StreamSeed(seed, 0, "policies"));
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    bool bought = net.in_begin[slot + 1] > net.in_begin[slot];
    bool made = false;
    for (uint32_t p = 0; p < net.num_processes(); ++p) {
      made = made || (net.process_output[p].value == slot &&
                      net.process_input_begin[p + 1] > net.process_input_begin[p]);
    }
    if (!(bought || made) || rng.Next() % 3 != 0) continue;
    double flow = std::max(net.slot_expected_use[slot], 1e-3);
    model::InventoryPolicy policy;
    policy.material = net.material_key[net.slot_material[slot].value];
    switch (rng.Next() % 4) {
      case 0:
        policy.kind = model::PolicyKind::kBaseStock;
        policy.level = flow * (2.0 + 30.0 * rng.Uniform());
        break;
      case 1:
        policy.kind = model::PolicyKind::kMinMax;
        policy.level = flow * (5.0 + 30.0 * rng.Uniform());
        policy.reorder_point = policy.level * rng.Uniform();
        break;
      case 2:
        policy.kind = model::PolicyKind::kReorderQuantity;
        policy.reorder_point = flow * 20.0 * rng.Uniform();
        policy.quantity = flow * (0.5 + 10.0 * rng.Uniform());
        break;
      default:
        policy.kind = model::PolicyKind::kCover;
        policy.order_cap_per_day = flow * (0.8 + 2.0 * rng.Uniform());
        break;
    }
    if (policy.kind != model::PolicyKind::kCover && rng.Next() % 3 == 0) {
      policy.order_cap_per_day = flow * (0.8 + 3.0 * rng.Uniform());
    }
    network.sites[net.slot_site[slot].value].inventory_policy.push_back(policy);
  }
  for (model::Site& site : network.sites) {
    for (model::Process& process : site.processes) {
      if (rng.Next() % 3 == 0) process.lead_days = 1 + static_cast<int32_t>(rng.Next() % 6);
    }
  }
}

// Keeps every day's figures of every slot.
class KeepingSink : public sim::TimelineSink {
 public:
  void Day(const CompiledNetwork& net, const sim::DayFigures& f) override {
    std::vector<ReferenceFigures>& day = days_.emplace_back(net.num_slots());
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      day[slot] = ReferenceFigures{f.opening[slot],  f.received[slot], f.produced[slot],
                                   f.consumed[slot], f.shipped[slot],  f.closing[slot],
                                   f.unmet[slot],    f.wip != nullptr ? f.wip[slot] : 0.0};
    }
  }
  const std::vector<std::vector<ReferenceFigures>>& days() const { return days_; }

 private:
  std::vector<std::vector<ReferenceFigures>> days_;
};

std::string Name(const CompiledNetwork& net, const SlotKey& slot) {
  return fmt::format("{}/{}", net.site_key[slot.first.value], net.material_key[slot.second.value]);
}

bool Close(double a, double b, double scale) {
  return std::fabs(a - b) <= kRel * std::max({std::fabs(a), std::fabs(b), scale});
}

// Compares the day figures; returns how many slot-days differ and describes the first.
int CompareFigures(const CompiledNetwork& net, const KeepingSink& engine,
                   const testutil::ReferenceResults& reference, std::string& first) {
  constexpr const char* kNames[] = {"opening", "received", "produced", "consumed",
                                    "shipped", "closing",  "unmet",    "wip"};
  auto values = [](const ReferenceFigures& f) {
    return std::vector<double>{f.opening, f.received, f.produced, f.consumed,
                               f.shipped, f.closing,  f.unmet,    f.wip};
  };
  int differing = 0;
  std::vector<double> scale(net.num_slots(), 0.0);  // the largest figure of the slot so far
  for (size_t t = 0; t < engine.days().size(); ++t) {
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      SlotKey key{net.slot_site[slot], net.slot_material[slot]};
      std::vector<double> a = values(engine.days()[t][slot]);
      std::vector<double> b = values(reference.days[t].at(key));
      for (size_t i = 0; i < a.size(); ++i) {
        scale[slot] = std::max({scale[slot], std::fabs(a[i]), std::fabs(b[i])});
      }
      for (size_t i = 0; i < a.size(); ++i) {
        if (Close(a[i], b[i], scale[slot])) continue;
        if (differing++ < 12) {
          first += fmt::format("day {}, {}: {} engine {} reference {}\n", t, Name(net, key), kNames[i],
                              a[i], b[i]);
        }
        break;
      }
    }
  }
  return differing;
}

std::string Describe(const CompiledNetwork& net, const SlotKey& slot, sim::ShortageKind kind,
                     int32_t first, int32_t last) {
  return fmt::format("{} {} days {}-{}", Name(net, slot),
                     kind == sim::ShortageKind::kDemand ? "demand" : "production", first, last);
}

void CompareShortages(const CompiledNetwork& net, const sim::Results& engine,
                      const testutil::ReferenceResults& reference) {
  std::vector<std::string> a, b;
  for (const sim::Shortage& s : engine.shortages) {
    a.push_back(Describe(net, {s.site, s.material}, s.kind, s.first_day, s.last_day));
  }
  for (const testutil::ReferenceShortage& s : reference.shortages) {
    b.push_back(Describe(net, s.slot, s.kind, s.first_day, s.last_day));
  }
  ASSERT_EQ(a, b) << "shortage episodes (engine, reference)";
  for (size_t i = 0; i < engine.shortages.size(); ++i) {
    const sim::Shortage& e = engine.shortages[i];
    const testutil::ReferenceShortage& r = reference.shortages[i];
    EXPECT_TRUE(Close(e.depth, r.depth, 1.0)) << a[i] << ": depth " << e.depth << " vs " << r.depth;
    EXPECT_TRUE(Close(e.lost_quantity, r.lost_quantity, 0.0))
        << a[i] << ": lost " << e.lost_quantity << " vs " << r.lost_quantity;
  }
}

struct Tally {
  int runs = 0;
  int64_t days = 0;
  int64_t slot_days = 0;
  int64_t shortages = 0;
  int with_shortages = 0;
  int with_allocations = 0;
};

void CompareOne(const Case& c, Protocol protocol, Tally& tally) {
  io::GenerateOptions o;
  o.sites = c.sites;
  o.seed = c.seed;
  o.horizon_days = c.days;
  io::GeneratedCase g = io::Generate(o);
  if (c.plant_closed) {
    for (model::Event& e : g.scenario.events) {
      if (e.kind == model::EventKind::kSiteOutage) e.severity = model::Distribution::Fixed(0.0);
    }
  }
  if (c.overlapping) {
    // The closed chokepoint is closed again from 2 days after its first closure starts, then
    // offers a detour from day +8 while still closed; the detoured one gets a longer detour
    // for a while. Cargo has to follow every closure in force, whatever the event order.
    std::vector<model::Event> more;
    for (const model::Event& e : g.scenario.events) {
      if (e.kind != model::EventKind::kLaneClosure) continue;
      model::Event x = e;
      if (!e.detour_days) {
        x.id = e.id + "_renewed";
        x.start_day = e.start_day + 2;
        x.duration_days = model::Distribution::Fixed(10.0);
        more.push_back(x);
        x.id = e.id + "_detour_later";
        x.start_day = e.start_day + 8;
        x.duration_days = model::Distribution::Fixed(6.0);
        x.detour_days = 4.0;
      } else {
        x.id = e.id + "_longer";
        x.start_day = e.start_day + 2;
        x.duration_days = model::Distribution::Fixed(5.0);
        x.detour_days = *e.detour_days + 6.0;
      }
      more.push_back(x);
    }
    // Listed first, so that the first closure in event order is not always the earliest.
    g.scenario.events.insert(g.scenario.events.begin(), more.begin(), more.end());
  }
  if (c.policies) AddPolicies(c.seed, g.network);
  if (c.capacities) AddCapacities(c.seed, g.network);
  if (c.cuts) AddThroughputCuts(c.seed, g.network, g.scenario);
  if (c.pools) AddPools(c.seed, g.network);
  CompiledNetwork net = model::Compile(g.network);
  model::ResolvedScenario resolved = model::Resolve(net, g.scenario);
  model::EventSchedule schedule =
      c.sampled ? model::SampleSchedule(resolved, c.seed, 0) : model::NominalSchedule(resolved);

  sim::Engine engine = sim::Engine::Create(net);
  sim::RunOptions options = OptionsOf(c, protocol);
  options.protocol = protocol;
  KeepingSink sink;
  const bool timeline = c.config % 4 != 3;
  sim::Results results = engine.Run(resolved, schedule, options, timeline ? &sink : nullptr);
  testutil::ReferenceResults reference =
      testutil::RunReference(g.network, net, resolved, schedule, protocol, c.days);

  ASSERT_EQ(reference.days.size(), static_cast<size_t>(c.days));
  if (timeline) {
    ASSERT_EQ(sink.days().size(), static_cast<size_t>(c.days));
    std::string first;
    int differing = CompareFigures(net, sink, reference, first);
    EXPECT_EQ(differing, 0) << "slot-days differ; the first (up to 12):\n" << first;
  }
  CompareShortages(net, results, reference);
  const sim::Totals& t = results.totals;
  EXPECT_TRUE(Close(t.demand_gwh, reference.demand_gwh, t.demand_gwh))
      << "demand " << t.demand_gwh << " vs " << reference.demand_gwh;
  EXPECT_TRUE(Close(t.served_gwh, reference.served_gwh, t.demand_gwh))
      << "served " << t.served_gwh << " vs " << reference.served_gwh;
  EXPECT_TRUE(Close(t.unserved_gwh, reference.unserved_gwh, t.demand_gwh))
      << "unserved " << t.unserved_gwh << " vs " << reference.unserved_gwh;
  // Every GWh of demand was served, lost or is still owed.
  EXPECT_TRUE(Close(reference.demand_gwh, reference.served_gwh + reference.unserved_gwh, 0.0))
      << "demand " << reference.demand_gwh << " != served " << reference.served_gwh
      << " + unserved " << reference.unserved_gwh;

  ++tally.runs;
  tally.days += c.days;
  tally.slot_days += static_cast<int64_t>(c.days) * net.num_slots();
  tally.shortages += static_cast<int64_t>(results.shortages.size());
  tally.with_shortages += !results.shortages.empty();
  tally.with_allocations += results.allocation_decisions > 0;
}

// CHAINTWIN_REFERENCE_SEEDS=FIRST-LAST runs those networks instead of 1-200 (to look for more
// differences, or to run one that differs alone: docs/TESTING.md).
void SeedsFromEnvironment(uint64_t& first, uint64_t& last) {
  const char* env = std::getenv("CHAINTWIN_REFERENCE_SEEDS");
  if (env == nullptr || *env == '\0') return;
  unsigned long long a = 0, b = 0;
  int n = std::sscanf(env, "%llu-%llu", &a, &b);
  ASSERT_TRUE(n >= 1 && a >= 1 && (n == 1 || b >= a)) << "CHAINTWIN_REFERENCE_SEEDS=" << env;
  first = a;
  last = n == 2 ? b : a;
}

// CHAINTWIN_REFERENCE_EVERY=1 runs every network of the range even after one differs, and
// prints the seeds that differ (one line per protocol), to sweep a range in one run.
bool EveryDifferingFromEnvironment() {
  const char* env = std::getenv("CHAINTWIN_REFERENCE_EVERY");
  return env != nullptr && std::string(env) == "1";
}

// The failures recorded so far by the running test (each failed assertion adds one part).
int FailureParts() {
  const testing::TestResult* result = testing::UnitTest::GetInstance()->current_test_info()->result();
  int failed = 0;
  for (int i = 0; i < result->total_part_count(); ++i) failed += result->GetTestPartResult(i).failed();
  return failed;
}

// Networks beyond 1-200 on which the sweep over 201-2400 found a rule the documents had left to
// rounding (docs/SIMULATION.md, Thresholds): on 536 a capped lane's room equal to its share of a
// day's need (day 35), on 1321 a capped lane's room of rounding (day 56), on 429 a cell plant's
// two inputs (no echelon policy) running out together up to rounding, the shortage charged to
// either (contract_first, day 66: "Which input is short"). Run after the 200 when no range is
// asked for: 1.5 % more.
constexpr uint64_t kFoundSeeds[] = {536, 1321, 429};

void CompareOnGeneratedNetworks(Protocol protocol) {
  Tally tally;
  uint64_t first = 1, last = kNetworks;
  SeedsFromEnvironment(first, last);
  const bool every = EveryDifferingFromEnvironment();
  std::vector<uint64_t> seeds, differing;
  for (uint64_t seed = first; seed <= last; ++seed) seeds.push_back(seed);
  if (first == 1 && last == kNetworks) {
    seeds.insert(seeds.end(), std::begin(kFoundSeeds), std::end(kFoundSeeds));
  }
  for (uint64_t seed : seeds) {
    Case c = CaseOf(seed);
    SCOPED_TRACE(testing::Message() << "seed " << seed << " (" << c.sites << " sites, " << c.days
                                    << " days" << (c.plant_closed ? ", plant closed" : "")
                                    << (c.sampled ? ", sampled durations" : "")
                                    << (c.overlapping ? ", overlapping closures" : "")
                                    << (c.policies ? ", policies" : "")
                                    << (c.capacities ? ", capacities" : "")
                                    << (c.cuts ? ", throughput cuts" : "")
                                    << (c.pools ? ", capacity pools" : "") << "), protocol "
                                    << model::ProtocolName(protocol));
    const int parts_before = FailureParts();
    CompareOne(c, protocol, tally);
    if (FailureParts() == parts_before) continue;
    if (!every) return;  // the first differing network says enough
    differing.push_back(seed);
  }
  if (every) {
    std::string list;
    for (uint64_t seed : differing) list += fmt::format("{}{}", list.empty() ? "" : " ", seed);
    std::printf("[ reference ] %s: %zu of %zu networks differ%s%s\n",
                std::string(model::ProtocolName(protocol)).c_str(), differing.size(), seeds.size(),
                differing.empty() ? "" : ": ", list.c_str());
    testing::Test::RecordProperty("differing", list);
    if (!differing.empty()) return;
  }
  const int runs = static_cast<int>(seeds.size());
  EXPECT_EQ(tally.runs, runs);
  // Not vacuous: most runs run short and make the protocol decide.
  EXPECT_GT(tally.with_shortages, runs / 2);
  EXPECT_GT(tally.with_allocations, runs / 2);
  testing::Test::RecordProperty("days", std::to_string(tally.days));
  testing::Test::RecordProperty("slot_days", std::to_string(tally.slot_days));
  testing::Test::RecordProperty("shortages", std::to_string(tally.shortages));
}

TEST(ReferenceModel, AgreesWithTheEngineUnderProRata) {
  CompareOnGeneratedNetworks(Protocol::kProRata);
}

TEST(ReferenceModel, AgreesWithTheEngineUnderPriority) {
  CompareOnGeneratedNetworks(Protocol::kPriority);
}

TEST(ReferenceModel, AgreesWithTheEngineUnderContractFirst) {
  CompareOnGeneratedNetworks(Protocol::kContractFirst);
}

TEST(ReferenceModel, AgreesWithTheEngineUnderAllianceFirst) {
  CompareOnGeneratedNetworks(Protocol::kAllianceFirst);
}

}  // namespace
}  // namespace chaintwin
