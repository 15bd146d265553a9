// Small RAII wrappers over the DuckDB C API (duckdb.h) used by DuckDbStore.
// Internal to the store module: nothing outside src/store includes this.
// Every handle has one owner, is movable and not copyable, and releases its
// DuckDB object in its destructor. Not thread-safe (neither is the store).
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace hawk::duck {

// An Error from a DuckDB message: the error type picks the ErrorCode,
// `what` says what hawk was doing ("upsert workload").
Error MakeDbError(std::string_view what, std::string_view message, duckdb_error_type type);

inline duckdb_timestamp ToDuckTimestamp(TimePoint t) {
  return duckdb_timestamp{t.time_since_epoch().count() * 1000};
}
TimePoint FromDuckTimestamp(std::int64_t micros);

class Database {
 public:
  Database() = default;
  ~Database();
  Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Opens (creates when missing) `path`; ":memory:" opens an in-memory DB.
  // `threads` sets DuckDB's worker threads (empty: DuckDB's default, one
  // per core). On failure returns DuckDB's own message, for the caller to
  // classify.
  static tl::expected<Database, std::string> Open(const std::string& path,
                                                  std::optional<int> threads = std::nullopt);

  [[nodiscard]] duckdb_database get() const { return db_; }

 private:
  duckdb_database db_ = nullptr;
};

// A materialised query result, read row by row through Rows (duckdb_rows.h).
class QueryResult {
 public:
  QueryResult() = default;
  ~QueryResult();
  QueryResult(QueryResult&& other) noexcept;
  QueryResult& operator=(QueryResult&& other) noexcept;
  QueryResult(const QueryResult&) = delete;
  QueryResult& operator=(const QueryResult&) = delete;

  duckdb_result* raw() { return &result_; }
  void MarkValid() { valid_ = true; }

 private:
  duckdb_result result_{};
  bool valid_ = false;
};

class Connection {
 public:
  Connection() = default;
  ~Connection();
  Connection(Connection&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  static Result<Connection> Connect(const Database& db);

  // Runs one or more SQL statements; `what` names the operation in errors.
  Status Exec(const std::string& sql, std::string_view what);
  Result<QueryResult> Query(const std::string& sql, std::string_view what);

  [[nodiscard]] duckdb_connection get() const { return conn_; }

 private:
  duckdb_connection conn_ = nullptr;
};

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

// A prepared statement. Bind(...) binds every parameter in order ($1, $2, ...);
// the C++ type picks the DuckDB type: bool, signed/unsigned integers, double,
// text (anything convertible to std::string_view), TimePoint (TIMESTAMP),
// std::vector<std::string> (VARCHAR[]), std::optional<T> (NULL when empty).
class Statement {
 public:
  Statement() = default;
  ~Statement();
  Statement(Statement&& other) noexcept
      : stmt_(std::exchange(other.stmt_, nullptr)), what_(std::move(other.what_)) {}
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  static Result<Statement> Prepare(const Connection& conn, const std::string& sql,
                                   std::string_view what);

  template <typename... Args>
  Status Bind(const Args&... args) {
    duckdb_clear_bindings(stmt_);
    return BindFrom(1, args...);
  }
  // Binds `args` to $first, $first+1, ..., leaving the other parameters as
  // they are (one row of a multi-row statement).
  template <typename... Args>
  Status BindFrom(idx_t first, const Args&... args) {
    idx_t index = first;
    bad_text_ = false;
    const bool ok = (BindOne(index++, args) && ...);
    if (!ok) {
      const std::string param = "parameter $" + std::to_string(index - 1);
      if (bad_text_) {
        return InvalidArgument(what_ + ": " + param + " is not valid UTF-8", {},
                               "text stored by hawk must be UTF-8");
      }
      return MakeError(ErrorCode::kInternal, what_ + ": could not bind " + param);
    }
    return Ok();
  }
  Status Exec();
  Result<QueryResult> Query();

 private:
  template <typename T>
  bool BindOne(idx_t i, const T& v) {
    if constexpr (IsOptional<T>::value) {
      return v ? BindOne(i, *v) : duckdb_bind_null(stmt_, i) == DuckDBSuccess;
    } else if constexpr (std::is_same_v<T, std::nullopt_t>) {
      return duckdb_bind_null(stmt_, i) == DuckDBSuccess;
    } else if constexpr (std::is_same_v<T, bool>) {
      return duckdb_bind_boolean(stmt_, i, v) == DuckDBSuccess;
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      return BindText(i, std::string_view(v));
    } else if constexpr (std::is_same_v<T, TimePoint>) {
      return duckdb_bind_timestamp(stmt_, i, ToDuckTimestamp(v)) == DuckDBSuccess;
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      return BindTextList(i, v);
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      return duckdb_bind_int64(stmt_, i, static_cast<std::int64_t>(v)) == DuckDBSuccess;
    } else if constexpr (std::is_integral_v<T>) {
      return duckdb_bind_uint64(stmt_, i, static_cast<std::uint64_t>(v)) == DuckDBSuccess;
    } else {
      static_assert(std::is_floating_point_v<T>, "no DuckDB binding for this type");
      return duckdb_bind_double(stmt_, i, static_cast<double>(v)) == DuckDBSuccess;
    }
  }
  bool BindText(idx_t i, std::string_view text);
  bool BindTextList(idx_t i, const std::vector<std::string>& values);

  duckdb_prepared_statement stmt_ = nullptr;
  std::string what_;
  bool bad_text_ = false;  // the failed binding was text that is not UTF-8
};

// A DuckDB Appender on one table with an explicit column list, fed through
// data chunks: Row() writes values straight into a chunk of
// duckdb_vector_size() rows, a full chunk is handed to the appender, and
// Flush() hands over the rest and writes everything in one transaction.
//
// A row whose values do not fit (a type that is not the column's, text that
// is not UTF-8) is refused with kInvalidArgument and nothing of it is kept;
// earlier rows are unaffected. DuckDB invalidates an appender whose flush
// failed (a constraint, I/O): the rows not yet written are then discarded, a
// fresh appender is opened and the error returned, so later appends work.
// `conn` must outlive the Appender. Not movable: hold it by pointer.
class Appender {
 public:
  ~Appender();
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;

  static Result<std::unique_ptr<Appender>> Create(const Connection& conn, const std::string& table,
                                                  const std::vector<std::string>& columns);

  // Appends one row; values follow the column list. Column types and C++
  // types pair up as: BIGINT - signed integers, UBIGINT - unsigned integers,
  // DOUBLE - floating point, BOOLEAN - bool, TIMESTAMP - TimePoint,
  // VARCHAR - text; std::optional<T> (empty) or std::nullopt is NULL.
  template <typename... Args>
  Status Row(const Args&... args) {
    if (sizeof...(Args) != columns_.size()) {
      return MakeError(ErrorCode::kInternal, "row for " + table_ + " has " +
                                                 std::to_string(sizeof...(Args)) + " values, not " +
                                                 std::to_string(columns_.size()));
    }
    if (app_ == nullptr) {
      if (auto reopened = Reopen(); !reopened) return reopened;
    }
    idx_t col = 0;
    const bool ok = (Put(col++, args) && ...);
    if (!ok) return MakeError(ErrorCode::kInvalidArgument, problem_, table_);
    if (++rows_ == capacity_) return HandOff();
    return Ok();
  }
  Status Flush();

 private:
  struct Column {
    duckdb_type type = DUCKDB_TYPE_INVALID;
    void* data = nullptr;
    std::uint64_t* validity = nullptr;
    duckdb_vector vector = nullptr;
  };

  Appender() = default;

  template <typename T>
  bool Put(idx_t col, const T& v) {
    if constexpr (IsOptional<T>::value) {
      return v ? Put(col, *v) : PutNull(col);
    } else if constexpr (std::is_same_v<T, std::nullopt_t>) {
      return PutNull(col);
    } else if constexpr (std::is_same_v<T, bool>) {
      return PutFixed<bool>(col, DUCKDB_TYPE_BOOLEAN, v);
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      return PutText(col, std::string_view(v));
    } else if constexpr (std::is_same_v<T, TimePoint>) {
      return PutFixed<duckdb_timestamp>(col, DUCKDB_TYPE_TIMESTAMP, ToDuckTimestamp(v));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      return PutFixed<std::int64_t>(col, DUCKDB_TYPE_BIGINT, static_cast<std::int64_t>(v));
    } else if constexpr (std::is_integral_v<T>) {
      return PutFixed<std::uint64_t>(col, DUCKDB_TYPE_UBIGINT, static_cast<std::uint64_t>(v));
    } else {
      static_assert(std::is_floating_point_v<T>, "no DuckDB column type for this C++ type");
      return PutFixed<double>(col, DUCKDB_TYPE_DOUBLE, static_cast<double>(v));
    }
  }
  template <typename V>
  bool PutFixed(idx_t col, duckdb_type type, V value) {
    if (!CheckType(col, type)) return false;
    static_cast<V*>(columns_[col].data)[rows_] = value;
    duckdb_validity_set_row_valid(columns_[col].validity, rows_);
    return true;
  }
  bool PutText(idx_t col, std::string_view text);
  bool PutNull(idx_t col);
  bool CheckType(idx_t col, duckdb_type type);
  // Hands the filled part of the chunk to DuckDB and starts an empty one.
  Status HandOff();
  void ResetChunk();
  // Reads the appender's error and returns it; with `reopen`, first replaces
  // the invalidated appender with a fresh one (its pending rows are dropped).
  tl::unexpected<Error> Fail(std::string_view what, bool reopen);
  Status Reopen();

  duckdb_appender app_ = nullptr;
  duckdb_data_chunk chunk_ = nullptr;
  duckdb_connection conn_ = nullptr;
  std::string table_;
  std::vector<std::string> names_;
  std::vector<Column> columns_;
  idx_t rows_ = 0;
  idx_t capacity_ = 0;
  std::string problem_;  // why the last Put failed
};

}  // namespace hawk::duck
