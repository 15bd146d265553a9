// The engine's heart: a pure, deterministic state machine that receives events
// (workers joining, heartbeats, workloads submitted, attempts finished) and
// returns commands (dispatch this unit to those devices, cancel, quarantine),
// DESIGN.md §1. It never sleeps, reads a socket or touches a file; time comes
// in with each call. The coordinator, the one-machine runner and the
// simulator all drive this same class.
//
// Scheduling: Tick() wakes backoff timers, detects silent workers, and places
// ready units in order — workload submission order, then units on the
// critical path, then task priority, then unit index — with the placement
// policy over a snapshot of the fleet. The queue is kept per request (a
// lane); a pass merges the lanes in that order, units with the same request
// share one answer, a lane whose request must wait is passed over whole, and
// such a request is asked again only when a worker it may fit changed
// (request_gate.h), so a long queue costs little per pass. Units that cannot
// be placed wait, with an explanation (Explain); a unit that no worker in the
// fleet could ever run tries its alternates, and fails (or is skipped, if
// non-critical and its policy allows) after `unsatisfiable_wait` — it never
// blocks other work.
//
// Failures: each finished attempt is classified (failure.h), counted against
// its device (quarantine.h), and recovered per the task's policy
// (recovery.h): retry with backoff, reassign, skip, alternate, checkpoint, or
// escalate. A result for an unknown or stale attempt is recorded as a notice
// and never completes a unit twice.
//
// Not thread-safe: one owner calls it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/rng.h"
#include "engine/critical_path.h"
#include "engine/device_allocator.h"
#include "engine/events.h"
#include "engine/explain.h"
#include "engine/failure_report.h"
#include "engine/fleet.h"
#include "engine/id_table.h"
#include "engine/performance_history.h"
#include "engine/performance_tracker.h"
#include "engine/placement_config.h"
#include "engine/quarantine.h"
#include "engine/recovery.h"
#include "engine/request_gate.h"
#include "engine/workload_run.h"

namespace hawk::engine {

class PlacementPolicy;

struct OrchestratorConfig {
  PlacementConfig placement;
  QuarantineConfig quarantine;
  Duration heartbeat_timeout = std::chrono::seconds(30);
  // A unit no worker in the fleet could ever run fails after waiting this long.
  Duration unsatisfiable_wait = std::chrono::minutes(2);
  // Predicted duration of a task with no history and no estimate.
  Duration default_task_duration = std::chrono::minutes(1);
  // Dispatching ahead, for shells whose dispatch is a round trip (the
  // coordinator): when a lane must wait, and none of its last 8 attempts
  // ran longer than this, its next units go to the workers of its running
  // attempts, each behind one of them (DispatchAttempt::after), so that a
  // slot that frees starts the next task without waiting for the shell.
  // Zero: off.
  Duration dispatch_ahead_below = Duration::zero();
  std::uint64_t seed = 1;
};

// A worker id interned by the engine, for the heartbeat path: a caller
// that delivers many heartbeats for one worker (a coordinator's session,
// the simulator) finds the handle once instead of the id every time, as
// Ray interns node ids into scheduling::NodeID. A handle names the same
// worker id for the engine's lifetime, across leaving and rejoining.
enum class WorkerHandle : std::uint32_t {};

// Where a unit stands in the queue, for `hawk explain` and reports.
struct UnitExplanation {
  std::string unit_id;
  UnitState state = UnitState::kWaiting;
  std::optional<std::string> waiting_on;        // unfinished dependencies
  std::optional<PendingExplanation> placement;  // why it is not placed yet
  std::string text;                             // one paragraph for people
};

class Orchestrator {
 public:
  // Errors (kInvalidArgument): an invalid placement or quarantine config.
  static Result<std::unique_ptr<Orchestrator>> Create(OrchestratorConfig config);
  ~Orchestrator();
  Orchestrator(const Orchestrator&) = delete;
  Orchestrator& operator=(const Orchestrator&) = delete;

  // Applies one event. Commands it causes right away (cancels, quarantines,
  // notices) are returned; dispatching happens in Tick.
  std::vector<EngineCommand> Handle(const Event& event, TimePoint now);
  // The same for a heartbeat (the most frequent event), without copying it
  // into an Event.
  std::vector<EngineCommand> Handle(const WorkerHeartbeat& heartbeat, TimePoint now);
  // The same for the worker `handle` names; heartbeat.worker_id is not read.
  std::vector<EngineCommand> Handle(WorkerHandle handle, const WorkerHeartbeat& heartbeat,
                                    TimePoint now);
  // The handle of a worker that has joined; nullopt for an id never seen.
  [[nodiscard]] std::optional<WorkerHandle> FindWorkerHandle(std::string_view worker_id) const;
  // Timers, liveness, and a scheduling pass.
  std::vector<EngineCommand> Tick(TimePoint now);
  // Attempt ids are "att-<n>"; the next one handed out is
  // att-<next_attempt_number()>. A caller that may have lost some ids it
  // sent (a coordinator restarting) skips them: no id below `n` is handed
  // out again.
  [[nodiscard]] std::uint64_t next_attempt_number() const { return next_attempt_; }
  void SkipAttemptNumbersBelow(std::uint64_t n) { next_attempt_ = std::max(next_attempt_, n); }

