// Scenario tests of the orchestrator through its public interface: events in,
// commands out, on a manual timeline.
#include <gtest/gtest.h>

#include "engine/orchestrator.h"
#include "orchestrator_test_support.h"

namespace hawk::engine {
namespace {

using namespace ::hawk::engine::test_support;  // NOLINT(google-build-using-namespace)
using std::chrono::seconds;

TEST_F(OrchestratorTest, RunsADagInDependencyOrderOnMatchingDevices) {
  Join(Worker("w-cpu", {Cpu()}));
  Join(Worker("w-gpu", {Cpu(), Gpu("gpu0")}));
  Submit("dag", {CpuTask("prep"), GpuTask("train", {"prep"}), CpuTask("report", {"train"})});

  auto d1 = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d1.size(), 1u);
  EXPECT_EQ(d1[0].unit_id, "prep");
  EXPECT_EQ(d1[0].device_ids, std::vector<std::string>{"cpu0"});
  Succeed(d1[0].attempt_id);

  auto d2 = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d2[0].unit_id, "train");
  EXPECT_EQ(d2[0].worker_id, "w-gpu");
  EXPECT_EQ(d2[0].device_ids, std::vector<std::string>{"gpu0"});
  EXPECT_EQ(d2[0].env.at("CUDA_VISIBLE_DEVICES"), "0");
  EXPECT_FALSE(d2[0].placement_reason.empty());
  Succeed(d2[0].attempt_id);

  auto d3 = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d3.size(), 1u);
  const auto done = All<WorkloadFinished>(Succeed(d3[0].attempt_id));
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, WorkloadStatus::kSucceeded);
}

TEST_F(OrchestratorTest, ShardsGoToDistinctDevicesWithShardVariables) {
  Join(Worker("w", {Cpu(), Gpu("gpu0"), Gpu("gpu1"), Gpu("gpu2")}));
  Task t = GpuTask("infer");
  t.sharding.mode = Sharding::Mode::kAuto;
  t.aggregation = Aggregation::kSum;
  Submit("s", {t});
  auto d = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d.size(), 3u);  // auto: one shard per matching device
  std::set<std::string> devices;
  for (std::size_t i = 0; i < d.size(); ++i) {
    devices.insert(d[i].device_ids.front());
    EXPECT_EQ(d[i].env.at("HAWK_SHARD_INDEX"), std::to_string(i));
    EXPECT_EQ(d[i].env.at("GTEST_TOTAL_SHARDS"), "3");
  }
  EXPECT_EQ(devices.size(), 3u);
  for (std::size_t i = 0; i < d.size(); ++i) Succeed(d[i].attempt_id, std::to_string(i + 1));
  EXPECT_DOUBLE_EQ(*engine_->FindWorkload("s")->TaskResult(0)->number, 6.0);
}

TEST_F(OrchestratorTest, RetriesAfterBackoffAndNeverDoubleAllocates) {
  Join(Worker("w", {Cpu()}, 1));
  Task t = CpuTask("flaky");
  t.recovery.strategies = {RecoveryStrategy::kRetry};
  t.recovery.backoff.base = seconds(4);
  t.recovery.backoff.jitter = Fraction::Zero();
  Submit("r", {t, CpuTask("other")});
  auto d = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d.size(), 1u);  // one CPU slot: "other" waits
  const auto notices = All<Notice>(Fail(d[0].attempt_id, "assertion failed"));
  ASSERT_FALSE(notices.empty());
  // The freed slot goes to "other"; the retry waits for its backoff.
  auto d2 = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d2[0].unit_id, "other");
  Succeed(d2[0].attempt_id);
  Advance(seconds(3));
  EXPECT_TRUE(All<DispatchAttempt>(Tick()).empty());
  Advance(seconds(1));
  auto d3 = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d3.size(), 1u);
  EXPECT_EQ(d3[0].unit_id, "flaky");
  EXPECT_NE(d3[0].attempt_id, d[0].attempt_id);
}

