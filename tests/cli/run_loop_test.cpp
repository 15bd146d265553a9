// `hawk run` end to end below the command line: the engine driving real
// processes through the run loop, recorded in an in-memory store.
#include "cli/run_loop.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/run_notify.h"
#include "cli/run_output.h"
#include "cli_test_support.h"
#include "store/duckdb_store.h"

namespace hawk::cli {
namespace {

DeviceProfile Gpu(std::string id) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kGpu;
  d.vendor = Vendor::kNvidia;
  d.model = "test gpu";
  d.memory_total_bytes = 16ULL << 30;
  return d;
}

Task MakeTask(std::string id, Command command, std::vector<std::string> depends_on = {}) {
  Task t;
  t.id = id;
  t.name = id;
  t.command = std::move(command);
  t.depends_on = std::move(depends_on);
  t.recovery.max_retries = 1;
  t.recovery.backoff.base = std::chrono::milliseconds(10);
  t.recovery.backoff.cap = std::chrono::milliseconds(20);
  return t;
}

Command Argv(std::vector<std::string> argv) {
  Command c;
  c.argv = std::move(argv);
  return c;
}

Command Shell(std::string script) {
  Command c;
  c.shell = std::move(script);
  return c;
}

class RunLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    options_.state_dir = std::filesystem::temp_directory_path() /
                         ("hawk-run-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(options_.state_dir);
  }
  void TearDown() override { std::filesystem::remove_all(options_.state_dir); }

  LocalRun Run(Workload workload, std::uint32_t workers = 1) {
    auto run = RunLocally("wl-1", std::move(workload), LocalWorkers(TestMachine(4), workers),
                          clock_, options_);
    EXPECT_TRUE(run.has_value()) << (run ? "" : run.error().ToString());
    return run ? std::move(*run) : LocalRun{};
  }

  std::vector<const LocalAttempt*> AttemptsOf(const LocalRun& run, const std::string& unit) {
    std::vector<const LocalAttempt*> out;
    for (const LocalAttempt& a : run.attempts) {
      if (a.unit_id == unit) out.push_back(&a);
    }
    return out;
  }

  SystemClock clock_;
  LocalRunOptions options_;
};

// prepare -> flaky (fails once, then passes, remembering in its checkpoint
// folder) -> report, which sees the dispatch environment.
Workload SucceedingDag() {
  Workload w;
  w.name = "tiny";
  w.tasks.push_back(MakeTask("prepare", Argv({"true"})));
  w.tasks.push_back(MakeTask("flaky",
                             Shell("test -f \"$HAWK_CHECKPOINT_DIR/tried\" && exit 0; "
                                   "touch \"$HAWK_CHECKPOINT_DIR/tried\"; echo first try fails; "
                                   "exit 1"),
                             {"prepare"}));
  w.tasks.push_back(MakeTask(
      "report", Shell("echo \"task=$HAWK_TASK_ID workload=$HAWK_WORKLOAD_ID\""), {"flaky"}));
  return w;
}

// prepare -> broken (exit 3, retried once) -> after (never runs).
Workload FailingDag() {
  Workload w;
  w.name = "tiny";
  w.tasks.push_back(MakeTask("prepare", Argv({"true"})));
  w.tasks.push_back(MakeTask("broken", Shell("echo about to fail >&2; exit 3"), {"prepare"}));
  w.tasks.push_back(MakeTask("after", Argv({"true"}), {"broken"}));
  return w;
}

