// simulate --include timeline,site_status,flows (report/extras.hpp) on a hand-built chain:
// mine M (AU) makes ore, 10 t/d; plant P (JP) makes cells from 1 t of ore each, 10 /d; user U
// (US) asks 5 cells a day. Lanes of 1 day, 2 days of stock everywhere. M is shut (site_outage,
// capacity factor 0) on days 10-19.
// By hand:
//   - days 0-9 nothing is disrupted: every site is normal, and the lanes carry the steady flow,
//     5 cells/d JP->US and 5 t/d of ore AU->JP from day 1 (day 0's ore is the cargo already at
//     sea), so the baseline window (days 0-9) averages 4.5 t/d of ore;
//   - M is closed by the event on days 10-19: stopped on exactly those days (whatever its stock);
//     M has no inputs and no demand, so it is never short, and normal on every other day;
//   - P holds 2 days of ore plus 1 day at sea, so it runs dry a few days into the outage and,
//     with no ore, makes nothing: short and idle = stopped on its first shortage day;
//   - U has no process: it can be short, never stopped;
//   - with the outage at capacity factor 0.5 instead, M still makes 5 t/d = all it is asked
//     for: nothing is ever short or stopped.
// Flows: what the window's rows carry times the window's days is what left the lanes in it,
// and (a second path) what the timeline's `shipped` column sums to over the same days.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/report/extras.hpp"
#include "chaintwin/report/results.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/error.hpp"
#include "testutil/builder.hpp"

