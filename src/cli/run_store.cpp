// Writes a local run into the store, with the schema every run uses.
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_output.h"
#include "cli/usage_record.h"
#include "coord/engine_records.h"
#include "spec/workload_json.h"

namespace hawk::cli {
namespace {

#define HAWK_TRY(expr)                                   \
  do {                                                   \
    if (auto status_ = (expr); !status_) return status_; \
  } while (false)

std::string AttemptStatus(const LocalAttempt& a) {
  if (!a.finished_at) return "running";
  if (a.cancelled) return "cancelled";
  if (a.exit_code == 0 && !a.signal && !a.timed_out) return "succeeded";
  return "failed";
}

EventRecord FinishedEvent(const LocalRun& run, TimePoint at, const LocalAttempt& a) {
  EventRecord ev;
  ev.ts = at;
  ev.type = "attempt_finished";
  ev.workload_id = run.workload_id;
  ev.task_id = a.unit_id;
  ev.attempt_id = a.attempt_id;
  nlohmann::ordered_json payload = {{"worker_id", a.worker_id},
                                    {"status", AttemptStatus(a)},
                                    {"outcome", a.outcome},
                                    {"timed_out", a.timed_out},
                                    {"log", a.log_path.string()}};
  if (a.exit_code) payload["exit_code"] = *a.exit_code;
  if (a.signal) payload["signal"] = *a.signal;
  if (a.finished_at) payload["duration_ms"] = (*a.finished_at - a.started_at).count();
  ev.payload_json = payload.dump();
  return ev;
}

Status WriteWorkload(const LocalRun& run, Store& store) {
  const engine::WorkloadRun* w = run.engine->FindWorkload(run.workload_id);
  WorkloadRecord record;
  record.id = run.workload_id;
  record.name = run.workload.name;
  record.spec_json = spec::WorkloadToJson(run.workload).dump();
  record.status = std::string(ToString(run.status));
  record.submitted_at = w != nullptr ? w->submitted_at() : run.started_at;
  record.finished_at = w != nullptr ? w->finished_at() : run.finished_at;
  HAWK_TRY(store.UpsertWorkload(record));
  if (w == nullptr) return Ok();
  return coord::WriteTaskRecords(*run.engine, *w, run.workload_id, store);
}

// What each tracked attempt's process tree used, as table task_resource_usage
// rows (task_id the unit, as in the attempts table).
Status WriteTaskUsage(const LocalRun& run, Store& store) {
  std::vector<TaskUsageRecord> rows;
  for (const LocalAttempt& a : run.attempts) {
    if (!a.usage) continue;
    TaskUsageRecord r = TaskUsageRecordFrom(*a.usage);
    r.attempt_id = a.attempt_id;
    r.workload_id = run.workload_id;
    r.task_id = a.unit_id;
    r.worker_id = a.worker_id;
    rows.push_back(std::move(r));
  }
  return store.UpsertTaskUsages(rows);
}

// The test cases of each attempt's JUnit files, as table test_results rows.
Status WriteTestResults(const LocalRun& run, Store& store) {
  std::vector<TestResultRecord> rows;
  for (const LocalAttempt& a : run.attempts) {
    for (const report::JUnitTestCase& c : a.test_cases) {
      rows.push_back(TestResultRecord{run.workload_id, a.unit_id, a.attempt_id, c.suite, c.name,
                                      std::string(ToString(c.status)), c.duration_ms, c.message});
    }
  }
  if (rows.empty()) return Ok();
  return store.AppendTestResults(rows);
}

}  // namespace

Status WriteLocalRun(const LocalRun& run, Store& store) {
  for (const WorkerProfile& worker : run.workers) {
    HAWK_TRY(coord::WriteWorkerHardware(worker, run.started_at, store));
  }
  HAWK_TRY(WriteWorkload(run, store));

  std::map<std::string, std::uint32_t> attempt_numbers;
  std::vector<AttemptRecord> attempts;
  attempts.reserve(run.attempts.size());
  for (const LocalAttempt& a : run.attempts) {
    AttemptRecord rec;
    rec.attempt_id = a.attempt_id;
    rec.workload_id = run.workload_id;
    rec.task_id = a.unit_id;
    rec.attempt_number = ++attempt_numbers[a.unit_id];
    rec.worker_id = a.worker_id;
    rec.devices = a.device_ids;
    rec.status = AttemptStatus(a);
    rec.exit_code = a.exit_code;
    rec.signal = a.signal;
    rec.queued_at = a.started_at;
    rec.started_at = a.started_at;
    rec.finished_at = a.finished_at;
    if (const engine::AttemptTiming* t = run.engine->performance().Find(a.attempt_id)) {
      rec.queued_at = t->queued_at;
      if (t->finished_at && t->failure != engine::FailureKind::kNone) {
        rec.failure_kind = std::string(ToString(t->failure));
        rec.message = t->failure_reason;
      }
    }
    if (a.start_error) rec.message = *a.start_error;
    attempts.push_back(std::move(rec));
  }
  HAWK_TRY(store.UpsertAttempts(attempts));
  HAWK_TRY(WriteTestResults(run, store));
  HAWK_TRY(WriteTaskUsage(run, store));

  EventRecord submitted;
  submitted.ts = run.started_at;
  submitted.type = "workload_submitted";
  submitted.workload_id = run.workload_id;
  nlohmann::ordered_json workers = nlohmann::ordered_json::array();
  for (const WorkerProfile& w : run.workers) workers.push_back(w.worker_id);
  submitted.payload_json = nlohmann::ordered_json{
      {"name", run.workload.name},
      {"mode", "local"},
      {"workers", workers}}.dump();
  if (auto seq = store.AppendEvent(submitted); !seq) return tl::unexpected(seq.error());
  for (const RunLogEntry& entry : run.log) {
    EventRecord ev;
    if (entry.command) {
      ev = coord::CommandEvent(entry.at, *entry.command);
    } else if (const LocalAttempt* a =
                   entry.finished_attempt ? run.FindAttempt(*entry.finished_attempt) : nullptr) {
      ev = FinishedEvent(run, entry.at, *a);
    } else {
      continue;
    }
    if (auto seq = store.AppendEvent(ev); !seq) return tl::unexpected(seq.error());
  }
  return store.Flush();
}

}  // namespace hawk::cli