  // ---- queries --------------------------------------------------------------
  [[nodiscard]] const WorkloadRun* FindWorkload(const std::string& workload_id) const;
  [[nodiscard]] std::vector<std::string> WorkloadIds() const;
  [[nodiscard]] std::optional<CriticalPathAnalysis> CriticalPath(
      const std::string& workload_id) const;
  [[nodiscard]] std::optional<UnitExplanation> Explain(const std::string& workload_id,
                                                       const std::string& unit_id) const;
  [[nodiscard]] const PerformanceTracker& performance() const { return performance_; }
  [[nodiscard]] const PerformanceHistory& history() const { return history_; }
  [[nodiscard]] const QuarantineTracker& quarantine() const { return quarantine_; }
  [[nodiscard]] const FailureLog& failure_log() const { return failure_log_; }
  [[nodiscard]] std::vector<WorkerState> Workers() const;
  // The worker's state; null when it never joined.
  [[nodiscard]] const WorkerState* FindWorker(const std::string& worker_id) const;
  [[nodiscard]] std::size_t running_attempts() const { return running_.size(); }
  [[nodiscard]] std::size_t queued_units() const { return queued_; }
  [[nodiscard]] std::uint64_t stale_results() const { return stale_results_; }
  // The performance-history key of a task: "<workload name>/<task id>".
  [[nodiscard]] static std::string TaskKind(const Workload& workload, const Task& task);

 private:
  Orchestrator(OrchestratorConfig config, std::unique_ptr<PlacementPolicy> policy,
               QuarantineTracker quarantine);

  struct WorkloadEntry;
  // Scheduling order: workload submission order, then units on the critical
  // path, then higher task priority, then unit index.
  struct UnitKey {
    std::uint64_t workload_seq = 0;
    bool off_critical_path = false;
    std::int32_t negated_priority = 0;
    std::uint32_t unit = 0;
    WorkloadEntry* workload = nullptr;
    std::uint32_t lane = 0;  // request signature id, or kUnsharedLane; not ordered
    friend bool operator<(const UnitKey& a, const UnitKey& b) {
      return std::tie(a.workload_seq, a.off_critical_path, a.negated_priority, a.unit) <
             std::tie(b.workload_seq, b.off_critical_path, b.negated_priority, b.unit);
    }
  };
  struct LaterKey {
    bool operator()(const UnitKey& a, const UnitKey& b) const { return b < a; }
  };
  struct UnitSchedule;
  struct RunningAttempt;
  struct LaneDurations;
  struct WorkerEntry;

  void OnWorkerJoined(const WorkerJoined& e, TimePoint now, std::vector<EngineCommand>& out);
  void OnHeartbeat(std::uint32_t slot_index, const WorkerHeartbeat& e, TimePoint now);
  void OnWorkerDraining(const WorkerDraining& e);
  void OnWorkerGone(const std::string& worker_id, const std::string& reason, TimePoint now,
                    std::vector<EngineCommand>& out);
  void OnSubmit(const SubmitWorkload& e, TimePoint now, std::vector<EngineCommand>& out);
  void OnCancel(const CancelWorkload& e, TimePoint now, std::vector<EngineCommand>& out);
  void OnAttemptFinished(const AttemptFinished& e, TimePoint now, std::vector<EngineCommand>& out);
  void OnHealthCheck(const DeviceHealthChecked& e, TimePoint now, std::vector<EngineCommand>& out);
  void OnResumed(const AttemptResumed& e, TimePoint now, std::vector<EngineCommand>& out);

