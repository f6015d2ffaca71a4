#include "server/api_error.hpp"

#include <nlohmann/json.hpp>

namespace chaintwin::server {

const char* StatusCode(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 422: return "unprocessable";
    case 429: return "too_many_requests";
    case 500: return "internal_error";
    case 503: return "unavailable";
    case 504: return "time_limit";
    default: return status >= 500 ? "server_error" : "client_error";
  }
}

std::string ErrorBody(int status, const std::string& message, const std::vector<Problem>& problems) {
  nlohmann::json list = nlohmann::json::array();
  for (const Problem& p : problems) list.push_back({{"path", p.path}, {"message", p.message}});
  nlohmann::json body = {{"error",
                          {{"status", status},
                           {"code", StatusCode(status)},
                           {"message", message},
                           {"problems", list}}}};
  // Replace, never throw, on invalid UTF-8 echoed from a request.
  return body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace chaintwin::server
