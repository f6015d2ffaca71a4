// GET /v1/analyze/{tts,concentration,dependence}: the analyses of the served network, with the
// CLI verbs' options as query parameters.
#include <fmt/format.h>

#include "chaintwin/analyze/concentration.hpp"
#include "chaintwin/analyze/dependence.hpp"
#include "chaintwin/opt/tts.hpp"
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
  opt::TtsConfig config;
  config.t_max_days = tmax.value_or(365.0);
  config.threads = 1;  // one request, one thread: the handler pool is the parallelism
  opt::TtsResult r = opt::AnalyzeTts(service.compiled, config);
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

}  // namespace

void AddAnalyzeRoutes(Router& router, Service& service) {
  router.Add("GET", "/v1/analyze/tts", [&service](const Call& c, httplib::Response& r) { GetTts(service, c, r); });
  router.Add("GET", "/v1/analyze/concentration",
             [&service](const Call& c, httplib::Response& r) { GetConcentration(service, c, r); });
  router.Add("GET", "/v1/analyze/dependence",
             [&service](const Call& c, httplib::Response& r) { GetDependence(service, c, r); });
}

}  // namespace chaintwin::server
