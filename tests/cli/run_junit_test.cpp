// `hawk run` with tasks that write JUnit XML: the test cases are stored per
// attempt, merged across shards in the report, and a bad file is a warning.
#include "cli/run_junit.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/run_loop.h"
#include "cli/run_output.h"
#include "cli_test_support.h"
#include "report/report_data.h"
#include "store/duckdb_store.h"

namespace hawk::cli {
namespace {

Task ShellTask(std::string id, std::string script) {
  Task t;
  t.id = id;
  t.name = id;
  t.command.shell = std::move(script);
  t.recovery.max_retries = 1;
  t.recovery.backoff.base = std::chrono::milliseconds(10);
  t.recovery.backoff.cap = std::chrono::milliseconds(20);
  return t;
}

// A shell line that writes one JUnit file with the given <testcase> elements.
std::string WriteJUnit(const std::string& path, const std::string& cases) {
  return "printf '%s\\n' '<?xml version=\"1.0\"?><testsuites><testsuite name=\"Suite\">" + cases +
         "</testsuite></testsuites>' > " + path;
}

class RunJUnitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("hawk-junit-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    options_.state_dir = dir_ / "state";
    options_.on_progress = [this](const std::string& line) { progress_.push_back(line); };
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  LocalRun Run(Workload workload, std::uint32_t workers = 1) {
    workload.name = "junit";
    auto run = RunLocally("wl-1", std::move(workload), LocalWorkers(TestMachine(4), workers),
                          clock_, options_);
    EXPECT_TRUE(run.has_value()) << (run ? "" : run.error().ToString());
    return run ? std::move(*run) : LocalRun{};
  }

  std::unique_ptr<DuckDbStore> Stored(const LocalRun& run) {
    auto store = DuckDbStore::Open(DuckDbStore::kInMemory);
    EXPECT_TRUE(store);
    if (!store) return nullptr;
    EXPECT_TRUE(WriteLocalRun(run, **store));
    return std::move(*store);
  }

  std::filesystem::path dir_;
  std::vector<std::string> progress_;
  SystemClock clock_;
  LocalRunOptions options_;
};

TEST_F(RunJUnitTest, TestCasesWrittenToHawkJUnitDirAreStoredForTheAttempt) {
  Workload w;
  w.tasks.push_back(ShellTask(
      "unit", WriteJUnit("\"$HAWK_JUNIT_DIR/results.xml\"",
                         "<testcase name=\"Adds\" time=\"0.25\"/>"
                         "<testcase name=\"Divides\"><failure message=\"by zero\"/></testcase>")));
  const LocalRun run = Run(std::move(w));
  EXPECT_EQ(run.status, engine::WorkloadStatus::kSucceeded) << run.status_reason;
  ASSERT_EQ(run.attempts.size(), 1U);  // a failing test case does not fail the task
  const LocalAttempt& a = run.attempts[0];
  ASSERT_TRUE(a.junit_dir);
  EXPECT_TRUE(a.junit_dir->is_absolute());
  EXPECT_EQ(*a.junit_dir, std::filesystem::absolute(run.run_dir / "junit" / a.attempt_id));
  EXPECT_TRUE(a.junit_warnings.empty());

  auto store = Stored(run);
  ASSERT_TRUE(store);
  const auto rows = store->ListTestResults("wl-1");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ((*rows)[0], (TestResultRecord{"wl-1", "unit", a.attempt_id, "Suite", "Adds", "passed",
                                          250, std::nullopt}));
  EXPECT_EQ((*rows)[1], (TestResultRecord{"wl-1", "unit", a.attempt_id, "Suite", "Divides",
                                          "failed", std::nullopt, "by zero"}));

  EXPECT_NE(LocalRunSummary(run).find("junit: 2 test case runs: 1 passed, 1 failed, 0 errors, "
                                      "0 skipped; 0 unreadable JUnit files"),
            std::string::npos)
      << LocalRunSummary(run);
  EXPECT_EQ(LocalRunJson(run)["totals"]["test_cases"], 2);
}

TEST_F(RunJUnitTest, ShardsWritingPartsOfOneSuiteShowEachTestOnce) {
  Workload w;
  Task t = ShellTask("gtest", WriteJUnit("\"$HAWK_JUNIT_DIR/shard.xml\"",
                                         "<testcase name=\"Case'\"$HAWK_SHARD_INDEX\"'\"/>"));
  t.sharding.mode = Sharding::Mode::kCount;
  t.sharding.count = 3;
  w.tasks.push_back(std::move(t));
  const LocalRun run = Run(std::move(w), /*workers=*/2);
  EXPECT_EQ(run.status, engine::WorkloadStatus::kSucceeded) << run.status_reason;
  ASSERT_EQ(run.attempts.size(), 3U);

  auto store = Stored(run);
  ASSERT_TRUE(store);
  const auto rows = store->ListTestResults("wl-1");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->size(), 3U);
  auto data = report::LoadReportData(*store, std::string("wl-1"));
  ASSERT_TRUE(data) << data.error().ToString();
  ASSERT_EQ(data->tests.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    const report::MergedTest& test = data->tests[i];
    EXPECT_EQ(test.task_id, "gtest");
    EXPECT_EQ(test.suite, "Suite");
    EXPECT_EQ(test.name, "Case" + std::to_string(i));
    ASSERT_EQ(test.runs.size(), 1U);
    EXPECT_EQ(test.runs[0].unit_id, "gtest#" + std::to_string(i));
    const LocalAttempt* a = run.FindAttempt(test.runs[0].attempt_id);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->unit_id, test.runs[0].unit_id);
    EXPECT_EQ(test.runs[0].worker_id, a->worker_id);
  }
  EXPECT_EQ(data->test_counts.passed, 3U);
}

