#include "engine/quarantine.h"

#include <gtest/gtest.h>

#include <chrono>

namespace hawk::engine {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const DeviceRef kGpu1{"worker-a", "gpu1"};
const DeviceRef kGpu0{"worker-a", "gpu0"};
const DeviceRef kOtherGpu1{"worker-b", "gpu1"};

QuarantineConfig Config(std::uint32_t threshold, std::optional<Duration> probation = std::nullopt) {
  QuarantineConfig config;
  config.failure_threshold = threshold;
  config.probation = probation;
  return config;
}

QuarantineTracker Tracker(QuarantineConfig config = {}) {
  auto tracker = QuarantineTracker::Create(std::move(config));
  EXPECT_TRUE(tracker) << tracker.error().ToString();
  return *std::move(tracker);
}

class Quarantine : public ::testing::Test {
 protected:
  ManualClock clock_{FromUnixMillis(1'700'000'000'000)};
};

TEST_F(Quarantine, ThreeFailuresInsideTheWindowQuarantine) {
  QuarantineTracker q = Tracker();  // N = 3, window 5m
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now()));
  clock_.Advance(minutes(2));
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now()));
  EXPECT_FALSE(q.IsQuarantined(kGpu1, clock_.Now()));
  clock_.Advance(minutes(3));  // exactly at the window's edge: still inside
  const auto entry = q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now());
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->device, kGpu1);
  EXPECT_EQ(entry->kind, FailureKind::kCudaError);
  EXPECT_EQ(entry->reason, "3 cuda_error within 5m");
  EXPECT_EQ(entry->since, clock_.Now());
  EXPECT_FALSE(entry->until);
  EXPECT_TRUE(q.IsQuarantined(kGpu1, clock_.Now()));
  EXPECT_FALSE(q.IsQuarantined(kGpu0, clock_.Now()));
  EXPECT_FALSE(q.IsQuarantined(kOtherGpu1, clock_.Now()));
  clock_.Advance(std::chrono::hours(24));
  EXPECT_TRUE(q.IsQuarantined(kGpu1, clock_.Now()));  // until a health check passes
}

TEST_F(Quarantine, TwoInsideTheWindowAndOneOutsideDoNotQuarantine) {
  QuarantineTracker q = Tracker();
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kDeviceError, clock_.Now()));
  clock_.Advance(minutes(5) + std::chrono::milliseconds(1));
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kDeviceError, clock_.Now()));
  clock_.Advance(seconds(30));
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kDeviceError, clock_.Now()));
  EXPECT_FALSE(q.IsQuarantined(kGpu1, clock_.Now()));
  EXPECT_TRUE(q.Quarantined(clock_.Now()).empty());
  // A third inside the window of the last two does.
  clock_.Advance(seconds(30));
  EXPECT_TRUE(q.RecordFailure(kGpu1, FailureKind::kDeviceError, clock_.Now()));
}

TEST_F(Quarantine, OutOfOrderRecordsAreMeasuredFromTheNewest) {
  QuarantineTracker q = Tracker();
  const TimePoint t0 = clock_.Now();
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kCudaError, t0 + minutes(10)));
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kCudaError, t0));  // too old
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kCudaError, t0 + minutes(9)));
  EXPECT_TRUE(q.RecordFailure(kGpu1, FailureKind::kCudaError, t0 + minutes(8)));
}

TEST_F(Quarantine, CountsOnlyTheSameKindOnTheSameDevice) {
  QuarantineTracker q = Tracker();
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now()));
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kDeviceError, clock_.Now()));
  EXPECT_FALSE(q.RecordFailure(kGpu0, FailureKind::kCudaError, clock_.Now()));
  EXPECT_FALSE(q.RecordFailure(kOtherGpu1, FailureKind::kCudaError, clock_.Now()));
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kBrowserContextLost, clock_.Now()));
  EXPECT_TRUE(q.Quarantined(clock_.Now()).empty());
}

TEST_F(Quarantine, TaskFailuresCountOnlyWhenConfigured) {
  QuarantineTracker plain = Tracker(Config(2));
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(plain.RecordFailure(kGpu1, FailureKind::kExitCode, clock_.Now()));
    EXPECT_FALSE(plain.RecordFailure(kGpu1, FailureKind::kOom, clock_.Now()));
    EXPECT_FALSE(plain.RecordFailure(kGpu1, FailureKind::kWorkerLost, clock_.Now()));
  }
  EXPECT_FALSE(plain.IsQuarantined(kGpu1, clock_.Now()));

  QuarantineConfig strict_config = Config(2);
  strict_config.count_task_failures = true;
  QuarantineTracker strict = Tracker(strict_config);
  EXPECT_FALSE(strict.RecordFailure(kGpu1, FailureKind::kExitCode, clock_.Now()));
  EXPECT_TRUE(strict.RecordFailure(kGpu1, FailureKind::kExitCode, clock_.Now()));

  QuarantineConfig oom_config = Config(1);
  oom_config.extra_counted_kinds.Insert(FailureKind::kOom);
  QuarantineTracker oom = Tracker(oom_config);
  EXPECT_TRUE(oom.RecordFailure(kGpu0, FailureKind::kOom, clock_.Now()));
}