TEST_F(RunLoopTest, DagWithARetrySucceedsAndRunsInDependencyOrder) {
  const LocalRun run = Run(SucceedingDag());
  EXPECT_EQ(run.status, engine::WorkloadStatus::kSucceeded) << run.status_reason;
  ASSERT_EQ(run.attempts.size(), 4U);
  EXPECT_EQ(run.attempts[0].unit_id, "prepare");
  EXPECT_EQ(run.attempts[1].unit_id, "flaky");
  EXPECT_EQ(run.attempts[1].exit_code, 1);
  EXPECT_EQ(run.attempts[1].log_tail, "first try fails\n");
  EXPECT_EQ(run.attempts[2].unit_id, "flaky");
  EXPECT_EQ(run.attempts[2].exit_code, 0);
  EXPECT_EQ(run.attempts[3].unit_id, "report");
  EXPECT_EQ(run.attempts[3].log_tail, "task=report workload=wl-1\n");
  EXPECT_EQ(ReadText(run.attempts[3].log_path), "task=report workload=wl-1\n");
  for (const LocalAttempt& a : run.attempts) {
    EXPECT_EQ(a.worker_id, "local-0");
    ASSERT_TRUE(a.finished_at);
    EXPECT_GE(*a.finished_at, a.started_at);
  }
  EXPECT_GE(run.finished_at, run.started_at);
}

TEST_F(RunLoopTest, TaskThatKeepsFailingFailsTheWorkload) {
  const LocalRun run = Run(FailingDag());
  EXPECT_EQ(run.status, engine::WorkloadStatus::kFailed);
  const auto broken = AttemptsOf(run, "broken");
  ASSERT_EQ(broken.size(), 2U);  // the first try and one retry
  for (const LocalAttempt* a : broken) {
    EXPECT_EQ(a->exit_code, 3);
    EXPECT_EQ(a->outcome, "exit code 3");
    EXPECT_EQ(a->log_tail, "about to fail\n");
  }
  EXPECT_TRUE(AttemptsOf(run, "after").empty());
}

TEST_F(RunLoopTest, RunIsRecordedInTheStore) {
  const LocalRun run = Run(FailingDag());
  auto store = DuckDbStore::Open(DuckDbStore::kInMemory);
  ASSERT_TRUE(store);
  ASSERT_TRUE(WriteLocalRun(run, **store));

  const auto workload = (*store)->GetWorkload("wl-1");
  ASSERT_TRUE(workload);
  EXPECT_EQ(workload->name, "tiny");
  EXPECT_EQ(workload->status, "failed");
  EXPECT_TRUE(workload->finished_at);

  const auto tasks = (*store)->ListTasks("wl-1");
  ASSERT_TRUE(tasks);
  ASSERT_EQ(tasks->size(), 3U);
  std::map<std::string, std::string> status;
  for (const TaskRecord& t : *tasks) status[t.task_id] = t.status;
  EXPECT_EQ(status["prepare"], "succeeded");
  EXPECT_EQ(status["broken"], "failed");
  EXPECT_EQ(status["after"], "cancelled");

  const auto attempts = (*store)->ListAttempts("wl-1");
  ASSERT_TRUE(attempts);
  ASSERT_EQ(attempts->size(), 3U);
  std::vector<std::uint32_t> broken_numbers;
  for (const AttemptRecord& a : *attempts) {
    EXPECT_EQ(a.worker_id, "local-0");
    if (a.task_id != "broken") continue;
    broken_numbers.push_back(a.attempt_number);
    EXPECT_EQ(a.status, "failed");
    EXPECT_EQ(a.exit_code, 3);
    EXPECT_EQ(a.failure_kind, "exit_code");
  }
  std::sort(broken_numbers.begin(), broken_numbers.end());
  EXPECT_EQ(broken_numbers, (std::vector<std::uint32_t>{1, 2}));

  const auto events = (*store)->LoadEvents(0, std::nullopt);
  ASSERT_TRUE(events);
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->front().type, "workload_submitted");
  std::map<std::string, int> types;
  for (const EventRecord& e : *events) ++types[e.type];
  EXPECT_EQ(types["attempt_dispatched"], 3);
  EXPECT_EQ(types["attempt_finished"], 3);
  EXPECT_EQ(types["workload_finished"], 1);
  const auto workers = (*store)->ListWorkerHardware();
  ASSERT_TRUE(workers);
  ASSERT_EQ(workers->size(), 1U);
  EXPECT_EQ(workers->front().worker_id, "local-0");
}

