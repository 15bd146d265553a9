// The coordinator's core through its public interface: worker sessions,
// client requests, ticks, and restarts over the same event log.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "coord_test_support.h"

namespace hawk::coord {
namespace {

using namespace ::hawk::coord::test_support;  // NOLINT(google-build-using-namespace)

// The report rows of a running workload of kDag: the workload and its three tasks.
void ExpectRunningDagRows(Store& store, const std::string& id) {
  auto workload = store.GetWorkload(id);
  ASSERT_TRUE(workload) << workload.error().ToString();
  EXPECT_EQ(workload->status, "running");
  auto tasks = store.ListTasks(id);
  ASSERT_TRUE(tasks);
  EXPECT_EQ(tasks->size(), 3u);
}

TEST_F(CoordTest, ADagRunsThroughAWorkerSessionInOrder) {
  const SessionId s = Join(CpuWorker("w1"));
  const std::string id = Submit(kDag);
  std::vector<std::string> order;
  Outbox out = Tick();
  for (int step = 0; step < 3; ++step) {
    const auto dispatches = Of<protocol::Dispatch>(out, s);
    ASSERT_EQ(dispatches.size(), 1u) << "step " << step;
    const protocol::Dispatch& d = dispatches[0];
    order.push_back(d.unit_id);
    EXPECT_EQ(d.workload_id, id);
    EXPECT_EQ(d.env.at("HAWK_DEVICES"), "cpu0");
    Send(s, Started(d.attempt_id));
    clock_.Advance(std::chrono::milliseconds(5));
    EXPECT_TRUE(Of<protocol::Ack>(Send(s, Final(d.attempt_id, 0)), s).empty());  // after the flush
    out = Tick();  // acknowledges, and dispatches what the success released
    ASSERT_EQ(Of<protocol::Ack>(out, s).size(), 1u);
    EXPECT_EQ(Of<protocol::Ack>(out, s)[0].attempt_ids, std::vector<std::string>{d.attempt_id});
  }
  EXPECT_EQ(order, (std::vector<std::string>{"prep", "build", "test"}));
  EXPECT_EQ(coordinator_->engine().FindWorkload(id)->status(), engine::WorkloadStatus::kSucceeded);
  // The projection reports read.
  auto attempts = store_->ListAttempts(id);
  ASSERT_TRUE(attempts);
  ASSERT_EQ(attempts->size(), 3u);
  for (const AttemptRecord& a : *attempts) {
    EXPECT_EQ(a.status, "succeeded");
    EXPECT_EQ(a.worker_id, "w1");
    EXPECT_TRUE(a.started_at.has_value());
  }
  EXPECT_EQ(store_->GetWorkload(id)->status, "succeeded");
}

// A submission and the first dispatches it allows go to disk in the tick's
// one commit; the report rows (workloads, tasks) wait for the workload's end.
TEST_F(CoordTest, ASubmissionCommitsWithItsFirstDispatchAndItsReportRowsWaitForItsEnd) {
  const SessionId s = Join(CpuWorker("w1"));
  const std::string id = Submit(kDag);
  const auto dispatches = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(dispatches.size(), 1u);
  auto events = store_->LoadEvents(0, 1000);
  ASSERT_TRUE(events);
  std::vector<std::string> types;
  for (const EventRecord& e : *events) types.push_back(e.type);
  EXPECT_NE(std::find(types.begin(), types.end(), "workload_submitted"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "attempt_dispatched"), types.end());
  EXPECT_FALSE(store_->GetWorkload(id)) << "no report rows while it runs";
}

// A workload's rows are written once it ends, and only after the tick whose
// messages (the acknowledgement here) they must not delay.
TEST_F(CoordTest, AnEndedWorkloadsReportRowsFollowTheTicksMessages) {
  const SessionId s = Join(CpuWorker("w1"));
  const std::string id =
      Submit("version: 1\nname: one\ntasks:\n  - {id: a, command: [\"true\"]}\n");
  const auto dispatches = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(dispatches.size(), 1u);
  Send(s, Started(dispatches[0].attempt_id));
  Send(s, Final(dispatches[0].attempt_id, 0));
  Outbox out;
  coordinator_->Tick(out);
  EXPECT_EQ(Of<protocol::Ack>(out, s).size(), 1u);
  EXPECT_FALSE(store_->GetWorkload(id)) << "written after the tick's messages are out";
  coordinator_->StoreReportRows();
  auto workload = store_->GetWorkload(id);
  ASSERT_TRUE(workload) << workload.error().ToString();
  EXPECT_EQ(workload->status, "succeeded");
  EXPECT_EQ(store_->ListTasks(id)->size(), 1u);
  ASSERT_EQ(store_->ListAttempts(id)->size(), 1u);
  EXPECT_EQ(store_->ListAttempts(id)->front().status, "succeeded");
}

TEST_F(CoordTest, TheReportRowsOfRunningWorkloadsAreWrittenWhenTheCoordinatorCloses) {
  Join(CpuWorker("w1"));
  const std::string id = Submit(kDag);
  Tick();
  EXPECT_FALSE(store_->GetWorkload(id));
  Restart();  // closes the coordinator first
  ExpectRunningDagRows(*store_, id);
  ASSERT_NE(coordinator_->engine().FindWorkload(id), nullptr) << "the submission was committed";
}

// As after kill -9: a coordinator that replays the log writes the rows of
// the workloads it resumes.
TEST_F(CoordTest, ACoordinatorWritesTheReportRowsOfTheRunningWorkloadsItReplays) {
  Join(CpuWorker("w1"));
  const std::string id = Submit(kDag);
  Tick();  // committed; the first coordinator never writes its report rows here
  ASSERT_FALSE(store_->GetWorkload(id));

  CoordinatorOptions options;
  options.engine = CoordinatorOptions::DefaultEngineConfig();
  options.state_dir = dir_ / "second";
  auto second = Coordinator::Open(*store_, clock_, options);
  ASSERT_TRUE(second) << second.error().ToString();
  (*second)->StoreReportRows();
  ExpectRunningDagRows(*store_, id);
}

// The first dispatch reserves a block of attempt ids and waits for that
// commit; the next ones are sent before their rows are committed, and the
// results they answer are acknowledged only after.
TEST_F(CoordTest, DispatchesWithReservedIdsLeaveBeforeTheCommitAcknowledgementsAfter) {
  const SessionId s = Join(CpuWorker("w1"));
  Submit(kDag);
  Outbox out;
  coordinator_->Schedule(out);
  EXPECT_TRUE(Of<protocol::Dispatch>(out, s).empty()) << "att-1 needs a reservation first";
  EXPECT_TRUE(coordinator_->dispatches_held());
  coordinator_->Commit(out);
  EXPECT_FALSE(coordinator_->dispatches_held());
  const auto prep = Of<protocol::Dispatch>(out, s);
  ASSERT_EQ(prep.size(), 1u);
  auto events = store_->LoadEvents(0, 100);
  ASSERT_TRUE(events);
  const auto reserved = std::find_if(events->begin(), events->end(), [](const EventRecord& e) {
    return e.type == "attempt_ids_reserved";
  });
  ASSERT_NE(reserved, events->end());
  EXPECT_EQ(reserved->payload_json, R"({"below":1026})");

  Send(s, Final(prep[0].attempt_id, 0));
  out = {};
  coordinator_->Schedule(out);
  const auto build = Of<protocol::Dispatch>(out, s);
  ASSERT_EQ(build.size(), 1u);
  EXPECT_EQ(build[0].attempt_id, "att-2");
  EXPECT_TRUE(Of<protocol::Ack>(out, s).empty());
  coordinator_->Commit(out);  // what a crash before it leaves: the next test
  const auto acks = Of<protocol::Ack>(out, s);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].attempt_ids, std::vector<std::string>{prep[0].attempt_id});
}

