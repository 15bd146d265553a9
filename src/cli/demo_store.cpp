// Writes a demo run into DuckDB with the same schema a real run uses.
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/demo_run.h"
#include "coord/engine_records.h"
#include "spec/workload_json.h"
#include "store/duckdb_store.h"

namespace hawk::cli {
namespace {

std::string AttemptStatus(const engine::AttemptTiming& a) {
  if (!a.finished_at) return "running";
  if (a.failure == engine::FailureKind::kNone) return "succeeded";
  if (a.failure_reason.rfind("cancelled", 0) == 0) return "cancelled";
  return "failed";
}

#define HAWK_TRY(expr)                                   \
  do {                                                   \
    if (auto status_ = (expr); !status_) return status_; \
  } while (false)

}  // namespace

Status WriteDemoDatabase(const DemoRun& run, const std::string& path) {
  auto opened = DuckDbStore::Open(path);
  if (!opened) return tl::unexpected(opened.error());
  return WriteDemoStore(run, **opened);
}

Status WriteDemoStore(const DemoRun& run, Store& store) {
  const sim::SimulationResult& r = run.result;
  const engine::Orchestrator& engine = run.simulation->engine();

  for (const sim::SimWorker& worker : run.simulation->fleet().workers) {
    HAWK_TRY(coord::WriteWorkerHardware(worker.Profile(), r.started, store));
  }

  for (const auto& [id, workload] : run.workloads) {
    const engine::WorkloadRun* w = engine.FindWorkload(id);
    if (w == nullptr) continue;
    WorkloadRecord record;
    record.id = id;
    record.name = workload.name;
    record.spec_json = spec::WorkloadToJson(workload).dump();
    record.status = std::string(ToString(w->status()));
    record.submitted_at = w->submitted_at();
    record.finished_at = w->finished_at();
    HAWK_TRY(store.UpsertWorkload(record));
    HAWK_TRY(coord::WriteTaskRecords(engine, *w, id, store));
  }

  std::map<std::string, std::uint32_t> attempt_numbers;
  std::map<std::pair<std::string, std::string>, std::vector<double>> runtimes;
  for (const engine::AttemptTiming& a : engine.performance().records()) {
    AttemptRecord rec;
    rec.attempt_id = a.attempt_id;
    rec.workload_id = a.workload_id;
    rec.task_id = a.unit_id;
    rec.attempt_number = ++attempt_numbers[a.workload_id + "/" + a.unit_id];
    rec.worker_id = a.worker_id;
    rec.devices = a.device_ids;
    rec.status = AttemptStatus(a);
    if (a.finished_at && a.failure != engine::FailureKind::kNone) {
      rec.failure_kind = std::string(ToString(a.failure));
      rec.message = a.failure_reason;
    }
    rec.queued_at = a.queued_at;
    rec.started_at = a.started_at;
    rec.finished_at = a.finished_at;
    rec.throttled_ms = a.throttled.count();
    HAWK_TRY(store.UpsertAttempt(rec));
    if (a.succeeded() && !a.device_model.empty()) {
      runtimes[{a.task_kind, a.device_model}].push_back(double(a.run_time()->count()));
    }
  }
  for (const auto& [key, values] : runtimes) {
    double mean = 0;
    for (double v : values) mean += v;
    mean /= double(values.size());
    double var = 0;
    for (double v : values) var += (v - mean) * (v - mean);
    HAWK_TRY(store.UpsertPerformance(PerformanceRecord{key.first, key.second, values.size(), mean,
                                                       std::sqrt(var / double(values.size())),
                                                       r.finished}));
  }

  for (const sim::LogEntry& e : r.log) {
    if (auto seq = store.AppendEvent(coord::CommandEvent(e.at, e.command)); !seq)
      return tl::unexpected(seq.error());
  }
  std::vector<UtilizationSample> samples;
  samples.reserve(r.samples.size() * 2);
  for (const sim::DeviceSample& s : r.samples) {
    samples.push_back(
        UtilizationSample{s.at, s.worker_id, s.device_id, "utilization_ratio", s.utilization});
    samples.push_back(UtilizationSample{s.at, s.worker_id, s.device_id, "temperature_celsius",
                                        s.temperature_celsius});
  }
  HAWK_TRY(store.AppendUtilization(samples));
  return store.Flush();
}

}  // namespace hawk::cli