TEST_F(RunLoopTest, CommandNotFoundFailsTheAttemptWithExitCode127) {
  Workload w;
  w.name = "tiny";
  w.tasks.push_back(MakeTask("missing", Argv({"hawk-no-such-program"})));
  w.tasks.back().recovery.max_retries = 0;
  const LocalRun run = Run(std::move(w));
  EXPECT_EQ(run.status, engine::WorkloadStatus::kFailed);
  ASSERT_EQ(run.attempts.size(), 1U);
  EXPECT_EQ(run.attempts[0].exit_code, 127);
  ASSERT_TRUE(run.attempts[0].start_error);
  EXPECT_NE(run.attempts[0].start_error->find("command not found: hawk-no-such-program"),
            std::string::npos);
  EXPECT_NE(LocalRunSummary(run).find("could not start"), std::string::npos);
}

TEST_F(RunLoopTest, TimedOutTaskIsKilledAndReportedAsTimeout) {
  Workload w;
  w.name = "tiny";
  w.tasks.push_back(MakeTask("slow", Argv({"sleep", "30"})));
  w.tasks.back().timeout = std::chrono::milliseconds(200);
  w.tasks.back().recovery.max_retries = 0;
  const LocalRun run = Run(std::move(w));
  EXPECT_EQ(run.status, engine::WorkloadStatus::kFailed);
  ASSERT_EQ(run.attempts.size(), 1U);
  EXPECT_TRUE(run.attempts[0].timed_out);
  EXPECT_EQ(run.attempts[0].signal, SIGTERM);
  EXPECT_LT(run.finished_at - run.started_at, std::chrono::seconds(10));
}

TEST_F(RunLoopTest, SummaryAndJsonTellPerTaskOutcomes) {
  const LocalRun run = Run(FailingDag());
  const std::string summary = LocalRunSummary(run);
  EXPECT_NE(summary.find("workload wl-1: failed"), std::string::npos) << summary;
  EXPECT_NE(summary.find("3 tasks: 1 succeeded, 1 failed, 0 skipped, 1 cancelled; 3 attempts"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("failed: broken"), std::string::npos) << summary;
  EXPECT_NE(summary.find("  | about to fail"), std::string::npos) << summary;

  const nlohmann::ordered_json json = LocalRunJson(run);
  EXPECT_EQ(json["status"], "failed");
  EXPECT_EQ(json["totals"]["attempts"], 3);
  ASSERT_EQ(json["tasks"].size(), 3U);
  EXPECT_EQ(json["tasks"][1]["id"], "broken");
  EXPECT_EQ(json["tasks"][1]["attempts"], 2);
  EXPECT_EQ(json["tasks"][1]["exit_code"], 3);
  EXPECT_EQ(json["tasks"][1]["worker"], "local-0");
}

TEST_F(RunLoopTest, IndependentTasksSpreadOverLocalWorkers) {
  Workload w;
  w.name = "tiny";
  for (int i = 0; i < 4; ++i) w.tasks.push_back(MakeTask("t" + std::to_string(i), Argv({"true"})));
  const LocalRun run = Run(std::move(w), 2);
  EXPECT_EQ(run.status, engine::WorkloadStatus::kSucceeded);
  std::set<std::string> workers;
  for (const LocalAttempt& a : run.attempts) workers.insert(a.worker_id);
  EXPECT_EQ(workers, (std::set<std::string>{"local-0", "local-1"}));
}

TEST(LocalWorkersTest, SplitCpuSlotsAndDealOutAccelerators) {
  WorkerProfile machine = TestMachine(8);
  machine.devices.push_back(Gpu("gpu0"));
  machine.devices.push_back(Gpu("gpu1"));
  machine.devices.push_back(Gpu("gpu2"));
  const std::vector<WorkerProfile> workers = LocalWorkers(machine, 2);
  ASSERT_EQ(workers.size(), 2U);
  EXPECT_EQ(workers[0].worker_id, "local-0");
  EXPECT_EQ(workers[1].worker_id, "local-1");
  auto ids = [](const WorkerProfile& w) {
    std::vector<std::string> out;
    for (const DeviceProfile& d : w.devices) out.push_back(d.id);
    return out;
  };
  EXPECT_EQ(ids(workers[0]), (std::vector<std::string>{"cpu0", "gpu0", "gpu2"}));
  EXPECT_EQ(ids(workers[1]), (std::vector<std::string>{"cpu0", "gpu1"}));
  EXPECT_EQ(workers[0].cpu_slots, 4U);
  EXPECT_EQ(LocalWorkers(TestMachine(1), 3)[2].cpu_slots, 1U);
  EXPECT_EQ(LocalWorkers(TestMachine(4), 0).size(), 1U);
}

TEST(NewWorkloadIdTest, NameAndCompactUtcTime) {
  Workload w;
  w.name = "quickstart";
  EXPECT_EQ(NewWorkloadId(w, FromUnixMillis(1'767'225'600'123)), "quickstart-20260101T000000123Z");
}

}  // namespace
}  // namespace hawk::cli