// kill -9 after a dispatch left and before its commit: the restarted
// coordinator does not know the attempt. It cancels it when the worker
// reports it, counts its end stale, and runs the task again under an id
// the dead one never handed out: every task completes once.
TEST_F(CoordTest, ACrashBetweenADispatchAndItsCommitRunsTheTaskAgainUnderANewId) {
  const std::filesystem::path db = dir_ / "hawk.duckdb";
  std::filesystem::create_directories(dir_);
  OpenFileStore(db);
  SessionId s = Join(CpuWorker("w1"));
  std::string id;
  const protocol::Dispatch prep = SubmitDagAndRunPrep(s, id);
  Outbox out;
  coordinator_->Schedule(out);
  const auto build = Of<protocol::Dispatch>(out, s);
  ASSERT_EQ(build.size(), 1u);
  CopyCommitted(db, dir_ / "crashed.duckdb");  // killed here
  coordinator_->Commit(out);

  OpenFileStore(dir_ / "crashed.duckdb");
  EXPECT_EQ(coordinator_->FindAttempt(build[0].attempt_id), nullptr);
  ASSERT_NE(coordinator_->FindAttempt(prep.attempt_id), nullptr);
  EXPECT_EQ(coordinator_->FindAttempt(prep.attempt_id)->status, "dispatched");
  // The worker comes back running build, with prep's unacknowledged result.
  s = Join(CpuWorker("w1"), {build[0].attempt_id});
  const auto cancels = Of<protocol::Cancel>(last_, s);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].attempt_id, build[0].attempt_id);
  Send(s, Final(prep.attempt_id, 0));
  const auto again = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].unit_id, "build");
  EXPECT_EQ(again[0].attempt_id, "att-1026");
  protocol::TaskUpdate cancelled = Final(build[0].attempt_id, 143);
  cancelled.cancelled = true;
  Send(s, cancelled);
  EXPECT_EQ(coordinator_->counters().stale_results, 1u);
  Send(s, Final(again[0].attempt_id, 0));
  const auto test = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(test.size(), 1u);
  Send(s, Final(test[0].attempt_id, 0));
  Tick();
  EXPECT_EQ(coordinator_->engine().FindWorkload(id)->status(), engine::WorkloadStatus::kSucceeded);
  std::map<std::string, int> per_unit;
  for (const auto& [attempt_id, a] : coordinator_->attempts()) ++per_unit[a.unit_id];
  EXPECT_EQ(per_unit, (std::map<std::string, int>{{"prep", 1}, {"build", 1}, {"test", 1}}));
}

