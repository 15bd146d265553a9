#include "cli/engine_records.h"

namespace hawk::cli {

Status WriteTaskRecords(const engine::Orchestrator& engine, const engine::WorkloadRun& workload,
                        const std::string& workload_id, Store& store) {
  const auto critical = engine.CriticalPath(workload_id);
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
    if (auto ok = store.UpsertTask(t); !ok) return ok;
  }
  return Ok();
}

}  // namespace hawk::cli
