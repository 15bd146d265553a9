// BuildReportData: workloads, tasks, attempts, failures, events and
// performance statistics. Device and worker metrics: report_metrics.cpp.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "report/report_data.h"
#include "report/report_metrics.h"

namespace hawk::report {
namespace {

std::int64_t Ms(TimePoint from, TimePoint to) {
  return (to - from).count();
}

std::string PayloadText(const nlohmann::json& payload, const char* key) {
  if (!payload.is_object()) return {};
  auto it = payload.find(key);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

EventNote ToNote(const EventRecord& e) {
  const nlohmann::json payload = nlohmann::json::parse(e.payload_json, nullptr, false);
  EventNote note;
  note.ts = e.ts;
  note.type = e.type;
  note.workload_id = e.workload_id;
  note.subject = e.task_id.value_or(PayloadText(payload, "subject"));
  if (note.subject.empty()) {
    const std::string worker = PayloadText(payload, "worker_id");
    const std::string device = PayloadText(payload, "device_id");
    note.subject = device.empty() ? worker : worker + "/" + device;
  }
  note.text = PayloadText(payload, "text");
  if (note.text.empty()) note.text = PayloadText(payload, "reason");
  return note;
}

bool IsRecoveryEvent(const std::string& type) {
  return type == "recovery" || type == "device_quarantined" || type == "worker_lost";
}
bool IsPendingEvent(const std::string& type) {
  return type == "unsatisfiable" || type == "pending" || type == "task_pending";
}
bool IsDispatchEvent(const std::string& type) {
  return type == "attempt_dispatched" || type == "task_dispatched";
}

DurationStats Stats(std::vector<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  auto rank = [&](double p) {
    const auto n = static_cast<double>(values.size());
    const auto index = static_cast<std::size_t>(std::max(std::ceil(p * n), 1.0)) - 1;
    return values[std::min(index, values.size() - 1)];
  };
  DurationStats s;
  s.count = values.size();
  s.p50_ms = rank(0.50);
  s.p95_ms = rank(0.95);
  s.max_ms = values.back();
  for (std::int64_t v : values) s.total_ms += v;
  return s;
}

void BuildAttempts(const ReportSource& source, ReportData& data) {
  std::map<std::string, std::string> placements;
  for (const EventRecord& e : source.events) {
    if (!IsDispatchEvent(e.type) || !e.attempt_id) continue;
    const auto payload = nlohmann::json::parse(e.payload_json, nullptr, false);
    const std::string why = PayloadText(payload, "placement");
    if (!why.empty()) placements[*e.attempt_id] = why;
  }
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < data.workloads.size(); ++i) order[data.workloads[i].record.id] = i;
  for (const AttemptRecord& a : source.attempts) {
    AttemptRow row;
    row.record = a;
    if (a.started_at) row.queue_ms = Ms(a.queued_at, *a.started_at);
    if (a.started_at && a.finished_at) row.run_ms = Ms(*a.started_at, *a.finished_at);
    if (auto it = placements.find(a.attempt_id); it != placements.end()) row.placement = it->second;
    data.attempts.push_back(std::move(row));
  }
  std::stable_sort(
      data.attempts.begin(), data.attempts.end(), [&](const AttemptRow& x, const AttemptRow& y) {
        return std::tuple(order[x.record.workload_id], x.record.queued_at, x.record.attempt_id) <
               std::tuple(order[y.record.workload_id], y.record.queued_at, y.record.attempt_id);
      });
}

void BuildTasks(const ReportSource& source, ReportData& data) {
  std::map<std::pair<std::string, std::string>, std::vector<const AttemptRow*>> by_task;
  for (const AttemptRow& a : data.attempts) {
    by_task[{a.record.workload_id, a.record.task_id}].push_back(&a);
  }
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < data.workloads.size(); ++i) order[data.workloads[i].record.id] = i;
  for (const TaskRecord& t : source.tasks) {
    TaskRow row;
    row.record = t;
    const auto& attempts = by_task[{t.workload_id, t.task_id}];
    row.attempts = static_cast<std::uint32_t>(attempts.size());
    row.retried = attempts.size() > 1;
    for (const AttemptRow* a : attempts) {
      if (a->run_ms) row.actual_duration_ms = a->run_ms;
    }
    data.tasks.push_back(std::move(row));
  }
  std::stable_sort(data.tasks.begin(), data.tasks.end(), [&](const TaskRow& x, const TaskRow& y) {
    return std::tie(order[x.record.workload_id], x.record.task_id) <
           std::tie(order[y.record.workload_id], y.record.task_id);
  });
  for (WorkloadRow& w : data.workloads) {
    std::vector<std::pair<TimePoint, std::string>> critical;
    for (const TaskRow& t : data.tasks) {
      if (t.record.workload_id != w.record.id) continue;
      ++w.tasks_by_status[t.record.status];
      if (!t.record.critical) continue;
      const auto& attempts = by_task[{t.record.workload_id, t.record.task_id}];
      TimePoint first = TimePoint::max();
      for (const AttemptRow* a : attempts) {
        first = std::min(first, a->record.started_at.value_or(TimePoint::max()));
      }
      critical.emplace_back(first, t.record.task_id);
    }
    std::sort(critical.begin(), critical.end());
    for (auto& [at, id] : critical) w.critical_path.push_back(std::move(id));
  }
}

void BuildEvents(const ReportSource& source, ReportData& data) {
  for (const EventRecord& e : source.events) {
    if (IsRecoveryEvent(e.type)) data.recovery_actions.push_back(ToNote(e));
    if (IsPendingEvent(e.type)) data.pending_explanations.push_back(ToNote(e));
  }
  for (const AttemptRow& a : data.attempts) {
    if (a.record.status != "failed") continue;
    FailureRow f;
    f.workload_id = a.record.workload_id;
    f.task_id = a.record.task_id;
    f.attempt_id = a.record.attempt_id;
    f.attempt_number = a.record.attempt_number;
    f.worker_id = a.record.worker_id;
    f.devices = a.record.devices;
    f.failure_kind = a.record.failure_kind.value_or("unknown");
    f.message = a.record.message.value_or("");
    f.at = a.record.finished_at;
    for (const EventNote& n : data.recovery_actions) {
      if (n.type == "recovery" && n.workload_id == f.workload_id && n.subject == f.task_id &&
          (!f.at || n.ts >= *f.at)) {
        f.recovery = n.text;
        break;
      }
    }
    data.failures.push_back(std::move(f));
  }
  std::stable_sort(data.failures.begin(), data.failures.end(),
                   [](const FailureRow& x, const FailureRow& y) {
                     return x.at.value_or(TimePoint::max()) < y.at.value_or(TimePoint::max());
                   });
}

void BuildPerformance(ReportData& data) {
  for (const WorkloadRow& w : data.workloads) {
    WorkloadPerformance p;
    p.workload_id = w.record.id;
    p.makespan_ms = w.makespan_ms;
    std::vector<std::int64_t> queue;
    std::vector<std::int64_t> run;
    for (const AttemptRow& a : data.attempts) {
      if (a.record.workload_id != w.record.id) continue;
      ++p.attempts;
      if (a.queue_ms) queue.push_back(*a.queue_ms);
      if (a.run_ms) run.push_back(*a.run_ms);
      p.throttled_ms += a.record.throttled_ms.value_or(0);
    }
    if (!queue.empty()) p.queue = Stats(std::move(queue));
    if (!run.empty()) p.run = Stats(std::move(run));
    data.performance.push_back(std::move(p));
  }
  std::map<std::pair<std::string, std::string>, DeviceSpeed> speeds;
  for (const AttemptRow& a : data.attempts) {
    if (a.record.status != "succeeded" || !a.run_ms || !a.record.worker_id) continue;
    for (const std::string& device : a.record.devices) {
      DeviceSpeed& s = speeds[{*a.record.worker_id, device}];
      s.worker_id = *a.record.worker_id;
      s.device_id = device;
      s.mean_run_ms += static_cast<double>(*a.run_ms);
      s.throttled_ms += a.record.throttled_ms.value_or(0);
      ++s.attempts;
    }
  }
  for (auto& [key, s] : speeds) {
    s.mean_run_ms /= s.attempts;
    for (const DeviceRow& d : data.devices) {
      if (d.worker_id == s.worker_id && d.device_id == s.device_id) s.model = d.model;
    }
    data.slowest_devices.push_back(s);
  }
  std::stable_sort(
      data.slowest_devices.begin(), data.slowest_devices.end(),
      [](const DeviceSpeed& x, const DeviceSpeed& y) { return x.mean_run_ms > y.mean_run_ms; });
  if (data.slowest_devices.size() > kSlowestDevices) data.slowest_devices.resize(kSlowestDevices);
}

void BuildSummary(ReportData& data) {
  Summary& s = data.summary;
  s.workloads = static_cast<std::uint32_t>(data.workloads.size());
  s.tasks = static_cast<std::uint32_t>(data.tasks.size());
  s.attempts = static_cast<std::uint32_t>(data.attempts.size());
  s.workers = static_cast<std::uint32_t>(data.workers.size());
  s.alerts = static_cast<std::uint32_t>(data.alerts.size());
  for (const DeviceRow& d : data.devices) s.devices += d.device_id.empty() ? 0 : 1;
  for (const TaskRow& t : data.tasks) {
    ++s.tasks_by_status[t.record.status];
    s.retried_tasks += t.retried ? 1 : 0;
  }
  for (const AttemptRow& a : data.attempts) {
    ++s.attempts_by_status[a.record.status];
    s.failed_attempts += a.record.status == "failed" ? 1 : 0;
    if (a.record.finished_at) {
      s.finished_at =
          std::max(s.finished_at.value_or(*a.record.finished_at), *a.record.finished_at);
    }
  }
  for (const WorkloadRow& w : data.workloads) {
    s.started_at = std::min(s.started_at.value_or(w.record.submitted_at), w.record.submitted_at);
    if (w.record.finished_at) {
      s.finished_at =
          std::max(s.finished_at.value_or(*w.record.finished_at), *w.record.finished_at);
    }
  }
}

}  // namespace

