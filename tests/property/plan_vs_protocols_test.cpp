// The allocation plan, executed by the simulator (`--protocol plan`), against the simple
// protocols on generated networks (io/generate.hpp): 36 seeded battery chains of 12-29 sites
// with their generated disruptions (ban, outage, closures, demand shock, capacity change,
// stockpile release), 120 days, 7-day periods (and 1-day periods for the bound).
//
// What is compared is priority-weighted end-use output served: sum over sites of
// priority x (demand GWh - unserved GWh), the plan's own objective.
//
// What holds: the LP is a relaxation of the simulator (docs/OPTIMIZATION.md §1), so its
// output is not below what any protocol achieves in the simulator, within CLP's tolerances,
// in 1-day periods (exact: `backlog` end users are served owed demand later, as in the
// simulator) and in 7-day periods (a shipment may land at the earliest day its period allows,
// a lane carries in a period if it may on one of its days).
//
// Executing the plan (`--protocol plan`): the plan steers production and ordering, not only
// who is served when a supplier is short: each process makes at least the plan's output for
// the period, each planned lane has at least the plan's daily flow on order, and short
// suppliers serve planned lanes up to their flow first (docs/SIMULATION.md). Executed, it must
// serve at least what the best simple protocol serves, within kExecutionTolerance of weighted
// demand; docs/OPTIMIZATION.md reports the figures.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/opt/plan.hpp"
#include "chaintwin/sim/engine.hpp"

namespace chaintwin {
namespace {

constexpr int kPlanNetworks = 36;
constexpr double kPlanBoundTolerance = 1e-6;  // of weighted demand: CLP's tolerances
constexpr double kExecutionTolerance = 0.005;  // of weighted demand

double WeightedServed(const model::CompiledNetwork& net, const sim::Results& r) {
  double total = 0.0;
  for (uint32_t s = 0; s < net.num_sites(); ++s) {
    const sim::SiteOutcome& o = r.sites[s];
    total += net.site_priority[s] * (o.demand_gwh - o.unserved_demand_gwh);
  }
  return total;
}

TEST(PlanVsProtocols, PlanBoundsEveryProtocolAndExecutingItStaysClose) {
  const model::Protocol kProtocols[] = {model::Protocol::kProRata, model::Protocol::kPriority,
                                        model::Protocol::kAllianceFirst};
  int plan_not_worst = 0, plan_best = 0;
  double worst_gap = 0.0;
  // Largest (simulated - planned) / weighted demand per protocol: negative when the LP is
  // above the simulator on every network. [0]: the 1-day plan, [1]: the 7-day plan.
  double bound_gap[2][3] = {{-1e300, -1e300, -1e300}, {-1e300, -1e300, -1e300}};
  // CHAINTWIN_PLAN_NETWORKS=400 runs more networks (the figures in docs/OPTIMIZATION.md).
  int networks = kPlanNetworks;
  if (const char* n = std::getenv("CHAINTWIN_PLAN_NETWORKS")) networks = std::max(1, std::atoi(n));
  for (int seed = 1; seed <= networks; ++seed) {
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
    for (size_t k = 0; k < 3; ++k) {
      sim::RunOptions run;
      run.protocol = kProtocols[k];
      double served = WeightedServed(net, engine.Run(resolved, schedule, run));
      best_protocol = std::max(best_protocol, served);
      worst_protocol = std::min(worst_protocol, served);
      bound_gap[0][k] = std::max(bound_gap[0][k], (served - daily.weighted_output) / demand);
      bound_gap[1][k] = std::max(bound_gap[1][k], (served - plan.weighted_output) / demand);
      EXPECT_GE(daily.weighted_output, served - kPlanBoundTolerance * demand)
          << model::ProtocolName(kProtocols[k])
          << ": the 1-day LP plans less than the simulator achieves";
      EXPECT_GE(plan.weighted_output, served - kPlanBoundTolerance * demand)
          << model::ProtocolName(kProtocols[k])
          << ": the 7-day LP plans less than the simulator achieves";
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
              plan_best, networks, plan_not_worst, networks, 100.0 * worst_gap);
  for (size_t k = 0; k < 3; ++k) {
    std::printf("%-14s largest (simulated - planned) / weighted demand: 1-day plan %+.2e, "
                "7-day plan %+.2e\n",
                std::string(model::ProtocolName(kProtocols[k])).c_str(), bound_gap[0][k],
                bound_gap[1][k]);
  }
}

}  // namespace
}  // namespace chaintwin
