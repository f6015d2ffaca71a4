// The `chaintwin` command: a thin layer over libchaintwin. Parses flags, runs one verb, and
// maps the library's exceptions to exit codes: 2 for bad input (DESIGN.md §10), 3 for an
// internal failure of a solver or store.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <map>
#include <new>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {

void AddFormatOption(CLI::App& cmd, Format& format, std::string* table) {
  cmd.add_option_function<std::string>(
         "--format",
         [&format](const std::string& value) {
           if (value == "table") {
             format = Format::kTable;
           } else if (value == "json") {
             format = Format::kJson;
           } else if (value == "csv") {
             format = Format::kCsv;
           } else if (value == "schema") {
             format = Format::kSchema;
           } else {
             throw CLI::ValidationError("--format",
                                        "expected table, json or csv, got '" + value + "'");
           }
         },
         "Output format: table (default), json or csv")
      ->option_text("table|json|csv");
  if (table != nullptr) {
    cmd.add_option("--table", *table,
                   "With --format csv: which table to print (default: the first; see "
                   "docs/CLI.md)");
  }
}

bool StderrIsTerminal() { return isatty(fileno(stderr)) != 0; }

std::string DiagnosticsText(const util::Diagnostics& diagnostics, size_t per_file) {
  std::map<std::string, size_t> shown, hidden;
  std::string text;
  for (const util::Diagnostic& d : diagnostics) {
    if (shown[d.file]++ < per_file) {
      text += d.ToString() + "\n";
    } else {
      ++hidden[d.file];
    }
  }
  for (const auto& [file, n] : hidden) {
    text += fmt::format("{}: ... and {} more error{} in this file (often one cause: fix the "
                        "first ones and run again)\n",
                        file.empty() ? "(flags)" : file, n, n == 1 ? "" : "s");
  }
  text += fmt::format("{} error{} found\n", diagnostics.size(), diagnostics.size() == 1 ? "" : "s");
  return text;
}

const CLI::Validator kSeed(
    [](std::string& text) -> std::string {
      bool digits = !text.empty() && text.size() <= 20 &&
                    std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (digits && (text.size() < 20 || text <= "18446744073709551615")) return "";
      return "expected a whole number from 0 to 18446744073709551615, got '" + text + "'";
    },
    "SEED");

void CheckSideFile(const std::string& path, const std::string& flag, size_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto status = fs::status(path, ec);
  auto bad = [&](const std::string& message) {
    throw InputError(util::Diagnostics{util::Diagnostic{path, 0, 0, flag, message}});
  };
  if (!fs::exists(status)) bad("no such file");
  if (fs::is_directory(status)) bad("is a folder; give a file");
  if (!fs::is_regular_file(status)) bad("is not a regular file (a device or pipe?)");
  auto size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) {
    bad(fmt::format("is {} bytes; a side file may hold at most {} bytes", size, max_bytes));
  }
}

std::string ReadSideFile(const std::string& path, const std::string& flag, size_t max_bytes) {
  CheckSideFile(path, flag, max_bytes);
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    throw InputError(util::Diagnostics{util::Diagnostic{path, 0, 0, flag, "cannot read the file"}});
  }
  return text;
}

std::string ExplainParseError(CLI::App& app, int argc, char** argv, const CLI::ParseError& e) {
  std::string message = e.what();
  const CLI::App* at = &app;
  std::string path = "chaintwin";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
      std::string name = arg.substr(0, arg.find('='));
      bool known = false;
      std::vector<std::string> names;
      for (const CLI::Option* o : at->get_options()) {
        for (const std::string& l : o->get_lnames()) {
          names.push_back("--" + l);
          known = known || "--" + l == name;
        }
      }
      if (!known) {
        auto near = Nearest(name, names);
        if (!near.empty()) {
          return fmt::format("{}: unknown flag {}; did you mean {}?", path, name, near.front());
        }
        return fmt::format("{}: unknown flag {} ('{} --help' lists them)", path, name, path);
      }
      continue;
    }
    if (arg.empty() || arg[0] == '-') continue;
    auto subs = at->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty()) continue;
    const CLI::App* next = nullptr;
    std::vector<std::string> names;
    for (const CLI::App* sub : subs) {
      names.push_back(sub->get_name());
      if (sub->get_name() == arg) next = sub;
    }
    if (next == nullptr) {
      // An option value ("--format json") is not a verb: only the first free word is.
      if (i > 1 && std::string(argv[i - 1]).rfind("--", 0) == 0 &&
          std::string(argv[i - 1]).find('=') == std::string::npos) {
        continue;
      }
      auto near = Nearest(arg, names);
      std::sort(names.begin(), names.end());
      return fmt::format("{}: unknown verb '{}'{}; the verbs are {}", path, arg,
                         near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near.front()),
                         fmt::join(names, ", "));
    }
    at = next;
    path += " " + arg;
  }
  return message;
}

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
  cli::AddPassport(app, run);
  cli::AddMonteCarlo(app, run);
  cli::AddScenarios(app, run);
  cli::AddIngest(app, run);
  cli::AddState(app, run);
  cli::AddDaysOfSupply(app, run);
  cli::AddAlerts(app, run);
  cli::AddFeeds(app, run);
  cli::AddServe(app, run);
  cli::AddHedge(app, run);
  cli::AddReport(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "chaintwin: error: " << cli::ExplainParseError(app, argc, argv, e) << "\n";
    std::cerr << "Run 'chaintwin --help' or 'chaintwin VERB --help' for the accepted flags.\n";
    return 2;
  }
  try {
    int rc = run ? run() : 0;
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0) {
      std::cerr << "error: cannot write to standard output (disk full or pipe closed?)\n";
      return 3;
    }
    return rc;
  } catch (const InputError& e) {
    std::cerr << cli::DiagnosticsText(e.diagnostics());
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
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory: the input is too large for this machine's memory "
                 "(see docs/BENCHMARKS.md for the memory per site)\n";
    return 3;
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << e.what() << "\n";
    return 3;
  }
}
