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
#include "chaintwin/report/extras.hpp"
#include "chaintwin/report/results.hpp"
#include "chaintwin/report/timeline_csv.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "run_support.hpp"
#include "twin_support.hpp"

namespace chaintwin::cli {
namespace {

struct SimulateFlags {
  std::string scenario;
  bool scenario_given = false;
  std::string network;
  int days = 0;
  std::string protocol;
  std::optional<uint64_t> seed;
  Format format = Format::kTable;
  std::string table;
  std::string timeline;
  std::string by = "day";
  std::string sort = "lost";
  std::string out;
  bool all = false;
  bool fail_on_shortage = false;
  bool timings = false;
  std::string from_store;  // the live twin's store: start from its state (twin_support.hpp)
  std::string as_of;
  double time_limit = 0.0;
  bool no_progress = false;
  int32_t threads = 1;  // the day loop's threads (sim::RunOptions::threads)
  std::vector<std::string> include;         // timeline, site_status, flows (report/extras.hpp)
  std::vector<std::string> timeline_sites;  // --timeline-sites
};

// Files written by --out, each a section of the document (summary.txt aside).
constexpr std::pair<const char*, const char*> kOutFiles[] = {
    {"shortages.csv", "shortages"}, {"resourced_by_country.csv", "resourced_by_country"},
    {"by_country.csv", "by_country"},
    {"by_region.csv", "by_region"}, {"sites.csv", "sites"},
    {"allocations.csv", "allocations"}};

// The timeline must not overwrite an input: an existing file is replaced only when it is a
// timeline (its first line starts with the timeline header) or empty.
void CheckTimelineTarget(const std::string& path, const LoadedRun& run) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const std::string& input : {run.loaded.scenario.network_file}) {
    if (!input.empty() && fs::equivalent(path, input, ec)) {
      BadFlag("--timeline", fmt::format("'{}' is an input of this run; choose another file", path));
    }
  }
  if (!fs::exists(path, ec)) return;
  if (!fs::is_regular_file(path, ec)) return;  // a device or pipe (/dev/null, /dev/full)
  std::ifstream in(path, std::ios::binary);
  std::string first(64, '\0');
  in.read(first.data(), static_cast<std::streamsize>(first.size()));
  first.resize(static_cast<size_t>(in.gcount()));
  if (!first.empty() && first.rfind("day,", 0) != 0 && first.rfind("period_start_day,", 0) != 0) {
    BadFlag("--timeline", fmt::format("refusing to overwrite '{}': it is not a timeline CSV (an "
                                      "input file?); remove it or choose another name",
                                      path));
  }
}

