// `chaintwin plan [SCENARIO]`: the allocation plan (opt/plan.hpp). Prints the output it
// achieves, what limits it (binding constraints with shadow prices, as sentences) and who
// ships what to whom in each period. `simulate --protocol plan` executes the same plan.
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chaintwin/opt/plan.hpp"
#include "chaintwin/report/analysis.hpp"
#include "chaintwin/report/table.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {
namespace {

struct PlanFlags {
  std::string scenario;
  std::string network;
  std::string period;
  std::string weights_file;
  std::vector<std::string> weights;
  Format format = Format::kTable;
  std::string table;
  std::string out;
  int top = 10;
  double time_limit = 0.0;
  bool no_progress = false;
};

int32_t ParsePeriod(const std::string& text) {
  util::Result<model::Quantity> q = model::ParseQuantity(text, false);
  if (!q.has_value()) BadFlag("--period", q.error().message);
  double days = q.value().value;
  bool is_time = q.value().numerator == model::Dimension::kTime ||
                 q.value().numerator == model::Dimension::kFraction;
  if (!is_time || q.value().denominator != model::Dimension::kFraction || days < 1 ||
      days > 3650 || std::fabs(days - std::round(days)) > 1e-9) {
    BadFlag("--period", fmt::format("'{}' is not a whole number of days between 1 d and 3650 d "
                                "(e.g. 7d or 1d)",
                                text));
  }
  return static_cast<int32_t>(std::lround(days));
}

// KEY=WEIGHT where KEY is a material or a site of the network.
void AddWeight(const model::CompiledNetwork& net, const std::string& key, double w,
               const std::string& where, model::PlanConfig& config) {
  if (!std::isfinite(w) || w < 0) BadFlag(where, fmt::format("weight of '{}' must be >= 0", key));
  if (net.FindMaterial(key).valid()) {
    config.material_weights[key] = w;
  } else if (net.FindSite(key).valid()) {
    config.site_weights[key] = w;
  } else {
    BadFlag(where, fmt::format("'{}' is neither a material nor a site of the network", key));
  }
}

double ParseWeight(const std::string& text, const std::string& where) {
  try {
    size_t used = 0;
    double w = std::stod(text, &used);
    if (used == text.size()) return w;
  } catch (const std::exception&) {
  }
  BadFlag(where, fmt::format("'{}' is not a number", text));
}

std::string Trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r\"'");
  size_t b = s.find_last_not_of(" \t\r\"'");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// A weights file: JSON ({"cells": 2, "jp_ev": 3} or {"materials": {...}, "sites": {...}}) or
// lines "KEY: WEIGHT" / "KEY = WEIGHT" ('#' starts a comment).
void LoadWeights(const model::CompiledNetwork& net, const std::string& path,
                 model::PlanConfig& config) {
  std::string text = ReadSideFile(path, "--weights");
  if (Trim(text).rfind('{', 0) == 0) {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      throw InputError(path, fmt::format("not valid JSON: {}", e.what()));
    }
    if (!j.is_object()) throw InputError(path, "expected a JSON object {\"KEY\": WEIGHT, ...}");
    auto take = [&](const nlohmann::json& obj) {
      for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (it.value().is_object()) continue;
        if (!it.value().is_number()) BadFlag(path, fmt::format("weight of '{}' is not a number", it.key()));
        AddWeight(net, it.key(), it.value().get<double>(), path, config);
      }
    };
    take(j);
    if (j.contains("materials") && j["materials"].is_object()) take(j["materials"]);
    if (j.contains("sites") && j["sites"].is_object()) take(j["sites"]);
    return;
  }
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    line = line.substr(0, line.find('#'));
    if (Trim(line).empty()) continue;
    size_t sep = line.find_first_of(":=");
    std::string where = fmt::format("{}:{}", path, number);
    if (sep == std::string::npos) BadFlag(where, "expected KEY: WEIGHT");
    std::string key = Trim(line.substr(0, sep));
    if (key == "materials" || key == "sites") continue;  // section headers of a YAML map
    AddWeight(net, key, ParseWeight(Trim(line.substr(sep + 1)), where), where, config);
  }
}

