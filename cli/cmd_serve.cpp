// `chaintwin serve --store DB`: the HTTP/JSON API (docs/openapi.yaml) on loopback by default.
// SIGTERM or SIGINT stops it gracefully: the listening socket closes, requests in flight
// finish, running jobs are cancelled, the store is closed.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "server/api_server.hpp"
#include "twin_support.hpp"

namespace chaintwin::cli {
namespace {

struct ServeFlags {
  server::ServeOptions options;
  bool allow_remote = false;
  bool list_routes = false;
  std::string max_body = "8M";
  std::string json_parser;  // "" = $CHAINTWIN_JSON_PARSER, else fast
};

size_t ParseSize(const std::string& text) {
  size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = used ? text.substr(used) : "";
  unsigned shift = 0;
  if (unit == "" || unit == "B") {
    shift = 0;
  } else if (unit == "K" || unit == "KiB" || unit == "k") {
    shift = 10;
  } else if (unit == "M" || unit == "MiB") {
    shift = 20;
  } else if (unit == "G" || unit == "GiB") {
    shift = 30;
  } else {
    used = 0;
  }
  if (used == 0 || n == 0 || n > (1ull << (40 - shift))) {
    throw InputError(util::Diagnostics{util::Diagnostic{
        "", 0, 0, "--max-body",
        fmt::format("'{}' is not a size between 1 and 1 TiB (e.g. 8M, 512K, 1048576)", text)}});
  }
  return static_cast<size_t>(n << shift);
}

int RunServe(ServeFlags& f) {
  f.options.max_body = ParseSize(f.max_body);
  f.options.fast_json = JsonParserOf(f.json_parser) == twin::JsonParser::kFast;
  if (f.options.web_dir.empty()) {
    f.options.web_dir = server::DefaultWebDir();
  } else if (!std::filesystem::is_regular_file(std::filesystem::path(f.options.web_dir) / "index.html")) {
    throw InputError(util::Diagnostics{util::Diagnostic{
        "", 0, 0, "--web",
        fmt::format("'{}' has no index.html (build the dashboard with scripts/setup.sh)",
                    f.options.web_dir)}});
  }
  if (!server::IsLoopback(f.options.listen) && !f.list_routes) {
    if (!f.allow_remote) {
      throw InputError(util::Diagnostics{util::Diagnostic{
          "", 0, 0, "--listen",
          fmt::format("'{}' is not a loopback address; the API has no access control yet, so "
                      "listening beyond this machine needs --allow-remote",
                      f.options.listen)}});
    }
    std::cerr << fmt::format(
        "warning: listening on {}: anyone who can reach this address can read the twin and "
        "send events (no tokens until the governance work lands)\n",
        f.options.listen);
  }
  // Signals are taken by one thread with sigwait, so no handler runs inside httplib or the
  // library; the threads started below inherit the blocked mask. SIGPIPE is ignored: a
  // client that hangs up must not end the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<server::ApiServer> api = server::ApiServer::Create(f.options);
  if (f.list_routes) {
    for (const auto& [method, pattern] : api->Routes()) std::cout << method << ' ' << pattern << '\n';
    return 0;
  }
  const int port = api->Bind();
  std::cerr << (f.options.web_dir.empty()
                    ? std::string("chaintwin serve: no dashboard built (web/dist not found beside "
                                  "the executable; run scripts/setup.sh or pass --web DIR)\n")
                    : fmt::format("chaintwin serve: dashboard from {}\n", f.options.web_dir));
  std::cout << fmt::format("chaintwin serve: listening on http://{}:{}/v1 (port {})\n",
                           f.options.listen.find(':') != std::string::npos
                               ? "[" + f.options.listen + "]"
                               : f.options.listen,
                           port, port)
            << std::flush;
  std::thread waiter([&api, stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cerr << fmt::format("chaintwin serve: {} received, stopping\n",
                             signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
    api->Stop();
  });
  api->Run();
  // Run returns after a signal (the waiter called Stop) or a failure of the listener; in the
  // second case wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  api.reset();  // cancels and joins the jobs, closes the store
  std::cerr << "chaintwin serve: stopped\n";
  return 0;
}

}  // namespace

void AddServe(CLI::App& app, Runner& run) {
  auto f = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the HTTP/JSON API (docs/openapi.yaml): events in, state, simulations, plans and "
      "analyses out. Listens on loopback unless --allow-remote.");
  cmd->add_option("--store", f->options.store, "Twin store (SQLite file; created when absent)");
  cmd->add_option("--json-parser", f->json_parser,
                  "JSON parser of POST /v1/events bodies: fast (simdjson; default) or plain "
                  "(nlohmann::json, the reference); the same events and problems either way. "
                  "Default from $CHAINTWIN_JSON_PARSER");
  cmd->add_option("--network", f->options.network,
                  "Network to serve (default: the bundled battery network)");
  cmd->add_option("--listen", f->options.listen, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", f->options.port, "Port (default 8080; 0 picks a free one and prints it)")
      ->check(CLI::Range(0, 65535));
  cmd->add_flag("--allow-remote", f->allow_remote,
                "Allow a non-loopback --listen address (no access control yet: prints a warning)");
  cmd->add_option("--threads", f->options.threads,
                  "Request threads, each serving one connection at a time (default 8)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--max-body", f->max_body,
                  "Largest request body accepted (default 8M); larger ones get 413");
  cmd->add_option("--timeout", f->options.timeout_s,
                  "Seconds a client may take to send a request or read a response (default 10)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--request-time-limit", f->options.request_time_limit_s,
                  "Seconds of computing a simulate, compare, plan or analyze request may take "
                  "before it stops with 504 (default 30; 0: no limit)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--jobs", f->options.max_jobs,
                  "Monte Carlo jobs queued or running at once before 503 (default 4)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--job-workers", f->options.job_workers, "Jobs run side by side (default 1)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--job-threads", f->options.job_threads,
                  "Threads per Monte Carlo job (default 0: one per hardware thread)");
  cmd->add_option("--access-log", f->options.access_log,
                  "Append the access log (one JSON line per request) to FILE instead of stderr");
  cmd->add_option("--web", f->options.web_dir,
                  "Serve the dashboard from DIR at / (default: web/dist beside the executable)");
  cmd->add_flag("--list-routes", f->list_routes, "Print every METHOD /path served, then exit");
  cmd->callback([f, &run] { run = [f] { return RunServe(*f); }; });
}

}  // namespace chaintwin::cli
