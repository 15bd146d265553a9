// The demo's workloads: what `hawk demo` submits to the simulated fleet.
// Built from the same core::Workload model a user writes in YAML, so the demo
// exercises exactly the production paths. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/rng.h"
#include "core/workload.h"

namespace hawk::sim {

struct ScenarioOptions {
  std::uint32_t tasks = 40;      // independent tasks in the "inference-mix" workload
  bool multi_device = false;     // add the multi-device DAG ("multimodal-pipeline")
  bool fault_tolerance = false;  // every recovery strategy in the policies
};

// (workload id, workload) in submission order.
std::vector<std::pair<std::string, Workload>> BuildScenario(const ScenarioOptions& options,
                                                            Rng& rng);

// `count` independent tasks with mixed hardware needs, for scale runs.
Workload BuildMixedWorkload(const std::string& name, std::uint32_t count, bool fault_tolerance,
                            Rng& rng);

}  // namespace hawk::sim
