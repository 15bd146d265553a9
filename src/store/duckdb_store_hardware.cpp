// DuckDbStore: hardware capabilities, worker hardware, performance history.
#include <string>

#include "store/duckdb_store.h"
#include "store/duckdb_store_state.h"

namespace hawk {
namespace {

using duck::Row;

constexpr std::string_view kCapabilityColumns =
    "worker_id, device_id, class, architecture, vendor, model, memory_total_bytes, "
    "compute_units, compute_capability, backends, precisions, features, tdp_watts, updated_at";

Result<HardwareCapabilityRecord> ReadCapability(const Row& row) {
  HardwareCapabilityRecord c;
  c.worker_id = row.Text(0).value_or("");
  c.device_id = row.Text(1).value_or("");
  auto hardware_class =
      duck::ParseStored<HardwareClass>(row.Text(2), "hardware_capabilities.class");
  if (!hardware_class) return tl::unexpected(hardware_class.error());
  c.hardware_class = *hardware_class;
  auto architecture =
      duck::ParseStored<Architecture>(row.Text(3), "hardware_capabilities.architecture");
  if (!architecture) return tl::unexpected(architecture.error());
  c.architecture = *architecture;
  auto vendor = duck::ParseStored<Vendor>(row.Text(4), "hardware_capabilities.vendor");
  if (!vendor) return tl::unexpected(vendor.error());
  c.vendor = *vendor;
  c.model = row.Text(5).value_or("");
  c.memory_total_bytes = row.UInt(6).value_or(0);
  c.compute_units = static_cast<std::uint32_t>(row.UInt(7).value_or(0));
  c.compute_capability = row.Text(8);
  auto backends = duck::ParseStoredSet<Backend>(row.TextList(9), "hardware_capabilities.backends");
  if (!backends) return tl::unexpected(backends.error());
  c.backends = *backends;
  auto precisions =
      duck::ParseStoredSet<Precision>(row.TextList(10), "hardware_capabilities.precisions");
  if (!precisions) return tl::unexpected(precisions.error());
  c.precisions = *precisions;
  auto features = duck::ParseStoredSet<Feature>(row.TextList(11), "hardware_capabilities.features");
  if (!features) return tl::unexpected(features.error());
  c.features = *features;
  c.tdp_watts = row.Double(12);
  c.updated_at = row.Time(13).value_or(TimePoint{});
  return c;
}

Result<WorkerHardwareRecord> ReadWorker(const Row& row) {
  WorkerHardwareRecord w;
  w.worker_id = row.Text(0).value_or("");
  w.hostname = row.Text(1).value_or("");
  w.os = row.Text(2).value_or("");
  w.fingerprint = row.Text(3).value_or("");
  w.registered_at = row.Time(4).value_or(TimePoint{});
  w.labels_json = row.Text(5).value_or("");
  return w;
}

Result<PerformanceRecord> ReadPerformance(const Row& row) {
  PerformanceRecord p;
  p.task_kind = row.Text(0).value_or("");
  p.device_model = row.Text(1).value_or("");
  p.samples = row.UInt(2).value_or(0);
  p.mean_runtime_ms = row.Double(3).value_or(0.0);
  p.stddev_runtime_ms = row.Double(4).value_or(0.0);
  p.updated_at = row.Time(5).value_or(TimePoint{});
  return p;
}

}  // namespace

Status DuckDbStore::UpsertCapability(const HardwareCapabilityRecord& c) {
  static const std::string sql = "INSERT OR REPLACE INTO hardware_capabilities (" +
                                 std::string(kCapabilityColumns) +
                                 ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                                 "$13, $14)";
  return duck::ExecWrite(*state_, sql, "upsert hardware capability", c.worker_id, c.device_id,
                         ToString(c.hardware_class), ToString(c.architecture), ToString(c.vendor),
                         c.model, c.memory_total_bytes, c.compute_units, c.compute_capability,
                         c.backends.Names(), c.precisions.Names(), c.features.Names(), c.tdp_watts,
                         c.updated_at);
}

Result<std::vector<HardwareCapabilityRecord>> DuckDbStore::ListCapabilities(
    const std::optional<std::string>& worker_id) {
  static const std::string sql = "SELECT " + std::string(kCapabilityColumns) +
                                 " FROM hardware_capabilities WHERE ($1 IS NULL OR "
                                 "worker_id = $1) ORDER BY worker_id, device_id";
  return duck::QueryAll<HardwareCapabilityRecord>(*state_, sql, "list hardware capabilities",
                                                  &ReadCapability, worker_id);
}

Status DuckDbStore::UpsertWorkerHardware(const WorkerHardwareRecord& w) {
  return duck::ExecWrite(*state_,
                         "INSERT OR REPLACE INTO worker_hardware (worker_id, hostname, os, "
                         "fingerprint, registered_at, labels_json) VALUES ($1, $2, $3, $4, $5, $6)",
                         "upsert worker hardware", w.worker_id, w.hostname, w.os, w.fingerprint,
                         w.registered_at, w.labels_json);
}

Result<WorkerHardwareRecord> DuckDbStore::GetWorkerHardware(std::string_view worker_id) {
  return duck::QueryOne<WorkerHardwareRecord>(
      *state_,
      "SELECT worker_id, hostname, os, fingerprint, registered_at, labels_json "
      "FROM worker_hardware WHERE worker_id = $1",
      "worker_hardware", worker_id, &ReadWorker, worker_id);
}

Result<std::vector<WorkerHardwareRecord>> DuckDbStore::ListWorkerHardware() {
  return duck::QueryAll<WorkerHardwareRecord>(
      *state_,
      "SELECT worker_id, hostname, os, fingerprint, registered_at, labels_json "
      "FROM worker_hardware ORDER BY worker_id",
      "list worker hardware", &ReadWorker);
}

Status DuckDbStore::UpsertPerformance(const PerformanceRecord& p) {
  return duck::ExecWrite(*state_,
                         "INSERT OR REPLACE INTO performance_history (task_kind, device_model, "
                         "samples, mean_runtime_ms, stddev_runtime_ms, updated_at) "
                         "VALUES ($1, $2, $3, $4, $5, $6)",
                         "upsert performance history", p.task_kind, p.device_model, p.samples,
                         p.mean_runtime_ms, p.stddev_runtime_ms, p.updated_at);
}

Result<std::vector<PerformanceRecord>> DuckDbStore::ListPerformance() {
  return duck::QueryAll<PerformanceRecord>(
      *state_,
      "SELECT task_kind, device_model, samples, mean_runtime_ms, stddev_runtime_ms, updated_at "
      "FROM performance_history ORDER BY task_kind, device_model",
      "list performance history", &ReadPerformance);
}

}  // namespace hawk
