// Reader's quantities: its fast path for the usual "<number> <unit>" form gives exactly what
// model::ParseQuantity gives (the same double, bit for bit), and what it does not take goes
// the slow way with the same message.
#include "io/reader.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cmath>
#include <cstring>
#include <random>
#include <string>

#include <fmt/format.h>

namespace chaintwin::io {
namespace {

using model::Dimension;

DocNode Scalar(std::string_view text) {  // the node views `text`
  DocNode node;
  node.kind = DocNode::Kind::kScalar;
  node.text = text;
  return node;
}

uint64_t Bits(double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

// Reads `text` twice (the unit is then known) and checks both against ParseQuantity.
void ExpectSameAsParseQuantity(const std::string& text) {
  SCOPED_TRACE(text);
  auto expected = model::ParseQuantity(text, true);
  ASSERT_TRUE(expected.has_value()) << expected.error().message;
  const model::Quantity& q = expected.value();
  util::Diagnostics diagnostics;
  Reader reader(diagnostics, nullptr, nullptr);
  for (int pass = 0; pass < 2; ++pass) {
    auto value = reader.QuantityValue(Scalar(text), "x", Want{q.numerator, q.denominator});
    if (q.value > kMaxQuantity) {
      EXPECT_FALSE(value.has_value());
      continue;
    }
    ASSERT_TRUE(value.has_value()) << (diagnostics.empty() ? "" : diagnostics.back().message);
    EXPECT_EQ(Bits(*value), Bits(q.value));
  }
}

TEST(ReaderQuantity, UsualFormGivesTheSameDoubleAsParseQuantity) {
  for (const char* text :
       {"0 t", "16 kt/yr", "30 d", "3.5 GWh/yr", "1.3 kg/kWh", "95 %", "0.1 t", "0.3 t/d",
        "1e3 km", "1.5E-3 Mt", "2.5e+2 nmi", "007 d", "12d", "36 d ", "  4 wk", "1 t / d",
        "0.0000001 g/h", "123456789012345678 g", "2.2250738585072014e-308 t",
        "9007199254740993 kg", "0.006406 GWh/d", "1817 km"}) {
    ExpectSameAsParseQuantity(text);
  }
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(0.0, 10.0);
  std::uniform_int_distribution<int> exponent(-12, 12);
  for (int i = 0; i < 2000; ++i) {
    double x = mantissa(rng) * std::pow(10.0, exponent(rng));
    ExpectSameAsParseQuantity(fmt::format("{} t/d", x));
    ExpectSameAsParseQuantity(fmt::format("{:.17g} kt/yr", x));
  }
}

TEST(ReaderQuantity, OtherFormsAreReportedAsParseQuantityReportsThem) {
  for (const char* text : {"5e t", "-3 t", "+3 t", "0x10 t", "inf t", "nan t", "1e400 t",
                           ".5 t", "5. t", "5 tt", "5 t/%", "5", "1,000 t", "5 e3"}) {
    SCOPED_TRACE(text);
    util::Diagnostics diagnostics;
    Reader reader(diagnostics, nullptr, nullptr);
    auto value = reader.QuantityValue(Scalar(text), "x", Amount(Dimension::kMass));
    auto slow = model::ParseQuantity(text, true);
    if (slow.has_value() && slow.value().numerator == Dimension::kMass &&
        slow.value().denominator == Dimension::kFraction && slow.value().value >= 0) {
      ASSERT_TRUE(value.has_value());
      EXPECT_EQ(Bits(*value), Bits(slow.value().value));
      continue;
    }
    EXPECT_FALSE(value.has_value());
    ASSERT_EQ(diagnostics.size(), 1u);
    if (!slow.has_value()) {
      EXPECT_NE(diagnostics[0].message.find(slow.error().message), std::string::npos)
          << diagnostics[0].message;
    }
  }
}

}  // namespace
}  // namespace chaintwin::io
