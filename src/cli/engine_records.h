// Store rows from the engine's state, shared by every command that records a
// run (hawk run, hawk demo).
#pragma once

#include <string>

#include "core/result.h"
#include "engine/orchestrator.h"
#include "store/store.h"

namespace hawk::cli {

// Upserts one `tasks` row per unit (shard) of workload `workload_id`, marked
// critical when its task is on the workload's critical path.
Status WriteTaskRecords(const engine::Orchestrator& engine, const engine::WorkloadRun& workload,
                        const std::string& workload_id, Store& store);

// The `events` row for a command the engine gave at `at`: its type
// (attempt_dispatched, attempt_cancelled, device_quarantined,
// device_released, workload_finished, or a notice's kind), ids, and a JSON
// payload with the rest.
EventRecord CommandEvent(TimePoint at, const engine::EngineCommand& command);

}  // namespace hawk::cli