LoadClass ClassifyLoad(double ratio) {
  if (ratio >= kCriticalRatio) return LoadClass::kCritical;
  if (ratio >= kWarningRatio) return LoadClass::kWarning;
  return LoadClass::kNormal;
}

ReportData BuildReportData(const ReportSource& source) {
  ReportData data;
  data.workload_filter = source.workload_filter;
  for (const WorkloadRecord& w : source.workloads) {
    WorkloadRow row;
    row.record = w;
    if (w.finished_at) row.makespan_ms = Ms(w.submitted_at, *w.finished_at);
    data.workloads.push_back(std::move(row));
  }
  std::stable_sort(data.workloads.begin(), data.workloads.end(),
                   [](const WorkloadRow& x, const WorkloadRow& y) {
                     return std::tie(x.record.submitted_at, x.record.id) <
                            std::tie(y.record.submitted_at, y.record.id);
                   });
  BuildAttempts(source, data);
  BuildTasks(source, data);
  BuildMetrics(source, data);
  BuildEvents(source, data);
  BuildPerformance(data);

  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < data.workloads.size(); ++i) order[data.workloads[i].record.id] = i;
  data.tests = MergeTestResults(source.test_results, source.attempts);
  std::stable_sort(data.tests.begin(), data.tests.end(),
                   [&](const MergedTest& x, const MergedTest& y) {
                     return order[x.workload_id] < order[y.workload_id];
                   });
  data.test_counts = CountTests(data.tests);
  data.task_usage = source.task_usage;
  std::stable_sort(data.task_usage.begin(), data.task_usage.end(),
                   [&](const TaskUsageRecord& x, const TaskUsageRecord& y) {
                     return std::tie(order[x.workload_id], x.attempt_id) <
                            std::tie(order[y.workload_id], y.attempt_id);
                   });
  data.alerts = source.alerts;
  std::stable_sort(data.alerts.begin(), data.alerts.end(),
                   [](const HardwareAlertRecord& x, const HardwareAlertRecord& y) {
                     return std::tie(x.ts, x.worker_id) < std::tie(y.ts, y.worker_id);
                   });
  data.performance_history = source.performance;
  std::stable_sort(data.performance_history.begin(), data.performance_history.end(),
                   [](const PerformanceRecord& x, const PerformanceRecord& y) {
                     return std::tie(x.task_kind, x.device_model) <
                            std::tie(y.task_kind, y.device_model);
                   });
  BuildSummary(data);
  return data;
}

}  // namespace hawk::report
