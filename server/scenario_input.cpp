#include "server/scenario_input.hpp"

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"

namespace chaintwin::server {

std::unique_ptr<ScenarioRun> ReadScenario(Fields& fields, const Service& service,
                                          std::vector<Problem>& problems) {
  const size_t before = problems.size();
  std::optional<std::string> name = fields.String("scenario");
  const nlohmann::json* document = fields.Object("document");
  std::optional<std::string> protocol_text = fields.String("protocol");
  std::optional<model::Protocol> protocol;
  if (protocol_text) {
    protocol = model::ParseProtocol(*protocol_text);
    if (!protocol) {
      problems.push_back({fields.PathOf("protocol"),
                          fmt::format("unknown protocol '{}' (expected pro_rata, priority, "
                                      "contract_first, alliance_first or plan)",
                                      *protocol_text)});
    }
  }
  std::string path;
  if (name && document) {
    problems.push_back({fields.PathOf("scenario"), "give either 'scenario' or 'document', not both"});
  } else if (!name && !document && problems.size() == before) {
    problems.push_back({fields.PathOf("scenario"),
                        "required: a bundled scenario name (GET /v1/scenarios) or a 'document'"});
  } else if (name) {
    if (!IsSafeName(*name)) {
      problems.push_back({fields.PathOf("scenario"),
                          "a scenario name is 1 to 64 of a-z, 0-9, '_' and '-' (no paths)"});
    } else if (auto it = service.scenarios.find(*name); it == service.scenarios.end()) {
      problems.push_back({fields.PathOf("scenario"),
                          fmt::format("no bundled scenario '{}' (GET /v1/scenarios lists them)", *name)});
    } else {
      path = it->second;
    }
  }
  if (problems.size() != before) return nullptr;

  auto run = std::make_unique<ScenarioRun>();
  if (document) {
    const std::string source = fields.PathOf("document");
    try {
      // JSON is YAML: the scenario loader reads the uploaded object as it reads a file.
      run->loaded = io::LoadScenarioFromString(document->dump(), source, service.scenario_dir,
                                               service.network_path);
    } catch (const InputError& e) {
      std::vector<Problem> found;
      for (const util::Diagnostic& d : e.diagnostics()) {
        found.push_back({d.path.empty() ? source : source + "." + d.path, d.message});
      }
      throw ApiError(400, fmt::format("the uploaded scenario is invalid: {} problem{}",
                                      found.size(), found.size() == 1 ? "" : "s"),
                     found);
    }
  } else {
    run->loaded = io::LoadScenario(path, service.network_path);
  }
  run->compiled = model::Compile(run->loaded.network);
  run->resolved = model::Resolve(run->compiled, run->loaded.scenario);
  run->protocol = protocol;
  const model::ProtocolConfig& cfg = run->loaded.scenario.protocol;
  if (protocol) {
    run->protocol_text = std::string(model::ProtocolName(*protocol));
    run->uses_plan = *protocol == model::Protocol::kPlan;
  } else {
    run->protocol_text = std::string(model::ProtocolName(cfg.default_protocol));
    run->uses_plan = cfg.default_protocol == model::Protocol::kPlan;
    for (const auto& [country, p] : cfg.by_country) {
      run->protocol_text += fmt::format("; {} {}", country, model::ProtocolName(p));
      run->uses_plan = run->uses_plan || p == model::Protocol::kPlan;
    }
  }
  return run;
}

}  // namespace chaintwin::server
