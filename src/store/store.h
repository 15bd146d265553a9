// The Store: where hawk keeps workloads, tasks, attempts, the event log,
// resource metrics, alerts and hardware facts (DESIGN.md §4). DuckDbStore
// (store/duckdb_store.h) is the implementation; tests of other modules may
// provide their own.
//
// Contract for every implementation:
// - Errors are values: nothing here throws. A missing row is kNotFound.
// - Upsert* (insert or replace by the record's key), AppendAlert and
//   AppendTestResults are committed when they return. The span forms of
//   Upsert* write every record in one transaction, all or nothing: use them
//   for many rows (one commit instead of one per row).
// - Bulk writes (AppendEvent, AppendUtilization) are buffered and written by
//   Flush(): call it once per tick, never per row. Every read method flushes
//   first, so a read always sees everything appended before it.
// - Text must be UTF-8; other text is refused with kInvalidArgument and the
//   record is not written (a refused utilization batch is refused whole).
// - Not thread-safe: one owner uses a Store at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/records.h"

namespace hawk {

class Store {
 public:
  virtual ~Store() = default;

  // The schema version of the open database.
  [[nodiscard]] virtual int SchemaVersion() const = 0;
  // Writes every buffered append. On error the rows buffered since the last
  // successful flush are discarded (the error says so); later appends work.
  virtual Status Flush() = 0;

  // Workloads, tasks, attempts.
  virtual Status UpsertWorkload(const WorkloadRecord& workload) = 0;
  virtual Result<WorkloadRecord> GetWorkload(std::string_view id) = 0;
  virtual Result<std::vector<WorkloadRecord>> ListWorkloads() = 0;  // by submitted_at, id
  virtual Status UpsertTask(const TaskRecord& task) = 0;
  virtual Status UpsertTasks(std::span<const TaskRecord> tasks) = 0;
  virtual Result<std::vector<TaskRecord>> ListTasks(std::string_view workload_id) = 0;  // by id
  virtual Status UpsertAttempt(const AttemptRecord& attempt) = 0;
  virtual Status UpsertAttempts(std::span<const AttemptRecord> attempts) = 0;
  virtual Result<AttemptRecord> GetAttempt(std::string_view attempt_id) = 0;
  // By queued_at, attempt_id.
  virtual Result<std::vector<AttemptRecord>> ListAttempts(std::string_view workload_id) = 0;
  // The workload's rows in `workload`, `tasks`, `attempts` and
  // `task_resource_usage` become `rows`, in one transaction: rows of the
  // workload that `rows` lacks are removed. For a writer that keeps a
  // workload's whole picture (the coordinator), one commit per workload.
  virtual Status ReplaceWorkloadRows(const WorkloadRows& rows) = 0;

  // Test cases (schema v2 and later), written at once, read in append order.
  virtual Status AppendTestResults(std::span<const TestResultRecord> results) = 0;
  virtual Result<std::vector<TestResultRecord>> ListTestResults(std::string_view workload_id) = 0;

  // The event log. AppendEvent ignores event.seq, buffers the event and
  // returns the sequence number it was given. LoadEvents returns events with
  // seq > after_seq in seq order, at most max_count of them (all when empty).
  virtual Result<std::int64_t> AppendEvent(const EventRecord& event) = 0;
  virtual Result<std::vector<EventRecord>> LoadEvents(std::int64_t after_seq,
                                                      std::optional<std::size_t> max_count) = 0;
  // The highest seq handed out so far; 0 for an empty log.
  [[nodiscard]] virtual std::int64_t LastEventSeq() const = 0;

  // Resource metrics, buffered until Flush(). Read back by ts, worker_id,
  // device_id (host first), metric.
  virtual Status AppendUtilization(std::span<const UtilizationSample> samples) = 0;
  virtual Result<std::vector<UtilizationSample>> ListUtilization(const UtilizationQuery& query) = 0;

  // Per-attempt resource usage; by attempt_id.
  virtual Status UpsertTaskUsage(const TaskUsageRecord& usage) = 0;
  virtual Status UpsertTaskUsages(std::span<const TaskUsageRecord> usages) = 0;
  virtual Result<std::vector<TaskUsageRecord>> ListTaskUsage(std::string_view workload_id) = 0;

  // Hardware alerts, append-only; read by ts, worker_id.
  virtual Status AppendAlert(const HardwareAlertRecord& alert) = 0;
  virtual Result<std::vector<HardwareAlertRecord>> ListAlerts(const AlertQuery& query) = 0;

  // Hardware facts. ListCapabilities(std::nullopt) lists every worker's.
  virtual Status UpsertCapability(const HardwareCapabilityRecord& capability) = 0;
  virtual Result<std::vector<HardwareCapabilityRecord>> ListCapabilities(
      const std::optional<std::string>& worker_id) = 0;  // by worker_id, device_id
  virtual Status UpsertWorkerHardware(const WorkerHardwareRecord& worker) = 0;
  virtual Result<WorkerHardwareRecord> GetWorkerHardware(std::string_view worker_id) = 0;
  virtual Result<std::vector<WorkerHardwareRecord>> ListWorkerHardware() = 0;  // by worker_id

  // Runtime statistics per (task_kind, device_model).
  virtual Status UpsertPerformance(const PerformanceRecord& performance) = 0;
  virtual Result<std::vector<PerformanceRecord>> ListPerformance() = 0;
};

}  // namespace hawk
