// Private bookkeeping of the Orchestrator, shared by its .cpp files only.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/orchestrator.h"

namespace hawk::engine {

// The queue lane of a unit whose request carries per-unit exclusions: it is
// placed on its own, never answered for by another unit's request.
inline constexpr std::uint32_t kUnsharedLane = std::numeric_limits<std::uint32_t>::max();

// A worker's state; what telemetry touches comes first, next to the worker
// id at the start of `state`.
struct Orchestrator::WorkerEntry {
  std::uint32_t slot = 0;            // in worker_slots_
  std::uint32_t snapshot_index = 0;  // valid while the snapshot is not dirty
  bool live_dirty = false;           // in live_dirty_
  WorkerState state;
};

// Per unit: what the next attempt should be, learnt from earlier ones.
struct Orchestrator::UnitSchedule {
  std::optional<std::size_t> alternate;    // the implementation to run next
  std::set<std::string> excluded_workers;  // reassign
  std::set<std::string> failed_on_workers;
  // Devices a device-related failure rules out, by worker (retry, restore).
  std::map<std::string, std::set<std::string>, std::less<>> excluded_devices;
  std::optional<std::string> newest_checkpoint;
  std::optional<std::string> restore_checkpoint;  // the next attempt starts here
  std::optional<RecoveryStrategy> started_by;     // what will start the next attempt
  std::vector<AttemptRecord> history;             // failed attempts, oldest first
  std::optional<TimePoint> never_fit_since;
  std::uint64_t never_fit_pass = 0;  // the scheduling pass that set never_fit_since
  bool queued = false;               // in its lane of the queue
  // Why the unit is not placed (shared by units of the same request in a pass).
  std::shared_ptr<const PendingExplanation> pending;
  std::uint32_t lane = kUnsharedLane;  // its lane in the queue
  bool unsatisfiable_noticed = false;
};

struct Orchestrator::WorkloadEntry {
  WorkloadEntry(std::uint64_t s, WorkloadRun r) : seq(s), run(std::move(r)) {}
  std::uint64_t seq;
  WorkloadRun run;
  CriticalPathAnalysis critical;
  std::vector<UnitSchedule> schedule;   // per unit
  std::vector<std::string> task_kinds;  // per task
  bool finish_reported = false;
};

struct Orchestrator::RunningAttempt {
  std::string attempt_id;
  WorkloadEntry* workload = nullptr;
  std::uint32_t unit = 0;
  std::string worker_id;
  std::vector<std::string> device_ids;
  std::string device_model;
  std::optional<std::size_t> alternate;
  std::optional<RecoveryStrategy> started_by;
  TimePoint started_at{};              // dispatched, or handed its predecessor's devices
  std::uint32_t lane = kUnsharedLane;  // its unit's lane when it was placed
  // Dispatched ahead and waiting: it holds no devices until this attempt
  // ends and hands over its own.
  std::optional<std::string> after;
  std::optional<std::string> successor;  // the attempt dispatched ahead behind this one
};

// The durations of a lane's last attempts, to tell whether its units are
// short enough to dispatch ahead.
struct Orchestrator::LaneDurations {
  static constexpr std::size_t kKept = 8;
  std::array<Duration, kKept> last{};
  std::size_t count = 0;  // recorded so far (the ring holds the newest kKept)
  void Record(Duration took) { last[count++ % kKept] = took; }
  // Some were recorded, and none of the newest kKept took longer than `limit`.
  [[nodiscard]] bool AllAtMost(Duration limit) const {
    const std::size_t n = std::min(count, kKept);
    return n > 0 && std::all_of(last.begin(), last.begin() + static_cast<std::ptrdiff_t>(n),
                                [&](Duration d) { return d <= limit; });
  }
};

}  // namespace hawk::engine
