// What a notification is about: an event (workload finished or failed, a
// critical alert, a lost worker, a quarantined device) and the facts a
// message may show, each reachable by name for templates ({workload}).
// Plain values; pure functions; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/enum_names.h"

namespace hawk::notify {

// clang-format off
#define HAWK_NOTIFY_EVENT_KINDS(X)                 \
  X(kWorkloadFinished, "workload_finished")        \
  X(kWorkloadFailed, "workload_failed")            \
  X(kCriticalAlert, "critical_alert")              \
  X(kWorkerLost, "worker_lost")                    \
  X(kDeviceQuarantined, "device_quarantined")
// clang-format on
HAWK_ENUM(EventKind, "event", HAWK_NOTIFY_EVENT_KINDS);

// The names a template may use in braces. `summary` and `details` are worked
// out from the others (see Summary and Details below).
// clang-format off
#define HAWK_NOTIFY_EVENT_FIELDS(X) \
  X(kEvent, "event")                \
  X(kTime, "time")                  \
  X(kWorkload, "workload")          \
  X(kStatus, "status")              \
  X(kPassed, "passed")              \
  X(kFailed, "failed")              \
  X(kSkipped, "skipped")            \
  X(kMessage, "message")            \
  X(kWorker, "worker")              \
  X(kDevice, "device")              \
  X(kReportUrl, "report_url")       \
  X(kCommit, "commit")              \
  X(kSummary, "summary")            \
  X(kDetails, "details")
// clang-format on
HAWK_ENUM(EventField, "template field", HAWK_NOTIFY_EVENT_FIELDS);

// One event to notify about. Empty strings and absent counts are facts not
// known; they render as empty text and are left out of summary and details.
struct NotifyEvent {
  EventKind kind = EventKind::kWorkloadFinished;
  TimePoint at{};                        // when it happened (UTC); also the e-mail Date
  std::string workload;                  // workload id
  std::string status;                    // the workload's status: "succeeded", "failed", ...
  std::optional<std::uint32_t> passed;   // tasks that succeeded
  std::optional<std::uint32_t> failed;   // tasks that failed or were cancelled
  std::optional<std::uint32_t> skipped;  // tasks skipped
  std::string message;                   // free text: the alert, the failure, the reason
  std::string worker;                    // worker id
  std::string device;                    // device id on the worker ("gpu0")
  std::string report_url;                // link to a report of the workload
  std::string commit;                    // commit sha the workload tested
};

// The text of one field ("" when unknown). Counts are decimal; `time` is
// ISO 8601 UTC ("2026-11-26T10:14:07.000Z").
std::string FieldValue(const NotifyEvent& event, EventField field);

// One line saying what happened, e.g.
//   "workload nightly failed: 12 passed, 1 failed, 0 skipped; gpu0 ran out of memory"
//   "critical alert on worker-3 gpu0: temperature 97 C"
//   "device gpu1 on worker-3 quarantined: 3 failures in 10m"
std::string Summary(const NotifyEvent& event);

// The known facts, one "name: value" line each (no trailing newline):
// workload, status, tasks (the counts), worker, device, message, commit,
// report, time.
std::string Details(const NotifyEvent& event);

}  // namespace hawk::notify
