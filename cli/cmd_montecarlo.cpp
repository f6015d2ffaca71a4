// `chaintwin montecarlo [SCENARIO] --runs N`: many runs with the scenario's uncertain event
// durations and severities drawn per run; the distribution of lost GWh, the probability of
// shortage per site and material, and the events that contribute most.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "chaintwin/analyze/montecarlo.hpp"
#include "chaintwin/report/analysis.hpp"
#include "chaintwin/report/table.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "output.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {
namespace {

using report::FormatNumber;
using report::Table;
using Align = report::Table::Align;

struct MonteCarloFlags {
  std::string scenario;
  std::string network;
  uint64_t runs = 1000;
  std::optional<uint64_t> seed;
  unsigned threads = 0;
  double level = 0.95;
  int days = 0;
  std::string protocol;
  Format format = Format::kTable;
  std::string table;
  std::string out;
  int top = 20;
  bool no_progress = false;
};

// The runs' lost GWh as a text histogram: 12 equal bins from the smallest to the largest
// value, a bar of '#' per bin scaled to the fullest, and the bin holding the value at risk
// marked, so the shape (a spike at zero, a long tail) shows before the figures are read.
std::string Histogram(const std::vector<double>& values, double value_at_risk, int pct) {
  if (values.empty()) return "";
  auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
  const double lo = *lo_it, hi = *hi_it;
  std::string out = fmt::format("Distribution of lost GWh over {} runs\n", values.size());
  if (hi - lo <= 1e-9 * std::max(1.0, std::abs(hi))) {
    return out + fmt::format("  every run: {:.2f} GWh\n", lo);
  }
  constexpr int kBins = 12, kWidth = 40;
  const double width = (hi - lo) / kBins;
  auto bin_of = [&](double v) { return std::min(kBins - 1, static_cast<int>((v - lo) / width)); };
  std::vector<size_t> count(kBins, 0);
  for (double v : values) ++count[static_cast<size_t>(bin_of(v))];
  const size_t most = *std::max_element(count.begin(), count.end());
  const int var_bin = bin_of(value_at_risk);
  for (int b = 0; b < kBins; ++b) {
    const size_t n = count[static_cast<size_t>(b)];
    const int bar = static_cast<int>(std::lround(static_cast<double>(n) * kWidth /
                                                  static_cast<double>(most)));
    std::string hashes(static_cast<size_t>(bar == 0 && n > 0 ? 1 : bar), '#');
    if (b == var_bin) {
      hashes = fmt::format("{:<{}}  <- value at risk ({} %)", hashes, kWidth, pct);
    }
    out += fmt::format("  {:>9.2f} - {:>9.2f}  {:>6}  {}\n", lo + b * width,
                       b + 1 == kBins ? hi : lo + (b + 1) * width, n, hashes);
  }
  return out;
}

std::string Num(double v, int decimals, bool csv) {
  return csv ? fmt::format("{:.10g}", v) : FormatNumber(v, decimals);
}

std::string ToTables(const model::CompiledNetwork& net, const analyze::MonteCarloResults& r,
                     int top) {
  const bool csv = false;
  const auto& s = r.lost;
  const int pct = static_cast<int>(r.level * 100.0 + 0.5);
  Table summary(fmt::format("Monte Carlo: {}, {} runs of {} days, seed {}, {} thread{} ({:.1f} s)",
                            r.scenario_id, r.runs, r.days, r.seed, r.threads,
                            r.threads == 1 ? "" : "s", r.seconds));
  summary.Column("lost GWh").Column("value", Align::kRight);
  auto row = [&](const std::string& name, double v, int d = 2) {
    summary.Row({name, Num(v, d, csv)});
  };
  row("mean", s.mean);
  row("std dev", s.stddev);
  row("min", s.min);
  row("p5", s.p5);
  row("p50", s.p50);
  row("p95", s.p95);
  row("p99", s.p99);
  row("max", s.max);
  row(fmt::format("value at risk ({} %)", pct), s.value_at_risk);
  row(fmt::format("expected shortfall ({} %)", pct), s.expected_shortfall);
  row("mean demand GWh", r.mean_demand_gwh);
  row("P(any loss)", r.probability_any_loss, 3);

  Table risk(fmt::format("Probability of shortage by site and material{}",
                         top > 0 && static_cast<int>(r.shortage_risk.size()) > top
                             ? fmt::format(" (first {} of {})", top, r.shortage_risk.size())
                             : ""));
  risk.Column("site")
      .Column("country")
      .Column("material")
      .Column("P(short)", Align::kRight)
      .Column("runs", Align::kRight)
      .Column("mean first day", Align::kRight);
  for (size_t i = 0; i < r.shortage_risk.size() && (top <= 0 || static_cast<int>(i) < top); ++i) {
    const auto& x = r.shortage_risk[i];
    risk.Row({net.site_key[x.site.value], net.country_key[net.site_country[x.site.value].value],
              net.material_key[x.material.value], Num(x.probability, 3, csv),
              std::to_string(x.runs_short), Num(x.mean_first_day, 1, csv)});
  }
  Table events(
      "Events that contribute most (Spearman rank correlation of the draw with lost "
      "GWh)");
  events.Column("event")
      .Column("draw")
      .Column("mean draw", Align::kRight)
      .Column("rank corr.", Align::kRight)
      .Column("lost GWh above median", Align::kRight)
      .Column("at or below", Align::kRight);
  for (const auto& c : r.contributions) {
    events.Row({c.event, c.quantity, Num(c.mean_draw, 2, csv), Num(c.rank_correlation, 3, csv),
                Num(c.lost_gwh_above_median, 2, csv), Num(c.lost_gwh_below_median, 2, csv)});
  }
  std::string text = summary.RenderText() + "\n" + Histogram(r.lost_gwh, r.lost.value_at_risk, pct) +
                     "\n" + risk.RenderText();
  if (r.nothing_uncertain) {
    text = fmt::format(
               "Nothing in scenario {} is uncertain (every event's duration and severity is "
               "fixed): all {} runs asked would be the same, so one was made. Give an event a "
               "distribution (docs/FORMATS.md) for a spread.\n\n",
               r.scenario_id, r.runs_requested) +
           text;
  } else {
    text += "\n" + events.RenderText();
  }
  return text;
}

int RunMonteCarloVerb(const MonteCarloFlags& f) {
  LoadedRun run = LoadRun(f.scenario, f.network, f.protocol);
  if (UsesPlan(run)) {
    throw InputError(util::Diagnostics{util::Diagnostic{
        "", 0, 0, "--protocol",
        "montecarlo does not run the plan protocol yet: pass --protocol with another one"}});
  }
  analyze::MonteCarloOptions options;
  options.runs = f.runs;
  options.seed = f.seed ? *f.seed : run.loaded.scenario.seed;
  options.threads = f.threads;
  options.level = f.level;
  options.run.days = f.days;
  options.run.protocol = run.protocol_override;
  auto bar = std::make_shared<ProgressBar>("runs");
  if (!f.no_progress && StderrIsTerminal()) {
    options.progress = [bar](uint64_t done, uint64_t total) { bar->Update(done, total); };
  }
  analyze::MonteCarloResults results = analyze::RunMonteCarlo(run.compiled, run.resolved, options);
  if (results.nothing_uncertain && f.format != Format::kTable) {
    std::cerr << fmt::format("note: nothing in scenario {} is uncertain: one run made, not {}\n",
                             results.scenario_id, results.runs_requested);
  }
  report::Document doc = report::MonteCarloDocument(run.compiled, results, run.protocol_text,
                                                    run.resolved.start_date);
  Emit(doc, f.format, f.format == Format::kTable ? ToTables(run.compiled, results, f.top) : "",
       f.out, f.table.empty() ? "per_run" : f.table);
  return 0;
}

}  // namespace