TEST_F(CoordTest, ARestartResumesRunningAttemptsAndCompletesEachTaskOnce) {
  SessionId s = Join(CpuWorker("w1"));
  std::string id;
  const protocol::Dispatch prep = SubmitDagAndRunPrep(s, id);
  const auto build = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(build.size(), 1u);
  Send(s, Started(build[0].attempt_id));
  Tick();  // flushed: the log holds everything up to here

  Restart();  // as after kill -9: a fresh coordinator replays the log
  EXPECT_GT(coordinator_->counters().events_replayed, 5u);
  const AttemptView* running = coordinator_->FindAttempt(build[0].attempt_id);
  ASSERT_NE(running, nullptr);
  EXPECT_EQ(running->status, "running");
  EXPECT_EQ(coordinator_->engine().running_attempts(), 1u);
  EXPECT_TRUE(Of<protocol::Dispatch>(Tick(), 0).empty());

  // The worker comes back, still running build, and had buffered prep's
  // result a second time: it is acknowledged and applied once.
  s = Join(CpuWorker("w1"), {build[0].attempt_id});
  EXPECT_TRUE(Of<protocol::Cancel>(last_, s).empty());
  EXPECT_TRUE(Of<protocol::Dispatch>(Tick(), s).empty());
  Send(s, Final(prep.attempt_id, 0));
  EXPECT_EQ(coordinator_->counters().stale_results, 1u);
  Send(s, Beat({build[0].attempt_id}));
  Send(s, Final(build[0].attempt_id, 0));
  const Outbox out = Tick();
  ASSERT_EQ(Of<protocol::Ack>(out, s).size(), 1u);
  EXPECT_EQ(Of<protocol::Ack>(out, s)[0].attempt_ids.size(), 2u);
  const auto test = Of<protocol::Dispatch>(out, s);
  ASSERT_EQ(test.size(), 1u);
  EXPECT_EQ(test[0].unit_id, "test");
  // Past the block of ids the first coordinator reserved (att-1 to
  // att-1025): it may have sent some of them without committing them.
  EXPECT_EQ(test[0].attempt_id, "att-1026");
  Send(s, Final(test[0].attempt_id, 0));
  Tick();
  const engine::WorkloadRun* w = coordinator_->engine().FindWorkload(id);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->status(), engine::WorkloadStatus::kSucceeded);
  EXPECT_EQ(w->progress().succeeded, 3u);
  EXPECT_EQ(store_->ListAttempts(id)->size(), 3u);  // nothing ran twice
}

