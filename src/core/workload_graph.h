// The dependency structure of a Workload as index lists, and the checks every
// consumer relies on: unique task ids, dependencies that exist, no cycles.
// Indices are positions in Workload::tasks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/workload.h"

namespace hawk {

struct WorkloadGraph {
  std::vector<std::vector<std::uint32_t>> parents;   // tasks this one waits for
  std::vector<std::vector<std::uint32_t>> children;  // tasks that wait for this one
  std::vector<std::uint32_t> topological_order;      // parents before children; ties by index
};

// Builds the graph. Errors (InvalidArgument, `where` = "tasks[i].depends_on[j]"
// or "tasks"): a duplicate or empty task id, an unknown dependency, a task that
// depends on itself, a cycle (the message spells it: "a -> b -> c -> a").
Result<WorkloadGraph> BuildWorkloadGraph(const Workload& workload);

}  // namespace hawk
