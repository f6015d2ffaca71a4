#include "twin/object_reader.hpp"

#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "chaintwin/util/date.hpp"
#include "twin/simd_view.hpp"

namespace chaintwin::twin {
namespace {

constexpr double kMaxQuantity = 1e15;

std::string Shorten(std::string text) {
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

// {"value": a number, "unit": text}, the Catena-X form of a quantity.
template <JsonView View>
bool IsValueWithUnit(View v) {
  if (!v.IsObject()) return false;
  auto value = v.Find("value");
  auto unit = v.Find("unit");
  return value && unit && value->IsNumber() && unit->IsString();
}

}  // namespace

template <JsonView View>
std::string Describe(View j) {
  if (j.IsString()) return fmt::format("text '{}'", Shorten(std::string(j.String())));
  if (j.IsNumber()) return fmt::format("the number {}", j.Dump());
  if (j.IsBool()) return fmt::format("{}", j.Bool());
  if (j.IsArray()) return "a list";
  if (j.IsObject()) return "an object";
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

template <JsonView View>
bool ObjectReader::CheckFields(View j, const std::vector<std::string_view>& allowed) {
  std::vector<std::string_view> unknown;
  j.ForEachKey([&](std::string_view k) {
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) unknown.push_back(k);
  });
  if (unknown.empty()) return true;
  std::sort(unknown.begin(), unknown.end());  // nlohmann's order of members
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  for (std::string_view k : unknown) {
    Error(k, fmt::format("unknown field `{}` for this kind (expected one of: {})", k, list));
  }
  return false;
}

template <JsonView View>
std::optional<View> ObjectReader::Field(View j, std::string_view field, bool required) {
  std::optional<View> v = j.Find(field);
  if (!v || v->IsNull()) {
    if (required) Error(field, fmt::format("missing `{}`", field));
    return std::nullopt;
  }
  return v;
}

template <JsonView View>
std::optional<std::string> ObjectReader::Text(View j, std::string_view field, bool required) {
  std::optional<View> v = Field(j, field, required);
  if (!v) return std::nullopt;
  if (!v->IsString()) {
    Error(field, fmt::format("expected text, found {}", Describe(*v)));
    return std::nullopt;
  }
  std::string s(v->String());
  if (s.empty() && required) {
    Error(field, fmt::format("`{}` is empty", field));
    return std::nullopt;
  }
  return s;
}

template <JsonView View>
std::optional<double> ObjectReader::Number(View j, std::string_view field, bool required) {
  std::optional<View> v = Field(j, field, required);
  if (!v) return std::nullopt;
  double x = 0;
  if (v->IsNumber()) {
    x = v->Double();
  } else if (v->IsString()) {
    auto q = model::ParseQuantity(std::string(v->String()), false);
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

template <JsonView View>
std::optional<bool> ObjectReader::Bool(View j, std::string_view field) {
  std::optional<View> v = Field(j, field, false);
  if (!v) return std::nullopt;
  if (v->IsBool()) return v->Bool();
  if (v->IsString() && (v->String() == "true" || v->String() == "false")) {
    return v->String() == "true";
  }
  Error(field, fmt::format("expected true or false, found {}", Describe(*v)));
  return std::nullopt;
}

template <JsonView View>
std::optional<int64_t> ObjectReader::Time(View j, std::string_view field, bool required,
                                          int32_t* offset) {
  auto text = Text(j, field, required);
  if (!text) return std::nullopt;
  auto ms = ParseDateTime(*text, offset);
  if (!ms) {
    Error(field, fmt::format("expected a date-time with a time zone such as "
                             "2026-03-02T06:00:00+01:00, found '{}'", Shorten(*text)));
  }
  return ms;
}

template <JsonView View>
std::optional<int32_t> ObjectReader::Day(View j, std::string_view field, bool required) {
  auto text = Text(j, field, required);
  if (!text) return std::nullopt;
  auto day = util::ParseDate(*text);
  if (!day) {
    Error(field, fmt::format("expected a date YYYY-MM-DD, found '{}'", Shorten(*text)));
  }
  return day;
}

template <JsonView View>
std::optional<double> ObjectReader::Quantity(View j, std::string_view field, model::Dimension dim,
                                             bool required) {
  std::optional<View> v = Field(j, field, required);
  if (!v) return std::nullopt;
  std::string text;
  if (v->IsString()) {
    text = std::string(v->String());
  } else if (IsValueWithUnit(*v)) {
    std::string unit(v->Find("unit")->String());
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
    text = fmt::format("{} {}", v->Find("value")->Dump(), unit);
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

template <JsonView View>
std::optional<double> ObjectReader::Rate(View j, std::string_view field, model::Dimension dim,
                                         bool required) {
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

template <JsonView View>
std::optional<std::string> ObjectReader::Site(View j, std::string_view field, bool required) {
  auto text = Text(j, field, required);
  if (!text) return std::nullopt;
  auto site = context_.SiteKey(*text);
  if (!site) {
    Error(field, fmt::format("unknown site '{}': neither a site of the network nor a BPNS in its "
                             "catena_x.sites", Shorten(*text)));
  }
  return site;
}

template <JsonView View>
std::optional<std::string> ObjectReader::Material(View j, std::string_view field, bool required) {
  auto text = Text(j, field, required);
  if (!text) return std::nullopt;
  auto m = context_.MaterialKey(*text);
  if (!m) {
    Error(field, fmt::format("unknown material '{}': neither a material of the network nor an id "
                             "or number in its catena_x.materials", Shorten(*text)));
  }
  return m;
}

bool HasDuplicateKeys(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      simdjson::dom::object object;
      if (e.get_object().get(object) != simdjson::SUCCESS) return true;
      // Keys are compared only when their length and first and last bytes agree (event
      // objects have a dozen short keys, several of one length).
      std::string_view keys[64];
      uint32_t shapes[64];
      size_t n = 0;
      for (auto field : object) {
        if (n == 64) return true;
        const std::string_view key = field.key;
        const uint32_t shape =
            key.empty() ? 0
                        : static_cast<uint32_t>(key.size()) << 16 |
                              static_cast<uint32_t>(static_cast<unsigned char>(key.front())) << 8 |
                              static_cast<unsigned char>(key.back());
        for (size_t k = 0; k < n; ++k) {
          if (shapes[k] == shape && keys[k] == key) return true;
        }
        keys[n] = key;
        shapes[n++] = shape;
        if (HasDuplicateKeys(field.value)) return true;
      }
      return false;
    }
    case simdjson::dom::element_type::ARRAY: {
      simdjson::dom::array array;
      if (e.get_array().get(array) != simdjson::SUCCESS) return true;
      for (simdjson::dom::element x : array) {
        if (HasDuplicateKeys(x)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

// The two views the readers use.
#define CT_INSTANTIATE_OBJECT_READER(View)                                                      \
  template std::string Describe(View);                                                          \
  template bool ObjectReader::CheckFields(View, const std::vector<std::string_view>&);          \
  template std::optional<View> ObjectReader::Field(View, std::string_view, bool);               \
  template std::optional<std::string> ObjectReader::Text(View, std::string_view, bool);         \
  template std::optional<double> ObjectReader::Number(View, std::string_view, bool);            \
  template std::optional<bool> ObjectReader::Bool(View, std::string_view);                      \
  template std::optional<int64_t> ObjectReader::Time(View, std::string_view, bool, int32_t*);   \
  template std::optional<int32_t> ObjectReader::Day(View, std::string_view, bool);              \
  template std::optional<double> ObjectReader::Quantity(View, std::string_view, model::Dimension, \
                                                        bool);                                  \
  template std::optional<double> ObjectReader::Rate(View, std::string_view, model::Dimension,   \
                                                    bool);                                      \
  template std::optional<std::string> ObjectReader::Site(View, std::string_view, bool);         \
  template std::optional<std::string> ObjectReader::Material(View, std::string_view, bool);
CT_INSTANTIATE_OBJECT_READER(NlohmannView)
CT_INSTANTIATE_OBJECT_READER(SimdView)
#undef CT_INSTANTIATE_OBJECT_READER

}  // namespace chaintwin::twin
