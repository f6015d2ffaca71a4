#include "twin/object_reader.hpp"

#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "chaintwin/util/date.hpp"

namespace chaintwin::twin {
namespace {

constexpr double kMaxQuantity = 1e15;

std::string Shorten(std::string text) {
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

}  // namespace

std::string Describe(const nlohmann::json& j) {
  if (j.is_string()) return fmt::format("text '{}'", Shorten(j.get<std::string>()));
  if (j.is_number()) return fmt::format("the number {}", j.dump());
  if (j.is_boolean()) return fmt::format("{}", j.get<bool>());
  if (j.is_array()) return "a list";
  if (j.is_object()) return "an object";
  return "null";
}

std::optional<std::string> CatenaXUnit(std::string_view unit) {
  static const std::pair<std::string_view, std::string_view> kUnits[] = {
      {"unit:gram", "g"},           {"unit:kilogram", "kg"},
      {"unit:tonneMetricTon", "t"}, {"unit:kilotonne", "kt"},
      {"unit:piece", "unit"},       {"unit:unit", "unit"},
      {"unit:wattHour", "Wh"},      {"unit:kilowattHour", "kWh"},
      {"unit:megawattHour", "MWh"}, {"unit:gigawattHour", "GWh"},
      {"unit:litre", "L"},          {"unit:cubicMetre", "m3"},
      {"unit:squareMetre", "m2"},
  };
  for (const auto& [cx, ours] : kUnits) {
    if (cx == unit) return std::string(ours);
  }
  return std::nullopt;
}

ObjectReader ObjectReader::Nested(const std::string& path) const {
  Origin o = origin_;
  o.prefix += path + ".";
  return ObjectReader(context_, diagnostics_, std::move(o));
}

void ObjectReader::Error(std::string_view field, std::string message) {
  util::Diagnostic d;
  d.file = origin_.file;
  d.path = origin_.prefix + std::string(field);
  if (!d.path.empty() && d.path.back() == '.') d.path.pop_back();
  if (origin_.where) std::tie(d.line, d.column) = origin_.where(d.path);
  d.message = std::move(message);
  diagnostics_.push_back(std::move(d));
}

bool ObjectReader::CheckFields(const nlohmann::json& j, const std::vector<std::string_view>& allowed) {
  bool ok = true;
  for (const auto& [k, v] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    Error(k, fmt::format("unknown field `{}` for this kind (expected one of: {})", k, list));
    ok = false;
  }
  return ok;
}

const nlohmann::json* ObjectReader::Field(const nlohmann::json& j, std::string_view field,
                                          bool required) {
  auto it = j.find(std::string(field));
  if (it == j.end() || it->is_null()) {
    if (required) Error(field, fmt::format("missing `{}`", field));
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ObjectReader::Text(const nlohmann::json& j, std::string_view field,
                                              bool required) {
  const nlohmann::json* v = Field(j, field, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Error(field, fmt::format("expected text, found {}", Describe(*v)));
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  if (s.empty() && required) {
    Error(field, fmt::format("`{}` is empty", field));
    return std::nullopt;
  }
  return s;
}

std::optional<double> ObjectReader::Number(const nlohmann::json& j, std::string_view field,
                                           bool required) {
  const nlohmann::json* v = Field(j, field, required);
  if (v == nullptr) return std::nullopt;
  double x = 0;
  if (v->is_number()) {
    x = v->get<double>();
  } else if (v->is_string()) {
    auto q = model::ParseQuantity(v->get<std::string>(), false);
    if (!q || q.value().numerator != model::Dimension::kFraction) {
      Error(field, fmt::format("expected a number, found {}", Describe(*v)));
      return std::nullopt;
    }
    x = q.value().value;
  } else {
    Error(field, fmt::format("expected a number, found {}", Describe(*v)));
    return std::nullopt;
  }
  if (!std::isfinite(x) || std::fabs(x) > kMaxQuantity) {
    Error(field, fmt::format("expected a finite number of at most 1e15, found {}", Describe(*v)));
    return std::nullopt;
  }
  return x;
}

std::optional<bool> ObjectReader::Bool(const nlohmann::json& j, std::string_view field) {
  const nlohmann::json* v = Field(j, field, false);
  if (v == nullptr) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string() && (*v == "true" || *v == "false")) return *v == "true";
  Error(field, fmt::format("expected true or false, found {}", Describe(*v)));
  return std::nullopt;
}

std::optional<int64_t> ObjectReader::Time(const nlohmann::json& j, std::string_view field,
                                          bool required, int32_t* offset) {
  auto text = Text(j, field, required);
  if (!text) return std::nullopt;
  auto ms = ParseDateTime(*text, offset);
  if (!ms) {
    Error(field, fmt::format("expected a date-time with a time zone such as "
                             "2026-03-02T06:00:00+01:00, found '{}'", Shorten(*text)));
  }
  return ms;
}

std::optional<int32_t> ObjectReader::Day(const nlohmann::json& j, std::string_view field,
                                         bool required) {
  auto text = Text(j, field, required);
  if (!text) return std::nullopt;
  auto day = util::ParseDate(*text);
  if (!day) {
    Error(field, fmt::format("expected a date YYYY-MM-DD, found '{}'", Shorten(*text)));
  }
  return day;
}

std::optional<double> ObjectReader::Quantity(const nlohmann::json& j, std::string_view field,
                                             model::Dimension dim, bool required) {
  const nlohmann::json* v = Field(j, field, required);
  if (v == nullptr) return std::nullopt;
  std::string text;
  if (v->is_string()) {
    text = v->get<std::string>();
  } else if (v->is_object() && v->contains("value") && v->contains("unit") &&
             (*v)["value"].is_number() && (*v)["unit"].is_string()) {
    std::string unit = (*v)["unit"].get<std::string>();
    if (unit.rfind("unit:", 0) == 0) {
      auto ours = CatenaXUnit(unit);
      if (!ours) {
        Error(field, fmt::format("unit '{}' has no counterpart here (accepted: unit:gram, "
                                 "unit:kilogram, unit:tonneMetricTon, unit:piece, unit:kilowattHour, "
                                 "unit:megawattHour, unit:litre, unit:cubicMetre, unit:squareMetre)",
                                 unit));
        return std::nullopt;
      }
      unit = *ours;
    }
    text = fmt::format("{} {}", (*v)["value"].dump(), unit);
  } else {
    Error(field, fmt::format("expected a quantity with its unit such as '12.5 {}' or "
                             "{{\"value\": 12.5, \"unit\": \"...\"}}, found {}",
                             model::CanonicalUnit(dim), Describe(*v)));
    return std::nullopt;
  }
  auto q = model::ParseQuantity(text, true);
  if (!q) {
    Error(field, fmt::format("expected a quantity such as '12.5 {}', found '{}': {}",
                             model::CanonicalUnit(dim), Shorten(text), q.error().message));
    return std::nullopt;
  }
  if (q.value().numerator != dim || q.value().denominator != model::Dimension::kFraction) {
    Error(field, fmt::format("wrong unit: expected {} (such as '12.5 {}'), found '{}' ({})",
                             model::DimensionName(dim), model::CanonicalUnit(dim), Shorten(text),
                             model::DescribeDimensions(q.value().numerator, q.value().denominator)));
    return std::nullopt;
  }
  double x = q.value().value;
  if (!std::isfinite(x) || x < 0 || x > kMaxQuantity) {
    Error(field, fmt::format("expected a quantity from 0 to 1e15 {}, found '{}'",
                             model::CanonicalUnit(dim), Shorten(text)));
    return std::nullopt;
  }
  return x;
}

std::optional<double> ObjectReader::Rate(const nlohmann::json& j, std::string_view field,
                                         model::Dimension dim, bool required) {
  auto text = Text(j, field, required);
  if (!text) return std::nullopt;
  auto q = model::ParseQuantity(*text, true);
  if (!q || q.value().numerator != dim || q.value().denominator != model::Dimension::kTime ||
      !std::isfinite(q.value().value) || q.value().value < 0 || q.value().value > kMaxQuantity) {
    Error(field, fmt::format("expected a rate of {} per time such as '40 {}/d', found '{}'",
                             model::DimensionName(dim), model::CanonicalUnit(dim), Shorten(*text)));
    return std::nullopt;
  }
  return q.value().value;
}

std::optional<std::string> ObjectReader::Site(const nlohmann::json& j, std::string_view field,
                                              bool required) {
  auto text = Text(j, field, required);
  if (!text) return std::nullopt;
  auto site = context_.SiteKey(*text);
  if (!site) {
    Error(field, fmt::format("unknown site '{}': neither a site of the network nor a BPNS in its "
                             "catena_x.sites", Shorten(*text)));
  }
  return site;
}

std::optional<std::string> ObjectReader::Material(const nlohmann::json& j, std::string_view field,
                                                  bool required) {
  auto text = Text(j, field, required);
  if (!text) return std::nullopt;
  auto m = context_.MaterialKey(*text);
  if (!m) {
    Error(field, fmt::format("unknown material '{}': neither a material of the network nor an id "
                             "or number in its catena_x.materials", Shorten(*text)));
  }
  return m;
}

}  // namespace chaintwin::twin
