#include "engine/placement_request.h"

namespace hawk::engine {

PlacementRequest PlacementRequest::FromTask(const Task& task, std::string task_kind) {
  PlacementRequest request;
  request.task_id = task.id;
  request.task_kind = std::move(task_kind);
  request.workload_type = task.workload_type;
  request.requirements = task.requirements;
  request.metrics = task.metrics;
  request.expected_duration = task.estimated_duration;
  return request;
}

}  // namespace hawk::engine
