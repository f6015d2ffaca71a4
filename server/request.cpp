#include "server/request.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace chaintwin::server {

std::string MediaType(const httplib::Request& request) {
  std::string type = request.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

nlohmann::json JsonBody(const Call& call, const std::vector<std::string>& extra_types) {
  const std::string type = MediaType(call.request);
  if (type != "application/json" &&
      std::find(extra_types.begin(), extra_types.end(), type) == extra_types.end()) {
    throw ApiError(415, fmt::format("the body must be sent as application/json, not '{}'",
                                    type.empty() ? "(no Content-Type)" : type));
  }
  if (call.request.body.empty()) throw ApiError(400, "the body is empty: expected a JSON object");
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(call.request.body);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 1, column 9: ...".
    std::string what = e.what();
    size_t at = what.find("] ");
    throw ApiError(400, "the body is not valid JSON: " +
                            (at == std::string::npos ? what : what.substr(at + 2)));
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    size_t at = what.find("] ");
    throw ApiError(400, "the body is not valid JSON: " +
                            (at == std::string::npos ? what : what.substr(at + 2)));
  }
  if (!body.is_object()) {
    throw ApiError(400, fmt::format("the body must be a JSON object, not {}", body.type_name()));
  }
  return body;
}

Fields::Fields(const nlohmann::json& object, std::string path, std::vector<Problem>& problems)
    : object_(object), path_(std::move(path)), problems_(problems) {}

std::string Fields::PathOf(const std::string& name) const {
  return path_.empty() ? name : path_ + "." + name;
}

const nlohmann::json* Fields::Get(const std::string& name, bool required, const char* type) {
  read_.insert(name);
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    if (required) problems_.push_back({PathOf(name), fmt::format("required {} is missing", type)});
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> Fields::String(const std::string& name, bool required) {
  const nlohmann::json* v = Get(name, required, "string");
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    problems_.push_back({PathOf(name), fmt::format("expected a string, got {}", v->type_name())});
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<int64_t> Fields::Integer(const std::string& name, int64_t min, int64_t max,
                                       bool required) {
  const nlohmann::json* v = Get(name, required, "integer");
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    problems_.push_back({PathOf(name), fmt::format("expected a whole number, got {}",
                                                   v->is_number() ? v->dump() : v->type_name())});
    return std::nullopt;
  }
  // Unsigned values above INT64_MAX are out of range as well.
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(max)) {
    problems_.push_back({PathOf(name), fmt::format("{} is out of range [{}, {}]", v->dump(), min, max)});
    return std::nullopt;
  }
  int64_t x = v->get<int64_t>();
  if (x < min || x > max) {
    problems_.push_back({PathOf(name), fmt::format("{} is out of range [{}, {}]", x, min, max)});
    return std::nullopt;
  }
  return x;
}

std::optional<double> Fields::Number(const std::string& name, double min, double max,
                                     bool required) {
  const nlohmann::json* v = Get(name, required, "number");
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    problems_.push_back({PathOf(name), fmt::format("expected a number, got {}", v->type_name())});
    return std::nullopt;
  }
  double x = v->get<double>();
  if (!std::isfinite(x) || x < min || x > max) {
    problems_.push_back({PathOf(name), fmt::format("{} is out of range [{}, {}]", v->dump(), min, max)});
    return std::nullopt;
  }
  return x;
}

std::optional<bool> Fields::Bool(const std::string& name) {
  const nlohmann::json* v = Get(name, false, "boolean");
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    problems_.push_back({PathOf(name), fmt::format("expected true or false, got {}", v->type_name())});
    return std::nullopt;
  }
  return v->get<bool>();
}

const nlohmann::json* Fields::Object(const std::string& name, bool required) {
  const nlohmann::json* v = Get(name, required, "object");
  if (v && !v->is_object()) {
    problems_.push_back({PathOf(name), fmt::format("expected an object, got {}", v->type_name())});
    return nullptr;
  }
  return v;
}

const nlohmann::json* Fields::Any(const std::string& name) { return Get(name, false, "value"); }

void Fields::RejectUnknown() {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (!read_.count(it.key())) {
      std::vector<std::string> known(read_.begin(), read_.end());
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      problems_.push_back({PathOf(it.key()), fmt::format("unknown field (expected one of: {})", list)});
    }
  }
}

void Finish(const std::vector<Problem>& problems, const std::string& message) {
  if (!problems.empty()) {
    throw ApiError(400, fmt::format("{}: {} problem{}", message, problems.size(),
                                    problems.size() == 1 ? "" : "s"),
                   problems);
  }
}

Query::Query(const Call& call, std::set<std::string> allowed, std::vector<Problem>& problems)
    : request_(call.request), problems_(problems) {
  for (const auto& [name, value] : request_.params) {
    if (!allowed.count(name)) {
      std::string list;
      for (const std::string& k : allowed) list += (list.empty() ? "" : ", ") + k;
      problems_.push_back({"query." + name, list.empty()
                                                ? std::string("this route takes no query parameters")
                                                : fmt::format("unknown parameter (expected one of: {})", list)});
    }
    if (request_.params.count(name) > 1) {
      problems_.push_back({"query." + name, "given more than once"});
    }
  }
}

std::optional<std::string> Query::String(const std::string& name) const {
  if (!request_.has_param(name.c_str())) return std::nullopt;
  return request_.get_param_value(name.c_str());
}

std::optional<int64_t> Query::Integer(const std::string& name, int64_t min, int64_t max) const {
  std::optional<std::string> text = String(name);
  if (!text) return std::nullopt;
  int64_t x = 0;
  size_t used = 0;
  try {
    x = std::stoll(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text->empty() || used != text->size()) {
    problems_.push_back({"query." + name, fmt::format("'{}' is not a whole number", *text)});
    return std::nullopt;
  }
  if (x < min || x > max) {
    problems_.push_back({"query." + name, fmt::format("{} is out of range [{}, {}]", x, min, max)});
    return std::nullopt;
  }
  return x;
}

std::optional<double> Query::Number(const std::string& name, double min, double max) const {
  std::optional<std::string> text = String(name);
  if (!text) return std::nullopt;
  double x = 0;
  size_t used = 0;
  try {
    x = std::stod(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text->empty() || used != text->size() || !std::isfinite(x)) {
    problems_.push_back({"query." + name, fmt::format("'{}' is not a finite number", *text)});
    return std::nullopt;
  }
  if (x < min || x > max) {
    problems_.push_back({"query." + name, fmt::format("{} is out of range [{}, {}]", x, min, max)});
    return std::nullopt;
  }
  return x;
}

bool IsSafeName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

void SendJson(httplib::Response& response, int status, std::string json_text) {
  response.status = status;
  response.set_content(std::move(json_text), "application/json");
}

}  // namespace chaintwin::server
