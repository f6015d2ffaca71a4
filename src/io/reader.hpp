// Reading typed fields out of a DocNode map, reporting every problem as a Diagnostic at the
// field's position with its path, and going on. Each getter returns nullopt when the field is
// absent or bad (after reporting what was expected and what was found).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chaintwin/model/network.hpp"
#include "chaintwin/model/units.hpp"
#include "chaintwin/util/diagnostic.hpp"
#include "io/doc.hpp"

namespace chaintwin::io {

// Quantities above this, in canonical units, are refused as out of range.
inline constexpr double kMaxQuantity = 1e15;

// Where a figure comes from: given on the figure or inherited from its site, lane, ...
struct Provenance {
  std::string source;
  bool estimate = false;
  std::string note;
  bool any() const { return !source.empty() || estimate || !note.empty(); }
};

// Where a quantity sits, for its FigureRecord.
struct FigureContext {
  std::string path;  // key-based: "sites[cn_anode].processes[0].capacity"
  std::string site;
  std::string material;
  std::string country;
  Provenance inherited;
};

// The dimensions a quantity must have; `den` kFraction means a plain amount.
struct Want {
  model::Dimension num = model::Dimension::kFraction;
  model::Dimension den = model::Dimension::kFraction;
};
inline Want Amount(model::Dimension d) { return Want{d, model::Dimension::kFraction}; }
inline Want Rate(model::Dimension d) { return Want{d, model::Dimension::kTime}; }
inline Want Ratio(model::Dimension a, model::Dimension b) { return Want{a, b}; }
inline Want Time() { return Amount(model::Dimension::kTime); }
inline Want Fraction() { return Amount(model::Dimension::kFraction); }

// A reference to a key, with where it was written.
struct Ref {
  std::string key;
  const DocNode* node = nullptr;
  std::string path;
  // The path is made only when a problem is reported: when `parent` is set it is
  // `parent`.`member` (then `[index]` when index >= 0), and `parent` must outlive the Ref;
  // else it is `path`.
  const std::string* parent = nullptr;
  std::string_view member;
  int index = -1;

  // The diagnostic path of the reference.
  std::string Path() const;
  // Makes the path owned (`path`), so the Ref may outlive `parent`.
  void OwnPath();
};

class Reader {
 public:
  Reader(util::Diagnostics& diagnostics, std::vector<model::FigureRecord>* figures,
         const std::vector<model::Source>* sources)
      : diagnostics_(diagnostics), figures_(figures), sources_(sources) {}

  util::Diagnostics& diagnostics() { return diagnostics_; }
  size_t error_count() const { return diagnostics_.size(); }
  void set_sources(const std::vector<model::Source>* sources) { sources_ = sources; }

  void Error(const DocNode& at, const std::string& path, std::string message);

  // Reports "expected <what>, found <...>" unless `node` is a map / list.
  bool ExpectMap(const DocNode& node, const std::string& path, std::string_view what);
  bool ExpectList(const DocNode& node, const std::string& path, std::string_view what);
  // Reports every key of `map` not in `allowed`, with a "did you mean" hint when close.
  void CheckFields(const DocNode& map, const std::string& path,
                   std::initializer_list<std::string_view> allowed);
  void CheckFields(const DocNode& map, const std::string& path,
                   const std::vector<std::string_view>& allowed);
  // The field's node; reports it as missing (expected `expected`) when required and absent.
  const DocNode* Field(const DocNode& map, std::string_view key, const std::string& path,
                       bool required, std::string_view expected);

  std::optional<std::string> Text(const DocNode& map, std::string_view key,
                                  const std::string& path, bool required = false);
  // An id: [A-Za-z0-9_.-]+.
  std::optional<std::string> Key(const DocNode& map, std::string_view key,
                                 const std::string& path, bool required = false);
  // The same checks; returns the id's node (its text is the id) or nullptr.
  const DocNode* KeyNode(const DocNode& map, std::string_view key, const std::string& path,
                         bool required = false);
  std::optional<bool> Bool(const DocNode& map, std::string_view key, const std::string& path);
  // A plain number (no unit) in [min, max].
  std::optional<double> Number(const DocNode& map, std::string_view key, const std::string& path,
                               double min, double max, bool required = false);
  std::optional<int64_t> Integer(const DocNode& map, std::string_view key,
                                 const std::string& path, int64_t min, int64_t max);
  // An ISO 8601 date, as days since 1970-01-01.
  std::optional<int32_t> Date(const DocNode& map, std::string_view key, const std::string& path,
                              bool required = false);
  // A quantity of the wanted dimensions, in canonical units, finite, >= 0 and <= kMaxQuantity.
  // The value may be a map {value, source, estimate, note}; a FigureRecord is added when
  // `figure` is given and the figure has (or inherits) a source, estimate flag or note.
  std::optional<double> Quantity(const DocNode& map, std::string_view key,
                                 const std::string& path, Want want, bool required,
                                 const FigureContext* figure = nullptr);
  // Parses one quantity node (scalar text); the same checks as Quantity().
  std::optional<double> QuantityValue(const DocNode& node, const std::string& path, Want want);
  // A key or a list of keys (a CSV cell may hold "a;b").
  std::vector<Ref> KeyList(const DocNode& map, std::string_view key, const std::string& path);
  // `source`, `estimate`, `note` of an element, over `inherited`.
  Provenance ReadProvenance(const DocNode& map, const std::string& path,
                            const Provenance& inherited);
  // Reports `value` as not one of `valid` ("expected one of a, b, c, found 'x'").
  void NotOneOf(const DocNode& at, const std::string& path, std::string_view what,
                std::string_view found, const std::vector<std::string_view>& valid);

 private:
  // The checks of QuantityValue(); on a problem returns nullopt and sets `message`.
  std::optional<double> CheckQuantity(const DocNode& node, Want want, std::string& message);
  // model::ParseQuantity(), with a fast path for the usual form (below).
  util::Result<model::Quantity> Parse(std::string_view text, bool require_unit);
  // "<digits>[.<digits>][e[+-]<digits>] <unit>[/<unit>]" with a unit seen before: the same
  // value as model::ParseQuantity() gives, or nullopt for anything else (then it decides).
  std::optional<model::Quantity> ParseUsual(std::string_view text, bool require_unit);

  // A unit text ("t/d", "d") that parsed: its dimensions and factors, kept so that a column of
  // 200,000 "36 d" cells parses "d" once. Applied as ParseQuantity does: value * num / den.
  struct KnownUnit {
    std::string text;
    model::Dimension num = model::Dimension::kFraction;
    model::Dimension den = model::Dimension::kFraction;
    double num_factor = 1.0;
    double den_factor = 1.0;  // 0 when there is no denominator
  };
  static constexpr size_t kMaxKnownUnits = 64;

  util::Diagnostics& diagnostics_;
  std::vector<model::FigureRecord>* figures_;
  const std::vector<model::Source>* sources_;
  std::vector<KnownUnit> known_units_;
};

// "an energy rate such as '120 GWh/yr'" for messages.
std::string DescribeWant(Want want);
// The closest of `candidates` to `word` when close enough to be a likely typo, else "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string_view>& candidates);
// Path helpers: Index("sites", 3) = "sites[3]", Member("sites[3]", "id") = "sites[3].id".
std::string Index(const std::string& path, size_t index);
std::string Member(const std::string& path, std::string_view key);

}  // namespace chaintwin::io
