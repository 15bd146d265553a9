// Helpers shared by the store tests: a temporary folder removed on exit,
// sample records, and raw SQL on a closed hawk database file.
#pragma once

#include <duckdb.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/records.h"

namespace hawk::testing_store {

// A fresh folder under the test temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "hawk_store_XXXXXX";
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed for " << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] std::string File(const std::string& name) const { return (path_ / name).string(); }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs SQL on a database file that no store holds open; returns the first
// column of every row as text ("NULL" for NULL), or the error message. The
// column must be VARCHAR: cast it in the query.
inline std::vector<std::string> RawSql(const std::string& path, const std::string& sql) {
  std::vector<std::string> out;
  duckdb_database db = nullptr;
  duckdb_connection conn = nullptr;
  if (duckdb_open(path.c_str(), &db) == DuckDBError) return {"open failed"};
  if (duckdb_connect(db, &conn) == DuckDBError) {
    duckdb_close(&db);
    return {"connect failed"};
  }
  duckdb_result result;
  if (duckdb_query(conn, sql.c_str(), &result) == DuckDBError) {
    out.push_back(std::string("error: ") + duckdb_result_error(&result));
  } else if (duckdb_column_type(&result, 0) != DUCKDB_TYPE_VARCHAR) {
    out.emplace_back("error: the first column is not VARCHAR");
  } else {
    while (duckdb_data_chunk chunk = duckdb_fetch_chunk(result)) {
      duckdb_vector column = duckdb_data_chunk_get_vector(chunk, 0);
      auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(column));
      std::uint64_t* validity = duckdb_vector_get_validity(column);
      for (idx_t row = 0; row < duckdb_data_chunk_get_size(chunk); ++row) {
        if (validity != nullptr && !duckdb_validity_row_is_valid(validity, row)) {
          out.emplace_back("NULL");
        } else {
          out.emplace_back(duckdb_string_t_data(&strings[row]),
                           duckdb_string_t_length(strings[row]));
        }
      }
      duckdb_destroy_data_chunk(&chunk);
    }
  }
  duckdb_destroy_result(&result);
  duckdb_disconnect(&conn);
  duckdb_close(&db);
  return out;
}

// Runs a statement that returns no text (DDL, INSERT, UPDATE); returns its
// error message, empty on success.
inline std::string RawExec(const std::string& path, const std::string& sql) {
  duckdb_database db = nullptr;
  duckdb_connection conn = nullptr;
  std::string error;
  if (duckdb_open(path.c_str(), &db) == DuckDBError) return "open failed";
  if (duckdb_connect(db, &conn) == DuckDBSuccess) {
    duckdb_result result;
    if (duckdb_query(conn, sql.c_str(), &result) == DuckDBError) {
      error = duckdb_result_error(&result);
    }
    duckdb_destroy_result(&result);
    duckdb_disconnect(&conn);
  } else {
    error = "connect failed";
  }
  duckdb_close(&db);
  return error;
}

inline TimePoint At(std::int64_t unix_ms) {
  return FromUnixMillis(unix_ms);
}

// 2026-11-26T10:14:07.123Z and onwards.
constexpr std::int64_t kT0 = 1795688047123;

inline WorkloadRecord SampleWorkload(const std::string& id = "wl-1") {
  return WorkloadRecord{id,        "nightly-tests", R"({"name":"nightly-tests"})",
                        "running", At(kT0),         std::nullopt};
}

inline TaskRecord SampleTask(const std::string& task_id = "build") {
  TaskRecord t;
  t.workload_id = "wl-1";
  t.task_id = task_id;
  t.name = "Build " + task_id;
  t.status = "running";
  t.device_class = HardwareClass::kGpu;
  t.priority = 7;
  t.critical = true;
  t.criticality = Criticality::kHigh;
  t.depends_on = {"fetch", "configure"};
  t.estimated_duration_ms = 90'000;
  return t;
}

inline AttemptRecord SampleAttempt(const std::string& attempt_id = "att-1") {
  AttemptRecord a;
  a.attempt_id = attempt_id;
  a.workload_id = "wl-1";
  a.task_id = "build";
  a.attempt_number = 2;
  a.worker_id = "worker-a";
  a.devices = {"gpu0", "gpu1"};
  a.status = "failed";
  a.exit_code = 137;
  a.signal = 9;
  a.failure_kind = "oom";
  a.message = "killed by the kernel";
  a.queued_at = At(kT0);
  a.started_at = At(kT0 + 1'500);
  a.finished_at = At(kT0 + 61'500);
  return a;
}

inline EventRecord SampleEvent(const std::string& type, std::int64_t offset_ms) {
  EventRecord e;
  e.ts = At(kT0 + offset_ms);
  e.type = type;
  e.workload_id = "wl-1";
  e.payload_json = R"({"n":)" + std::to_string(offset_ms) + "}";
  return e;
}

}  // namespace hawk::testing_store
