// Merging the test cases of a workload's JUnit files (table test_results)
// across shards and attempts: one MergedTest per (workload, task, suite,
// name), with every run of it in order, so a sharded GoogleTest run shows each
// test once with where it ran, and a test that failed and later passed on a
// retry is marked flaky.
//
// The task of a result is its unit's task: the shards "tests#0", "tests#1" of
// task "tests" merge into "tests". Runs are ordered by their attempt's start
// (queued time when it never started), then attempt number, then the order
// of the results. Pure and deterministic; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/records.h"

namespace hawk::report {

// One run of a test: which attempt of which unit on which worker.
struct TestRun {
  std::string attempt_id;
  std::string unit_id;  // the task, or one shard of it ("tests#1")
  std::optional<std::string> worker_id;
  std::uint32_t attempt_number = 1;
  std::string status;  // "passed", "failed", "skipped", "error"
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> message;
  friend bool operator==(const TestRun&, const TestRun&) = default;
};

struct MergedTest {
  std::string workload_id;
  std::string task_id;
  std::string suite;
  std::string name;
  std::string status;                       // of the last run
  std::optional<std::int64_t> duration_ms;  // of the last run
  std::optional<std::string> message;       // of the last run
  bool flaky = false;                       // a failed or error run followed by a passed one
  std::vector<TestRun> runs;                // in run order, at least one
  friend bool operator==(const MergedTest&, const MergedTest&) = default;
};

// Counts over merged tests (by final status).
struct TestCounts {
  std::uint32_t tests = 0;
  std::uint32_t passed = 0;
  std::uint32_t failed = 0;
  std::uint32_t errors = 0;
  std::uint32_t skipped = 0;
  std::uint32_t flaky = 0;
  friend bool operator==(const TestCounts&, const TestCounts&) = default;
};

// "tests#3" -> "tests"; an id without a "#<digits>" suffix is its own task.
std::string TaskOfUnit(const std::string& unit_id);

// Merges `results` (any workloads); `attempts` supply the order and the
// worker (a result whose attempt is missing sorts last, with no worker).
// Output sorted by workload, task, suite, name.
std::vector<MergedTest> MergeTestResults(std::span<const TestResultRecord> results,
                                         std::span<const AttemptRecord> attempts);

TestCounts CountTests(std::span<const MergedTest> tests);

}  // namespace hawk::report
