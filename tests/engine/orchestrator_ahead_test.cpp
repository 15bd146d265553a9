// Dispatching ahead (OrchestratorConfig::dispatch_ahead_below): short tasks
// of a lane that must wait go to a worker behind one of its running
// attempts, and take that attempt's devices when it ends.
#include <gtest/gtest.h>

#include "engine/orchestrator.h"
#include "orchestrator_test_support.h"

namespace hawk::engine {
namespace {

using namespace ::hawk::engine::test_support;  // NOLINT(google-build-using-namespace)
using std::chrono::milliseconds;
using std::chrono::seconds;

class AheadTest : public OrchestratorTest {
 protected:
  void SetUp() override {
    OrchestratorConfig config;
    config.dispatch_ahead_below = milliseconds(50);
    Reset(config);
  }
  // n CPU tasks t0, t1, ... (or GPU tasks g0, g1, ...), all of one lane.
  static std::vector<Task> Tasks(int n, bool gpu = false) {
    std::vector<Task> tasks;
    tasks.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      tasks.push_back(gpu ? GpuTask("g" + std::to_string(i)) : CpuTask("t" + std::to_string(i)));
    }
    return tasks;
  }
  // Each dispatch as "task" or "task after <task>", attempt ids read back
  // to task ids.
  std::vector<std::string> Describe(const std::vector<DispatchAttempt>& dispatches) {
    std::vector<std::string> out;
    for (const DispatchAttempt& d : dispatches) {
      task_of_[d.attempt_id] = d.task_id;
      out.push_back(d.after ? d.task_id + " after " + task_of_.at(*d.after) : d.task_id);
    }
    return out;
  }
  std::vector<std::string> TickAndDescribe() { return Describe(All<DispatchAttempt>(Tick())); }
  // A one-slot worker `worker` (with a GPU, for GPU tasks) runs the first
  // of `n` tasks (first_) to success in 5 ms; the next tick sends the
  // second, and the third behind it: returned in that order.
  std::vector<DispatchAttempt> SecondRunsThirdWaits(int n, bool gpu = false,
                                                    const std::string& worker = "w") {
    Join(gpu ? Worker(worker, {Cpu(), Gpu("gpu0")}, 1) : Worker(worker, {Cpu()}, 1));
    Submit("q", Tasks(n, gpu));
    const auto first = All<DispatchAttempt>(Tick());
    EXPECT_EQ(first.size(), 1u);
    if (first.empty()) return {};
    first_ = first[0];
    Advance(milliseconds(5));
    Succeed(first_.attempt_id);
    auto sent = All<DispatchAttempt>(Tick());
    const std::string p = gpu ? "g" : "t";
    EXPECT_EQ(Describe(sent), (std::vector<std::string>{p + "1", p + "2 after " + p + "1"}));
    if (sent.size() != 2) return {};
    return sent;
  }

