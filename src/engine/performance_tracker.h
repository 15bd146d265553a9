// Performance tracking (seed: "Performance Tracker"): one record per attempt —
// where it ran, how long it queued and ran, how long its device throttled,
// how it ended — and the per-workload views built from them: the execution
// timeline (Gantt rows per device), statistics, and bottlenecks.
// Pure data + functions; the orchestrator fills it, reports read it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/units.h"
#include "engine/failure.h"

namespace hawk::engine {

struct AttemptTiming {
  std::string attempt_id;
  std::string workload_id;
  std::string unit_id;  // "tests#2"
  std::string task_id;
  std::string task_kind;  // performance-history key
  std::string worker_id;
  std::vector<std::string> device_ids;
  std::string device_model;                // model of the first device
  std::optional<std::uint32_t> alternate;  // index into Task::alternates
  TimePoint queued_at{};
  TimePoint started_at{};
  std::optional<TimePoint> finished_at;  // nullopt while running
  Duration throttled{0};                 // time its device spent throttling
  FailureKind failure = FailureKind::kNone;
  std::string failure_reason;
  std::string recovery_action;  // what the engine did after this attempt failed
  bool on_critical_path = false;

  [[nodiscard]] Duration queue_time() const { return started_at - queued_at; }
  [[nodiscard]] std::optional<Duration> run_time() const {
    if (!finished_at) return std::nullopt;
    return std::chrono::duration_cast<Duration>(*finished_at - started_at);
  }
  [[nodiscard]] bool succeeded() const { return finished_at && failure == FailureKind::kNone; }
};

struct TimelineBar {
  std::string attempt_id;
  std::string unit_id;
  TimePoint start{};
  TimePoint end{};
  std::string outcome;  // "succeeded", "running", or the failure kind
};
struct TimelineRow {
  std::string worker_id;
  std::string device_id;
  std::vector<TimelineBar> bars;  // by start time
};

struct DurationStats {
  std::uint32_t count = 0;
  Duration total{0};
  Duration mean{0};
  Duration p50{0};
  Duration p95{0};
  Duration max{0};
};

struct WorkloadStatistics {
  std::uint32_t attempts = 0;
  std::uint32_t succeeded = 0;
  std::uint32_t failed = 0;
  Duration makespan{0};  // first queued to last finished
  DurationStats run_time;
  DurationStats queue_time;
  Duration throttled{0};
  // Busy time per "worker/device" over the makespan, in [0, 1].
  std::map<std::string, double> device_busy_share;
};

struct Bottleneck {
  std::string kind;     // critical_path, queueing, slow_device, thermal_throttling, failures
  std::string subject;  // a task, a device, a worker
  std::string detail;   // one line for people
  double impact = 0;    // share of the makespan it accounts for, [0, 1]
};

class PerformanceTracker {
 public:
  void Started(AttemptTiming record);
  // Completes the record of `attempt_id`; unknown ids are ignored (a stale
  // result is recorded by the orchestrator, never applied twice here).
  void Finished(const std::string& attempt_id, TimePoint at, FailureKind failure,
                std::string failure_reason, Duration throttled);
  void SetRecoveryAction(const std::string& attempt_id, std::string action);
  // An attempt dispatched ahead started later than its dispatch: when the
  // attempt before it handed over its devices. Unknown ids are ignored.
  void SetStartedAt(const std::string& attempt_id, TimePoint at);

  [[nodiscard]] const std::vector<AttemptTiming>& records() const { return records_; }
  [[nodiscard]] const AttemptTiming* Find(const std::string& attempt_id) const;

  [[nodiscard]] std::vector<TimelineRow> Timeline(const std::string& workload_id,
                                                  TimePoint now) const;
  [[nodiscard]] WorkloadStatistics Statistics(const std::string& workload_id) const;
  // Ranked by impact, largest first.
  [[nodiscard]] std::vector<Bottleneck> Bottlenecks(const std::string& workload_id) const;

 private:
  std::vector<AttemptTiming> records_;
  std::map<std::string, std::size_t> index_;  // attempt id -> position
};

DurationStats ComputeDurationStats(std::vector<Duration> values);

}  // namespace hawk::engine
