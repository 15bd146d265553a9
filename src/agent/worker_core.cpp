#include "agent/worker_core.h"

#include <algorithm>
#include <cassert>
#include <fstream>
#include <type_traits>
#include <utility>
#include <variant>

#include "agent/worker_files.h"
#include "protocol/codec.h"

namespace hawk::agent {
namespace {

ProcessRunnerOptions RunnerOptions(const WorkerCoreOptions& options) {
  ProcessRunnerOptions runner;
  runner.kill_grace = options.kill_grace;
  runner.track_usage = options.track_usage;
  runner.proc_root = options.proc_root;
  runner.sys_root = options.sys_root;
  return runner;
}

protocol::UsageReport ToUsageReport(const monitor::TaskUsage& usage) {
  protocol::UsageReport r;
  r.cpu_seconds = usage.cpu_seconds;
  r.peak_memory_bytes = usage.peak_memory_bytes;
  r.avg_memory_bytes = usage.avg_memory_bytes;
  r.read_bytes = usage.read_bytes;
  r.write_bytes = usage.write_bytes;
  r.samples = usage.samples;
  return r;
}

void AppendToLog(const std::filesystem::path& log, const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  std::ofstream out(log, std::ios::app | std::ios::binary);
  for (const std::string& line : lines) out << "hawk: " << line << "\n";
}

}  // namespace

WorkerCore::WorkerCore(const Clock& clock, WorkerCoreOptions options)
    : clock_(clock),
      options_(std::move(options)),
      runner_(clock, RunnerOptions(options_)),
      spare_folders_(options_.state_dir / "spare-folders"),
      heartbeat_interval_(options_.heartbeat_interval) {
  assert(options_.telemetry != nullptr && "WorkerCoreOptions::telemetry is required");
  options_.log_chunk_bytes = std::max<std::size_t>(options_.log_chunk_bytes, 4);
  options_.log_bytes_per_poll = std::max(options_.log_bytes_per_poll, options_.log_chunk_bytes);
}

WorkerCore::~WorkerCore() = default;

std::vector<protocol::Message> WorkerCore::OnConnected() {
  connected_ = true;
  welcomed_ = false;
  outgoing_.clear();
  protocol::Hello hello;
  hello.worker_id = options_.profile.worker_id;
  hello.agent = options_.agent;
  return {protocol::Message(std::move(hello))};
}

void WorkerCore::OnDisconnected() {
  connected_ = false;
  welcomed_ = false;
  outgoing_.clear();
}

void WorkerCore::OnMessage(const protocol::Message& message) {
  std::visit(
      [this](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, protocol::Welcome>) {
          OnWelcome(m);
        } else if constexpr (std::is_same_v<T, protocol::Dispatch>) {
          OnDispatch(m);
        } else if constexpr (std::is_same_v<T, protocol::Cancel>) {
          OnCancel(m);
        } else if constexpr (std::is_same_v<T, protocol::Ack>) {
          OnAck(m);
        } else if constexpr (std::is_same_v<T, protocol::Drain>) {
          Notice("the coordinator asks this worker to drain");
          BeginDrain();
        } else if constexpr (std::is_same_v<T, protocol::Error>) {
          Notice("coordinator error " + m.code + ": " + m.message);
        } else {
          Notice("ignored a message a worker does not expect: " +
                 std::string(protocol::TypeName(protocol::Message(m))));
        }
      },
      message);
}

void WorkerCore::OnWelcome(const protocol::Welcome& welcome) {
  if (!connected_) return;
  if (welcome.heartbeat_interval_ms > 0) {
    heartbeat_interval_ = Duration(welcome.heartbeat_interval_ms);
  }
  welcomed_ = true;
  last_heartbeat_.reset();
  protocol::Register reg;
  reg.profile = options_.profile;
  reg.running_attempts = RunningAttempts();
  reg.draining = draining_;
  reg.alerts = options_.telemetry->OpenAlerts();
  Send(std::move(reg));
  for (const protocol::TaskUpdate& update : unacked_) Send(update);
  while (!offline_samples_.empty()) {
    protocol::Samples samples;
    while (!offline_samples_.empty() && samples.heartbeats.size() < options_.samples_per_message) {
      samples.heartbeats.push_back(std::move(offline_samples_.front()));
      offline_samples_.pop_front();
    }
    Send(std::move(samples));
  }
  if (draining_) Send(protocol::Drain{});
}

