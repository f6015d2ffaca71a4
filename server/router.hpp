// The route table: every route the server answers, as (method, pattern) with `{name}` path
// parameters ("/v1/jobs/{id}"), the way docs/openapi.yaml writes them. The server dispatches
// every request through it, so a path that exists under another method gets 405 with Allow,
// and `chaintwin serve --list-routes` prints exactly what is served (checked against the
// OpenAPI file by tests/server/openapi_routes_test.py).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <httplib.h>

namespace chaintwin::server {

// One request as a handler sees it.
struct Call {
  const httplib::Request& request;
  std::map<std::string, std::string> params;  // path parameters by name

  const std::string& Param(const std::string& name) const { return params.at(name); }
};

using Handler = std::function<void(const Call&, httplib::Response&)>;

struct Route {
  std::string method;   // "GET", "POST", "DELETE"
  std::string pattern;  // "/v1/jobs/{id}"
  Handler handler;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);

  struct Match {
    const Route* route = nullptr;                // null when nothing matched this method
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed;            // methods the path has (for 405), sorted
  };
  // The route of `method` (HEAD is served by GET) whose pattern matches `path`.
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace chaintwin::server
