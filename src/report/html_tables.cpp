// The table sections of the HTML page.
#include <map>

#include "core/units.h"
#include "report/charts.h"
#include "report/html_sections.h"
#include "report/svg.h"

namespace hawk::report::html {
namespace {

std::string Percent(double ratio) {
  return Num(ratio * 100, 1) + " %";
}

std::string LoadCell(const std::optional<SampleStats>& s, bool peak) {
  if (!s) return Td("—", "num");
  const double v = peak ? s->peak : s->avg;
  const LoadClass load = ClassifyLoad(v);
  return Td(Percent(v), load == LoadClass::kNormal ? "num" : "num " + std::string(ToString(load)));
}

std::string Celsius(const std::optional<SampleStats>& s, bool peak) {
  return s ? Td(Num(peak ? s->peak : s->avg) + " °C", "num") : Td("—", "num");
}

std::string OptBytes(const std::optional<Bytes>& b) {
  return b ? FormatBytes(*b) : "—";
}

std::string Chart(const std::string& svg) {
  return "<div class=\"chart\">\n" + svg + "</div>\n";
}

std::string Devices(const std::vector<std::string>& devices) {
  std::string out;
  for (const std::string& d : devices) out += (out.empty() ? "" : ",") + d;
  return out;
}

}  // namespace

std::string Workers(const ReportData& data) {
  std::string body = "<p class=\"meta\">Load classes: warning from " + Num(kWarningRatio * 100, 0) +
                     " %, critical from " + Num(kCriticalRatio * 100, 0) +
                     " % (average and peak apart).</p>\n";
  if (data.workers.empty())
    return Section("workers", "Workers and devices", body + Nothing("No workers recorded."));
  std::string rows;
  for (const WorkerRow& w : data.workers) {
    rows += "<tr>" + Td(w.worker_id) + Td(w.hostname) + Td(w.os) +
            Td(std::to_string(w.devices), "num") + Td(std::to_string(w.attempts), "num") +
            Td(std::to_string(w.failed_attempts), w.failed_attempts > 0 ? "num failed" : "num") +
            LoadCell(w.utilization_ratio, false) + LoadCell(w.utilization_ratio, true) + "</tr>\n";
  }
  body += "<h3>Workers</h3>\n" +
          Table(Th("worker") + Th("hostname") + Th("os") + Th("devices") + Th("attempts") +
                    Th("failed") + Th("avg utilization") + Th("peak utilization"),
                rows);
  rows.clear();
  for (const DeviceRow& d : data.devices) {
    rows += "<tr>" + Td(d.worker_id) + Td(d.device_id.empty() ? "(host)" : d.device_id) +
            Td(d.model.empty() ? "—" : d.model) +
            Td(d.hardware_class ? std::string(ToString(*d.hardware_class)) : "host") +
            Td(std::to_string(d.attempts), "num") + Td(HumanMs(d.busy_ms), "num") +
            LoadCell(d.utilization_ratio, false) + LoadCell(d.utilization_ratio, true) +
            Celsius(d.temperature_celsius, false) + Celsius(d.temperature_celsius, true) +
            Td(d.throttled_ms > 0 ? HumanMs(d.throttled_ms) : "—", "num") + "</tr>\n";
  }
  body += "<h3>Devices</h3>\n" +
          Table(Th("worker") + Th("device") + Th("model") + Th("class") + Th("attempts") +
                    Th("busy") + Th("avg utilization") + Th("peak utilization") +
                    Th("avg temperature") + Th("peak temperature") + Th("throttled"),
                rows);
  return Section("workers", "Workers and devices", body);
}

std::string TaskUsage(const ReportData& data) {
  if (data.task_usage.empty()) {
    return Section("task-usage", "Task resource usage",
                   Nothing("No per-task resource usage was recorded."));
  }
  std::string rows;
  for (const TaskUsageRecord& u : data.task_usage) {
    rows += "<tr>" + Td(u.workload_id + "/" + u.task_id) + Td(u.attempt_id) + Td(u.worker_id) +
            Td(Num(u.cpu_seconds, 2) + " s", "num") + Td(OptBytes(u.peak_memory_bytes), "num") +
            Td(OptBytes(u.avg_memory_bytes), "num") + Td(OptBytes(u.gpu_memory_peak_bytes), "num") +
            Td(u.gpu_utilization_avg_ratio ? Percent(*u.gpu_utilization_avg_ratio) : "—", "num") +
            Td(OptBytes(u.read_bytes), "num") + Td(OptBytes(u.write_bytes), "num") +
            Td(u.energy_joules ? Num(*u.energy_joules, 1) + " J" : "—", "num") + "</tr>\n";
  }
  return Section("task-usage", "Task resource usage",
                 Table(Th("task") + Th("attempt") + Th("worker") + Th("cpu") + Th("peak memory") +
                           Th("avg memory") + Th("peak GPU memory") + Th("avg GPU utilization") +
                           Th("read") + Th("written") + Th("energy"),
                       rows));
}

std::string Alerts(const ReportData& data) {
  if (data.alerts.empty()) return Section("alerts", "Alerts", Nothing("No hardware alerts."));
  std::string rows;
  for (const HardwareAlertRecord& a : data.alerts) {
    rows += "<tr>" + Td(FormatIso8601(a.ts)) +
            Td(a.worker_id + (a.device_id ? "/" + *a.device_id : "")) + Td(a.resource) +
            Td(a.severity, a.severity == "critical" ? "critical" : "warning") +
            Td(std::string(ToString(a.state))) + Td(Num(a.value, 2), "num") +
            Td(Num(a.threshold, 2), "num") + Td(a.message) + "</tr>\n";
  }
  return Section("alerts", "Alerts",
                 Table(Th("time") + Th("where") + Th("resource") + Th("severity") + Th("state") +
                           Th("value") + Th("threshold") + Th("message"),
                       rows));
}

std::string Scheduler(const ReportData& data) {
  std::map<std::string, std::uint32_t> by_class;
  std::map<std::pair<std::string, std::string>, std::string> classes;
  for (const TaskRow& t : data.tasks) {
    classes[{t.record.workload_id, t.record.task_id}] = ToString(t.record.device_class);
  }
  std::string placements;
  for (const AttemptRow& a : data.attempts) {
    ++by_class[classes[{a.record.workload_id, a.record.task_id}]];
    if (!a.placement) continue;
    placements += "<tr>" + Td(a.record.workload_id + "/" + a.record.task_id) +
                  Td(a.record.worker_id.value_or("—") + "/" + Devices(a.record.devices)) +
                  Td(*a.placement) + "</tr>\n";
  }
  std::string body = "<p>Attempts by device class: ";
  bool first = true;
  for (const auto& [cls, n] : by_class) {
    body += (first ? "" : ", ") + std::to_string(n) + " " + EscapeMarkup(cls.empty() ? "?" : cls);
    first = false;
  }
  body += first ? "none.</p>\n" : ".</p>\n";
  body += "<h3>Pending explanations</h3>\n";
  if (data.pending_explanations.empty()) {
    body += Nothing("No task waited for a device that the fleet could not offer.");
  } else {
    std::string rows;
    for (const EventNote& n : data.pending_explanations) {
      rows += "<tr>" + Td(FormatIso8601(n.ts)) + Td(n.workload_id.value_or("—")) + Td(n.subject) +
              Td(n.text) + "</tr>\n";
    }
    body += Table(Th("time") + Th("workload") + Th("task") + Th("why it waits"), rows);
  }
  body += "<h3>Placements</h3>\n";
  body += placements.empty() ? Nothing("No placement reasons were recorded.")
                             : Table(Th("task") + Th("placed on") + Th("why"), placements);
  return Section("scheduler", "Scheduler", body);
}

std::string Failures(const ReportData& data) {
  std::string body;
  if (data.failures.empty()) {
    body += Nothing("No attempt failed.");
  } else {
    std::string rows;
    for (const FailureRow& f : data.failures) {
      rows += "<tr>" + Td(f.at ? FormatIso8601(*f.at) : "—") + Td(f.workload_id + "/" + f.task_id) +
              Td(std::to_string(f.attempt_number), "num") +
              Td(f.worker_id.value_or("—") + "/" + Devices(f.devices)) +
              Td(f.failure_kind, "failed") + Td(f.message) + Td(f.recovery.value_or("—")) +
              "</tr>\n";
    }
    body += Table(Th("time") + Th("task") + Th("attempt") + Th("where") + Th("kind") +
                      Th("message") + Th("recovery"),
                  rows);
  }
  body += "<h3>Recovery actions</h3>\n";
  if (data.recovery_actions.empty()) {
    body += Nothing("No recovery action was taken.");
  } else {
    std::string rows;
    for (const EventNote& n : data.recovery_actions) {
      rows +=
          "<tr>" + Td(FormatIso8601(n.ts)) + Td(n.type) + Td(n.subject) + Td(n.text) + "</tr>\n";
    }
    body += Table(Th("time") + Th("action") + Th("subject") + Th("detail"), rows);
  }
  return Section("failures", "Failures and recovery", body);
}

std::string Performance(const ReportData& data) {
  std::string rows;
  auto stats = [](const std::optional<DurationStats>& s, bool p95) {
    return Td(s ? HumanMs(p95 ? s->p95_ms : s->p50_ms) : "—", "num");
  };
  for (const WorkloadPerformance& p : data.performance) {
    rows += "<tr>" + Td(p.workload_id) + Td(std::to_string(p.attempts), "num") +
            stats(p.queue, false) + stats(p.queue, true) + stats(p.run, false) +
            stats(p.run, true) + Td(p.throttled_ms > 0 ? HumanMs(p.throttled_ms) : "—", "num") +
            Td(p.makespan_ms ? HumanMs(*p.makespan_ms) : "—", "num") + "</tr>\n";
  }
  std::string body =
      rows.empty() ? Nothing("No workloads.")
                   : Table(Th("workload") + Th("attempts") + Th("queue p50") + Th("queue p95") +
                               Th("run p50") + Th("run p95") + Th("throttled") + Th("makespan"),
                           rows);
  body += "<h3>Slowest devices</h3>\n";
  rows.clear();
  for (const DeviceSpeed& s : data.slowest_devices) {
    rows += "<tr>" + Td(s.worker_id + "/" + s.device_id) + Td(s.model.empty() ? "—" : s.model) +
            Td(std::to_string(s.attempts), "num") +
            Td(HumanMs(static_cast<std::int64_t>(s.mean_run_ms)), "num") +
            Td(s.throttled_ms > 0 ? HumanMs(s.throttled_ms) : "—", "num") + "</tr>\n";
  }
  body += rows.empty() ? Nothing("No attempt succeeded.")
                       : Table(Th("device") + Th("model") + Th("successful attempts") +
                                   Th("mean run time") + Th("throttled"),
                               rows);
  body += "<h3>Performance history</h3>\n";
  rows.clear();
  for (const PerformanceRecord& h : data.performance_history) {
    rows += "<tr>" + Td(h.task_kind) + Td(h.device_model) + Td(std::to_string(h.samples), "num") +
            Td(HumanMs(static_cast<std::int64_t>(h.mean_runtime_ms)), "num") +
            Td(HumanMs(static_cast<std::int64_t>(h.stddev_runtime_ms)), "num") + "</tr>\n";
  }
  body +=
      rows.empty()
          ? Nothing("No runtime statistics recorded.")
          : Table(Th("task kind") + Th("device model") + Th("samples") + Th("mean") + Th("std dev"),
                  rows);
  body += "<h3>Estimated vs actual duration</h3>\n" + Chart(DurationSvg(data));
  return Section("performance", "Performance", body);
}

std::string Tasks(const ReportData& data) {
  if (data.tasks.empty()) return Section("tasks", "Tasks", Nothing("No tasks."));
  std::string rows;
  for (const TaskRow& t : data.tasks) {
    const TaskRecord& r = t.record;
    std::string deps;
    for (const std::string& d : r.depends_on) deps += (deps.empty() ? "" : ", ") + d;
    rows += "<tr>" + Td(r.workload_id) + Td(r.task_id) + Td(r.status, r.status) +
            Td(std::string(ToString(r.device_class))) + Td(r.critical ? "yes" : "") +
            Td(std::to_string(t.attempts), t.retried ? "num warning" : "num") +
            Td(r.estimated_duration_ms ? HumanMs(*r.estimated_duration_ms) : "—", "num") +
            Td(t.actual_duration_ms ? HumanMs(*t.actual_duration_ms) : "—", "num") +
            Td(deps.empty() ? "—" : deps) + "</tr>\n";
  }
  return Section("tasks", "Tasks",
                 Table(Th("workload") + Th("task") + Th("status") + Th("class") + Th("critical") +
                           Th("attempts") + Th("estimated") + Th("actual") + Th("depends on"),
                       rows));
}

}  // namespace hawk::report::html
