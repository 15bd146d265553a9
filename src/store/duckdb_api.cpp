#include "store/duckdb_api.h"

#include <string>

#include "store/utf8.h"

namespace hawk::duck {
namespace {

ErrorCode CodeFor(duckdb_error_type type) {
  switch (type) {
    case DUCKDB_ERROR_IO:
    case DUCKDB_ERROR_PERMISSION: return ErrorCode::kIo;
    case DUCKDB_ERROR_CONSTRAINT:
    case DUCKDB_ERROR_CONVERSION:
    case DUCKDB_ERROR_OUT_OF_RANGE:
    case DUCKDB_ERROR_INVALID_INPUT: return ErrorCode::kInvalidArgument;
    case DUCKDB_ERROR_TRANSACTION: return ErrorCode::kBusy;
    case DUCKDB_ERROR_INTERRUPT:
    case DUCKDB_ERROR_OUT_OF_MEMORY: return ErrorCode::kUnavailable;
    default: return ErrorCode::kInternal;
  }
}

std::string OrUnknown(const char* message) {
  return message != nullptr ? std::string(message) : std::string("unknown DuckDB error");
}

}  // namespace

Error MakeDbError(std::string_view what, std::string_view message, duckdb_error_type type) {
  return Error{CodeFor(type), std::string(what) + " failed: " + std::string(message), {}, {}};
}

TimePoint FromDuckTimestamp(std::int64_t micros) {
  std::int64_t ms = micros / 1000;
  if (micros % 1000 < 0) --ms;  // floor, for times before 1970
  return TimePoint(std::chrono::milliseconds(ms));
}

// ---- Database ----

Database::~Database() {
  if (db_ != nullptr) duckdb_close(&db_);
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) duckdb_close(&db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

tl::expected<Database, std::string> Database::Open(const std::string& path,
                                                   std::optional<int> threads) {
  Database db;
  duckdb_config config = nullptr;
  if (threads) {
    if (duckdb_create_config(&config) == DuckDBError ||
        duckdb_set_config(config, "threads", std::to_string(*threads).c_str()) == DuckDBError) {
      if (config != nullptr) duckdb_destroy_config(&config);
      return tl::unexpected<std::string>("cannot set DuckDB's threads to " +
                                         std::to_string(*threads));
    }
  }
  char* error = nullptr;
  const duckdb_state opened = duckdb_open_ext(path.c_str(), &db.db_, config, &error);
  if (config != nullptr) duckdb_destroy_config(&config);
  if (opened == DuckDBError) {
    std::string message = OrUnknown(error);
    if (error != nullptr) duckdb_free(error);
    db.db_ = nullptr;  // nothing to close after a failed open
    return tl::unexpected<std::string>(std::move(message));
  }
  return db;
}

// ---- QueryResult ----

QueryResult::~QueryResult() {
  if (valid_) duckdb_destroy_result(&result_);
}

QueryResult::QueryResult(QueryResult&& other) noexcept
    : result_(other.result_), valid_(std::exchange(other.valid_, false)) {
  other.result_ = duckdb_result{};
}

QueryResult& QueryResult::operator=(QueryResult&& other) noexcept {
  if (this != &other) {
    if (valid_) duckdb_destroy_result(&result_);
    result_ = other.result_;
    valid_ = std::exchange(other.valid_, false);
    other.result_ = duckdb_result{};
  }
  return *this;
}

// ---- Connection ----

Connection::~Connection() {
  if (conn_ != nullptr) duckdb_disconnect(&conn_);
}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_ != nullptr) duckdb_disconnect(&conn_);
    conn_ = std::exchange(other.conn_, nullptr);
  }
  return *this;
}

Result<Connection> Connection::Connect(const Database& db) {
  Connection conn;
  if (duckdb_connect(db.get(), &conn.conn_) == DuckDBError) {
    conn.conn_ = nullptr;
    return MakeError(ErrorCode::kInternal, "could not connect to the database");
  }
  return conn;
}

