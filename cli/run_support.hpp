// What the verbs that run scenarios share: loading a scenario (or the bundled default) with an
// optional network override, compiling and resolving it, and the protocol the user asked for.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/opt/plan.hpp"

namespace chaintwin::cli {

// Wall-clock seconds per phase of a command, printed by `--timings` (to stderr).
class PhaseTimer {
 public:
  PhaseTimer() : last_(std::chrono::steady_clock::now()) {}
  // Closes the phase running since the last call (or construction) under `name`.
  void Lap(const char* name);
  // One line: "timings: load 1.02 s, compile 0.25 s, ..., total 3.1 s".
  std::string Text() const;

 private:
  std::chrono::steady_clock::time_point last_;
  std::vector<std::pair<const char*, double>> laps_;
};

struct LoadedRun {
  io::LoadedScenario loaded;
  model::CompiledNetwork compiled;
  model::ResolvedScenario resolved;
  std::optional<model::Protocol> protocol_override;
  std::string protocol_text;  // what runs, for the report header
};

// The bundled default scenario (graphite export ban on the battery dataset).
std::string DefaultScenarioPath();
// The bundled scenarios folder (data/battery/scenarios).
std::string BundledScenarioDir();

// What a SCENARIO argument names: the bundled default when empty; the file when it exists;
// for a bare name ("graphite_ban", no folder, no extension) the bundled scenario of that name.
// A bare name that matches none throws NotFound with the nearest bundled names.
std::string ScenarioPathOf(const std::string& argument);

// The candidates within a small edit distance of `word`, nearest first (at most three).
std::vector<std::string> Nearest(const std::string& word, const std::vector<std::string>& candidates);

// Loads `scenario_path` (the default when empty) with `network_override` and checks
// `protocol` (empty = the scenario's); throws InputError on bad input.
// `timer`, when given, gets the laps "load" (read and validate) and "compile".
LoadedRun LoadRun(const std::string& scenario_path, const std::string& network_override,
                  const std::string& protocol, PhaseTimer* timer = nullptr);

// Hands `run` over to be freed by the operating system at exit, not by destructors: the
// process ends right after a command, and freeing the ~1.5 M small strings of a 100,000-site
// network one by one takes a few tenths of a second for nothing. The memory stays reachable,
// so LeakSanitizer does not report it.
void KeepUntilExit(LoadedRun&& run);

// True when any supplier follows the allocation plan in this run.
bool UsesPlan(const LoadedRun& run);

// Exit code of `plan` and `simulate --protocol plan` when --time-limit stopped the LP before
// it found the optimum (docs/CLI.md).
inline constexpr int kExitTimeLimit = 4;

// Makes the allocation plan with a time limit (<= 0: none) and, when `progress` is true and
// stderr is a terminal, a status line on stderr while the LP solves.
opt::PlanResult SolvePlan(const LoadedRun& run, const model::EventSchedule& schedule,
                          const model::PlanConfig& config, double time_limit_seconds,
                          bool progress);

}  // namespace chaintwin::cli
