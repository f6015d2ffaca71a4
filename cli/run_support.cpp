#include "run_support.hpp"

#include <filesystem>

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "chaintwin/util/edit_distance.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "progress.hpp"

namespace chaintwin::cli {

std::string DefaultScenarioPath() {
  return (std::filesystem::path(io::DataDir()) / "battery" / "scenarios" / "graphite_ban.yaml")
      .string();
}

std::string BundledScenarioDir() {
  return (std::filesystem::path(io::DataDir()) / "battery" / "scenarios").string();
}

std::vector<std::string> Nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::vector<std::pair<size_t, std::string>> scored;
  const size_t limit = std::max<size_t>(2, word.size() / 3);
  for (const auto& c : candidates) {
    size_t d = util::EditDistance(word, c);
    bool prefix = word.size() >= 3 && c.rfind(word, 0) == 0;
    if (d <= limit || prefix) scored.emplace_back(prefix ? 0 : d, c);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

std::string ScenarioPathOf(const std::string& argument) {
  namespace fs = std::filesystem;
  if (argument.empty()) return DefaultScenarioPath();
  std::error_code ec;
  if (fs::exists(argument, ec)) return argument;
  const bool bare = argument.find('/') == std::string::npos && fs::path(argument).extension().empty();
  if (!bare) return argument;  // the loader names the missing file
  const fs::path bundled = fs::path(BundledScenarioDir()) / (argument + ".yaml");
  if (fs::exists(bundled, ec)) return bundled.string();
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(BundledScenarioDir(), ec)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  auto near = Nearest(argument, names);
  throw NotFound(fmt::format("'{}' is neither a file nor a bundled scenario{}; 'chaintwin "
                             "scenarios' lists them",
                             argument,
                             near.empty() ? "" : fmt::format(" (did you mean {}?)",
                                                             fmt::join(near, ", "))));
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
  std::string path = ScenarioPathOf(scenario_path);
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
