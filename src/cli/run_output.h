// What `hawk run` leaves behind: the run written to the store (the same
// tables a coordinator or the demo writes), and the summary for people or
// for programs (--json).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/run_loop.h"
#include "store/store.h"

namespace hawk::cli {

// Workers and their devices, the workload, its tasks (one row per unit),
// every attempt with its exit code or signal, the test cases of its JUnit
// files (table test_results, one row per test case per attempt, task_id the
// unit), and the event log.
Status WriteLocalRun(const LocalRun& run, Store& store);

// Per task: status, worker, duration of its last attempt, attempts; then the
// totals, and for each failed task the tail of its last log.
std::string LocalRunSummary(const LocalRun& run);

// The same facts as JSON: {"workload_id", "status", "tasks": [...], "totals"}.
nlohmann::ordered_json LocalRunJson(const LocalRun& run);

}  // namespace hawk::cli
