#include "engine/performance_history.h"

#include <gtest/gtest.h>

namespace hawk::engine {
namespace {

using std::chrono::milliseconds;

TEST(PerformanceHistory, UnknownPairsHaveNoPrediction) {
  PerformanceHistory history;
  EXPECT_EQ(history.Predict("k", "H100"), std::nullopt);
  EXPECT_EQ(history.Estimate("k", "H100"), std::nullopt);
  EXPECT_EQ(history.Fastest("k"), std::nullopt);
  ASSERT_TRUE(history.Record("k", "A100", milliseconds(100)));
  EXPECT_EQ(history.Predict("k", "H100"), std::nullopt);
  EXPECT_EQ(history.Predict("other", "A100"), std::nullopt);
}

TEST(PerformanceHistory, KeepsCountMeanVarianceAndEwma) {
  auto history = PerformanceHistory::Create(0.5);
  ASSERT_TRUE(history);
  for (int ms : {100, 200, 300}) ASSERT_TRUE(history->Record("k", "A100", milliseconds(ms)));
  const auto e = history->Estimate("k", "A100");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->count, 3U);
  EXPECT_EQ(e->mean, milliseconds(200));
  EXPECT_NEAR(e->variance_ms2, 20000.0 / 3.0, 1e-9);
  EXPECT_EQ(e->ewma, milliseconds(225));  // 100 -> 150 -> 225
  EXPECT_EQ(history->Predict("k", "A100"), milliseconds(225));
}

TEST(PerformanceHistory, PredictionFollowsDrift) {
  PerformanceHistory history;  // alpha 0.3
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(history.Record("k", "A100", milliseconds(1000)));
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(history.Record("k", "A100", milliseconds(2000)));
  EXPECT_GT(history.Predict("k", "A100")->count(), 1950);
  EXPECT_EQ(history.Estimate("k", "A100")->mean, milliseconds(1500));
}

TEST(PerformanceHistory, FastestIsOverModelsOfTheKind) {
  PerformanceHistory history;
  ASSERT_TRUE(history.Record("k", "A100", milliseconds(300)));
  ASSERT_TRUE(history.Record("k", "H100", milliseconds(200)));
  ASSERT_TRUE(history.Record("j", "MI250", milliseconds(50)));
  EXPECT_EQ(history.Fastest("k"), milliseconds(200));
}

TEST(PerformanceHistory, RejectsBadInput) {
  PerformanceHistory history;
  EXPECT_EQ(history.Record("", "A100", milliseconds(1)).error().message, "task kind is empty");
  EXPECT_EQ(history.Record("k", "", milliseconds(1)).error().message, "device model is empty");
  const Status negative = history.Record("k", "A100", milliseconds(-5));
  EXPECT_EQ(negative.error().message, "negative runtime -5ms");
  EXPECT_EQ(negative.error().where, "k on A100");
  EXPECT_EQ(history.Predict("k", "A100"), std::nullopt);
  EXPECT_FALSE(PerformanceHistory::Create(0.0));
  EXPECT_FALSE(PerformanceHistory::Create(1.5));
  EXPECT_TRUE(PerformanceHistory::Create(1.0));
}

}  // namespace
}  // namespace hawk::engine
