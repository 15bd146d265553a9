// A tracked task's resource use (monitor::TaskUsage) as a
// `task_resource_usage` row: the figures; the caller names the attempt,
// workload, task and worker.
#pragma once

#include "monitor/task_tracker.h"
#include "store/records.h"

namespace hawk::cli {

TaskUsageRecord TaskUsageRecordFrom(const monitor::TaskUsage& usage);

}  // namespace hawk::cli
