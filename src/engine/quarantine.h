// Device quarantine: a device (worker id + device id) that fails the same way
// too often within a time window is taken out of placement until a health
// check passes, or, when configured, until a probation period has elapsed.
//
// Window semantics: a failure quarantines its device when, counting it, at
// least `failure_threshold` failures of the same kind on that device happened
// at times t with  latest - window <= t <= latest  (latest = the newest
// failure's time). Failures are kept per device and kind and forgotten once
// they fall out of the window, and when the device enters quarantine or
// passes a health check, so a released device starts afresh.
//
// Which failures count: device-related kinds (cuda_error, device_error,
// browser_context_lost) always; the task's own failures (exit_code, signal),
// which are usually bugs in the task, only with `count_task_failures`; any
// other kind only when listed in `extra_counted_kinds` (e.g. oom, timeout).
//
// Time comes from the arguments; nothing sleeps. Records arriving out of time
// order are accepted (the window is measured from the newest one).
// Not thread-safe: one owner (the engine's loop) calls it.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/enum_set.h"
#include "core/result.h"
#include "core/units.h"
#include "engine/failure.h"

namespace hawk::engine {

struct DeviceRef {
  std::string worker_id;
  std::string device_id;
  [[nodiscard]] std::string ToString() const { return worker_id + "/" + device_id; }  // "w/gpu1"
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted <=>
  friend auto operator<=>(const DeviceRef&, const DeviceRef&) = default;
};

struct QuarantineConfig {
  std::uint32_t failure_threshold = 3;        // N, at least 1
  Duration window = std::chrono::minutes(5);  // positive
  std::optional<Duration> probation;          // auto-release after; positive
  bool count_task_failures = false;           // exit_code, signal count
  EnumSet<FailureKind> extra_counted_kinds;   // beyond the device-related ones
};

// True when `kind` counts towards quarantine under `config` (rules above).
bool CountsTowardsQuarantine(const QuarantineConfig& config, FailureKind kind);

struct QuarantineEntry {
  DeviceRef device;
  FailureKind kind = FailureKind::kUnknown;  // what put it there
  std::string reason;                        // "3 cuda_error within 5m"
  TimePoint since{};
  std::optional<TimePoint> until;  // with a probation period
};

class QuarantineTracker {
 public:
  // Errors (kInvalidArgument): threshold 0, a window or probation <= 0.
  static Result<QuarantineTracker> Create(QuarantineConfig config);

  [[nodiscard]] const QuarantineConfig& config() const { return config_; }

  // Records a failure seen at `at`. Returns the new entry when this failure
  // put the device in quarantine (the caller emits the quarantine command),
  // nothing otherwise (not counted, below threshold, already quarantined).
  std::optional<QuarantineEntry> RecordFailure(const DeviceRef& device, FailureKind kind,
                                               TimePoint at);

  // A passing check releases the device and forgets its failures. A failing
  // check keeps it quarantined and restarts its probation period; on a device
  // not in quarantine it quarantines it (kind device_error). Returns true when
  // the device's quarantine state changed.
  bool RecordHealthCheck(const DeviceRef& device, bool passed, TimePoint now);

  [[nodiscard]] bool IsQuarantined(const DeviceRef& device, TimePoint now) const;
  // Whether any device is (or was, until a passed check or probation) under
  // quarantine: when not, IsQuarantined is false for every device.
  [[nodiscard]] bool Any() const { return !quarantined_.empty(); }

  // Devices in quarantine at `now`, sorted by device.
  [[nodiscard]] std::vector<QuarantineEntry> Quarantined(TimePoint now) const;

 private:
  explicit QuarantineTracker(QuarantineConfig config) : config_(config) {}
  [[nodiscard]] bool Active(const QuarantineEntry& entry, TimePoint now) const;

  QuarantineConfig config_;
  std::map<DeviceRef, std::map<FailureKind, std::vector<TimePoint>>> failures_;
  std::map<DeviceRef, QuarantineEntry> quarantined_;
};

}  // namespace hawk::engine
