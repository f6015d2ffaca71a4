// What every route handler shares: the options, the served network (loaded and compiled once,
// read-only, shared by every thread), the bundled scenarios by name, the metrics and the job
// queue. Handlers read it concurrently; only Metrics and JobQueue change, and both lock.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>
#include <string>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/context.hpp"
#include "chaintwin/twin/live.hpp"
#include "server/api_error.hpp"
#include "server/api_server.hpp"
#include "server/jobs.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"

namespace chaintwin::server {

struct Service {
  ServeOptions options;
  std::string network_path;
  model::Network network;
  model::CompiledNetwork compiled;
  std::string scenario_dir;                      // the bundled scenarios' folder
  std::map<std::string, std::string> scenarios;  // name (file stem) -> path
  // Answers that only change when the server restarts, rendered once at start.
  std::string scenarios_json, network_json, sources_json;
  Metrics metrics;
  std::unique_ptr<twin::TwinContext> twin;    // the served network, for reading events
  std::unique_ptr<store::TwinStore> store;    // null without --store
  std::mutex store_mutex;                     // one SQLite connection: one caller at a time
  std::unique_ptr<JobQueue> jobs;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// Route registration, one function per resource (routes_<resource>.cpp).
void AddOpsRoutes(Router& router, Service& service);       // health, metrics
void AddCatalogRoutes(Router& router, Service& service);   // scenarios, network, sources
void AddRunRoutes(Router& router, Service& service);       // simulate, compare, plan
void AddAnalyzeRoutes(Router& router, Service& service);   // analyze/*
void AddJobRoutes(Router& router, Service& service);       // montecarlo, jobs
void AddTwinRoutes(Router& router, Service& service);      // events, state, days of supply, ...
void AddReportRoutes(Router& router, Service& service);  // report (HTML)

// Answers GET/HEAD of a file of the dashboard under `web_dir` (routes_static.cpp); false when
// the path is under /v1/ or names no file there.
bool ServeStatic(const std::string& web_dir, const httplib::Request& req, httplib::Response& res);

// The stored state as of `as_of` (RFC 3339 with a zone or a date; now when empty) as the
// starting point of a run (routes_twin.cpp). Adds a problem at `path` for a bad instant;
// throws ApiError(404) when the server has no store.
std::optional<twin::StartingPoint> StartFromStore(Service& service, const std::string& as_of,
                                                  const std::string& path,
                                                  std::vector<Problem>& problems);

}  // namespace chaintwin::server
