#include "cli/run_loop.h"

#include <algorithm>
#include <deque>
#include <fstream>
#include <map>
#include <set>

#include "agent/process_runner.h"
#include "cli/run_junit.h"

namespace hawk::cli {
namespace {

agent::ProcessRunnerOptions RunnerOptions(const LocalRunOptions& options) {
  agent::ProcessRunnerOptions runner;
  runner.kill_grace = options.kill_grace;
  runner.track_usage = options.track_usage;
  return runner;
}

// A unit id ("tests#2") as a file name part.
std::string FileSafe(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += keep ? c : '_';
  }
  return out;
}

bool HasEntries(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_directory(dir, ec) &&
         std::filesystem::directory_iterator(dir, ec) != std::filesystem::directory_iterator();
}

// Drives one workload; RunLocally's state between passes.
class Driver {
 public:
  Driver(LocalRun& run, const Clock& clock, const LocalRunOptions& options)
      : run_(run), clock_(clock), options_(options), runner_(clock, RunnerOptions(options)) {}

  void Run() {
    TimePoint now = clock_.Now();
    run_.started_at = now;
    for (const WorkerProfile& w : run_.workers)
      Apply(run_.engine->Handle(engine::WorkerJoined{w}, now));
    SendHeartbeats(now);
    Apply(run_.engine->Handle(engine::SubmitWorkload{run_.workload_id, run_.workload}, now));
    while (true) {
      now = clock_.Now();
      if (options_.stop != nullptr && options_.stop->load() && !cancel_sent_) {
        cancel_sent_ = true;
        Apply(run_.engine->Handle(engine::CancelWorkload{run_.workload_id, "interrupted"}, now));
      }
      Apply(run_.engine->Tick(now));
      if (now - last_heartbeat_ >= options_.heartbeat_interval) SendHeartbeats(now);
      FeedPending();
      if (Finished() && runner_.running() == 0) break;
      for (agent::ProcessExit& exit : runner_.Poll(options_.tick)) Ended(std::move(exit));
      FeedPending();
    }
    run_.finished_at = clock_.Now();
    const engine::WorkloadRun* w = run_.engine->FindWorkload(run_.workload_id);
    if (w != nullptr) {
      run_.status = w->status();
      run_.status_reason = w->status_reason();
    }
  }

 private:
  bool Finished() const {
    const engine::WorkloadRun* w = run_.engine->FindWorkload(run_.workload_id);
    return w == nullptr || w->status() != engine::WorkloadStatus::kRunning;
  }

  void Progress(const std::string& line) const {
    if (options_.on_progress) options_.on_progress(line);
  }

  void Apply(std::vector<engine::EngineCommand> commands) {
    for (engine::EngineCommand& command : commands) {
      const TimePoint now = clock_.Now();
      run_.log.push_back(RunLogEntry{now, command, std::nullopt});
      if (const auto* dispatch = std::get_if<engine::DispatchAttempt>(&command)) {
        Start(*dispatch, now);
      } else if (const auto* cancel = std::get_if<engine::CancelAttempt>(&command)) {
        cancelled_.insert(cancel->attempt_id);
        runner_.Cancel(cancel->attempt_id, cancel->reason);
      } else if (const auto* notice = std::get_if<engine::Notice>(&command)) {
        Progress("note     " + notice->text);
      } else if (const auto* done = std::get_if<engine::WorkloadFinished>(&command)) {
        if (done->workload_id == run_.workload_id) {
          run_.status = done->status;
          run_.status_reason = done->reason;
        }
      }
    }
  }

  std::filesystem::path CheckpointDir(const std::string& unit_id) const {
    return run_.run_dir / "checkpoints" / FileSafe(unit_id);
  }