TEST_F(Quarantine, PassingHealthCheckLiftsItAndForgetsFailures) {
  QuarantineTracker q = Tracker(Config(2));
  q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now());
  ASSERT_TRUE(q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now()));
  clock_.Advance(minutes(1));
  EXPECT_FALSE(q.RecordHealthCheck(kGpu1, false, clock_.Now()));  // still quarantined
  EXPECT_TRUE(q.IsQuarantined(kGpu1, clock_.Now()));
  EXPECT_TRUE(q.RecordHealthCheck(kGpu1, true, clock_.Now()));
  EXPECT_FALSE(q.IsQuarantined(kGpu1, clock_.Now()));
  // A fresh start: one new failure is not enough.
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now()));
  EXPECT_FALSE(q.RecordHealthCheck(kGpu1, true, clock_.Now()));  // nothing changed
  EXPECT_FALSE(q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now()));
}

TEST_F(Quarantine, FailedHealthCheckQuarantinesAHealthyDevice) {
  QuarantineTracker q = Tracker();
  EXPECT_TRUE(q.RecordHealthCheck(kGpu0, false, clock_.Now()));
  const auto list = q.Quarantined(clock_.Now());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].device, kGpu0);
  EXPECT_EQ(list[0].reason, "health check failed");
  EXPECT_EQ(list[0].kind, FailureKind::kDeviceError);
}

TEST_F(Quarantine, ProbationReleasesAfterItElapses) {
  QuarantineTracker q = Tracker(Config(1, minutes(10)));
  const auto entry = q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now());
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->until, clock_.Now() + minutes(10));
  clock_.Advance(minutes(9));
  EXPECT_TRUE(q.IsQuarantined(kGpu1, clock_.Now()));
  // A failed check restarts the probation period.
  EXPECT_FALSE(q.RecordHealthCheck(kGpu1, false, clock_.Now()));
  clock_.Advance(minutes(9));
  EXPECT_TRUE(q.IsQuarantined(kGpu1, clock_.Now()));
  clock_.Advance(minutes(1));
  EXPECT_FALSE(q.IsQuarantined(kGpu1, clock_.Now()));
  EXPECT_TRUE(q.Quarantined(clock_.Now()).empty());
  // Released; a new failure quarantines it again.
  EXPECT_TRUE(q.RecordFailure(kGpu1, FailureKind::kCudaError, clock_.Now()));
}

TEST_F(Quarantine, ListIsSortedByDevice) {
  QuarantineTracker q = Tracker(Config(1));
  q.RecordFailure(kOtherGpu1, FailureKind::kCudaError, clock_.Now());
  q.RecordFailure(kGpu1, FailureKind::kDeviceError, clock_.Now());
  q.RecordFailure(kGpu0, FailureKind::kBrowserContextLost, clock_.Now());
  const auto list = q.Quarantined(clock_.Now());
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].device.ToString(), "worker-a/gpu0");
  EXPECT_EQ(list[1].device.ToString(), "worker-a/gpu1");
  EXPECT_EQ(list[2].device.ToString(), "worker-b/gpu1");
  // Already quarantined: further failures change nothing.
  EXPECT_FALSE(q.RecordFailure(kGpu0, FailureKind::kBrowserContextLost, clock_.Now()));
}

TEST(QuarantineTrackerCreate, RejectsBadSettings) {
  auto zero = QuarantineTracker::Create(Config(0));
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(zero.error().where, "quarantine.failure_threshold");

  QuarantineConfig no_window;
  no_window.window = Duration(0);
  auto window = QuarantineTracker::Create(no_window);
  ASSERT_FALSE(window);
  EXPECT_EQ(window.error().message, "window must be positive, got 0s");

  auto probation = QuarantineTracker::Create(Config(3, seconds(-1)));
  ASSERT_FALSE(probation);
  EXPECT_EQ(probation.error().where, "quarantine.probation");
}

}  // namespace
}  // namespace hawk::engine
