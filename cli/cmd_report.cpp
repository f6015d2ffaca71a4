// `chaintwin report [SCENARIO] --out FILE.html`: one self-contained HTML file with the scenario,
// the shortage table with causes, the charts, the assumptions ranked by sensitivity and the
// sources of every figure (server/report_data.hpp builds the data, report/html_report.hpp
// puts it into the built template web/dist-report/report.html).
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "chaintwin/report/html_report.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "run_support.hpp"
#include "server/report_data.hpp"

namespace chaintwin::cli {
namespace {

struct ReportFlags {
  std::string scenario;
  bool scenario_given = false;
  std::string network;
  std::string protocol;
  std::string out;
  std::string template_path;
  std::string data_out;
  bool no_sensitivity = false;
  unsigned threads = 0;
  bool no_progress = false;
};

std::string ReadTemplate(const std::string& override_path) {
  if (!override_path.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(override_path, ec)) {
      BadFlag("--template", fmt::format("no file '{}'", override_path));
    }
  }
  std::optional<std::string> text = report::ReadReportTemplate(override_path);
  if (!text) {
    throw Error(
        "the report template web/dist-report/report.html was not found beside the executable; "
        "build it with scripts/setup.sh (or `npm ci && npm run build` in web/), or pass "
        "--template FILE");
  }
  return std::move(*text);
}

int RunReport(const ReportFlags& f) {
  if (f.scenario_given && f.scenario.empty()) {
    BadFlag("SCENARIO", "an empty scenario name; omit it for the bundled graphite_ban");
  }
  if (f.out.empty()) BadFlag("--out", "required: the HTML file to write");
  CheckFileTarget(f.out, "--out");
  if (!f.data_out.empty()) CheckFileTarget(f.data_out, "--data-out");
  const std::string template_html = ReadTemplate(f.template_path);  // before the work

  LoadedRun run = LoadRun(f.scenario, f.network, f.protocol);
  const bool draw = !f.no_progress && StderrIsTerminal();
  std::string current;
  std::unique_ptr<ProgressBar> bar;
  server::ReportRequest q;
  q.network = &run.loaded.network;
  q.scenario = &run.loaded.scenario;
  q.compiled = &run.compiled;
  q.resolved = &run.resolved;
  q.protocol = run.protocol_override;
  q.protocol_text = run.protocol_text;
  q.sensitivity = !f.no_sensitivity;
  q.threads = f.threads;
  if (draw) {
    q.progress = [&](const std::string& step, uint64_t done, uint64_t total) {
      if (step == "sensitivity") {
        if (current != step) bar = std::make_unique<ProgressBar>("sensitivity runs");
        bar->Update(done, total);
      } else if (done == 0) {
        std::cerr << "chaintwin report: " << step << "...\n";
      }
      current = step;
    };
  }
  const std::string data = server::ReportDataJson(q);
  if (!f.data_out.empty()) WriteFile(f.data_out, data + "\n");
  WriteFile(f.out, report::FillReportTemplate(template_html, data));
  std::cout << fmt::format("Wrote {} ({:.1f} kB): {} report\n", f.out,
                           static_cast<double>(std::filesystem::file_size(f.out)) / 1024.0,
                           run.loaded.scenario.id);
  KeepUntilExit(std::move(run));
  return 0;
}

}  // namespace

void AddReport(CLI::App& app, Runner& run) {
  auto f = std::make_shared<ReportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write one self-contained HTML report of a scenario (opens offline): the shortages with "
      "their causes, timelines, flows, risk charts, the assumptions ranked by sensitivity and "
      "the sources of every figure. Without SCENARIO, the bundled graphite_ban.");
  CLI::Option* scenario = cmd->add_option(
      "scenario", f->scenario,
      "Scenario file (YAML or JSON), or the name of a bundled scenario ('chaintwin scenarios')");
  cmd->add_option("--out", f->out, "The HTML file to write (required)");
  cmd->add_option("--network", f->network, "Network file to use instead of the scenario's");
  cmd->add_option("--protocol", f->protocol,
                  "Allocation protocol for every supplier: pro_rata, priority, contract_first or "
                  "alliance_first");
  cmd->add_option("--template", f->template_path,
                  "Report template to fill (default: web/dist-report/report.html beside the "
                  "executable)");
  cmd->add_option("--data-out", f->data_out,
                  "Also write the report data (JSON, docs/schema/report.schema.json) to FILE");
  cmd->add_flag("--no-sensitivity", f->no_sensitivity,
                "Leave out the sensitivity analysis (seconds on the bundled data): the "
                "assumptions are then listed unranked except reorder_after");
  cmd->add_option("--threads", f->threads, "Sensitivity runs at once (0 = one per hardware thread)");
  cmd->add_flag("--no-progress", f->no_progress, "Never draw the progress (stderr, terminals only)");
  cmd->callback([f, scenario, &run] {
    f->scenario_given = scenario->count() > 0;
    run = [f] { return RunReport(*f); };
  });
}

}  // namespace chaintwin::cli
