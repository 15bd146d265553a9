#include <gtest/gtest.h>

#include "hw/parse.h"

namespace hawk::hw {
namespace {

TEST(Parse, NumbersAreWholeOrNothing) {
  EXPECT_EQ(ParseU64(" 42\n"), 42u);
  EXPECT_EQ(ParseU64("12abc"), std::nullopt);
  EXPECT_EQ(ParseU64(""), std::nullopt);
  EXPECT_EQ(ParseU64("-1"), std::nullopt);
  EXPECT_EQ(ParseU64("99999999999999999999999"), std::nullopt);
  EXPECT_EQ(ParseI64("-1"), -1);
  EXPECT_EQ(ParseHex("0x1002\n"), 0x1002u);
  EXPECT_EQ(ParseHex("687F"), 0x687fu);
  EXPECT_EQ(ParseHex("0x"), std::nullopt);
  EXPECT_EQ(ParseHex("0xZZ"), std::nullopt);
  EXPECT_EQ(ParseHex("-0x1"), std::nullopt);
  EXPECT_EQ(ParseDouble("799.998"), 799.998);
  EXPECT_EQ(ParseDouble("fast"), std::nullopt);
  EXPECT_EQ(ParseDouble("1e400"), std::nullopt);
}

TEST(Parse, CpuListsExpandRanges) {
  EXPECT_EQ(ParseCpuList("0-3,8,10-11"), (std::vector<std::uint32_t>{0, 1, 2, 3, 8, 10, 11}));
  EXPECT_EQ(ParseCpuList("\n"), std::vector<std::uint32_t>{});
  EXPECT_EQ(ParseCpuList("0-"), std::nullopt);
  EXPECT_EQ(ParseCpuList("3-1"), std::nullopt);
  EXPECT_EQ(ParseCpuList("a"), std::nullopt);
}

TEST(Parse, CacheSizesAndPciAddresses) {
  EXPECT_EQ(ParseCacheSize("32K"), 32768u);
  EXPECT_EQ(ParseCacheSize("30M"), 30u * 1024 * 1024);
  EXPECT_EQ(ParseCacheSize("512"), 512u);
  EXPECT_EQ(ParseCacheSize("K"), std::nullopt);
  EXPECT_TRUE(IsPciAddress("0000:3b:00.0"));
  EXPECT_FALSE(IsPciAddress("0000:3b:00"));
  EXPECT_FALSE(IsPciAddress("card0"));
  EXPECT_EQ(SplitWhitespace("  a\tb  c\n").size(), 3u);
  EXPECT_EQ(FirstLine("4\nrest"), "4");
}

}  // namespace
}  // namespace hawk::hw