// Short tasks go to a busy worker ahead, naming the attempt they follow;
// a restart keeps them waiting there, and each runs once.
TEST_F(CoordTest, ShortTasksAreDispatchedAheadAndARestartKeepsThemWaiting) {
  SessionId s = Join(CpuWorker("w1", /*slots=*/1));
  const std::string id = Submit(R"(version: 1
name: short
tasks:
  - {id: a, run: "true"}
  - {id: b, run: "true"}
  - {id: c, run: "true"}
)");
  const auto a = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(a.size(), 1u);
  Send(s, Started(a[0].attempt_id));
  clock_.Advance(std::chrono::milliseconds(5));
  Send(s, Final(a[0].attempt_id, 0));
  const auto next = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(next.size(), 2u);
  EXPECT_EQ(next[0].task_id, "b");
  EXPECT_FALSE(next[0].after.has_value());
  EXPECT_EQ(next[1].task_id, "c");
  EXPECT_EQ(next[1].after, next[0].attempt_id);
  EXPECT_EQ(coordinator_->counters().dispatches, 3u);
  EXPECT_EQ(coordinator_->counters().dispatches_ahead, 1u);
  const AttemptView* c = coordinator_->FindAttempt(next[1].attempt_id);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->placement_reason,
            "dispatched ahead: starts on w1 when " + next[0].attempt_id + " ends");
  Send(s, Started(next[0].attempt_id));
  Tick();

  Restart();
  EXPECT_EQ(coordinator_->engine().running_attempts(), 2u);  // c waits behind b again
  s = Join(CpuWorker("w1", 1), {next[0].attempt_id, next[1].attempt_id});
  EXPECT_TRUE(Of<protocol::Cancel>(last_, s).empty());
  // b ends, the worker starts c at once and reports it.
  Send(s, Final(next[0].attempt_id, 0));
  Send(s, Started(next[1].attempt_id));
  Send(s, Beat({next[1].attempt_id}));
  EXPECT_TRUE(Of<protocol::Dispatch>(Tick(), s).empty());
  Send(s, Final(next[1].attempt_id, 0));
  Tick();
  const engine::WorkloadRun* w = coordinator_->engine().FindWorkload(id);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->status(), engine::WorkloadStatus::kSucceeded);
  EXPECT_EQ(store_->ListAttempts(id)->size(), 3u);
}

TEST_F(CoordTest, AWorkerBackWithoutItsAttemptHasItRecovered) {
  SessionId s = Join(CpuWorker("w1"));
  Submit(kDag);
  const auto prep = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(prep.size(), 1u);
  Send(s, Started(prep[0].attempt_id));
  coordinator_->OnDisconnect(s);
  // The worker restarted: it runs nothing now. Its first heartbeat, after
  // whatever it had buffered, settles it.
  s = Join(CpuWorker("w1"), {});
  Send(s, Beat({}));
  EXPECT_EQ(coordinator_->FindAttempt(prep[0].attempt_id)->status, "lost");
  clock_.Advance(std::chrono::seconds(3));  // past the retry's backoff
  const auto again = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].unit_id, "prep");
  EXPECT_NE(again[0].attempt_id, prep[0].attempt_id);
}

TEST_F(CoordTest, ASilentWorkerIsLostAndItsTaskRunsElsewhere) {
  const SessionId a = Join(CpuWorker("a", 1));
  const auto prep = Of<protocol::Dispatch>((Submit(kDag), Tick()), a);
  ASSERT_EQ(prep.size(), 1u);
  const SessionId b = Join(CpuWorker("b", 1));
  coordinator_->OnDisconnect(a);             // killed: its socket closed
  clock_.Advance(std::chrono::seconds(11));  // past the heartbeat timeout
  Send(b, Beat());
  Tick();  // a is lost here; the retry waits for its backoff
  clock_.Advance(std::chrono::seconds(3));
  Send(b, Beat());
  const auto moved = Of<protocol::Dispatch>(Tick(), b);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].unit_id, "prep");
  EXPECT_EQ(coordinator_->FindAttempt(prep[0].attempt_id)->status, "lost");
}

