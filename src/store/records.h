// The rows hawk keeps in its store: one plain struct per table. Timestamps are
// UTC (hawk::TimePoint, millisecond resolution); names carry their units;
// std::optional marks a value that may be unknown (stored as NULL).
//
// Status, type and severity fields are short lowercase words chosen by the
// module that writes them (engine, monitor, coord); the store keeps them as
// given. Fields typed with a core enum are stored by name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/enum_names.h"
#include "core/taxonomy.h"
#include "core/units.h"
#include "core/workload.h"

namespace hawk {

// Table `workloads`: one row per submitted workload.
struct WorkloadRecord {
  std::string id;
  std::string name;
  std::string spec_json;  // the workload as submitted, JSON
  std::string status;     // "pending", "running", "succeeded", "failed", "cancelled"
  TimePoint submitted_at{};
  std::optional<TimePoint> finished_at;
  friend bool operator==(const WorkloadRecord&, const WorkloadRecord&) = default;
};

// Table `tasks`: key (workload_id, task_id).
struct TaskRecord {
  std::string workload_id;
  std::string task_id;
  std::string name;
  std::string status;  // "pending", "ready", "running", "succeeded", "failed", "skipped"
  HardwareClass device_class = HardwareClass::kCpu;
  std::int32_t priority = 0;
  bool critical = false;  // on the workload's critical path
  Criticality criticality = Criticality::kNormal;
  std::vector<std::string> depends_on;
  std::optional<std::int64_t> estimated_duration_ms;
  friend bool operator==(const TaskRecord&, const TaskRecord&) = default;
};

// Table `attempts`: one row per dispatch of a task, key attempt_id.
struct AttemptRecord {
  std::string attempt_id;
  std::string workload_id;
  std::string task_id;
  std::uint32_t attempt_number = 1;  // 1 for the first try
  std::optional<std::string> worker_id;
  std::vector<std::string> devices;  // device ids on the worker: "gpu0", "gpu1"
  std::string status;                // "queued", "running", "succeeded", "failed", "cancelled"
  std::optional<std::int32_t> exit_code;
  std::optional<std::int32_t> signal;
  std::optional<std::string> failure_kind;  // "oom", "timeout", "device_lost", ...
  std::optional<std::string> message;
  TimePoint queued_at{};
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
  // Time the devices spent thermally throttled during the attempt. Schema v2;
  // a store at schema v1 refuses a record that sets it.
  std::optional<std::int64_t> throttled_ms;
  friend bool operator==(const AttemptRecord&, const AttemptRecord&) = default;
};

// Table `test_results` (schema v2): one test case from a task's JUnit output.
struct TestResultRecord {
  std::string workload_id;
  std::string task_id;
  std::string attempt_id;
  std::string suite;
  std::string name;
  std::string status;  // "passed", "failed", "skipped", "error"
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> message;
  friend bool operator==(const TestResultRecord&, const TestResultRecord&) = default;
};

// Table `events`, append-only. `seq` is assigned by the store: 1, 2, 3, ...
// in append order, never reused.
struct EventRecord {
  std::int64_t seq = 0;
  TimePoint ts{};
  std::string type;  // "workload_submitted", "task_dispatched", "attempt_finished", ...
  std::optional<std::string> workload_id;
  std::optional<std::string> task_id;
  std::optional<std::string> attempt_id;
  std::string payload_json = "{}";
  friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

// `resource_utilization` (a view over utilization_series + utilization_points
// since schema v3), long format: one metric value of one worker
// (device_id empty for the host itself) at one time. The metric name carries
// its unit: "cpu_utilization_ratio", "memory_used_bytes", "temperature_celsius",
// "power_watts".
struct UtilizationSample {
  TimePoint ts{};
  std::string worker_id;
  std::optional<std::string> device_id;
  std::string metric;
  double value = 0.0;
  friend bool operator==(const UtilizationSample&, const UtilizationSample&) = default;
};

// Which utilization samples to read; an empty field does not filter.
// Times are inclusive: since <= ts <= until.
struct UtilizationQuery {
  std::optional<std::string> worker_id{};
  std::optional<std::string> metric{};
  std::optional<TimePoint> since{};
  std::optional<TimePoint> until{};
};

// Table `task_resource_usage`: what one attempt consumed, key attempt_id.
struct TaskUsageRecord {
  std::string attempt_id;
  std::string workload_id;
  std::string task_id;
  std::string worker_id;
  double cpu_seconds = 0.0;
  std::optional<Bytes> peak_memory_bytes;
  std::optional<Bytes> avg_memory_bytes;
  std::optional<Bytes> read_bytes;
  std::optional<Bytes> write_bytes;
  std::optional<Bytes> net_rx_bytes;
  std::optional<Bytes> net_tx_bytes;
  std::optional<Bytes> gpu_memory_peak_bytes;
  std::optional<double> gpu_utilization_avg_ratio;  // 0..1
  std::optional<double> energy_joules;
  // Where the figures came from: "cgroup_v2" (the task's own cgroup) or
  // "proc" (its process tree). Absent when the writer did not say, as in
  // rows written before schema v4. Needs schema v4 to be stored.
  std::optional<std::string> source;
  friend bool operator==(const TaskUsageRecord&, const TaskUsageRecord&) = default;
};

// Everything the report tables hold for one workload: its row, its tasks,
// its attempts and their resource use (Store::ReplaceWorkloadRows).
struct WorkloadRows {
  WorkloadRecord workload;
  std::vector<TaskRecord> tasks;
  std::vector<AttemptRecord> attempts;
  std::vector<TaskUsageRecord> usages;
};

#define HAWK_ALERT_STATES(X) X(kOpened, "opened") X(kClosed, "closed")
HAWK_ENUM(AlertState, "alert state", HAWK_ALERT_STATES);

// Table `hardware_alerts`, append-only: an alert opening or closing.
struct HardwareAlertRecord {
  TimePoint ts{};
  std::string worker_id;
  std::optional<std::string> device_id;  // empty for the host
  std::string resource;                  // "gpu_temperature_celsius", "memory_used_bytes", ...
  std::string severity;                  // "warning", "critical"
  AlertState state = AlertState::kOpened;
  double value = 0.0;
  double threshold = 0.0;
  std::string message;
  friend bool operator==(const HardwareAlertRecord&, const HardwareAlertRecord&) = default;
};

// Which alerts to read; an empty field does not filter. Times inclusive.
struct AlertQuery {
  std::optional<std::string> worker_id{};
  std::optional<TimePoint> since{};
  std::optional<TimePoint> until{};
};

// Table `hardware_capabilities`: one device of one worker, key
// (worker_id, device_id). Mirrors core's DeviceProfile.
struct HardwareCapabilityRecord {
  std::string worker_id;
  std::string device_id;
  HardwareClass hardware_class = HardwareClass::kCpu;
  Architecture architecture = Architecture::kOther;
  Vendor vendor = Vendor::kOther;
  std::string model;
  Bytes memory_total_bytes = 0;
  std::uint32_t compute_units = 0;
  std::optional<std::string> compute_capability;  // "8.0"
  BackendSet backends;
  PrecisionSet precisions;
  FeatureSet features;
  std::optional<double> tdp_watts;
  TimePoint updated_at{};
  friend bool operator==(const HardwareCapabilityRecord&,
                         const HardwareCapabilityRecord&) = default;
};

// The capability row for one detected device.
HardwareCapabilityRecord CapabilityFromDevice(const std::string& worker_id,
                                              const DeviceProfile& device, TimePoint updated_at);

// Table `worker_hardware`: one row per worker, key worker_id.
struct WorkerHardwareRecord {
  std::string worker_id;
  std::string hostname;
  std::string os;
  std::string fingerprint;
  TimePoint registered_at{};
  std::string labels_json = "{}";
  friend bool operator==(const WorkerHardwareRecord&, const WorkerHardwareRecord&) = default;
};

// Table `performance_history`: runtime statistics of one kind of task on one
// device model, key (task_kind, device_model).
struct PerformanceRecord {
  std::string task_kind;
  std::string device_model;
  std::uint64_t samples = 0;
  double mean_runtime_ms = 0.0;
  double stddev_runtime_ms = 0.0;
  TimePoint updated_at{};
  friend bool operator==(const PerformanceRecord&, const PerformanceRecord&) = default;
};

}  // namespace hawk
