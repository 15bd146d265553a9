// The execution state of one submitted workload: its tasks expanded into
// schedulable units (one per task, or one per shard of a sharded task), which
// units may start, what finished, and the workload's status and progress.
// A pure state machine: the orchestrator (engine/orchestrator.h) feeds it and
// decides placement and recovery; nothing here reads a clock or does I/O.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/enum_names.h"
#include "core/result.h"
#include "core/workload.h"
#include "core/workload_graph.h"
#include "engine/aggregation.h"
#include "engine/critical_path.h"

namespace hawk::engine {

// clang-format off
#define HAWK_UNIT_STATES(X)                                                               \
  X(kWaiting, "waiting") X(kReady, "ready") X(kBackoff, "backoff") X(kRunning, "running") \
  X(kSucceeded, "succeeded") X(kFailed, "failed") X(kSkipped, "skipped")                  \
  X(kCancelled, "cancelled")
// clang-format on
HAWK_ENUM(UnitState, "unit state", HAWK_UNIT_STATES);

// clang-format off
#define HAWK_WORKLOAD_STATUSES(X)                                        \
  X(kRunning, "running") X(kSucceeded, "succeeded") X(kFailed, "failed") \
  X(kCancelled, "cancelled")
// clang-format on
HAWK_ENUM(WorkloadStatus, "workload status", HAWK_WORKLOAD_STATUSES);

// One schedulable piece of a task.
struct Unit {
  std::string id;  // "build", or "tests#2" for shard 2 of task "tests"
  std::uint32_t task_index = 0;
  std::uint32_t shard_index = 0;
  std::uint32_t shard_count = 1;
  UnitState state = UnitState::kWaiting;
  std::optional<TimePoint> ready_since;    // when it last became ready (queue time)
  std::optional<TimePoint> backoff_until;  // with kBackoff
  std::optional<std::string> result;       // what the unit reported on success
  std::string note;                        // why skipped / failed / cancelled
};

struct WorkloadProgress {
  std::uint32_t total = 0;
  std::uint32_t succeeded = 0;
  std::uint32_t failed = 0;
  std::uint32_t skipped = 0;
  std::uint32_t cancelled = 0;
  std::uint32_t running = 0;
  [[nodiscard]] std::uint32_t finished() const { return succeeded + failed + skipped + cancelled; }
};

class WorkloadRun {
 public:
  // Expands the workload. `shard_count(task)` resolves `shards: auto` (and is
  // asked only for such tasks); counts are clamped to at least 1. Errors: the
  // workload's graph is invalid (cycle, unknown dependency, duplicate id).
  static Result<WorkloadRun> Create(std::string id, Workload workload,
                                    const std::function<std::uint32_t(const Task&)>& shard_count,
                                    TimePoint now);

  [[nodiscard]] const std::string& id() const { return id_; }
  [[nodiscard]] const Workload& workload() const { return workload_; }
  [[nodiscard]] const WorkloadGraph& graph() const { return graph_; }
  [[nodiscard]] const std::vector<Unit>& units() const { return units_; }
  [[nodiscard]] const Unit& unit(std::uint32_t u) const { return units_[u]; }
  [[nodiscard]] const Task& task_of(std::uint32_t u) const {
    return workload_.tasks[units_[u].task_index];
  }
  [[nodiscard]] WorkloadStatus status() const { return status_; }
  [[nodiscard]] const std::string& status_reason() const { return status_reason_; }
  [[nodiscard]] WorkloadProgress progress() const;
  [[nodiscard]] TimePoint submitted_at() const { return submitted_at_; }
  [[nodiscard]] std::optional<TimePoint> finished_at() const { return finished_at_; }

  // Units of a task, in shard order.
  [[nodiscard]] std::vector<std::uint32_t> UnitsOfTask(std::uint32_t task) const;
  // Units whose state is kReady, in index order.
  [[nodiscard]] std::vector<std::uint32_t> ReadyUnits() const;
  // Units that became ready since the last call (new, released by their
  // parents, woken from backoff, requeued), in the order they became ready.
  // Lets the orchestrator keep its queue without scanning every unit.
  std::vector<std::uint32_t> TakeNewlyReady();

  void MarkRunning(std::uint32_t unit);
  // Success; dependents whose parents are all done become ready.
  void MarkSucceeded(std::uint32_t unit, std::optional<std::string> result, TimePoint now);
  // A non-critical unit given up: its dependents proceed, the skip recorded.
  void MarkSkipped(std::uint32_t unit, std::string reason, TimePoint now);
  // Waits before the next attempt (retry with backoff).
  void MarkBackoff(std::uint32_t unit, TimePoint until);
  // Back to the queue: its backoff elapsed, or its worker was lost and it
  // will be reassigned. Ignored for finished units.
  void MarkReady(std::uint32_t unit, TimePoint now);
  // The unit failed for good: the workload fails, units not yet finished are
  // cancelled (running ones are reported so the caller can cancel them).
  std::vector<std::uint32_t> MarkFailed(std::uint32_t unit, std::string reason, TimePoint now);
  // Cancels the whole workload; returns the units that were running.
  std::vector<std::uint32_t> Cancel(std::string reason, TimePoint now);

  // Whether every unit of the task has finished (succeeded or skipped).
  [[nodiscard]] bool TaskDone(std::uint32_t task) const;
  // The task's aggregated result (sharded tasks), once it is done.
  [[nodiscard]] Result<AggregatedResult> TaskResult(std::uint32_t task) const;

 private:
  WorkloadRun() = default;
  void ReleaseChildren(std::uint32_t task, TimePoint now);
  void FinishIfDone(TimePoint now);

  std::string id_;
  Workload workload_;
  WorkloadGraph graph_;
  std::vector<Unit> units_;
  std::vector<std::uint32_t> first_unit_;    // per task
  std::vector<std::uint32_t> units_left_;    // per task: units not yet done
  std::uint32_t tasks_left_ = 0;             // tasks with units not yet done
  std::vector<std::uint32_t> parents_left_;  // per task: parent tasks not yet done
  std::vector<std::uint32_t> newly_ready_;
  WorkloadStatus status_ = WorkloadStatus::kRunning;
  std::string status_reason_;
  TimePoint submitted_at_{};
  std::optional<TimePoint> finished_at_;
};

}  // namespace hawk::engine
