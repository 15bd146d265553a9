// DuckDbStore: the event log, resource utilization, task usage and alerts.
#include <algorithm>
#include <limits>
#include <string>

#include "store/duckdb_store.h"
#include "store/duckdb_store_state.h"
#include "store/utf8.h"

namespace hawk {
namespace {

using duck::Row;

Result<EventRecord> ReadEvent(const Row& row) {
  EventRecord e;
  e.seq = row.Int(0).value_or(0);
  e.ts = row.Time(1).value_or(TimePoint{});
  e.type = row.Text(2).value_or("");
  e.workload_id = row.Text(3);
  e.task_id = row.Text(4);
  e.attempt_id = row.Text(5);
  e.payload_json = row.Text(6).value_or("");
  return e;
}

Result<UtilizationSample> ReadSample(const Row& row) {
  UtilizationSample s;
  s.ts = row.Time(0).value_or(TimePoint{});
  s.worker_id = row.Text(1).value_or("");
  s.device_id = row.Text(2);
  s.metric = row.Text(3).value_or("");
  s.value = row.Double(4).value_or(0.0);
  return s;
}

Result<TaskUsageRecord> ReadUsage(const Row& row) {
  TaskUsageRecord u;
  u.attempt_id = row.Text(0).value_or("");
  u.workload_id = row.Text(1).value_or("");
  u.task_id = row.Text(2).value_or("");
  u.worker_id = row.Text(3).value_or("");
  u.cpu_seconds = row.Double(4).value_or(0.0);
  u.peak_memory_bytes = row.UInt(5);
  u.avg_memory_bytes = row.UInt(6);
  u.read_bytes = row.UInt(7);
  u.write_bytes = row.UInt(8);
  u.net_rx_bytes = row.UInt(9);
  u.net_tx_bytes = row.UInt(10);
  u.gpu_memory_peak_bytes = row.UInt(11);
  u.gpu_utilization_avg_ratio = row.Double(12);
  u.energy_joules = row.Double(13);
  u.source = row.Text(14);
  return u;
}

// The last column, source, is NULL before schema v4.
std::string UsageColumns(int schema_version) {
  return std::string(
             "attempt_id, workload_id, task_id, worker_id, cpu_seconds, peak_memory_bytes, "
             "avg_memory_bytes, read_bytes, write_bytes, net_rx_bytes, net_tx_bytes, "
             "gpu_memory_peak_bytes, gpu_utilization_avg_ratio, energy_joules, ") +
         (schema_version >= 4 ? "source" : "CAST(NULL AS VARCHAR) AS source");
}

Result<HardwareAlertRecord> ReadAlert(const Row& row) {
  HardwareAlertRecord a;
  a.ts = row.Time(0).value_or(TimePoint{});
  a.worker_id = row.Text(1).value_or("");
  a.device_id = row.Text(2);
  a.resource = row.Text(3).value_or("");
  a.severity = row.Text(4).value_or("");
  auto state = duck::ParseStored<AlertState>(row.Text(5), "hardware_alerts.state");
  if (!state) return tl::unexpected(state.error());
  a.state = *state;
  a.value = row.Double(6).value_or(0.0);
  a.threshold = row.Double(7).value_or(0.0);
  a.message = row.Text(8).value_or("");
  return a;
}

// The first text field of `s` that is not UTF-8, or nullptr.
const char* BadTextField(const UtilizationSample& s) {
  if (!duck::IsValidUtf8(s.worker_id)) return "worker_id";
  if (s.device_id && !duck::IsValidUtf8(*s.device_id)) return "device_id";
  if (!duck::IsValidUtf8(s.metric)) return "metric";
  return nullptr;
}

// The first text column of `e` that is not UTF-8.
std::optional<std::string_view> NonUtf8Column(const EventRecord& e) {
  const auto bad = [](const std::optional<std::string>& text) {
    return text && !duck::IsValidUtf8(*text);
  };
  if (!duck::IsValidUtf8(e.type)) return "type";
  if (bad(e.workload_id)) return "workload_id";
  if (bad(e.task_id)) return "task_id";
  if (bad(e.attempt_id)) return "attempt_id";
  if (!duck::IsValidUtf8(e.payload_json)) return "payload_json";
  return std::nullopt;
}

}  // namespace

Result<std::int64_t> DuckDbStore::AppendEvent(const EventRecord& e) {
  // Checked now rather than at the flush, so the bad event is the one refused.
  if (const std::optional<std::string_view> column = NonUtf8Column(e)) {
    return InvalidArgument("column " + std::string(*column) + " of events: text is not valid UTF-8",
                           "events", "text stored by hawk must be UTF-8");
  }
  EventRecord row = e;
  row.seq = state_->last_event_seq + 1;
  state_->last_event_seq = row.seq;
  state_->pending_events.push_back(std::move(row));
  return state_->last_event_seq;
}

Result<std::vector<EventRecord>> DuckDbStore::LoadEvents(std::int64_t after_seq,
                                                         std::optional<std::size_t> max_count) {
  static constexpr std::string_view kSql =
      "SELECT seq, ts, type, workload_id, task_id, attempt_id, payload_json FROM events "
      "WHERE seq > $1 ORDER BY seq LIMIT $2";
  constexpr auto kNoLimit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  const std::uint64_t limit = max_count ? std::min<std::uint64_t>(*max_count, kNoLimit) : kNoLimit;
  return duck::QueryAll<EventRecord>(*state_, kSql, "load events", &ReadEvent, after_seq, limit);
}

std::int64_t DuckDbStore::LastEventSeq() const {
  return state_->last_event_seq;
}

Status DuckDbStore::AppendUtilization(std::span<const UtilizationSample> samples) {
  duck::StoreState& st = *state_;
  if (st.series != nullptr) {
    if (auto resolved = st.series->Resolve(samples, st.series_ids); !resolved) return resolved;
    for (std::size_t i = 0; i < samples.size(); ++i) {
      if (auto ok = st.utilization->Row(samples[i].ts, st.series_ids[i], samples[i].value); !ok) {
        return ok;
      }
    }
    return Ok();
  }
  // Schema before v3: the long table. All or nothing: a bad sample is found
  // before any of the batch is buffered.
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (const char* bad = BadTextField(samples[i]); bad != nullptr) {
      return InvalidArgument("samples[" + std::to_string(i) + "]." + bad + " is not valid UTF-8",
                             "resource_utilization", "text stored by hawk must be UTF-8");
    }
  }
  for (const UtilizationSample& s : samples) {
    if (auto ok = st.utilization->Row(s.ts, s.worker_id, s.device_id, s.metric, s.value); !ok) {
      return ok;
    }
  }
  return Ok();
}

