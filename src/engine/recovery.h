// Recovery decision: after an attempt of a task failed, what to do next.
// A pure function over a snapshot (the task's policy, its attempt history,
// the workers that could take it); it never sleeps — a delay is returned for
// the caller's timer. Same input and same Rng state give the same decision.
//
// The walk. The strategies of the task's RecoveryPolicy are tried in the
// order listed; the first that applies gives the action. One that does not
// apply is passed over with its reason recorded. If none applies, or the list
// ends, the decision is Escalate (fail the workload) with every reason.
//
//   retry       run the same implementation again after a backoff delay.
//               Not when max_retries are used up.
//   reassign    run it on a worker where the task has not failed yet.
//               Not when max_retries are used up, nor when no candidate
//               worker is left outside the ones where it failed.
//   skip        give up on this task and let its dependents proceed with the
//               skip recorded. Never for a critical task.
//   alternate   run the next alternate implementation not tried yet, in
//               declaration order. Each alternate gets its own try; it does
//               not use up a retry.
//   checkpoint  retry from the newest checkpoint, on any worker. Not without
//               a checkpoint, nor when max_retries are used up.
//   escalate    fail the workload, with the reason and the full history.
//
// Retries (retry, reassign, checkpoint) share max_retries across the task's
// whole history, whatever implementation they re-ran; the backoff index is
// the number of retries already used. An alternate's delay is the first
// backoff step.
//
// Failure-aware rules, applied during the walk:
//   F1  Device-related failure (cuda_error, device_error,
//       browser_context_lost): the failed devices are avoided by every
//       action that re-runs the task. When `retry` is reached and `reassign`
//       appears later in the policy and applies, reassign is taken instead
//       (a different worker rather than a different device on the same one).
//   F2  Out of memory: when `retry` or `reassign` is reached and `alternate`
//       appears later in the policy and an untried alternate needs less
//       memory (lower memory_per_device_bytes, both known, or another device
//       class), that alternate is taken. Otherwise `retry` prefers `reassign`
//       when it appears later and applies. `alternate` itself, for an OOM,
//       picks the first untried lower-memory alternate before the others.
//       The failed devices are avoided.
//   F3  Repeated deterministic failure: when the current implementation
//       failed with the same deterministic outcome (same kind, exit code and
//       signal) on two or more different workers, retry, reassign and
//       checkpoint are passed over: it is likely a bug in the task.
//   F4  Retry stays on the same worker (WorkerAffinity::kSameWorker) only
//       after a connection error, where the worker itself is not to blame;
//       otherwise any worker may take it.
//
// Thread-safety: no shared state; Rng is the caller's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/rng.h"
#include "core/taxonomy.h"
#include "core/units.h"
#include "core/workload.h"
#include "engine/failure.h"

namespace hawk::engine {

// One finished, failed attempt of the task.
struct AttemptRecord {
  std::string worker_id;
  std::vector<std::string> device_ids;         // devices it ran on ("gpu1")
  std::optional<std::size_t> alternate_index;  // which alternate ran; absent: the primary
  std::optional<RecoveryStrategy> started_by;  // what started it; absent: first attempt
  Classification failure;
};

// What recovery needs to know about an alternate implementation.
struct AlternateOption {
  std::string name;
  HardwareClass device_class = HardwareClass::kCpu;
  std::optional<Bytes> memory_per_device_bytes;
};

struct RecoveryInput {
  std::string task_id;
  RecoveryPolicy policy;
  Criticality criticality = Criticality::kNormal;
  HardwareClass device_class = HardwareClass::kCpu;  // the primary's
  std::optional<Bytes> memory_per_device_bytes;      // the primary's
  std::vector<AlternateOption> alternates;           // declaration order
  std::optional<std::string> newest_checkpoint;      // id of the newest checkpoint
  // Oldest first; back() is the attempt that just failed. Never empty.
  std::vector<AttemptRecord> history;
  // Workers that could run the task now (alive, feasible, not quarantined),
  // including ones where it failed. Order does not matter.
  std::vector<std::string> candidate_workers;
};

// Fills the task's part of the input (policy, criticality, requirements,
// alternates); the caller adds history, checkpoint and candidates.
RecoveryInput RecoveryInputFor(const Task& task);

enum class WorkerAffinity : unsigned char { kSameWorker, kAnyWorker };

struct RetryAction {
  Duration delay{0};
  WorkerAffinity affinity = WorkerAffinity::kAnyWorker;
  std::string worker_id;                   // the failed attempt's worker
  std::vector<std::string> avoid_devices;  // on that worker
  friend bool operator==(const RetryAction&, const RetryAction&) = default;
};
struct ReassignAction {
  Duration delay{0};
  std::vector<std::string> excluded_workers;  // sorted, where it failed
  friend bool operator==(const ReassignAction&, const ReassignAction&) = default;
};
struct SkipAction {
  std::string reason;
  friend bool operator==(const SkipAction&, const SkipAction&) = default;
};
struct UseAlternateAction {
  std::size_t alternate_index = 0;
  std::string name;
  Duration delay{0};
  friend bool operator==(const UseAlternateAction&, const UseAlternateAction&) = default;
};
struct RestoreCheckpointAction {
  std::string checkpoint;  // the newest checkpoint's id
  Duration delay{0};
  std::string worker_id;                   // the failed attempt's worker
  std::vector<std::string> avoid_devices;  // on that worker
  friend bool operator==(const RestoreCheckpointAction&, const RestoreCheckpointAction&) = default;
};
struct EscalateAction {
  std::string reason;  // why every strategy was passed over
  std::vector<AttemptRecord> history;
};

using RecoveryAction = std::variant<RetryAction, ReassignAction, SkipAction, UseAlternateAction,
                                    RestoreCheckpointAction, EscalateAction>;

struct PassedOver {
  RecoveryStrategy strategy = RecoveryStrategy::kRetry;
  std::string reason;
};

struct RecoveryDecision {
  RecoveryStrategy strategy = RecoveryStrategy::kEscalate;  // what produced the action
  RecoveryAction action;
  std::vector<PassedOver> passed_over;  // in walk order
  std::uint32_t retries_used = 0;       // before this decision

  // One line: "reassign in 2s excluding worker-a (passed over retry: ...)".
  [[nodiscard]] std::string Summary() const;
};

// Errors (kInvalidArgument): empty history; the last attempt succeeded; an
// alternate index in the history outside `alternates`.
Result<RecoveryDecision> DecideRecovery(const RecoveryInput& input, Rng& rng);

}  // namespace hawk::engine