TEST_F(OrchestratorTest, RetryAfterADeviceErrorAvoidsTheFailedDeviceNotTheWorker) {
  Join(Worker("w", {Cpu(), Gpu("gpu0"), Gpu("gpu1")}));
  Task t = GpuTask("train");
  t.recovery.strategies = {RecoveryStrategy::kRetry};
  t.recovery.max_retries = 3;
  t.recovery.backoff.base = Duration(0);
  t.recovery.backoff.jitter = Fraction::Zero();
  Submit("g", {t});
  auto d = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d.size(), 1u);
  ASSERT_EQ(d[0].device_ids.size(), 1u);
  const std::string failed_device = d[0].device_ids.front();
  const auto out = Fail(d[0].attempt_id, "CUDA error: an illegal memory access was encountered");
  auto retry = All<DispatchAttempt>(out);
  if (retry.empty()) retry = All<DispatchAttempt>(Tick());
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].worker_id, "w");
  ASSERT_EQ(retry[0].device_ids.size(), 1u);
  EXPECT_NE(retry[0].device_ids.front(), failed_device);

  // Both devices have failed it now: rather than wait forever, the task goes
  // back to one of them (a device that keeps failing gets quarantined).
  auto again =
      All<DispatchAttempt>(Fail(retry[0].attempt_id, "CUDA error: unspecified launch failure"));
  if (again.empty()) again = All<DispatchAttempt>(Tick());
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].unit_id, "train");
  EXPECT_EQ(again[0].worker_id, "w");
}

TEST_F(OrchestratorTest, ReassignGoesBackToAFailedWorkerWhenNoOtherCanRunTheTask) {
  Join(Worker("w1", {Cpu(), Gpu("gpu0")}));
  Join(Worker("w2", {Cpu(), Gpu("gpu0")}));
  Join(Worker("cpu-only", {Cpu()}));
  Task t = GpuTask("train");
  t.recovery.strategies = {RecoveryStrategy::kReassign};
  t.recovery.max_retries = 3;
  t.recovery.backoff.base = Duration(0);
  t.recovery.backoff.jitter = Fraction::Zero();
  Submit("r", {t});
  auto first = All<DispatchAttempt>(Tick());
  ASSERT_EQ(first.size(), 1u);
  auto second = All<DispatchAttempt>(Fail(first[0].attempt_id, "error: connection reset by peer"));
  if (second.empty()) second = All<DispatchAttempt>(Tick());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_NE(second[0].worker_id, first[0].worker_id);  // reassigned
  // Both GPU workers have failed it: rather than fail the task, it goes back.
  const auto failed = Fail(second[0].attempt_id, "error: connection reset by peer");
  auto third = All<DispatchAttempt>(failed);
  if (third.empty()) third = All<DispatchAttempt>(Tick());
  ASSERT_EQ(third.size(), 1u);
  EXPECT_NE(third[0].worker_id, "cpu-only");
  Succeed(third[0].attempt_id);
  EXPECT_EQ(engine_->FindWorkload("r")->status(), WorkloadStatus::kSucceeded);
}

TEST_F(OrchestratorTest, LostWorkerIsDetectedByHeartbeatTimeoutAndItsTaskReassigned) {
  Join(Worker("w1", {Cpu()}, 1));
  Join(Worker("w2", {Cpu()}, 1));
  Task t = CpuTask("long");
  t.recovery.strategies = {RecoveryStrategy::kReassign};
  t.recovery.backoff.base = Duration(0);
  t.recovery.backoff.jitter = Fraction::Zero();
  Submit("l", {t});
  auto d = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d.size(), 1u);
  const std::string first = d[0].worker_id;
  const std::string other = first == "w1" ? "w2" : "w1";
  Advance(seconds(20));
  Heartbeat(other);
  Advance(seconds(15));  // `first` silent for 35 s > 30 s
  const auto out = Tick();
  bool lost = false;
  for (const auto& n : All<Notice>(out)) lost = lost || n.kind == "worker_lost";
  EXPECT_TRUE(lost);
  auto redo = All<DispatchAttempt>(out);
  ASSERT_EQ(redo.size(), 1u);
  EXPECT_EQ(redo[0].worker_id, other);
  // The old attempt's late result is stale: recorded, not applied.
  Succeed(d[0].attempt_id);
  EXPECT_EQ(engine_->stale_results(), 1u);
  EXPECT_EQ(engine_->FindWorkload("l")->status(), WorkloadStatus::kRunning);
  Succeed(redo[0].attempt_id);
  EXPECT_EQ(engine_->FindWorkload("l")->status(), WorkloadStatus::kSucceeded);
}