void WorkerCore::OnDispatch(const protocol::Dispatch& d) {
  for (const protocol::TaskUpdate& update : unacked_) {
    if (update.attempt_id == d.attempt_id) {
      Send(update);  // it ran already; the coordinator missed the result
      return;
    }
  }
  if (attempts_.count(d.attempt_id) > 0) {
    protocol::TaskUpdate started;
    started.attempt_id = d.attempt_id;
    started.state = protocol::TaskState::kStarted;
    started.at = clock_.Now();
    Send(std::move(started));
    return;
  }
  const auto waits = [&](const auto& entry) { return entry.second.attempt_id == d.attempt_id; };
  if (std::any_of(waiting_.begin(), waiting_.end(), waits)) return;  // still waiting
  if (draining_) {
    Notice("refused attempt " + d.attempt_id + ": draining");
    Send(protocol::Error{"draining", "worker " + options_.profile.worker_id +
                                         " is draining; attempt " + d.attempt_id +
                                         " was not started"});
    return;
  }
  if (d.after) {
    const auto before = attempts_.find(*d.after);
    if (before != attempts_.end() && !before->second.exit && !waiting_.contains(*d.after)) {
      waiting_.emplace(*d.after, d);
      return;
    }
  }
  Launch(d);
}

void WorkerCore::Launch(const protocol::Dispatch& d) {
  Attempt attempt;
  attempt.workload_id = d.workload_id;
  attempt.unit_id = d.unit_id;
  attempt.log_path = options_.state_dir / "logs" / (FileSafe(d.attempt_id) + ".log");
  attempt.checkpoint_dir = CheckpointDir(d.workload_id, d.unit_id);

  ProcessSpec spec;
  spec.id = d.attempt_id;
  spec.command = d.command;
  spec.env = d.env;
  spec.working_dir = d.working_dir;
  spec.log_path = attempt.log_path;
  spec.checkpoint_dir = attempt.checkpoint_dir;
  if (d.timeout_ms) spec.timeout = Duration(*d.timeout_ms);
  if (d.checkpoint) {
    if (Status restored = RestoreCheckpoint(attempt.checkpoint_dir, *d.checkpoint); !restored) {
      StartFailed(d, restored.error());
      return;
    }
    spec.env["HAWK_RESTORE_CHECKPOINT"] = attempt.checkpoint_dir.string();
  } else if (Status made = spare_folders_.Provide(attempt.checkpoint_dir); !made) {
    StartFailed(d, made.error());
    return;
  }
  auto started = runner_.Start(spec);
  if (!started) {
    StartFailed(d, started.error());
    return;
  }
  attempts_.emplace(d.attempt_id, std::move(attempt));
  protocol::TaskUpdate update;
  update.attempt_id = d.attempt_id;
  update.state = protocol::TaskState::kStarted;
  update.at = clock_.Now();
  Send(std::move(update));
}

void WorkerCore::StartFailed(const protocol::Dispatch& d, const Error& error) {
  // It never ran: a failed attempt, as a shell reports it (127, 126).
  protocol::TaskUpdate update;
  update.attempt_id = d.attempt_id;
  update.state = protocol::TaskState::kFailed;
  update.at = clock_.Now();
  update.exit_code = error.code == ErrorCode::kNotFound ? 127 : 126;
  update.outcome = "could not start: " + error.ToString();
  update.log_tail = error.ToString();
  Notice("attempt " + d.attempt_id + " " + update.outcome);
  KeepFinal(std::move(update));
}

void WorkerCore::OnCancel(const protocol::Cancel& cancel) {
  const auto waiting = std::find_if(waiting_.begin(), waiting_.end(), [&](const auto& entry) {
    return entry.second.attempt_id == cancel.attempt_id;
  });
  if (waiting != waiting_.end()) {
    waiting_.erase(waiting);
    protocol::TaskUpdate update;
    update.attempt_id = cancel.attempt_id;
    update.state = protocol::TaskState::kFailed;
    update.at = clock_.Now();
    update.cancelled = true;
    update.outcome = "cancelled before it started: " + cancel.reason;
    update.log_tail = update.outcome;
    KeepFinal(std::move(update));
    return;
  }
  if (!runner_.Cancel(cancel.attempt_id, cancel.reason)) {
    Notice("cancel of attempt " + cancel.attempt_id + ": it does not run here");
  }
}

void WorkerCore::OnAck(const protocol::Ack& ack) {
  std::erase_if(unacked_, [&](const protocol::TaskUpdate& u) {
    return std::find(ack.attempt_ids.begin(), ack.attempt_ids.end(), u.attempt_id) !=
           ack.attempt_ids.end();
  });
}

void WorkerCore::BeginDrain() {
  if (draining_) return;
  draining_ = true;
  Send(protocol::Drain{});
}

