// POST /v1/montecarlo starts a job (202 + Location); GET /v1/jobs/{id} reports its state,
// progress and, once done, its result; DELETE /v1/jobs/{id} cancels it.
#include <fmt/format.h>

#include "chaintwin/analyze/montecarlo.hpp"
#include "server/json_map.hpp"
#include "server/request.hpp"
#include "server/scenario_input.hpp"
#include "server/service.hpp"

namespace chaintwin::server {
namespace {

void PostMonteCarlo(Service& service, const Call& call, httplib::Response& res) {
  nlohmann::json body = JsonBody(call);
  std::vector<Problem> problems;
  Fields fields(body, "", problems);
  std::unique_ptr<ScenarioRun> read = ReadScenario(fields, service, problems);
  std::optional<int64_t> runs = fields.Integer("runs", 1, 100000);
  std::optional<int64_t> seed = fields.Integer("seed", 0, INT64_MAX);
  std::optional<double> level = fields.Number("level", 0.5, 0.9999);
  std::optional<int64_t> days = fields.Integer("days", 1, 3650);
  fields.RejectUnknown();
  if (read && read->uses_plan) {
    problems.push_back({"protocol", "montecarlo does not run the plan protocol yet"});
  }
  Finish(problems);
  analyze::MonteCarloOptions options;
  options.runs = static_cast<uint64_t>(runs.value_or(1000));
  options.seed = seed ? static_cast<uint64_t>(*seed) : read->loaded.scenario.seed;
  options.threads = service.options.job_threads;
  options.level = level.value_or(0.95);
  options.run.days = static_cast<int>(days.value_or(0));
  options.run.protocol = read->protocol;
  std::shared_ptr<ScenarioRun> run(std::move(read));
  JobTask task = [run, options](JobControl& control) mutable {
    control.total = options.runs;
    options.progress = [&control](uint64_t done, uint64_t) { control.done = done; };
    options.cancel = &control.cancel;
    analyze::MonteCarloResults r = analyze::RunMonteCarlo(run->compiled, run->resolved, options);
    if (r.cancelled) return std::string();
    return MonteCarloJson(run->compiled, r, run->protocol_text, run->resolved.start_date);
  };
  std::optional<std::string> id = service.jobs->Submit("montecarlo", std::move(task));
  if (!id) {
    res.set_header("Retry-After", "10");
    throw ApiError(503, fmt::format("the job queue is full ({} jobs queued or running); retry later",
                                    service.options.max_jobs));
  }
  res.set_header("Location", "/v1/jobs/" + *id);
  SendJson(res, 202, JobJson(*service.jobs->Find(*id)));
}

}  // namespace

void AddJobRoutes(Router& router, Service& service) {
  router.Add("POST", "/v1/montecarlo",
             [&service](const Call& c, httplib::Response& r) { PostMonteCarlo(service, c, r); });
  router.Add("GET", "/v1/jobs/{id}", [&service](const Call& call, httplib::Response& res) {
    std::optional<JobSnapshot> job = service.jobs->Find(call.Param("id"));
    if (!job) throw ApiError(404, fmt::format("no job '{}' (finished jobs are kept for a while, then forgotten)", call.Param("id")));
    SendJson(res, 200, JobJson(*job));
  });
  router.Add("DELETE", "/v1/jobs/{id}", [&service](const Call& call, httplib::Response& res) {
    if (!service.jobs->Cancel(call.Param("id"))) {
      throw ApiError(404, fmt::format("no job '{}'", call.Param("id")));
    }
    SendJson(res, 202, JobJson(*service.jobs->Find(call.Param("id"))));
  });
}

}  // namespace chaintwin::server
