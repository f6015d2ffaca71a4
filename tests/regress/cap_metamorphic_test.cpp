// Issue 18 §1, metamorphic: more lane capacity never looks worse. A lane's own `capacity` or a
// contract's `max_volume` raised × 1.5 (or removed) does not raise unserved end-use demand,
// beyond float noise (1e-9 relative), since the rule "A capped lane's share stands aside"
// (docs/SIMULATION.md, Re-sourcing) counts every cap on a primary lane, whichever binds:
//   - on every bundled scenario (data/battery/scenarios/*.yaml: two capped Chinese cell lanes,
//     two offtake contracts with a max_volume);
//   - on generated networks (io::Generate makes no lane capacities and no max_volume), with a
//     capacity of 0.6 × its baseline flow on every third lane that has one and a max_volume of
//     0.8 × its lane's baseline flow on every generated contract (so both bind from day 0), 90
//     days, the generated scenario's events dropped and again kept; but for three cases, fenced
//     and traced (KnownRise).
// Shared caps (issue 18 §4), on the same generated networks with other caps: a throughput of
// 0.7 × the baseline flow through every chokepoint that has one, and every other contract over
// two lanes (its lane's share halved and a second lane beside it, by air, off the chokepoints,
// with the other half) with a max_volume of 0.8 × the two lanes' baseline flow; no lane capacity.
// A chokepoint's throughput or a shared max_volume × 1.5, or an alternate supplier off the
// chokepoints (with stock, 10 days away, qualified 7 days after a block, a binding cap or a
// shortage begins) for every buyer with a lane through a capped chokepoint, does not raise
// unserved demand, beyond float noise; but for the cases fenced (KnownSharedRise). The same two
// relations hold on every bundled scenario with a cell throughput of 0.5 x the baseline flow of
// the cell lanes through each chokepoint they cross (Dec 2026: 15.7 GWh unserved on
// malacca_closed_60d so capped, 1.3 with the throughputs x 1.5, 13.7 with the alternates).
// Removing the caps is not asserted: a cap that binds lets a qualified alternate stand in, and
// the network with it can serve more than the one without (seed 7, events dropped: 0 GWh
// unserved with the caps, 0.494 GWh without them).
#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/builder.hpp"
#include "testutil/bundled.hpp"
#include "testutil/metamorphic.hpp"