namespace chaintwin {
namespace {

using model::Dimension;
using model::Stage;
using testutil::NetBuilder;

NetBuilder Chain() {
  NetBuilder b;
  b.Material("ore", Dimension::kMass, Stage::kMining)
      .Material("cell", Dimension::kMass, Stage::kCell)
      .Country("AU").Country("JP").Country("US");
  b.Site("M", "AU", 2);
  b.Site("P", "JP", 2);
  b.Site("U", "US", 2);
  b.Process("M", "ore", 10).Process("P", "cell", 10, {model::RecipeInput{"ore", 1.0}});
  b.Demand("U", "cell", 5);
  b.Lane("M", "P", "ore", 1);
  b.Lane("P", "U", "cell", 1);
  return b;
}

struct ExtrasRun {
  nlohmann::json doc;
  int32_t baseline_end = 0, disruption_begin = 0, disruption_end = 0;
};

ExtrasRun Simulate(const model::CompiledNetwork& net, double capacity_factor, int horizon,
             report::Rollup by = report::Rollup::kDay) {
  model::Scenario sc = testutil::MakeScenario(horizon);
  model::Event e = testutil::MakeEvent("m_down", model::EventKind::kSiteOutage, 10, 10);
  e.sites = {"M"};
  e.severity = model::Distribution::Fixed(capacity_factor);
  sc.events.push_back(e);
  model::ResolvedScenario resolved = model::Resolve(net, sc);
  model::EventSchedule schedule = model::NominalSchedule(resolved);
  report::Extras extras;
  extras.timeline = extras.site_status = extras.flows = true;
  extras.by = by;
  sim::RunOptions options;
  report::ExtrasCollector collector(net, resolved, schedule, extras, options);
  sim::Results results = sim::Engine::Create(net).Run(resolved, schedule, options, &collector);
  report::Document doc = report::ResultsDocument(net, results, report::RunInfo{});
  collector.AddTo(doc, results);
  return ExtrasRun{nlohmann::json::parse(doc.Json()), collector.baseline_end(),
             collector.disruption_begin(), collector.disruption_end()};
}

std::vector<int> StatusOf(const nlohmann::json& doc, const std::string& site) {
  for (const auto& s : doc["site_status"]["sites"]) {
    if (s["site"] == site) return s["status"].get<std::vector<int>>();
  }
  ADD_FAILURE() << "no status for " << site;
  return {};
}

TEST(SimulateExtras, SiteStatusOfAHandBuiltChain) {
  auto net = model::Compile(Chain().network());
  ExtrasRun run = Simulate(net, 0.0, 60);
  const auto& doc = run.doc;
  ASSERT_EQ(doc["site_status"]["days"], 60);
  EXPECT_EQ(doc["site_status"]["codes"]["2"], "stopped");
  std::vector<int> m = StatusOf(doc, "M"), p = StatusOf(doc, "P"), u = StatusOf(doc, "U");
  ASSERT_EQ(m.size(), 60u);
  for (int d = 0; d < 60; ++d) {
    SCOPED_TRACE(d);
    EXPECT_EQ(m[d], d >= 10 && d < 20 ? report::kStopped : report::kNormal);
    if (d < 10) {
      EXPECT_EQ(p[d], report::kNormal);
      EXPECT_EQ(u[d], report::kNormal);
    }
    EXPECT_NE(u[d], report::kStopped);  // no process: never stopped
  }
  // P runs dry during the outage and, without ore, stops; its shortage rows are its non-normal days.
  int p_first = -1;
  for (int d = 0; d < 60 && p_first < 0; ++d) {
    if (p[d] != report::kNormal) p_first = d;
  }
  ASSERT_GT(p_first, 10);
  ASSERT_LE(p_first, 20);
  EXPECT_EQ(p[p_first], report::kStopped);
  bool p_row = false;
  for (const auto& s : doc["shortages"]) {
    if (s["site"] != "P") continue;
    p_row = true;
    EXPECT_EQ(s["first_day"], p_first);
    for (int d = s["first_day"].get<int>(); d <= s["last_day"].get<int>(); ++d) EXPECT_NE(p[d], 0);
  }
  EXPECT_TRUE(p_row);
  EXPECT_EQ(p[59], report::kNormal);  // recovered by the end
  EXPECT_EQ(u[59], report::kNormal);
}

TEST(SimulateExtras, AHalfClosedMineThatStillMakesWhatIsAskedIsNeverStopped) {
  auto net = model::Compile(Chain().network());
  ExtrasRun run = Simulate(net, 0.5, 60);
  for (const auto& s : run.doc["site_status"]["sites"]) {
    for (int code : s["status"].get<std::vector<int>>()) EXPECT_EQ(code, report::kNormal) << s["site"];
  }
  EXPECT_TRUE(run.doc["shortages"].empty());
}

TEST(SimulateExtras, FlowsCarryTheSteadyFlowBeforeTheEventAndBalanceTheTimeline) {
  auto net = model::Compile(Chain().network());
  ExtrasRun run = Simulate(net, 0.0, 60);
  EXPECT_EQ(run.baseline_end, 10);
  EXPECT_EQ(run.disruption_begin, 10);
  EXPECT_EQ(run.disruption_end, 20);
  std::map<std::string, double> per_window;  // "baseline AU->JP ore" -> quantity_per_day
  double window_total[2] = {0, 0};
  for (const auto& f : run.doc["flows"]) {
    const std::string key = f["period"].get<std::string>() + " " + f["from_country"].get<std::string>() +
                            "->" + f["to_country"].get<std::string>() + " " + f["material"].get<std::string>();
    per_window[key] = f["quantity_per_day"];
    EXPECT_EQ(f["basis"], "simulated");
    EXPECT_EQ(f["days"], 10);
    EXPECT_EQ(f["stage"], f["material"] == "ore" ? "mining" : "cell");
    window_total[f["period"] == "baseline" ? 0 : 1] += f["quantity_per_day"].get<double>() * 10;
  }
  // The ore lane starts one day late: P's day-0 ore comes from the cargo at sea at the start,
  // so M's first 5 t leave on day 1 (0 + 9 x 5 over 10 days).
  EXPECT_NEAR(per_window["baseline AU->JP ore"], 4.5, 1e-9);
  EXPECT_NEAR(per_window["baseline JP->US cell"], 5.0, 1e-9);
  EXPECT_LT(per_window["disruption AU->JP ore"], 5.0);  // M ships only its stock while closed
  // The timeline's shipped column (every slot) summed over each window's days.
  double timeline_total[2] = {0, 0};
  for (const auto& s : run.doc["timeline"]["series"]) {
    const auto shipped = s["shipped"].get<std::vector<double>>();
    ASSERT_EQ(shipped.size(), 60u);
    for (int d = 0; d < 20; ++d) timeline_total[d < 10 ? 0 : 1] += shipped[d];
  }
  for (int w = 0; w < 2; ++w) {
    EXPECT_TRUE(std::isfinite(window_total[w]));
    EXPECT_GT(window_total[w], 0.0);
    EXPECT_NEAR(window_total[w], timeline_total[w], 1e-6 * timeline_total[w]) << w;
  }
}

TEST(SimulateExtras, WeeklyTimelineSumsTheDaysAndKeepsFirstOpeningAndLastClosing) {
  auto net = model::Compile(Chain().network());
  ExtrasRun daily = Simulate(net, 0.0, 60);
  ExtrasRun weekly = Simulate(net, 0.0, 60, report::Rollup::kWeek);
  const auto& t = weekly.doc["timeline"];
  EXPECT_EQ(t["by"], "week");
  ASSERT_EQ(t["period_start_days"].size(), 9u);  // 8 full weeks and 4 days
  EXPECT_EQ(t["period_start_days"][1], 7);
  EXPECT_EQ(t["period_start_dates"][1], "2026-01-08");
  for (size_t i = 0; i < t["series"].size(); ++i) {
    const auto& w = t["series"][i];
    const auto& d = daily.doc["timeline"]["series"][i];
    ASSERT_EQ(w["site"], d["site"]);
    for (size_t k = 0; k < 9; ++k) {
      const size_t first = k * 7, last = std::min<size_t>(first + 6, 59);
      double received = 0, unmet = 0;
      for (size_t day = first; day <= last; ++day) {
        received += d["received"][day].get<double>();
        unmet += d["unmet"][day].get<double>();
      }
      EXPECT_NEAR(w["received"][k].get<double>(), received, 1e-9);
      EXPECT_NEAR(w["unmet"][k].get<double>(), unmet, 1e-9);
      EXPECT_EQ(w["opening"][k], d["opening"][first]);
      EXPECT_EQ(w["closing"][k], d["closing"][last]);
    }
  }
}

TEST(SimulateExtras, AnUnknownTimelineSiteIsAnInputErrorNamingIt) {
  auto net = model::Compile(Chain().network());
  model::ResolvedScenario resolved = model::Resolve(net, testutil::MakeScenario(5));
  model::EventSchedule schedule = model::NominalSchedule(resolved);
  report::Extras extras;
  extras.timeline = true;
  extras.timeline_sites = {"P", "nowhere"};
  sim::RunOptions options;
  try {
    report::ExtrasCollector collector(net, resolved, schedule, extras, options);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).path, "timeline_sites[1]");
    EXPECT_NE(e.diagnostics().at(0).message.find("nowhere"), std::string::npos);
  }
}

TEST(SimulateExtras, ParseIncludeNamesTheFirstUnknownWord) {
  report::Extras e;
  EXPECT_EQ(report::ParseInclude({"timeline", "flows"}, e), "");
  EXPECT_TRUE(e.timeline && e.flows && !e.site_status);
  EXPECT_EQ(report::ParseInclude({"site_status", "timelines"}, e), "timelines");
}

}  // namespace
}  // namespace chaintwin
