#include <gtest/gtest.h>

#include "engine/workload_run.h"

namespace hawk::engine {
namespace {

const TimePoint kT0 = FromUnixMillis(1'000'000);

Task MakeTask(std::string id, std::vector<std::string> deps = {}) {
  Task t;
  t.id = std::move(id);
  t.depends_on = std::move(deps);
  return t;
}

WorkloadRun Make(std::vector<Task> tasks, std::uint32_t auto_shards = 3) {
  Workload w;
  w.name = "w";
  w.tasks = std::move(tasks);
  auto run = WorkloadRun::Create(
      "w1", w, [&](const Task&) { return auto_shards; }, kT0);
  EXPECT_TRUE(run) << run.error().ToString();
  return std::move(*run);
}

std::vector<std::string> UnitIds(const WorkloadRun& run, const std::vector<std::uint32_t>& units) {
  std::vector<std::string> out;
  for (auto u : units) out.push_back(run.unit(u).id);
  return out;
}

TEST(WorkloadRun, ExpandsShardsIntoUnits) {
  Task tests = MakeTask("tests");
  tests.sharding.mode = Sharding::Mode::kCount;
  tests.sharding.count = 3;
  Task fuzz = MakeTask("fuzz");
  fuzz.sharding.mode = Sharding::Mode::kAuto;
  fuzz.sharding.max_auto = 2;  // the resolver says 3; capped
  WorkloadRun run = Make({MakeTask("build"), tests, fuzz});
  EXPECT_EQ(
      UnitIds(run, run.TakeNewlyReady()),
      (std::vector<std::string>{"build", "tests#0", "tests#1", "tests#2", "fuzz#0", "fuzz#1"}));
  EXPECT_EQ(run.unit(3).shard_index, 2u);
  EXPECT_EQ(run.unit(3).shard_count, 3u);
}

TEST(WorkloadRun, DependentsWaitForEveryShard) {
  Task tests = MakeTask("tests");
  tests.sharding.mode = Sharding::Mode::kCount;
  tests.sharding.count = 2;
  WorkloadRun run = Make({tests, MakeTask("report", {"tests"})});
  run.TakeNewlyReady();
  run.MarkRunning(0);
  run.MarkRunning(1);
  run.MarkSucceeded(0, "3", kT0);
  EXPECT_TRUE(run.TakeNewlyReady().empty());
  EXPECT_EQ(run.unit(2).state, UnitState::kWaiting);
  run.MarkSucceeded(1, "4", kT0);
  EXPECT_EQ(UnitIds(run, run.TakeNewlyReady()), (std::vector<std::string>{"report"}));
}

TEST(WorkloadRun, SkippedTaskLetsDependentsProceed) {
  WorkloadRun run = Make({MakeTask("optional"), MakeTask("after", {"optional"})});
  run.TakeNewlyReady();
  run.MarkRunning(0);
  run.MarkSkipped(0, "non-critical task failed: exit code 1", kT0);
  EXPECT_EQ(run.unit(1).state, UnitState::kReady);
  run.MarkRunning(1);
  run.MarkSucceeded(1, std::nullopt, kT0);
  EXPECT_EQ(run.status(), WorkloadStatus::kSucceeded);
  EXPECT_EQ(run.progress().skipped, 1u);
  EXPECT_EQ(run.unit(0).note, "non-critical task failed: exit code 1");
}

TEST(WorkloadRun, FailureCancelsTheRestAndReportsRunningUnits) {
  WorkloadRun run = Make({MakeTask("a"), MakeTask("b"), MakeTask("c", {"a"})});
  run.TakeNewlyReady();
  run.MarkRunning(0);
  run.MarkRunning(1);
  const auto running = run.MarkFailed(0, "exit code 2", kT0 + std::chrono::seconds(5));
  EXPECT_EQ(running, (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(run.status(), WorkloadStatus::kFailed);
  EXPECT_EQ(run.status_reason(), "task 'a' failed: exit code 2");
  EXPECT_EQ(run.unit(2).state, UnitState::kCancelled);
  EXPECT_EQ(*run.finished_at(), kT0 + std::chrono::seconds(5));
}

TEST(WorkloadRun, ALateDuplicateResultNeverCompletesTwice) {
  WorkloadRun run = Make({MakeTask("a"), MakeTask("b", {"a"})});
  run.TakeNewlyReady();
  run.MarkRunning(0);
  run.MarkSucceeded(0, "first", kT0);
  run.MarkSucceeded(0, "second", kT0);
  EXPECT_EQ(*run.unit(0).result, "first");
  EXPECT_EQ(run.TakeNewlyReady().size(), 1u);
}

TEST(WorkloadRun, BackoffThenReadyAgain) {
  WorkloadRun run = Make({MakeTask("a")});
  run.TakeNewlyReady();
  run.MarkRunning(0);
  run.MarkBackoff(0, kT0 + std::chrono::seconds(2));
  EXPECT_EQ(run.unit(0).state, UnitState::kBackoff);
  run.MarkReady(0, kT0 + std::chrono::seconds(2));
  EXPECT_EQ(run.TakeNewlyReady(), (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(*run.unit(0).ready_since, kT0 + std::chrono::seconds(2));
}

TEST(WorkloadRun, AggregatesShardResults) {
  Task count = MakeTask("count");
  count.sharding.mode = Sharding::Mode::kCount;
  count.sharding.count = 3;
  count.aggregation = Aggregation::kSum;
  WorkloadRun run = Make({count});
  for (std::uint32_t u = 0; u < 3; ++u) {
    run.MarkRunning(u);
    run.MarkSucceeded(u, std::to_string(u + 1), kT0);
  }
  EXPECT_TRUE(run.TaskDone(0));
  EXPECT_DOUBLE_EQ(*run.TaskResult(0)->number, 6.0);
}

TEST(WorkloadRun, RejectsACycle) {
  Workload w;
  w.tasks = {MakeTask("a", {"b"}), MakeTask("b", {"a"})};
  const auto run = WorkloadRun::Create(
      "w", w, [](const Task&) { return 1u; }, kT0);
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().message, "dependency cycle: a -> b -> a");
}

}  // namespace
}  // namespace hawk::engine