  std::map<std::string, std::string> task_of_;
  DispatchAttempt first_;
};

TEST_F(AheadTest, ShortTasksOfAWaitingLaneGoBehindRunningOnesAndTakeTheirSlots) {
  Join(Worker("w", {Cpu()}, /*slots=*/2));
  Submit("q", Tasks(7));
  const auto first = All<DispatchAttempt>(Tick());
  // Nothing is known of the lane yet: nothing goes ahead.
  EXPECT_EQ(Describe(first), (std::vector<std::string>{"t0", "t1"}));

  Advance(milliseconds(5));
  Succeed(first[0].attempt_id);
  auto next = All<DispatchAttempt>(Tick());
  EXPECT_EQ(Describe(next), (std::vector<std::string>{"t2", "t3 after t1", "t4 after t2"}));
  EXPECT_EQ(next[1].worker_id, "w");
  EXPECT_EQ(next[1].device_ids, std::vector<std::string>{"cpu0"});
  EXPECT_NE(next[1].placement_reason.find("dispatched ahead"), std::string::npos);
  EXPECT_EQ(engine_->running_attempts(), 4u);
  EXPECT_TRUE(TickAndDescribe().empty());  // one waits behind each running attempt

  // t1 ends: t3 takes its slot (its worker started it then), and t5 goes
  // behind t3. The slot count holds: t2 and t3 run, t4 and t5 wait.
  Advance(milliseconds(5));
  Succeed(first[1].attempt_id);
  const auto t5 = All<DispatchAttempt>(Tick());
  EXPECT_EQ(Describe(t5), (std::vector<std::string>{"t5 after t3"}));
  const auto* timing = engine_->performance().Find(next[1].attempt_id);
  ASSERT_NE(timing, nullptr);
  EXPECT_EQ(timing->started_at, now_);  // when it took the slot, not when it was sent

  // Everything ends in order; the last task goes ahead too; the workload
  // succeeds with each unit run once.
  for (const std::string& id :
       {next[0].attempt_id, next[1].attempt_id, next[2].attempt_id, t5[0].attempt_id}) {
    Advance(milliseconds(5));
    Succeed(id);
    for (const DispatchAttempt& d : All<DispatchAttempt>(Tick())) {
      EXPECT_EQ(d.task_id, "t6");
      ASSERT_TRUE(d.after.has_value());
      Advance(milliseconds(5));
      Succeed(d.attempt_id);  // its result may come before its predecessor's
    }
  }
  EXPECT_EQ(engine_->running_attempts(), 0u);
  EXPECT_EQ(engine_->FindWorkload("q")->status(), WorkloadStatus::kSucceeded);
  EXPECT_EQ(engine_->performance().records().size(), 7u);
}

TEST_F(AheadTest, ALaneWhoseRecentAttemptsRanLongIsNotDispatchedAhead) {
  Join(Worker("w", {Cpu()}, /*slots=*/1));
  Submit("q", Tasks(4));
  const auto t0 = All<DispatchAttempt>(Tick());
  ASSERT_EQ(t0.size(), 1u);
  Advance(milliseconds(51));
  Succeed(t0[0].attempt_id);
  const auto t1 = All<DispatchAttempt>(Tick());
  EXPECT_EQ(Describe(t1), (std::vector<std::string>{"t1"}));
  // One short attempt after a long one: the long one is among the last 8.
  Advance(milliseconds(5));
  Succeed(t1[0].attempt_id);
  EXPECT_EQ(TickAndDescribe(), (std::vector<std::string>{"t2"}));
}

TEST_F(AheadTest, AnAttemptThatHasRunLongGetsNothingBehindIt) {
  Join(Worker("w", {Cpu()}, /*slots=*/2));
  Submit("q", Tasks(5));
  const auto first = All<DispatchAttempt>(Tick());
  ASSERT_EQ(first.size(), 2u);
  Advance(milliseconds(5));
  Succeed(first[0].attempt_id);  // the lane is short
  Advance(milliseconds(60));
  // t1 has run 65 ms, longer than the lane's tasks take: nothing waits
  // behind it. t2 has just started.
  EXPECT_EQ(TickAndDescribe(), (std::vector<std::string>{"t2", "t3 after t2"}));
}

TEST_F(AheadTest, AResultOfTheAttemptAheadBeforeItsPredecessorsKeepsTheSlotCount) {
  const auto sent = SecondRunsThirdWaits(4);
  ASSERT_EQ(sent.size(), 2u);

  // The worker started t2 when t1 ended, and t2's result arrives first.
  // t1 still holds the only slot, so nothing is placed beside it, and t3
  // goes behind t1 in t2's stead.
  Advance(milliseconds(1));
  Succeed(sent[1].attempt_id);
  EXPECT_EQ(TickAndDescribe(), (std::vector<std::string>{"t3 after t1"}));
  Succeed(sent[0].attempt_id);
  EXPECT_TRUE(TickAndDescribe().empty());
  EXPECT_EQ(engine_->running_attempts(), 1u);  // t3, in t1's slot
}

TEST_F(AheadTest, WhenItsWorkerIsLostTheAttemptWaitingThereIsRecoveredToo) {
  ASSERT_EQ(SecondRunsThirdWaits(3, false, "w1").size(), 2u);

  Join(Worker("w2", {Cpu()}, /*slots=*/2));
  Advance(seconds(31));  // w1 is silent past the timeout; w2 just joined
  Heartbeat("w2");
  const auto commands = Tick();
  int failed = 0;
  for (const Notice& n : All<Notice>(commands)) failed += n.kind == "attempt_failed" ? 1 : 0;
  EXPECT_EQ(failed, 2);
  // Both run again on w2, and not behind anything: the lost attempts ran
  // 31 s as far as the lane can tell.
  std::vector<DispatchAttempt> again = All<DispatchAttempt>(commands);
  Advance(seconds(60));
  Heartbeat("w2");
  for (DispatchAttempt& d : All<DispatchAttempt>(Tick())) again.push_back(std::move(d));
  ASSERT_EQ(again.size(), 2u);
  for (const DispatchAttempt& d : again) {
    EXPECT_EQ(d.worker_id, "w2");
    EXPECT_FALSE(d.after.has_value());
  }
}

TEST_F(AheadTest, ACancelledWorkloadTakesTheAttemptsWaitingBehindOthersToo) {
  const auto running = SecondRunsThirdWaits(3);
  ASSERT_EQ(running.size(), 2u);
  const auto cancels = All<CancelAttempt>(Handle(CancelWorkload{"q", "stop"}));
  ASSERT_EQ(cancels.size(), 2u);
  for (const DispatchAttempt& d : running) Fail(d.attempt_id, "cancelled", 143);
  EXPECT_EQ(engine_->running_attempts(), 0u);
  // The slot is free again: a new workload's task goes straight there.
  Submit("r", Tasks(1));
  EXPECT_EQ(TickAndDescribe(), (std::vector<std::string>{"t0"}));
}

TEST_F(AheadTest, ADrainingWorkerGetsNothingAhead) {
  const auto sent = SecondRunsThirdWaits(4);
  ASSERT_EQ(sent.size(), 2u);
  Handle(WorkerDraining{"w", true});
  Succeed(sent[0].attempt_id);  // t2 takes the slot; t3 does not go behind it
  EXPECT_TRUE(TickAndDescribe().empty());
}

TEST_F(AheadTest, AThrottlingDeviceGetsNothingAhead) {
  const auto sent = SecondRunsThirdWaits(4, /*gpu=*/true);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].device_ids, std::vector<std::string>{"gpu0"});
  EXPECT_EQ(sent[1].env.at("CUDA_VISIBLE_DEVICES"), "0");

  DeviceTelemetry hot;
  hot.device_id = "gpu0";
  hot.thermal_state = ThermalState::kThrottling;
  hot.throttling = true;
  Heartbeat("w", {hot});
  Succeed(sent[0].attempt_id);  // g2 takes gpu0; g3 does not go behind it
  EXPECT_TRUE(TickAndDescribe().empty());
  DeviceTelemetry cool;
  cool.device_id = "gpu0";
  Heartbeat("w", {cool});
  EXPECT_EQ(TickAndDescribe(), (std::vector<std::string>{"g3 after g2"}));
}

