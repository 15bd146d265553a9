// Failure report: what failed, where, which patterns stand out, and what the
// engine did about it. Built from recorded failures and recovery actions;
// plain structs that a report module can turn into JSON, plus a short human
// rendering. Pure functions, thread-safe.
//
// Patterns detected:
//   device_burst     >= N failures of one kind on one device within the
//                    window (N and window from QuarantineConfig), with
//                    "-> quarantined" when that device is in `quarantines`.
//   task_bug         one task failed with the same deterministic outcome
//                    (kind, exit code, signal) on 2+ workers.
//   memory_pressure  one task ran out of memory on 2+ devices.
//   unstable_worker  one worker lost or disconnected (worker_lost,
//                    connection_error) in 2+ different tasks.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/workload.h"
#include "engine/failure.h"
#include "engine/quarantine.h"

namespace hawk::engine {

struct FailureRecord {
  std::string task_id;
  std::uint32_t attempt = 1;  // 1-based attempt number within the task
  std::string worker_id;
  std::vector<std::string> device_ids;
  Classification failure;
  TimePoint at{};
};

struct ActionRecord {
  std::string task_id;
  TimePoint at{};
  RecoveryStrategy strategy = RecoveryStrategy::kEscalate;
  std::string summary;  // RecoveryDecision::Summary()
  friend bool operator==(const ActionRecord&, const ActionRecord&) = default;
};

struct FailureLog {
  std::vector<FailureRecord> failures;
  std::vector<ActionRecord> actions;
  std::vector<QuarantineEntry> quarantines;  // devices put in quarantine
};

// clang-format off
#define HAWK_FAILURE_PATTERNS(X) \
  X(kDeviceBurst, "device_burst") \
  X(kTaskBug, "task_bug") \
  X(kMemoryPressure, "memory_pressure") \
  X(kUnstableWorker, "unstable_worker")
// clang-format on

enum class FailurePatternKind : unsigned char { HAWK_FAILURE_PATTERNS(HAWK_ENUM_MEMBER_) };

}  // namespace hawk::engine

namespace hawk {
template <>
struct EnumTraits<engine::FailurePatternKind> {
  static constexpr std::string_view kKind = "failure pattern";
  static constexpr std::array kNames = {HAWK_FAILURE_PATTERNS(HAWK_ENUM_NAME_)};
};
}  // namespace hawk

namespace hawk::engine {

struct Count {
  std::string key;  // a kind name, "worker-a", "worker-a/gpu1"
  std::uint32_t count = 0;
  friend bool operator==(const Count&, const Count&) = default;
};

struct FailurePattern {
  FailurePatternKind kind = FailurePatternKind::kDeviceBurst;
  std::string subject;      // the device, task or worker it is about
  std::string description;  // "3 cuda_error on worker-a/gpu1 within 5m -> quarantined"
  friend bool operator==(const FailurePattern&, const FailurePattern&) = default;
};

struct FailureReport {
  std::uint32_t total_failures = 0;
  // Sorted by count (highest first), then key.
  std::vector<Count> by_kind;
  std::vector<Count> by_worker;
  std::vector<Count> by_device;          // "worker/device"; failures without devices not counted
  std::vector<FailurePattern> patterns;  // device_burst, task_bug, memory_pressure, unstable_worker
  std::vector<ActionRecord> actions;     // in time order (stable for equal times)
};

FailureReport BuildFailureReport(const FailureLog& log, const QuarantineConfig& burst = {});

// A few lines for a terminal:
//   7 failures: 3 cuda_error, 2 exit_code, 2 worker_lost
//   by worker: worker-a 4, worker-b 3
//   by device: worker-a/gpu1 3
//   patterns:
//     3 cuda_error on worker-a/gpu1 within 5m -> quarantined
//   actions:
//     2023-11-14T22:13:20.000Z train retry: retry in 1s on any worker
// "no failures" when there were none.
std::string RenderFailureReport(const FailureReport& report);

}  // namespace hawk::engine