  void Recover(WorkloadEntry& w, std::uint32_t unit, const RunningAttempt& attempt,
               const Classification& failure, TimePoint now, std::vector<EngineCommand>& out);
  // A unit the policy could not place now: waits (false) or, when no worker
  // could ever run it and the configured wait is over, is skipped or failed
  // (true: out of the queue).
  bool HandleUnplaced(WorkloadEntry& w, std::uint32_t unit,
                      std::shared_ptr<const PendingExplanation> pending, TimePoint now,
                      std::vector<EngineCommand>& out);
  static void ExcludeDevices(UnitSchedule& s, const std::string& worker_id,
                             const std::vector<std::string>& device_ids);
  void FailUnit(WorkloadEntry& w, std::uint32_t unit, const std::string& reason, TimePoint now,
                std::vector<EngineCommand>& out);
  void CancelRunning(WorkloadEntry& w, const std::vector<std::uint32_t>& units,
                     const std::string& reason, TimePoint now, std::vector<EngineCommand>& out);
  void ScheduleNextAttempt(WorkloadEntry& w, std::uint32_t unit, Duration delay, TimePoint now);
  void CollectReady(WorkloadEntry& w);
  void FinishIfDone(WorkloadEntry& w, std::vector<EngineCommand>& out);
  void Schedule(TimePoint now, std::vector<EngineCommand>& out);
  // Places a unit, searching only `candidates` (snapshot indices) when
  // given. When it must wait for its own request (no fallback tried), that
  // request is left in `waited_on`.
  bool TryPlace(WorkloadEntry& w, std::uint32_t unit, TimePoint now,
                std::vector<EngineCommand>& out, const std::vector<std::uint32_t>* candidates,
                std::optional<PlacementRequest>* waited_on);
  // Records an attempt whose devices are reserved — or, with `after`, one
  // dispatched ahead that takes that attempt's devices when it ends: the
  // unit runs.
  DispatchAttempt StartAttempt(WorkloadEntry& w, std::uint32_t unit, const Placement& placement,
                               const WorkerState& worker, std::optional<std::size_t> implementation,
                               std::string attempt_id, TimePoint now,
                               std::optional<std::string> after = std::nullopt);
  // After a pass: the heads of short lanes that had to wait go behind
  // running attempts of their lane (OrchestratorConfig::dispatch_ahead_below).
  void DispatchAhead(TimePoint now, std::vector<EngineCommand>& out);
  // An attempt ended: its devices go to the attempt dispatched behind it
  // (true), or are released (false).
  bool HandOver(const RunningAttempt& ended, TimePoint now);
  [[nodiscard]] PlacementRequest RequestFor(const WorkloadEntry& w, std::uint32_t unit,
                                            std::optional<std::size_t> alternate) const;
  // The queue: a unit's lane is its request signature, or kUnsharedLane
  // when its request carries per-unit exclusions.
  void Enqueue(WorkloadEntry& w, std::uint32_t unit);
  std::set<UnitKey>::iterator Dequeue(std::set<UnitKey>::iterator it);
  std::set<UnitKey>& LaneQueue(std::uint32_t lane);
  std::uint32_t SignatureId(const std::string& signature);
  // The snapshot's worker `worker_id` may admit more or less work now.
  void WorkerChanged(const std::string& worker_id);
  const FleetSnapshot& Snapshot();
  Duration PredictedDuration(const Workload& workload, const Task& task) const;

  OrchestratorConfig config_;
  std::unique_ptr<PlacementPolicy> policy_;
  DeviceAllocator allocator_;
  PerformanceHistory history_;
  PerformanceTracker performance_;
  QuarantineTracker quarantine_;
  Rng rng_;

  std::map<std::string, std::unique_ptr<WorkerEntry>> workers_;
  // Every worker ever seen, by dense index (worker_ids_): a heartbeat
  // touches one slot; only telemetry or a reconnect reaches the entry.
  struct WorkerSlot {
    TimePoint last_seen{};
    WorkerEntry* entry = nullptr;
    bool connected = false;  // entry->state.connected, kept in step by SetConnected
  };
  void SetConnected(WorkerSlot& slot, bool connected);
  IdTable worker_ids_;
  std::vector<WorkerSlot> worker_slots_;
  bool fleet_dirty_ = true;               // rebuild the snapshot
  std::vector<WorkerEntry*> live_dirty_;  // workers whose live state to patch into it
  // No connected worker can have been silent too long before this.
  TimePoint next_silence_check_{};
  TimePoint last_now_{};
  FleetSnapshot snapshot_;
  RequestGate gate_;
  std::unordered_map<std::string, std::uint32_t> signature_ids_;
  std::uint64_t pass_ = 0;                       // scheduling passes so far
  std::vector<std::uint64_t> lane_waited_pass_;  // per signature: last pass it had to wait
  std::vector<LaneDurations> lane_durations_;    // per signature

  std::map<std::string, std::unique_ptr<WorkloadEntry>> workloads_;
  std::vector<WorkloadEntry*> workload_order_;
  // Ready units by lane, each in scheduling order; a deque, so a lane added
  // during a pass leaves the others where they are.
  std::deque<std::set<UnitKey>> lanes_;
  std::set<UnitKey> unshared_;  // kUnsharedLane
  std::size_t queued_ = 0;
  // The scheduling pass under way: the lane heads to visit, and where it is.
  std::priority_queue<UnitKey, std::vector<UnitKey>, LaterKey> pass_heads_;
  bool pass_in_progress_ = false;
  UnitKey pass_position_;
  std::multimap<TimePoint, std::pair<WorkloadEntry*, std::uint32_t>> backoff_timers_;
  std::map<std::string, RunningAttempt> running_;
  FailureLog failure_log_;
  std::uint64_t next_attempt_ = 1;
  std::uint64_t stale_results_ = 0;
};

}  // namespace hawk::engine
