// GET /v1/analyze/{tts,concentration,dependence}: the analyses of the served network, with the
// CLI verbs' options as query parameters.
#include <fmt/format.h>

#include "chaintwin/analyze/concentration.hpp"
#include "chaintwin/analyze/dependence.hpp"
#include "chaintwin/analyze/sensitivity.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/opt/tts.hpp"
#include "server/deadline.hpp"
#include "server/json_map.hpp"
#include "server/request.hpp"
#include "server/service.hpp"

namespace chaintwin::server {
namespace {

void GetTts(const Service& service, const Call& call, httplib::Response& res) {
  std::vector<Problem> problems;
  Query query(call, {"top", "tmax_days"}, problems);
  std::optional<int64_t> top = query.Integer("top", 1, 1000000);
  std::optional<double> tmax = query.Number("tmax_days", 1.0, 3650.0);
  Finish(problems);
  const Deadline deadline(service.options.request_time_limit_s);
  opt::TtsConfig config;
  config.t_max_days = tmax.value_or(365.0);
  config.threads = 1;  // one request, one thread: the handler pool is the parallelism
  // With one thread progress is called on this thread between sites: the 504 unwinds from there.
  config.progress = [&deadline](uint64_t, uint64_t) { deadline.Check(); };
  opt::TtsResult r = opt::AnalyzeTts(service.compiled, config);
  deadline.Check();
  const size_t shown = top ? std::min(r.ranking.size(), static_cast<size_t>(*top)) : r.ranking.size();
  SendJson(res, 200, TtsJson(service.network, service.compiled, r, shown));
}

void GetConcentration(const Service& service, const Call& call, httplib::Response& res) {
  std::vector<Problem> problems;
  Query query(call, {"material"}, problems);
  std::optional<std::string> material = query.String("material");
  if (material && !service.compiled.FindMaterial(*material).valid()) {
    problems.push_back({"query.material", fmt::format("no material '{}' in network '{}'",
                                                       *material, service.network.id)});
  }
  Finish(problems);
  std::vector<analyze::MaterialConcentration> rows =
      analyze::Concentration(service.network, service.compiled);
  if (material) {
    std::erase_if(rows, [&](const analyze::MaterialConcentration& c) {
      return service.compiled.material_key[c.material.value] != *material;
    });
  }
  SendJson(res, 200, ConcentrationJson(service.compiled, rows));
}

void GetDependence(const Service& service, const Call& call, httplib::Response& res) {
  std::vector<Problem> problems;
  Query query(call, {"on", "country", "material", "min_share"}, problems);
  analyze::DependenceQuery q;
  q.origin = query.String("on").value_or("CN");
  q.country = query.String("country").value_or("");
  q.material = query.String("material").value_or("");
  double min_share = query.Number("min_share", 0.0, 1.0).value_or(0.0);
  Finish(problems);
  analyze::DependenceMap map = analyze::DependenceMap::Build(service.compiled);
  std::vector<analyze::DependenceRow> rows = analyze::Dependence(service.compiled, map, q);
  std::erase_if(rows, [&](const analyze::DependenceRow& r) { return r.share < min_share; });
  SendJson(res, 200, DependenceJson(service.compiled, map, q.origin, rows));
}

void GetSensitivity(const Service& service, const Call& call, httplib::Response& res) {
  std::vector<Problem> problems;
  Query query(call, {"scenario", "inputs", "top"}, problems);
  std::string name = query.String("scenario").value_or("graphite_ban");
  std::optional<int64_t> top = query.Integer("top", 1, 100000);
  std::string path;
  if (!IsSafeName(name)) {
    problems.push_back({"query.scenario", "a scenario name is 1 to 64 of a-z, 0-9, '_' and '-' (no paths)"});
  } else if (auto it = service.scenarios.find(name); it == service.scenarios.end()) {
    problems.push_back({"query.scenario", fmt::format("no bundled scenario '{}' (GET /v1/scenarios lists them)", name)});
  } else {
    path = it->second;
  }
  analyze::SensitivityOptions options;
  std::string inputs = query.String("inputs").value_or("");
  for (size_t begin = 0; begin < inputs.size();) {
    size_t end = std::min(inputs.find(',', begin), inputs.size());
    std::string word = inputs.substr(begin, end - begin);
    begin = end + 1;
    bool known = false;
    for (analyze::InputClass c : {analyze::InputClass::kStockDays, analyze::InputClass::kQualification,
                                  analyze::InputClass::kCapacity, analyze::InputClass::kTransit,
                                  analyze::InputClass::kDemand}) {
      if (analyze::InputClassName(c) == word) {
        options.classes.push_back(c);
        known = true;
      }
    }
    if (!known) {
      problems.push_back({"query.inputs", fmt::format("unknown input class '{}' (expected stock_days, "
                                                      "qualification, capacity, transit, demand)", word)});
    }
  }
  Finish(problems);
  const Deadline deadline(service.options.request_time_limit_s);
  io::LoadedScenario loaded = io::LoadScenario(path, service.network_path);
  options.threads = 1;  // one request, one thread
  options.stop = [&deadline] { return deadline.Expired(); };
  analyze::SensitivityResults r = analyze::RunSensitivity(loaded.network, loaded.scenario, options);
  if (r.stopped) deadline.Fail();
  const size_t shown = top ? std::min(r.rows.size(), static_cast<size_t>(*top)) : r.rows.size();
  SendJson(res, 200, SensitivityJson(r, shown));
}

}  // namespace

void AddAnalyzeRoutes(Router& router, Service& service) {
  router.Add("GET", "/v1/analyze/tts", [&service](const Call& c, httplib::Response& r) { GetTts(service, c, r); });
  router.Add("GET", "/v1/analyze/concentration",
             [&service](const Call& c, httplib::Response& r) { GetConcentration(service, c, r); });
  router.Add("GET", "/v1/analyze/dependence",
             [&service](const Call& c, httplib::Response& r) { GetDependence(service, c, r); });
  router.Add("GET", "/v1/analyze/sensitivity",
             [&service](const Call& c, httplib::Response& r) { GetSensitivity(service, c, r); });
}

}  // namespace chaintwin::server
