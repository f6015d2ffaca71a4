// Units: every dimension converts to its canonical unit and back; ratios, percentages;
// mixed dimensions, missing units and bad numbers are refused with exact messages.
#include <cmath>

#include <gtest/gtest.h>

#include "chaintwin/model/units.hpp"

namespace chaintwin::model {
namespace {

constexpr double kTol = 1e-9;

double Canonical(const char* text) {
  auto q = ParseQuantity(text);
  EXPECT_TRUE(q.has_value()) << text << ": " << (q ? "" : q.error().message);
  return q ? q.value().value : NAN;
}

std::string ErrorOf(const char* text, bool require_unit = true) {
  auto q = ParseQuantity(text, require_unit);
  return q ? "(no error)" : q.error().message;
}

TEST(Units, MassRateConvertsKtPerYearToTonnesPerDayAndBack) {
  auto q = ParseQuantity("16 kt/yr").value();
  EXPECT_EQ(q.numerator, Dimension::kMass);
  EXPECT_EQ(q.denominator, Dimension::kTime);
  EXPECT_NEAR(q.value, 16000.0 / 365.0, kTol);
  EXPECT_NEAR(FromCanonical(q.value, "kt/yr").value(), 16.0, kTol);
}

TEST(Units, EveryDimensionRoundTripsThroughItsCanonicalUnit) {
  struct Case {
    const char* text;
    Dimension dimension;
    double canonical;
    const char* unit;
    double back;
  };
  const Case cases[] = {
      {"2500 kg", Dimension::kMass, 2.5, "kg", 2500},
      {"3 Mt", Dimension::kMass, 3e6, "Mt", 3},
      {"500 MWh", Dimension::kEnergy, 0.5, "MWh", 500},
      {"2 TWh", Dimension::kEnergy, 2000, "TWh", 2},
      {"60 kWh", Dimension::kEnergy, 6e-5, "kWh", 60},
      {"3 km2", Dimension::kArea, 3e6, "km2", 3},
      {"1500 L", Dimension::kVolume, 1.5, "L", 1500},
      {"2 ML", Dimension::kVolume, 2000, "ML", 2},
      {"4 ku", Dimension::kCount, 4000, "ku", 4},
      {"1.5 Mu", Dimension::kCount, 1.5e6, "Mu", 1.5},
      {"36 h", Dimension::kTime, 1.5, "h", 36},
      {"2 wk", Dimension::kTime, 14, "wk", 2},
      {"3 mo", Dimension::kTime, 91.25, "mo", 3},
      {"2 yr", Dimension::kTime, 730, "yr", 2},
      {"100 nmi", Dimension::kDistance, 185.2, "nmi", 100},
      {"2500 m", Dimension::kDistance, 2.5, "m", 2500},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto q = ParseQuantity(c.text).value();
    EXPECT_EQ(q.numerator, c.dimension);
    EXPECT_EQ(q.denominator, Dimension::kFraction);
    EXPECT_NEAR(q.value, c.canonical, 1e-9 * std::max(1.0, c.canonical));
    EXPECT_NEAR(FromCanonical(q.value, c.unit).value(), c.back, 1e-9 * std::max(1.0, c.back));
  }
}

TEST(Units, RatesOfEveryDimensionAreHeldPerDay) {
  EXPECT_NEAR(Canonical("40 GWh/yr"), 40.0 / 365.0, kTol);
  EXPECT_NEAR(Canonical("7 t/wk"), 1.0, kTol);
  EXPECT_NEAR(Canonical("24 unit/h"), 576.0, kTol);
  EXPECT_NEAR(Canonical("1.2e6 m2/yr"), 1.2e6 / 365.0, 1e-6);
  EXPECT_NEAR(FromCanonical(Canonical("40 GWh/yr"), "GWh/yr").value(), 40.0, kTol);
}

TEST(Units, RatioKgPerKWhIsTonnesPerGWh) {
  auto q = ParseQuantity("1.3 kg/kWh").value();
  EXPECT_EQ(q.numerator, Dimension::kMass);
  EXPECT_EQ(q.denominator, Dimension::kEnergy);
  EXPECT_NEAR(q.value, 1300.0, kTol);
  EXPECT_NEAR(FromCanonical(q.value, "kg/kWh").value(), 1.3, kTol);
  EXPECT_NEAR(Canonical("75 kWh/unit"), 75e-6, 1e-15);
}

TEST(Units, PercentIsAFraction) {
  auto q = ParseQuantity("95 %").value();
  EXPECT_EQ(q.numerator, Dimension::kFraction);
  EXPECT_NEAR(q.value, 0.95, kTol);
  EXPECT_NEAR(ParseQuantity("0.8", false).value().value, 0.8, kTol);
  EXPECT_NEAR(Canonical("80%"), 0.8, kTol);
}

TEST(Units, DescribesMixedDimensions) {
  auto q = ParseQuantity("30 d").value();
  EXPECT_EQ(DescribeDimensions(q.numerator, q.denominator), "time");
  auto r = ParseQuantity("1 t/GWh").value();
  EXPECT_EQ(DescribeDimensions(r.numerator, r.denominator), "mass/energy");
}

TEST(Units, RefusesAPercentAsDenominator) { EXPECT_EQ(ErrorOf("5 t/%"), "'%' cannot be a denominator"); }

TEST(Units, RefusesAMissingUnit) {
  EXPECT_EQ(ErrorOf("16"),
            "'16' has no unit: every quantity carries its unit, such as '16 t' or '16 d'");
}

TEST(Units, RefusesAnUnknownUnit) {
  EXPECT_EQ(ErrorOf("16 kt/yer"),
            "unknown unit 'yer' (expected one of t, kt, Mt, kg, GWh, MWh, kWh, m2, L, m3, unit, "
            "d, wk, mo, yr, km, nmi, %)");
}

TEST(Units, RefusesNonDecimalAndNonFiniteNumbers) {
  EXPECT_EQ(ErrorOf("inf t"), "'inf' is not a decimal number");
  EXPECT_EQ(ErrorOf("nan t"), "'nan' is not a decimal number");
  EXPECT_EQ(ErrorOf("0x10 t"), "'0x10' is not a decimal number");
  EXPECT_EQ(ErrorOf("1e400 t"), "number '1e400' is out of range");
  EXPECT_EQ(ErrorOf("kt"), "expected a number followed by a unit, such as '16 kt/yr', got 'kt'");
  EXPECT_EQ(ErrorOf(""), "expected a quantity with a unit, such as '16 kt/yr', got ''");
}

TEST(Units, ConversionOfAQuantityThatOverflowsIsOutOfRange) {
  EXPECT_EQ(ErrorOf("1e305 Mt/h"), "quantity '1e305 Mt/h' is out of range");
}

TEST(Units, FromCanonicalRefusesAnUnknownUnit) {
  auto back = FromCanonical(1.0, "parsec");
  ASSERT_FALSE(back.has_value());
  EXPECT_NE(back.error().message.find("unknown unit 'parsec'"), std::string::npos);
}

}  // namespace
}  // namespace chaintwin::model
