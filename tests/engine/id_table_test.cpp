#include "engine/id_table.h"

#include <gtest/gtest.h>

#include <string>

namespace hawk::engine {
namespace {

TEST(IdTable, InternsIdsToDenseIndicesInFirstSeenOrder) {
  IdTable table;
  EXPECT_EQ(table.Find("w1"), std::nullopt);
  const std::string long_id = "a-worker-id-longer-than-the-inline-copy";
  EXPECT_EQ(table.Intern("w1"), 0u);
  EXPECT_EQ(table.Intern(long_id), 1u);
  EXPECT_EQ(table.Find("w1"), 0u);
  EXPECT_EQ(table.Find(long_id), 1u);
  EXPECT_EQ(table.Find("w2"), std::nullopt);
  EXPECT_EQ(table.Find("a-worker-id-longer-than-the-inline-copx"), std::nullopt);
  EXPECT_EQ(table.id(1), long_id);
  EXPECT_EQ(table.size(), 2u);
}

TEST(IdTable, InterningAnIdAgainKeepsItsIndex) {
  IdTable table;
  EXPECT_EQ(table.Intern("w1"), 0u);
  EXPECT_EQ(table.Intern("w2"), 1u);
  EXPECT_EQ(table.Intern("w1"), 0u);
  EXPECT_EQ(table.size(), 2u);
}

TEST(IdTable, KeepsEveryIdAcrossGrowth) {
  IdTable table;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    // Every third id is too long for the slot's inline copy.
    const std::string id = (i % 3 == 0 ? "a-long-worker-name-" : "w-") + std::to_string(i);
    ASSERT_EQ(table.Intern(id), i) << id;
  }
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const std::string id = (i % 3 == 0 ? "a-long-worker-name-" : "w-") + std::to_string(i);
    ASSERT_EQ(table.Find(id), i) << id;
    ASSERT_EQ(table.id(i), id);
  }
  EXPECT_EQ(table.Find("w-5000"), std::nullopt);
  EXPECT_EQ(table.size(), 5000u);
}

}  // namespace
}  // namespace hawk::engine
