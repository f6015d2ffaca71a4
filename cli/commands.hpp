// Each verb lives in cmd_<verb>.cpp and registers itself on the app: it adds its subcommand
// and options, and sets `run` to what executes it. main.cpp parses, calls `run`, and maps the
// library's exceptions to exit codes (0 ok, 1 found what it was asked to flag, 2 bad input).
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace chaintwin::cli {

using Runner = std::function<int()>;

void AddValidate(CLI::App& app, Runner& run);
void AddSimulate(CLI::App& app, Runner& run);
void AddCompare(CLI::App& app, Runner& run);
void AddGenerate(CLI::App& app, Runner& run);
void AddData(CLI::App& app, Runner& run);
void AddPlan(CLI::App& app, Runner& run);
void AddAnalyze(CLI::App& app, Runner& run);
// `analyze tts`, registered by AddAnalyze on its subcommand (cmd_analyze_tts.cpp).
void AddAnalyzeTts(CLI::App& analyze, Runner& run);
// `analyze sensitivity`, registered the same way (cmd_analyze_sensitivity.cpp).
void AddAnalyzeSensitivity(CLI::App& analyze, Runner& run);
void AddMonteCarlo(CLI::App& app, Runner& run);
void AddServe(CLI::App& app, Runner& run);
// The live twin: cmd_ingest.cpp, cmd_state.cpp.
void AddIngest(CLI::App& app, Runner& run);
void AddState(CLI::App& app, Runner& run);
void AddDaysOfSupply(CLI::App& app, Runner& run);

// --format table|json|csv, shared by the verbs that print results.
enum class Format { kTable, kJson, kCsv };
void AddFormatOption(CLI::App& cmd, Format& format);

// True when standard error is a terminal (progress bars are shown only then).
bool StderrIsTerminal();

}  // namespace chaintwin::cli
