#include "chaintwin/model/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace chaintwin::model {
namespace {

struct UnitName {
  std::string_view name;
  Dimension dimension;
  double to_canonical;
};

constexpr double kDaysPerYear = 365.0;

constexpr std::array kUnits = {
    UnitName{"g", Dimension::kMass, 1e-6},       UnitName{"kg", Dimension::kMass, 1e-3},
    UnitName{"t", Dimension::kMass, 1.0},        UnitName{"tonne", Dimension::kMass, 1.0},
    UnitName{"tonnes", Dimension::kMass, 1.0},   UnitName{"kt", Dimension::kMass, 1e3},
    UnitName{"Mt", Dimension::kMass, 1e6},       UnitName{"Wh", Dimension::kEnergy, 1e-9},
    UnitName{"kWh", Dimension::kEnergy, 1e-6},   UnitName{"MWh", Dimension::kEnergy, 1e-3},
    UnitName{"GWh", Dimension::kEnergy, 1.0},    UnitName{"TWh", Dimension::kEnergy, 1e3},
    UnitName{"m2", Dimension::kArea, 1.0},       UnitName{"m²", Dimension::kArea, 1.0},
    UnitName{"km2", Dimension::kArea, 1e6},      UnitName{"L", Dimension::kVolume, 1e-3},
    UnitName{"m3", Dimension::kVolume, 1.0},     UnitName{"m³", Dimension::kVolume, 1.0},
    UnitName{"ML", Dimension::kVolume, 1e3},     UnitName{"unit", Dimension::kCount, 1.0},
    UnitName{"units", Dimension::kCount, 1.0},   UnitName{"pcs", Dimension::kCount, 1.0},
    UnitName{"ku", Dimension::kCount, 1e3},      UnitName{"Mu", Dimension::kCount, 1e6},
    UnitName{"h", Dimension::kTime, 1.0 / 24.0}, UnitName{"d", Dimension::kTime, 1.0},
    UnitName{"day", Dimension::kTime, 1.0},      UnitName{"days", Dimension::kTime, 1.0},
    UnitName{"wk", Dimension::kTime, 7.0},       UnitName{"week", Dimension::kTime, 7.0},
    UnitName{"weeks", Dimension::kTime, 7.0},    UnitName{"mo", Dimension::kTime, kDaysPerYear / 12},
    UnitName{"month", Dimension::kTime, kDaysPerYear / 12},
    UnitName{"months", Dimension::kTime, kDaysPerYear / 12},
    UnitName{"yr", Dimension::kTime, kDaysPerYear}, UnitName{"year", Dimension::kTime, kDaysPerYear},
    UnitName{"years", Dimension::kTime, kDaysPerYear}, UnitName{"m", Dimension::kDistance, 1e-3},
    UnitName{"km", Dimension::kDistance, 1.0},   UnitName{"nmi", Dimension::kDistance, 1.852},
    UnitName{"%", Dimension::kFraction, 0.01},
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view DimensionName(Dimension dimension) {
  switch (dimension) {
    case Dimension::kFraction: return "fraction";
    case Dimension::kMass: return "mass";
    case Dimension::kEnergy: return "energy";
    case Dimension::kArea: return "area";
    case Dimension::kVolume: return "volume";
    case Dimension::kCount: return "count";
    case Dimension::kTime: return "time";
    case Dimension::kDistance: return "distance";
  }
  return "?";
}

std::string_view CanonicalUnit(Dimension dimension) {
  switch (dimension) {
    case Dimension::kFraction: return "1";
    case Dimension::kMass: return "t";
    case Dimension::kEnergy: return "GWh";
    case Dimension::kArea: return "m2";
    case Dimension::kVolume: return "m3";
    case Dimension::kCount: return "unit";
    case Dimension::kTime: return "d";
    case Dimension::kDistance: return "km";
  }
  return "?";
}

std::string DescribeDimensions(Dimension numerator, Dimension denominator) {
  if (denominator == Dimension::kFraction) return std::string(DimensionName(numerator));
  return fmt::format("{}/{}", DimensionName(numerator), DimensionName(denominator));
}

util::Result<Unit> ParseUnit(std::string_view name) {
  name = Trim(name);
  for (const UnitName& u : kUnits) {
    if (u.name == name) return Unit{u.dimension, u.to_canonical};
  }
  return util::Err(fmt::format(
      "unknown unit '{}' (expected one of t, kt, Mt, kg, GWh, MWh, kWh, m2, L, m3, unit, d, wk, "
      "mo, yr, km, nmi, %)",
      name));
}

util::Result<Quantity> ParseQuantity(std::string_view text, bool require_unit) {
  std::string_view s = Trim(text);
  if (s.empty()) return util::Err("expected a quantity with a unit, such as '16 kt/yr', got ''");
  // The number: let strtod find its end, on a NUL-terminated copy.
  std::string copy(s);
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(copy.c_str(), &end);
  size_t used = static_cast<size_t>(end - copy.c_str());
  if (used == 0) {
    return util::Err(
        fmt::format("expected a number followed by a unit, such as '16 kt/yr', got '{}'", s));
  }
  std::string_view number_text(copy.data(), used);
  if (number_text.find_first_of("xXpP") != std::string_view::npos ||
      number_text.find("inf") != std::string_view::npos ||
      number_text.find("INF") != std::string_view::npos ||
      number_text.find("nan") != std::string_view::npos ||
      number_text.find("NAN") != std::string_view::npos) {
    return util::Err(fmt::format("'{}' is not a decimal number", number_text));
  }
  if (!std::isfinite(value) || errno == ERANGE) {
    if (std::isfinite(value) && std::fabs(value) < 1.0) {
      value = 0.0;  // underflow to zero is harmless
    } else {
      return util::Err(fmt::format("number '{}' is out of range", number_text));
    }
  }
  std::string_view unit_text = Trim(s.substr(used));
  if (unit_text.empty()) {
    if (require_unit) {
      return util::Err(fmt::format(
          "'{}' has no unit: every quantity carries its unit, such as '{} t' or '{} d'", s,
          number_text, number_text));
    }
    return Quantity{value, Dimension::kFraction, Dimension::kFraction};
  }
  size_t slash = unit_text.find('/');
  if (slash == std::string_view::npos) {
    auto u = ParseUnit(unit_text);
    if (!u) return u.error();
    return Quantity{value * u.value().to_canonical, u.value().dimension, Dimension::kFraction};
  }
  auto num = ParseUnit(unit_text.substr(0, slash));
  if (!num) return num.error();
  auto den = ParseUnit(unit_text.substr(slash + 1));
  if (!den) return den.error();
  if (den.value().dimension == Dimension::kFraction) {
    return util::Err(fmt::format("'{}' cannot be a denominator", unit_text.substr(slash + 1)));
  }
  double v = value * num.value().to_canonical / den.value().to_canonical;
  if (!std::isfinite(v)) return util::Err(fmt::format("quantity '{}' is out of range", s));
  return Quantity{v, num.value().dimension, den.value().dimension};
}

util::Result<double> FromCanonical(double canonical, std::string_view unit) {
  std::string_view u = Trim(unit);
  size_t slash = u.find('/');
  if (slash == std::string_view::npos) {
    auto p = ParseUnit(u);
    if (!p) return p.error();
    return canonical / p.value().to_canonical;
  }
  auto num = ParseUnit(u.substr(0, slash));
  if (!num) return num.error();
  auto den = ParseUnit(u.substr(slash + 1));
  if (!den) return den.error();
  return canonical * den.value().to_canonical / num.value().to_canonical;
}

}  // namespace chaintwin::model
