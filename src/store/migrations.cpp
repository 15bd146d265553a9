#include "store/migrations.h"

#include <array>

namespace hawk {
namespace {

// v1: the base tables.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE hawk_schema (
  version INTEGER PRIMARY KEY,
  applied_at TIMESTAMP NOT NULL
);
CREATE TABLE workloads (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  spec_json VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  submitted_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP
);
CREATE TABLE tasks (
  workload_id VARCHAR NOT NULL,
  task_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  device_class VARCHAR NOT NULL,
  priority INTEGER NOT NULL,
  critical BOOLEAN NOT NULL,
  criticality VARCHAR NOT NULL,
  depends_on VARCHAR[] NOT NULL,
  estimated_duration_ms BIGINT,
  PRIMARY KEY (workload_id, task_id)
);
CREATE TABLE attempts (
  attempt_id VARCHAR PRIMARY KEY,
  workload_id VARCHAR NOT NULL,
  task_id VARCHAR NOT NULL,
  attempt_number UINTEGER NOT NULL,
  worker_id VARCHAR,
  devices VARCHAR[] NOT NULL,
  status VARCHAR NOT NULL,
  exit_code INTEGER,
  signal INTEGER,
  failure_kind VARCHAR,
  message VARCHAR,
  queued_at TIMESTAMP NOT NULL,
  started_at TIMESTAMP,
  finished_at TIMESTAMP
);
CREATE TABLE events (
  seq BIGINT NOT NULL,
  ts TIMESTAMP NOT NULL,
  type VARCHAR NOT NULL,
  workload_id VARCHAR,
  task_id VARCHAR,
  attempt_id VARCHAR,
  payload_json VARCHAR NOT NULL
);
CREATE TABLE resource_utilization (
  ts TIMESTAMP NOT NULL,
  worker_id VARCHAR NOT NULL,
  device_id VARCHAR,
  metric VARCHAR NOT NULL,
  value DOUBLE NOT NULL
);
CREATE TABLE task_resource_usage (
  attempt_id VARCHAR PRIMARY KEY,
  workload_id VARCHAR NOT NULL,
  task_id VARCHAR NOT NULL,
  worker_id VARCHAR NOT NULL,
  cpu_seconds DOUBLE NOT NULL,
  peak_memory_bytes UBIGINT,
  avg_memory_bytes UBIGINT,
  read_bytes UBIGINT,
  write_bytes UBIGINT,
  net_rx_bytes UBIGINT,
  net_tx_bytes UBIGINT,
  gpu_memory_peak_bytes UBIGINT,
  gpu_utilization_avg_ratio DOUBLE,
  energy_joules DOUBLE
);
CREATE TABLE hardware_alerts (
  ts TIMESTAMP NOT NULL,
  worker_id VARCHAR NOT NULL,
  device_id VARCHAR,
  resource VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  state VARCHAR NOT NULL CHECK (state IN ('opened', 'closed')),
  value DOUBLE NOT NULL,
  threshold DOUBLE NOT NULL,
  message VARCHAR NOT NULL
);
CREATE TABLE hardware_capabilities (
  worker_id VARCHAR NOT NULL,
  device_id VARCHAR NOT NULL,
  class VARCHAR NOT NULL,
  architecture VARCHAR NOT NULL,
  vendor VARCHAR NOT NULL,
  model VARCHAR NOT NULL,
  memory_total_bytes UBIGINT NOT NULL,
  compute_units UINTEGER NOT NULL,
  compute_capability VARCHAR,
  backends VARCHAR[] NOT NULL,
  precisions VARCHAR[] NOT NULL,
  features VARCHAR[] NOT NULL,
  tdp_watts DOUBLE,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (worker_id, device_id)
);
CREATE TABLE worker_hardware (
  worker_id VARCHAR PRIMARY KEY,
  hostname VARCHAR NOT NULL,
  os VARCHAR NOT NULL,
  fingerprint VARCHAR NOT NULL,
  registered_at TIMESTAMP NOT NULL,
  labels_json VARCHAR NOT NULL
);
CREATE TABLE performance_history (
  task_kind VARCHAR NOT NULL,
  device_model VARCHAR NOT NULL,
  samples UBIGINT NOT NULL,
  mean_runtime_ms DOUBLE NOT NULL,
  stddev_runtime_ms DOUBLE NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (task_kind, device_model)
);
)sql";

// v2: per-test-case results from JUnit output, and throttling time per attempt.
constexpr std::string_view kV2 = R"sql(
ALTER TABLE attempts ADD COLUMN throttled_ms BIGINT;
CREATE TABLE test_results (
  workload_id VARCHAR NOT NULL,
  task_id VARCHAR NOT NULL,
  attempt_id VARCHAR NOT NULL,
  suite VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  duration_ms BIGINT,
  message VARCHAR
);
)sql";

// v3: utilization samples as (ts, series_id, value) points of a series
// dimension, three fixed-width columns instead of three text columns per row;
// `resource_utilization` becomes a view with the same columns as before.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE utilization_series (
  series_id BIGINT PRIMARY KEY,
  worker_id VARCHAR NOT NULL,
  device_id VARCHAR,
  metric VARCHAR NOT NULL
);
INSERT INTO utilization_series
  SELECT row_number() OVER (ORDER BY worker_id, device_id NULLS FIRST, metric),
         worker_id, device_id, metric
  FROM (SELECT DISTINCT worker_id, device_id, metric FROM resource_utilization);
CREATE TABLE utilization_points (
  ts TIMESTAMP NOT NULL,
  series_id BIGINT NOT NULL,
  value DOUBLE NOT NULL
);
INSERT INTO utilization_points
  SELECT r.ts, s.series_id, r.value
  FROM resource_utilization r JOIN utilization_series s
    ON r.worker_id = s.worker_id AND r.device_id IS NOT DISTINCT FROM s.device_id
       AND r.metric = s.metric;
DROP TABLE resource_utilization;
CREATE VIEW resource_utilization AS
  SELECT p.ts, s.worker_id, s.device_id, s.metric, p.value
  FROM utilization_points p JOIN utilization_series s USING (series_id);
)sql";

// v4: where each task's usage figures came from ("cgroup_v2", "proc").
constexpr std::string_view kV4 = R"sql(
ALTER TABLE task_resource_usage ADD COLUMN source VARCHAR;
)sql";

constexpr std::array kMigrations = {
    Migration{1, "base tables", kV1},
    Migration{2, "test_results table, attempts.throttled_ms", kV2},
    Migration{3, "utilization as series and points", kV3},
    Migration{4, "task_resource_usage.source", kV4},
};

constexpr bool VersionsAreConsecutive() {
  for (std::size_t i = 0; i < kMigrations.size(); ++i) {
    if (kMigrations[i].version != static_cast<int>(i) + 1) return false;
  }
  return true;
}
static_assert(VersionsAreConsecutive(), "migration versions must be 1, 2, 3, ...");

}  // namespace

std::span<const Migration> Migrations() {
  return kMigrations;
}

int LatestSchemaVersion() {
  return static_cast<int>(kMigrations.size());
}

}  // namespace hawk