void AddMonteCarlo(CLI::App& app, Runner& run) {
  auto f = std::make_shared<MonteCarloFlags>();
  CLI::App* cmd = app.add_subcommand(
      "montecarlo",
      "Run a scenario many times with its uncertain durations and severities drawn per run: "
      "distribution of lost GWh, value at risk, probability of shortage per site");
  cmd->add_option("scenario", f->scenario,
                  "Scenario file (default: the bundled graphite export-ban scenario)");
  cmd->add_option("--network", f->network, "Network file to use instead of the scenario's");
  cmd->add_option("--runs", f->runs, "Number of runs, 1 to 1,000,000 (default 1000)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--seed", f->seed, "Seed of the draws (default: the scenario's seed)")
      ->check(kSeed);
  cmd->add_option("--threads", f->threads,
                  "Threads (default 0: one per hardware thread); results do not depend on it");
  cmd->add_option("--level", f->level, "Level of value at risk and expected shortfall (0.95)")
      ->check(CLI::Range(0.5, 0.9999));
  cmd->add_option("--days", f->days, "Days to run instead of the scenario's horizon, 1 to 36500")
      ->check(CLI::Range(1, 36500));
  cmd->add_option("--protocol", f->protocol, "Allocation protocol for every supplier");
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->add_option("--out", f->out, "Write the output to FILE instead of standard output");
  cmd->add_option("--top", f->top, "Rows of the shortage table (0 = all; default 20)")
      ->check(CLI::Range(0, 1000000000));
  cmd->add_flag("--no-progress", f->no_progress, "Never draw the progress bar");
  cmd->callback([&run, f] { run = [f] { return RunMonteCarloVerb(*f); }; });
}

}  // namespace chaintwin::cli