TEST_F(OrchestratorTest, ADrainingWorkerKeepsItsAttemptButTakesNoNewOne) {
  Join(Worker("w1", {Cpu()}, 2));
  Submit("d", {CpuTask("first"), CpuTask("second", {"first"})});
  const auto first = All<DispatchAttempt>(Tick());
  ASSERT_EQ(first.size(), 1u);
  Handle(WorkerDraining{"w1"});
  EXPECT_TRUE(engine_->FindWorker("w1")->draining);
  EXPECT_TRUE(All<DispatchAttempt>(Succeed(first[0].attempt_id)).empty());
  EXPECT_TRUE(All<DispatchAttempt>(Tick()).empty());  // "second" is ready, w1 drains
  const auto why = engine_->Explain("d", "second");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->text.find("draining"), std::string::npos) << why->text;

  Handle(WorkerDraining{"w1", /*draining=*/false});  // it stays after all
  const auto second = All<DispatchAttempt>(Tick());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].unit_id, "second");
}

TEST_F(OrchestratorTest, AWorkerThatJoinsAgainAfterDrainingTakesWork) {
  Join(Worker("w1", {Cpu()}, 1));
  Handle(WorkerDraining{"w1"});
  Handle(WorkerDeparted{"w1", "drained"});
  Join(Worker("w1", {Cpu()}, 1));
  EXPECT_FALSE(engine_->FindWorker("w1")->draining);
  Submit("j", {CpuTask("t")});
  EXPECT_EQ(All<DispatchAttempt>(Tick()).size(), 1u);
  EXPECT_EQ(engine_->FindWorker("nobody"), nullptr);
}

TEST_F(OrchestratorTest, UnsatisfiableTaskUsesItsAlternate) {
  Join(Worker("w", {Cpu()}));
  Task t = GpuTask("infer");
  t.alternates.push_back(Alternate{"cpu-fallback", Command{{"infer", "--cpu"}, std::nullopt}, {}});
  Submit("a", {t});
  auto d = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].alternate, "cpu-fallback");
  EXPECT_EQ(d[0].command.argv, (std::vector<std::string>{"infer", "--cpu"}));
}

TEST_F(OrchestratorTest, UnsatisfiableTaskFailsAfterTheWaitWithAnExplanation) {
  Join(Worker("w", {Cpu()}));
  Submit("u", {GpuTask("needs-gpu")});
  const auto first = Tick();
  ASSERT_EQ(All<Notice>(first).size(), 1u);
  EXPECT_EQ(All<Notice>(first)[0].kind, "unsatisfiable");
  const auto why = engine_->Explain("u", "needs-gpu");
  ASSERT_TRUE(why && why->placement);
  EXPECT_EQ(why->placement->kind, PendingKind::kNeverFits);
  Advance(seconds(59));
  EXPECT_TRUE(All<WorkloadFinished>(Tick()).empty());
  Advance(seconds(1));
  const auto done = All<WorkloadFinished>(Tick());
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, WorkloadStatus::kFailed);
  EXPECT_NE(done[0].reason.find("no worker can run it"), std::string::npos);
}

