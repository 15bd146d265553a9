#include "spec/dag_check.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "core/workload_graph.h"

namespace hawk::spec {
namespace {

std::string DependsOnPath(const TaskMarks& marks, std::size_t original_index) {
  return marks.path + ".depends_on[" + std::to_string(original_index) + "]";
}

// "dependency cycle: a -> b -> c -> a" -> {a, b, c, a}; empty when the
// message has another shape.
std::vector<std::string> CycleIds(std::string_view message) {
  constexpr std::string_view kPrefix = "dependency cycle: ";
  constexpr std::string_view kArrow = " -> ";
  std::vector<std::string> ids;
  if (message.substr(0, kPrefix.size()) != kPrefix) return ids;
  message.remove_prefix(kPrefix.size());
  for (std::size_t pos; (pos = message.find(kArrow)) != std::string_view::npos;) {
    ids.emplace_back(message.substr(0, pos));
    message.remove_prefix(pos + kArrow.size());
  }
  ids.emplace_back(message);
  if (ids.size() < 3) ids.clear();  // a cycle has at least two tasks and the repeat
  return ids;
}

std::string TaskName(const Task& task, const TaskMarks& marks) {
  return task.id.empty() ? marks.path : "'" + task.id + "'";
}

}  // namespace

void CheckDependencies(const Workload& workload, const std::vector<TaskMarks>& marks,
                       const Cursor& tasks) {
  DiagnosticSink& sink = tasks.sink();
  const std::size_t n = workload.tasks.size();
  std::unordered_map<std::string, std::size_t> index;
  std::vector<bool> unique(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& id = workload.tasks[i].id;
    if (id.empty()) continue;
    const auto [it, inserted] = index.emplace(id, i);
    unique[i] = inserted;
    if (!inserted && !sink.full()) {
      sink.Add(
          marks[i].path + ".id", marks[i].id, "duplicate task id '" + id + "'",
          "tasks[" + std::to_string(it->second) + "] already uses it; task ids must be unique");
    }
  }

  std::vector<std::string_view> known_ids;  // each id once, in file order
  known_ids.reserve(index.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (unique[i]) known_ids.push_back(workload.tasks[i].id);
  }

  // The graph the cycle search sees: only unique ids and good edges, with the
  // positions of the edges in the file alongside.
  Workload graph_input;
  graph_input.tasks.resize(n);
  std::vector<std::vector<std::pair<std::size_t, Location>>> edge_marks(n);
  for (std::size_t i = 0; i < n && !sink.full(); ++i) {
    const Task& task = workload.tasks[i];
    Task& node = graph_input.tasks[i];
    // A placeholder id for tasks that are not in the index; no task can
    // depend on it because ids never contain a space.
    node.id = unique[i] ? task.id : "duplicate or missing #" + std::to_string(i);
    for (std::size_t j = 0; j < task.depends_on.size(); ++j) {
      const std::string& dep = task.depends_on[j];
      const auto& [original, location] = marks[i].depends_on[j];
      const std::string path = DependsOnPath(marks[i], original);
      const auto it = index.find(dep);
      if (it == index.end()) {
        const std::optional<std::string> closest = ClosestMatch(dep, known_ids);
        sink.Add(path, location,
                 "task " + TaskName(task, marks[i]) + " depends on unknown task '" + dep + "'",
                 closest ? "did you mean '" + *closest + "'?"
                         : "depend only on ids of tasks in this workload");
        continue;
      }
      if (it->second == i) {
        sink.Add(path, location, "task '" + task.id + "' depends on itself",
                 "remove it from its own depends_on");
        continue;
      }
      if (!unique[i]) continue;
      node.depends_on.push_back(dep);
      edge_marks[i].emplace_back(original, location);
    }
  }

  // Report each cycle at the edge that closes it, drop that edge, look again.
  std::size_t edges = 0;
  for (const Task& node : graph_input.tasks) edges += node.depends_on.size();
  for (std::size_t guard = 0; guard <= edges && !sink.full(); ++guard) {
    const Result<WorkloadGraph> graph = BuildWorkloadGraph(graph_input);
    if (graph) return;
    const Error& error = graph.error();
    const std::vector<std::string> ids = CycleIds(error.message);
    const auto first = ids.empty() ? index.end() : index.find(ids.front());
    if (first == index.end()) {
      sink.Add(error.where, tasks.location(), error.message, error.hint);
      return;
    }
    // The cycle reads a -> b -> ... -> z -> a: a's entry for z closes it.
    const std::string& last = ids[ids.size() - 2];
    Task& node = graph_input.tasks[first->second];
    const auto edge = std::find(node.depends_on.begin(), node.depends_on.end(), last);
    if (edge == node.depends_on.end()) {
      sink.Add(error.where, tasks.location(), error.message, error.hint);
      return;
    }
    const auto k = static_cast<std::size_t>(edge - node.depends_on.begin());
    const auto [original, location] = edge_marks[first->second][k];
    sink.Add(DependsOnPath(marks[first->second], original), location, error.message, error.hint);
    node.depends_on.erase(edge);
    edge_marks[first->second].erase(edge_marks[first->second].begin() +
                                    static_cast<std::ptrdiff_t>(k));
  }
}

}  // namespace hawk::spec
