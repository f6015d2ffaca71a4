// Units. Every quantity in a file carries its unit; at load it is converted to the one
// canonical unit of its dimension, listed here once:
//
//   mass      t        (g, kg, t, kt, Mt; "tonne"/"tonnes" accepted)
//   energy    GWh      (Wh, kWh, MWh, GWh, TWh)
//   area      m2       (m2, km2; "m²" accepted)
//   volume    m3       (L, m3, ML)
//   count     unit     (unit, units, pcs, ku for thousand units, Mu for million)
//   time      d        (h, d, wk, mo = 365/12 d, yr = 365 d; long forms day(s), week(s), month(s), year(s))
//   distance  km       (m, km, nmi = 1.852 km)
//   fraction  1        (a bare number, or "%")
//
// A rate is "<quantity unit>/<time unit>" and is held per day ("16 kt/yr" -> 43.835... t/d).
// A ratio is "<unit>/<unit>" of two other dimensions ("1.3 kg/kWh" -> 1300 t/GWh).
#pragma once

#include <string>
#include <string_view>

#include "chaintwin/util/result.hpp"

namespace chaintwin::model {

enum class Dimension { kFraction, kMass, kEnergy, kArea, kVolume, kCount, kTime, kDistance };

// "mass", "energy", ... as used in messages and files.
std::string_view DimensionName(Dimension dimension);
// The canonical unit of a dimension: "t", "GWh", "m2", "m3", "unit", "d", "km", "1".
std::string_view CanonicalUnit(Dimension dimension);

// One simple unit: its dimension and how many canonical units one of it is.
struct Unit {
  Dimension dimension = Dimension::kFraction;
  double to_canonical = 1.0;
};

// Parses a simple unit name ("kt", "GWh", "%"). Error message lists the accepted names.
util::Result<Unit> ParseUnit(std::string_view name);

// A parsed quantity: value in canonical units of `numerator` per canonical unit of
// `denominator` (kFraction when there is no denominator). "16 kt/yr" is
// {43.8356..., kMass, kTime}; "30 d" is {30, kTime, kFraction}; "95 %" is {0.95, kFraction, kFraction}.
struct Quantity {
  double value = 0.0;
  Dimension numerator = Dimension::kFraction;
  Dimension denominator = Dimension::kFraction;
};

// Parses "<number> <unit>" or "<number> <unit>/<unit>" (a space between number and unit is
// optional; numbers may have an exponent, "1.2e6 m2/yr", and "_" or "," thousands separators
// are not accepted). Errors: empty text, a number that does not parse or is not finite, an
// unknown unit, a missing unit where `require_unit` is true.
util::Result<Quantity> ParseQuantity(std::string_view text, bool require_unit = true);

// Human form of what a quantity's dimensions are: "mass/time", "energy".
std::string DescribeDimensions(Dimension numerator, Dimension denominator);

// Converts `canonical` (canonical units of the unit's dimension) to `unit`: the way back,
// for output in the user's unit. Returns an error when `unit` does not parse.
util::Result<double> FromCanonical(double canonical, std::string_view unit);

}  // namespace chaintwin::model