Result<QueryResult> Connection::Query(const std::string& sql, std::string_view what) {
  QueryResult result;
  const duckdb_state state = duckdb_query(conn_, sql.c_str(), result.raw());
  result.MarkValid();  // duckdb_query fills the result even on error
  if (state == DuckDBError) {
    return tl::unexpected<Error>(MakeDbError(what, OrUnknown(duckdb_result_error(result.raw())),
                                             duckdb_result_error_type(result.raw())));
  }
  return result;
}

Status Connection::Exec(const std::string& sql, std::string_view what) {
  auto result = Query(sql, what);
  if (!result) return tl::unexpected<Error>(std::move(result.error()));
  return Ok();
}

// ---- Statement ----

Statement::~Statement() {
  if (stmt_ != nullptr) duckdb_destroy_prepare(&stmt_);
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) duckdb_destroy_prepare(&stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    what_ = std::move(other.what_);
  }
  return *this;
}

Result<Statement> Statement::Prepare(const Connection& conn, const std::string& sql,
                                     std::string_view what) {
  Statement stmt;
  stmt.what_ = std::string(what);
  if (duckdb_prepare(conn.get(), sql.c_str(), &stmt.stmt_) == DuckDBError) {
    // The statement object carries the error and must still be destroyed.
    return tl::unexpected<Error>(MakeDbError(std::string("prepare ") + std::string(what),
                                             OrUnknown(duckdb_prepare_error(stmt.stmt_)),
                                             DUCKDB_ERROR_INVALID));
  }
  return stmt;
}

bool Statement::BindText(idx_t i, std::string_view text) {
  if (!IsValidUtf8(text)) {
    bad_text_ = true;
    return false;
  }
  return duckdb_bind_varchar_length(stmt_, i, text.data(), text.size()) == DuckDBSuccess;
}

bool Statement::BindTextList(idx_t i, const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    if (!IsValidUtf8(v)) {
      bad_text_ = true;
      return false;
    }
  }
  duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  std::vector<duckdb_value> items;
  items.reserve(values.size());
  for (const std::string& v : values) {
    items.push_back(duckdb_create_varchar_length(v.data(), v.size()));
  }
  // The C API refuses a null array even for an empty list.
  duckdb_value none = nullptr;
  duckdb_value list =
      duckdb_create_list_value(varchar, items.empty() ? &none : items.data(), items.size());
  const bool ok = list != nullptr && duckdb_bind_value(stmt_, i, list) == DuckDBSuccess;
  if (list != nullptr) duckdb_destroy_value(&list);
  for (duckdb_value& item : items) duckdb_destroy_value(&item);
  duckdb_destroy_logical_type(&varchar);
  return ok;
}

Result<QueryResult> Statement::Query() {
  QueryResult result;
  const duckdb_state state = duckdb_execute_prepared(stmt_, result.raw());
  result.MarkValid();
  if (state == DuckDBError) {
    return tl::unexpected<Error>(MakeDbError(what_, OrUnknown(duckdb_result_error(result.raw())),
                                             duckdb_result_error_type(result.raw())));
  }
  return result;
}

Status Statement::Exec() {
  auto result = Query();
  if (!result) return tl::unexpected<Error>(std::move(result.error()));
  return Ok();
}

// ---- Appender ----

Appender::~Appender() {
  // Hands over and writes what is left; errors cannot be reported from here.
  if (app_ != nullptr && rows_ > 0) (void)HandOff();
  if (app_ != nullptr) duckdb_appender_destroy(&app_);
  if (chunk_ != nullptr) duckdb_destroy_data_chunk(&chunk_);
}

Result<std::unique_ptr<Appender>> Appender::Create(const Connection& conn, const std::string& table,
                                                   const std::vector<std::string>& columns) {
  std::unique_ptr<Appender> app(new Appender());
  app->conn_ = conn.get();
  app->table_ = table;
  app->names_ = columns;
  if (auto status = app->Reopen(); !status) return tl::unexpected(status.error());
  return app;
}

