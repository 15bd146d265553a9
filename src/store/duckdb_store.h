// DuckDbStore: the Store on an embedded DuckDB database (DESIGN.md §4), a
// file such as hawk.duckdb or ":memory:" for tests.
//
// Opening a database runs the numbered migrations (store/migrations.h) that
// it lacks, all in one transaction: the database is either fully migrated or
// left as it was. A database whose schema is newer than this binary knows is
// refused (kInvalidArgument, hint: upgrade hawk).
//
// Bulk writes (AppendEvent, AppendUtilization) go through DuckDB Appenders,
// one per table, fed whole data chunks: rows are buffered in memory and
// Flush() writes each table's rows in one transaction, once per tick (DuckDB
// itself writes early once some 200k rows of a table are buffered). Every
// read method flushes first, so reads see all appended rows. The destructor
// writes rows still buffered, best effort; call Flush() to see its errors.
//
// Not thread-safe: one owner uses a DuckDbStore at a time. A file can be open
// in one process only; a second process gets kBusy.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "store/store.h"

namespace hawk {

namespace duck {
struct StoreState;
}

struct DuckDbOpenOptions {
  // Migrate no further than this schema version (1 to the latest); empty
  // means the latest. A database already past it is opened as it is.
  std::optional<int> target_version{};
  // Stamps hawk_schema.applied_at; nullptr means the system clock. Not owned;
  // used only while Open runs.
  const Clock* clock = nullptr;
  // DuckDB's worker threads; empty: one per core. A writer of many small
  // transactions (the coordinator) runs faster with 1: each statement then
  // runs on the calling thread, with no hand-off to idle workers.
  std::optional<int> threads{};
};

class DuckDbStore final : public Store {
 public:
  using OpenOptions = DuckDbOpenOptions;
  static constexpr const char* kInMemory = ":memory:";

  // Opens or creates the database at `path` (":memory:" for an in-memory one)
  // and migrates it. Errors: kInvalidArgument for a bad target_version or a
  // schema newer than this binary; kIo when the folder does not exist or the
  // path is a folder; kBusy when another process has the file open; kCorrupt
  // when the file is not a hawk database.
  static Result<std::unique_ptr<DuckDbStore>> Open(const std::string& path,
                                                   const OpenOptions& options = {});

  ~DuckDbStore() override;
  DuckDbStore(const DuckDbStore&) = delete;
  DuckDbStore& operator=(const DuckDbStore&) = delete;

  [[nodiscard]] int SchemaVersion() const override;
  Status Flush() override;

  Status UpsertWorkload(const WorkloadRecord& workload) override;
  Result<WorkloadRecord> GetWorkload(std::string_view id) override;
  Result<std::vector<WorkloadRecord>> ListWorkloads() override;
  Status UpsertTask(const TaskRecord& task) override;
  Status UpsertTasks(std::span<const TaskRecord> tasks) override;
  Result<std::vector<TaskRecord>> ListTasks(std::string_view workload_id) override;
  // At schema v1 a record with throttled_ms set is refused (kUnavailable).
  Status UpsertAttempt(const AttemptRecord& attempt) override;
  Status UpsertAttempts(std::span<const AttemptRecord> attempts) override;
  Result<AttemptRecord> GetAttempt(std::string_view attempt_id) override;
  Result<std::vector<AttemptRecord>> ListAttempts(std::string_view workload_id) override;
  Status ReplaceWorkloadRows(const WorkloadRows& rows) override;

  // kUnavailable at schema v1.
  Status AppendTestResults(std::span<const TestResultRecord> results) override;
  Result<std::vector<TestResultRecord>> ListTestResults(std::string_view workload_id) override;

  // Sequence numbers increase strictly in append order and continue across
  // reopening; events discarded by a failed Flush leave a gap.
  Result<std::int64_t> AppendEvent(const EventRecord& event) override;
  Result<std::vector<EventRecord>> LoadEvents(std::int64_t after_seq,
                                              std::optional<std::size_t> max_count) override;
  [[nodiscard]] std::int64_t LastEventSeq() const override;

  Status AppendUtilization(std::span<const UtilizationSample> samples) override;
  Result<std::vector<UtilizationSample>> ListUtilization(const UtilizationQuery& query) override;

  // Before schema v4 a record with source set is refused (kUnavailable).
  Status UpsertTaskUsage(const TaskUsageRecord& usage) override;
  Status UpsertTaskUsages(std::span<const TaskUsageRecord> usages) override;
  Result<std::vector<TaskUsageRecord>> ListTaskUsage(std::string_view workload_id) override;

  Status AppendAlert(const HardwareAlertRecord& alert) override;
  Result<std::vector<HardwareAlertRecord>> ListAlerts(const AlertQuery& query) override;

  Status UpsertCapability(const HardwareCapabilityRecord& capability) override;
  Result<std::vector<HardwareCapabilityRecord>> ListCapabilities(
      const std::optional<std::string>& worker_id) override;
  Status UpsertWorkerHardware(const WorkerHardwareRecord& worker) override;
  Result<WorkerHardwareRecord> GetWorkerHardware(std::string_view worker_id) override;
  Result<std::vector<WorkerHardwareRecord>> ListWorkerHardware() override;

  Status UpsertPerformance(const PerformanceRecord& performance) override;
  Result<std::vector<PerformanceRecord>> ListPerformance() override;

 private:
  explicit DuckDbStore(std::unique_ptr<duck::StoreState> state);

  std::unique_ptr<duck::StoreState> state_;
};

}  // namespace hawk
