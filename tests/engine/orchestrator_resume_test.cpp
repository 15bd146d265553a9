// Restart = load + replay: attempts taken up again with AttemptResumed.
#include <gtest/gtest.h>

#include "engine/orchestrator.h"
#include "orchestrator_test_support.h"

namespace hawk::engine {
namespace {

using namespace ::hawk::engine::test_support;  // NOLINT(google-build-using-namespace)
using std::chrono::seconds;

AttemptResumed Resumed(const DispatchAttempt& d) {
  return AttemptResumed{d.attempt_id, d.workload_id, d.unit_id, d.worker_id,
                        d.device_ids, d.alternate,   d.after};
}

class ResumeTest : public OrchestratorTest {
 protected:
  // A second engine, as a restarted coordinator builds it from its log.
  std::unique_ptr<Orchestrator> Restarted() {
    auto created = Orchestrator::Create(OrchestratorConfig{});
    EXPECT_TRUE(created);
    return created ? std::move(*created) : nullptr;
  }
  static std::vector<Task> Dag() {
    return {CpuTask("prep"), GpuTask("train", {"prep"}), CpuTask("report", {"train"})};
  }
  static Workload Named(std::string name, std::vector<Task> tasks) {
    Workload w;
    w.name = std::move(name);
    w.tasks = std::move(tasks);
    return w;
  }
};

TEST_F(ResumeTest, AReplayedAttemptRunsOnWithoutBeingDispatchedAgain) {
  Join(Worker("w-cpu", {Cpu()}));
  Join(Worker("w-gpu", {Cpu(), Gpu("gpu0")}));
  Submit("dag", Dag());
  const auto prep = All<DispatchAttempt>(Tick());
  ASSERT_EQ(prep.size(), 1u);
  Succeed(prep[0].attempt_id);
  const auto train = All<DispatchAttempt>(Tick());
  ASSERT_EQ(train.size(), 1u);

  // The coordinator restarts: the same events, in order, into a new engine.
  auto engine = Restarted();
  engine->Handle(WorkerJoined{Worker("w-cpu", {Cpu()})}, now_);
  engine->Handle(WorkerJoined{Worker("w-gpu", {Cpu(), Gpu("gpu0")})}, now_);
  engine->Handle(SubmitWorkload{"dag", Named("dag", Dag())}, now_);
  EXPECT_TRUE(All<Notice>(engine->Handle(Resumed(prep[0]), now_)).empty());
  AttemptFinished done;
  done.attempt_id = prep[0].attempt_id;
  done.outcome.exit_code = 0;
  engine->Handle(done, now_);
  EXPECT_TRUE(All<Notice>(engine->Handle(Resumed(train[0]), now_)).empty());

  EXPECT_EQ(engine->running_attempts(), 1u);
  EXPECT_TRUE(All<DispatchAttempt>(engine->Tick(now_)).empty());  // train runs already
  // The GPU is taken: a second GPU task could not have it.
  EXPECT_EQ(engine->FindWorkload("dag")->unit(1).state, UnitState::kRunning);

  // prep's result again (a worker resending it) completes nothing twice.
  const auto stale = All<Notice>(engine->Handle(done, now_));
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(stale[0].kind, "stale_result");

  done.attempt_id = train[0].attempt_id;
  engine->Handle(done, now_);
  const auto report = All<DispatchAttempt>(engine->Tick(now_));
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0].unit_id, "report");
  EXPECT_EQ(report[0].attempt_id, "att-3");  // numbered after the resumed ones
}

TEST_F(ResumeTest, AnAttemptResumedDuringItsUnitsBackoffLeavesTheTimer) {
  Join(Worker("w", {Cpu()}, 1));
  Task t = CpuTask("flaky");
  t.recovery.strategies = {RecoveryStrategy::kRetry};
  t.recovery.backoff.base = seconds(4);
  t.recovery.backoff.jitter = Fraction::Zero();
  Submit("r", {t});
  const auto first = All<DispatchAttempt>(Tick());
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(engine_->FindWorkload("r")->unit(0).state, UnitState::kRunning);
  Fail(first[0].attempt_id, "boom");
  EXPECT_EQ(engine_->FindWorkload("r")->unit(0).state, UnitState::kBackoff);

  // The retry was dispatched as att-7 by the engine before the restart (the
  // log says so); replay puts it back as running, and no timer fires later.
  DispatchAttempt retry = first[0];
  retry.attempt_id = "att-7";
  EXPECT_TRUE(All<Notice>(Handle(Resumed(retry))).empty());
  EXPECT_EQ(engine_->FindWorkload("r")->unit(0).state, UnitState::kRunning);
  Advance(seconds(10));
  EXPECT_TRUE(All<DispatchAttempt>(Tick()).empty());
  Succeed("att-7");
  EXPECT_EQ(engine_->FindWorkload("r")->status(), WorkloadStatus::kSucceeded);
}

TEST_F(ResumeTest, AResumeThatCannotApplyIsRefusedAndTheUnitRunsAgain) {
  Join(Worker("w", {Cpu()}));
  Submit("x", {CpuTask("a"), CpuTask("b", {"a"})});
  const auto a = All<DispatchAttempt>(Tick());
  ASSERT_EQ(a.size(), 1u);

  const auto refused = [&](AttemptResumed r, const std::string& why) {
    const auto notices = All<Notice>(Handle(r));
    ASSERT_EQ(notices.size(), 1u) << why;
    EXPECT_EQ(notices[0].kind, "resume_refused");
    EXPECT_NE(notices[0].text.find(why), std::string::npos) << notices[0].text;
  };
  refused(Resumed(a[0]), "already running");
  AttemptResumed r = Resumed(a[0]);
  r.attempt_id = "att-40";
  r.unit_id = "b";
  refused(r, "unit b is waiting");
  r.unit_id = "nope";
  refused(r, "unknown unit nope");
  r.workload_id = "other";
  refused(r, "unknown workload");
  Succeed(a[0].attempt_id);
  refused(Resumed(a[0]), "unit a is succeeded");
  r = Resumed(a[0]);
  r.attempt_id = "att-41";
  r.unit_id = "b";  // ready now
  r.worker_id = "gone";
  refused(r, "unknown worker gone");
  r.worker_id = "w";
  r.device_ids = {"gpu9"};
  refused(r, "worker has no device gpu9");

  // b was never taken up: the engine dispatches it, numbered after att-41.
  const auto b = All<DispatchAttempt>(Tick());
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].unit_id, "b");
  EXPECT_EQ(b[0].attempt_id, "att-42");
}

}  // namespace
}  // namespace hawk::engine