namespace hawk::cli {
namespace {

TEST_F(RunLoopTest, TheOutcomeNotificationCountsTheUnits) {
  const LocalRun run = Run(FailingDag());
  const auto events = RunNotifyEvents(run);
  ASSERT_EQ(events.size(), 1U);
  const notify::NotifyEvent& e = events.back();
  EXPECT_EQ(e.kind, notify::EventKind::kWorkloadFailed);
  EXPECT_EQ(e.workload, "wl-1");
  EXPECT_EQ(e.status, "failed");
  EXPECT_EQ(e.passed, 1U);  // prepare
  EXPECT_EQ(e.failed, 2U);  // broken, and after, cancelled with the workload
  EXPECT_EQ(e.skipped, 0U);
  EXPECT_EQ(e.at, run.finished_at);
}

}  // namespace
}  // namespace hawk::cli

namespace hawk::cli {
namespace {

// Every attempt's process tree is followed and recorded, the retried one too.
TEST_F(RunLoopTest, EachAttemptsResourceUseIsRecorded) {
  Workload w;
  w.name = "tiny";
  w.tasks.push_back(MakeTask("busy", Shell("i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done")));
  const LocalRun run = Run(std::move(w));
  ASSERT_EQ(run.status, engine::WorkloadStatus::kSucceeded) << run.status_reason;
  ASSERT_EQ(run.attempts.size(), 1U);
  ASSERT_TRUE(run.attempts[0].usage.has_value());
  EXPECT_GT(run.attempts[0].usage->cpu_seconds, 0.0);

  auto store = DuckDbStore::Open(DuckDbStore::kInMemory);
  ASSERT_TRUE(store);
  ASSERT_TRUE(WriteLocalRun(run, **store));
  const auto usage = (*store)->ListTaskUsage("wl-1");
  ASSERT_TRUE(usage) << usage.error().ToString();
  ASSERT_EQ(usage->size(), 1U);
  const TaskUsageRecord& r = usage->front();
  EXPECT_EQ(r.attempt_id, run.attempts[0].attempt_id);
  EXPECT_EQ(r.task_id, "busy");
  EXPECT_EQ(r.worker_id, run.attempts[0].worker_id);
  EXPECT_EQ(r.source, "proc");
  EXPECT_DOUBLE_EQ(r.cpu_seconds, run.attempts[0].usage->cpu_seconds);
  ASSERT_TRUE(r.peak_memory_bytes.has_value());
  EXPECT_GT(*r.peak_memory_bytes, 0U);
}

TEST_F(RunLoopTest, UsageIsNotTrackedWhenTurnedOff) {
  options_.track_usage = false;
  Workload w;
  w.name = "tiny";
  w.tasks.push_back(MakeTask("quick", Argv({"true"})));
  const LocalRun run = Run(std::move(w));
  ASSERT_EQ(run.attempts.size(), 1U);
  EXPECT_FALSE(run.attempts[0].usage.has_value());
}

}  // namespace
}  // namespace hawk::cli
