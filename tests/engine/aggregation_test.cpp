#include <gtest/gtest.h>

#include "engine/aggregation.h"

namespace hawk::engine {
namespace {

TEST(Aggregate, ConcatKeepsShardOrderAndSkipsMissing) {
  const auto r = Aggregate(Aggregation::kConcat, {"a", std::nullopt, "c"});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r->text, "a\nc");
  EXPECT_EQ(r->count, 2u);
}

TEST(Aggregate, SumAndAverageOfNumbers) {
  EXPECT_DOUBLE_EQ(*Aggregate(Aggregation::kSum, {"1.5", " 2 ", "3\n"})->number, 6.5);
  const auto avg = Aggregate(Aggregation::kAverage, {"2", "4", std::nullopt});
  EXPECT_DOUBLE_EQ(*avg->number, 3.0);
  EXPECT_EQ(avg->count, 2u);
  EXPECT_EQ(avg->values, (std::vector<std::string>{"2", "4"}));
}

TEST(Aggregate, NonNumberIsAnErrorNamingTheShard) {
  const auto r = Aggregate(Aggregation::kSum, {"1", "lots"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "shard 1 reported 'lots', not a number");
  EXPECT_EQ(r.error().where, "aggregate: sum");
}

TEST(Aggregate, AverageOfNothingHasNoNumber) {
  const auto r = Aggregate(Aggregation::kAverage, {std::nullopt});
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->number.has_value());
}

}  // namespace
}  // namespace hawk::engine
