// What the server serves, read-only: GET /v1/scenarios, /v1/network, /v1/sources. Their
// answers are rendered once at start (Service::*_json).
#include "server/request.hpp"
#include "server/service.hpp"

namespace chaintwin::server {

void AddCatalogRoutes(Router& router, Service& service) {
  auto cached = [](const std::string& text) {
    return [&text](const Call& call, httplib::Response& res) {
      std::vector<Problem> problems;
      Query query(call, {}, problems);
      Finish(problems);
      SendJson(res, 200, text);
    };
  };
  router.Add("GET", "/v1/scenarios", cached(service.scenarios_json));
  router.Add("GET", "/v1/network", cached(service.network_json));
  router.Add("GET", "/v1/sources", cached(service.sources_json));
}

}  // namespace chaintwin::server
