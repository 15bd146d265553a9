// The Coordinator's files and projections: checkpoints that travel between
// workers, attempt output, and the store tables reports read.
#include <fstream>

#include "coord/coordinator.h"
#include "coord/coordinator_internal.h"
#include "coord/engine_records.h"
#include "spec/workload_json.h"

namespace hawk::coord {
namespace {

namespace fs = std::filesystem;

// A file-name-safe form of an id.
std::string Safe(std::string_view id) {
  std::string out;
  for (char c : id) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += keep ? c : '_';
  }
  return out;
}

}  // namespace

fs::path Coordinator::LogPath(const std::string& attempt_id) const {
  return options_.state_dir / "logs" / (Safe(attempt_id) + ".log");
}

std::optional<std::string> Coordinator::SaveCheckpoint(
    const std::string& attempt_id, const std::vector<protocol::CheckpointFile>& files) {
  const fs::path dir = options_.state_dir / "checkpoints" / Safe(attempt_id);
  std::error_code ec;
  fs::remove_all(dir, ec);
  for (const protocol::CheckpointFile& f : files) {
    // The codec refused absolute paths and "..": f.path stays inside dir.
    const fs::path path = dir / fs::path(f.path);
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(f.data.data(), static_cast<std::streamsize>(f.data.size()));
    if (!out) {
      Check(MakeError(ErrorCode::kIo, "cannot write checkpoint file", path.string()));
      return std::nullopt;
    }
  }
  return attempt_id;
}

std::optional<std::vector<protocol::CheckpointFile>> Coordinator::LoadCheckpoint(
    const std::string& id) {
  const fs::path dir = options_.state_dir / "checkpoints" / Safe(id);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::nullopt;
  std::vector<protocol::CheckpointFile> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    protocol::CheckpointFile f;
    f.path = fs::relative(it->path(), dir, ec).generic_string();
    f.data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  return files;
}

void Coordinator::OnLog(Session& s, const protocol::Log& m) {
  auto it = attempts_.find(m.attempt_id);
  if (it == attempts_.end() || it->second.worker_id != *s.worker_id) return;
  AttemptView& a = it->second;
  // A resend after a reconnect overlaps what arrived; a gap is kept as is.
  const std::uint64_t end = m.offset + m.data.size();
  if (end <= a.log_bytes || a.log_bytes >= options_.max_log_bytes_per_attempt) return;
  const std::uint64_t skip = m.offset < a.log_bytes ? a.log_bytes - m.offset : 0;
  std::string_view data = std::string_view(m.data).substr(skip);
  data = data.substr(0, options_.max_log_bytes_per_attempt - a.log_bytes);
  const fs::path path = LogPath(m.attempt_id);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) return Check(MakeError(ErrorCode::kIo, "cannot append attempt output", path.string()));
  a.log_bytes += data.size();
}

void Coordinator::StoreSamples(const std::string& worker_id, const protocol::Heartbeat& m) {
  const TimePoint at = m.at.time_since_epoch().count() != 0 ? m.at : clock_.Now();
  std::vector<UtilizationSample> rows;
  const auto add = [&](std::optional<std::string> device, const char* metric, double value) {
    rows.push_back(UtilizationSample{at, worker_id, std::move(device), metric, value});
  };
  add(std::nullopt, "cpu_utilization_ratio", m.cpu_utilization.ToDouble());
  add(std::nullopt, "memory_utilization_ratio", m.memory_utilization.ToDouble());
  if (m.memory_used_bytes) {
    add(std::nullopt, "memory_used_bytes", static_cast<double>(*m.memory_used_bytes));
  }
  if (m.cpu_temperature_celsius)
    add(std::nullopt, "temperature_celsius", *m.cpu_temperature_celsius);
  for (const protocol::DeviceSample& d : m.devices) {
    add(d.device_id, "utilization_ratio", d.utilization.ToDouble());
    add(d.device_id, "memory_utilization_ratio", d.memory_utilization.ToDouble());
    if (d.temperature_celsius) add(d.device_id, "temperature_celsius", *d.temperature_celsius);
    if (d.power_watts) add(d.device_id, "power_watts", *d.power_watts);
  }
  Check(store_.AppendUtilization(rows));
  unflushed_rows_ = true;
}

void Coordinator::StoreWorkerHardware(const WorkerProfile& profile) {
  Check(WriteWorkerHardware(profile, clock_.Now(), store_));
}

// The workload's rows as reports read them: the workload, its tasks, and
// every attempt with its resource use, in one transaction. Written when it
// ends (and for a running one at a close or a restart); the event log is
// what a restart reads.
void Coordinator::StoreWorkload(const std::string& workload_id) {
  const engine::WorkloadRun* w = engine_->FindWorkload(workload_id);
  if (w == nullptr) return;
  WorkloadRows rows;
  WorkloadRecord& record = rows.workload;
  record.id = workload_id;
  record.name = w->workload().name;
  record.spec_json = spec::WorkloadToJson(w->workload()).dump();
  record.status = std::string(ToString(w->status()));
  record.submitted_at = w->submitted_at();
  record.finished_at = w->finished_at();
  rows.tasks = TaskRecords(*engine_, *w, workload_id);
  std::map<std::string, std::uint32_t> numbers;
  for (const AttemptView* view : WorkloadAttempts(workload_id)) {
    const AttemptView& a = *view;
    const std::string& id = a.attempt_id;
    AttemptRecord& r = rows.attempts.emplace_back();
    r.attempt_id = id;
    r.workload_id = workload_id;
    r.task_id = a.unit_id;
    r.attempt_number = ++numbers[a.unit_id];
    r.worker_id = a.worker_id;
    r.devices = a.device_ids;
    r.status = a.status == "lost" ? "failed" : a.status == "dispatched" ? "queued" : a.status;
    r.exit_code = a.exit_code;
    r.signal = a.signal;
    r.queued_at = a.dispatched_at;
    r.started_at = a.started_at;
    r.finished_at = a.finished_at;
    if (const engine::AttemptTiming* t = engine_->performance().Find(id)) {
      r.queued_at = t->queued_at;
      if (t->finished_at && t->failure != engine::FailureKind::kNone) {
        r.failure_kind = std::string(ToString(t->failure));
        r.message = t->failure_reason;
      }
    }
    if (a.usage) {
      TaskUsageRecord& u = rows.usages.emplace_back();
      u.attempt_id = id;
      u.workload_id = workload_id;
      u.task_id = a.unit_id;
      u.worker_id = a.worker_id;
      u.cpu_seconds = a.usage->cpu_seconds;
      u.peak_memory_bytes = a.usage->peak_memory_bytes;
      u.avg_memory_bytes = a.usage->avg_memory_bytes;
      u.read_bytes = a.usage->read_bytes;
      u.write_bytes = a.usage->write_bytes;
      u.source = "proc";
    }
  }
  Check(store_.ReplaceWorkloadRows(rows));
}

}  // namespace hawk::coord
