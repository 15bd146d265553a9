#include "store/duckdb_store.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "store/duckdb_store_state.h"
#include "store/migrations.h"

namespace hawk {
namespace {

constexpr const char* kLockedHint = "another hawk process has it open; stop it or use another --db";
constexpr const char* kNotHawkHint = "point --db at a hawk database, or at a new file to start one";

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Checks what DuckDB would report less clearly: a missing folder, a folder.
Status CheckPath(const std::string& path) {
  if (path.empty()) {
    return InvalidArgument("the database path is empty", {},
                           "give a file such as hawk.duckdb, or :memory:");
  }
  if (path == DuckDbStore::kInMemory) return Ok();
  const std::filesystem::path file(path);
  std::error_code ec;
  const std::filesystem::path folder = file.parent_path();
  if (!folder.empty() && !std::filesystem::is_directory(folder, ec)) {
    const bool exists = std::filesystem::exists(folder, ec);
    return MakeError(
        ErrorCode::kIo,
        "folder '" + folder.string() + (exists ? "' is not a folder" : "' does not exist"), path,
        "create the folder '" + folder.string() + "' first, or use another --db");
  }
  if (std::filesystem::is_directory(file, ec)) {
    return MakeError(ErrorCode::kIo, "'" + path + "' is a folder, not a database file", path,
                     "give a file path such as " + (file / "hawk.duckdb").string());
  }
  return Ok();
}

tl::unexpected<Error> OpenError(const std::string& path, const std::string& duckdb_message) {
  if (Contains(duckdb_message, "Could not set lock") ||
      Contains(duckdb_message, "Conflicting lock")) {
    return MakeError(ErrorCode::kBusy,
                     "database is locked by another process (" + duckdb_message + ")", path,
                     kLockedHint);
  }
  if (Contains(duckdb_message, "not a valid DuckDB database")) {
    return MakeError(ErrorCode::kCorrupt, "the file is not a hawk database (not a DuckDB file)",
                     path, kNotHawkHint);
  }
  if (Contains(duckdb_message, "database file with version")) {
    return MakeError(
        ErrorCode::kCorrupt,
        "the file was written by an incompatible DuckDB version (" + duckdb_message + ")", path,
        "open it with the hawk release that wrote it");
  }
  return MakeError(ErrorCode::kIo, "cannot open the database: " + duckdb_message, path);
}

Result<std::optional<std::int64_t>> QueryOneInt(duck::StoreState& state, const std::string& sql,
                                                std::string_view what) {
  auto result = state.conn.Query(sql, what);
  if (!result) return tl::unexpected(result.error());
  std::optional<std::int64_t> value;
  auto status = duck::ForEachRow(*result, [&](const duck::Row& row) -> Status {
    value = row.Int(0);
    return Ok();
  });
  if (!status) return tl::unexpected(status.error());
  return value;
}

// The schema version recorded in the database: 0 for an empty database.
// `fresh` says the database did not exist before this open; only an existing
// database without hawk_schema pays for listing its tables (a slow query).
Result<int> ReadSchemaVersion(duck::StoreState& state, bool fresh) {
  if (fresh) return 0;
  auto version = QueryOneInt(state, "SELECT max(version) FROM hawk_schema", "read hawk_schema");
  if (version && *version) return static_cast<int>(**version);
  auto tables = QueryOneInt(state,
                            "SELECT count(*) FROM information_schema.tables "
                            "WHERE table_catalog = current_database()",
                            "list tables");
  if (!tables) return tl::unexpected(tables.error());
  if (tables->value_or(0) == 0) return 0;  // an empty DuckDB database
  if (!version) {
    return MakeError(ErrorCode::kCorrupt,
                     "the file is a DuckDB database but not a hawk database "
                     "(it has no hawk_schema table)",
                     state.path, kNotHawkHint);
  }
  return MakeError(ErrorCode::kCorrupt, "table hawk_schema holds no schema version", state.path,
                   kNotHawkHint);
}

// Runs migrations from+1 .. to in one transaction.
Status Migrate(duck::StoreState& state, int from, int to, const Clock& clock) {
  if (auto begun = state.conn.Exec("BEGIN TRANSACTION", "begin migration"); !begun) return begun;
  Status status = Ok();
  for (const Migration& migration : Migrations()) {
    if (migration.version <= from || migration.version > to) continue;
    status = state.conn.Exec(std::string(migration.sql),
                             "migration " + std::to_string(migration.version));
    if (status) {
      status =
          duck::ExecWrite(state, "INSERT INTO hawk_schema (version, applied_at) VALUES ($1, $2)",
                          "record schema version", migration.version, clock.Now());
    }
    if (!status) {
      status.error().message = "migrating from schema version " + std::to_string(from) + " to " +
                               std::to_string(to) + " failed at migration " +
                               std::to_string(migration.version) + " (" +
                               std::string(migration.description) + "): " + status.error().message;
      break;
    }
  }
  if (status) status = state.conn.Exec("COMMIT", "commit migration");
  if (!status) {
    (void)state.conn.Exec("ROLLBACK",
                          "roll back migration");  // the first error is the one to report
    state.statements.clear();
    status.error().where = state.path;
    status.error().hint = "the database was left unchanged";
  }
  return status;
}

}  // namespace

namespace duck {

std::string MultiRowSql(std::string_view head, std::size_t columns, std::size_t rows) {
  std::string sql(head);
  std::size_t parameter = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (std::size_t c = 0; c < columns; ++c) {
      if (c > 0) sql += ", ";
      sql += "$" + std::to_string(parameter++);
    }
    sql += ")";
  }
  return sql;
}

Result<Statement*> StoreState::Prepare(std::string_view sql, std::string_view what) {
  auto it = statements.find(sql);
  if (it == statements.end()) {
    auto stmt = Statement::Prepare(conn, std::string(sql), what);
    if (!stmt) return tl::unexpected(stmt.error());
    it = statements.emplace(std::string(sql), std::move(*stmt)).first;
  }
  return &it->second;
}

Status StoreState::FlushEvents() {
  const std::vector<EventRecord> rows = std::exchange(pending_events, {});
  if (rows.size() > kEventsPerInsert) {
    for (const EventRecord& e : rows) {
      if (auto ok = events->Row(e.seq, e.ts, e.type, e.workload_id, e.task_id, e.attempt_id,
                                e.payload_json);
          !ok) {
        return ok;
      }
    }
    return events->Flush();
  }
  if (rows.empty()) return Ok();
  static constexpr std::string_view kHead =
      "INSERT INTO events (seq, ts, type, workload_id, task_id, attempt_id, payload_json) VALUES ";
  constexpr std::size_t kColumns = 7;
  auto stmt = Prepare(MultiRowSql(kHead, kColumns, rows.size()), "append events");
  if (!stmt) return tl::unexpected(stmt.error());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const EventRecord& e = rows[i];
    if (auto bound = (*stmt)->BindFrom(i * kColumns + 1, e.seq, e.ts, e.type, e.workload_id,
                                       e.task_id, e.attempt_id, e.payload_json);
        !bound) {
      return bound;
    }
  }
  return (*stmt)->Exec();
}

