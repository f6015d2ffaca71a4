// Issue 18 §1: how often giving a generated network more — stock, capacity, or an alternate
// supplier with stock — raises unserved end-use demand at all, and by how much. A figure for
// docs/BENCHMARKS.md, not a pass/fail (the bundled scenarios are held by
// tests/regress/issue_18_metamorphic_test.cpp). For each seed, a 300-site generated network
// and its scenario (an export ban, outages, a closure) run as generated and with one change:
//   stock:     every site's target days of supply (and so its opening stock) x 1.5;
//   capacity:  every finite process capacity x 1.2;
//   alternate: one supplier in a country of its own, outside every event, holding 30 days of
//              the network's baseline inflow of each shipped material, with an alternate lane
//              (10 days, qualified at once) to every buyer of it.
// Counters per change: runs, unserved_runs (runs with unserved demand before it), raised (share of runs whose unserved demand rose by more than
// 1e-6 relative), mean and max rise as a share of the run's end-use demand; the same share of
// runs for lost production (lost cell output), with its largest rise relative to the run's own.
//
// Throughput cuts (BM_CutNeverWorse): the same networks and scenarios with one more event on
// every third lane that has a baseline flow, from day 73 for 146 days (0.2 to 0.6 of the
// horizon): a closure of those lanes (no detour), or a lane_throughput cut of them to factor
// 0, 0.25, 0.5 or 1, and the run without it. Counters: cut0_above_closure (share of runs where
// the cut to 0 lost more unserved demand than the closure, by more than 1e-6 relative) and its
// largest excess as a share of the run's demand; not_monotone (share of runs where a higher
// factor lost more than a lower one: 0 -> 0.25 -> 0.5 -> 1) and its largest rise; factor1_differs
// (share of runs where the cut to 1 differs at all from the run without the event).
//
//   build/bench/monotone_bench
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/sim/engine.hpp"

namespace {

using namespace chaintwin;

constexpr int kSeeds = 400;
constexpr int64_t kSites = 300;

model::Network MoreStock(const model::Network& network) {
  model::Network out = network;
  for (model::Site& site : out.sites) {
    site.stock_days_default *= 1.5;
    for (model::StockDays& d : site.stock_days) d.days *= 1.5;
    for (model::Stock& s : site.inventory) s.quantity *= 1.5;
  }
  return out;
}

model::Network MoreCapacity(const model::Network& network) {
  model::Network out = network;
  for (model::Site& site : out.sites) {
    for (model::Process& p : site.processes) {
      if (std::isfinite(p.capacity_per_day)) p.capacity_per_day *= 1.2;
    }
  }
  return out;
}

model::Network WithAlternate(const model::Network& network) {
  model::Network out = network;
  const model::CompiledNetwork net = model::Compile(network);
  std::vector<double> inflow(net.num_materials(), 0.0);
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    inflow[net.slot_material[slot].value] += net.slot_expected_inflow[slot];
  }
  out.countries.push_back(model::Country{"ZZ", "Bench alternate"});
  std::set<std::string> shipped;
  std::set<std::pair<std::string, std::string>> linked;  // (material, buyer)
  for (const model::Lane& lane : network.lanes) {
    shipped.insert(lane.material);
    if (!linked.insert({lane.material, lane.buyer}).second) continue;
    model::Lane alt;
    alt.id = "zz_" + lane.material + "_" + lane.buyer;
    alt.supplier = "zz_" + lane.material;
    alt.buyer = lane.buyer;
    alt.material = lane.material;
    alt.transit_days = 10;
    alt.share = 0.0;
    alt.alternate = true;
    out.lanes.push_back(alt);
  }
  for (uint32_t m = 0; m < net.num_materials(); ++m) {
    if (!shipped.contains(net.material_key[m])) continue;
    model::Site site;
    site.id = "zz_" + net.material_key[m];
    site.name = site.id;
    site.country = "ZZ";
    site.inventory.push_back(model::Stock{net.material_key[m], 30.0 * inflow[m]});
    out.sites.push_back(site);
  }
  return out;
}

struct Rise {
  double unserved = 0.0;
  double demand = 0.0;
  double lost_output = 0.0;  // lost production, GWh (lost cell output)
};

Rise Run(const model::Network& network, const model::Scenario& scenario) {
  sim::Results r = sim::Simulate(model::Compile(network), scenario);
  return {r.totals.unserved_gwh, r.totals.demand_gwh, r.totals.lost_production_gwh};
}