int RunSimulate(const SimulateFlags& f) {
  if (f.scenario_given && f.scenario.empty()) {
    BadFlag("SCENARIO", "an empty scenario name; omit it to run the bundled graphite_ban");
  }
  auto sort = report::ParseShortageSort(f.sort);
  if (!sort) {
    BadFlag("--sort", fmt::format("expected {}, got '{}'", report::kShortageSortChoices, f.sort));
  }
  report::Rollup rollup = f.by == "week"    ? report::Rollup::kWeek
                          : f.by == "month" ? report::Rollup::kMonth
                                            : report::Rollup::kDay;
  report::Extras extras;
  extras.by = rollup;
  extras.timeline_sites = f.timeline_sites;
  if (std::string bad = report::ParseInclude(f.include, extras); !bad.empty()) {
    BadFlag("--include", fmt::format("expected {}, got '{}'", report::kIncludeChoices, bad));
  }
  // The schema describes every optional part, so it is made from a run that has them all.
  if (f.format == Format::kSchema) extras.timeline = extras.site_status = extras.flows = true;
  if (!extras.timeline_sites.empty() && !extras.timeline) {
    BadFlag("--timeline-sites", "only with --include timeline");
  }
  const bool timeline_on_stdout = f.timeline == "-";
  if (!f.out.empty()) PrepareFolderTarget(f.out, "--out");
  std::string timeline_path = f.timeline;
  if (timeline_path.empty() && !f.out.empty()) {
    timeline_path = (std::filesystem::path(f.out) / "timeline.csv").string();
  }
  if (!timeline_path.empty() && !timeline_on_stdout) CheckFileTarget(timeline_path, "--timeline");

  PhaseTimer timer;
  LoadedRun run = LoadRun(f.scenario, f.network, f.protocol, &timer);
  if (!timeline_path.empty() && !timeline_on_stdout) {
    CheckTimelineTarget(timeline_path, run);
    std::error_code ec;
    if (std::filesystem::equivalent(timeline_path, ScenarioPathOf(f.scenario), ec)) {
      BadFlag("--timeline", fmt::format("'{}' is the scenario file; choose another file",
                                        timeline_path));
    }
  }
  sim::RunOptions options;
  options.days = f.days;
  options.protocol = run.protocol_override;
  options.threads = f.threads;
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
  std::unique_ptr<report::TimelineCsvWriter> timeline;
  if (!timeline_path.empty()) {
    timeline = std::make_unique<report::TimelineCsvWriter>(
        timeline_path, run.resolved.start_date, rollup);
  }
  // The extras ride on the timeline's data path; without them the run is as before.
  std::unique_ptr<report::ExtrasCollector> collector;
  if (extras.any()) {
    collector = std::make_unique<report::ExtrasCollector>(run.compiled, run.resolved, schedule,
                                                          extras, options, timeline.get());
  }
  sim::TimelineSink* sink = collector ? static_cast<sim::TimelineSink*>(collector.get())
                                      : timeline.get();
  sim::Engine engine = sim::Engine::Create(run.compiled);
  sim::Results results = engine.Run(run.resolved, schedule, options, sink);
  if (timeline) timeline->Close();
  timer.Lap("simulate");

  const std::vector<analyze::ShortageCause> causes =
      analyze::ExplainShortages(run.compiled, run.resolved, schedule, results);
  timer.Lap("causes");
  report::RunInfo info{run.protocol_text, run.loaded.scenario.network_file,
                       static_cast<int>(run.loaded.scenario.events.size()), *sort,
                       &causes};
  report::Document doc = report::ResultsDocument(run.compiled, results, info);
  if (collector) collector->AddTo(doc, results);
  if (!f.out.empty()) {
    auto in_out = [&](const char* name) { return (std::filesystem::path(f.out) / name).string(); };
    WriteFile(in_out("summary.txt"), report::ResultsText(run.compiled, results, info, 0));
    WriteFile(in_out("results.json"), doc.Json());
    for (const auto& [file, section] : kOutFiles) WriteFile(in_out(file), doc.Csv(section));
  }
  std::string text;
  if (f.format == Format::kTable) {
    text = report::ResultsText(run.compiled, results, info, f.all ? 0 : 25);
    if (!f.out.empty()) text += fmt::format("Wrote results to {}/\n", f.out);
  }
  text = Render(doc, f.format, text, f.table.empty() ? "shortages" : f.table);
  // With the timeline on standard output, the report goes to standard error: never mixed in.
  if (timeline_on_stdout) {
    std::cerr << text;
  } else {
    WriteStdout(text);
  }
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
  CLI::Option* scenario = cmd->add_option(
      "scenario", f->scenario,
      "Scenario file (YAML or JSON), or the name of a bundled scenario ('chaintwin scenarios')");
  cmd->add_option("--network", f->network, "Network file to use instead of the scenario's");
  cmd->add_option("--days", f->days, "Days to run instead of the scenario's horizon")
      ->check(CLI::Range(1, 36500));
  cmd->add_option("--protocol", f->protocol,
                  "Allocation protocol for every supplier: pro_rata, priority, contract_first, "
                  "alliance_first or plan (the optimizer's allocation plan)");
  cmd->add_option("--seed", f->seed,
                  "Draw uncertain event durations and severities once with this seed (default: "
                  "their nominal values)")
      ->check(kSeed);
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->add_option("--timeline", f->timeline,
                  "Stream one CSV row per day, site and material to FILE ('-' for stdout; the "
                  "report then goes to stderr)");
  cmd->add_option("--include", f->include,
                  "Add parts to the result (JSON, CSV --table): timeline (per site and material, "
                  "one value per --by period), site_status (normal/short/stopped per site and "
                  "day), flows (shipped per day by country pair, material and stage, baseline "
                  "and disruption); comma-separated")
      ->delimiter(',');
  cmd->add_option("--timeline-sites", f->timeline_sites,
                  "With --include timeline: only these sites (comma-separated ids)")
      ->delimiter(',');
  cmd->add_option("--by", f->by, "Timeline rows per day (default), week or month")
      ->check(CLI::IsMember({"day", "week", "month"}));
  cmd->add_option("--sort", f->sort,
                  "Order of the shortages: lost (largest shortfall first, default), first_day, "
                  "days or site");
  cmd->add_option("--out", f->out,
                  "Write every output to DIR: summary.txt, results.json, shortages.csv, "
                  "by_country.csv, by_region.csv, sites.csv, allocations.csv, timeline.csv");
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
  cmd->add_option("--threads", f->threads,
                  "Threads for the day loop, 1 or 2 (default 1); the output is the same for both")
      ->check(CLI::Range(1, 2));
  cmd->callback([f, scenario, &run] {
    f->scenario_given = scenario->count() > 0;
    run = [f] { return RunSimulate(*f); };
  });
}

}  // namespace chaintwin::cli
