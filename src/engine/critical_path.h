// Critical path of a workload DAG: the longest chain of dependent tasks by
// predicted duration. Tasks on it (zero slack) gate the workload's finish, so
// the orchestrator runs them first. O(V + E) over the topological order.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/units.h"
#include "core/workload.h"
#include "core/workload_graph.h"

namespace hawk::engine {

struct CriticalPathAnalysis {
  // Task indices from the first task to the last, along the longest path.
  std::vector<std::uint32_t> path;
  Duration length{0};  // predicted makespan with unlimited devices
  // Per task (index = position in Workload::tasks): earliest start, and slack —
  // how much the task may slip without delaying the workload. Zero slack =
  // on a critical path.
  std::vector<Duration> earliest_start;
  std::vector<Duration> slack;
  [[nodiscard]] bool IsCritical(std::uint32_t task) const { return slack[task] == Duration(0); }
};

// `predicted(task_index)` gives each task's expected duration (performance
// history, then the spec's estimate, then a default). Ties between equally
// long paths resolve to the lower task index, so the answer is deterministic.
CriticalPathAnalysis AnalyzeCriticalPath(const WorkloadGraph& graph,
                                         const std::function<Duration(std::uint32_t)>& predicted);

}  // namespace hawk::engine
