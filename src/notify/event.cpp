#include "notify/event.h"

#include <vector>

namespace hawk::notify {
namespace {

std::string Counts(const NotifyEvent& e) {
  std::string out;
  const auto add = [&out](const std::optional<std::uint32_t>& n, const char* what) {
    if (!n) return;
    if (!out.empty()) out += ", ";
    out += std::to_string(*n);
    out += ' ';
    out += what;
  };
  add(e.passed, "passed");
  add(e.failed, "failed");
  add(e.skipped, "skipped");
  return out;
}

std::string WorkloadSummary(const NotifyEvent& e, const std::string& verb) {
  std::string out =
      e.workload.empty() ? "a workload " + verb : "workload " + e.workload + " " + verb;
  std::vector<std::string> parts;
  if (!e.status.empty() && e.status != verb) parts.push_back(e.status);
  if (std::string counts = Counts(e); !counts.empty()) parts.push_back(std::move(counts));
  if (!e.message.empty()) parts.push_back(e.message);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += i == 0 ? ": " : "; ";
    out += parts[i];
  }
  return out;
}

// "worker-3 gpu0", "worker-3", "gpu0" or "".
std::string Place(const NotifyEvent& e) {
  if (e.worker.empty()) return e.device;
  if (e.device.empty()) return e.worker;
  return e.worker + " " + e.device;
}

std::string WithMessage(std::string text, const std::string& message) {
  if (!message.empty()) text += ": " + message;
  return text;
}

}  // namespace

std::string FieldValue(const NotifyEvent& event, EventField field) {
  const auto count = [](const std::optional<std::uint32_t>& n) {
    return n ? std::to_string(*n) : std::string();
  };
  switch (field) {
    case EventField::kEvent: return std::string(ToString(event.kind));
    case EventField::kTime: return FormatIso8601(event.at);
    case EventField::kWorkload: return event.workload;
    case EventField::kStatus: return event.status;
    case EventField::kPassed: return count(event.passed);
    case EventField::kFailed: return count(event.failed);
    case EventField::kSkipped: return count(event.skipped);
    case EventField::kMessage: return event.message;
    case EventField::kWorker: return event.worker;
    case EventField::kDevice: return event.device;
    case EventField::kReportUrl: return event.report_url;
    case EventField::kCommit: return event.commit;
    case EventField::kSummary: return Summary(event);
    case EventField::kDetails: return Details(event);
  }
  return {};
}

std::string Summary(const NotifyEvent& event) {
  switch (event.kind) {
    case EventKind::kWorkloadFinished: return WorkloadSummary(event, "finished");
    case EventKind::kWorkloadFailed: return WorkloadSummary(event, "failed");
    case EventKind::kCriticalAlert: {
      const std::string place = Place(event);
      return WithMessage(place.empty() ? "critical alert" : "critical alert on " + place,
                         event.message);
    }
    case EventKind::kWorkerLost:
      return WithMessage(
          event.worker.empty() ? "a worker lost" : "worker " + event.worker + " lost",
          event.message);
    case EventKind::kDeviceQuarantined: {
      std::string text = event.device.empty() ? "a device" : "device " + event.device;
      if (!event.worker.empty()) text += " on " + event.worker;
      return WithMessage(text + " quarantined", event.message);
    }
  }
  return std::string(ToString(event.kind));
}

std::string Details(const NotifyEvent& event) {
  std::string out;
  const auto line = [&out](const char* name, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += '\n';
    out += name;
    out += ": ";
    out += value;
  };
  line("workload", event.workload);
  line("status", event.status);
  line("tasks", Counts(event));
  line("worker", event.worker);
  line("device", event.device);
  line("message", event.message);
  line("commit", event.commit);
  line("report", event.report_url);
  line("time", FormatIso8601(event.at));
  return out;
}

}  // namespace hawk::notify
