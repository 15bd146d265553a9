#include "report/test_merge.h"

#include <gtest/gtest.h>

#include "report_fixture.h"

namespace hawk::report {
namespace {

using testing::TestResult;

TEST(TaskOfUnit, StripsTheShardSuffixOnly) {
  EXPECT_EQ(TaskOfUnit("tests#3"), "tests");
  EXPECT_EQ(TaskOfUnit("tests"), "tests");
  EXPECT_EQ(TaskOfUnit("tests#"), "tests#");
  EXPECT_EQ(TaskOfUnit("tests#x1"), "tests#x1");
  EXPECT_EQ(TaskOfUnit("#1"), "#1");
}

TEST(MergeTestResults, ShardsOfOneSuiteShowEachTestOnceWithWhereItRan) {
  const ReportSource source = testing::SampleSource();
  const std::vector<TestResultRecord> results = {
      TestResult("test#1", "a4", "GpuTest", "Conv", "passed", 800),
      TestResult("test#0", "a3", "GpuTest", "Add", "passed", 10),
      TestResult("test#1", "a4", "GpuTest", "Mul", "skipped", 0, "no fp8")};
  const std::vector<MergedTest> merged = MergeTestResults(results, source.attempts);
  ASSERT_EQ(merged.size(), 3U);
  EXPECT_EQ(merged[0].name, "Add");
  EXPECT_EQ(merged[1].name, "Conv");
  EXPECT_EQ(merged[2].name, "Mul");
  for (const MergedTest& t : merged) {
    EXPECT_EQ(t.workload_id, "wl-ci");
    EXPECT_EQ(t.task_id, "test");
    EXPECT_EQ(t.suite, "GpuTest");
    EXPECT_EQ(t.runs.size(), 1U);
    EXPECT_FALSE(t.flaky);
  }
  EXPECT_EQ(merged[0].runs[0],
            (TestRun{"a3", "test#0", "worker-a", 1, "passed", 10, std::nullopt}));
  EXPECT_EQ(merged[2].status, "skipped");
  EXPECT_EQ(merged[2].message, "no fp8");
  EXPECT_EQ(CountTests(merged), (TestCounts{3, 2, 0, 0, 1, 0}));
}

TEST(MergeTestResults, FailedThenPassedOnARetryIsFlaky) {
  const ReportSource source = testing::SampleSourceWithTests();
  const std::vector<MergedTest> merged = MergeTestResults(source.test_results, source.attempts);
  ASSERT_EQ(merged.size(), 5U);
  const MergedTest& matmul = merged[3];
  EXPECT_EQ(matmul.name, "Matmul");
  EXPECT_EQ(matmul.status, "passed");
  EXPECT_TRUE(matmul.flaky);
  ASSERT_EQ(matmul.runs.size(), 2U);
  EXPECT_EQ(matmul.runs[0].attempt_id, "a3");
  EXPECT_EQ(matmul.runs[0].status, "failed");
  EXPECT_EQ(matmul.runs[1].attempt_id, "a5");
  EXPECT_EQ(matmul.runs[1].worker_id, "worker-b");
  EXPECT_EQ(matmul.runs[1].attempt_number, 2U);
  EXPECT_EQ(matmul.duration_ms, 1400);
  EXPECT_FALSE(merged[4].flaky);  // Softmax passed both times
  EXPECT_EQ(merged[0].task_id, "package");
  EXPECT_EQ(merged[0].status, "error");
  EXPECT_EQ(CountTests(merged), (TestCounts{5, 3, 0, 1, 1, 1}));
}

TEST(MergeTestResults, RunsAreOrderedByAttemptNotByInputOrder) {
  const ReportSource source = testing::SampleSource();
  // The retry's result comes first in the input; the attempts say a3 ran first.
  const std::vector<TestResultRecord> results = {
      TestResult("test#0", "a5", "S", "t", "failed", 5, "broke"),
      TestResult("test#0", "a3", "S", "t", "passed", 4)};
  const std::vector<MergedTest> merged = MergeTestResults(results, source.attempts);
  ASSERT_EQ(merged.size(), 1U);
  EXPECT_EQ(merged[0].status, "failed");
  EXPECT_EQ(merged[0].message, "broke");
  EXPECT_FALSE(merged[0].flaky);  // passed, then failed: not flaky, failing
  EXPECT_EQ(merged[0].runs[0].attempt_id, "a3");
}

TEST(MergeTestResults, SameTestInDifferentTasksOrWorkloadsStaysApart) {
  const std::vector<TestResultRecord> results = {
      TestResultRecord{"wl-1", "cpu", "x1", "S", "t", "passed", 1, std::nullopt},
      TestResultRecord{"wl-1", "gpu", "x2", "S", "t", "failed", 1, std::nullopt},
      TestResultRecord{"wl-2", "cpu", "x3", "S", "t", "passed", 1, std::nullopt}};
  const std::vector<MergedTest> merged = MergeTestResults(results, {});
  ASSERT_EQ(merged.size(), 3U);
  EXPECT_EQ(merged[1].task_id, "gpu");
  EXPECT_EQ(merged[1].status, "failed");
  EXPECT_FALSE(merged[1].runs[0].worker_id);  // attempt unknown
  EXPECT_EQ(merged[2].workload_id, "wl-2");
}

TEST(MergeTestResults, NothingIsNothing) {
  EXPECT_TRUE(MergeTestResults({}, {}).empty());
  EXPECT_EQ(CountTests({}), TestCounts{});
}

}  // namespace
}  // namespace hawk::report
