// Internal to the spec module: the parts of a workload file below `tasks:`
// and `defaults:`. Each function reports its problems through the cursor's
// sink and returns what it could read, so that one pass finds every problem.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "core/workload.h"
#include "spec/reader.h"

namespace hawk::spec {

// Where a task's id and its depends_on entries are, for the dependency checks
// that run after every task is read.
struct TaskMarks {
  std::string path;  // "tasks[3]"
  Location location;
  std::optional<Location> id;
  // One entry per element of Task::depends_on: its index in the YAML list and
  // its location.
  std::vector<std::pair<std::size_t, Location>> depends_on;
};

// `defaults:` — the starting point of every task (timeout, env, workdir,
// recovery, type, criticality, priority).
Task ParseDefaults(const Cursor& cursor);

// One entry of `tasks:`, starting from `base` (the defaults). Always returns
// a task, possibly partial (an empty id when the id is missing or bad).
Task ParseTask(const Cursor& cursor, const Task& base, TaskMarks& marks);

// `requires:` of a task or an alternate.
ResourceRequirements ParseRequirements(const Cursor& cursor);

// `recovery:`, field by field on top of `base`.
RecoveryPolicy ParseRecovery(const Cursor& cursor, const RecoveryPolicy& base);

// The `run:` / `command:` pair of a task or an alternate: exactly one.
Command ParseCommand(const Fields& fields);

}  // namespace hawk::spec
