// The HTTP layer: httplib's server with every request dispatched through one Router, limits
// (body size, content type, timeouts), the JSON error body for every 4xx/5xx, the access log
// (one JSON line per request) and the request metrics.
#include "server/api_server.hpp"

#include <arpa/inet.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "chaintwin/io/load.hpp"
#include "chaintwin/util/error.hpp"
#include "chaintwin/util/date.hpp"
#include "server/api_error.hpp"
#include "server/json_map.hpp"
#include "server/request.hpp"
#include "server/service.hpp"

namespace chaintwin::server {
namespace {

// What the logger needs to know about the request this thread is answering: httplib reads,
// routes, answers and logs one request on one thread.
struct RequestStamp {
  std::chrono::steady_clock::time_point start{};
  bool started = false;
  std::string route;
};
thread_local RequestStamp stamp;

std::string UtcNow() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", text, ms);
}

const char* DefaultMessage(int status) {
  switch (status) {
    case 400: return "the request could not be read (malformed request line, header or body)";
    case 404: return "no such resource";
    case 408: return "the request was not received in time";
    case 413: return "the body is larger than this server accepts (--max-body)";
    case 414: return "the request URI is too long";
    case 416: return "range not satisfiable";
    default: return status >= 500 ? "internal error" : "request refused";
  }
}

std::vector<Problem> ProblemsOf(const InputError& e) {
  std::vector<Problem> out;
  for (const util::Diagnostic& d : e.diagnostics()) {
    std::string where = d.path;
    if (!d.file.empty()) {
      std::string place = d.line > 0 ? fmt::format("{}:{}:{}", d.file, d.line, d.column) : d.file;
      where = where.empty() ? place : place + " " + where;
    }
    out.push_back({where, d.message});
  }
  return out;
}

}  // namespace

bool IsLoopback(const std::string& address) {
  if (address == "localhost" || address == "::1") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  return false;
}

struct ApiServer::Impl {
  Service service;
  Router router;
  httplib::Server http;
  std::FILE* log = stderr;
  std::mutex log_mutex;
  int port = 0;

  ~Impl() {
    if (log && log != stderr) std::fclose(log);
  }

  void Dispatch(const httplib::Request& req, httplib::Response& res) {
    Router::Match match = router.Find(req.method, req.path);
    stamp.route = match.route ? match.route->pattern : "unmatched";
    try {
      if (!match.route) {
        if (!match.allowed.empty()) {
          std::string allow;
          for (const std::string& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
          res.set_header("Allow", allow);
          throw ApiError(405, fmt::format("{} is not allowed on {} (allowed: {})", req.method,
                                          req.path, allow));
        }
        if (ServeStatic(service.options.web_dir, req, res)) {
          stamp.route = "static";
          return;
        }
        throw ApiError(404, fmt::format("no route {} {} (the routes are listed in "
                                        "docs/openapi.yaml)",
                                        req.method, req.path));
      }
      match.route->handler(Call{req, std::move(match.params)}, res);
    } catch (const ApiError& e) {
      SendJson(res, e.status(), ErrorBody(e.status(), e.message(), e.problems()));
    } catch (const InputError& e) {
      SendJson(res, 400, ErrorBody(400, "invalid input", ProblemsOf(e)));
    } catch (const NotFound& e) {
      SendJson(res, 404, ErrorBody(404, e.what()));
    } catch (const Forbidden& e) {
      SendJson(res, 403, ErrorBody(403, e.what()));
    } catch (const SolverError& e) {
      SendJson(res, 500, ErrorBody(500, std::string("solver: ") + e.what()));
    } catch (const StoreError& e) {
      SendJson(res, 500, ErrorBody(500, std::string("store: ") + e.what()));
    } catch (const std::exception& e) {
      SendJson(res, 500, ErrorBody(500, std::string("internal error: ") + e.what()));
    }
  }

  void Log(const httplib::Request& req, const httplib::Response& res) {
    double seconds = 0.0;
    if (stamp.started) {
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - stamp.start).count();
    }
    const std::string route = stamp.started ? stamp.route : "unmatched";
    service.metrics.RecordRequest(route, req.method, res.status, seconds);
    nlohmann::json line = {{"time", UtcNow()},
                           {"remote", req.remote_addr},
                           {"method", req.method},
                           {"path", req.path},
                           {"route", route},
                           {"status", res.status},
                           {"bytes_in", req.body.size()},
                           {"bytes_out", res.body.size()},
                           {"ms", seconds * 1000.0}};
    std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    stamp = RequestStamp{};
    std::lock_guard<std::mutex> lock(log_mutex);
    std::fwrite(text.data(), 1, text.size(), log);
    std::fflush(log);
  }
};

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiServer::~ApiServer() { impl_->service.jobs.reset(); }