TEST_F(RunJUnitTest, TestThatFailsThenPassesOnTheRetryIsFlaky) {
  Workload w;
  w.tasks.push_back(ShellTask(
      "flaky",
      "if test -f \"$HAWK_CHECKPOINT_DIR/tried\"; then " +
          WriteJUnit("\"$HAWK_JUNIT_DIR/r.xml\"", "<testcase name=\"Racy\"/>") +
          "; exit 0; fi; touch \"$HAWK_CHECKPOINT_DIR/tried\"; " +
          WriteJUnit("\"$HAWK_JUNIT_DIR/r.xml\"",
                     "<testcase name=\"Racy\"><failure message=\"lost a race\"/></testcase>") +
          "; exit 1"));
  const LocalRun run = Run(std::move(w));
  EXPECT_EQ(run.status, engine::WorkloadStatus::kSucceeded) << run.status_reason;
  ASSERT_EQ(run.attempts.size(), 2U);
  // Each attempt had a folder of its own: the retry did not see the first file.
  EXPECT_NE(run.attempts[0].junit_dir, run.attempts[1].junit_dir);

  auto store = Stored(run);
  ASSERT_TRUE(store);
  auto data = report::LoadReportData(*store, std::string("wl-1"));
  ASSERT_TRUE(data) << data.error().ToString();
  ASSERT_EQ(data->tests.size(), 1U);
  const report::MergedTest& racy = data->tests[0];
  EXPECT_EQ(racy.status, "passed");
  EXPECT_TRUE(racy.flaky);
  ASSERT_EQ(racy.runs.size(), 2U);
  EXPECT_EQ(racy.runs[0].status, "failed");
  EXPECT_EQ(racy.runs[0].message, "lost a race");
  EXPECT_EQ(racy.runs[0].attempt_number, 1U);
  EXPECT_EQ(racy.runs[1].attempt_number, 2U);
}

TEST_F(RunJUnitTest, SpecPathsAreReadRelativeToTheWorkingDir) {
  const std::filesystem::path work = dir_ / "work";
  std::filesystem::create_directories(work);
  Workload w;
  Task t = ShellTask(
      "pytest", "mkdir -p out && " + WriteJUnit("out/junit.xml", "<testcase name=\"test_ok\"/>"));
  t.working_dir = work.string();
  t.junit_paths = {"out/junit.xml"};
  w.tasks.push_back(std::move(t));
  const LocalRun run = Run(std::move(w));
  ASSERT_EQ(run.attempts.size(), 1U);
  ASSERT_EQ(run.attempts[0].test_cases.size(), 1U);
  EXPECT_EQ(run.attempts[0].test_cases[0].name, "test_ok");
  EXPECT_TRUE(run.attempts[0].junit_warnings.empty());
}

TEST_F(RunJUnitTest, BadOrMissingJUnitIsAWarningAndTheExitCodeDecides) {
  Workload w;
  Task t = ShellTask(
      "broken",
      "printf '<testsuites>\\n<testsuite>\\n<oops' > "
      "\"$HAWK_JUNIT_DIR/bad.xml\"; " +
          WriteJUnit("\"$HAWK_JUNIT_DIR/good.xml\"", "<testcase name=\"StillCounted\"/>"));
  t.junit_paths = {"never-written.xml"};
  w.tasks.push_back(std::move(t));
  const LocalRun run = Run(std::move(w));
  EXPECT_EQ(run.status, engine::WorkloadStatus::kSucceeded) << run.status_reason;
  ASSERT_EQ(run.attempts.size(), 1U);
  const LocalAttempt& a = run.attempts[0];
  ASSERT_EQ(a.test_cases.size(), 1U);
  EXPECT_EQ(a.test_cases[0].name, "StillCounted");
  ASSERT_EQ(a.junit_warnings.size(), 2U);
  EXPECT_NE(a.junit_warnings[0].find("bad.xml:3"), std::string::npos) << a.junit_warnings[0];
  EXPECT_NE(a.junit_warnings[0].find("malformed XML"), std::string::npos) << a.junit_warnings[0];
  EXPECT_NE(a.junit_warnings[1].find("never-written.xml"), std::string::npos);
  EXPECT_NE(ReadText(a.log_path).find("hawk: warning: "), std::string::npos);
  int warn_lines = 0;
  for (const std::string& line : progress_) warn_lines += line.rfind("warn     broken", 0) == 0;
  EXPECT_EQ(warn_lines, 2);
}

TEST(CollectJUnit, NoFolderAndNoPathsIsNothing) {
  const JUnitCollection found = CollectJUnit(std::nullopt, {}, std::nullopt);
  EXPECT_TRUE(found.files.empty());
  EXPECT_TRUE(found.test_cases.empty());
  EXPECT_TRUE(found.warnings.empty());
}

TEST(CollectJUnit, ReadsFixturesInPathOrderAndSkipsDuplicates) {
  const std::string fixtures = std::string(HAWK_SOURCE_DIR) + "/tests/fixtures/junit";
  const JUnitCollection found =
      CollectJUnit(std::nullopt, {"gtest.xml", "pytest.xml", "./gtest.xml"}, fixtures);
  ASSERT_EQ(found.files.size(), 2U);
  EXPECT_EQ(found.test_cases.size(), 10U);
  EXPECT_TRUE(found.warnings.empty());
}

}  // namespace
}  // namespace hawk::cli