Result<std::vector<UtilizationSample>> DuckDbStore::ListUtilization(const UtilizationQuery& q) {
  return duck::QueryAll<UtilizationSample>(
      *state_,
      "SELECT ts, worker_id, device_id, metric, value FROM resource_utilization "
      "WHERE ($1 IS NULL OR worker_id = $1) AND ($2 IS NULL OR metric = $2) "
      "AND ($3 IS NULL OR ts >= $3) AND ($4 IS NULL OR ts <= $4) "
      "ORDER BY ts, worker_id, device_id NULLS FIRST, metric",
      "list utilization", &ReadSample, q.worker_id, q.metric, q.since, q.until);
}

Status DuckDbStore::UpsertTaskUsage(const TaskUsageRecord& u) {
  static constexpr std::string_view kBeforeV4Sql =
      "INSERT OR REPLACE INTO task_resource_usage (attempt_id, workload_id, task_id, worker_id, "
      "cpu_seconds, peak_memory_bytes, avg_memory_bytes, read_bytes, write_bytes, net_rx_bytes, "
      "net_tx_bytes, gpu_memory_peak_bytes, gpu_utilization_avg_ratio, energy_joules) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
  static constexpr std::string_view kV4Sql =
      "INSERT OR REPLACE INTO task_resource_usage (attempt_id, workload_id, task_id, worker_id, "
      "cpu_seconds, peak_memory_bytes, avg_memory_bytes, read_bytes, write_bytes, net_rx_bytes, "
      "net_tx_bytes, gpu_memory_peak_bytes, gpu_utilization_avg_ratio, energy_joules, source) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
  if (state_->schema_version < 4) {
    if (u.source) {
      if (auto ok = state_->RequireVersion(4, "task_resource_usage.source"); !ok) return ok;
    }
    return duck::ExecWrite(*state_, kBeforeV4Sql, "upsert task usage", u.attempt_id, u.workload_id,
                           u.task_id, u.worker_id, u.cpu_seconds, u.peak_memory_bytes,
                           u.avg_memory_bytes, u.read_bytes, u.write_bytes, u.net_rx_bytes,
                           u.net_tx_bytes, u.gpu_memory_peak_bytes, u.gpu_utilization_avg_ratio,
                           u.energy_joules);
  }
  return duck::ExecWrite(*state_, kV4Sql, "upsert task usage", u.attempt_id, u.workload_id,
                         u.task_id, u.worker_id, u.cpu_seconds, u.peak_memory_bytes,
                         u.avg_memory_bytes, u.read_bytes, u.write_bytes, u.net_rx_bytes,
                         u.net_tx_bytes, u.gpu_memory_peak_bytes, u.gpu_utilization_avg_ratio,
                         u.energy_joules, u.source);
}

