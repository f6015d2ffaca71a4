// Running scenarios on request: POST /v1/simulate, /v1/compare, /v1/plan. Each reads its body
// strictly (request.hpp), loads the scenario on the served network (scenario_input.hpp), calls
// the library as the CLI verb does, and answers with json_map's document.
#include <fmt/format.h>

#include "chaintwin/analyze/causes.hpp"
#include "chaintwin/opt/plan.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/error.hpp"
#include "server/deadline.hpp"
#include "server/json_map.hpp"
#include "server/request.hpp"
#include "server/scenario_input.hpp"
#include "server/service.hpp"

namespace chaintwin::server {
namespace {

constexpr int64_t kMaxDays = 3650;

// A JSON array of strings under `name` (nullopt when absent; a problem when not one).
std::optional<std::vector<std::string>> Strings(Fields& fields, const std::string& name,
                                                std::vector<Problem>& problems) {
  const nlohmann::json* v = fields.Any(name);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    problems.push_back({fields.PathOf(name), fmt::format("expected an array of strings, got {}",
                                                         v->type_name())});
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) {
      problems.push_back({fmt::format("{}[{}]", fields.PathOf(name), i),
                          fmt::format("expected a string, got {}", (*v)[i].type_name())});
      continue;
    }
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

// "include", "timeline_by" and "timeline_sites" of POST /v1/simulate (report/extras.hpp).
report::Extras ReadExtras(Fields& fields, std::vector<Problem>& problems) {
  report::Extras extras;
  extras.by = report::Rollup::kDay;
  if (auto words = Strings(fields, "include", problems)) {
    for (size_t i = 0; i < words->size(); ++i) {
      if (std::string bad = report::ParseInclude({(*words)[i]}, extras); !bad.empty()) {
        problems.push_back({fmt::format("{}[{}]", fields.PathOf("include"), i),
                            fmt::format("expected {}, got '{}'", report::kIncludeChoices, bad)});
      }
    }
  }
  if (auto by = fields.String("timeline_by")) {
    if (*by == "week") {
      extras.by = report::Rollup::kWeek;
    } else if (*by != "day") {
      problems.push_back({fields.PathOf("timeline_by"), fmt::format("expected day or week, got '{}'", *by)});
    }
    if (!extras.timeline) problems.push_back({fields.PathOf("timeline_by"), "only with \"include\": [\"timeline\"]"});
  }
  if (auto sites = Strings(fields, "timeline_sites", problems)) {
    extras.timeline_sites = std::move(*sites);
    if (!extras.timeline) {
      problems.push_back({fields.PathOf("timeline_sites"), "only with \"include\": [\"timeline\"]"});
    }
  }
  return extras;
}

sim::Results Simulate(const ScenarioRun& run, const model::EventSchedule& schedule, int days,
                      std::optional<opt::PlanResult>& plan, const Deadline& deadline,
                      const sim::InitialState* initial = nullptr,
                      std::unique_ptr<report::ExtrasCollector>* collector = nullptr,
                      const report::Extras& extras = {}) {
  sim::RunOptions options;
  options.days = days;
  options.initial = initial;
  options.protocol = run.protocol;
  if (run.uses_plan) {
    plan = opt::MakePlan(run.compiled, run.resolved, schedule, run.loaded.scenario.plan,
                         opt::PlanRunOptions{deadline.Remaining(), {}});
    if (plan->time_limit_hit) deadline.Fail();
    if (plan->status != opt::LpStatus::kOptimal) {
      throw ApiError(422, fmt::format("the allocation plan could not be made: {}",
                                      opt::LpStatusName(plan->status)));
    }
    options.plan = &plan->plan;
  }
  if (collector != nullptr && extras.any()) {
    try {
      *collector = std::make_unique<report::ExtrasCollector>(run.compiled, run.resolved, schedule,
                                                             extras, options);
    } catch (const InputError& e) {
      std::vector<Problem> problems;
      for (const auto& d : e.diagnostics()) problems.push_back({d.path, d.message});
      Finish(problems);
    }
  }
  sim::Results results = sim::Engine::Create(run.compiled)
      .Run(run.resolved, schedule, options, collector != nullptr ? collector->get() : nullptr);
  deadline.Check();
  return results;
}

void PostSimulate(Service& service, const Call& call, httplib::Response& res) {
  nlohmann::json body = JsonBody(call);
  std::vector<Problem> problems;
  Fields fields(body, "", problems);
  std::unique_ptr<ScenarioRun> run = ReadScenario(fields, service, problems);
  std::optional<int64_t> days = fields.Integer("days", 1, kMaxDays);
  std::optional<int64_t> seed = fields.Integer("seed", 0, INT64_MAX);
  std::optional<bool> allocations = fields.Bool("include_allocations");
  std::optional<bool> from_store = fields.Bool("from_store");
  std::optional<std::string> as_of = fields.String("as_of");
  report::Extras extras = ReadExtras(fields, problems);
  fields.RejectUnknown();
  if (as_of && !from_store.value_or(false)) {
    problems.push_back({"as_of", "only with \"from_store\": true"});
  }
  std::optional<twin::StartingPoint> start;
  if (from_store.value_or(false)) start = StartFromStore(service, as_of.value_or(""), "as_of", problems);
  Finish(problems);
  const Deadline deadline(service.options.request_time_limit_s);
  model::EventSchedule schedule = seed ? model::SampleSchedule(run->resolved, static_cast<uint64_t>(*seed), 0)
                                       : model::NominalSchedule(run->resolved);
  std::optional<opt::PlanResult> plan;
  std::unique_ptr<report::ExtrasCollector> collector;
  sim::Results results = Simulate(*run, schedule, static_cast<int>(days.value_or(0)), plan,
                                  deadline, start ? &start->initial : nullptr, &collector, extras);
  // The cause of each shortage, as `chaintwin simulate` gives it (analyze/causes.hpp).
  const std::vector<analyze::ShortageCause> causes =
      analyze::ExplainShortages(run->compiled, run->resolved, schedule, results);
  deadline.Check();
  report::RunInfo info{run->protocol_text, run->loaded.scenario.network_file,
                       static_cast<int>(run->loaded.scenario.events.size()),
                       report::ShortageSort::kShortfall, &causes};
  SendJson(res, 200, SimulateJson(run->compiled, results, info, allocations.value_or(false),
                                  collector.get()));
}

void PostCompare(const Service& service, const Call& call, httplib::Response& res) {
  nlohmann::json body = JsonBody(call);
  std::vector<Problem> problems;
  Fields fields(body, "", problems);
  std::unique_ptr<ScenarioRun> runs[2];
  const char* sides[2] = {"a", "b"};
  for (int i = 0; i < 2; ++i) {
    if (const nlohmann::json* side = fields.Object(sides[i], true)) {
      Fields inner(*side, sides[i], problems);
      runs[i] = ReadScenario(inner, service, problems);
      inner.RejectUnknown();
    }
  }
  fields.RejectUnknown();
  Finish(problems);
  const Deadline deadline(service.options.request_time_limit_s);
  sim::Results results[2];
  for (int i = 0; i < 2; ++i) {
    if (runs[i]->uses_plan) {
      throw ApiError(400, "compare does not run the plan protocol; use POST /v1/simulate",
                     {{fmt::format("{}.protocol", sides[i]), "plan is not supported here"}});
    }
    std::optional<opt::PlanResult> no_plan;
    results[i] = Simulate(*runs[i], model::NominalSchedule(runs[i]->resolved), 0, no_plan, deadline);
  }
  SendJson(res, 200, CompareJson(runs[0]->compiled, results[0], runs[1]->compiled, results[1]));
}

void PostPlan(const Service& service, const Call& call, httplib::Response& res) {
  nlohmann::json body = JsonBody(call);
  std::vector<Problem> problems;
  Fields fields(body, "", problems);
  std::unique_ptr<ScenarioRun> run = ReadScenario(fields, service, problems);
  std::optional<int64_t> period = fields.Integer("period_days", 1, kMaxDays);
  fields.RejectUnknown();
  Finish(problems);
  model::PlanConfig config = run->loaded.scenario.plan;
  if (period) config.period_days = static_cast<int32_t>(*period);
  const Deadline deadline(service.options.request_time_limit_s);
  opt::PlanResult r = opt::MakePlan(run->compiled, run->resolved,
                                    model::NominalSchedule(run->resolved), config,
                                    opt::PlanRunOptions{deadline.Remaining(), {}});
  if (r.time_limit_hit) deadline.Fail();
  if (r.status != opt::LpStatus::kOptimal) {
    throw ApiError(422, fmt::format("the allocation LP ended {}", opt::LpStatusName(r.status)));
  }
  SendJson(res, 200, PlanJson(run->compiled, run->loaded.scenario.id, r, run->resolved.start_date));
}

}  // namespace

void AddRunRoutes(Router& router, Service& service) {
  router.Add("POST", "/v1/simulate", [&service](const Call& c, httplib::Response& r) { PostSimulate(service, c, r); });
  router.Add("POST", "/v1/compare", [&service](const Call& c, httplib::Response& r) { PostCompare(service, c, r); });
  router.Add("POST", "/v1/plan", [&service](const Call& c, httplib::Response& r) { PostPlan(service, c, r); });
}

}  // namespace chaintwin::server