Status Appender::Reopen() {
  if (app_ != nullptr) {
    duckdb_appender_destroy(&app_);  // an invalidated appender's rows are dropped
    app_ = nullptr;
  }
  duckdb_appender app = nullptr;
  const bool created =
      duckdb_appender_create(conn_, nullptr, table_.c_str(), &app) == DuckDBSuccess;
  app_ = app;  // set even on failure: it holds the error and must be destroyed
  if (!created) return Fail("create appender", /*reopen=*/false);
  for (const std::string& name : names_) {
    if (duckdb_appender_add_column(app_, name.c_str()) == DuckDBError) {
      return Fail("add column " + name + " to appender", /*reopen=*/false);
    }
  }
  if (chunk_ == nullptr) {
    std::vector<duckdb_logical_type> types;
    for (idx_t c = 0; c < names_.size(); ++c) types.push_back(duckdb_appender_column_type(app_, c));
    chunk_ = duckdb_create_data_chunk(types.data(), types.size());
    columns_.assign(names_.size(), Column{});
    for (idx_t c = 0; c < types.size(); ++c) {
      columns_[c].type = duckdb_get_type_id(types[c]);
      duckdb_destroy_logical_type(&types[c]);
    }
    capacity_ = duckdb_vector_size();
  }
  ResetChunk();
  return Ok();
}

void Appender::ResetChunk() {
  duckdb_data_chunk_reset(chunk_);
  rows_ = 0;
  for (idx_t c = 0; c < columns_.size(); ++c) {
    Column& column = columns_[c];
    column.vector = duckdb_data_chunk_get_vector(chunk_, c);
    column.data = duckdb_vector_get_data(column.vector);
    duckdb_vector_ensure_validity_writable(column.vector);
    column.validity = duckdb_vector_get_validity(column.vector);
  }
}

bool Appender::CheckType(idx_t col, duckdb_type type) {
  if (columns_[col].type == type) return true;
  problem_ = "column " + names_[col] + " of " + table_ + " got a value of another type";
  return false;
}

bool Appender::PutText(idx_t col, std::string_view text) {
  if (!CheckType(col, DUCKDB_TYPE_VARCHAR)) return false;
  if (!IsValidUtf8(text)) {
    problem_ = "column " + names_[col] + " of " + table_ + ": text is not valid UTF-8";
    return false;
  }
  duckdb_vector_assign_string_element_len(columns_[col].vector, rows_, text.data(), text.size());
  duckdb_validity_set_row_valid(columns_[col].validity, rows_);
  return true;
}

bool Appender::PutNull(idx_t col) {
  duckdb_validity_set_row_invalid(columns_[col].validity, rows_);
  return true;
}

Status Appender::HandOff() {
  if (rows_ == 0) return Ok();
  duckdb_data_chunk_set_size(chunk_, rows_);
  const bool ok = duckdb_append_data_chunk(app_, chunk_) == DuckDBSuccess;
  ResetChunk();
  if (!ok) return Fail("append rows", /*reopen=*/true);
  return Ok();
}

tl::unexpected<Error> Appender::Fail(std::string_view what, bool reopen) {
  std::string message = "unknown DuckDB error";
  duckdb_error_type type = DUCKDB_ERROR_INVALID;
  if (app_ != nullptr) {
    duckdb_error_data data = duckdb_appender_error_data(app_);
    if (data != nullptr) {
      if (duckdb_error_data_has_error(data)) {
        message = OrUnknown(duckdb_error_data_message(data));
        type = duckdb_error_data_error_type(data);
      }
      duckdb_destroy_error_data(&data);
    }
  }
  Error error = MakeDbError(std::string(what) + " (" + table_ + ")", message, type);
  error.where = table_;
  if (reopen) {
    // The appender is invalid now: start a fresh one so later appends work.
    if (auto reopened = Reopen(); !reopened) error.message += "; " + reopened.error().message;
    error.hint = "rows appended since the last successful flush were discarded";
  } else if (app_ != nullptr) {
    duckdb_appender_destroy(&app_);
    app_ = nullptr;
  }
  return tl::unexpected<Error>(std::move(error));
}

Status Appender::Flush() {
  if (app_ == nullptr) return Reopen();  // nothing can be pending without an appender
  if (auto handed = HandOff(); !handed) return handed;
  if (duckdb_appender_flush(app_) == DuckDBError) return Fail("flush", /*reopen=*/true);
  return Ok();
}

}  // namespace hawk::duck
