// Read-only views of one JSON value, the interface ObjectReader and ParseEvent read events
// through, so that one checker serves both JSON parsers of `chaintwin ingest --json-parser`:
//   NlohmannView  a value of nlohmann::json's DOM (the plain path, the reference);
//   SimdView      a value of a simdjson DOM (twin/simd_view.hpp, the fast path).
// A view is a small value that refers to its document: it is valid while the document is.
// Both answer every question the way nlohmann::json does (a member that is present but null
// is found; members are listed in nlohmann's order, by key; numbers are written by
// nlohmann's dump), so the checker cannot tell them apart. Private to src/twin.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace chaintwin::twin {

// What ObjectReader and ParseEvent require of a view (so a nlohmann::json passed without its
// NlohmannView does not compile).
template <class T>
concept JsonView = requires(const T& v) {
  { v.IsObject() } -> std::same_as<bool>;
  { v.Dump() } -> std::same_as<std::string>;
};

class NlohmannView {
 public:
  explicit NlohmannView(const nlohmann::json& j) : j_(&j) {}

  bool IsObject() const { return j_->is_object(); }
  bool IsArray() const { return j_->is_array(); }
  bool IsString() const { return j_->is_string(); }
  bool IsNumber() const { return j_->is_number(); }
  bool IsBool() const { return j_->is_boolean(); }
  bool IsNull() const { return j_->is_null(); }

  // Objects: the member `key` (null included), nullopt when there is none.
  std::optional<NlohmannView> Find(std::string_view key) const {
    auto it = j_->find(key);
    if (it == j_->end()) return std::nullopt;
    return NlohmannView(*it);
  }
  bool Contains(std::string_view key) const { return j_->contains(key); }
  // Objects: calls fn(key) for every member (here in key order; callers that report keys
  // sort them, as a SimdView lists them in the document's order).
  template <class Fn>
  void ForEachKey(Fn&& fn) const {
    for (const auto& [key, value] : j_->items()) fn(std::string_view(key));
  }
  // Arrays: the number of elements and element i < Size().
  size_t Size() const { return j_->size(); }
  // Arrays: calls fn(i, element) for every element in order.
  template <class Fn>
  void ForEachElement(Fn&& fn) const {
    for (size_t i = 0; i < j_->size(); ++i) fn(i, NlohmannView((*j_)[i]));
  }

  std::string_view String() const { return j_->get_ref<const std::string&>(); }
  double Double() const { return j_->get<double>(); }
  bool Bool() const { return j_->get<bool>(); }
  // Numbers: the text nlohmann::json::dump writes.
  std::string Dump() const { return j_->dump(); }

 private:
  const nlohmann::json* j_;
};

}  // namespace chaintwin::twin
