#include "run_support.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "progress.hpp"

namespace chaintwin::cli {

std::string DefaultScenarioPath() {
  return (std::filesystem::path(io::DataDir()) / "battery" / "scenarios" / "graphite_ban.yaml")
      .string();
}

void PhaseTimer::Lap(const char* name) {
  auto now = std::chrono::steady_clock::now();
  laps_.emplace_back(name, std::chrono::duration<double>(now - last_).count());
  last_ = now;
}

std::string PhaseTimer::Text() const {
  std::string text = "timings:";
  double total = 0.0;
  for (const auto& [name, seconds] : laps_) {
    text += fmt::format(" {} {:.3f} s,", name, seconds);
    total += seconds;
  }
  return text + fmt::format(" total {:.3f} s\n", total);
}

LoadedRun LoadRun(const std::string& scenario_path, const std::string& network_override,
                  const std::string& protocol, PhaseTimer* timer) {
  std::string path = scenario_path.empty() ? DefaultScenarioPath() : scenario_path;
  LoadedRun run;
  if (!protocol.empty()) {
    run.protocol_override = model::ParseProtocol(protocol);
    if (!run.protocol_override) {
      throw InputError(util::Diagnostics{util::Diagnostic{
          "", 0, 0, "--protocol",
          fmt::format("unknown protocol '{}' (expected pro_rata, priority, contract_first, "
                      "alliance_first or plan)",
                      protocol)}});
    }
  }
  run.loaded = io::LoadScenario(path, network_override);
  if (timer) timer->Lap("load");
  run.compiled = model::Compile(run.loaded.network);
  run.resolved = model::Resolve(run.compiled, run.loaded.scenario);
  if (timer) timer->Lap("compile");
  const model::ProtocolConfig& cfg = run.loaded.scenario.protocol;
  if (run.protocol_override) {
    run.protocol_text = std::string(model::ProtocolName(*run.protocol_override));
  } else {
    run.protocol_text = std::string(model::ProtocolName(cfg.default_protocol));
    for (const auto& [country, p] : cfg.by_country) {
      run.protocol_text += fmt::format("; {} {}", country, model::ProtocolName(p));
    }
  }
  return run;
}

void KeepUntilExit(LoadedRun&& run) {
  static auto* kept = new std::vector<LoadedRun*>();
  kept->push_back(new LoadedRun(std::move(run)));
}

bool UsesPlan(const LoadedRun& run) {
  if (run.protocol_override) return *run.protocol_override == model::Protocol::kPlan;
  const auto& cfg = run.loaded.scenario.protocol;
  if (cfg.default_protocol == model::Protocol::kPlan) return true;
  for (const auto& [country, p] : cfg.by_country) {
    if (p == model::Protocol::kPlan) return true;
  }
  return false;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw Error(fmt::format("cannot write '{}'", path));
}

opt::PlanResult SolvePlan(const LoadedRun& run, const model::EventSchedule& schedule,
                          const model::PlanConfig& config, double time_limit_seconds,
                          bool progress) {
  opt::PlanRunOptions options;
  options.time_limit_seconds = time_limit_seconds;
  std::optional<SolverStatusLine> line;
  if (progress && StderrIsTerminal()) {
    line.emplace(time_limit_seconds);
    options.progress = [&line](const opt::PlanProgress& p) {
      line->Update(p.phase, p.iterations, p.seconds);
    };
  }
  opt::PlanResult r = opt::MakePlan(run.compiled, run.resolved, schedule, config, options);
  if (line) line->Done();
  return r;
}

}  // namespace chaintwin::cli
