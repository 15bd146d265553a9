#include <gtest/gtest.h>

#include "core/units.h"

namespace hawk {
namespace {

TEST(ParseBytes, AcceptsBinaryAndDecimalUnits) {
  EXPECT_EQ(*ParseBytes("16GiB"), 16 * kGiB);
  EXPECT_EQ(*ParseBytes("16Gi"), 16 * kGiB);
  EXPECT_EQ(*ParseBytes("512MB"), 512'000'000u);
  EXPECT_EQ(*ParseBytes("1.5GiB"), kGiB + kGiB / 2);
  EXPECT_EQ(*ParseBytes("1024"), 1024u);
  EXPECT_EQ(*ParseBytes(" 2 TiB "), 2 * kTiB);
  EXPECT_EQ(*ParseBytes("0"), 0u);
}

TEST(ParseBytes, RejectsBadSizesWithAHint) {
  const auto negative = ParseBytes("-4GiB");
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().message, "negative size '-4GiB'");
  EXPECT_EQ(negative.error().hint, "write a size such as 16GiB, 512MB, 1.5GiB or 1024");
  EXPECT_EQ(ParseBytes("16 parsecs").error().message,
            "unknown size unit 'parsecs' in '16 parsecs'");
  EXPECT_EQ(ParseBytes("lots").error().message, "not a size: 'lots'");
  EXPECT_EQ(ParseBytes("0.5").error().message, "size '0.5' is not a whole number of bytes");
  EXPECT_EQ(ParseBytes("99999999TiB").error().message, "size '99999999TiB' is too large");
  EXPECT_FALSE(ParseBytes(""));
}

TEST(FormatBytes, PrefersExactBinaryUnits) {
  EXPECT_EQ(FormatBytes(16 * kGiB), "16GiB");
  EXPECT_EQ(FormatBytes(kGiB + kGiB / 2), "1.5GiB");
  EXPECT_EQ(FormatBytes(512), "512B");
  EXPECT_EQ(FormatBytes(80 * kGiB), "80GiB");
}

TEST(ParseDuration, AcceptsUnitsAndCompounds) {
  using namespace std::chrono_literals;
  EXPECT_EQ(*ParseDuration("90s"), 90s);
  EXPECT_EQ(*ParseDuration("5m"), 5min);
  EXPECT_EQ(*ParseDuration("1h30m"), 90min);
  EXPECT_EQ(*ParseDuration("250ms"), 250ms);
  EXPECT_EQ(*ParseDuration("1.5s"), 1500ms);
  EXPECT_EQ(*ParseDuration("2d"), 48h);
}

TEST(ParseDuration, RejectsMissingUnitsAndNegatives) {
  EXPECT_EQ(ParseDuration("90").error().message, "duration '90' needs a unit");
  EXPECT_EQ(ParseDuration("-5s").error().message, "negative duration '-5s'");
  EXPECT_EQ(ParseDuration("5 fortnights").error().message,
            "unknown duration unit 'fortnights' in '5 fortnights'");
  EXPECT_EQ(ParseDuration("soon").error().hint,
            "write a duration such as 250ms, 90s, 5m, 1h30m or 2d");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  using namespace std::chrono_literals;
  for (Duration d : {Duration(250ms), Duration(90s), Duration(5min), Duration(90min), Duration(49h),
                     Duration(61001ms)}) {
    EXPECT_EQ(*ParseDuration(FormatDuration(d)), d) << FormatDuration(d);
  }
  EXPECT_EQ(FormatDuration(90min), "1h30m");
}

TEST(Fraction, IsExactFixedPoint) {
  EXPECT_EQ(ParseFraction("0.25")->parts_per_10k(), 2500);
  EXPECT_EQ(ParseFraction("25%")->parts_per_10k(), 2500);
  EXPECT_EQ(ParseFraction("1")->parts_per_10k(), Fraction::kOne);
  EXPECT_EQ(Fraction::FromPartsPer10k(1250).ToString(), "0.125");
  EXPECT_EQ(Fraction::One().ToString(), "1");
  EXPECT_EQ(ParseFraction("1.5").error().message, "fraction '1.5' is outside 0..1");
}

}  // namespace
}  // namespace hawk
