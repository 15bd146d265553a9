#include "cli/run_notify.h"

#include <ostream>
#include <variant>

#include "notify/notifier.h"

namespace hawk::cli {

std::vector<notify::NotifyEvent> RunNotifyEvents(const LocalRun& run) {
  std::vector<notify::NotifyEvent> events;
  for (const RunLogEntry& entry : run.log) {
    if (!entry.command) continue;
    if (const auto* notice = std::get_if<engine::Notice>(&*entry.command)) {
      if (notice->kind != "worker_lost") continue;
      notify::NotifyEvent& e = events.emplace_back();
      e.kind = notify::EventKind::kWorkerLost;
      e.at = entry.at;
      e.workload = run.workload_id;
      e.worker = notice->subject;
      e.message = notice->text;
    } else if (const auto* q = std::get_if<engine::QuarantineDevice>(&*entry.command)) {
      notify::NotifyEvent& e = events.emplace_back();
      e.kind = notify::EventKind::kDeviceQuarantined;
      e.at = entry.at;
      e.workload = run.workload_id;
      e.worker = q->worker_id;
      e.device = q->device_id;
      e.message = q->reason;
    }
  }
  notify::NotifyEvent& done = events.emplace_back();
  done.kind = run.status == engine::WorkloadStatus::kSucceeded
                  ? notify::EventKind::kWorkloadFinished
                  : notify::EventKind::kWorkloadFailed;
  done.at = run.finished_at;
  done.workload = run.workload_id;
  done.status = std::string(ToString(run.status));
  done.message = run.status_reason;
  if (run.engine) {
    if (const engine::WorkloadRun* w = run.engine->FindWorkload(run.workload_id)) {
      const engine::WorkloadProgress p = w->progress();
      done.passed = p.succeeded;
      done.failed = p.failed + p.cancelled;
      done.skipped = p.skipped;
    }
  }
  return events;
}

std::size_t SendRunNotifications(const notify::NotifyConfig& config,
                                 const std::vector<notify::NotifyEvent>& events,
                                 notify::Transport& transport, const notify::EnvLookup& env,
                                 bool dry_run, std::ostream& out, std::ostream& err) {
  std::size_t failures = 0;
  for (const notify::NotifyEvent& event : events) {
    const notify::NotifyReport report = notify::Notify(config, event, transport, env);
    const std::string kind(ToString(event.kind));
    for (const notify::ChannelOutcome& outcome : report.outcomes) {
      if (outcome.result) {
        out << (dry_run ? "would send " : "sent ") << kind << " to " << outcome.channel << " ("
            << ToString(outcome.type) << ")\n";
      } else {
        ++failures;
        err << "hawk: warning: " << kind << " not delivered: " << outcome.result.error().ToString()
            << "\n";
      }
    }
  }
  return failures;
}

}  // namespace hawk::cli
