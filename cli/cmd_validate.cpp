// `chaintwin validate PATH...`: checks networks and scenarios (files or whole folders) and
// prints every problem as FILE:LINE:COL: error: PATH: message. Exit 2 when any.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chaintwin/io/load.hpp"
#include "commands.hpp"

namespace chaintwin::cli {
namespace {

std::string Plural(int n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

nlohmann::json ToJson(const io::ValidationReport& report) {
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const util::Diagnostic& d : report.diagnostics) {
    diagnostics.push_back({{"file", d.file},
                           {"line", d.line},
                           {"column", d.column},
                           {"path", d.path},
                           {"message", d.message}});
  }
  return {{"ok", report.diagnostics.empty()},
          {"networks", report.networks},
          {"scenarios", report.scenarios},
          {"skipped", report.skipped},
          {"materials", report.materials},
          {"sites", report.sites},
          {"lanes", report.lanes},
          {"contracts", report.contracts},
          {"events", report.events},
          {"diagnostics", diagnostics}};
}

}  // namespace

void AddValidate(CLI::App& app, Runner& run) {
  struct Options {
    std::vector<std::string> paths;
    Format format = Format::kTable;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Check networks and scenarios (files, or folders searched for *.yaml, *.yml, *.json) and "
      "report every problem with its file, line and field");
  cmd->add_option("paths", options->paths, "Files or folders to check")->required();
  AddFormatOption(*cmd, options->format);
  cmd->callback([&run, options] {
    run = [options] {
      io::ValidationReport report = io::Validate(options->paths);
      if (options->format == Format::kJson) {
        std::cout << ToJson(report).dump(2) << "\n";
      } else {
        for (const util::Diagnostic& d : report.diagnostics) std::cerr << d.ToString() << "\n";
      }
      if (!report.diagnostics.empty()) {
        if (options->format != Format::kJson) {
          std::cerr << Plural(static_cast<int>(report.diagnostics.size()), "error") << " found\n";
        }
        return 2;
      }
      if (options->format != Format::kJson) {
        std::string summary = fmt::format(
            "ok: {}, {}: {}, {}, {}, {}, {}", Plural(report.networks, "network"),
            Plural(report.scenarios, "scenario"), Plural(report.materials, "material"),
            Plural(report.sites, "site"), Plural(report.lanes, "lane"),
            Plural(report.contracts, "contract"), Plural(report.events, "event"));
        if (report.skipped > 0) {
          summary += fmt::format(" ({} skipped)", Plural(report.skipped, "file"));
        }
        std::cout << summary << "\n";
      }
      return 0;
    };
  });
}

}  // namespace chaintwin::cli