Status StoreState::FlushAppends() {
  Status events_status = FlushEvents();
  Status series_status = series != nullptr ? series->Flush() : Ok();
  // Points of a series whose row failed to be written must not land.
  Status utilization_status = series_status ? utilization->Flush() : series_status;
  if (!events_status) return events_status;
  return utilization_status;
}

Status StoreState::RequireVersion(int version, std::string_view what) const {
  if (schema_version >= version) return Ok();
  return MakeError(ErrorCode::kUnavailable,
                   std::string(what) + " needs schema version " + std::to_string(version) +
                       "; this database is at version " + std::to_string(schema_version),
                   path, "open it without a target schema version to migrate it");
}

}  // namespace duck

Result<std::unique_ptr<DuckDbStore>> DuckDbStore::Open(const std::string& path,
                                                       const OpenOptions& options) {
  const int latest = LatestSchemaVersion();
  const int target = options.target_version.value_or(latest);
  if (target < 1 || target > latest) {
    return InvalidArgument(
        "schema version " + std::to_string(target) + " is not one this hawk knows", path,
        "choose a version from 1 to " + std::to_string(latest));
  }
  if (options.threads && *options.threads < 1) {
    return InvalidArgument(
        "DuckDB needs at least 1 thread, not " + std::to_string(*options.threads), path,
        "leave threads unset for one per core");
  }
  if (auto checked = CheckPath(path); !checked) return tl::unexpected(checked.error());

  std::error_code ec;
  const bool fresh = path == kInMemory || !std::filesystem::exists(path, ec);
  auto state = std::make_unique<duck::StoreState>();
  state->path = path;
  auto db = duck::Database::Open(path, options.threads);
  if (!db) return OpenError(path, db.error());
  state->db = std::move(*db);
  auto conn = duck::Connection::Connect(state->db);
  if (!conn) return tl::unexpected(conn.error());
  state->conn = std::move(*conn);

  auto version = ReadSchemaVersion(*state, fresh);
  if (!version) return tl::unexpected(version.error());
  if (*version > latest) {
    return InvalidArgument("the database has schema version " + std::to_string(*version) +
                               ", newer than this hawk knows (" + std::to_string(latest) + ")",
                           path, "upgrade hawk to open it");
  }
  if (*version < target) {
    static const SystemClock system_clock;
    const Clock& clock = options.clock != nullptr ? *options.clock : system_clock;
    if (auto migrated = Migrate(*state, *version, target, clock); !migrated) {
      return tl::unexpected(migrated.error());
    }
  }
  state->schema_version = std::max(*version, target);

  auto events = duck::Appender::Create(
      state->conn, "events",
      {"seq", "ts", "type", "workload_id", "task_id", "attempt_id", "payload_json"});
  if (!events) return tl::unexpected(events.error());
  state->events = std::move(*events);
  if (state->schema_version >= 3) {
    auto series = duck::UtilizationSeries::Load(state->conn);
    if (!series) return tl::unexpected(series.error());
    state->series = std::move(*series);
  }
  auto utilization =
      state->series != nullptr
          ? duck::Appender::Create(state->conn, "utilization_points", {"ts", "series_id", "value"})
          : duck::Appender::Create(state->conn, "resource_utilization",
                                   {"ts", "worker_id", "device_id", "metric", "value"});
  if (!utilization) return tl::unexpected(utilization.error());
  state->utilization = std::move(*utilization);
  auto last_seq = QueryOneInt(*state, "SELECT max(seq) FROM events", "read events");
  if (!last_seq) return tl::unexpected(last_seq.error());
  state->last_event_seq = last_seq->value_or(0);
  return std::unique_ptr<DuckDbStore>(new DuckDbStore(std::move(state)));
}

DuckDbStore::DuckDbStore(std::unique_ptr<duck::StoreState> state) : state_(std::move(state)) {}

DuckDbStore::~DuckDbStore() {
  (void)state_->FlushEvents();  // as the appenders flush when they are destroyed
}

int DuckDbStore::SchemaVersion() const {
  return state_->schema_version;
}

Status DuckDbStore::Flush() {
  return state_->FlushAppends();
}

}  // namespace hawk