std::string SiteOf(const model::CompiledNetwork& net, SlotId slot) {
  return net.site_key[net.slot_site[slot.value].value];
}

// The plan as rows: one per lane or process and period with a nonzero quantity.
report::Table PlanRows(const model::CompiledNetwork& net, const opt::PlanResult& r) {
  using A = report::Table::Align;
  report::Table t("Plan: quantities per period (canonical units)");
  t.Column("kind").Column("id").Column("from").Column("to").Column("material")
      .Column("period", A::kRight).Column("first_day", A::kRight).Column("quantity", A::kRight);
  const model::AllocationPlan& plan = r.plan;
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    for (int32_t p = 0; p < plan.periods; ++p) {
      double q = plan.LaneFlow(l, p);
      if (q <= 0) continue;
      t.Row({"lane", net.lane_key[l], SiteOf(net, net.lane_from[l]), SiteOf(net, net.lane_to[l]),
             net.material_key[net.slot_material[net.lane_from[l].value].value],
             std::to_string(p + 1), std::to_string(p * plan.period_days), fmt::format("{:.6g}", q)});
    }
  }
  for (uint32_t proc = 0; proc < net.num_processes(); ++proc) {
    for (int32_t p = 0; p < plan.periods; ++p) {
      double q = plan.process_output[static_cast<size_t>(proc) * static_cast<size_t>(plan.periods) +
                                     static_cast<size_t>(p)];
      if (q <= 0) continue;
      t.Row({"process", net.process_key[proc], net.site_key[net.process_site[proc].value], "",
             net.material_key[net.slot_material[net.process_output[proc].value].value],
             std::to_string(p + 1), std::to_string(p * plan.period_days), fmt::format("{:.6g}", q)});
    }
  }
  return t;
}

std::string RenderText(const LoadedRun& run, const opt::PlanResult& r, int top) {
  using A = report::Table::Align;
  const model::CompiledNetwork& net = run.compiled;
  std::string out = fmt::format(
      "Allocation plan for {}: {} periods of {} d over {} d ({}; LP {} rows x {} columns, {} "
      "nonzeros, {} iterations, {:.2f} s)\n",
      run.loaded.scenario.id, r.plan.periods, r.plan.period_days, r.horizon_days,
      opt::LpStatusName(r.status), r.rows, r.columns, r.nonzeros, r.iterations, r.seconds);
  if (r.time_limit_hit) {
    out += "Time limit reached while breaking ties (phase 2): the plan is phase 1's optimum, with "
           "the same weighted output; it may move more than it needs and serve later than it "
           "could\n";
  }
  out += fmt::format("Weighted output {} of {} possible ({:.1f} %); served {} of {} GWh demanded\n\n",
                     report::FormatNumber(r.weighted_output), report::FormatNumber(r.weighted_demand),
                     r.weighted_demand > 0 ? 100.0 * r.weighted_output / r.weighted_demand : 100.0,
                     report::FormatNumber(r.served_gwh), report::FormatNumber(r.demand_gwh));
  report::Table served("End-use demand served by the plan");
  served.Column("site").Column("material").Column("weight", A::kRight).Column("demand", A::kRight)
      .Column("served", A::kRight).Column("served %", A::kRight).Column("served GWh", A::kRight);
  for (const opt::ServedLine& s : r.served) {
    served.Row({net.site_key[s.site.value], net.material_key[s.material.value],
                fmt::format("{:.4g}", s.weight), report::FormatNumber(s.demand),
                report::FormatNumber(s.served),
                report::FormatNumber(s.demand > 0 ? 100.0 * s.served / s.demand : 100.0),
                report::FormatNumber(s.served_gwh)});
  }
  out += served.RenderText() + "\n";
  report::Table binding(fmt::format("What limits the output (top {} of {})",
                                    std::min<size_t>(static_cast<size_t>(top), r.binding.size()),
                                    r.binding.size()));
  binding.Column("kind").Column("site").Column("material").Column("value", A::kRight)
      .Column("in words");
  for (size_t i = 0; i < r.binding.size() && i < static_cast<size_t>(top); ++i) {
    const opt::BindingConstraint& b = r.binding[i];
    binding.Row({std::string(opt::BindingKindName(b.kind)), net.site_key[b.site.value],
                 net.material_key[b.material.value], fmt::format("{:.4g}", b.value_per_unit_per_day),
                 b.sentence});
  }
  if (r.binding.empty()) {
    out += "What limits the output: nothing binds (no constraint has a positive shadow price: "
           "all weighted demand is served within the capacities given, with the foresight and "
           "the simplifications listed below)\n\n";
  } else {
    out += binding.RenderText() + "\n";
  }
  out += "What the plan does not model:\n";
  for (const std::string& limit : r.limits) out += "  - " + limit + "\n";
  out += "\n";
  out += PlanRows(net, r).RenderText();
  return out;
}