std::unique_ptr<ApiServer> ApiServer::Create(const ServeOptions& options) {
  auto impl = std::make_unique<Impl>();
  Service& s = impl->service;
  s.options = options;
  s.network_path = options.network.empty() ? io::DefaultNetworkPath() : io::NetworkFileOf(options.network);
  s.network = io::LoadNetwork(s.network_path);
  s.compiled = model::Compile(s.network);
  s.scenario_dir = (std::filesystem::path(io::DataDir()) / "battery" / "scenarios").string();
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(s.scenario_dir, ec)) {
    const std::filesystem::path& p = entry.path();
    if (p.extension() == ".yaml" && IsSafeName(p.stem().string())) {
      s.scenarios[p.stem().string()] = p.string();
    }
  }
  std::vector<ScenarioEntry> entries;
  for (const auto& [name, path] : s.scenarios) {
    ScenarioEntry e;
    e.name = name;
    try {
      io::LoadedScenario loaded = io::LoadScenario(path, s.network_path);
      e.id = loaded.scenario.id;
      e.title = loaded.scenario.name;
      e.description = loaded.scenario.description;
      e.start_date = util::FormatDate(loaded.scenario.start);
      e.horizon_days = loaded.scenario.horizon_days;
      e.events = static_cast<int>(loaded.scenario.events.size());
    } catch (const InputError& err) {
      // Listed with its first problem, so a broken file shows instead of vanishing.
      e.error = err.diagnostics().empty() ? err.what() : err.diagnostics().front().message;
    }
    entries.push_back(std::move(e));
  }
  s.scenarios_json = ScenariosJson(entries);
  s.network_json = NetworkJson(s.network);
  s.sources_json = SourcesJson(s.network);
  s.twin = std::make_unique<twin::TwinContext>(s.network);
  if (!options.store.empty()) s.store = store::OpenStore(options.store);
  s.jobs = std::make_unique<JobQueue>(options.job_workers, options.max_jobs, 64);
  if (!options.access_log.empty()) {
    impl->log = std::fopen(options.access_log.c_str(), "a");
    if (!impl->log) throw Error(fmt::format("cannot open the access log '{}'", options.access_log));
  }

  AddOpsRoutes(impl->router, s);
  AddCatalogRoutes(impl->router, s);
  AddRunRoutes(impl->router, s);
  AddAnalyzeRoutes(impl->router, s);
  AddJobRoutes(impl->router, s);
  AddTwinRoutes(impl->router, s);
  AddReportRoutes(impl->router, s);

  Impl* self = impl.get();
  httplib::Server& http = impl->http;
  const unsigned threads = std::max(1u, options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options.max_body);
  http.set_read_timeout(options.timeout_s, 0);
  http.set_write_timeout(options.timeout_s, 0);
  http.set_keep_alive_timeout(5);
  // httplib writes headers and body separately: without TCP_NODELAY, Nagle's algorithm holds
  // the body until the client's delayed ACK (40 ms on Linux) on every keep-alive answer.
  http.set_tcp_nodelay(true);
  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    stamp.start = std::chrono::steady_clock::now();
    stamp.started = true;
    // httplib 0.11 answers "Accept-Encoding: br" with Brotli at quality 11: 0.95 s for the
    // 177 KB GET /v1/network and 4.6 s for the dashboard's 860 KB script (2 busy cores), where
    // gzip takes 14 ms. Browsers always offer br, so drop it: they get gzip. httplib hands the
    // handler a const view of its own (non-const) request object, so the edit is well-defined.
    auto& headers = const_cast<httplib::Request&>(req).headers;
    auto [first, last] = headers.equal_range("Accept-Encoding");  // case-insensitive keys
    for (auto it = first; it != last; ++it) {
      std::string& value = it->second;
      for (size_t at = value.find("br"); at != std::string::npos; at = value.find("br", at)) value.replace(at, 2, "");
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto dispatch = [self](const httplib::Request& req, httplib::Response& res) {
    self->Dispatch(req, res);
  };
  const char* all = "(.*)";
  http.Get(all, dispatch);
  http.Post(all, dispatch);
  http.Put(all, dispatch);
  http.Patch(all, dispatch);
  http.Delete(all, dispatch);
  http.Options(all, dispatch);
  // httplib answers some failures itself (413 before reading the body, 400 for a request it
  // cannot parse, 414): give those the same JSON error body as ours.
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
          res.set_content(ErrorBody(res.status, DefaultMessage(res.status)), "application/json");
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    SendJson(res, 500, ErrorBody(500, "internal error"));
  });
  http.set_logger([self](const httplib::Request& req, const httplib::Response& res) {
    self->Log(req, res);
  });
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

std::vector<std::pair<std::string, std::string>> ApiServer::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Route& r : impl_->router.routes()) out.emplace_back(r.method, r.pattern);
  return out;
}

int ApiServer::Bind() {
  const ServeOptions& o = impl_->service.options;
  if (o.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(o.listen);
  } else {
    impl_->port = impl_->http.bind_to_port(o.listen, o.port) ? o.port : -1;
  }
  if (impl_->port <= 0) {
    throw Error(fmt::format("cannot listen on {}:{} (address in use or not available)", o.listen,
                            o.port));
  }
  return impl_->port;
}

void ApiServer::Run() {
  impl_->http.listen_after_bind();
  // listen_after_bind returns once Stop() closed the socket and every handler thread has
  // finished its request. Then cancel the jobs and wait for them.
  impl_->service.jobs->Shutdown();
}

void ApiServer::Stop() { impl_->http.stop(); }

}  // namespace chaintwin::server