// A unit that could once never run, then only had to wait, starts its
// unsatisfiable wait over when it can never run again, also when the pass
// passed it over because its request's first unit already had to wait.
TEST_F(OrchestratorTest, AWaitBetweenNeverFitsRestartsTheUnsatisfiableWait) {
  Join(Worker("w-cpu", {Cpu()}));
  Submit("g", {GpuTask("a"), GpuTask("b"), GpuTask("c")});
  Tick();  // no GPU anywhere: all three can never run, from now
  Advance(seconds(40));
  Join(Worker("w-gpu", {Cpu(), Gpu("gpu0")}));
  ASSERT_EQ(All<DispatchAttempt>(Tick()).size(), 1u);  // "a"; "b" and "c" must wait
  EXPECT_EQ(engine_->Explain("g", "c")->placement->kind, PendingKind::kMustWait);
  Advance(seconds(5));
  Join(Worker("w-gpu", {Cpu()}));  // back without its GPU
  Tick();                          // no GPU again: from now, a new wait
  Advance(seconds(20));            // 65 s after the first verdict, 20 s after the last
  EXPECT_TRUE(All<WorkloadFinished>(Tick()).empty());
  EXPECT_EQ(engine_->Explain("g", "c")->state, UnitState::kReady);
  Advance(seconds(40));  // 60 s after the last
  const auto done = All<WorkloadFinished>(Tick());
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, WorkloadStatus::kFailed);
}

TEST_F(OrchestratorTest, RepeatedDeviceErrorsQuarantineTheDevice) {
  OrchestratorConfig config;
  config.quarantine.failure_threshold = 2;
  Reset(config);
  Join(Worker("w", {Cpu(), Gpu("gpu0")}));
  Task t = GpuTask("k");
  t.recovery.max_retries = 5;
  t.recovery.strategies = {RecoveryStrategy::kRetry};
  t.recovery.backoff.base = Duration(0);
  t.recovery.backoff.jitter = Fraction::Zero();
  Submit("q", {t});
  // The only GPU fails the task; with no other device to move to, the retry
  // goes back to it, fails again, and the device is quarantined.
  auto first = All<DispatchAttempt>(Tick());
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(All<QuarantineDevice>(
                  Fail(first[0].attempt_id, "CUDA error: an illegal memory access was encountered"))
                  .empty());
  auto second = All<DispatchAttempt>(Tick());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].device_ids, std::vector<std::string>{"gpu0"});
  const auto quarantined = All<QuarantineDevice>(
      Fail(second[0].attempt_id, "CUDA error: an illegal memory access was encountered"));
  ASSERT_EQ(quarantined.size(), 1u);
  EXPECT_EQ(quarantined[0].device_id, "gpu0");
  EXPECT_TRUE(engine_->quarantine().IsQuarantined(DeviceRef{"w", "gpu0"}, now_));
  EXPECT_TRUE(All<DispatchAttempt>(Tick()).empty());
  // A healthy GPU joins: the task runs there.
  Join(Worker("w2", {Cpu(), Gpu("gpu0")}));
  auto third = All<DispatchAttempt>(Tick());
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].worker_id, "w2");
}

TEST_F(OrchestratorTest, CriticalPathRunsFirstWhenSlotsAreScarce) {
  Join(Worker("w", {Cpu()}, 1));
  Task quick = CpuTask("quick");
  quick.estimated_duration = seconds(5);
  Task slow = CpuTask("slow");
  slow.estimated_duration = seconds(60);
  Submit("c", {quick, slow, CpuTask("after-slow", {"slow"})});
  const auto cp = engine_->CriticalPath("c");
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->path, (std::vector<std::uint32_t>{1, 2}));
  auto d = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].unit_id, "slow");
}

TEST_F(OrchestratorTest, CancelStopsRunningAttempts) {
  Join(Worker("w", {Cpu()}, 2));
  Submit("x", {CpuTask("a"), CpuTask("b")});
  const auto d = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d.size(), 2u);
  const auto out = Handle(CancelWorkload{"x", "user asked"});
  EXPECT_EQ(All<CancelAttempt>(out).size(), 2u);
  const auto done = All<WorkloadFinished>(out);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, WorkloadStatus::kCancelled);
  EXPECT_EQ(engine_->running_attempts(), 0u);
}

