#include <gtest/gtest.h>

#include "engine/performance_tracker.h"

namespace hawk::engine {
namespace {

using std::chrono::seconds;
const TimePoint kT0 = FromUnixMillis(10'000'000);

AttemptTiming Attempt(std::string id, std::string unit, std::string worker, std::string device,
                      std::string model, int queued_s, int started_s) {
  AttemptTiming r;
  r.attempt_id = std::move(id);
  r.workload_id = "w";
  r.unit_id = unit;
  r.task_id = unit;
  r.task_kind = "infer";
  r.worker_id = std::move(worker);
  r.device_ids = {std::move(device)};
  r.device_model = std::move(model);
  r.queued_at = kT0 + seconds(queued_s);
  r.started_at = kT0 + seconds(started_s);
  return r;
}

class PerformanceTrackerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // a: 0..10 on A100; b: queued 0, ran 2..32 on T4 (slow), failed once first.
    tracker_.Started(Attempt("a1", "a", "w1", "gpu0", "A100", 0, 0));
    tracker_.Finished("a1", kT0 + seconds(10), FailureKind::kNone, "", Duration(0));
    tracker_.Started(Attempt("b1", "b", "w2", "gpu0", "T4", 0, 2));
    tracker_.Finished("b1", kT0 + seconds(4), FailureKind::kCudaError, "cuda error", Duration(0));
    tracker_.SetRecoveryAction("b1", "reassign");
    AttemptTiming b2 = Attempt("b2", "b", "w2", "gpu1", "T4", 4, 12);
    b2.on_critical_path = true;
    tracker_.Started(b2);
    tracker_.Finished("b2", kT0 + seconds(42), FailureKind::kNone, "", seconds(6));
  }
  PerformanceTracker tracker_;
};

TEST_F(PerformanceTrackerTest, StatisticsCountAttemptsAndTimes) {
  const WorkloadStatistics s = tracker_.Statistics("w");
  EXPECT_EQ(s.attempts, 3u);
  EXPECT_EQ(s.succeeded, 2u);
  EXPECT_EQ(s.failed, 1u);
  EXPECT_EQ(s.makespan, seconds(42));
  EXPECT_EQ(s.run_time.count, 3u);
  EXPECT_EQ(s.run_time.max, seconds(30));
  EXPECT_EQ(s.queue_time.max, seconds(8));
  EXPECT_EQ(s.throttled, seconds(6));
  EXPECT_NEAR(s.device_busy_share.at("w2/gpu1"), 30.0 / 42.0, 1e-9);
}

TEST_F(PerformanceTrackerTest, TimelineHasARowPerDeviceWithOutcomes) {
  const auto rows = tracker_.Timeline("w", kT0 + seconds(60));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].worker_id, "w2");
  EXPECT_EQ(rows[1].device_id, "gpu0");
  EXPECT_EQ(rows[1].bars[0].outcome, "cuda_error");
  EXPECT_EQ(rows[2].bars[0].outcome, "succeeded");
}

TEST_F(PerformanceTrackerTest, BottlenecksRankedByImpact) {
  const auto b = tracker_.Bottlenecks("w");
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(b[0].kind, "critical_path");
  EXPECT_EQ(b[0].detail, "the critical path ran 30s of the 42s makespan");
  bool saw_slow = false, saw_thermal = false, saw_queue = false;
  for (const auto& x : b) {
    if (x.kind == "slow_device") {
      saw_slow = true;
      EXPECT_EQ(x.detail, "infer runs 3.0x slower on T4 than on A100");
    }
    if (x.kind == "thermal_throttling") saw_thermal = x.subject == "w2/gpu1";
    if (x.kind == "queueing") saw_queue = x.subject == "b";
  }
  EXPECT_TRUE(saw_slow);
  EXPECT_TRUE(saw_thermal);
  EXPECT_TRUE(saw_queue);
}

TEST(DurationStats, NearestRankPercentiles) {
  std::vector<Duration> v;
  for (int i = 1; i <= 100; ++i) v.push_back(Duration(i));
  const auto s = ComputeDurationStats(v);
  EXPECT_EQ(s.p50, Duration(50));
  EXPECT_EQ(s.p95, Duration(95));
  EXPECT_EQ(s.mean, Duration(50));
}

}  // namespace
}  // namespace hawk::engine
