// Typed fields of one event object, each problem reported as a Diagnostic at the file, line
// and column the object came from, with the field's path. The object is read through a view
// (twin/json_view.hpp): NlohmannView for nlohmann::json, SimdView for the fast JSON Lines path;
// the member templates are instantiated for both in object_reader.cpp. Private to src/twin.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "chaintwin/model/units.hpp"
#include "chaintwin/twin/context.hpp"
#include "chaintwin/twin/event.hpp"
#include "chaintwin/util/diagnostic.hpp"
#include "twin/json_view.hpp"

namespace chaintwin::twin {

// Where an object came from: the file, and the line and column of a field by its full path
// (CSV: the row and column of the cell; JSON Lines: the line, column 0). `prefix` is
// prepended to field paths ("positions[0].").
struct Origin {
  std::string file;
  std::function<std::pair<int, int>(const std::string& path)> where;
  std::string prefix;
};

class ObjectReader {
 public:
  ObjectReader(const TwinContext& context, util::Diagnostics& diagnostics, Origin origin)
      : context_(context), diagnostics_(diagnostics), origin_(std::move(origin)) {}

  const TwinContext& context() const { return context_; }
  // A reader for a nested object at `path` (relative to this one).
  ObjectReader Nested(const std::string& path) const;
  void Error(std::string_view field, std::string message);

  // Reports fields not in `allowed` (in key order); false when there were any.
  template <JsonView View>
  bool CheckFields(View j, const std::vector<std::string_view>& allowed);
  template <JsonView View>
  std::optional<View> Field(View j, std::string_view field, bool required);
  template <JsonView View>
  std::optional<std::string> Text(View j, std::string_view field, bool required);
  template <JsonView View>
  std::optional<double> Number(View j, std::string_view field, bool required);
  template <JsonView View>
  std::optional<bool> Bool(View j, std::string_view field);
  // An RFC 3339 date-time with a zone, as UTC ms; its offset in *offset.
  template <JsonView View>
  std::optional<int64_t> Time(View j, std::string_view field, bool required, int32_t* offset);
  // A "YYYY-MM-DD" date as days since epoch.
  template <JsonView View>
  std::optional<int32_t> Day(View j, std::string_view field, bool required);
  // An amount of `dim` ("12.5 t", or {"value": 12.5, "unit": "unit:tonneMetricTon"}) in
  // canonical units, finite, >= 0 and <= 1e15.
  template <JsonView View>
  std::optional<double> Quantity(View j, std::string_view field, model::Dimension dim,
                                 bool required);
  // A rate of `dim` per time ("40 t/d"), per day.
  template <JsonView View>
  std::optional<double> Rate(View j, std::string_view field, model::Dimension dim, bool required);
  // A network site key or mapped BPNS / a material key, asset id or number.
  template <JsonView View>
  std::optional<std::string> Site(View j, std::string_view field, bool required);
  template <JsonView View>
  std::optional<std::string> Material(View j, std::string_view field, bool required);

 private:
  const TwinContext& context_;
  util::Diagnostics& diagnostics_;
  Origin origin_;
};

// "text 'abc'", "a number", "a list", ... for messages.
template <JsonView View>
std::string Describe(View j);
inline std::string Describe(const nlohmann::json& j) { return Describe(NlohmannView(j)); }
// Our unit text for a Catena-X unit ("unit:tonneMetricTon" -> "t"); nullopt when unknown.
std::optional<std::string> CatenaXUnit(std::string_view unit);

// Checks one event object in our JSON form (docs/EVENTS.md) against the network.
// Instantiated for NlohmannView and SimdView in reader.cpp.
template <JsonView View>
std::optional<Event> ParseEvent(View j, ObjectReader& r);
inline std::optional<Event> ParseEvent(const nlohmann::json& j, ObjectReader& r) {
  return ParseEvent(NlohmannView(j), r);
}

// Translates a Catena-X aspect payload into event objects in our form, each with the path of
// the payload part it came from (for messages), and reads them. twin/catena_x_reader.cpp.
std::vector<Event> ReadCatenaXPayload(const nlohmann::json& payload, const std::string& aspect,
                                      const std::string& owner, const std::string& partner,
                                      std::optional<int64_t> sent_ms, ObjectReader& r);

}  // namespace chaintwin::twin
