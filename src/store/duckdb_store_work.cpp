// DuckDbStore: workloads, tasks, attempts and test results.
#include <string>

#include "store/duckdb_store.h"
#include "store/duckdb_store_state.h"

namespace hawk {
namespace {

using duck::Row;

constexpr std::string_view kWorkloadColumns =
    "id, name, spec_json, status, submitted_at, finished_at";

Result<WorkloadRecord> ReadWorkload(const Row& row) {
  WorkloadRecord w;
  w.id = row.Text(0).value_or("");
  w.name = row.Text(1).value_or("");
  w.spec_json = row.Text(2).value_or("");
  w.status = row.Text(3).value_or("");
  w.submitted_at = row.Time(4).value_or(TimePoint{});
  w.finished_at = row.Time(5);
  return w;
}

Result<TaskRecord> ReadTask(const Row& row) {
  TaskRecord t;
  t.workload_id = row.Text(0).value_or("");
  t.task_id = row.Text(1).value_or("");
  t.name = row.Text(2).value_or("");
  t.status = row.Text(3).value_or("");
  auto device_class = duck::ParseStored<HardwareClass>(row.Text(4), "tasks.device_class");
  if (!device_class) return tl::unexpected(device_class.error());
  t.device_class = *device_class;
  t.priority = static_cast<std::int32_t>(row.Int(5).value_or(0));
  t.critical = row.Bool(6).value_or(false);
  auto criticality = duck::ParseStored<Criticality>(row.Text(7), "tasks.criticality");
  if (!criticality) return tl::unexpected(criticality.error());
  t.criticality = *criticality;
  t.depends_on = row.TextList(8);
  t.estimated_duration_ms = row.Int(9);
  return t;
}

// The last column, throttled_ms, is NULL at schema v1 (see AttemptColumns).
Result<AttemptRecord> ReadAttempt(const Row& row) {
  AttemptRecord a;
  a.attempt_id = row.Text(0).value_or("");
  a.workload_id = row.Text(1).value_or("");
  a.task_id = row.Text(2).value_or("");
  a.attempt_number = static_cast<std::uint32_t>(row.UInt(3).value_or(0));
  a.worker_id = row.Text(4);
  a.devices = row.TextList(5);
  a.status = row.Text(6).value_or("");
  if (auto v = row.Int(7)) a.exit_code = static_cast<std::int32_t>(*v);
  if (auto v = row.Int(8)) a.signal = static_cast<std::int32_t>(*v);
  a.failure_kind = row.Text(9);
  a.message = row.Text(10);
  a.queued_at = row.Time(11).value_or(TimePoint{});
  a.started_at = row.Time(12);
  a.finished_at = row.Time(13);
  a.throttled_ms = row.Int(14);
  return a;
}

std::string AttemptColumns(int schema_version) {
  return std::string(
             "attempt_id, workload_id, task_id, attempt_number, worker_id, devices, status, "
             "exit_code, signal, failure_kind, message, queued_at, started_at, finished_at, ") +
         (schema_version >= 2 ? "throttled_ms" : "CAST(NULL AS BIGINT) AS throttled_ms");
}

Result<TestResultRecord> ReadTestResult(const Row& row) {
  TestResultRecord r;
  r.workload_id = row.Text(0).value_or("");
  r.task_id = row.Text(1).value_or("");
  r.attempt_id = row.Text(2).value_or("");
  r.suite = row.Text(3).value_or("");
  r.name = row.Text(4).value_or("");
  r.status = row.Text(5).value_or("");
  r.duration_ms = row.Int(6);
  r.message = row.Text(7);
  return r;
}

// The rows of `tasks`, inserted or, with `replace`, inserted or replaced,
// inside the caller's transaction.
Status InsertTasks(duck::StoreState& state, std::span<const TaskRecord> tasks, bool replace) {
  const std::string head =
      std::string(replace ? "INSERT OR REPLACE" : "INSERT") +
      " INTO tasks (workload_id, task_id, name, status, device_class, priority, critical, "
      "criticality, depends_on, estimated_duration_ms) VALUES ";
  return duck::InsertRows(state, head, 10, tasks, "write tasks",
                          [](duck::Statement& s, idx_t first, const TaskRecord& t) {
                            return s.BindFrom(first, t.workload_id, t.task_id, t.name, t.status,
                                              ToString(t.device_class), t.priority, t.critical,
                                              ToString(t.criticality), t.depends_on,
                                              t.estimated_duration_ms);
                          });
}

// The same for `attempts`, at schema v2 and later.
Status InsertAttempts(duck::StoreState& state, std::span<const AttemptRecord> attempts,
                      bool replace) {
  const std::string head =
      std::string(replace ? "INSERT OR REPLACE" : "INSERT") +
      " INTO attempts (attempt_id, workload_id, task_id, attempt_number, worker_id, devices, "
      "status, exit_code, signal, failure_kind, message, queued_at, started_at, finished_at, "
      "throttled_ms) VALUES ";
  return duck::InsertRows(
      state, head, 15, attempts, "write attempts",
      [](duck::Statement& s, idx_t first, const AttemptRecord& a) {
        return s.BindFrom(first, a.attempt_id, a.workload_id, a.task_id, a.attempt_number,
                          a.worker_id, a.devices, a.status, a.exit_code, a.signal, a.failure_kind,
                          a.message, a.queued_at, a.started_at, a.finished_at, a.throttled_ms);
      });
}

}  // namespace

Status DuckDbStore::UpsertWorkload(const WorkloadRecord& w) {
  return duck::ExecWrite(*state_,
                         "INSERT OR REPLACE INTO workloads (id, name, spec_json, status, "
                         "submitted_at, finished_at) VALUES ($1, $2, $3, $4, $5, $6)",
                         "upsert workload", w.id, w.name, w.spec_json, w.status, w.submitted_at,
                         w.finished_at);
}

Result<WorkloadRecord> DuckDbStore::GetWorkload(std::string_view id) {
  static const std::string sql =
      "SELECT " + std::string(kWorkloadColumns) + " FROM workloads WHERE id = $1";
  return duck::QueryOne<WorkloadRecord>(*state_, sql, "workloads", id, &ReadWorkload, id);
}

Result<std::vector<WorkloadRecord>> DuckDbStore::ListWorkloads() {
  static const std::string sql =
      "SELECT " + std::string(kWorkloadColumns) + " FROM workloads ORDER BY submitted_at, id";
  return duck::QueryAll<WorkloadRecord>(*state_, sql, "list workloads", &ReadWorkload);
}

Status DuckDbStore::UpsertTask(const TaskRecord& t) {
  return duck::ExecWrite(
      *state_,
      "INSERT OR REPLACE INTO tasks (workload_id, task_id, name, status, device_class, priority, "
      "critical, criticality, depends_on, estimated_duration_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
      "upsert task", t.workload_id, t.task_id, t.name, t.status, ToString(t.device_class),
      t.priority, t.critical, ToString(t.criticality), t.depends_on, t.estimated_duration_ms);
}

Status DuckDbStore::UpsertTasks(std::span<const TaskRecord> tasks) {
  if (tasks.empty()) return Ok();
  return duck::InTransaction(*state_, "upsert tasks",
                             [&] { return InsertTasks(*state_, tasks, /*replace=*/true); });
}

Result<std::vector<TaskRecord>> DuckDbStore::ListTasks(std::string_view workload_id) {
  return duck::QueryAll<TaskRecord>(
      *state_,
      "SELECT workload_id, task_id, name, status, device_class, priority, critical, criticality, "
      "depends_on, estimated_duration_ms FROM tasks WHERE workload_id = $1 ORDER BY task_id",
      "list tasks", &ReadTask, workload_id);
}

Status DuckDbStore::UpsertAttempt(const AttemptRecord& a) {
  static constexpr std::string_view kV1Sql =
      "INSERT OR REPLACE INTO attempts (attempt_id, workload_id, task_id, attempt_number, "
      "worker_id, devices, status, exit_code, signal, failure_kind, message, queued_at, "
      "started_at, finished_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
  static constexpr std::string_view kV2Sql =
      "INSERT OR REPLACE INTO attempts (attempt_id, workload_id, task_id, attempt_number, "
      "worker_id, devices, status, exit_code, signal, failure_kind, message, queued_at, "
      "started_at, finished_at, throttled_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
  if (state_->schema_version < 2) {
    if (a.throttled_ms) {
      if (auto ok = state_->RequireVersion(2, "attempts.throttled_ms"); !ok) return ok;
    }
    return duck::ExecWrite(*state_, kV1Sql, "upsert attempt", a.attempt_id, a.workload_id,
                           a.task_id, a.attempt_number, a.worker_id, a.devices, a.status,
                           a.exit_code, a.signal, a.failure_kind, a.message, a.queued_at,
                           a.started_at, a.finished_at);
  }
  return duck::ExecWrite(*state_, kV2Sql, "upsert attempt", a.attempt_id, a.workload_id, a.task_id,
                         a.attempt_number, a.worker_id, a.devices, a.status, a.exit_code, a.signal,
                         a.failure_kind, a.message, a.queued_at, a.started_at, a.finished_at,
                         a.throttled_ms);
}

Status DuckDbStore::UpsertAttempts(std::span<const AttemptRecord> attempts) {
  if (state_->schema_version < 2) {  // rare (an old file opened as it is): one by one
    return duck::WriteEach(*state_, attempts, "upsert attempts",
                           [this](const AttemptRecord& a) { return UpsertAttempt(a); });
  }
  if (attempts.empty()) return Ok();
  return duck::InTransaction(*state_, "upsert attempts",
                             [&] { return InsertAttempts(*state_, attempts, /*replace=*/true); });
}

Status DuckDbStore::ReplaceWorkloadRows(const WorkloadRows& rows) {
  const WorkloadRecord& w = rows.workload;
  if (state_->schema_version < 4) {  // rare (an old file opened as it is): upserts
    return UpsertWorkload(w)
        .and_then([&] { return UpsertTasks(rows.tasks); })
        .and_then([&] { return UpsertAttempts(rows.attempts); })
        .and_then([&] { return UpsertTaskUsages(rows.usages); });
  }
  // DuckDB plans an INSERT OR REPLACE for milliseconds (store_bench,
  // BM_ReplaceWorkloadRows); deleting the workload's rows by key and
  // inserting them again costs a fraction of that.
  return duck::InTransaction(*state_, "write workload rows", [&]() -> Status {
    for (const std::string_view sql : {
             "DELETE FROM task_resource_usage WHERE workload_id = $1",
             "DELETE FROM attempts WHERE workload_id = $1",
             "DELETE FROM tasks WHERE workload_id = $1",
             "DELETE FROM workloads WHERE id = $1",
         }) {
      if (Status deleted = duck::ExecWrite(*state_, sql, "write workload rows", w.id); !deleted) {
        return deleted;
      }
    }
    return duck::ExecWrite(*state_,
                           "INSERT INTO workloads (id, name, spec_json, status, submitted_at, "
                           "finished_at) VALUES ($1, $2, $3, $4, $5, $6)",
                           "write workload rows", w.id, w.name, w.spec_json, w.status,
                           w.submitted_at, w.finished_at)
        .and_then([&] { return InsertTasks(*state_, rows.tasks, /*replace=*/false); })
        .and_then([&] { return InsertAttempts(*state_, rows.attempts, /*replace=*/false); })
        .and_then([&] { return duck::InsertTaskUsages(*state_, rows.usages, /*replace=*/false); });
  });
}

Result<AttemptRecord> DuckDbStore::GetAttempt(std::string_view attempt_id) {
  const std::string sql =
      "SELECT " + AttemptColumns(state_->schema_version) + " FROM attempts WHERE attempt_id = $1";
  return duck::QueryOne<AttemptRecord>(*state_, sql, "attempts", attempt_id, &ReadAttempt,
                                       attempt_id);
}

Result<std::vector<AttemptRecord>> DuckDbStore::ListAttempts(std::string_view workload_id) {
  const std::string sql = "SELECT " + AttemptColumns(state_->schema_version) +
                          " FROM attempts WHERE workload_id = $1 ORDER BY queued_at, attempt_id";
  return duck::QueryAll<AttemptRecord>(*state_, sql, "list attempts", &ReadAttempt, workload_id);
}

Status DuckDbStore::AppendTestResults(std::span<const TestResultRecord> results) {
  if (auto ok = state_->RequireVersion(2, "test results"); !ok) return ok;
  if (results.empty()) return Ok();
  if (auto begun = state_->conn.Exec("BEGIN TRANSACTION", "append test results"); !begun) {
    return begun;
  }
  for (const TestResultRecord& r : results) {
    auto status = duck::ExecWrite(
        *state_,
        "INSERT INTO test_results (workload_id, task_id, attempt_id, suite, name, status, "
        "duration_ms, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        "append test results", r.workload_id, r.task_id, r.attempt_id, r.suite, r.name, r.status,
        r.duration_ms, r.message);
    if (!status) {
      (void)state_->conn.Exec("ROLLBACK", "roll back test results");  // report the first error
      return status;
    }
  }
  return state_->conn.Exec("COMMIT", "append test results");
}

Result<std::vector<TestResultRecord>> DuckDbStore::ListTestResults(std::string_view workload_id) {
  if (auto ok = state_->RequireVersion(2, "test results"); !ok) return tl::unexpected(ok.error());
  return duck::QueryAll<TestResultRecord>(
      *state_,
      "SELECT workload_id, task_id, attempt_id, suite, name, status, duration_ms, message "
      "FROM test_results WHERE workload_id = $1 ORDER BY rowid",
      "list test results", &ReadTestResult, workload_id);
}

}  // namespace hawk
