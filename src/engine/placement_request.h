// What placement is asked: one task's hard requirements, its soft
// characteristics, and its history with the fleet (workers to avoid).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/taxonomy.h"
#include "core/units.h"
#include "core/workload.h"

namespace hawk::engine {

struct PlacementRequest {
  std::string task_id;
  // Key for performance history ("resnet50-train", "unit-tests"); tasks of
  // one kind run similar work. Empty: the task id is the kind.
  std::string task_kind;
  WorkloadType workload_type = WorkloadType::kGeneric;
  ResourceRequirements requirements;
  WorkloadMetrics metrics;
  std::optional<Duration> expected_duration;  // nullopt: use history or the default
  std::set<std::string> excluded_workers;     // never place here (reassign)
  // Devices never to use again, by worker id: where a device-related failure
  // (CUDA error, OOM, lost device) happened. The rest of the worker stays
  // eligible.
  std::map<std::string, std::set<std::string>, std::less<>> excluded_devices;
  std::set<std::string> failed_on_workers;  // failed here before (scored down)
  // The only workers (snapshot indices, ascending) that can take the request
  // now, when the caller knows them (RequestGate); nullopt: any worker. A
  // policy may search just these.
  std::optional<std::vector<std::uint32_t>> candidate_workers;

  static PlacementRequest FromTask(const Task& task, std::string task_kind = {});

  [[nodiscard]] std::string_view kind() const {
    return task_kind.empty() ? std::string_view(task_id) : std::string_view(task_kind);
  }
  // Devices the task takes (or CPU slots, for class cpu); a count of 0 means 1.
  [[nodiscard]] std::uint32_t RequiredCount() const {
    return requirements.device_count == 0 ? 1U : requirements.device_count;
  }
  [[nodiscard]] bool UsesCpuSlots() const {
    return requirements.device_class == HardwareClass::kCpu;
  }
};

}  // namespace hawk::engine
