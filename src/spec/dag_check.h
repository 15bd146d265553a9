// Internal to the spec module: the checks across tasks — unique ids, known
// dependencies, no cycles — reporting every problem at its depends_on entry.
#pragma once

#include <vector>

#include "core/workload.h"
#include "spec/reader.h"
#include "spec/task_parser.h"

namespace hawk::spec {

// `marks[i]` belongs to `workload.tasks[i]`. Tasks without an id (already
// reported) are skipped. Cycles are found with BuildWorkloadGraph, one at a
// time, each reported at the depends_on entry that closes it.
void CheckDependencies(const Workload& workload, const std::vector<TaskMarks>& marks,
                       const Cursor& tasks);

}  // namespace hawk::spec
