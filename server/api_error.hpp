// How the API says no: an ApiError carries the HTTP status, one sentence for a person and,
// for bad input, every problem found with its JSON path (or file, line and field). The
// dispatcher (api_server.cpp) turns it, and the library's exceptions, into the JSON error body
// documented in docs/openapi.yaml (`Error`):
//   {"error": {"status": 400, "code": "bad_request", "message": "...",
//              "problems": [{"path": "events[3].quantity", "message": "..."}]}}
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace chaintwin::server {

struct Problem {
  std::string path;  // JSON path in the request ("events[3].quantity"), or "file:line:col field"
  std::string message;
};

class ApiError {
 public:
  ApiError(int status, std::string message, std::vector<Problem> problems = {})
      : status_(status), message_(std::move(message)), problems_(std::move(problems)) {}
  int status() const { return status_; }
  const std::string& message() const { return message_; }
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  int status_;
  std::string message_;
  std::vector<Problem> problems_;
};

// The short machine code of a status: 400 "bad_request", 404 "not_found", 405
// "method_not_allowed", 413 "payload_too_large", 415 "unsupported_media_type", 503
// "unavailable", 504 "time_limit" (the per-request compute limit), ...
const char* StatusCode(int status);

// The error body of `status` with `message` and `problems`, as JSON text ending in a newline.
std::string ErrorBody(int status, const std::string& message,
                      const std::vector<Problem>& problems = {});

}  // namespace chaintwin::server
