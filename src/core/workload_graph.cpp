#include "core/workload_graph.h"

#include <algorithm>
#include <queue>
#include <string_view>
#include <unordered_map>

namespace hawk {
namespace {

// Finds one cycle among the nodes that Kahn's algorithm could not order and
// returns it as "a -> b -> a".
std::string DescribeCycle(const Workload& workload, const WorkloadGraph& graph,
                          const std::vector<std::uint32_t>& in_degree) {
  const auto n = static_cast<std::uint32_t>(workload.tasks.size());
  std::uint32_t start = 0;
  while (start < n && in_degree[start] == 0) ++start;
  // Walk parent edges among unordered nodes until a node repeats.
  std::vector<int> seen_at(n, -1);
  std::vector<std::uint32_t> path;
  std::uint32_t node = start;
  while (seen_at[node] < 0) {
    seen_at[node] = static_cast<int>(path.size());
    path.push_back(node);
    for (std::uint32_t p : graph.parents[node]) {
      if (in_degree[p] > 0) {
        node = p;
        break;
      }
    }
  }
  // path[seen_at[node]..] is the cycle, walked child -> parent; print it in
  // dependency order (parent -> child).
  std::vector<std::uint32_t> cycle(path.begin() + seen_at[node], path.end());
  std::reverse(cycle.begin(), cycle.end());
  // Start at the task that comes first in the file, so the message is stable.
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
  std::string out;
  for (std::uint32_t i : cycle) out += workload.tasks[i].id + " -> ";
  out += workload.tasks[cycle.front()].id;
  return out;
}

}  // namespace

Result<WorkloadGraph> BuildWorkloadGraph(const Workload& workload) {
  const auto n = static_cast<std::uint32_t>(workload.tasks.size());
  std::unordered_map<std::string_view, std::uint32_t> index;  // views of the tasks' ids
  index.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    // The error's location is spelled out only when there is an error: this
    // runs for every task of a submission.
    const std::string& id = workload.tasks[i].id;
    auto where = [i] { return "tasks[" + std::to_string(i) + "].id"; };
    if (id.empty()) return InvalidArgument("task id is empty", where(), "give every task an id");
    if (!index.emplace(id, i).second) {
      return InvalidArgument("duplicate task id '" + id + "'", where(),
                             "task ids must be unique within a workload");
    }
  }

  WorkloadGraph graph;
  graph.parents.resize(n);
  graph.children.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const Task& task = workload.tasks[i];
    for (std::size_t j = 0; j < task.depends_on.size(); ++j) {
      auto where = [i, j] {
        return "tasks[" + std::to_string(i) + "].depends_on[" + std::to_string(j) + "]";
      };
      const auto it = index.find(task.depends_on[j]);
      if (it == index.end()) {
        return InvalidArgument(
            "task '" + task.id + "' depends on unknown task '" + task.depends_on[j] + "'", where(),
            "depend only on ids of tasks in this workload");
      }
      if (it->second == i) {
        return InvalidArgument("task '" + task.id + "' depends on itself", where(),
                               "remove it from its own depends_on");
      }
      graph.parents[i].push_back(it->second);
      graph.children[it->second].push_back(i);
    }
  }

  // Kahn's algorithm with a min-heap so ties resolve by index: deterministic.
  std::vector<std::uint32_t> in_degree(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    in_degree[i] = static_cast<std::uint32_t>(graph.parents[i].size());
  }
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> ready;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (in_degree[i] == 0) ready.push(i);
  }
  graph.topological_order.reserve(n);
  while (!ready.empty()) {
    const std::uint32_t i = ready.top();
    ready.pop();
    graph.topological_order.push_back(i);
    for (std::uint32_t c : graph.children[i]) {
      if (--in_degree[c] == 0) ready.push(c);
    }
  }
  if (graph.topological_order.size() != n) {
    return InvalidArgument("dependency cycle: " + DescribeCycle(workload, graph, in_degree),
                           "tasks", "remove one depends_on edge of the cycle");
  }
  return graph;
}

}  // namespace hawk
