#include "engine/recovery.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace hawk::engine {
namespace {

using std::chrono::seconds;

Classification Fail(FailureKind kind, std::optional<int> exit_code = std::nullopt) {
  AttemptOutcome o;
  o.exit_code = exit_code;
  switch (kind) {
    case FailureKind::kExitCode:
      if (!o.exit_code) o.exit_code = 1;
      break;
    case FailureKind::kOom:
      o.exit_code = 1;
      o.log_tail = "CUDA out of memory";
      break;
    case FailureKind::kCudaError:
      o.signal = 6;
      o.log_tail = "CUDA error: illegal address";
      break;
    case FailureKind::kConnectionError:
      o.exit_code = 1;
      o.log_tail = "ECONNRESET";
      break;
    case FailureKind::kTimeout: o.timed_out = true; break;
    case FailureKind::kWorkerLost: o.worker_lost = true; break;
    default: ADD_FAILURE() << "no outcome for " << hawk::ToString(kind);
  }
  const Classification c = ClassifyOutcome(o);
  EXPECT_EQ(c.kind, kind);
  return c;
}

AttemptRecord Attempt(std::string worker, Classification failure,
                      std::optional<RecoveryStrategy> started_by = std::nullopt,
                      std::optional<std::size_t> alternate = std::nullopt,
                      std::vector<std::string> devices = {"gpu0"}) {
  AttemptRecord a;
  a.worker_id = std::move(worker);
  a.device_ids = std::move(devices);
  a.failure = std::move(failure);
  a.started_by = started_by;
  a.alternate_index = alternate;
  return a;
}

RecoveryInput Input(std::vector<RecoveryStrategy> strategies, std::uint32_t max_retries = 2) {
  RecoveryInput in;
  in.task_id = "train";
  in.policy.max_retries = max_retries;
  in.policy.strategies = std::move(strategies);
  in.policy.backoff.base = seconds(1);
  in.policy.backoff.cap = seconds(4);
  in.policy.backoff.jitter = Fraction::Zero();
  in.device_class = HardwareClass::kGpu;
  in.candidate_workers = {"w1", "w2", "w3"};
  return in;
}

RecoveryDecision Decide(const RecoveryInput& in, std::uint64_t seed = 1) {
  Rng rng(seed);
  auto decision = DecideRecovery(in, rng);
  EXPECT_TRUE(decision) << decision.error().ToString();
  return decision ? *decision : RecoveryDecision{};
}

template <typename A>
const A& As(const RecoveryDecision& d) {
  const A* a = std::get_if<A>(&d.action);
  EXPECT_NE(a, nullptr) << "decision was: " << d.Summary();
  static const A empty{};
  return a ? *a : empty;
}

TEST(Recovery, RetriesWithExponentialBackoffWithinCap) {
  RecoveryInput in = Input({RecoveryStrategy::kRetry}, 5);
  in.history = {Attempt("w1", Fail(FailureKind::kTimeout))};
  const std::vector<Duration> expected = {seconds(1), seconds(2), seconds(4), seconds(4),
                                          seconds(4)};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const RecoveryDecision d = Decide(in);
    EXPECT_EQ(d.strategy, RecoveryStrategy::kRetry);
    EXPECT_EQ(d.retries_used, i);
    EXPECT_EQ(As<RetryAction>(d).delay, expected[i]) << "retry " << i;
    in.history.push_back(Attempt("w1", Fail(FailureKind::kTimeout), RecoveryStrategy::kRetry));
  }
  const RecoveryDecision done = Decide(in);
  EXPECT_EQ(done.strategy, RecoveryStrategy::kEscalate);
  ASSERT_EQ(done.passed_over.size(), 1u);
  EXPECT_EQ(done.passed_over[0].reason, "retries exhausted (5 of 5 used)");
}

