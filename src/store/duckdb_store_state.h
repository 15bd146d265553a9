// The state behind a DuckDbStore, shared by its .cpp files. Internal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/duckdb_api.h"
#include "store/duckdb_rows.h"
#include "store/records.h"
#include "store/utilization_series.h"

namespace hawk::duck {

// Members are declared so that they are destroyed in a safe order:
// appenders (which flush), statements, connection, database.
struct StoreState {
  std::string path;
  Database db;
  Connection conn;
  int schema_version = 0;
  std::int64_t last_event_seq = 0;
  std::map<std::string, Statement, std::less<>> statements;  // by SQL text
  // Events appended since the last flush, in order. A flush of up to
  // kEventsPerInsert (a scheduling round's few) writes them with one
  // multi-row INSERT: DuckDB plans a query at every appender flush, which
  // costs more than the rows themselves (BENCHMARKS.md, store_bench). More
  // (a replay's, a large workload's) go through the `events` appender.
  static constexpr std::size_t kEventsPerInsert = 16;
  std::vector<EventRecord> pending_events;
  std::unique_ptr<Appender> events;
  // Schema v3+: rows of `utilization_points`, ids from `series`. Before v3:
  // rows of the `resource_utilization` table, and no series.
  std::unique_ptr<Appender> utilization;
  std::unique_ptr<UtilizationSeries> series;
  std::vector<std::int64_t> series_ids;  // scratch for AppendUtilization

  // The prepared statement for `sql`, prepared on first use and kept.
  Result<Statement*> Prepare(std::string_view sql, std::string_view what);
  // Writes every appender's buffered rows (series before the points that
  // use them) and the pending events. On an error those rows are dropped.
  Status FlushAppends();
  Status FlushEvents();
  // kUnavailable unless the schema is at least `version`.
  Status RequireVersion(int version, std::string_view what) const;
};

template <typename T>
using RowReader = Result<T> (*)(const Row& row);

// Flushes pending appends, runs `sql` with `args` bound and reads one T per
// row with `read`.
template <typename T, typename... Args>
Result<std::vector<T>> QueryAll(StoreState& state, std::string_view sql, std::string_view what,
                                RowReader<T> read, const Args&... args) {
  if (auto flushed = state.FlushAppends(); !flushed) return tl::unexpected(flushed.error());
  auto stmt = state.Prepare(sql, what);
  if (!stmt) return tl::unexpected(stmt.error());
  if (auto bound = (*stmt)->Bind(args...); !bound) return tl::unexpected(bound.error());
  auto result = (*stmt)->Query();
  if (!result) return tl::unexpected(result.error());
  std::vector<T> out;
  auto status = ForEachRow(*result, [&](const Row& row) -> Status {
    auto item = read(row);
    if (!item) return tl::unexpected(item.error());
    out.push_back(std::move(*item));
    return Ok();
  });
  if (!status) return tl::unexpected(status.error());
  return out;
}

// QueryAll for a lookup by key: the first row, or kNotFound naming `table`.
template <typename T, typename... Args>
Result<T> QueryOne(StoreState& state, std::string_view sql, std::string_view table,
                   std::string_view key, RowReader<T> read, const Args&... args) {
  auto rows = QueryAll<T>(state, sql, std::string("read ") + std::string(table), read, args...);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "no row '" + std::string(key) + "' in " + std::string(table),
                     std::string(table));
  }
  return std::move(rows->front());
}

// Runs a write statement with `args` bound.
template <typename... Args>
Status ExecWrite(StoreState& state, std::string_view sql, std::string_view what,
                 const Args&... args) {
  auto stmt = state.Prepare(sql, what);
  if (!stmt) return tl::unexpected(stmt.error());
  if (auto bound = (*stmt)->Bind(args...); !bound) return bound;
  return (*stmt)->Exec();
}

// Runs `write()` in one transaction: committed when it succeeds, rolled
// back (and its error returned) when it fails.
template <typename Write>
Status InTransaction(StoreState& state, std::string_view what, Write write) {
  if (auto begun = state.conn.Exec("BEGIN TRANSACTION", what); !begun) return begun;
  if (Status written = write(); !written) {
    (void)state.conn.Exec("ROLLBACK", what);  // the first error is the one to report
    return written;
  }
  return state.conn.Exec("COMMIT", what);
}

// Runs `write` on every row in one transaction: all or nothing, the first
// error returned.
template <typename T, typename Write>
Status WriteEach(StoreState& state, std::span<const T> rows, std::string_view what, Write write) {
  if (rows.empty()) return Ok();
  return InTransaction(state, what, [&]() -> Status {
    for (const T& row : rows) {
      if (Status status = write(row); !status) return status;
    }
    return Ok();
  });
}

// "<head>($1, ..., $columns), ($columns+1, ...), ..." for `rows` rows.
std::string MultiRowSql(std::string_view head, std::size_t columns, std::size_t rows);

// Writes `rows` with `head` ("INSERT [OR REPLACE] INTO t (c1, ...) VALUES ")
// inside the caller's transaction; the first error is returned. `bind(
// statement, first, row)` binds one row's `columns` values from $first on.
// Rows go in statements of 128, 64, ... 1 rows: DuckDB spends milliseconds
// on each INSERT OR REPLACE statement whatever its size, so fewer, larger
// statements are faster, and the prepared forms are few and reused.
template <typename T, typename BindRow>
Status InsertRows(StoreState& state, std::string_view head, std::size_t columns,
                  std::span<const T> rows, std::string_view what, BindRow bind) {
  std::size_t done = 0;
  for (std::size_t size = 128; size > 0; size /= 2) {
    while (rows.size() - done >= size) {
      auto stmt = state.Prepare(MultiRowSql(head, columns, size), what);
      if (!stmt) return tl::unexpected(stmt.error());
      for (std::size_t i = 0; i < size; ++i) {
        if (auto bound = bind(**stmt, i * columns + 1, rows[done + i]); !bound) return bound;
      }
      if (auto ok = (*stmt)->Exec(); !ok) return ok;
      done += size;
    }
  }
  return Ok();
}

// The rows of table `task_resource_usage` (schema v4), inserted or, with
// `replace`, inserted or replaced, inside the caller's transaction.
Status InsertTaskUsages(StoreState& state, std::span<const TaskUsageRecord> usages, bool replace);

}  // namespace hawk::duck