TEST_F(CoordTest, DispatchesForADisconnectedWorkerWaitForItsReturn) {
  const SessionId s = Join(CpuWorker("w1"));
  coordinator_->OnDisconnect(s);
  Submit(kDag);
  EXPECT_TRUE(Tick().messages.empty());
  const SessionId back = Join(CpuWorker("w1"));
  const auto delivered = Of<protocol::Dispatch>(last_, back);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].unit_id, "prep");
}

TEST_F(CoordTest, CheckpointsTravelWithTheRetry) {
  const SessionId s = Join(CpuWorker("w1"));
  Submit(R"(version: 1
name: ckpt
tasks:
  - id: train
    run: "true"
    recovery: {max_retries: 1, strategies: [checkpoint], backoff: {base: 1s, jitter: 0}}
)");
  const auto first = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first[0].checkpoint.has_value());
  protocol::TaskUpdate failed = Final(first[0].attempt_id, 1);
  failed.checkpoint = std::vector<protocol::CheckpointFile>{
      {"step-3/model.bin", std::string("\0\1\2", 3)}, {"progress", "3"}};
  Send(s, failed);
  Tick();
  clock_.Advance(std::chrono::seconds(2));
  const auto retry = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(retry.size(), 1u);
  ASSERT_TRUE(retry[0].checkpoint.has_value());
  ASSERT_EQ(retry[0].checkpoint->size(), 2u);
  EXPECT_EQ((*retry[0].checkpoint)[0].path, "progress");
  EXPECT_EQ((*retry[0].checkpoint)[1].data, std::string("\0\1\2", 3));
}

// Attempt ids are numbers: a retry's "att-13" comes after "att-2" in the
// report rows' attempt numbers and in every listing, though it sorts before
// it as text.
TEST_F(CoordTest, AttemptsAreNumberedAndListedInTheOrderTheyWereMade) {
  const SessionId s = Join(CpuWorker("w1", 16));
  std::string spec = R"(version: 1
name: many
tasks:
  - {id: before, run: "true"}
  - id: flaky
    run: "true"
    recovery: {max_retries: 1, backoff: {base: 1s, jitter: 0}}
)";
  for (int i = 0; i < 10; ++i) spec += "  - {id: t" + std::to_string(i) + ", run: \"true\"}\n";
  const std::string id = Submit(spec);
  std::string first;
  for (const protocol::Dispatch& d : Of<protocol::Dispatch>(Tick(), s)) {
    if (d.unit_id == "flaky") first = d.attempt_id;
    Send(s, Final(d.attempt_id, d.unit_id == "flaky" ? 1 : 0));
  }
  Tick();
  clock_.Advance(std::chrono::seconds(2));
  const auto retry = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(retry.size(), 1u);
  const std::string second = retry[0].attempt_id;
  ASSERT_LT(second, first) << "the ids must cross a digit, or this test shows nothing";
  Send(s, Final(second, 0));
  Tick();
  ASSERT_EQ(coordinator_->engine().FindWorkload(id)->status(), engine::WorkloadStatus::kSucceeded);
  coordinator_->StoreReportRows();

  std::map<std::string, std::uint32_t> numbers;
  const auto rows = store_->ListAttempts(id);
  ASSERT_TRUE(rows);
  for (const AttemptRecord& a : *rows) numbers[a.attempt_id] = a.attempt_number;
  EXPECT_EQ(numbers.size(), 13u);
  EXPECT_EQ(numbers[first], 1u);
  EXPECT_EQ(numbers[second], 2u);
  std::vector<std::string> flaky;
  for (const AttemptView* a : coordinator_->WorkloadAttempts(id)) {
    if (a->unit_id == "flaky") flaky.push_back(a->attempt_id);
  }
  EXPECT_EQ(flaky, (std::vector<std::string>{first, second}));
  EXPECT_EQ(coordinator_->attempts().rbegin()->first, second);  // the newest is last
}

