#include "engine/quarantine.h"

#include <algorithm>
#include <utility>

namespace hawk::engine {

Result<QuarantineTracker> QuarantineTracker::Create(QuarantineConfig config) {
  if (config.failure_threshold == 0) {
    return InvalidArgument("failure threshold must be at least 1", "quarantine.failure_threshold");
  }
  if (config.window <= Duration(0)) {
    return InvalidArgument("window must be positive, got " + FormatDuration(config.window),
                           "quarantine.window", "e.g. 5m");
  }
  if (config.probation && *config.probation <= Duration(0)) {
    return InvalidArgument("probation must be positive, got " + FormatDuration(*config.probation),
                           "quarantine.probation", "leave it unset to wait for a health check");
  }
  return QuarantineTracker(config);
}

bool CountsTowardsQuarantine(const QuarantineConfig& config, FailureKind kind) {
  if (IsDeviceRelated(kind)) return true;
  if (config.extra_counted_kinds.Contains(kind)) return true;
  return config.count_task_failures &&
         (kind == FailureKind::kExitCode || kind == FailureKind::kSignal);
}

bool QuarantineTracker::Active(const QuarantineEntry& entry, TimePoint now) const {
  return !entry.until || now < *entry.until;
}

std::optional<QuarantineEntry> QuarantineTracker::RecordFailure(const DeviceRef& device,
                                                                FailureKind kind, TimePoint at) {
  if (!CountsTowardsQuarantine(config_, kind)) return std::nullopt;
  if (auto it = quarantined_.find(device); it != quarantined_.end()) {
    if (Active(it->second, at)) return std::nullopt;
    quarantined_.erase(it);  // probation elapsed: released
  }
  std::vector<TimePoint>& times = failures_[device][kind];
  times.push_back(at);
  std::sort(times.begin(), times.end());
  const TimePoint oldest_kept = times.back() - config_.window;
  times.erase(times.begin(), std::lower_bound(times.begin(), times.end(), oldest_kept));
  if (times.size() < config_.failure_threshold) return std::nullopt;

  QuarantineEntry entry;
  entry.device = device;
  entry.kind = kind;
  entry.reason = std::to_string(times.size()) + " " + std::string(hawk::ToString(kind)) +
                 " within " + FormatDuration(config_.window);
  entry.since = at;
  if (config_.probation) entry.until = at + *config_.probation;
  failures_.erase(device);
  quarantined_[device] = entry;
  return entry;
}

bool QuarantineTracker::RecordHealthCheck(const DeviceRef& device, bool passed, TimePoint now) {
  auto it = quarantined_.find(device);
  const bool was = it != quarantined_.end() && Active(it->second, now);
  if (passed) {
    failures_.erase(device);
    if (it != quarantined_.end()) quarantined_.erase(it);
    return was;
  }
  if (was) {
    if (config_.probation) it->second.until = now + *config_.probation;
    return false;
  }
  QuarantineEntry entry;
  entry.device = device;
  entry.kind = FailureKind::kDeviceError;
  entry.reason = "health check failed";
  entry.since = now;
  if (config_.probation) entry.until = now + *config_.probation;
  quarantined_[device] = std::move(entry);
  return true;
}

bool QuarantineTracker::IsQuarantined(const DeviceRef& device, TimePoint now) const {
  const auto it = quarantined_.find(device);
  return it != quarantined_.end() && Active(it->second, now);
}

std::vector<QuarantineEntry> QuarantineTracker::Quarantined(TimePoint now) const {
  std::vector<QuarantineEntry> out;
  for (const auto& [device, entry] : quarantined_) {
    if (Active(entry, now)) out.push_back(entry);
  }
  return out;
}

}  // namespace hawk::engine