namespace chaintwin {
namespace {

using testutil::Losses;
using testutil::NoMore;

constexpr double kInf = std::numeric_limits<double>::infinity();

Losses LossesUnder(const model::Network& network, const model::Scenario& scenario) {
  return testutil::LossesOf(sim::Simulate(model::Compile(network), scenario));
}

// `cap` x factor, none when factor is kInf (removed).
void Scale(std::optional<double>& cap, double factor) {
  if (!cap) return;
  if (std::isinf(factor)) {
    cap.reset();
  } else {
    *cap *= factor;
  }
}

// Every lane capacity x factor (kInf: removed).
model::Network LaneCapacities(model::Network network, double factor) {
  for (model::Lane& lane : network.lanes) Scale(lane.capacity_per_day, factor);
  return network;
}

// Every contract's max_volume x factor (kInf: removed).
model::Network MaxVolumes(model::Network network, double factor) {
  for (model::Contract& k : network.contracts) Scale(k.max_volume_per_day, factor);
  return network;
}

// The cases found in these seeds, fenced at what was measured (GWh; the rise may not grow), at
// the network's run name plus what was raised. Until 2026-12-08 WithCaps (and
// testutil::ContractFlow) read the compiled network's lane order as the model's, so the caps
// landed on other lanes than meant (Compile renumbers lanes); then seed 21 (events dropped)
// rose by 0.00515 GWh with lane capacities x 1.5. With the caps on the lanes meant, seed 21 no
// longer rises and four runs did. Traced (docs/SIMULATION.md, Known limits, "More of a single
// lane's cap"):
//   - seed 29 (events kept), max_volume: +0.0416, a rule: during the export ban the buyer's one
//     usable lane, capped at 1.2 x its flow (not below its share of the need), drew the whole
//     shortfall and owed 32 days of its cap when the ban ended, which filled the buyer's position
//     for 12 days. Gone since the split around caps asks a capped lane standing in for a
//     blocked primary no more than its cap over the re-order window (2.8313 -> 2.4348 GWh).
//   - seed 24 (events kept), max_volume: +0.0735, the same rule (nothing was cancelled on a
//     capped lane while the weights stood) and a lane that the split pushed above its cap without
//     capping it (one pass): its held orders grew to about 40 days of its cap.
//     Since the split works in rounds +0.00032: the raised cap takes a larger part of the
//     catch-up order after the ban, so less goes to the 33-day Chinese lane; the buyer (backlog)
//     serves more in all but still owes 0.00032 GWh on the last day (timing).
//   - seed 11 (events dropped), max_volume: pro rata at a short cell plant (cell_jp_000021):
//     with the raised cap upstream it runs dry a day later, and an end user behind its one lane
//     receives more on days 71-77, less on days 78-81, and owes more on the last day (timing).
//   - seed 29 (events kept), lane capacities: the raised cap on a 32-day Chinese lane sets less
//     of its share aside when the ban ends, so the buyer's catch-up order and its later orders go
//     less to a 5-day lane from a plant with stock; until the Chinese cargo lands it receives
//     0.0054 GWh/d less (timing of the re-plan without look-ahead).
double KnownRise(const std::string& at) {
  static const std::map<std::string, double> kRise = {
      {"seed 11 (events dropped): max_volume", 0.00544},    // 2.566586 -> 2.572015, traced
      {"seed 24 (events kept): max_volume", 0.00033},       // 5.067669 -> 5.067991, traced
      {"seed 29 (events kept): lane capacities", 0.00366},  // 2.789656 -> 2.793310, traced
  };
  auto it = kRise.find(at);
  return it == kRise.end() ? 0.0 : it->second;
}

// Runs the network as given and with each kind of cap raised x 1.5.
void ExpectMoreCapacityNoWorse(const model::Network& network, const model::Scenario& scenario,
                               const std::string& at) {
  const Losses base = LossesUnder(network, scenario);
  const Losses lanes = LossesUnder(LaneCapacities(network, 1.5), scenario);
  EXPECT_TRUE(NoMore(lanes.unserved, base.unserved + KnownRise(at + "lane capacities")))
      << at << "lane capacities x 1.5: " << std::setprecision(12) << lanes.unserved
      << " GWh unserved against " << base.unserved;
  const Losses volumes = LossesUnder(MaxVolumes(network, 1.5), scenario);
  EXPECT_TRUE(NoMore(volumes.unserved, base.unserved + KnownRise(at + "max_volume")))
      << at << "max_volume x 1.5: " << std::setprecision(12) << volumes.unserved
      << " GWh unserved against " << base.unserved;
}

TEST(CapMetamorphic, MoreLaneCapacityOrMaxVolumeNeverLooksWorseOnBundledScenarios) {
  int caps = 0;
  int scenarios = testutil::ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    for (const model::Lane& lane : loaded.network.lanes) caps += lane.capacity_per_day.has_value();
    for (const model::Contract& k : loaded.network.contracts) caps += k.max_volume_per_day.has_value();
    ExpectMoreCapacityNoWorse(loaded.network, loaded.scenario, loaded.scenario.id + ": ");
  });
  EXPECT_GE(scenarios, 5);
  EXPECT_GE(caps, 2 * scenarios) << "the bundled network has lost its caps: the test proves little";
}

// The generated network of `seed` (40 sites, 90 days), with its scenario's events or without.
io::GeneratedCase GeneratedRun(int seed, bool keep) {
  io::GenerateOptions o;
  o.sites = 40;
  o.seed = static_cast<uint64_t>(seed);
  o.horizon_days = 90;
  io::GeneratedCase c = io::Generate(o);
  if (!keep) c.scenario.events.clear();
  return c;
}

std::string RunName(int seed, bool keep) {
  return "seed " + std::to_string(seed) + (keep ? " (events kept)" : " (events dropped)") + ": ";
}

// A capacity of 0.6 x its baseline flow on every third lane with one, a max_volume of 0.8 x its
// lanes' baseline flow on every contract: both bind from the first day.
model::Network WithCaps(const model::Network& given) {
  model::Network network = given;
  const model::CompiledNetwork net = model::Compile(network);
  int with_flow = 0;
  for (model::Lane& lane : network.lanes) {  // Compile renumbers lanes: look them up
    const double flow = net.lane_expected_flow[net.FindLane(lane.id).value];
    if (flow > 0.0 && with_flow++ % 3 == 0) lane.capacity_per_day = 0.6 * flow;
  }
  for (model::Contract& k : network.contracts) {
    const double flow = testutil::ContractFlow(net, network, k);
    if (flow > 0.0) k.max_volume_per_day = 0.8 * flow;
  }
  return network;
}