TEST(Recovery, ReassignExcludesFailedWorkers) {
  RecoveryInput in = Input({RecoveryStrategy::kReassign});
  in.history = {Attempt("w2", Fail(FailureKind::kTimeout)),
                Attempt("w1", Fail(FailureKind::kTimeout), RecoveryStrategy::kReassign)};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kReassign);
  EXPECT_EQ(As<ReassignAction>(d).excluded_workers, (std::vector<std::string>{"w1", "w2"}));
  EXPECT_EQ(As<ReassignAction>(d).delay, seconds(2));  // second retry
  EXPECT_EQ(d.Summary(), "reassign in 2s excluding w1, w2");

  in.candidate_workers = {"w1", "w2"};
  const RecoveryDecision none = Decide(in);
  EXPECT_EQ(none.strategy, RecoveryStrategy::kEscalate);
  ASSERT_EQ(none.passed_over.size(), 1u);
  EXPECT_EQ(none.passed_over[0].reason, "no other worker can take it (failed on w1, w2)");
}

TEST(Recovery, SkipsNonCriticalTaskOnly) {
  RecoveryInput in = Input({RecoveryStrategy::kSkip});
  in.history = {Attempt("w1", Fail(FailureKind::kExitCode, 2))};
  for (Criticality c : {Criticality::kLow, Criticality::kNormal, Criticality::kHigh}) {
    in.criticality = c;
    const RecoveryDecision d = Decide(in);
    EXPECT_EQ(d.strategy, RecoveryStrategy::kSkip) << hawk::ToString(c);
    EXPECT_EQ(As<SkipAction>(d).reason,
              "task 'train' skipped after 1 attempt: exit_code: exited with code 2");
  }
  in.criticality = Criticality::kCritical;
  const RecoveryDecision critical = Decide(in);
  EXPECT_EQ(critical.strategy, RecoveryStrategy::kEscalate);
  ASSERT_EQ(critical.passed_over.size(), 1u);
  EXPECT_EQ(critical.passed_over[0].strategy, RecoveryStrategy::kSkip);
  EXPECT_EQ(critical.passed_over[0].reason, "a critical task cannot be skipped");
}

TEST(Recovery, UsesAlternateWhenPrimaryFails) {
  RecoveryInput in = Input({RecoveryStrategy::kAlternate});
  in.alternates = {{"fp16", HardwareClass::kGpu, 8 * kGiB}, {"cpu", HardwareClass::kCpu, {}}};
  in.history = {Attempt("w1", Fail(FailureKind::kExitCode))};
  const RecoveryDecision first = Decide(in);
  EXPECT_EQ(first.strategy, RecoveryStrategy::kAlternate);
  EXPECT_EQ(As<UseAlternateAction>(first), (UseAlternateAction{0, "fp16", seconds(1)}));
  EXPECT_EQ(first.Summary(), "use alternate 'fp16' (#0) in 1s");

  in.history.push_back(
      Attempt("w2", Fail(FailureKind::kExitCode), RecoveryStrategy::kAlternate, 0));
  EXPECT_EQ(As<UseAlternateAction>(Decide(in)).alternate_index, 1u);

  in.history.push_back(
      Attempt("w2", Fail(FailureKind::kExitCode), RecoveryStrategy::kAlternate, 1));
  const RecoveryDecision exhausted = Decide(in);
  EXPECT_EQ(exhausted.strategy, RecoveryStrategy::kEscalate);
  EXPECT_EQ(exhausted.passed_over.at(0).reason, "no alternates left (2 tried)");

  in.alternates.clear();
  in.history = {Attempt("w1", Fail(FailureKind::kExitCode))};
  EXPECT_EQ(Decide(in).passed_over.at(0).reason, "the task has no alternates");
}

TEST(Recovery, AlternatesDoNotUseUpRetries) {
  RecoveryInput in = Input({RecoveryStrategy::kRetry, RecoveryStrategy::kAlternate}, 1);
  in.alternates = {{"fp16", HardwareClass::kGpu, {}}};
  in.history = {Attempt("w1", Fail(FailureKind::kTimeout)),
                Attempt("w1", Fail(FailureKind::kTimeout), RecoveryStrategy::kRetry)};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kAlternate);
  EXPECT_EQ(d.retries_used, 1u);

  // On the alternate, the shared budget is still spent: no more retries.
  in.history.push_back(Attempt("w1", Fail(FailureKind::kTimeout), RecoveryStrategy::kAlternate, 0));
  const RecoveryDecision after = Decide(in);
  EXPECT_EQ(after.retries_used, 1u);
  EXPECT_EQ(after.strategy, RecoveryStrategy::kEscalate);
}

