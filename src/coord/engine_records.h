// Store rows from the engine's state, shared by everything that records a
// run (the coordinator, hawk run, hawk demo).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "engine/orchestrator.h"
#include "store/store.h"

namespace hawk::coord {

// One `tasks` row per unit (shard) of workload `workload_id`, marked
// critical when its task is on the workload's critical path.
std::vector<TaskRecord> TaskRecords(const engine::Orchestrator& engine,
                                    const engine::WorkloadRun& workload,
                                    const std::string& workload_id);

// Upserts the TaskRecords.
Status WriteTaskRecords(const engine::Orchestrator& engine, const engine::WorkloadRun& workload,
                        const std::string& workload_id, Store& store);

// Upserts the worker_hardware row and one hardware_capabilities row per
// device of `worker`, as seen at `at`.
Status WriteWorkerHardware(const WorkerProfile& worker, TimePoint at, Store& store);

// The `events` row for a command the engine gave at `at`: its type
// (attempt_dispatched, attempt_cancelled, device_quarantined,
// device_released, workload_finished, or a notice's kind), ids, and a JSON
// payload with the rest.
EventRecord CommandEvent(TimePoint at, const engine::EngineCommand& command);

}  // namespace hawk::coord