TEST_F(CoordTest, TheAttemptsNotEndedAreKnownPerWorkerUntilTheyEndAndAfterARestart) {
  const SessionId a = Join(CpuWorker("a", 2));
  const SessionId b = Join(CpuWorker("b", 2));
  std::string spec = "version: 1\nname: four\ntasks:\n";
  for (int i = 0; i < 4; ++i) spec += "  - {id: t" + std::to_string(i) + ", run: \"true\"}\n";
  Submit(spec);
  const Outbox out = Tick();
  const auto on_a = Of<protocol::Dispatch>(out, a);
  const auto on_b = Of<protocol::Dispatch>(out, b);
  ASSERT_EQ(on_a.size(), 2u);
  ASSERT_EQ(on_b.size(), 2u);
  const auto ids = [](const std::vector<const AttemptView*>& attempts) {
    std::vector<std::string> list(attempts.size());
    std::transform(attempts.begin(), attempts.end(), list.begin(),
                   [](const AttemptView* v) { return v->attempt_id; });
    return list;
  };
  std::vector<std::string> all{on_a[0].attempt_id, on_a[1].attempt_id, on_b[0].attempt_id,
                               on_b[1].attempt_id};
  std::sort(all.begin(), all.end(), AttemptIdOrder{});
  EXPECT_EQ(ids(coordinator_->LiveAttempts()), all);
  EXPECT_EQ(coordinator_->LiveAttemptCount("a"), 2u);

  // Started, it stays; ended, it leaves.
  Send(a, Started(on_a[0].attempt_id));
  Send(a, Final(on_a[1].attempt_id, 0));
  Tick();
  EXPECT_EQ(ids(coordinator_->LiveAttempts("a")), std::vector<std::string>{on_a[0].attempt_id});
  EXPECT_EQ(coordinator_->LiveAttemptCount("a"), 1u);

  // A lost worker's attempts end with it.
  coordinator_->OnDisconnect(b);
  clock_.Advance(std::chrono::seconds(11));  // past the heartbeat timeout
  Send(a, Beat({on_a[0].attempt_id}));
  Tick();
  EXPECT_EQ(coordinator_->FindAttempt(on_b[0].attempt_id)->status, "lost");
  EXPECT_EQ(coordinator_->LiveAttemptCount("b"), 0u);
  EXPECT_TRUE(coordinator_->LiveAttempts("b").empty());
  EXPECT_EQ(ids(coordinator_->LiveAttempts()), std::vector<std::string>{on_a[0].attempt_id});

  Restart();  // the index is rebuilt from the log
  EXPECT_EQ(ids(coordinator_->LiveAttempts()), std::vector<std::string>{on_a[0].attempt_id});
  EXPECT_EQ(coordinator_->LiveAttemptCount("a"), 1u);
  EXPECT_EQ(coordinator_->LiveAttemptCount("b"), 0u);
}

TEST_F(CoordTest, MessagesOutOfOrderOrFromTheWrongWorkerAreRefusedAndCounted) {
  const SessionId s = coordinator_->Connect();
  Outbox out = Send(s, Beat());
  ASSERT_EQ(Of<protocol::Error>(out, s).size(), 1u);
  EXPECT_EQ(Of<protocol::Error>(out, s)[0].code, "bad_state");
  Send(s, protocol::Hello{"w1", protocol::kVersion, "t"});
  out = Send(s, protocol::Register{CpuWorker("w2"), {}, false, {}});
  ASSERT_EQ(Of<protocol::Error>(out, s).size(), 1u);
  EXPECT_EQ(Of<protocol::Error>(out, s)[0].code, "bad_field");
  out = Send(s, protocol::Dispatch{});
  EXPECT_EQ(Of<protocol::Error>(out, s)[0].code, "bad_state");  // not registered yet
  coordinator_->OnBadMessage(s, protocol::Error{"bad_json", "x"}, out);
  EXPECT_EQ(coordinator_->counters().messages_refused, 4u);
  // A registered worker reporting an attempt that is not its own.
  const SessionId w = Join(CpuWorker("w3"));
  Send(w, Final("att-99", 0));
  EXPECT_EQ(coordinator_->counters().stale_results, 1u);
  EXPECT_EQ(Of<protocol::Ack>(Tick(), w).size(), 1u);  // acknowledged, so it is forgotten
}

TEST_F(CoordTest, ABadSpecIsRefusedWithItsDiagnosticsAndNothingIsLogged) {
  const std::int64_t before = store_->LastEventSeq();
  auto id =
      coordinator_->Submit("version: 1\nname: x\ntasks:\n  - id: a\n    rn: true\n", "bad.yaml");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(id.error().message.find("bad.yaml:5"), std::string::npos) << id.error().message;
  EXPECT_EQ(store_->LastEventSeq(), before);
}

}  // namespace
}  // namespace hawk::coord