TEST(Recovery, RestoresFromCheckpoint) {
  RecoveryInput in = Input({RecoveryStrategy::kCheckpoint, RecoveryStrategy::kRetry});
  in.newest_checkpoint = "ckpt-0007";
  in.history = {Attempt("w1", Fail(FailureKind::kCudaError), std::nullopt, std::nullopt, {"gpu1"})};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kCheckpoint);
  EXPECT_EQ(As<RestoreCheckpointAction>(d),
            (RestoreCheckpointAction{"ckpt-0007", seconds(1), "w1", {"gpu1"}}));
  EXPECT_EQ(d.Summary(), "restore checkpoint 'ckpt-0007' in 1s avoiding w1/gpu1");

  in.newest_checkpoint.reset();
  const RecoveryDecision without = Decide(in);
  EXPECT_EQ(without.strategy, RecoveryStrategy::kRetry);
  EXPECT_EQ(without.passed_over.at(0).reason, "no checkpoint to restore");
}

TEST(Recovery, CheckpointRestoresCountAgainstRetries) {
  RecoveryInput in = Input({RecoveryStrategy::kCheckpoint}, 1);
  in.newest_checkpoint = "c1";
  in.history = {Attempt("w1", Fail(FailureKind::kTimeout)),
                Attempt("w1", Fail(FailureKind::kTimeout), RecoveryStrategy::kCheckpoint)};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kEscalate);
  EXPECT_EQ(d.passed_over.at(0).reason, "retries exhausted (1 of 1 used)");
}

TEST(Recovery, EscalatesWhenStrategiesExhausted) {
  RecoveryInput in = Input({RecoveryStrategy::kRetry, RecoveryStrategy::kReassign,
                            RecoveryStrategy::kSkip, RecoveryStrategy::kAlternate},
                           0);
  in.criticality = Criticality::kCritical;
  in.history = {Attempt("w1", Fail(FailureKind::kTimeout))};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kEscalate);
  ASSERT_EQ(d.passed_over.size(), 4u);
  const EscalateAction& e = As<EscalateAction>(d);
  EXPECT_EQ(e.reason,
            "task 'train' failed (timeout: the attempt ran past its timeout) after 1 attempt; "
            "all strategies exhausted: retry: retries exhausted (0 of 0 used); "
            "reassign: retries exhausted (0 of 0 used); skip: a critical task cannot be skipped; "
            "alternate: the task has no alternates");
  ASSERT_EQ(e.history.size(), 1u);
  EXPECT_EQ(e.history[0].worker_id, "w1");
  EXPECT_EQ(d.Summary(), "escalate: " + e.reason);
}

TEST(Recovery, EscalateInThePolicyStopsTheWalk) {
  RecoveryInput in =
      Input({RecoveryStrategy::kRetry, RecoveryStrategy::kEscalate, RecoveryStrategy::kSkip}, 0);
  in.history = {Attempt("w1", Fail(FailureKind::kTimeout))};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kEscalate);
  EXPECT_NE(As<EscalateAction>(d).reason.find(
                "the policy escalates after retry: retries exhausted (0 of 0 used)"),
            std::string::npos);

  in.policy.strategies.clear();
  EXPECT_NE(As<EscalateAction>(Decide(in)).reason.find("the policy lists no strategies"),
            std::string::npos);
}

TEST(Recovery, StrategiesFollowPolicyOrder) {
  RecoveryInput in = Input({});
  in.newest_checkpoint = "c1";
  in.alternates = {{"cpu", HardwareClass::kCpu, {}}};
  in.history = {Attempt("w1", Fail(FailureKind::kTimeout))};
  const std::vector<RecoveryStrategy> all = {
      RecoveryStrategy::kRetry,     RecoveryStrategy::kReassign,   RecoveryStrategy::kSkip,
      RecoveryStrategy::kAlternate, RecoveryStrategy::kCheckpoint, RecoveryStrategy::kEscalate};
  for (RecoveryStrategy first : all) {
    in.policy.strategies = {first};
    for (RecoveryStrategy s : all) {
      if (s != first) in.policy.strategies.push_back(s);
    }
    const RecoveryDecision d = Decide(in);
    EXPECT_EQ(d.strategy, first) << hawk::ToString(first);
    EXPECT_TRUE(d.passed_over.empty());
  }
}