int RunPlan(const PlanFlags& f) {
  LoadedRun run = LoadRun(f.scenario, f.network, "");
  model::PlanConfig config = run.loaded.scenario.plan;
  if (!f.period.empty()) config.period_days = ParsePeriod(f.period);
  if (!f.weights_file.empty()) LoadWeights(run.compiled, f.weights_file, config);
  for (const std::string& item : f.weights) {
    size_t eq = item.find('=');
    if (eq == std::string::npos) BadFlag("--weight", fmt::format("'{}' is not KEY=WEIGHT", item));
    AddWeight(run.compiled, Trim(item.substr(0, eq)), ParseWeight(Trim(item.substr(eq + 1)), "--weight"),
              "--weight", config);
  }
  model::EventSchedule schedule = model::NominalSchedule(run.resolved);
  opt::PlanResult r = SolvePlan(run, schedule, config, f.time_limit, !f.no_progress);
  if (r.status == opt::LpStatus::kStopped && r.time_limit_hit) {
    std::cerr << fmt::format(
        "chaintwin plan: stopped by --time-limit {} s after {} iterations, before the optimum: "
        "no plan (LP {} rows x {} columns, {} nonzeros)\n",
        f.time_limit, r.iterations, r.rows, r.columns, r.nonzeros);
    return kExitTimeLimit;
  }
  if (r.status != opt::LpStatus::kOptimal) {
    throw SolverError(fmt::format("the allocation LP ended {}", opt::LpStatusName(r.status)));
  }
  report::Document doc =
      report::PlanDocument(run.compiled, run.loaded.scenario.id, r, run.resolved.start_date);
  Emit(doc, f.format, f.format == Format::kTable ? RenderText(run, r, f.top) : "", f.out, f.table);
  return 0;
}

}  // namespace

void AddPlan(CLI::App& app, Runner& run) {
  auto f = std::make_shared<PlanFlags>();
  CLI::App* cmd = app.add_subcommand(
      "plan",
      "Make the allocation plan: production and lane flows per period that maximize "
      "priority-weighted end-use output, and what limits it");
  cmd->add_option("scenario", f->scenario, "Scenario file (default: the bundled graphite ban)");
  cmd->add_option("--network", f->network, "Run on this network instead of the scenario's");
  cmd->add_option("--period", f->period, "Period length, whole days: 7d (default) or 1d, ...");
  cmd->add_option("--weights", f->weights_file,
                  "Weights file: lines KEY: WEIGHT (KEY a material or site), or JSON");
  cmd->add_option("--weight", f->weights, "KEY=WEIGHT for a material or a site (repeatable)");
  cmd->add_option("--top", f->top, "Binding constraints shown in the table (default 10)")
      ->check(CLI::Range(0, 1000000000));
  cmd->add_option("--out", f->out, "Write the output to this file instead of standard output");
  cmd->add_option("--time-limit", f->time_limit,
                  "Stop the LP after this many seconds (exit code 4 when no plan was found)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--no-progress", f->no_progress, "Never draw the solver's progress line");
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->callback([&run, f] { run = [f] { return RunPlan(*f); }; });
}

}  // namespace chaintwin::cli
