// Critical path of large workload DAGs: building the graph from a Workload
// (ids resolved, cycle check, topological order) and the longest-path
// analysis over it, separately and together, as a submission does.
//
// The DAG: N tasks in layers of 100; each task after the first layer
// depends on 1-4 tasks of earlier layers (mostly the previous one), chosen
// with a seeded Rng, so about 2.5 N edges. Durations are 1-600 s.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/workload.h"
#include "core/workload_graph.h"
#include "engine/critical_path.h"

namespace hawk {
namespace {

constexpr std::uint32_t kLayerWidth = 100;

// Uniform in [low, high].
std::uint32_t Between(Rng& rng, std::uint32_t low, std::uint32_t high) {
  return low + static_cast<std::uint32_t>(rng.NextBelow(std::uint64_t{high} - low + 1));
}

Workload MakeDag(std::uint32_t tasks) {
  Rng rng(42);
  Workload w;
  w.name = "dag";
  w.tasks.reserve(tasks);
  for (std::uint32_t i = 0; i < tasks; ++i) {
    Task t;
    t.id = "t" + std::to_string(i);
    t.name = t.id;
    t.command.shell = "true";
    t.estimated_duration = std::chrono::seconds(Between(rng, 1, 600));
    const std::uint32_t layer = i / kLayerWidth;
    if (layer > 0) {
      const std::uint32_t deps = Between(rng, 1, 4);
      for (std::uint32_t d = 0; d < deps; ++d) {
        // Three in four from the previous layer, the rest from any earlier one.
        const std::uint32_t from_layer =
            Between(rng, 0, 3) != 0 ? layer - 1 : Between(rng, 0, layer - 1);
        const std::uint32_t parent = from_layer * kLayerWidth + Between(rng, 0, kLayerWidth - 1);
        const std::string id = "t" + std::to_string(parent);
        bool seen = false;
        for (const std::string& dep : t.depends_on) seen = seen || dep == id;
        if (!seen) t.depends_on.push_back(id);
      }
    }
    w.tasks.push_back(std::move(t));
  }
  return w;
}

Duration Predicted(const Workload& w, std::uint32_t task) {
  return *w.tasks[task].estimated_duration;
}

void BM_BuildWorkloadGraph(benchmark::State& state) {
  const Workload w = MakeDag(static_cast<std::uint32_t>(state.range(0)));
  std::size_t edges = 0;
  for (const Task& t : w.tasks) edges += t.depends_on.size();
  for (auto _ : state) {
    auto graph = BuildWorkloadGraph(w);
    if (!graph) {
      state.SkipWithError(graph.error().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(graph->topological_order.data());
  }
  state.counters["edges"] = static_cast<double>(edges);
}

void BM_AnalyzeCriticalPath(benchmark::State& state) {
  const Workload w = MakeDag(static_cast<std::uint32_t>(state.range(0)));
  auto graph = BuildWorkloadGraph(w);
  if (!graph) {
    state.SkipWithError(graph.error().ToString().c_str());
    return;
  }
  std::size_t path_tasks = 0;
  for (auto _ : state) {
    const auto analysis =
        engine::AnalyzeCriticalPath(*graph, [&](std::uint32_t t) { return Predicted(w, t); });
    path_tasks = analysis.path.size();
    benchmark::DoNotOptimize(analysis.length);
  }
  state.counters["path_tasks"] = static_cast<double>(path_tasks);
}

void BM_GraphAndCriticalPath(benchmark::State& state) {
  const Workload w = MakeDag(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    auto graph = BuildWorkloadGraph(w);
    if (!graph) {
      state.SkipWithError(graph.error().ToString().c_str());
      return;
    }
    const auto analysis =
        engine::AnalyzeCriticalPath(*graph, [&](std::uint32_t t) { return Predicted(w, t); });
    benchmark::DoNotOptimize(analysis.length);
  }
}

BENCHMARK(BM_BuildWorkloadGraph)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeCriticalPath)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GraphAndCriticalPath)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hawk

BENCHMARK_MAIN();
