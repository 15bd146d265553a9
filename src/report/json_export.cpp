#include "report/json_export.h"

#include <cmath>

namespace hawk::report {
namespace {

using Json = nlohmann::ordered_json;

double Round(double value) {
  return std::round(value * 1e4) / 1e4;
}

template <typename T>
Json Opt(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}
Json Time(TimePoint t) {
  return FormatIso8601(t);
}
Json Time(const std::optional<TimePoint>& t) {
  return t ? Time(*t) : Json(nullptr);
}

Json Counts(const std::map<std::string, std::uint32_t>& counts) {
  Json out = Json::object();
  for (const auto& [key, n] : counts) out[key] = n;
  return out;
}

Json Utilization(const std::optional<SampleStats>& s) {
  if (!s) return nullptr;
  return {{"samples", s->samples},
          {"avg_ratio", Round(s->avg)},
          {"peak_ratio", Round(s->peak)},
          {"load_class", ToString(ClassifyLoad(s->avg))},
          {"peak_class", ToString(ClassifyLoad(s->peak))}};
}

Json Temperature(const std::optional<SampleStats>& s) {
  if (!s) return nullptr;
  return {
      {"samples", s->samples}, {"avg_celsius", Round(s->avg)}, {"peak_celsius", Round(s->peak)}};
}

Json Durations(const std::optional<DurationStats>& s) {
  if (!s) return nullptr;
  return {{"count", s->count},
          {"p50_ms", s->p50_ms},
          {"p95_ms", s->p95_ms},
          {"max_ms", s->max_ms},
          {"total_ms", s->total_ms}};
}

Json Note(const EventNote& n) {
  return {{"ts", Time(n.ts)},
          {"type", n.type},
          {"workload_id", Opt(n.workload_id)},
          {"subject", n.subject},
          {"text", n.text}};
}

Json SummaryJson(const Summary& s) {
  return {{"workloads", s.workloads},
          {"tasks", s.tasks},
          {"attempts", s.attempts},
          {"failed_attempts", s.failed_attempts},
          {"retried_tasks", s.retried_tasks},
          {"workers", s.workers},
          {"devices", s.devices},
          {"alerts", s.alerts},
          {"tasks_by_status", Counts(s.tasks_by_status)},
          {"attempts_by_status", Counts(s.attempts_by_status)},
          {"started_at", Time(s.started_at)},
          {"finished_at", Time(s.finished_at)}};
}

Json WorkJson(const ReportData& data) {
  Json workloads = Json::array();
  for (const WorkloadRow& w : data.workloads) {
    workloads.push_back({{"id", w.record.id},
                         {"name", w.record.name},
                         {"status", w.record.status},
                         {"submitted_at", Time(w.record.submitted_at)},
                         {"finished_at", Time(w.record.finished_at)},
                         {"makespan_ms", Opt(w.makespan_ms)},
                         {"tasks_by_status", Counts(w.tasks_by_status)},
                         {"critical_path", w.critical_path}});
  }
  Json tasks = Json::array();
  for (const TaskRow& t : data.tasks) {
    const TaskRecord& r = t.record;
    tasks.push_back({{"workload_id", r.workload_id},
                     {"task_id", r.task_id},
                     {"name", r.name},
                     {"status", r.status},
                     {"device_class", ToString(r.device_class)},
                     {"priority", r.priority},
                     {"criticality", ToString(r.criticality)},
                     {"critical", r.critical},
                     {"depends_on", r.depends_on},
                     {"estimated_duration_ms", Opt(r.estimated_duration_ms)},
                     {"actual_duration_ms", Opt(t.actual_duration_ms)},
                     {"attempts", t.attempts},
                     {"retried", t.retried}});
  }
  Json attempts = Json::array();
  for (const AttemptRow& a : data.attempts) {
    const AttemptRecord& r = a.record;
    attempts.push_back({{"attempt_id", r.attempt_id},
                        {"workload_id", r.workload_id},
                        {"task_id", r.task_id},
                        {"attempt_number", r.attempt_number},
                        {"worker_id", Opt(r.worker_id)},
                        {"devices", r.devices},
                        {"status", r.status},
                        {"exit_code", Opt(r.exit_code)},
                        {"signal", Opt(r.signal)},
                        {"failure_kind", Opt(r.failure_kind)},
                        {"message", Opt(r.message)},
                        {"queued_at", Time(r.queued_at)},
                        {"started_at", Time(r.started_at)},
                        {"finished_at", Time(r.finished_at)},
                        {"queue_ms", Opt(a.queue_ms)},
                        {"run_ms", Opt(a.run_ms)},
                        {"throttled_ms", Opt(r.throttled_ms)},
                        {"placement", Opt(a.placement)}});
  }
  return {{"workloads", workloads}, {"tasks", tasks}, {"attempts", attempts}};
}

Json FleetJson(const ReportData& data) {
  Json workers = Json::array();
  for (const WorkerRow& w : data.workers) {
    workers.push_back({{"worker_id", w.worker_id},
                       {"hostname", w.hostname},
                       {"os", w.os},
                       {"devices", w.devices},
                       {"attempts", w.attempts},
                       {"failed_attempts", w.failed_attempts},
                       {"utilization", Utilization(w.utilization_ratio)}});
  }
  Json devices = Json::array();
  for (const DeviceRow& d : data.devices) {
    devices.push_back(
        {{"worker_id", d.worker_id},
         {"device_id", d.device_id},
         {"model", d.model},
         {"hardware_class",
          d.hardware_class ? Json(std::string(ToString(*d.hardware_class))) : Json(nullptr)},
         {"attempts", d.attempts},
         {"busy_ms", d.busy_ms},
         {"throttled_ms", d.throttled_ms},
         {"utilization", Utilization(d.utilization_ratio)},
         {"temperature", Temperature(d.temperature_celsius)}});
  }
  Json usage = Json::array();
  for (const TaskUsageRecord& u : data.task_usage) {
    usage.push_back(
        {{"attempt_id", u.attempt_id},
         {"workload_id", u.workload_id},
         {"task_id", u.task_id},
         {"worker_id", u.worker_id},
         {"cpu_seconds", Round(u.cpu_seconds)},
         {"peak_memory_bytes", Opt(u.peak_memory_bytes)},
         {"avg_memory_bytes", Opt(u.avg_memory_bytes)},
         {"read_bytes", Opt(u.read_bytes)},
         {"write_bytes", Opt(u.write_bytes)},
         {"net_rx_bytes", Opt(u.net_rx_bytes)},
         {"net_tx_bytes", Opt(u.net_tx_bytes)},
         {"gpu_memory_peak_bytes", Opt(u.gpu_memory_peak_bytes)},
         {"gpu_utilization_avg_ratio",
          u.gpu_utilization_avg_ratio ? Json(Round(*u.gpu_utilization_avg_ratio)) : Json(nullptr)},
         {"energy_joules", u.energy_joules ? Json(Round(*u.energy_joules)) : Json(nullptr)}});
  }
  Json alerts = Json::array();
  for (const HardwareAlertRecord& a : data.alerts) {
    alerts.push_back({{"ts", Time(a.ts)},
                      {"worker_id", a.worker_id},
                      {"device_id", Opt(a.device_id)},
                      {"resource", a.resource},
                      {"severity", a.severity},
                      {"state", ToString(a.state)},
                      {"value", Round(a.value)},
                      {"threshold", Round(a.threshold)},
                      {"message", a.message}});
  }
  return {{"workers", workers}, {"devices", devices}, {"task_usage", usage}, {"alerts", alerts}};
}

Json FailuresJson(const ReportData& data) {
  Json failures = Json::array();
  for (const FailureRow& f : data.failures) {
    failures.push_back({{"workload_id", f.workload_id},
                        {"task_id", f.task_id},
                        {"attempt_id", f.attempt_id},
                        {"attempt_number", f.attempt_number},
                        {"worker_id", Opt(f.worker_id)},
                        {"devices", f.devices},
                        {"failure_kind", f.failure_kind},
                        {"message", f.message},
                        {"at", Time(f.at)},
                        {"recovery", Opt(f.recovery)}});
  }
  Json recovery = Json::array();
  for (const EventNote& n : data.recovery_actions) recovery.push_back(Note(n));
  Json pending = Json::array();
  for (const EventNote& n : data.pending_explanations) pending.push_back(Note(n));
  return {
      {"failures", failures}, {"recovery_actions", recovery}, {"pending_explanations", pending}};
}

Json PerformanceJson(const ReportData& data) {
  Json workloads = Json::array();
  for (const WorkloadPerformance& p : data.performance) {
    workloads.push_back({{"workload_id", p.workload_id},
                         {"attempts", p.attempts},
                         {"queue", Durations(p.queue)},
                         {"run", Durations(p.run)},
                         {"throttled_ms", p.throttled_ms},
                         {"makespan_ms", Opt(p.makespan_ms)}});
  }
  Json slowest = Json::array();
  for (const DeviceSpeed& s : data.slowest_devices) {
    slowest.push_back({{"worker_id", s.worker_id},
                       {"device_id", s.device_id},
                       {"model", s.model},
                       {"attempts", s.attempts},
                       {"mean_run_ms", Round(s.mean_run_ms)},
                       {"throttled_ms", s.throttled_ms}});
  }
  Json history = Json::array();
  for (const PerformanceRecord& h : data.performance_history) {
    history.push_back({{"task_kind", h.task_kind},
                       {"device_model", h.device_model},
                       {"samples", h.samples},
                       {"mean_runtime_ms", Round(h.mean_runtime_ms)},
                       {"stddev_runtime_ms", Round(h.stddev_runtime_ms)},
                       {"updated_at", Time(h.updated_at)}});
  }
  return {{"workloads", workloads}, {"slowest_devices", slowest}, {"history", history}};
}

Json SeriesJson(const ReportData& data) {
  Json utilization = Json::array();
  for (const WorkerSeries& s : data.utilization_series) {
    Json points = Json::array();
    for (const SeriesPoint& p : s.utilization_ratio) {
      points.push_back(Json::array({ToUnixMillis(p.ts), Round(p.value)}));
    }
    utilization.push_back({{"worker_id", s.worker_id}, {"points", points}});
  }
  Json rows = Json::array();
  for (const ThermalRow& r : data.thermal.rows) {
    Json cells = Json::array();
    for (const auto& c : r.max_celsius) cells.push_back(c ? Json(Round(*c)) : Json(nullptr));
    rows.push_back(
        {{"worker_id", r.worker_id}, {"device_id", r.device_id}, {"max_celsius", cells}});
  }
  Json thermal = {{"start", data.thermal.rows.empty() ? Json(nullptr) : Time(data.thermal.start)},
                  {"bucket_ms", data.thermal.bucket_ms},
                  {"rows", rows}};
  return {{"utilization", utilization}, {"thermal", thermal}};
}

Json TestsJson(const ReportData& data) {
  Json tests = Json::array();
  for (const MergedTest& t : data.tests) {
    Json runs = Json::array();
    for (const TestRun& r : t.runs) {
      runs.push_back({{"attempt_id", r.attempt_id},
                      {"unit_id", r.unit_id},
                      {"worker_id", Opt(r.worker_id)},
                      {"attempt_number", r.attempt_number},
                      {"status", r.status},
                      {"duration_ms", Opt(r.duration_ms)},
                      {"message", Opt(r.message)}});
    }
    tests.push_back({{"workload_id", t.workload_id},
                     {"task_id", t.task_id},
                     {"suite", t.suite},
                     {"name", t.name},
                     {"status", t.status},
                     {"flaky", t.flaky},
                     {"duration_ms", Opt(t.duration_ms)},
                     {"message", Opt(t.message)},
                     {"runs", runs}});
  }
  return tests;
}

Json TestCountsJson(const TestCounts& c) {
  return {{"tests", c.tests},   {"passed", c.passed},   {"failed", c.failed},
          {"errors", c.errors}, {"skipped", c.skipped}, {"flaky", c.flaky}};
}

}  // namespace

nlohmann::ordered_json ReportToJson(const ReportData& data) {
  Json out;
  out["schema_version"] = kReportSchemaVersion;
  out["workload_filter"] = Opt(data.workload_filter);
  out["summary"] = SummaryJson(data.summary);
  for (Json part : {WorkJson(data), FleetJson(data), FailuresJson(data)}) {
    for (auto& [key, value] : part.items()) out[key] = std::move(value);
  }
  out["performance"] = PerformanceJson(data);
  out["series"] = SeriesJson(data);
  out["test_counts"] = TestCountsJson(data.test_counts);
  out["tests"] = TestsJson(data);
  return out;
}

std::string RenderJson(const ReportData& data) {
  return ReportToJson(data).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace hawk::report
