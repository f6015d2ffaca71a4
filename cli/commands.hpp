// Each verb lives in cmd_<verb>.cpp and registers itself on the app: it adds its subcommand
// and options, and sets `run` to what executes it. main.cpp parses, calls `run`, and maps the
// library's exceptions to exit codes (0 ok, 1 found what it was asked to flag, 2 bad input).
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "chaintwin/util/diagnostic.hpp"

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
// `analyze footprint` and `analyze compliance` (cmd_analyze_footprint.cpp).
void AddAnalyzeFootprint(CLI::App& analyze, Runner& run);
// `passport` (cmd_analyze_footprint.cpp).
void AddPassport(CLI::App& app, Runner& run);
void AddMonteCarlo(CLI::App& app, Runner& run);
void AddScenarios(CLI::App& app, Runner& run);
// The live twin: cmd_ingest.cpp, cmd_state.cpp.
void AddIngest(CLI::App& app, Runner& run);
void AddState(CLI::App& app, Runner& run);
void AddDaysOfSupply(CLI::App& app, Runner& run);
void AddAlerts(CLI::App& app, Runner& run);  // cmd_state.cpp
void AddFeeds(CLI::App& app, Runner& run);   // cmd_state.cpp
void AddServe(CLI::App& app, Runner& run);
// Costed hedges: cmd_hedge.cpp.
void AddHedge(CLI::App& app, Runner& run);
void AddReport(CLI::App& app, Runner& run);  // cmd_report.cpp

// --format table|json|csv, shared by the verbs that print results. `schema` (not advertised)
// prints the JSON Schema of the verb's JSON (scripts/update_schemas.sh writes docs/schema/).
// With `table`, also --table NAME: which table --format csv prints (default: the first).
enum class Format { kTable, kJson, kCsv, kSchema };
void AddFormatOption(CLI::App& cmd, Format& format, std::string* table = nullptr);

// The message for a command-line error, with the nearest verb or flag when a word was
// misspelled ("unknown verb 'simulat' (did you mean 'simulate'?)").
std::string ExplainParseError(CLI::App& app, int argc, char** argv, const CLI::ParseError& e);

// Throws InputError for a bad command-line value: the message names `flag` (exit 2).
[[noreturn]] void BadFlag(const std::string& flag, const std::string& message);

// Accepts a seed: a whole number from 0 to 2^64 - 1, written in digits (no sign, no wrap).
extern const CLI::Validator kSeed;

// Reads a small side file (weights, indicators): a regular file of at most `max_bytes`; a
// folder, a device (/dev/zero) or a larger file is an InputError naming `flag`.
std::string ReadSideFile(const std::string& path, const std::string& flag,
                         size_t max_bytes = 64u << 20);
// Checks a side file the same way without reading it (for loaders that read it themselves).
void CheckSideFile(const std::string& path, const std::string& flag,
                   size_t max_bytes = 64u << 20);

// Diagnostics as lines "FILE:LINE:COL: error: PATH: message", at most `per_file` per file
// (a header typo in a 100,000-row table must not print 100,000 lines), then one line saying
// how many more that file has; ends with "N errors found".
std::string DiagnosticsText(const util::Diagnostics& diagnostics, size_t per_file = 20);

// True when standard error is a terminal (progress bars are shown only then).
bool StderrIsTerminal();

}  // namespace chaintwin::cli
