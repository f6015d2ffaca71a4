// `chaintwin validate PATH...`: checks networks and scenarios (files or whole folders) and
// prints every problem as FILE:LINE:COL: error: PATH: message. Exit 2 when any.
#include <iostream>

#include <fmt/format.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/report/analysis.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace chaintwin::cli {
namespace {

std::string Plural(int n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

void AddValidate(CLI::App& app, Runner& run) {
  struct Options {
    std::vector<std::string> paths;
    Format format = Format::kTable;
    std::string table;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Check networks and scenarios (files, or folders searched for *.yaml, *.yml, *.json) and "
      "report every problem with its file, line and field");
  cmd->add_option("paths", options->paths, "Files or folders to check")->required();
  AddFormatOption(*cmd, options->format, &options->table);
  cmd->callback([&run, options] {
    run = [options] {
      io::ValidationReport report = io::Validate(options->paths);
      const bool text = options->format == Format::kTable;
      if (!text) {
        WriteStdout(Render(report::ValidationDocument(report), options->format, "",
                           options->table));
      } else {
        for (const util::Diagnostic& w : report.warnings) {
          std::cerr << fmt::format("{}: warning: {}: {}\n", w.file, w.path, w.message);
        }
        if (!report.diagnostics.empty()) std::cerr << DiagnosticsText(report.diagnostics);
      }
      if (!report.diagnostics.empty()) return 2;
      if (text) {
        std::string summary = fmt::format(
            "ok: {}, {}: {}, {}, {}, {}, {}", Plural(report.networks, "network"),
            Plural(report.scenarios, "scenario"), Plural(report.materials, "material"),
            Plural(report.sites, "site"), Plural(report.lanes, "lane"),
            Plural(report.contracts, "contract"), Plural(report.events, "event"));
        if (!report.warnings.empty()) {
          summary += fmt::format(" ({})", Plural(static_cast<int>(report.warnings.size()), "warning"));
        }
        if (report.skipped > 0) {
          summary += fmt::format(" ({} skipped)", Plural(report.skipped, "file"));
        }
        WriteStdout(summary + "\n");
      }
      return 0;
    };
  });
}

}  // namespace chaintwin::cli
