// Reading a request the same strict way everywhere: the JSON body (415 unless it is sent as
// application/json, 400 naming line and column when it does not parse), its fields with their
// JSON paths (a wrong type, a value out of range or an unknown field is a problem listed with
// its path), and query parameters (unknown ones are refused, so a typo is not silently
// ignored). Every check collects its problems and `Finish` throws one ApiError(400) holding all
// of them.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/api_error.hpp"
#include "server/router.hpp"

namespace chaintwin::server {

// The body of a POST as a JSON object. Throws ApiError 415 for another content type and 400
// for an empty body, text that is not JSON (with line and column) or JSON that is not an
// object. `extra_types` lists other accepted media types whose body is still JSON.
nlohmann::json JsonBody(const Call& call, const std::vector<std::string>& extra_types = {});

// The media type of the request without parameters, lower case ("application/json").
std::string MediaType(const httplib::Request& request);

// Reads the fields of one JSON object, remembering which were read.
class Fields {
 public:
  Fields(const nlohmann::json& object, std::string path, std::vector<Problem>& problems);
  std::optional<std::string> String(const std::string& name, bool required = false);
  std::optional<int64_t> Integer(const std::string& name, int64_t min, int64_t max,
                                 bool required = false);
  std::optional<double> Number(const std::string& name, double min, double max,
                               bool required = false);
  std::optional<bool> Bool(const std::string& name);
  // The member `name` when it is an object (else a problem), nullptr when absent.
  const nlohmann::json* Object(const std::string& name, bool required = false);
  // Any JSON value under `name`, or nullptr when absent.
  const nlohmann::json* Any(const std::string& name);
  // Adds a problem for every member that was not read ("unknown field").
  void RejectUnknown();
  std::string PathOf(const std::string& name) const;

 private:
  const nlohmann::json* Get(const std::string& name, bool required, const char* type);
  const nlohmann::json& object_;
  std::string path_;
  std::vector<Problem>& problems_;
  std::set<std::string> read_;
};

// Throws ApiError(400, message, problems) when `problems` is not empty.
void Finish(const std::vector<Problem>& problems, const std::string& message = "invalid request");

// Query parameters: refuse any not in `allowed`, read typed values with range checks.
class Query {
 public:
  Query(const Call& call, std::set<std::string> allowed, std::vector<Problem>& problems);
  std::optional<std::string> String(const std::string& name) const;
  std::optional<int64_t> Integer(const std::string& name, int64_t min, int64_t max) const;
  std::optional<double> Number(const std::string& name, double min, double max) const;

 private:
  const httplib::Request& request_;
  std::vector<Problem>& problems_;
};

// A name of a bundled thing (a scenario): 1 to 64 of [a-z0-9_-], so it can never climb out of
// its folder ("../", "/", "%2e%2e", NUL).
bool IsSafeName(const std::string& name);

// Writes `json_text` with status `status` as application/json.
void SendJson(httplib::Response& response, int status, std::string json_text);

}  // namespace chaintwin::server