void BM_MoreNeverWorse(benchmark::State& state,
                       const std::function<model::Network(const model::Network&)>& change) {
  int runs = 0, raised = 0, short_runs = 0, lost_raised = 0;
  double sum = 0.0, worst = 0.0, lost_worst = 0.0;
  for (auto _ : state) {
    runs = raised = short_runs = lost_raised = 0;
    sum = worst = lost_worst = 0.0;
    for (int seed = 1; seed <= kSeeds; ++seed) {
      io::GenerateOptions o;
      o.sites = kSites;
      o.seed = static_cast<uint64_t>(seed);
      io::GeneratedCase c = io::Generate(o);
      Rise base = Run(c.network, c.scenario);
      Rise with = Run(change(c.network), c.scenario);
      ++runs;
      if (base.unserved > 0.0) ++short_runs;
      double rise = with.unserved - base.unserved;
      if (rise > 1e-6 * std::max(1.0, base.unserved)) {
        ++raised;
        double share = base.demand > 0.0 ? rise / base.demand : 0.0;
        sum += share;
        worst = std::max(worst, share);
      }
      double lost_rise = with.lost_output - base.lost_output;
      if (lost_rise > 1e-6 * std::max(1.0, base.lost_output)) {
        ++lost_raised;
        lost_worst = std::max(lost_worst, base.lost_output > 0.0 ? lost_rise / base.lost_output : 1.0);
      }
    }
  }
  state.counters["runs"] = runs;
  state.counters["unserved_runs"] = short_runs;  // runs with unserved demand before the change
  state.counters["raised_share"] = runs > 0 ? static_cast<double>(raised) / runs : 0.0;
  state.counters["mean_rise_of_demand"] = raised > 0 ? sum / raised : 0.0;
  state.counters["max_rise_of_demand"] = worst;
  // Lost production (lost cell output on battery data): share of runs where it rose, and the
  // largest rise as a share of the run's own lost production.
  state.counters["lost_output_raised_share"] = runs > 0 ? static_cast<double>(lost_raised) / runs : 0.0;
  state.counters["lost_output_max_rise"] = lost_worst;
}

model::Scenario WithCut(const model::Scenario& scenario, const std::vector<std::string>& lanes,
                        model::EventKind kind, double factor) {
  model::Scenario out = scenario;
  model::Event e;
  e.id = "bench_cut";
  e.kind = kind;
  e.start_day = 73;
  e.duration_days = model::Distribution::Fixed(146.0);
  e.lanes = lanes;
  e.severity = model::Distribution::Fixed(factor);
  out.events.push_back(e);
  return out;
}

void BM_CutNeverWorse(benchmark::State& state) {
  int runs = 0, above = 0, not_monotone = 0, differs = 0;
  double above_worst = 0.0, rise_worst = 0.0;
  for (auto _ : state) {
    runs = above = not_monotone = differs = 0;
    above_worst = rise_worst = 0.0;
    for (int seed = 1; seed <= kSeeds; ++seed) {
      io::GenerateOptions o;
      o.sites = kSites;
      o.seed = static_cast<uint64_t>(seed);
      io::GeneratedCase c = io::Generate(o);
      const model::CompiledNetwork net = model::Compile(c.network);
      std::vector<std::string> lanes;
      int with_flow = 0;
      for (uint32_t l = 0; l < net.num_lanes(); ++l) {
        if (net.lane_expected_flow[l] > 0.0 && with_flow++ % 3 == 0) lanes.push_back(net.lane_key[l]);
      }
      auto run = [&](const model::Scenario& sc) { return sim::Simulate(net, sc).totals; };
      const sim::Totals none = run(c.scenario);
      const sim::Totals closed = run(WithCut(c.scenario, lanes, model::EventKind::kLaneClosure, 1.0));
      std::vector<sim::Totals> cut;
      for (double f : {0.0, 0.25, 0.5, 1.0}) {
        cut.push_back(run(WithCut(c.scenario, lanes, model::EventKind::kLaneThroughput, f)));
      }
      ++runs;
      const double demand = std::max(none.demand_gwh, 1e-12);
      const double excess = cut[0].unserved_gwh - closed.unserved_gwh;
      if (excess > 1e-6 * std::max(1.0, closed.unserved_gwh)) {
        ++above;
        above_worst = std::max(above_worst, excess / demand);
      }
      bool rose = false;
      for (size_t i = 1; i < cut.size(); ++i) {
        const double rise = cut[i].unserved_gwh - cut[i - 1].unserved_gwh;
        if (rise > 1e-6 * std::max(1.0, cut[i - 1].unserved_gwh)) {
          rose = true;
          rise_worst = std::max(rise_worst, rise / demand);
        }
      }
      if (rose) ++not_monotone;
      if (cut[3].unserved_gwh != none.unserved_gwh ||
          cut[3].lost_production_gwh != none.lost_production_gwh) {
        ++differs;
      }
    }
  }
  state.counters["runs"] = runs;
  state.counters["cut0_above_closure"] = runs > 0 ? static_cast<double>(above) / runs : 0.0;
  state.counters["cut0_above_closure_max_of_demand"] = above_worst;
  state.counters["not_monotone"] = runs > 0 ? static_cast<double>(not_monotone) / runs : 0.0;
  state.counters["not_monotone_max_rise_of_demand"] = rise_worst;
  state.counters["factor1_differs"] = runs > 0 ? static_cast<double>(differs) / runs : 0.0;
}

BENCHMARK_CAPTURE(BM_MoreNeverWorse, stock, MoreStock)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_MoreNeverWorse, capacity, MoreCapacity)
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_MoreNeverWorse, alternate, WithAlternate)
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK(BM_CutNeverWorse)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