TEST(CapMetamorphic, MoreLaneCapacityOrMaxVolumeNeverLooksWorseOnGeneratedNetworks) {
  constexpr int kSeeds = 32;
  int bites = 0;  // runs in which the caps cost demand that the network without them serves
  for (int run = 0; run < 2 * kSeeds; ++run) {
    const int seed = 1 + run % kSeeds;
    const bool keep = run >= kSeeds;
    const io::GeneratedCase c = GeneratedRun(seed, keep);
    const model::Network capped = WithCaps(c.network);
    ASSERT_FALSE(capped.contracts.empty()) << "seed " << seed;
    const std::string at = RunName(seed, keep);
    ExpectMoreCapacityNoWorse(capped, c.scenario, at);
    const Losses with = LossesUnder(capped, c.scenario);
    const Losses without = LossesUnder(MaxVolumes(LaneCapacities(capped, kInf), kInf), c.scenario);
    if (with.unserved > without.unserved * (1.0 + 1e-6) + 1e-9) ++bites;
  }
  EXPECT_GE(bites, kSeeds / 4) << "the caps hardly ever cost demand: the test proves little";
}

// Sets a throughput on every chokepoint that lanes of `dimension` cross with a baseline flow:
// `factor` x that flow (in `dimension`). `net` is `network` compiled (Compile renumbers lanes:
// each is found by its id).
void SetThroughputs(const model::CompiledNetwork& net, model::Dimension dimension, double factor,
                    model::Network& network) {
  std::map<std::string, double> through;  // chokepoint -> baseline flow of its lanes
  for (const model::Lane& lane : network.lanes) {
    const uint32_t l = net.FindLane(lane.id).value;
    if (net.material_dimension[net.slot_material[net.lane_from[l].value].value] != dimension) {
      continue;
    }
    for (const model::ChokepointCrossing& x : lane.chokepoints) {
      through[x.chokepoint] += net.lane_expected_flow[l];
    }
  }
  for (model::Chokepoint& c : network.chokepoints) {
    auto it = through.find(c.id);
    if (it == through.end() || !(it->second > 0.0)) continue;
    c.capacity_per_day = factor * it->second;
    c.capacity_dimension = dimension;
  }
}

// Every chokepoint's throughput x factor (kInf: removed).
model::Network Throughputs(model::Network network, double factor) {
  for (model::Chokepoint& c : network.chokepoints) Scale(c.capacity_per_day, factor);
  return network;
}

// An alternate supplier off the chokepoints, holding `stock` (canonical units), for each buyer
// and material with a primary lane through a chokepoint that has a throughput: 10 days away,
// qualified 7 days after a block, a binding cap or a shortage begins.
model::Network WithAlternateOffChokepoints(const model::Network& network, double stock) {
  model::Network out = network;
  out.countries.push_back(model::Country{"ZZ", "Test alternate"});
  std::vector<std::string> capped;
  for (const model::Chokepoint& c : network.chokepoints) {
    if (c.capacity_per_day) capped.push_back(c.id);
  }
  std::vector<std::pair<std::string, std::string>> pairs;  // (material, buyer)
  for (const model::Lane& lane : network.lanes) {
    bool through = false;
    for (const model::ChokepointCrossing& x : lane.chokepoints) {
      through = through || std::find(capped.begin(), capped.end(), x.chokepoint) != capped.end();
    }
    std::pair<std::string, std::string> key{lane.material, lane.buyer};
    if (through && !lane.alternate && std::find(pairs.begin(), pairs.end(), key) == pairs.end()) {
      pairs.push_back(key);
    }
  }
  for (const auto& [material, buyer] : pairs) {
    model::Site site;
    site.id = "zz_" + material + "_" + buyer;
    site.name = site.id;
    site.country = "ZZ";
    site.inventory.push_back(model::Stock{material, stock});
    out.sites.push_back(site);
    model::Lane lane;
    lane.id = site.id;
    lane.supplier = site.id;
    lane.buyer = buyer;
    lane.material = material;
    lane.transit_days = 10;
    lane.share = 0.0;
    lane.alternate = true;
    lane.qualification_days = 7;
    out.lanes.push_back(lane);
  }
  return out;
}