Status DuckDbStore::UpsertTaskUsages(std::span<const TaskUsageRecord> usages) {
  if (state_->schema_version < 4) {  // rare (an old file opened as it is): one by one
    return duck::WriteEach(*state_, usages, "upsert task usage",
                           [this](const TaskUsageRecord& u) { return UpsertTaskUsage(u); });
  }
  if (usages.empty()) return Ok();
  return duck::InTransaction(*state_, "upsert task usage", [&] {
    return duck::InsertTaskUsages(*state_, usages, /*replace=*/true);
  });
}

Result<std::vector<TaskUsageRecord>> DuckDbStore::ListTaskUsage(std::string_view workload_id) {
  const std::string sql = "SELECT " + UsageColumns(state_->schema_version) +
                          " FROM task_resource_usage WHERE workload_id = $1 ORDER BY attempt_id";
  return duck::QueryAll<TaskUsageRecord>(*state_, sql, "list task usage", &ReadUsage, workload_id);
}

Status DuckDbStore::AppendAlert(const HardwareAlertRecord& a) {
  return duck::ExecWrite(*state_,
                         "INSERT INTO hardware_alerts (ts, worker_id, device_id, resource, "
                         "severity, state, value, threshold, message) "
                         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                         "append alert", a.ts, a.worker_id, a.device_id, a.resource, a.severity,
                         ToString(a.state), a.value, a.threshold, a.message);
}

Result<std::vector<HardwareAlertRecord>> DuckDbStore::ListAlerts(const AlertQuery& q) {
  return duck::QueryAll<HardwareAlertRecord>(
      *state_,
      "SELECT ts, worker_id, device_id, resource, severity, state, value, threshold, message "
      "FROM hardware_alerts WHERE ($1 IS NULL OR worker_id = $1) "
      "AND ($2 IS NULL OR ts >= $2) AND ($3 IS NULL OR ts <= $3) "
      "ORDER BY ts, worker_id, rowid",
      "list alerts", &ReadAlert, q.worker_id, q.since, q.until);
}

}  // namespace hawk

namespace hawk::duck {

Status InsertTaskUsages(StoreState& state, std::span<const TaskUsageRecord> usages, bool replace) {
  static constexpr std::string_view kColumns =
      "task_resource_usage (attempt_id, workload_id, task_id, worker_id, cpu_seconds, "
      "peak_memory_bytes, avg_memory_bytes, read_bytes, write_bytes, net_rx_bytes, net_tx_bytes, "
      "gpu_memory_peak_bytes, gpu_utilization_avg_ratio, energy_joules, source) VALUES ";
  const std::string head =
      std::string(replace ? "INSERT OR REPLACE INTO " : "INSERT INTO ") + std::string(kColumns);
  return InsertRows(state, head, 15, usages, "write task usage",
                    [](Statement& s, idx_t first, const TaskUsageRecord& u) {
                      return s.BindFrom(first, u.attempt_id, u.workload_id, u.task_id, u.worker_id,
                                        u.cpu_seconds, u.peak_memory_bytes, u.avg_memory_bytes,
                                        u.read_bytes, u.write_bytes, u.net_rx_bytes, u.net_tx_bytes,
                                        u.gpu_memory_peak_bytes, u.gpu_utilization_avg_ratio,
                                        u.energy_joules, u.source);
                    });
}

}  // namespace hawk::duck
