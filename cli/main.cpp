// The `chaintwin` command: a thin layer over libchaintwin. Parses flags, runs one verb, and
// maps the library's exceptions to exit codes: 2 for bad input (DESIGN.md §10), 3 for an
// internal failure of a solver or store.
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"
#include "commands.hpp"

namespace chaintwin::cli {

void AddFormatOption(CLI::App& cmd, Format& format) {
  cmd.add_option_function<std::string>(
         "--format",
         [&format](const std::string& value) {
           if (value == "table") {
             format = Format::kTable;
           } else if (value == "json") {
             format = Format::kJson;
           } else if (value == "csv") {
             format = Format::kCsv;
           } else {
             throw CLI::ValidationError("--format",
                                        "expected table, json or csv, got '" + value + "'");
           }
         },
         "Output format: table (default), json or csv")
      ->option_text("table|json|csv");
}

bool StderrIsTerminal() { return isatty(fileno(stderr)) != 0; }

}  // namespace chaintwin::cli

int main(int argc, char** argv) {
  using namespace chaintwin;
  CLI::App app{
      "chaintwin: a digital twin of critical-mineral supply chains.\n"
      "Which material runs short, where, from which day, and how much output is lost."};
  app.set_version_flag("--version", std::string("chaintwin ") + CHAINTWIN_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  cli::Runner run;
  cli::AddValidate(app, run);
  cli::AddSimulate(app, run);
  cli::AddCompare(app, run);
  cli::AddGenerate(app, run);
  cli::AddData(app, run);
  cli::AddPlan(app, run);
  cli::AddAnalyze(app, run);
  cli::AddMonteCarlo(app, run);
  cli::AddServe(app, run);
  cli::AddIngest(app, run);
  cli::AddState(app, run);
  cli::AddDaysOfSupply(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "chaintwin: error: " << e.what() << "\n";
    std::cerr << "Run 'chaintwin --help' or 'chaintwin VERB --help' for the accepted flags.\n";
    return 2;
  }
  try {
    return run ? run() : 0;
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.ToString() << "\n";
    std::cerr << fmt::format("{} error{} found\n", e.diagnostics().size(),
                             e.diagnostics().size() == 1 ? "" : "s");
    return 2;
  } catch (const NotFound& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const SolverError& e) {
    std::cerr << "error: solver: " << e.what() << "\n";
    return 3;
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 3;
  }
}
