#include "coord/api_views.h"

namespace hawk::coord {
namespace {

using Json = nlohmann::ordered_json;

Json Time(std::optional<TimePoint> t) {
  if (!t) return nullptr;
  return FormatIso8601(*t);
}

Json Progress(const engine::WorkloadProgress& p) {
  return Json{{"total", p.total},     {"succeeded", p.succeeded}, {"failed", p.failed},
              {"skipped", p.skipped}, {"cancelled", p.cancelled}, {"running", p.running}};
}

}  // namespace

Json WorkerJson(const Coordinator& c, const engine::WorkerState& w) {
  const WorkerProfile& p = w.profile;
  Json devices = Json::array();
  const TimePoint now = c.Now();
  for (std::size_t i = 0; i < p.devices.size(); ++i) {
    const DeviceProfile& d = p.devices[i];
    Json dj{{"device_id", d.id},
            {"class", ToString(d.hardware_class)},
            {"vendor", ToString(d.vendor)},
            {"model", d.model},
            {"memory_total_bytes", d.memory_total_bytes},
            {"quarantined",
             c.engine().quarantine().IsQuarantined(engine::DeviceRef{p.worker_id, d.id}, now)}};
    if (i < w.devices.size()) {
      const engine::DeviceState& s = w.devices[i];
      dj["utilization"] = s.utilization.ToDouble();
      dj["memory_utilization"] = s.memory_utilization.ToDouble();
      dj["temperature_celsius"] =
          s.temperature_celsius ? Json(*s.temperature_celsius) : Json(nullptr);
      dj["thermal_state"] = ToString(s.thermal_state);
    }
    devices.push_back(std::move(dj));
  }
  Json labels = Json::object();
  for (const auto& [k, v] : p.labels) labels[k] = v;
  return Json{{"worker_id", p.worker_id},
              {"hostname", p.hostname},
              {"os", p.os},
              {"online", c.IsWorkerOnline(p.worker_id)},
              {"connected", w.connected},
              {"draining", w.draining},
              {"last_seen", Time(c.WorkerLastSeen(p.worker_id))},
              {"labels", labels},
              {"cpu_slots", p.cpu_slots},
              {"cpu_utilization", w.cpu_utilization.ToDouble()},
              {"memory_utilization", w.memory_utilization.ToDouble()},
              {"running_attempts", c.LiveAttemptCount(p.worker_id)},
              {"devices", devices}};
}

Json WorkloadJson(const engine::WorkloadRun& w, bool with_units, const Coordinator& c) {
  Json j{{"workload_id", w.id()},
         {"name", w.workload().name},
         {"status", ToString(w.status())},
         {"reason", w.status_reason()},
         {"submitted_at", Time(w.submitted_at())},
         {"finished_at", Time(w.finished_at())},
         {"progress", Progress(w.progress())}};
  if (!with_units) return j;
  std::map<std::string, Json> attempts;
  for (const AttemptView* a : c.WorkloadAttempts(w.id())) {
    auto& list = attempts[a->unit_id];
    if (list.is_null()) list = Json::array();
    list.push_back(a->attempt_id);
  }
  Json units = Json::array();
  for (std::uint32_t u = 0; u < w.units().size(); ++u) {
    const engine::Unit& unit = w.unit(u);
    Json uj{{"unit_id", unit.id},
            {"task_id", w.task_of(u).id},
            {"state", ToString(unit.state)},
            {"note", unit.note},
            {"depends_on", w.task_of(u).depends_on}};
    const auto it = attempts.find(unit.id);
    uj["attempts"] = it == attempts.end() ? Json::array() : it->second;
    units.push_back(std::move(uj));
  }
  j["units"] = std::move(units);
  return j;
}

Json AttemptJson(const AttemptView& a) {
  Json j{{"attempt_id", a.attempt_id},
         {"workload_id", a.workload_id},
         {"unit_id", a.unit_id},
         {"task_id", a.task_id},
         {"worker_id", a.worker_id},
         {"device_ids", a.device_ids},
         {"command", a.command},
         {"placement", a.placement_reason},
         {"status", a.status},
         {"dispatched_at", Time(a.dispatched_at)},
         {"started_at", Time(a.started_at)},
         {"finished_at", Time(a.finished_at)},
         {"exit_code", a.exit_code ? Json(*a.exit_code) : Json(nullptr)},
         {"signal", a.signal ? Json(*a.signal) : Json(nullptr)},
         {"outcome", a.outcome},
         {"log_bytes", a.log_bytes}};
  if (a.usage) {
    j["usage"] =
        Json{{"cpu_seconds", a.usage->cpu_seconds},
             {"peak_memory_bytes",
              a.usage->peak_memory_bytes ? Json(*a.usage->peak_memory_bytes) : Json(nullptr)}};
  }
  return j;
}

Json TaskRows(const Coordinator& c, const std::string& workload_filter) {
  Json rows = Json::array();
  for (const std::string& id : c.engine().WorkloadIds()) {
    if (!workload_filter.empty() && id != workload_filter) continue;
    const engine::WorkloadRun* w = c.engine().FindWorkload(id);
    if (w == nullptr) continue;
    for (std::uint32_t u = 0; u < w->units().size(); ++u) {
      const engine::Unit& unit = w->unit(u);
      Json r{{"workload_id", id},
             {"unit_id", unit.id},
             {"task_id", w->task_of(u).id},
             {"state", ToString(unit.state)},
             {"note", unit.note}};
      if (const AttemptView* a = c.LatestAttempt(id, unit.id)) {
        r["attempt_id"] = a->attempt_id;
        r["worker_id"] = a->worker_id;
      }
      rows.push_back(std::move(r));
    }
  }
  return rows;
}

Json EventJson(const EventRecord& e) {
  Json payload = Json::parse(e.payload_json, nullptr, /*allow_exceptions=*/false);
  if (payload.is_discarded()) payload = e.payload_json;
  Json j{{"seq", e.seq}, {"ts", FormatIso8601(e.ts)}, {"type", e.type}};
  if (e.workload_id) j["workload_id"] = *e.workload_id;
  if (e.task_id) j["task_id"] = *e.task_id;
  if (e.attempt_id) j["attempt_id"] = *e.attempt_id;
  j["payload"] = std::move(payload);
  return j;
}

Json OpenAlertJson(const Coordinator::OpenAlert& open) {
  const protocol::AlertReport& a = open.alert;
  return Json{{"worker_id", open.worker_id},
              {"device_id", a.device_id ? Json(*a.device_id) : Json(nullptr)},
              {"metric", a.metric},
              {"severity", a.severity},
              {"opened_at", FormatIso8601(a.at)},
              {"value", a.value},
              {"threshold", a.threshold},
              {"message", a.message}};
}

Json OverviewJson(const Coordinator& c) {
  Json workers = Json::array();
  for (const engine::WorkerState& w : c.engine().Workers()) workers.push_back(WorkerJson(c, w));
  Json workloads = Json::array();
  for (const std::string& id : c.engine().WorkloadIds()) {
    if (const engine::WorkloadRun* w = c.engine().FindWorkload(id)) {
      workloads.push_back(WorkloadJson(*w, true, c));
    }
  }
  Json running = Json::array();
  for (const AttemptView* a : c.LiveAttempts()) running.push_back(AttemptJson(*a));
  Json alerts = Json::array();
  for (const Coordinator::OpenAlert& a : c.OpenAlerts()) alerts.push_back(OpenAlertJson(a));
  return Json{{"now", FormatIso8601(c.Now())},
              {"queued_units", c.engine().queued_units()},
              {"running_attempts", c.engine().running_attempts()},
              {"workers", workers},
              {"workloads", workloads},
              {"running", running},
              {"alerts", alerts}};
}

}  // namespace hawk::coord
