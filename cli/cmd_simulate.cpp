// `chaintwin simulate [SCENARIO]`: run a scenario day by day and show which material runs
// short, where, from which day, and the lost GWh.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "chaintwin/analyze/causes.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/opt/plan.hpp"
#include "chaintwin/report/results.hpp"
#include "chaintwin/report/timeline_csv.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "run_support.hpp"
#include "twin_support.hpp"

namespace chaintwin::cli {
namespace {

struct SimulateFlags {
  std::string scenario;
  std::string network;
  int days = 0;
  std::string protocol;
  std::optional<uint64_t> seed;
  Format format = Format::kTable;
  std::string timeline;
  std::string out;
  bool all = false;
  bool fail_on_shortage = false;
  bool timings = false;
  std::string from_store;  // the live twin's store: start from its state (twin_support.hpp)
  std::string as_of;
  double time_limit = 0.0;
  bool no_progress = false;
};

int RunSimulate(const SimulateFlags& f) {
  PhaseTimer timer;
  LoadedRun run = LoadRun(f.scenario, f.network, f.protocol, &timer);
  sim::RunOptions options;
  options.days = f.days;
  options.protocol = run.protocol_override;
  std::optional<twin::StartingPoint> start;
  if (!f.from_store.empty()) {
    start = StartFromStore(f.from_store, run.loaded.network, f.as_of);
    options.initial = &start->initial;
    run.resolved.start_date = start->start_date;
    (f.format == Format::kTable ? std::cout : std::cerr) << start->Describe() << "\n\n";
  }
  model::EventSchedule schedule = f.seed ? model::SampleSchedule(run.resolved, *f.seed, 0)
                                         : model::NominalSchedule(run.resolved);
  std::optional<opt::PlanResult> plan;
  if (UsesPlan(run)) {
    plan = SolvePlan(run, schedule, run.loaded.scenario.plan, f.time_limit, !f.no_progress);
    if (plan->status == opt::LpStatus::kStopped && plan->time_limit_hit) {
      std::cerr << fmt::format(
          "chaintwin simulate: the allocation plan was stopped by --time-limit {} s after {} "
          "iterations, before the optimum: nothing simulated (LP {} rows x {} columns, {} "
          "nonzeros)\n",
          f.time_limit, plan->iterations, plan->rows, plan->columns, plan->nonzeros);
      return kExitTimeLimit;
    }
    if (plan->time_limit_hit) {
      std::cerr << "chaintwin simulate: --time-limit reached while the plan broke ties (phase 2): "
                   "simulating phase 1's optimum\n";
    }
    if (plan->status != opt::LpStatus::kOptimal) {
      throw Error(fmt::format("the allocation plan could not be made: {}", opt::LpStatusName(plan->status)));
    }
    options.plan = &plan->plan;
    timer.Lap("plan");
  }
  std::string timeline_path = f.timeline;
  if (!f.out.empty()) {
    std::filesystem::create_directories(f.out);
    if (timeline_path.empty()) timeline_path = (std::filesystem::path(f.out) / "timeline.csv").string();
  }
  std::unique_ptr<report::TimelineCsvWriter> timeline;
  if (!timeline_path.empty()) timeline = std::make_unique<report::TimelineCsvWriter>(timeline_path);
  sim::Engine engine = sim::Engine::Create(run.compiled);
  sim::Results results = engine.Run(run.resolved, schedule, options, timeline.get());
  if (timeline) timeline->Close();
  timer.Lap("simulate");

  const std::vector<analyze::ShortageCause> causes =
      analyze::ExplainShortages(run.compiled, run.resolved, schedule, results);
  timer.Lap("causes");
  report::RunInfo info{run.protocol_text, run.loaded.scenario.network_file,
                       static_cast<int>(run.loaded.scenario.events.size()), &causes};
  if (!f.out.empty()) {
    auto write = [&](const char* name, const std::string& text) {
      WriteFile((std::filesystem::path(f.out) / name).string(), text);
    };
    write("summary.txt", report::ResultsText(run.compiled, results, info, 0));
    write("results.json", report::ResultsJson(run.compiled, results, info));
    write("shortages.csv", report::ShortagesCsv(run.compiled, results, &causes));
    write("by_country.csv", report::CountriesCsv(run.compiled, results));
    write("sites.csv", report::SitesCsv(run.compiled, results));
    write("allocations.csv", report::AllocationsCsv(run.compiled, results));
  }
  switch (f.format) {
    case Format::kTable:
      std::cout << report::ResultsText(run.compiled, results, info, f.all ? 0 : 25);
      if (!f.out.empty()) std::cout << fmt::format("Wrote results to {}/\n", f.out);
      break;
    case Format::kJson:
      std::cout << report::ResultsJson(run.compiled, results, info);
      break;
    case Format::kCsv:
      std::cout << report::ShortagesCsv(run.compiled, results, &causes);
      break;
  }
  std::cout.flush();
  timer.Lap("report");
  if (f.timings) std::cerr << timer.Text();
  const bool short_found = !results.shortages.empty();
  KeepUntilExit(std::move(run));
  return f.fail_on_shortage && short_found ? 1 : 0;
}

}  // namespace

void AddSimulate(CLI::App& app, Runner& run) {
  auto f = std::make_shared<SimulateFlags>();
  CLI::App* cmd = app.add_subcommand(
      "simulate",
      "Run a scenario day by day: which material runs short, where, from which day, and the lost "
      "GWh. Without SCENARIO, runs the bundled graphite export-ban scenario.");
  cmd->add_option("scenario", f->scenario, "Scenario file (YAML or JSON)");
  cmd->add_option("--network", f->network, "Network file to use instead of the scenario's");
  cmd->add_option("--days", f->days, "Days to run instead of the scenario's horizon")
      ->check(CLI::Range(1, 36500));
  cmd->add_option("--protocol", f->protocol,
                  "Allocation protocol for every supplier: pro_rata, priority, contract_first, "
                  "alliance_first or plan (the optimizer's allocation plan)");
  cmd->add_option("--seed", f->seed,
                  "Draw uncertain event durations and severities once with this seed (default: "
                  "their nominal values)");
  AddFormatOption(*cmd, f->format);
  cmd->add_option("--timeline", f->timeline,
                  "Stream one CSV row per day, site and material to FILE ('-' for stdout)");
  cmd->add_option("--out", f->out,
                  "Write every output to DIR: summary.txt, results.json, shortages.csv, "
                  "by_country.csv, sites.csv, allocations.csv, timeline.csv");
  cmd->add_flag("--all", f->all, "Show every shortage in the table, not the first 25");
  cmd->add_flag("--fail-on-shortage", f->fail_on_shortage, "Exit 1 when any shortage is found");
  cmd->add_flag("--timings", f->timings,
                "Print the seconds spent loading, compiling, simulating and reporting (stderr)");
  cmd->add_option("--from-store", f->from_store,
                  "Start from the live twin's state in this store (stock, cargo in transit, open "
                  "orders) instead of the network's assumed steady state; never writes to it");
  cmd->add_option("--as-of", f->as_of, "With --from-store: the instant of the state (default now)");
  cmd->add_option("--time-limit", f->time_limit,
                  "With --protocol plan: stop the LP after this many seconds (exit code 4 when no "
                  "plan was found)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--no-progress", f->no_progress,
                "Never draw the plan solver's progress line (--protocol plan)");
  cmd->callback([f, &run] { run = [f] { return RunSimulate(*f); }; });
}

}  // namespace chaintwin::cli