  void Start(const engine::DispatchAttempt& d, TimePoint now) {
    agent::ProcessSpec spec;
    spec.id = d.attempt_id;
    spec.command = d.command;
    spec.env = d.env;
    if (d.restore_checkpoint) spec.env["HAWK_RESTORE_CHECKPOINT"] = *d.restore_checkpoint;
    spec.working_dir = d.working_dir;
    spec.timeout = d.timeout;
    spec.log_path = run_.run_dir / "logs" / (FileSafe(d.unit_id) + "." + d.attempt_id + ".log");
    spec.checkpoint_dir = CheckpointDir(d.unit_id);
    std::optional<std::filesystem::path> junit_dir;
    if (auto dir = PrepareJUnitDir(run_.run_dir, d.attempt_id)) {
      junit_dir = *dir;
      spec.env["HAWK_JUNIT_DIR"] = dir->string();
    } else {
      Progress("warn     " + d.unit_id + ": " + dir.error().ToString());
    }

    LocalAttempt attempt;
    attempt.attempt_id = d.attempt_id;
    attempt.unit_id = d.unit_id;
    attempt.task_id = d.task_id;
    attempt.worker_id = d.worker_id;
    attempt.device_ids = d.device_ids;
    attempt.command = d.command.Display();
    attempt.started_at = now;
    attempt.log_path = spec.log_path;
    attempt.working_dir = d.working_dir;
    attempt.junit_dir = junit_dir;
    attempts_.emplace(d.attempt_id, run_.attempts.size());
    auto started = runner_.Start(spec);
    if (started) {
      ++busy_[d.worker_id];
      Progress("start    " + d.unit_id + " on " + d.worker_id + " (" + d.attempt_id + ")");
      run_.attempts.push_back(std::move(attempt));
      return;
    }
    // It never ran: a failed attempt, as a shell reports it (127, 126).
    const Error& error = started.error();
    attempt.finished_at = now;
    attempt.exit_code = error.code == ErrorCode::kNotFound ? 127 : 126;
    attempt.start_error = error.ToString();
    attempt.outcome = "could not start: " + error.ToString();
    attempt.log_tail = error.ToString();
    Progress("fail     " + d.unit_id + " could not start: " + error.ToString());
    engine::AttemptFinished finished;
    finished.attempt_id = d.attempt_id;
    finished.outcome.exit_code = attempt.exit_code;
    finished.outcome.log_tail = attempt.log_tail;
    run_.attempts.push_back(std::move(attempt));
    run_.log.push_back(RunLogEntry{now, std::nullopt, d.attempt_id});
    pending_.push_back(std::move(finished));
  }

  void Ended(agent::ProcessExit exit) {
    const TimePoint now = clock_.Now();
    const auto index = attempts_.find(exit.id);
    if (index == attempts_.end()) return;
    LocalAttempt& attempt = run_.attempts[index->second];
    --busy_[attempt.worker_id];
    attempt.started_at = exit.started_at;  // when the process began, after the fork
    attempt.finished_at = exit.finished_at;
    attempt.exit_code = exit.exit_code;
    attempt.signal = exit.signal;
    attempt.timed_out = exit.timed_out;
    attempt.cancelled = cancelled_.count(exit.id) > 0;
    attempt.outcome = agent::DescribeExit(exit);
    attempt.log_tail = exit.log_tail;
    attempt.usage = exit.usage;
    CollectTests(attempt);
    run_.log.push_back(RunLogEntry{now, std::nullopt, exit.id});
    Progress("end      " + attempt.unit_id + " (" + attempt.attempt_id + "): " + attempt.outcome +
             " in " + FormatDuration(exit.duration));
    // The engine already counts a cancelled attempt as over.
    if (attempt.cancelled) return;
    engine::AttemptFinished finished;
    finished.attempt_id = exit.id;
    finished.outcome.exit_code = exit.exit_code;
    finished.outcome.signal = exit.signal;
    finished.outcome.timed_out = exit.timed_out;
    finished.outcome.log_tail = exit.log_tail;
    const std::filesystem::path checkpoint = CheckpointDir(attempt.unit_id);
    if (HasEntries(checkpoint)) finished.checkpoint = checkpoint.string();
    pending_.push_back(std::move(finished));
  }

  const Task* FindTask(const std::string& task_id) const {
    for (const Task& t : run_.workload.tasks) {
      if (t.id == task_id) return &t;
    }
    return nullptr;
  }