TEST_F(AheadTest, AReplayedAttemptThatWasWaitingWaitsAgainAndTakesTheSlotAfter) {
  const auto sent = SecondRunsThirdWaits(3);
  ASSERT_EQ(sent.size(), 2u);

  // A restart replays the same events into a new engine. The attempt
  // that waited is not given the slot t1 holds (that would be refused as
  // busy): it waits behind t1 again.
  OrchestratorConfig config;
  config.dispatch_ahead_below = milliseconds(50);
  auto engine = Orchestrator::Create(config);
  ASSERT_TRUE(engine);
  Orchestrator& e = **engine;
  Workload w;
  w.name = "q";
  w.tasks = Tasks(3);
  e.Handle(WorkerJoined{Worker("w", {Cpu()}, 1)}, now_);
  e.Handle(SubmitWorkload{"q", w}, now_);
  const auto resume = [&](const DispatchAttempt& d) {
    const AttemptResumed r{d.attempt_id, d.workload_id, d.unit_id, d.worker_id,
                           d.device_ids, d.alternate,   d.after};
    EXPECT_TRUE(All<Notice>(e.Handle(r, now_)).empty()) << d.attempt_id;
  };
  const auto succeed = [&](const DispatchAttempt& d) {
    AttemptFinished done;
    done.attempt_id = d.attempt_id;
    done.outcome.exit_code = 0;
    e.Handle(done, now_);
  };
  resume(first_);
  succeed(first_);
  resume(sent[0]);
  resume(sent[1]);
  EXPECT_EQ(e.running_attempts(), 2u);
  EXPECT_TRUE(All<DispatchAttempt>(e.Tick(now_)).empty());
  succeed(sent[0]);
  // t2 has the slot now: nothing is placed beside it.
  EXPECT_TRUE(All<DispatchAttempt>(e.Tick(now_)).empty());
  succeed(sent[1]);
  EXPECT_EQ(e.FindWorkload("q")->status(), WorkloadStatus::kSucceeded);
}

}  // namespace
}  // namespace hawk::engine