TEST(Recovery, DeviceFailurePrefersReassignOverRetry) {
  RecoveryInput in = Input({RecoveryStrategy::kRetry, RecoveryStrategy::kReassign});
  in.history = {Attempt("w1", Fail(FailureKind::kCudaError), std::nullopt, std::nullopt, {"gpu1"})};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kReassign);
  EXPECT_EQ(As<ReassignAction>(d).excluded_workers, std::vector<std::string>{"w1"});
  ASSERT_EQ(d.passed_over.size(), 1u);
  EXPECT_EQ(d.passed_over[0].strategy, RecoveryStrategy::kRetry);
  EXPECT_EQ(d.passed_over[0].reason, "device-related failure: another worker preferred");

  // With no other worker, the retry stays on w1 but avoids the failed GPU.
  in.candidate_workers = {"w1"};
  const RecoveryDecision alone = Decide(in);
  EXPECT_EQ(alone.strategy, RecoveryStrategy::kRetry);
  EXPECT_EQ(As<RetryAction>(alone).avoid_devices, std::vector<std::string>{"gpu1"});
  EXPECT_EQ(alone.Summary(), "retry in 1s on any worker avoiding w1/gpu1");
}

TEST(Recovery, PlainFailureKeepsPolicyOrderForRetry) {
  RecoveryInput in = Input({RecoveryStrategy::kRetry, RecoveryStrategy::kReassign});
  in.history = {Attempt("w1", Fail(FailureKind::kTimeout))};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kRetry);
  EXPECT_TRUE(As<RetryAction>(d).avoid_devices.empty());
  EXPECT_EQ(As<RetryAction>(d).affinity, WorkerAffinity::kAnyWorker);
}

TEST(Recovery, OomPrefersLowerMemoryAlternate) {
  RecoveryInput in = Input({RecoveryStrategy::kRetry, RecoveryStrategy::kAlternate});
  in.memory_per_device_bytes = 40 * kGiB;
  in.alternates = {{"bigger", HardwareClass::kGpu, 80 * kGiB},
                   {"fp8", HardwareClass::kGpu, 20 * kGiB}};
  in.history = {Attempt("w1", Fail(FailureKind::kOom))};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kAlternate);
  EXPECT_EQ(As<UseAlternateAction>(d).name, "fp8");
  EXPECT_EQ(d.passed_over.at(0).reason, "out of memory: alternate 'fp8' needs less memory");

  // Without a lower-memory alternate the OOM prefers another worker.
  in.alternates = {{"bigger", HardwareClass::kGpu, 80 * kGiB}};
  in.policy.strategies = {RecoveryStrategy::kRetry, RecoveryStrategy::kReassign,
                          RecoveryStrategy::kAlternate};
  const RecoveryDecision other = Decide(in);
  EXPECT_EQ(other.strategy, RecoveryStrategy::kReassign);
  EXPECT_EQ(other.passed_over.at(0).reason, "out of memory: another worker preferred");

  // A CPU fallback relieves the GPU's memory.
  in.alternates = {{"cpu", HardwareClass::kCpu, std::nullopt}};
  in.policy.strategies = {RecoveryStrategy::kReassign, RecoveryStrategy::kAlternate};
  EXPECT_EQ(Decide(in).strategy, RecoveryStrategy::kAlternate);
}

TEST(Recovery, RepeatedDeterministicFailureIsNotRetried) {
  RecoveryInput in =
      Input({RecoveryStrategy::kRetry, RecoveryStrategy::kReassign, RecoveryStrategy::kSkip}, 5);
  in.history = {Attempt("w1", Fail(FailureKind::kExitCode, 3)),
                Attempt("w2", Fail(FailureKind::kExitCode, 3), RecoveryStrategy::kReassign)};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(d.strategy, RecoveryStrategy::kSkip);
  ASSERT_EQ(d.passed_over.size(), 2u);
  EXPECT_EQ(d.passed_over[0].reason,
            "failed the same way (exit_code: exited with code 3) on w1, w2: likely a bug in the "
            "task");

  // Different exit codes, or the same worker twice, are not the pattern.
  in.history[1] = Attempt("w2", Fail(FailureKind::kExitCode, 4), RecoveryStrategy::kReassign);
  EXPECT_EQ(Decide(in).strategy, RecoveryStrategy::kRetry);
  in.history[1] = Attempt("w1", Fail(FailureKind::kExitCode, 3), RecoveryStrategy::kRetry);
  EXPECT_EQ(Decide(in).strategy, RecoveryStrategy::kRetry);
}

