// GET /v1/health and GET /v1/metrics.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "server/request.hpp"
#include "server/service.hpp"

namespace chaintwin::server {

void AddOpsRoutes(Router& router, Service& service) {
  router.Add("GET", "/v1/health", [&service](const Call& call, httplib::Response& res) {
    std::vector<Problem> problems;
    Query query(call, {}, problems);
    Finish(problems);
    const double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                        service.started).count();
    Metrics::JobFigures jobs = service.jobs->Figures();
    nlohmann::json body = {{"status", "ok"},
                           {"version", CHAINTWIN_VERSION},
                           {"network", service.network.id},
                           {"store", service.options.store.empty() ? nlohmann::json(nullptr)
                                                                   : nlohmann::json("open")},
                           {"uptime_seconds", uptime},
                           {"jobs", {{"queued", jobs.queued}, {"running", jobs.running}}}};
    SendJson(res, 200, body.dump(2) + "\n");
  });
  router.Add("GET", "/v1/metrics", [&service](const Call& call, httplib::Response& res) {
    std::vector<Problem> problems;
    Query query(call, {}, problems);
    Finish(problems);
    res.status = 200;
    res.set_content(service.metrics.Text(service.jobs->Figures()),
                    "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace chaintwin::server
