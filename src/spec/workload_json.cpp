#include "spec/workload_json.h"

#include <string>

namespace hawk::spec {
namespace {

using nlohmann::json;

template <typename E>
json Names(const EnumSet<E>& set) {
  return set.Names();
}

template <typename T, typename F>
json OrNull(const std::optional<T>& value, F&& convert) {
  return value ? json(convert(*value)) : json(nullptr);
}

json CommandToJson(const Command& command) {
  return json{{"argv", command.argv},
              {"shell", OrNull(command.shell, [](const std::string& s) { return s; })}};
}

std::string_view ShardingMode(Sharding::Mode mode) {
  switch (mode) {
    case Sharding::Mode::kNone: return "none";
    case Sharding::Mode::kCount: return "count";
    case Sharding::Mode::kAuto: return "auto";
  }
  return "none";
}

json RecoveryToJson(const RecoveryPolicy& recovery) {
  json strategies = json::array();
  for (RecoveryStrategy s : recovery.strategies) strategies.push_back(ToString(s));
  return json{{"max_retries", recovery.max_retries},
              {"backoff",
               {{"base_ms", recovery.backoff.base.count()},
                {"cap_ms", recovery.backoff.cap.count()},
                {"jitter", recovery.backoff.jitter.ToDouble()}}},
              {"strategies", std::move(strategies)}};
}

}  // namespace

json RequirementsToJson(const ResourceRequirements& r) {
  return json{
      {"device_class", ToString(r.device_class)},
      {"device_count", r.device_count},
      {"memory_per_device_bytes", OrNull(r.memory_per_device_bytes, [](Bytes b) { return b; })},
      {"backends", Names(r.backends)},
      {"precisions", Names(r.precisions)},
      {"features", Names(r.features)},
      {"vendor", OrNull(r.vendor, [](Vendor v) { return ToString(v); })},
      {"architecture", OrNull(r.architecture, [](Architecture a) { return ToString(a); })},
      {"preferred_vendors", Names(r.preferred_vendors)},
      {"preferred_architectures", Names(r.preferred_architectures)},
      {"min_compute_capability",
       OrNull(r.min_compute_capability, [](const ComputeCapability& cc) { return cc.ToString(); })},
      {"worker_labels", r.worker_labels},
  };
}

json TaskToJson(const Task& task) {
  json alternates = json::array();
  for (const Alternate& a : task.alternates) {
    alternates.push_back(json{{"name", a.name},
                              {"command", CommandToJson(a.command)},
                              {"requirements", RequirementsToJson(a.requirements)}});
  }
  const auto ms = [](Duration d) { return d.count(); };
  return json{
      {"id", task.id},
      {"name", task.name},
      {"command", CommandToJson(task.command)},
      {"env", task.env},
      {"working_dir", OrNull(task.working_dir, [](const std::string& s) { return s; })},
      {"workload_type", ToString(task.workload_type)},
      {"requirements", RequirementsToJson(task.requirements)},
      {"metrics",
       {{"compute_intensity", task.metrics.compute_intensity.ToDouble()},
        {"memory_intensity", task.metrics.memory_intensity.ToDouble()},
        {"io_intensity", task.metrics.io_intensity.ToDouble()}}},
      {"priority", task.priority},
      {"criticality", ToString(task.criticality)},
      {"estimated_duration_ms", OrNull(task.estimated_duration, ms)},
      {"timeout_ms", OrNull(task.timeout, ms)},
      {"depends_on", task.depends_on},
      {"sharding",
       {{"mode", ShardingMode(task.sharding.mode)},
        {"count", task.sharding.count},
        {"max_auto", task.sharding.max_auto}}},
      {"recovery", RecoveryToJson(task.recovery)},
      {"alternates", std::move(alternates)},
      {"aggregation", ToString(task.aggregation)},
      {"checkpoint", task.checkpoint},
      {"junit_paths", task.junit_paths},
  };
}

json WorkloadToJson(const Workload& workload) {
  json tasks = json::array();
  for (const Task& task : workload.tasks) tasks.push_back(TaskToJson(task));
  return json{{"name", workload.name},
              {"description", workload.description},
              {"labels", workload.labels},
              {"tasks", std::move(tasks)}};
}

}  // namespace hawk::spec