// The shared caps of the file comment.
model::Network WithSharedCaps(const model::Network& given) {
  model::Network network = given;
  int contracts = 0;
  for (model::Contract& k : network.contracts) {
    k.max_volume_per_day.reset();
    if (contracts++ % 2 != 0) continue;
    for (const model::Lane& lane : given.lanes) {
      if (lane.supplier != k.seller || lane.buyer != k.buyer || lane.material != k.material ||
          lane.alternate) {
        continue;
      }
      model::Lane air = lane;
      air.id = lane.id + "_air";
      air.mode = model::TransportMode::kAir;
      air.share = lane.share / 2;
      air.chokepoints.clear();
      for (model::Lane& l : network.lanes) {
        if (l.id == lane.id) l.share /= 2;
      }
      network.lanes.push_back(air);
      k.max_volume_per_day = 0.0;  // set below, from the baseline flows
      break;
    }
  }
  const model::CompiledNetwork net = model::Compile(network);
  SetThroughputs(net, model::Dimension::kMass, 0.7, network);
  for (model::Contract& k : network.contracts) {
    if (!k.max_volume_per_day) continue;
    const double flow = testutil::ContractFlow(net, network, k);
    if (flow > 0.0) {
      k.max_volume_per_day = 0.8 * flow;
    } else {
      k.max_volume_per_day.reset();
    }
  }
  return network;
}

// The cases found in these seeds, fenced at what was measured (GWh; the rise may not grow).
// Traced to the rule, four: a lane's part of a shared cap binds at step 4 when it is below the
// lane's part of its buyer's order rate, which is near the baseline flow, so a throughput of 0.7
// or a max_volume of 0.8 x the baseline flows binds from day 0 and sets 0.3 or 0.2 of the
// lanes' shares aside for other primaries and qualified alternates, while x 1.5 (1.05 and 1.2 x)
// does not bind at step 4 at all. The runs with the caps x 1.5 give, to the last digit, the
// figure of the engine before the rule with the caps x 1.5 (the rule does nothing there), and
// with the caps as set the engine before the rule loses more than this rule does (seed 7,
// events dropped: 0.493654 against 0.245810 GWh; kept: 1.517403 against 1.340426; seed 1, kept:
// 6.773708 against 6.750939; seed 30, kept: 1.809801 against 1.788258): the orders the rule
// moves at the lower cap serve end users that the chokepoint's or contract's lanes do not, and
// at the higher cap nothing moves them. On seed 7 with the events dropped the engine before the
// rule gives 0.493654 GWh at either throughput: Fill held next to nothing. The other four,
// traced on 2026-12-08 (docs/SIMULATION.md, Known limits, "A lane's part of a shared cap is
// fixed"), none a rule that decides wrongly:
//   - seed 27 (events dropped), alternate: enduse_se_000027 is under shortage from day 73; its
//     alternate (10 days away, 1e6 in stock) qualifies on day 80 and takes nearly the whole
//     order by what it can deliver, where the run without it orders from an 8-day German lane:
//     the cargo of days 80-81 lands after the horizon instead of on days 88-89 (timing);
//   - seed 27 (events kept), alternate: enduse_cn_000032's alternate takes the weight on day 80,
//     its pipeline days fall from 28 to 10 and its target below its position (Canadian cargo at
//     sea), so it orders nothing on days 80-88, not even from the 3-day Japanese lane that the
//     run without it uses from day 82 (timing);
//   - seed 16 (events kept), max_volume: the raised contract over two lanes lets cell_kr_000024
//     ship more to its buyer there and less to its others, which order more from cell_cn_000022;
//     short from day 50, it splits by what is asked and its one-lane buyer enduse_cn_000037
//     receives less on days 57-63 (pro rata);
//   - seed 27 (events dropped), max_volume: the runs part on day 0 at cell_de_000022 (the parts
//     of its contract over two lanes to enduse_us_000037 set 0.2 of their shares aside at 0.8 x
//     and nothing at 1.2 x); enduse_se_000027 orders 0.0004 GWh less on day 78 and is short by
//     that much more on days 88-89 (the rule's early move, as for seeds 7, 1 and 30; the steps
//     between not followed one by one).
// Seed 27 with the events dropped loses 0.0136 GWh with the caps as set, where the engine
// before the rule loses nothing (not traced: no fence, the rule's figure against its
// predecessor's).
double KnownSharedRise(const std::string& at) {
  static const std::map<std::string, double> kRise = {
      {"seed 7 (events dropped): throughput", 0.24785},  // 0.245810 -> 0.493654, traced
      {"seed 7 (events kept): throughput", 0.17810},     // 1.340426 -> 1.518518, traced
      {"seed 1 (events kept): max_volume", 0.00229},     // 6.750939 -> 6.753223, traced
      {"seed 30 (events kept): max_volume", 0.02155},    // 1.788258 -> 1.809801, traced
      {"seed 27 (events dropped): max_volume", 0.00055},  // 0.013600 -> 0.014146, traced
      {"seed 27 (events dropped): alternate", 0.01003},   // 0.013600 -> 0.023630, traced
      {"seed 27 (events kept): alternate", 0.00463},      // 2.306205 -> 2.310831, traced
      {"seed 16 (events kept): max_volume", 0.05873},     // 0.428158 -> 0.486878, traced
  };
  auto it = kRise.find(at);
  return it == kRise.end() ? 0.0 : it->second;
}

