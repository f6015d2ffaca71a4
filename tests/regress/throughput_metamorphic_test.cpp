// Issue 20 §4, metamorphic: on every bundled scenario with a throughput cut (`lane_throughput`,
// the licensing scenarios), a smaller cut never raises unserved end-use demand, lost cell
// output, nor the output of any material lost for want of inputs (the anode lines' anode
// material on cn_graphite_licensing_2023: no cell output is lost there). Each run sets every cut
// of the scenario to one factor of a rising ladder (0 = the lanes carry nothing while it holds,
// ... 1 = their baseline flow), then drops the cuts; the losses may not rise from one rung to
// the next beyond float noise (1e-9 relative).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <string>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/bundled.hpp"
#include "testutil/metamorphic.hpp"

namespace chaintwin {
namespace {

using testutil::NoMore;

struct Losses : testutil::Losses {
  std::map<std::string, double> lost_output;  // material -> quantity lost (production episodes)
};

Losses Simulate(const model::CompiledNetwork& net, const model::Scenario& scenario) {
  sim::Results r = sim::Simulate(net, scenario);
  Losses out{testutil::LossesOf(r), {}};
  for (const sim::Shortage& s : r.shortages) {
    if (s.kind != sim::ShortageKind::kProduction) continue;
    EXPECT_TRUE(std::isfinite(s.lost_quantity) && s.lost_quantity >= 0.0);
    out.lost_output[net.material_key[s.lost_material.value]] += s.lost_quantity;
  }
  return out;
}

bool IsCut(const model::Event& e) {
  return e.kind == model::EventKind::kLaneThroughput && !e.capacity_per_day;
}

TEST(ThroughputMetamorphic, ASmallerCutNeverRaisesTheLossOnBundledScenarios) {
  int with_cuts = 0;
  double widest = 0.0;  // the largest drop in lost output over a ladder: not vacuous
  testutil::ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    if (std::none_of(loaded.scenario.events.begin(), loaded.scenario.events.end(), IsCut)) return;
    ++with_cuts;
    model::CompiledNetwork net = model::Compile(loaded.network);
    Losses before, first;
    std::string before_what;
    for (double factor : {0.0, 0.25, 0.5, 0.72, 0.9, 1.0, -1.0}) {
      model::Scenario sc = loaded.scenario;
      if (factor < 0.0) {
        sc.events.erase(std::remove_if(sc.events.begin(), sc.events.end(), IsCut), sc.events.end());
      } else {
        for (model::Event& e : sc.events) {
          if (IsCut(e)) e.severity = model::Distribution::Fixed(factor);
        }
      }
      const std::string what = factor < 0.0 ? "no cut" : "factor " + std::to_string(factor);
      Losses now = Simulate(net, sc);
      if (!before_what.empty()) {
        EXPECT_TRUE(NoMore(now.unserved, before.unserved))
            << what << " against " << before_what << ": unserved demand " << std::setprecision(12)
            << now.unserved << " vs " << before.unserved;
        EXPECT_TRUE(NoMore(now.lost_cell_output, before.lost_cell_output))
            << what << " against " << before_what << ": lost cell output " << std::setprecision(12)
            << now.lost_cell_output << " vs " << before.lost_cell_output;
        for (const auto& [material, lost] : now.lost_output) {
          const double was = before.lost_output.count(material) ? before.lost_output.at(material) : 0.0;
          EXPECT_TRUE(NoMore(lost, was)) << what << " against " << before_what << ": lost "
                                         << material << " " << std::setprecision(12) << lost
                                         << " vs " << was;
        }
      } else {
        first = now;
      }
      before = now;
      before_what = what;
    }
    for (const auto& [material, lost] : first.lost_output) {
      const double left = before.lost_output.count(material) ? before.lost_output.at(material) : 0.0;
      widest = std::max(widest, lost - left);
    }
  });
  EXPECT_GE(with_cuts, 1) << "no bundled scenario has a lane_throughput cut";
  // The ladder moves the result: a full stop of the cut lanes loses output the free run does not.
  EXPECT_GT(widest, 0.0);
}

// The same cut's lanes closed (a lane_closure without detour, same window): a cut to factor 0
// may not lose more than the closure (docs/SIMULATION.md, Re-sourcing: a capped lane that cannot
// carry its share puts its buyer under shortage at once, as a block moves its orders).
model::Event ClosureOf(const model::CompiledNetwork& net, const model::Scenario& sc,
                       const model::Event& cut) {
  model::Scenario one = sc;
  one.events = {cut};
  model::ResolvedScenario resolved = model::Resolve(net, one);
  model::Event closure = cut;
  closure.id = cut.id + "_closed";
  closure.kind = model::EventKind::kLaneClosure;
  closure.origins.clear();
  closure.lanes.clear();
  for (LaneId l : resolved.events[0].lanes) closure.lanes.push_back(net.lane_key[l.value]);
  closure.severity = model::Distribution::Fixed(1.0);
  closure.capacity_per_day.reset();
  return closure;
}

TEST(ThroughputMetamorphic, ACutToNothingNeverLosesMoreThanClosingTheLanes) {
  int compared = 0;
  testutil::ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    if (std::none_of(loaded.scenario.events.begin(), loaded.scenario.events.end(), IsCut)) return;
    model::CompiledNetwork net = model::Compile(loaded.network);
    model::Scenario cut = loaded.scenario, closed = loaded.scenario;
    closed.events.clear();
    for (model::Event& e : cut.events) {
      if (!IsCut(e)) {
        closed.events.push_back(e);
        continue;
      }
      e.severity = model::Distribution::Fixed(0.0);
      closed.events.push_back(ClosureOf(net, loaded.scenario, e));
    }
    Losses c = Simulate(net, cut), z = Simulate(net, closed);
    EXPECT_TRUE(NoMore(c.unserved, z.unserved))
        << loaded.scenario.name << ": cut to 0 " << std::setprecision(12) << c.unserved
        << " vs closed " << z.unserved;
    ++compared;
  });
  EXPECT_GE(compared, 1);
}

}  // namespace
}  // namespace chaintwin