TEST_F(OrchestratorTest, PrefersTheCoolerGpuWhenTelemetrySaysOneIsHot) {
  Join(Worker("w", {Cpu(), Gpu("gpu0"), Gpu("gpu1")}));
  DeviceTelemetry hot;
  hot.device_id = "gpu0";
  hot.temperature_celsius = 84;
  hot.thermal_state = ThermalState::kHot;
  hot.time_to_throttle = seconds(5);
  DeviceTelemetry cool;
  cool.device_id = "gpu1";
  cool.temperature_celsius = 41;
  Heartbeat("w", {hot, cool});
  Submit("t", {GpuTask("job")});
  const auto d = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].device_ids.front(), "gpu1");
}

TEST_F(OrchestratorTest, SameEventsSameCommands) {
  auto run = [&] {
    Reset({});
    Join(Worker("w1", {Cpu(), Gpu("gpu0"), Gpu("gpu1")}));
    Join(Worker("w2", {Cpu(), Gpu("gpu0")}));
    std::vector<Task> tasks;
    for (int i = 0; i < 6; ++i)
      tasks.push_back(i % 2 ? GpuTask("g" + std::to_string(i)) : CpuTask("c" + std::to_string(i)));
    Submit("d", tasks);
    std::vector<std::string> trace;
    for (const auto& c : All<DispatchAttempt>(Tick())) {
      trace.push_back(c.attempt_id + " " + c.unit_id + " " + c.worker_id + "/" +
                      c.device_ids.front());
    }
    return trace;
  };
  const auto a = run();
  const auto b = run();
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 6u);
}

TEST_F(OrchestratorTest, RejectsAWorkloadWithACycle) {
  Join(Worker("w", {Cpu()}));
  Workload w;
  w.name = "bad";
  w.tasks = {CpuTask("a", {"b"}), CpuTask("b", {"a"})};
  const auto out = Handle(SubmitWorkload{"bad", w});
  const auto done = All<WorkloadFinished>(out);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, WorkloadStatus::kFailed);
  EXPECT_EQ(done[0].reason,
            "tasks: dependency cycle: a -> b -> a (remove one depends_on edge of the cycle)");
}

}  // namespace
}  // namespace hawk::engine

namespace hawk::engine {
namespace {

// A queue longer than the fleet: units that must wait are answered by their
// request's verdict, and are placed as soon as a device frees up or a
// device's live state lets them in again.
TEST_F(OrchestratorTest, AQueueBehindAFullFleetDrainsAsDevicesFreeUp) {
  Join(Worker("w1", {Cpu(), Gpu("gpu0")}));
  Join(Worker("w2", {Cpu(), Gpu("gpu0")}));
  std::vector<Task> tasks;
  for (int i = 0; i < 6; ++i) tasks.push_back(GpuTask("g" + std::to_string(i)));
  Submit("q", tasks);
  auto first = All<DispatchAttempt>(Tick());
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].task_id, "g0");
  EXPECT_EQ(first[1].task_id, "g1");
  if (first[0].worker_id == "w2") std::swap(first[0], first[1]);
  ASSERT_EQ(first[1].worker_id, "w2");
  EXPECT_TRUE(All<DispatchAttempt>(Tick()).empty());  // nothing changed

  // Never looked at by the last pass, yet explained as the fleet stands.
  const auto why = engine_->Explain("q", "g5");
  ASSERT_TRUE(why && why->placement);
  EXPECT_EQ(why->placement->kind, PendingKind::kMustWait);
  EXPECT_NE(why->text.find("busy"), std::string::npos) << why->text;

  // One device is hot: a heartbeat says it throttles, so the freed device
  // stays out until it cools.
  DeviceTelemetry hot;
  hot.device_id = "gpu0";
  hot.thermal_state = ThermalState::kThrottling;
  hot.throttling = true;
  Heartbeat("w2", {hot});
  Succeed(first[1].attempt_id);
  EXPECT_TRUE(All<DispatchAttempt>(Tick()).empty());

  Succeed(first[0].attempt_id);
  auto next = All<DispatchAttempt>(Tick());
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].task_id, "g2");
  EXPECT_EQ(next[0].worker_id, "w1");

  DeviceTelemetry cool;
  cool.device_id = "gpu0";
  Heartbeat("w2", {cool});
  next = All<DispatchAttempt>(Tick());
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].task_id, "g3");
  EXPECT_EQ(next[0].worker_id, "w2");
}

}  // namespace
}  // namespace hawk::engine

