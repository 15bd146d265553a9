#include "engine/failure_report.h"

#include <gtest/gtest.h>

#include <chrono>

namespace hawk::engine {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const TimePoint kT0 = FromUnixMillis(1'700'000'000'000);  // 2023-11-14T22:13:20Z

Classification Exit(int code) {
  AttemptOutcome o;
  o.exit_code = code;
  return ClassifyOutcome(o);
}

Classification Log(std::string log) {
  AttemptOutcome o;
  o.exit_code = 1;
  o.log_tail = std::move(log);
  return ClassifyOutcome(o);
}

Classification Lost() {
  AttemptOutcome o;
  o.worker_lost = true;
  return ClassifyOutcome(o);
}

FailureRecord Record(std::string task, std::string worker, std::vector<std::string> devices,
                     Classification failure, TimePoint at, std::uint32_t attempt = 1) {
  return FailureRecord{std::move(task),    attempt, std::move(worker), std::move(devices),
                       std::move(failure), at};
}

FailureLog Scenario() {
  FailureLog log;
  const Classification cuda = Log("CUDA error: an illegal memory access was encountered");
  log.failures = {
      Record("train", "worker-a", {"gpu1"}, cuda, kT0, 1),
      Record("train", "worker-a", {"gpu1"}, cuda, kT0 + minutes(2), 2),
      Record("eval", "worker-a", {"gpu1"}, cuda, kT0 + minutes(4), 1),
      Record("unit", "worker-a", {}, Exit(3), kT0 + minutes(5), 1),
      Record("unit", "worker-b", {}, Exit(3), kT0 + minutes(6), 2),
      Record("fetch", "worker-c", {}, Lost(), kT0 + minutes(7), 1),
      Record("lint", "worker-c", {}, Lost(), kT0 + minutes(8), 1),
  };
  log.actions = {
      {"unit", kT0 + minutes(6), RecoveryStrategy::kSkip, "skip: likely a bug"},
      {"train", kT0 + seconds(1), RecoveryStrategy::kRetry, "retry in 1s on any worker"},
      {"train", kT0 + minutes(2), RecoveryStrategy::kReassign, "reassign in 2s excluding worker-a"},
  };
  log.quarantines = {{DeviceRef{"worker-a", "gpu1"}, FailureKind::kCudaError,
                      "3 cuda_error within 5m", kT0 + minutes(4), std::nullopt}};
  return log;
}

TEST(FailureReport, CountsByKindWorkerAndDevice) {
  const FailureReport r = BuildFailureReport(Scenario());
  EXPECT_EQ(r.total_failures, 7u);
  EXPECT_EQ(r.by_kind,
            (std::vector<Count>{{"cuda_error", 3}, {"exit_code", 2}, {"worker_lost", 2}}));
  EXPECT_EQ(r.by_worker, (std::vector<Count>{{"worker-a", 4}, {"worker-c", 2}, {"worker-b", 1}}));
  EXPECT_EQ(r.by_device, (std::vector<Count>{{"worker-a/gpu1", 3}}));
}

TEST(FailureReport, DetectsPatterns) {
  const FailureReport r = BuildFailureReport(Scenario());
  ASSERT_EQ(r.patterns.size(), 3u);
  EXPECT_EQ(r.patterns[0],
            (FailurePattern{FailurePatternKind::kDeviceBurst, "worker-a/gpu1",
                            "3 cuda_error on worker-a/gpu1 within 5m -> quarantined"}));
  EXPECT_EQ(r.patterns[1],
            (FailurePattern{FailurePatternKind::kTaskBug, "unit",
                            "task unit failed on 2 workers (worker-a, worker-b) with the same "
                            "exit code 3 -> likely a bug in the task"}));
  EXPECT_EQ(r.patterns[2],
            (FailurePattern{FailurePatternKind::kUnstableWorker, "worker-c",
                            "worker-c lost contact 2 times in 2 tasks (fetch, lint) -> check its "
                            "host and network"}));
}

TEST(FailureReport, BurstNeedsTheThresholdInsideTheWindow) {
  FailureLog log = Scenario();
  log.quarantines.clear();
  log.failures[2].at = kT0 + minutes(6);  // third cuda_error outside 5m of the first
  const FailureReport r = BuildFailureReport(log);
  for (const FailurePattern& p : r.patterns) {
    EXPECT_NE(p.kind, FailurePatternKind::kDeviceBurst) << p.description;
  }
  // A looser threshold finds it, without the quarantine suffix.
  QuarantineConfig loose_burst;
  loose_burst.failure_threshold = 2;
  const FailureReport loose = BuildFailureReport(log, loose_burst);
  ASSERT_FALSE(loose.patterns.empty());
  EXPECT_EQ(loose.patterns[0].description, "2 cuda_error on worker-a/gpu1 within 5m");
}

TEST(FailureReport, MemoryPressureAcrossDevices) {
  FailureLog log;
  log.failures = {Record("llm", "worker-a", {"gpu0"}, Log("CUDA out of memory"), kT0),
                  Record("llm", "worker-b", {"gpu3"}, Log("CUDA out of memory"), kT0),
                  Record("small", "worker-a", {"gpu0"}, Log("CUDA out of memory"), kT0)};
  const FailureReport r = BuildFailureReport(log);
  ASSERT_EQ(r.patterns.size(), 1u);
  EXPECT_EQ(r.patterns[0].kind, FailurePatternKind::kMemoryPressure);
  EXPECT_EQ(r.patterns[0].description,
            "task llm ran out of memory on 2 devices (worker-a/gpu0, worker-b/gpu3) -> its memory "
            "requirement is likely too low");
}

TEST(FailureReport, ActionsInTimeOrder) {
  const FailureReport r = BuildFailureReport(Scenario());
  ASSERT_EQ(r.actions.size(), 3u);
  EXPECT_EQ(r.actions[0].strategy, RecoveryStrategy::kRetry);
  EXPECT_EQ(r.actions[1].strategy, RecoveryStrategy::kReassign);
  EXPECT_EQ(r.actions[2].strategy, RecoveryStrategy::kSkip);
}

TEST(FailureReport, RendersAFewLines) {
  EXPECT_EQ(RenderFailureReport(BuildFailureReport(Scenario())),
            "7 failures: 3 cuda_error, 2 exit_code, 2 worker_lost\n"
            "by worker: worker-a 4, worker-c 2, worker-b 1\n"
            "by device: worker-a/gpu1 3\n"
            "patterns:\n"
            "  3 cuda_error on worker-a/gpu1 within 5m -> quarantined\n"
            "  task unit failed on 2 workers (worker-a, worker-b) with the same exit code 3 -> "
            "likely a bug in the task\n"
            "  worker-c lost contact 2 times in 2 tasks (fetch, lint) -> check its host and "
            "network\n"
            "actions:\n"
            "  2023-11-14T22:13:21.000Z train retry: retry in 1s on any worker\n"
            "  2023-11-14T22:15:20.000Z train reassign: reassign in 2s excluding worker-a\n"
            "  2023-11-14T22:19:20.000Z unit skip: skip: likely a bug\n");
}

TEST(FailureReport, EmptyAndSingle) {
  EXPECT_EQ(RenderFailureReport(BuildFailureReport({})), "no failures\n");
  FailureLog one;
  one.failures = {Record("t", "w", {}, Exit(1), kT0)};
  EXPECT_EQ(RenderFailureReport(BuildFailureReport(one)),
            "1 failure: 1 exit_code\nby worker: w 1\n");
}

}  // namespace
}  // namespace hawk::engine