TEST(CapMetamorphic, MoreSharedCapacityOrAnAlternateOffTheChokepointNeverLooksWorseOnGeneratedNetworks) {
  constexpr int kSeeds = 32;
  int shared = 0;  // runs with a shared max_volume and a chokepoint throughput
  for (int run = 0; run < 2 * kSeeds; ++run) {
    const int seed = 1 + run % kSeeds;
    const bool keep = run >= kSeeds;
    const io::GeneratedCase c = GeneratedRun(seed, keep);
    const model::Network capped = WithSharedCaps(c.network);
    const model::CompiledNetwork net = model::Compile(capped);
    bool chokepoint = false, contract = false;
    for (uint32_t g = 0; g < net.num_limits(); ++g) {
      chokepoint = chokepoint || net.limit_key[g].starts_with("chokepoint ");
      contract = contract || net.limit_key[g].starts_with("contract ");
    }
    shared += chokepoint && contract;
    const std::string at = RunName(seed, keep);
    const Losses base = LossesUnder(capped, c.scenario);
    const Losses through = LossesUnder(Throughputs(capped, 1.5), c.scenario);
    EXPECT_TRUE(NoMore(through.unserved, base.unserved + KnownSharedRise(at + "throughput")))
        << at << "throughput x 1.5: " << std::setprecision(12) << through.unserved
        << " GWh unserved against " << base.unserved;
    const Losses volumes = LossesUnder(MaxVolumes(capped, 1.5), c.scenario);
    EXPECT_TRUE(NoMore(volumes.unserved, base.unserved + KnownSharedRise(at + "max_volume")))
        << at << "shared max_volume x 1.5: " << std::setprecision(12) << volumes.unserved
        << " GWh unserved against " << base.unserved;
    const Losses alternate = LossesUnder(WithAlternateOffChokepoints(capped, 1e6), c.scenario);
    EXPECT_TRUE(NoMore(alternate.unserved, base.unserved + KnownSharedRise(at + "alternate")))
        << at << "alternate off the chokepoints: " << std::setprecision(12) << alternate.unserved
        << " GWh unserved against " << base.unserved;
  }
  EXPECT_GE(shared, kSeeds) << "few networks have both kinds of shared cap: the test proves little";
}

// The bundled network with a throughput for cells on every chokepoint their lanes cross (none
// has one as bundled): `factor` x the baseline flow (GWh/d) of the cell lanes through it.
model::Network WithCellThroughputs(const model::Network& given, double factor) {
  model::Network network = given;
  SetThroughputs(model::Compile(network), model::Dimension::kEnergy, factor, network);
  return network;
}

TEST(CapMetamorphic, MoreThroughputOrAnAlternateOffTheChokepointNeverLooksWorseOnBundledScenarios) {
  int scenarios = testutil::ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    const model::Network capped = WithCellThroughputs(loaded.network, 0.5);
    const std::string at = loaded.scenario.id + ": ";
    const Losses base = LossesUnder(capped, loaded.scenario);
    const Losses through = LossesUnder(Throughputs(capped, 1.5), loaded.scenario);
    EXPECT_TRUE(NoMore(through.unserved, base.unserved))
        << at << "throughput x 1.5: " << std::setprecision(12) << through.unserved
        << " GWh unserved against " << base.unserved;
    const Losses alternate = LossesUnder(WithAlternateOffChokepoints(capped, 1e6), loaded.scenario);
    EXPECT_TRUE(NoMore(alternate.unserved, base.unserved))
        << at << "alternate off the chokepoints: " << std::setprecision(12) << alternate.unserved
        << " GWh unserved against " << base.unserved;
  });
  EXPECT_GE(scenarios, 5);
}

}  // namespace
}  // namespace chaintwin
