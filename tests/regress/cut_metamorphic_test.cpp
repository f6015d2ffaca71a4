// Issue 18 §1, metamorphic, on generated networks: a throughput cut (`lane_throughput`) never
// looks worse than it should. For each seed, a small generated network (io::Generate) runs 90
// days, with the generated scenario's events dropped and again with them kept, plus one event
// on every third lane that has a baseline flow, on days 10-49: nothing, a closure of those
// lanes (no detour), and a cut of them to factor 0, 0.25, 0.5 and 1. Then
//   - a cut to factor 1 is the run without the event, to the last bit (it caps nothing);
//   - unserved end-use demand does not rise as the factor rises (0 >= 0.25 >= 0.5 >= 1);
//   - a cut to 0 loses no more than closing the same lanes (docs/SIMULATION.md, Re-sourcing,
//     "A cut lane's share stands aside": a cut to nothing is a block, and the part a partial
//     cut holds back is re-sourced as a blocked share is);
// all within float noise (1e-9 relative), but for one traced, fenced case (KnownRise). On the engine
// before the rule, seeds 1-32: a cut to 0 lost more than the closure on 7 seeds with the events
// dropped (seed 26: 0.526 against 0.271 GWh) and on 12 with them kept; with them kept a cut to
// 1 differed from no cut on 25 seeds. About 0.3 s in Release (2 x 32 seeds x 6 runs of 40 sites
// x 90 days).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/metamorphic.hpp"

namespace chaintwin {
namespace {

constexpr int kSeeds = 32;
constexpr int64_t kSites = 40;

using testutil::Losses;
using testutil::NoMore;

Losses Simulate(const model::CompiledNetwork& net, const model::Scenario& sc) {
  return testutil::LossesOf(sim::Simulate(net, sc));
}

// The one case left in these seeds, traced: with the generated events kept, seed 19 loses
// 0.919179 GWh with the lanes cut to 0.5 and 0.948252 without a cut (factor 1): a rise of
// 0.029073 GWh from factor 0.5 to 1 (seed 80 does the same, 1.231577 against 1.236333, outside
// the seeds run here). The generated export ban blocks China's cell lanes on days 9-44, inside
// the cut's days 10-49. enduse_us_000033 buys cells from China (L17, share 0.65, 29 days, cut)
// and Hungary (L18, 0.35, 19 days). Without the cut it re-plans on day 45, when the ban ends:
// what Hungary holds beyond its share is cancelled and 0.65 goes back to China, whose first
// cargo lands on day 74; Hungary's last extra cargo has landed by day 64, so it runs dry on days
// 72-73. With the cut, half of L17's share stays aside on days 45-49, Hungary keeps those
// orders five days longer and its cargo covers the gap (receipts 0.040 against 0.021 a day on
// days 65-78). The re-plan after a block without look-ahead (docs/SIMULATION.md, Known limits,
// "More options never look worse, but for one traced case", step 2): the cut happens to be the
// look-ahead. The rise may not grow.
double KnownRise(int seed, bool events_kept, size_t rung) {
  return seed == 19 && events_kept && rung == 3 ? 0.02908 : 0.0;
}

// The generated scenario, its events dropped unless `keep`, with one event on `lanes` on days
// 10-49: kind kLaneClosure, kLaneThroughput with `factor`, or none (nullopt).
model::Scenario WithEvent(const model::Scenario& base, bool keep,
                          const std::vector<std::string>& lanes,
                          std::optional<model::EventKind> kind, double factor) {
  model::Scenario sc = base;
  if (!keep) sc.events.clear();
  if (!kind) return sc;
  model::Event e;
  e.id = "cut_or_closure";
  e.kind = *kind;
  e.start_day = 10;
  e.duration_days = model::Distribution::Fixed(40.0);
  e.lanes = lanes;
  e.severity = model::Distribution::Fixed(*kind == model::EventKind::kLaneClosure ? 1.0 : factor);
  sc.events.push_back(e);
  return sc;
}

TEST(CutMetamorphic, ACutIsNoWorseThanAClosureAndMonotoneInItsFactorOnGeneratedNetworks) {
  int bites = 0;  // runs in which the closure loses demand the free run does not: not vacuous
  for (int run = 0; run < 2 * kSeeds; ++run) {
    const int seed = 1 + run % kSeeds;
    const bool keep = run >= kSeeds;
    io::GenerateOptions o;
    o.sites = kSites;
    o.seed = static_cast<uint64_t>(seed);
    o.horizon_days = 90;
    io::GeneratedCase c = io::Generate(o);
    model::CompiledNetwork net = model::Compile(c.network);
    std::vector<std::string> lanes;
    int with_flow = 0;
    for (uint32_t l = 0; l < net.num_lanes(); ++l) {
      if (net.lane_expected_flow[l] > 0.0 && with_flow++ % 3 == 0) lanes.push_back(net.lane_key[l]);
    }
    ASSERT_FALSE(lanes.empty()) << "seed " << seed;
    const std::string at =
        "seed " + std::to_string(seed) + (keep ? " (events kept)" : " (events dropped)") + ": ";
    using model::EventKind;
    const Losses none = Simulate(net, WithEvent(c.scenario, keep, lanes, std::nullopt, 0.0));
    const Losses closed = Simulate(net, WithEvent(c.scenario, keep, lanes, EventKind::kLaneClosure, 0.0));
    std::vector<Losses> cut;
    for (double f : {0.0, 0.25, 0.5, 1.0}) {
      cut.push_back(Simulate(net, WithEvent(c.scenario, keep, lanes, EventKind::kLaneThroughput, f)));
    }
    if (closed.unserved > none.unserved * (1.0 + 1e-6) + 1e-9) ++bites;
    EXPECT_EQ(cut[3].unserved, none.unserved) << at << "a cut to factor 1 is no cut";
    EXPECT_EQ(cut[3].lost_cell_output, none.lost_cell_output) << at << "a cut to factor 1 is no cut";
    EXPECT_TRUE(NoMore(cut[0].unserved, closed.unserved))
        << at << std::setprecision(12) << "cut to 0 " << cut[0].unserved << " GWh unserved, closure "
        << closed.unserved;
    const char* names[] = {"0", "0.25", "0.5", "1"};
    for (size_t i = 1; i < cut.size(); ++i) {
      EXPECT_TRUE(NoMore(cut[i].unserved, cut[i - 1].unserved + KnownRise(seed, keep, i)))
          << at << std::setprecision(12) << "cut to " << names[i] << " " << cut[i].unserved
          << " GWh unserved, cut to " << names[i - 1] << " " << cut[i - 1].unserved;
    }
  }
  EXPECT_GE(bites, kSeeds) << "the closures hardly ever cost demand: the test proves little";
}

}  // namespace
}  // namespace chaintwin
