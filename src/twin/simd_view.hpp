// The fast path's view of a JSON value: an element of a simdjson DOM, answering as
// NlohmannView does (twin/json_view.hpp). Two differences are taken care of before a document
// is read through it: simdjson refuses some texts nlohmann reads (a UTF-8 BOM, integers past
// 64 bits: the caller reads those with nlohmann), and a key given twice in one object is the
// first member for simdjson but the last for nlohmann (HasDuplicateKeys finds those, and the
// caller reads them with nlohmann too). Private to src/twin.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace chaintwin::twin {

class SimdView {
 public:
  explicit SimdView(simdjson::dom::element e) : e_(e) {}

  bool IsObject() const { return e_.type() == simdjson::dom::element_type::OBJECT; }
  bool IsArray() const { return e_.type() == simdjson::dom::element_type::ARRAY; }
  bool IsString() const { return e_.type() == simdjson::dom::element_type::STRING; }
  bool IsNumber() const {
    const auto t = e_.type();
    return t == simdjson::dom::element_type::INT64 || t == simdjson::dom::element_type::UINT64 ||
           t == simdjson::dom::element_type::DOUBLE;
  }
  bool IsBool() const { return e_.type() == simdjson::dom::element_type::BOOL; }
  bool IsNull() const { return e_.type() == simdjson::dom::element_type::NULL_VALUE; }

  std::optional<SimdView> Find(std::string_view key) const {
    simdjson::dom::element member;
    if (Object().at_key(key).get(member) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    return SimdView(member);
  }
  bool Contains(std::string_view key) const { return Find(key).has_value(); }
  // Every key, in the document's order (callers that report keys sort them).
  template <class Fn>
  void ForEachKey(Fn&& fn) const {
    const simdjson::dom::object object = Object();
    for (auto field : object) fn(field.key);
  }
  size_t Size() const { return Array().size(); }
  // Arrays: calls fn(i, element) for every element in order.
  template <class Fn>
  void ForEachElement(Fn&& fn) const {
    size_t i = 0;
    const simdjson::dom::array array = Array();
    for (simdjson::dom::element x : array) fn(i++, SimdView(x));
  }

  std::string_view String() const { return e_.get_string().value_unsafe(); }
  double Double() const { return e_.get_double().value_unsafe(); }
  bool Bool() const { return e_.get_bool().value_unsafe(); }
  // The text nlohmann::json::dump writes for the same number (the same type: simdjson and
  // nlohmann both read an integer token as int64, else uint64, and anything else as double).
  std::string Dump() const {
    switch (e_.type()) {
      case simdjson::dom::element_type::INT64:
        return nlohmann::json(e_.get_int64().value_unsafe()).dump();
      case simdjson::dom::element_type::UINT64:
        return nlohmann::json(e_.get_uint64().value_unsafe()).dump();
      default:
        return nlohmann::json(e_.get_double().value_unsafe()).dump();
    }
  }

 private:
  // Requires: the element is one (IsObject() / IsArray()). The copy keeps the loops over it
  // off the temporary simdjson_result.
  simdjson::dom::object Object() const {
    simdjson::dom::object object;
    if (e_.get_object().get(object) != simdjson::SUCCESS) return {};
    return object;
  }
  simdjson::dom::array Array() const {
    simdjson::dom::array array;
    if (e_.get_array().get(array) != simdjson::SUCCESS) return {};
    return array;
  }
  simdjson::dom::element e_;
};

// True when an object anywhere in `e` names a key twice (or has more than 64 members, which
// this does not search: such a document is read by nlohmann as well).
bool HasDuplicateKeys(simdjson::dom::element e);

}  // namespace chaintwin::twin
