// The HTML report over HTTP: GET /v1/report?scenario=NAME (a bundled scenario) and
// POST /v1/report {"scenario": NAME | "document": {...}, "protocol", "sensitivity"} answer
// with the same self-contained file as `chaintwin report` (server/report_data.hpp), as a
// download. The template is the built web/dist-report/report.html beside the executable.
#include <optional>

#include <fmt/format.h>

#include "chaintwin/report/html_report.hpp"
#include "server/report_data.hpp"
#include "server/request.hpp"
#include "server/scenario_input.hpp"
#include "server/service.hpp"

namespace chaintwin::server {
namespace {

std::string Template() {
  std::optional<std::string> text = report::ReadReportTemplate();
  if (!text) {
    throw ApiError(503, "the report template is not built (web/dist-report/report.html beside the "
                        "executable: run scripts/setup.sh, or `npm ci && npm run build` in web/)");
  }
  return std::move(*text);
}

void SendReport(const ScenarioRun& run, bool sensitivity, httplib::Response& res) {
  const std::string template_html = Template();  // before the work
  ReportRequest q;
  q.network = &run.loaded.network;
  q.scenario = &run.loaded.scenario;
  q.compiled = &run.compiled;
  q.resolved = &run.resolved;
  q.protocol = run.protocol;
  q.protocol_text = run.protocol_text;
  q.sensitivity = sensitivity;
  q.threads = 1;  // one request, one thread: the handler pool is the parallelism
  if (run.uses_plan) {
    throw ApiError(400, "the report runs the simulation protocols only",
                   {{"protocol", "plan is not supported here; use POST /v1/plan"}});
  }
  const std::string html = report::FillReportTemplate(template_html, ReportDataJson(q));
  std::string name = run.loaded.scenario.id;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '_';
  }
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"chaintwin-report-{}.html\"", name));
  res.set_content(html, "text/html; charset=utf-8");
  res.status = 200;
}

void GetReport(const Service& service, const Call& call, httplib::Response& res) {
  std::vector<Problem> problems;
  Query query(call, {"scenario", "sensitivity"}, problems);
  nlohmann::json ref = {{"scenario", query.String("scenario").value_or("graphite_ban")}};
  const std::string sensitivity = query.String("sensitivity").value_or("true");
  if (sensitivity != "true" && sensitivity != "false") {
    problems.push_back({"query.sensitivity", "expected true or false"});
  }
  Fields fields(ref, "query", problems);
  std::unique_ptr<ScenarioRun> run = ReadScenario(fields, service, problems);
  Finish(problems);
  SendReport(*run, sensitivity == "true", res);
}

void PostReport(const Service& service, const Call& call, httplib::Response& res) {
  nlohmann::json body = JsonBody(call);
  std::vector<Problem> problems;
  Fields fields(body, "", problems);
  std::unique_ptr<ScenarioRun> run = ReadScenario(fields, service, problems);
  std::optional<bool> sensitivity = fields.Bool("sensitivity");
  fields.RejectUnknown();
  Finish(problems);
  SendReport(*run, sensitivity.value_or(true), res);
}

}  // namespace

void AddReportRoutes(Router& router, Service& service) {
  router.Add("GET", "/v1/report", [&service](const Call& c, httplib::Response& r) { GetReport(service, c, r); });
  router.Add("POST", "/v1/report", [&service](const Call& c, httplib::Response& r) { PostReport(service, c, r); });
}

}  // namespace chaintwin::server
