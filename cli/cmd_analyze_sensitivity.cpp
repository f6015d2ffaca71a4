// `chaintwin analyze sensitivity [SCENARIO]`: which inputs move the scenario's unserved GWh
// most. Each group of inputs (stock days, qualification delays, capacities, transit times,
// demand) is scaled by its stated range and the scenario rerun; the groups are shown as a
// tornado, largest swing first (analyze/sensitivity.hpp, docs/ANALYSIS.md).
#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "chaintwin/analyze/sensitivity.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/report/analysis.hpp"
#include "chaintwin/report/table.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "output.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {
namespace {

struct SensitivityFlags {
  std::string scenario;
  int top = 15;
  unsigned threads = 0;
  std::string inputs;  // comma-separated classes; empty = all
  double stock = 0.5, qualification = 0.5, capacity = 0.2, transit = 0.5, demand = 0.1;
  bool no_progress = false;
  Format format = Format::kTable;
  std::string table;
  std::string out;
};

std::vector<analyze::InputClass> ParseClasses(const std::string& text) {
  std::vector<analyze::InputClass> out;
  std::stringstream in(text);
  std::string word;
  const std::vector<analyze::InputClass> all = {analyze::InputClass::kStockDays, analyze::InputClass::kQualification,
                                                analyze::InputClass::kCapacity, analyze::InputClass::kTransit,
                                                analyze::InputClass::kDemand};
  while (std::getline(in, word, ',')) {
    if (word.empty()) continue;
    auto it = std::find_if(all.begin(), all.end(), [&](analyze::InputClass c) { return analyze::InputClassName(c) == word; });
    if (it == all.end()) {
      throw InputError(util::Diagnostics{util::Diagnostic{
          "", 0, 0, "--inputs",
          fmt::format("unknown input class '{}' (expected stock_days, qualification, capacity, transit, demand)", word)}});
    }
    out.push_back(*it);
  }
  return out;
}

std::string Pct(double range) { return fmt::format("+-{:g} %", range * 100); }

int RunSensitivity(const SensitivityFlags& f) {
  std::string path = f.scenario.empty() ? io::DataDir() + "/battery/scenarios/graphite_ban.yaml" : f.scenario;
  io::LoadedScenario loaded = io::LoadScenario(path);
  analyze::SensitivityOptions o;
  o.classes = ParseClasses(f.inputs);
  o.threads = f.threads;
  o.ranges = analyze::SensitivityRanges{f.stock, f.qualification, f.capacity, f.transit, f.demand};
  auto bar = std::make_shared<ProgressBar>("runs");
  if (!f.no_progress && StderrIsTerminal()) {
    o.progress = [bar](uint64_t done, uint64_t total) { bar->Update(done, total); };
  }
  analyze::SensitivityResults r = analyze::RunSensitivity(loaded.network, loaded.scenario, o);
  size_t shown = f.top > 0 ? std::min(r.rows.size(), static_cast<size_t>(f.top)) : r.rows.size();
  report::Document doc = report::SensitivityDocument(r, shown);
  std::string text;
  {
    report::Table t(fmt::format("Sensitivity of unserved end-use GWh in {} (base {} GWh), largest swing first",
                                r.scenario_id, report::FormatNumber(r.base, 2)));
    using Align = report::Table::Align;
    t.Column("rank", Align::kRight).Column("input").Column("group").Column("factors", Align::kRight);
    t.Column("GWh at low", Align::kRight).Column("GWh at high", Align::kRight).Column("swing GWh", Align::kRight);
    for (size_t i = 0; i < shown; ++i) {
      const analyze::SensitivityRow& row = r.rows[i];
      const analyze::Perturbation& p = row.perturbation;
      t.Row({std::to_string(i + 1), std::string(analyze::InputClassName(p.input)), p.label,
             fmt::format("{:g} / {:g}", p.low, p.high), report::FormatNumber(row.low_value, 2),
             report::FormatNumber(row.high_value, 2), report::FormatNumber(row.swing, 2)});
    }
    {
      text = t.RenderText();
      text += fmt::format(
          "\nRanges: stock days {}, qualification {}, capacity {}, transit {}, demand {}. {} groups, {} runs on "
          "{} threads in {:.1f} s.{}\n",
          Pct(r.ranges.stock_days), Pct(r.ranges.qualification), Pct(r.ranges.capacity), Pct(r.ranges.transit),
          Pct(r.ranges.demand), r.rows.size(), r.runs, r.threads, r.seconds,
          shown < r.rows.size() ? fmt::format(" Showing the top {} (--top 0 for all).", shown) : "");
    }
  }
  Emit(doc, f.format, text, f.out, f.table);
  return 0;
}

}  // namespace

void AddAnalyzeSensitivity(CLI::App& analyze, Runner& run) {
  auto f = std::make_shared<SensitivityFlags>();
  CLI::App* cmd = analyze.add_subcommand(
      "sensitivity",
      "Which inputs move a scenario's unserved GWh most: each group of stock days, qualification delays, "
      "capacities, transit times and demand scaled by its range and rerun, as a tornado");
  cmd->add_option("scenario", f->scenario, "Scenario file (default: the bundled graphite_ban)");
  cmd->add_option("--top", f->top, "Show only the N groups of largest swing (0 = all; default 15)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--inputs", f->inputs,
                  "Input classes to vary, comma separated: stock_days, qualification, capacity, transit, demand "
                  "(default: all)");
  cmd->add_option("--stock-range", f->stock, "Stock days scaled by 1 -+ this (default 0.5)")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--qualification-range", f->qualification, "Qualification delays scaled by 1 -+ this (default 0.5)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--capacity-range", f->capacity, "Capacities scaled by 1 -+ this (default 0.2)")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--transit-range", f->transit, "Transit times scaled by 1 -+ this (default 0.5)")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--demand-range", f->demand, "Demand scaled by 1 -+ this (default 0.1)")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--threads", f->threads, "Runs at once (0 = one per hardware thread); same output for any")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-progress", f->no_progress, "Never draw the progress bar (drawn on stderr only when it is a terminal)");
  cmd->add_option("--out", f->out, "Write the output to this file instead of standard output");
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->callback([&run, f] { run = [f] { return RunSensitivity(*f); }; });
}

}  // namespace chaintwin::cli