TEST(Recovery, ConnectionErrorRetriesOnTheSameWorker) {
  RecoveryInput in = Input({RecoveryStrategy::kRetry});
  in.history = {Attempt("w2", Fail(FailureKind::kConnectionError))};
  const RecoveryDecision d = Decide(in);
  EXPECT_EQ(As<RetryAction>(d).affinity, WorkerAffinity::kSameWorker);
  EXPECT_EQ(d.Summary(), "retry in 1s on the same worker w2");

  in.candidate_workers = {"w1"};  // w2 is gone
  EXPECT_EQ(As<RetryAction>(Decide(in)).affinity, WorkerAffinity::kAnyWorker);
}

TEST(Recovery, SameInputSameDecision) {
  RecoveryInput in = Input({RecoveryStrategy::kRetry, RecoveryStrategy::kReassign}, 4);
  in.policy.backoff.jitter = Fraction::FromPartsPer10k(5000);
  in.policy.backoff.cap = seconds(600);
  in.history = {Attempt("w1", Fail(FailureKind::kTimeout)),
                Attempt("w1", Fail(FailureKind::kTimeout), RecoveryStrategy::kRetry)};
  const RecoveryDecision a = Decide(in, 42);
  const RecoveryDecision b = Decide(in, 42);
  EXPECT_EQ(a.Summary(), b.Summary());
  EXPECT_EQ(As<RetryAction>(a), As<RetryAction>(b));
  const Duration delay = As<RetryAction>(a).delay;
  EXPECT_GE(delay, seconds(1));  // 2s ± 50%
  EXPECT_LE(delay, seconds(3));
}

TEST(Recovery, RejectsInputsItCannotDecideOn) {
  Rng rng(1);
  RecoveryInput in = Input({RecoveryStrategy::kRetry});
  auto empty = DecideRecovery(in, rng);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(empty.error().message, "no attempt to recover from");

  AttemptOutcome ok;
  ok.exit_code = 0;
  in.history = {Attempt("w1", ClassifyOutcome(ok))};
  auto succeeded = DecideRecovery(in, rng);
  ASSERT_FALSE(succeeded);
  EXPECT_EQ(succeeded.error().message, "the last attempt succeeded; nothing to recover");

  in.history = {Attempt("w1", Fail(FailureKind::kTimeout), std::nullopt, 3)};
  auto out_of_range = DecideRecovery(in, rng);
  ASSERT_FALSE(out_of_range);
  EXPECT_EQ(out_of_range.error().where, "task 'train' history[0]");
  EXPECT_EQ(out_of_range.error().hint, "the task has 0 alternates");
}

TEST(Recovery, InputFromTask) {
  Task task;
  task.id = "bench";
  task.criticality = Criticality::kHigh;
  task.requirements.device_class = HardwareClass::kGpu;
  task.requirements.memory_per_device_bytes = 24 * kGiB;
  task.recovery.max_retries = 7;
  Alternate cpu;
  cpu.name = "cpu";
  cpu.requirements.device_class = HardwareClass::kCpu;
  task.alternates = {cpu};
  const RecoveryInput in = RecoveryInputFor(task);
  EXPECT_EQ(in.task_id, "bench");
  EXPECT_EQ(in.criticality, Criticality::kHigh);
  EXPECT_EQ(in.policy.max_retries, 7u);
  EXPECT_EQ(in.device_class, HardwareClass::kGpu);
  EXPECT_EQ(in.memory_per_device_bytes, 24 * kGiB);
  ASSERT_EQ(in.alternates.size(), 1u);
  EXPECT_EQ(in.alternates[0].name, "cpu");
  EXPECT_EQ(in.alternates[0].device_class, HardwareClass::kCpu);
  EXPECT_TRUE(in.history.empty());
}

}  // namespace
}  // namespace hawk::engine
