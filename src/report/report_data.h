// ReportData: everything a report shows about one workload or all of them,
// computed once from the store's rows. Every renderer (JSON, HTML, SVG charts,
// JUnit, badge) is a pure function of this struct, so renderers are tested
// without a database and every output of one report agrees with the others.
//
// Building is deterministic: rows are sorted by their ids and times, and no
// value depends on the wall clock (times come from the stored rows only).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/enum_names.h"
#include "core/result.h"
#include "core/taxonomy.h"
#include "report/test_merge.h"
#include "store/records.h"
#include "store/store.h"

namespace hawk::report {

// Load classes of a utilization ratio (0..1): warning from 75 %, critical
// from 90 %.
#define HAWK_LOAD_CLASSES(X) X(kNormal, "normal") X(kWarning, "warning") X(kCritical, "critical")
HAWK_ENUM(LoadClass, "load class", HAWK_LOAD_CLASSES);
constexpr double kWarningRatio = 0.75;
constexpr double kCriticalRatio = 0.90;
LoadClass ClassifyLoad(double ratio);

// Average and peak of a series of samples; absent when there were none.
struct SampleStats {
  std::size_t samples = 0;
  double avg = 0.0;
  double peak = 0.0;
};

// One device (or a worker's host, device_id empty) with its metrics over the
// report's time window and the attempts it ran.
struct DeviceRow {
  std::string worker_id;
  std::string device_id;
  std::string model;                            // empty when unknown
  std::optional<HardwareClass> hardware_class;  // absent for the host
  std::optional<SampleStats> utilization_ratio;
  std::optional<SampleStats> temperature_celsius;
  std::uint32_t attempts = 0;
  std::int64_t busy_ms = 0;       // sum of its attempts' run times
  std::int64_t throttled_ms = 0;  // sum of its attempts' throttled time
};

// One worker. Its utilization at a time is the mean of all its utilization
// samples (metrics ending in "utilization_ratio", host and devices) at that time.
struct WorkerRow {
  std::string worker_id;
  std::string hostname;
  std::string os;
  std::uint32_t devices = 0;
  std::optional<SampleStats> utilization_ratio;
  std::uint32_t attempts = 0;
  std::uint32_t failed_attempts = 0;
};

struct SeriesPoint {
  TimePoint ts{};
  double value = 0.0;
};

// A worker's utilization over time, averaged into at most kMaxSeriesPoints
// equal time buckets.
constexpr std::size_t kMaxSeriesPoints = 120;
struct WorkerSeries {
  std::string worker_id;
  std::vector<SeriesPoint> utilization_ratio;
};

// Device × time: the hottest temperature_celsius sample of each device in
// each of kThermalBuckets equal buckets; absent where a device has none.
constexpr std::size_t kThermalBuckets = 60;
struct ThermalRow {
  std::string worker_id;
  std::string device_id;
  std::vector<std::optional<double>> max_celsius;
};
struct ThermalGrid {
  TimePoint start{};
  std::int64_t bucket_ms = 0;
  std::vector<ThermalRow> rows;  // by worker_id, device_id
};

struct AttemptRow {
  AttemptRecord record;
  std::optional<std::int64_t> queue_ms;  // queued -> started
  std::optional<std::int64_t> run_ms;    // started -> finished
  std::optional<std::string> placement;  // why the scheduler chose it (dispatch event)
};

struct TaskRow {
  TaskRecord record;
  std::uint32_t attempts = 0;
  // Run time of the last finished attempt, the one that decided the task.
  std::optional<std::int64_t> actual_duration_ms;
  bool retried = false;  // more than one attempt
};

struct WorkloadRow {
  WorkloadRecord record;
  std::map<std::string, std::uint32_t> tasks_by_status;
  std::optional<std::int64_t> makespan_ms;  // submitted -> finished
  std::vector<std::string> critical_path;   // task ids marked critical, in task order
};

// A failed attempt and what was done about it.
struct FailureRow {
  std::string workload_id;
  std::string task_id;
  std::string attempt_id;
  std::uint32_t attempt_number = 1;
  std::optional<std::string> worker_id;
  std::vector<std::string> devices;
  std::string failure_kind;  // "unknown" when not recorded
  std::string message;
  std::optional<TimePoint> at;
  std::optional<std::string> recovery;  // the recovery event that followed
};

// An event worth listing: a recovery action, a quarantine, a lost worker, a
// pending explanation.
struct EventNote {
  TimePoint ts{};
  std::string type;
  std::optional<std::string> workload_id;
  std::string subject;  // task, worker or device
  std::string text;
};

struct DurationStats {
  std::size_t count = 0;
  std::int64_t p50_ms = 0;
  std::int64_t p95_ms = 0;
  std::int64_t max_ms = 0;
  std::int64_t total_ms = 0;
};

struct WorkloadPerformance {
  std::string workload_id;
  std::uint32_t attempts = 0;
  std::optional<DurationStats> queue;
  std::optional<DurationStats> run;
  std::int64_t throttled_ms = 0;
  std::optional<std::int64_t> makespan_ms;
};

// Mean run time of the successful attempts on one device.
struct DeviceSpeed {
  std::string worker_id;
  std::string device_id;
  std::string model;
  std::uint32_t attempts = 0;
  double mean_run_ms = 0.0;
  std::int64_t throttled_ms = 0;
};
constexpr std::size_t kSlowestDevices = 10;

struct Summary {
  std::uint32_t workloads = 0;
  std::uint32_t tasks = 0;
  std::uint32_t attempts = 0;
  std::uint32_t failed_attempts = 0;
  std::uint32_t retried_tasks = 0;
  std::uint32_t workers = 0;
  std::uint32_t devices = 0;
  std::uint32_t alerts = 0;
  std::map<std::string, std::uint32_t> tasks_by_status;
  std::map<std::string, std::uint32_t> attempts_by_status;
  std::optional<TimePoint> started_at;   // first submission in the report
  std::optional<TimePoint> finished_at;  // last finish in the report
};

struct ReportData {
  std::optional<std::string> workload_filter;  // set for --workload ID
  Summary summary;
  std::vector<WorkloadRow> workloads;            // by submitted_at, id
  std::vector<TaskRow> tasks;                    // by workload (in workload order), task_id
  std::vector<AttemptRow> attempts;              // by workload, queued_at, attempt_id
  std::vector<WorkerRow> workers;                // by worker_id
  std::vector<DeviceRow> devices;                // by worker_id, device_id (host first)
  std::vector<TaskUsageRecord> task_usage;       // by workload, attempt_id
  std::vector<HardwareAlertRecord> alerts;       // by ts, worker_id
  std::vector<FailureRow> failures;              // by time
  std::vector<EventNote> recovery_actions;       // by seq
  std::vector<EventNote> pending_explanations;   // by seq
  std::vector<WorkloadPerformance> performance;  // one per workload
  std::vector<DeviceSpeed> slowest_devices;      // slowest first, at most kSlowestDevices
  std::vector<PerformanceRecord> performance_history;
  std::vector<WorkerSeries> utilization_series;  // by worker_id
  ThermalGrid thermal;
  // Test cases from the tasks' JUnit files, merged across shards and
  // attempts (test_merge.h); empty when no task wrote any.
  std::vector<MergedTest> tests;  // by workload (in workload order), task, suite, name
  TestCounts test_counts;
};

// The rows a report is built from, as read from a store.
struct ReportSource {
  std::optional<std::string> workload_filter;
  std::vector<WorkloadRecord> workloads;
  std::vector<TaskRecord> tasks;
  std::vector<AttemptRecord> attempts;
  std::vector<TaskUsageRecord> task_usage;
  std::vector<EventRecord> events;
  std::vector<UtilizationSample> utilization;
  std::vector<HardwareAlertRecord> alerts;
  std::vector<WorkerHardwareRecord> workers;
  std::vector<HardwareCapabilityRecord> devices;
  std::vector<PerformanceRecord> performance;
  std::vector<TestResultRecord> test_results;
};

// Reads every row a report of `workload_id` (all workloads when absent)
// needs. With a workload, utilization and alerts are limited to its time
// window and events to those about it, its attempts, or the workers it used.
// Errors: kInvalidArgument for an unknown workload (the hint lists the known
// ones); store errors as they come.
Result<ReportSource> ReadReportSource(Store& store, const std::optional<std::string>& workload_id);

// Pure: computes the report from its rows.
ReportData BuildReportData(const ReportSource& source);

// ReadReportSource + BuildReportData.
Result<ReportData> LoadReportData(Store& store, const std::optional<std::string>& workload_id);

}  // namespace hawk::report
