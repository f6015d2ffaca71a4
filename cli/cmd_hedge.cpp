// `chaintwin hedge evaluate|optimize HEDGES... --scenario S...`: costed hedges judged by the
// engine over a set of scenarios, and the best portfolio under a budget (docs/HEDGING.md).
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "chaintwin/hedge/evaluate.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/report/hedge.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {
namespace {

struct HedgeFlags {
  std::vector<std::string> hedges;
  std::vector<std::string> scenarios;
  std::string network;
  uint64_t runs = 200;
  std::optional<uint64_t> seed;
  unsigned threads = 0;
  std::string combos;
  double budget = -1.0;
  double tolerance = 0.05;
  Format format = Format::kTable;
  std::string table;
  std::string out;
  bool no_progress = false;
};

std::string BundledHedgeDir() {
  return (std::filesystem::path(io::DataDir()) / "battery" / "hedges").string();
}

// Pairs of every two hedges, or the combinations a file names: one per line, hedge ids joined
// by '+' (or spaces); '#' starts a comment.
std::vector<hedge::Candidate> Combos(const std::string& spec, const std::vector<hedge::Hedge>& hedges) {
  std::vector<hedge::Candidate> out;
  if (spec.empty()) return out;
  if (spec == "pairs") {
    for (size_t a = 0; a < hedges.size(); ++a) {
      for (size_t b = a + 1; b < hedges.size(); ++b) out.push_back({{a, b}});
    }
    return out;
  }
  const std::string text = ReadSideFile(spec, "--combos", 1u << 20);
  std::istringstream in(text);
  std::string line;
  util::Diagnostics problems;
  for (int number = 1; std::getline(in, line); ++number) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::replace(line.begin(), line.end(), '+', ' ');
    std::istringstream words(line);
    std::string word;
    std::set<size_t> chosen;
    bool unknown = false;
    while (words >> word) {
      auto it = std::find_if(hedges.begin(), hedges.end(), [&](const auto& h) { return h.id == word; });
      if (it == hedges.end()) {
        std::vector<std::string> ids;
        for (const auto& h : hedges) ids.push_back(h.id);
        auto near = Nearest(word, ids);
        problems.push_back({spec, number, 0, "--combos",
                            fmt::format("unknown hedge `{}`{}", word,
                                        near.empty() ? "" : fmt::format(" (did you mean {}?)", fmt::join(near, ", ")))});
        unknown = true;
        continue;
      }
      chosen.insert(static_cast<size_t>(it - hedges.begin()));
    }
    if (chosen.size() == 1 && !unknown) {
      problems.push_back({spec, number, 0, "--combos", "a combination needs at least two hedges"});
    } else if (chosen.size() > 1) {
      out.push_back({{chosen.begin(), chosen.end()}});
    }
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  if (out.empty()) throw InputError(spec, "--combos: the file names no combination");
  return out;
}

struct Loaded {
  std::vector<hedge::ScenarioCase> cases;
  std::vector<hedge::Hedge> hedges;
  report::HedgeRunInfo info;
  hedge::EvaluateOptions options;
  std::vector<hedge::Candidate> candidates;
  std::shared_ptr<ProgressBar> bar;
};

Loaded Load(const HedgeFlags& f, const std::string& default_combos) {
  Loaded l;
  std::vector<std::string> names = f.scenarios;
  if (names.empty()) names.push_back("graphite_ban");
  util::Diagnostics problems;
  for (const std::string& name : names) {
    try {
      io::LoadedScenario s = io::LoadScenario(ScenarioPathOf(name), f.network);
      bool plan = s.scenario.protocol.default_protocol == model::Protocol::kPlan;
      for (const auto& [country, protocol] : s.scenario.protocol.by_country) {
        plan = plan || protocol == model::Protocol::kPlan;
      }
      if (plan) {
        problems.push_back({s.scenario.file, 0, 0, "protocol",
                            "hedges are judged with the simulator's protocols; the plan protocol "
                            "needs an allocation plan per hedge, which hedge evaluate does not make"});
        continue;
      }
      l.cases.push_back({std::move(s.network), std::move(s.scenario)});
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  std::vector<std::string> paths = f.hedges;
  if (paths.empty()) paths.push_back(BundledHedgeDir());
  // Each hedge is checked against every distinct network it will be applied to.
  std::set<std::string> checked;
  for (const auto& c : l.cases) {
    if (!checked.insert(c.scenario.network_file).second) continue;
    auto hedges = hedge::LoadHedges(paths, c.network);
    if (l.hedges.empty()) l.hedges = std::move(hedges);
  }
  for (const auto& h : l.hedges) l.info.costs.push_back(hedge::AnnualCost(h));
  for (size_t h = 0; h < l.hedges.size(); ++h) l.candidates.push_back({{h}});
  for (auto& c : Combos(f.combos.empty() ? default_combos : f.combos, l.hedges)) l.candidates.push_back(c);
  l.options.runs = f.runs;
  l.options.seed = f.seed;
  l.options.threads = f.threads;
  l.info.runs_requested = f.runs;
  l.info.threads = f.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : f.threads;
  if (!f.no_progress && StderrIsTerminal() && f.format != Format::kSchema) {
    l.bar = std::make_shared<ProgressBar>("simulations");
    auto bar = l.bar;
    l.options.progress = [bar](uint64_t done, uint64_t total) { bar->Update(done, total); };
  }
  return l;
}

int RunEvaluate(const HedgeFlags& f) {
  Loaded l = Load(f, "");
  hedge::Evaluation ev = hedge::Evaluate(l.cases, l.hedges, l.candidates, l.options);
  report::Document doc = report::HedgeEvaluateDocument(l.hedges, ev, l.info);
  Emit(doc, f.format, f.format == Format::kTable ? report::HedgeEvaluateText(l.hedges, ev, l.info) : "",
       f.out, f.table);
  return 0;
}

int RunOptimize(const HedgeFlags& f) {
  if (!(f.budget >= 0.0)) {
    throw InputError(util::Diagnostics{{"", 0, 0, "--budget", "expected a budget of 0 USD/yr or more"}});
  }
  Loaded l = Load(f, "pairs");
  hedge::Evaluation ev = hedge::Evaluate(l.cases, l.hedges, l.candidates, l.options);
  std::vector<double> costs;
  for (const auto& parts : l.info.costs) costs.push_back(hedge::TotalCost(parts));
  hedge::Portfolio p = hedge::Optimize(l.cases, l.hedges, costs, ev, f.budget, f.tolerance, l.options);
  report::Document doc = report::HedgeOptimizeDocument(l.hedges, ev, p, l.info);
  Emit(doc, f.format, f.format == Format::kTable ? report::HedgeOptimizeText(l.hedges, ev, p, l.info) : "",
       f.out, f.table);
  return 0;
}

void CommonOptions(CLI::App& cmd, HedgeFlags& f) {
  cmd.add_option("hedges", f.hedges,
                 "Hedge files or folders of them (default: the bundled data/battery/hedges)");
  cmd.add_option("--scenario,-s", f.scenarios,
                 "Scenario names or files, repeated or comma-separated (default: graphite_ban)")
      ->delimiter(',');
  cmd.add_option("--network", f.network, "Network file to use instead of each scenario's");
  cmd.add_option("--runs", f.runs,
                 "Monte Carlo runs per scenario with uncertain events, 1 to 100,000 (default 200)")
      ->check(CLI::Range(1, 100000));
  cmd.add_option("--seed", f.seed, "Seed of the draws (default: each scenario's)")->check(kSeed);
  cmd.add_option("--threads", f.threads, "Threads (default 0: one per hardware thread); results do not depend on it")
      ->check(CLI::Range(0, 1024));
  AddFormatOption(cmd, f.format, &f.table);
  cmd.add_option("--out", f.out, "Write the output to FILE instead of standard output");
  cmd.add_flag("--no-progress", f.no_progress, "Never draw the progress bar");
}

}  // namespace

void AddHedge(CLI::App& app, Runner& run) {
  CLI::App* cmd = app.add_subcommand(
      "hedge", "Costed hedges (stockpiles, offtakes, localized plants, recycling, chemistry shifts) judged by simulation");
  cmd->require_subcommand(1);
  auto e = std::make_shared<HedgeFlags>();
  CLI::App* eval = cmd->add_subcommand(
      "evaluate",
      "Each hedge alone and chosen combinations over scenarios: unserved GWh and lost output "
      "avoided, days of survival gained, cost, GWh per million USD");
  CommonOptions(*eval, *e);
  eval->add_option("--combos", e->combos,
                   "Combinations to evaluate besides the singles: 'pairs' (every two) or a FILE "
                   "(one per line, ids joined by '+')");
  eval->callback([e, &run] { run = [e] { return RunEvaluate(*e); }; });

  auto o = std::make_shared<HedgeFlags>();
  CLI::App* optimize = cmd->add_subcommand(
      "optimize",
      "The portfolio that avoids the most loss under a budget (a mixed-integer program on the "
      "evaluated effects and their interactions), re-simulated to confirm");
  CommonOptions(*optimize, *o);
  optimize->add_option("--budget", o->budget, "Budget, US dollars a year (annualised cost)")->required();
  optimize->add_option("--combos", o->combos,
                       "Combinations evaluated for interactions: 'pairs' (default) or a FILE");
  optimize->add_option("--tolerance", o->tolerance,
                       "GWh by which a pair must differ from the sum of its singles to count as "
                       "an interaction (default 0.05)")
      ->check(CLI::Range(0.0, 1e9));
  optimize->callback([o, &run] { run = [o] { return RunOptimize(*o); }; });
}

}  // namespace chaintwin::cli
