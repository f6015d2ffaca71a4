// The allocation plan, executed by the simulator (`--protocol plan`), against the simple
// protocols on generated networks (io/generate.hpp): 36 seeded battery chains of 12-29 sites
// with their generated disruptions (ban, outage, closures, demand shock, capacity change,
// stockpile release), 120 days, 7-day periods.
//
// What is compared is priority-weighted end-use output served: sum over sites of
// priority x (demand GWh - unserved GWh), the plan's own objective.
//
// What holds: planned in 1-day periods, the LP's output is not below what any protocol
// achieves in the simulator, within 1.5 % of weighted demand. The slack is for sites in
// `backlog` mode (15 % of generated end users): the simulator serves owed demand later and
// counts it as served, the LP counts demand not served in its period as lost (seed 36: the LP
// plans 3.57, pro_rata serves 3.61 of 4.36). In 7-day periods the LP is more pessimistic
// still, because a shipment is assumed to land at the latest day its period allows (up to 6
// days late per hop): on seeds 26 and 36 it plans 8-10 % of demand less than the simulator
// serves, so the 7-day plan is not asserted as a bound (docs/OPTIMIZATION.md §1.5).
//
// What does not hold: `--protocol plan` only changes how a short supplier splits its stock
// (each lane first up to the plan's flow for the period); production, ordering and stock
// targets stay the simulator's own, so the plan's foresight (building stock before a ban,
// routing through alternates) is not executed. Executed, the plan serves about as much as the
// other protocols, sometimes less. The test records the gap and asserts only that it stays
// within kExecutionTolerance of weighted demand; docs/OPTIMIZATION.md reports the figures.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <gtest/gtest.h>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/opt/plan.hpp"
#include "chaintwin/sim/engine.hpp"

namespace chaintwin {
namespace {

constexpr int kNetworks = 36;
constexpr double kPlanBoundTolerance = 0.015;  // of weighted demand
constexpr double kExecutionTolerance = 0.05;   // of weighted demand

double WeightedServed(const model::CompiledNetwork& net, const sim::Results& r) {
  double total = 0.0;
  for (uint32_t s = 0; s < net.num_sites(); ++s) {
    const sim::SiteOutcome& o = r.sites[s];
    total += net.site_priority[s] * (o.demand_gwh - o.unserved_demand_gwh);
  }
  return total;
}

TEST(PlanVsProtocols, PlanBoundsEveryProtocolAndExecutingItStaysClose) {
  int plan_not_worst = 0, plan_best = 0;
  double worst_gap = 0.0;
  for (int seed = 1; seed <= kNetworks; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    io::GenerateOptions options;
    options.sites = 12 + (seed * 7) % 18;
    options.seed = static_cast<uint64_t>(seed);
    options.horizon_days = 120;
    io::GeneratedCase generated = io::Generate(options);
    model::CompiledNetwork net = model::Compile(generated.network);
    model::ResolvedScenario resolved = model::Resolve(net, generated.scenario);
    model::EventSchedule schedule = model::NominalSchedule(resolved);
    model::PlanConfig config;
    config.period_days = 7;
    opt::PlanResult plan = opt::MakePlan(net, resolved, schedule, config);
    ASSERT_EQ(plan.status, opt::LpStatus::kOptimal);
    config.period_days = 1;
    opt::PlanResult daily = opt::MakePlan(net, resolved, schedule, config);
    ASSERT_EQ(daily.status, opt::LpStatus::kOptimal);
    const double demand = plan.weighted_demand;
    ASSERT_GT(demand, 0.0);

    sim::Engine engine = sim::Engine::Create(net);
    double best_protocol = 0.0, worst_protocol = 1e300;
    for (model::Protocol p : {model::Protocol::kProRata, model::Protocol::kPriority,
                              model::Protocol::kAllianceFirst}) {
      sim::RunOptions run;
      run.protocol = p;
      double served = WeightedServed(net, engine.Run(resolved, schedule, run));
      best_protocol = std::max(best_protocol, served);
      worst_protocol = std::min(worst_protocol, served);
      EXPECT_GE(daily.weighted_output, served - kPlanBoundTolerance * demand)
          << model::ProtocolName(p) << ": the LP plans less than the simulator achieves";
    }
    sim::RunOptions run;
    run.protocol = model::Protocol::kPlan;
    run.plan = &plan.plan;
    double executed = WeightedServed(net, engine.Run(resolved, schedule, run));
    double gap = (best_protocol - executed) / demand;
    worst_gap = std::max(worst_gap, gap);
    plan_not_worst += executed >= worst_protocol - 1e-9 * demand ? 1 : 0;
    plan_best += executed >= best_protocol - 1e-9 * demand ? 1 : 0;
    EXPECT_LE(gap, kExecutionTolerance)
        << "executed plan " << executed << " vs best protocol " << best_protocol << " of "
        << demand << " (planned " << plan.weighted_output << ")";
    if (std::getenv("CHAINTWIN_PLAN_REPORT")) {
      std::printf("seed %2d sites %2lld demand %9.2f planned %9.2f (daily %9.2f) best %9.2f "
                  "worst %9.2f executed %9.2f\n",
                  seed, static_cast<long long>(options.sites), demand, plan.weighted_output,
                  daily.weighted_output, best_protocol, worst_protocol, executed);
    }
  }
  std::printf("plan executed: best of all on %d/%d networks, not the worst on %d/%d; largest "
              "shortfall against the best protocol %.3f %% of weighted demand\n",
              plan_best, kNetworks, plan_not_worst, kNetworks, 100.0 * worst_gap);
}

}  // namespace
}  // namespace chaintwin
