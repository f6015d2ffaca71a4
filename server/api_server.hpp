// `chaintwin serve`: the HTTP/JSON API over libchaintwin (docs/openapi.yaml). This header is
// all the command needs; httplib stays inside server/.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace chaintwin::server {

struct ServeOptions {
  std::string store;                    // the twin store (--store DB); "" = none
  std::string network;                  // network served; "" = the bundled battery network
  std::string listen = "127.0.0.1";
  int port = 8080;                      // 0: pick a free port
  unsigned threads = 8;                 // request handler threads (one per open connection)
  size_t max_body = 8u << 20;           // bytes; larger bodies get 413
  int timeout_s = 10;                   // read/write timeout per request (slow clients)
  double request_time_limit_s = 30.0;   // compute per simulate/plan/analyze request; <= 0: none
  unsigned job_workers = 1;             // Monte Carlo jobs run at once
  size_t max_jobs = 4;                  // jobs queued or running before 503
  unsigned job_threads = 0;             // threads per Monte Carlo job; 0 = hardware threads
  std::string access_log;               // file; "" = standard error
  std::string web_dir;                  // the dashboard's built files served at /; "" = none
  bool fast_json = true;                // POST /v1/events read by simdjson (twin::JsonParser::kFast)
};

class ApiServer {
 public:
  // Loads the network and the scenario catalogue and opens the store. Throws InputError for
  // bad input files, StoreError when the store cannot be opened.
  static std::unique_ptr<ApiServer> Create(const ServeOptions& options);
  ~ApiServer();

  // Every (method, pattern) served, in registration order.
  std::vector<std::pair<std::string, std::string>> Routes() const;
  // Binds the listening socket; returns the port (the chosen one when options.port is 0).
  // Throws Error when the address cannot be bound.
  int Bind();
  // Serves until Stop(); then lets in-flight requests finish, cancels the running jobs and
  // closes the store before returning.
  void Run();
  // Thread-safe; may be called from a signal-waiting thread.
  void Stop();

 private:
  struct Impl;
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The built dashboard beside the executable (build/chaintwin -> web/dist), or "" when none is
// built (routes_static.cpp).
std::string DefaultWebDir();

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopback(const std::string& address);

}  // namespace chaintwin::server