namespace hawk::engine {
namespace {

// A bare heartbeat keeps the worker alive and its last telemetry standing.
TEST_F(OrchestratorTest, ABareHeartbeatKeepsTheLastTelemetry) {
  Join(Worker("w", {Cpu(), Gpu("gpu0")}));
  DeviceTelemetry hot;
  hot.device_id = "gpu0";
  hot.thermal_state = ThermalState::kThrottling;
  hot.throttling = true;
  Heartbeat("w", {hot});
  for (int i = 0; i < 4; ++i) {
    Advance(seconds(20));
    WorkerHeartbeat bare;
    bare.worker_id = "w";
    bare.telemetry = false;
    engine_->Handle(bare, now_);
    EXPECT_TRUE(All<Notice>(Tick()).empty());  // 80 s, never lost
  }
  Submit("g", {GpuTask("k")});
  EXPECT_TRUE(All<DispatchAttempt>(Tick()).empty());  // still throttling
  const auto workers = engine_->Workers();
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_TRUE(workers[0].connected);
  EXPECT_TRUE(workers[0].devices[1].throttling);
}

TEST_F(OrchestratorTest, HeartbeatsThroughAWorkerHandleKeepItAliveAndBringItBack) {
  EXPECT_EQ(engine_->FindWorkerHandle("w"), std::nullopt);
  Join(Worker("w", {Cpu()}));
  Join(Worker("v", {Cpu()}));
  const std::optional<WorkerHandle> w = engine_->FindWorkerHandle("w");
  ASSERT_TRUE(w.has_value());
  EXPECT_NE(engine_->FindWorkerHandle("v"), w);
  WorkerHeartbeat bare;
  bare.telemetry = false;  // no worker_id: the handle names the worker
  for (int i = 0; i < 3; ++i) {
    Advance(seconds(20));
    engine_->Handle(*w, bare, now_);
    const auto out = Tick();
    // Only "v", never heard from, is lost (once).
    const auto lost = All<Notice>(out);
    ASSERT_EQ(lost.size(), i == 1 ? 1u : 0u) << i;
    if (!lost.empty()) {
      EXPECT_EQ(lost[0].subject, "v");
    }
  }
  // Lost, then heard from again through its handle: connected, same handle.
  Advance(seconds(40));
  ASSERT_EQ(All<Notice>(Tick()).size(), 1u);
  EXPECT_FALSE(engine_->Workers()[1].connected);  // "w", in id order
  engine_->Handle(*w, bare, now_);
  EXPECT_TRUE(engine_->Workers()[1].connected);
  Join(Worker("w", {Cpu()}));
  EXPECT_EQ(engine_->FindWorkerHandle("w"), w);
  // A handle the engine never gave out is ignored.
  engine_->Handle(WorkerHandle{99}, bare, now_);
  EXPECT_EQ(engine_->Workers().size(), 2u);
}

}  // namespace
}  // namespace hawk::engine

namespace hawk::engine {
namespace {

// Skipping a task that can never run readies its dependents in the middle
// of a pass; one with a request the pass has not seen is placed by it.
TEST_F(OrchestratorTest, ADependentReadiedMidPassWithANewRequestIsPlaced) {
  Join(Worker("w", {Cpu(), Gpu("gpu0")}));
  Task huge = GpuTask("huge");
  huge.requirements.device_count = 16;
  huge.criticality = Criticality::kLow;
  huge.recovery.strategies = {RecoveryStrategy::kSkip};
  Task after = GpuTask("after", {"huge"});
  after.requirements.memory_per_device_bytes = 8 * kGiB;
  after.requirements.backends = {Backend::kCuda};
  Submit("s", {huge, after});
  EXPECT_TRUE(All<DispatchAttempt>(Tick()).empty());
  Advance(seconds(60));
  Heartbeat("w");
  const auto d = All<DispatchAttempt>(Tick());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].task_id, "after");
}

}  // namespace
}  // namespace hawk::engine
