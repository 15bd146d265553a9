#include "coord/engine_records.h"

#include <nlohmann/json.hpp>

namespace hawk::coord {

EventRecord CommandEvent(TimePoint at, const engine::EngineCommand& command) {
  EventRecord ev;
  ev.ts = at;
  nlohmann::ordered_json payload;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, engine::DispatchAttempt>) {
          ev.type = "attempt_dispatched";
          ev.workload_id = v.workload_id;
          ev.task_id = v.unit_id;
          ev.attempt_id = v.attempt_id;
          payload = {{"worker_id", v.worker_id},
                     {"task_id", v.task_id},
                     {"devices", v.device_ids},
                     {"command", v.command.Display()},
                     {"placement", v.placement_reason}};
          if (v.alternate) payload["alternate"] = *v.alternate;
          if (v.after) payload["after"] = *v.after;
        } else if constexpr (std::is_same_v<T, engine::CancelAttempt>) {
          ev.type = "attempt_cancelled";
          ev.attempt_id = v.attempt_id;
          payload = {{"worker_id", v.worker_id}, {"reason", v.reason}};
        } else if constexpr (std::is_same_v<T, engine::QuarantineDevice>) {
          ev.type = "device_quarantined";
          payload = {{"worker_id", v.worker_id}, {"device_id", v.device_id}, {"reason", v.reason}};
        } else if constexpr (std::is_same_v<T, engine::ReleaseDevice>) {
          ev.type = "device_released";
          payload = {{"worker_id", v.worker_id}, {"device_id", v.device_id}};
        } else if constexpr (std::is_same_v<T, engine::WorkloadFinished>) {
          ev.type = "workload_finished";
          ev.workload_id = v.workload_id;
          payload = {{"status", ToString(v.status)}, {"reason", v.reason}};
        } else if constexpr (std::is_same_v<T, engine::Notice>) {
          ev.type = v.kind;
          if (!v.workload_id.empty()) ev.workload_id = v.workload_id;
          payload = {{"subject", v.subject}, {"text", v.text}};
        }
      },
      command);
  ev.payload_json = payload.dump();
  return ev;
}

Status WriteWorkerHardware(const WorkerProfile& worker, TimePoint at, Store& store) {
  const nlohmann::json labels = worker.labels;
  if (auto ok = store.UpsertWorkerHardware(WorkerHardwareRecord{
          worker.worker_id, worker.hostname, worker.os, worker.fingerprint, at, labels.dump()});
      !ok) {
    return ok;
  }
  for (const DeviceProfile& device : worker.devices) {
    if (auto ok = store.UpsertCapability(CapabilityFromDevice(worker.worker_id, device, at)); !ok) {
      return ok;
    }
  }
  return Ok();
}

std::vector<TaskRecord> TaskRecords(const engine::Orchestrator& engine,
                                    const engine::WorkloadRun& workload,
                                    const std::string& workload_id) {
  const auto critical = engine.CriticalPath(workload_id);
  std::vector<TaskRecord> records;
  records.reserve(workload.units().size());
  for (std::uint32_t u = 0; u < workload.units().size(); ++u) {
    const engine::Unit& unit = workload.unit(u);
    const Task& task = workload.task_of(u);
    TaskRecord t;
    t.workload_id = workload_id;
    t.task_id = unit.id;
    t.name = task.name;
    t.status = std::string(ToString(unit.state));
    t.device_class = task.requirements.device_class;
    t.priority = task.priority;
    t.critical = critical && critical->IsCritical(unit.task_index);
    t.criticality = task.criticality;
    t.depends_on = task.depends_on;
    if (task.estimated_duration) t.estimated_duration_ms = task.estimated_duration->count();
    records.push_back(std::move(t));
  }
  return records;
}

Status WriteTaskRecords(const engine::Orchestrator& engine, const engine::WorkloadRun& workload,
                        const std::string& workload_id, Store& store) {
  return store.UpsertTasks(TaskRecords(engine, workload, workload_id));
}

}  // namespace hawk::coord