void WorkerCore::Poll(std::chrono::milliseconds max_wait) {
  const std::chrono::milliseconds wait =
      runner_.running() > 0 ? max_wait : std::chrono::milliseconds(0);
  for (ProcessExit& exit : runner_.Poll(wait)) {
    // The attempt dispatched behind this one starts first.
    if (const auto next = waiting_.find(exit.id); next != waiting_.end()) {
      const protocol::Dispatch dispatch = std::move(next->second);
      waiting_.erase(next);
      Launch(dispatch);
    }
    const auto it = attempts_.find(exit.id);
    if (it != attempts_.end()) Ended(it->first, it->second, std::move(exit));
  }
  for (auto it = attempts_.begin(); it != attempts_.end();) {
    const bool sent_all = ForwardLog(it->first, it->second);
    if (it->second.exit && (sent_all || !Online())) {
      Finish(it->first, it->second);
      it = attempts_.erase(it);
    } else {
      ++it;
    }
  }
  const TimePoint now = clock_.Now();
  if (!last_heartbeat_ || now - *last_heartbeat_ >= heartbeat_interval_) {
    last_heartbeat_ = now;
    protocol::Heartbeat hb = options_.telemetry->Sample(now);
    hb.at = now;
    hb.running_attempts = RunningAttempts();
    if (Online()) {
      Send(std::move(hb));
    } else if (options_.max_offline_samples > 0) {
      if (offline_samples_.size() == options_.max_offline_samples) offline_samples_.pop_front();
      offline_samples_.push_back(std::move(hb));
    }
  }
}

bool WorkerCore::ForwardLog(const std::string& attempt_id, Attempt& attempt) {
  if (!Online()) return false;
  std::size_t budget = options_.log_bytes_per_poll;
  while (budget > 0) {
    std::string data =
        ReadLogChunk(attempt.log_path, attempt.log_sent, std::min(budget, options_.log_chunk_bytes),
                     attempt.exit.has_value());
    if (data.empty()) return true;
    budget -= std::min(budget, data.size());
    protocol::Log log;
    log.attempt_id = attempt_id;
    log.offset = attempt.log_sent;
    attempt.log_sent += data.size();
    log.data = std::move(data);
    Send(std::move(log));
  }
  return ReadLogChunk(attempt.log_path, attempt.log_sent, 1, true).empty();
}

void WorkerCore::Ended(const std::string& attempt_id, Attempt& attempt, ProcessExit exit) {
  CollectedCheckpoint checkpoint =
      CollectCheckpoint(attempt.checkpoint_dir, options_.max_checkpoint_bytes);
  attempt.checkpoint = std::move(checkpoint.files);
  if (checkpoint.empty) {
    spare_folders_.RecycleEmpty(attempt.checkpoint_dir);  // the task wrote nothing there
  }
  AppendToLog(attempt.log_path, checkpoint.notes);
  for (const std::string& note : checkpoint.notes) {
    exit.log_tail.append("hawk: ").append(note).append("\n");
    std::string notice = "attempt ";
    notice.append(attempt_id).append(": ").append(note);
    Notice(notice);
  }
  attempt.exit = std::move(exit);
}

void WorkerCore::Finish(const std::string& attempt_id, Attempt& attempt) {
  const ProcessExit& exit = *attempt.exit;
  protocol::TaskUpdate update;
  update.attempt_id = attempt_id;
  const bool ok = exit.exit_code == 0 && !exit.cancelled && !exit.timed_out;
  update.state = ok ? protocol::TaskState::kSucceeded : protocol::TaskState::kFailed;
  update.at = exit.finished_at;
  update.exit_code = exit.exit_code;
  update.signal = exit.signal;
  update.timed_out = exit.timed_out;
  update.cancelled = exit.cancelled;
  update.outcome = DescribeExit(exit);
  update.log_tail = exit.log_tail;
  if (exit.usage) update.usage = ToUsageReport(*exit.usage);
  update.checkpoint = std::move(attempt.checkpoint);
  KeepFinal(std::move(update));
}

void WorkerCore::KeepFinal(protocol::TaskUpdate update) {
  if (Online()) Send(update);
  unacked_.push_back(std::move(update));
}

std::vector<protocol::Message> WorkerCore::TakeOutgoing() {
  std::vector<protocol::Message> out;
  out.swap(outgoing_);
  return out;
}

bool WorkerCore::Finished() const {
  if (!draining_ || runner_.running() > 0 || !attempts_.empty() || !waiting_.empty()) return false;
  return unacked_.empty() || !connected_;
}

std::vector<std::string> WorkerCore::RunningAttempts() const {
  std::vector<std::string> ids;
  for (const auto& [id, attempt] : attempts_) {
    if (!attempt.exit) ids.push_back(id);
  }
  for (const auto& [before, dispatch] : waiting_) ids.push_back(dispatch.attempt_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> WorkerCore::UnacknowledgedAttempts() const {
  std::vector<std::string> ids;
  ids.reserve(unacked_.size());
  for (const protocol::TaskUpdate& u : unacked_) ids.push_back(u.attempt_id);
  return ids;
}

void WorkerCore::Send(protocol::Message message) {
  if (!Online()) return;  // the register after a welcome comes first
  outgoing_.push_back(std::move(message));
}

void WorkerCore::Notice(std::string_view text) const {
  if (options_.on_notice) options_.on_notice(text);
}

std::filesystem::path WorkerCore::CheckpointDir(const std::string& workload_id,
                                                const std::string& unit_id) const {
  return options_.state_dir / "checkpoints" / FileSafe(workload_id) / FileSafe(unit_id);
}

}  // namespace hawk::agent
