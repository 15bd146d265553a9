#include "engine/critical_path.h"

#include <algorithm>

namespace hawk::engine {

CriticalPathAnalysis AnalyzeCriticalPath(const WorkloadGraph& graph,
                                         const std::function<Duration(std::uint32_t)>& predicted) {
  const std::size_t n = graph.topological_order.size();
  CriticalPathAnalysis out;
  out.earliest_start.assign(n, Duration(0));
  out.slack.assign(n, Duration(0));
  if (n == 0) return out;

  std::vector<Duration> duration(n);
  for (std::uint32_t i = 0; i < n; ++i) duration[i] = std::max(predicted(i), Duration(0));

  // Forward pass: earliest start/finish, remembering which parent bound it.
  constexpr std::uint32_t kNone = UINT32_MAX;
  std::vector<Duration> earliest_finish(n);
  std::vector<std::uint32_t> bound_by(n, kNone);
  for (std::uint32_t task : graph.topological_order) {
    Duration start{0};
    for (std::uint32_t parent : graph.parents[task]) {
      if (bound_by[task] == kNone || earliest_finish[parent] > start ||
          (earliest_finish[parent] == start && parent < bound_by[task])) {
        start = earliest_finish[parent];
        bound_by[task] = parent;
      }
    }
    out.earliest_start[task] = start;
    earliest_finish[task] = start + duration[task];
  }

  // The path ends at the task that finishes last (lowest index on ties).
  std::uint32_t last = 0;
  for (std::uint32_t i = 1; i < n; ++i) {
    if (earliest_finish[i] > earliest_finish[last]) last = i;
  }
  out.length = earliest_finish[last];
  for (std::uint32_t t = last; t != kNone; t = bound_by[t]) out.path.push_back(t);
  std::reverse(out.path.begin(), out.path.end());

  // Backward pass: latest finish without delaying the makespan.
  std::vector<Duration> latest_finish(n, out.length);
  for (auto it = graph.topological_order.rbegin(); it != graph.topological_order.rend(); ++it) {
    const std::uint32_t task = *it;
    for (std::uint32_t child : graph.children[task]) {
      latest_finish[task] = std::min(latest_finish[task], latest_finish[child] - duration[child]);
    }
    out.slack[task] = latest_finish[task] - earliest_finish[task];
  }
  return out;
}

}  // namespace hawk::engine