  // Reads the attempt's JUnit files; what cannot be read is a warning.
  void CollectTests(LocalAttempt& attempt) const {
    const Task* task = FindTask(attempt.task_id);
    static const std::vector<std::string> kNoPaths;
    JUnitCollection found = CollectJUnit(
        attempt.junit_dir, task != nullptr ? task->junit_paths : kNoPaths, attempt.working_dir);
    attempt.test_cases = std::move(found.test_cases);
    attempt.junit_warnings = std::move(found.warnings);
    if (attempt.junit_warnings.empty()) return;
    std::ofstream log(attempt.log_path, std::ios::app);
    for (const std::string& warning : attempt.junit_warnings) {
      Progress("warn     " + attempt.unit_id + " (" + attempt.attempt_id + "): " + warning);
      if (log) log << "hawk: warning: " << warning << "\n";
    }
  }

  void FeedPending() {
    while (!pending_.empty()) {
      engine::AttemptFinished finished = std::move(pending_.front());
      pending_.pop_front();
      Apply(run_.engine->Handle(finished, clock_.Now()));
    }
  }

  void SendHeartbeats(TimePoint now) {
    last_heartbeat_ = now;
    for (const WorkerProfile& w : run_.workers) {
      engine::WorkerHeartbeat hb;
      hb.worker_id = w.worker_id;
      const double slots = std::max<std::uint32_t>(w.cpu_slots, 1);
      hb.cpu_utilization = Fraction::FromDouble(std::min(1.0, double(busy_[w.worker_id]) / slots));
      Apply(run_.engine->Handle(hb, now));
    }
  }

  LocalRun& run_;
  const Clock& clock_;
  const LocalRunOptions& options_;
  agent::ProcessRunner runner_;
  std::map<std::string, std::size_t> attempts_;  // attempt id -> index in run_.attempts
  std::map<std::string, std::uint32_t> busy_;    // worker id -> running attempts
  std::set<std::string> cancelled_;
  std::deque<engine::AttemptFinished> pending_;
  TimePoint last_heartbeat_{};
  bool cancel_sent_ = false;
};

}  // namespace

engine::OrchestratorConfig LocalRunOptions::DefaultEngineConfig() {
  engine::OrchestratorConfig config;
  config.unsatisfiable_wait = Duration(0);
  return config;
}

const LocalAttempt* LocalRun::FindAttempt(const std::string& attempt_id) const {
  for (const LocalAttempt& a : attempts) {
    if (a.attempt_id == attempt_id) return &a;
  }
  return nullptr;
}

std::vector<WorkerProfile> LocalWorkers(const WorkerProfile& machine, std::uint32_t count) {
  count = std::max<std::uint32_t>(count, 1);
  std::vector<WorkerProfile> workers;
  for (std::uint32_t i = 0; i < count; ++i) {
    WorkerProfile w = machine;
    w.worker_id = "local-" + std::to_string(i);
    w.cpu_slots = std::max<std::uint32_t>(machine.cpu_slots / count, 1);
    w.devices.clear();
    std::uint32_t accelerator = 0;
    for (const DeviceProfile& d : machine.devices) {
      const bool cpu = d.hardware_class == HardwareClass::kCpu;
      if (cpu || accelerator++ % count == i) w.devices.push_back(d);
    }
    w.labels["local_worker"] = std::to_string(i);
    workers.push_back(std::move(w));
  }
  return workers;
}

std::string NewWorkloadId(const Workload& workload, TimePoint now) {
  std::string stamp;
  for (char c : FormatIso8601(now)) {
    if (c != '-' && c != ':' && c != '.') stamp += c;
  }
  return workload.name + "-" + stamp;
}

Result<LocalRun> RunLocally(std::string workload_id, Workload workload,
                            std::vector<WorkerProfile> workers, const Clock& clock,
                            const LocalRunOptions& options) {
  auto engine = engine::Orchestrator::Create(options.engine);
  if (!engine) return tl::unexpected(engine.error());
  LocalRun run;
  run.workload_id = std::move(workload_id);
  run.workload = std::move(workload);
  run.workers = std::move(workers);
  run.engine = std::move(*engine);
  run.run_dir = options.state_dir / FileSafe(run.workload_id);
  Driver(run, clock, options).Run();
  if (run.engine->FindWorkload(run.workload_id) == nullptr) {
    return InvalidArgument("the engine refused the workload: " + run.status_reason,
                           run.workload.name);
  }
  return run;
}

}  // namespace hawk::cli
