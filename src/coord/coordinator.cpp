#include "coord/coordinator.h"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "coord/coordinator_events.h"
#include "coord/coordinator_internal.h"
#include "coord/engine_records.h"
#include "spec/workload_spec.h"

namespace hawk::coord {
namespace {

constexpr std::size_t kReplayBatch = 8192;
// Attempt ids reserved at a time: one synchronous commit per this many
// dispatches (coordinator.h, "Durability"); a restart skips what is left.
constexpr std::uint64_t kAttemptIdBlock = 1024;

// "<name>-20260101T101407123Z".
std::string WorkloadIdFor(const std::string& name, TimePoint now) {
  std::string stamp = FormatIso8601(now);
  std::erase_if(stamp, [](char c) { return c == '-' || c == ':' || c == '.'; });
  return name + "-" + stamp;
}

}  // namespace

engine::OrchestratorConfig CoordinatorOptions::DefaultEngineConfig() {
  engine::OrchestratorConfig config;
  config.heartbeat_timeout = std::chrono::seconds(10);
  config.unsatisfiable_wait = std::chrono::minutes(2);
  // A dispatch is a round trip to a worker (about a millisecond on
  // loopback): worth hiding for tasks this short.
  config.dispatch_ahead_below = std::chrono::milliseconds(50);
  return config;
}

DuckDbOpenOptions CoordinatorOptions::StoreOpenOptions() {
  DuckDbOpenOptions options;
  options.threads = 1;
  return options;
}

Coordinator::Coordinator(Store& store, const Clock& clock, CoordinatorOptions options,
                         std::unique_ptr<engine::Orchestrator> engine)
    : store_(store), clock_(clock), options_(std::move(options)), engine_(std::move(engine)) {}

Coordinator::~Coordinator() {
  QueueRunningWorkloadRows();  // where what still runs stood at the close
  StoreReportRows();
  if (unflushed_rows_) Check(store_.Flush());
}

Result<std::unique_ptr<Coordinator>> Coordinator::Open(Store& store, const Clock& clock,
                                                       CoordinatorOptions options) {
  auto engine = engine::Orchestrator::Create(options.engine);
  if (!engine) return tl::unexpected(engine.error());
  std::unique_ptr<Coordinator> c(
      new Coordinator(store, clock, std::move(options), std::move(*engine)));
  if (Status replayed = c->Replay(); !replayed) return tl::unexpected(replayed.error());
  if (Status alerts = c->LoadOpenAlerts(); !alerts) return tl::unexpected(alerts.error());
  // The last run may have stopped without writing the report rows of the
  // workloads it ran: those still running get theirs written now.
  c->QueueRunningWorkloadRows();
  return c;
}

void Coordinator::QueueRunningWorkloadRows() {
  for (std::string& id : engine_->WorkloadIds()) {
    const engine::WorkloadRun* w = engine_->FindWorkload(id);
    if (w != nullptr && w->status() == engine::WorkloadStatus::kRunning) {
      unstored_workloads_.insert(std::move(id));
    }
  }
}

Status Coordinator::Replay() {
  replaying_ = true;
  std::int64_t after = 0;
  while (true) {
    auto rows = store_.LoadEvents(after, kReplayBatch);
    if (!rows) {
      replaying_ = false;
      return tl::unexpected(rows.error());
    }
    for (const EventRecord& row : *rows) {
      if (auto folded = Fold(row); !folded) {
        replaying_ = false;
        return tl::unexpected(folded.error());
      }
      ++counters_.events_replayed;
      after = row.seq;
    }
    if (rows->size() < kReplayBatch) break;
  }
  replaying_ = false;
  // Every worker that was connected gets a heartbeat timeout from now to
  // come back and say what it runs.
  const TimePoint now = clock_.Now();
  for (const engine::WorkerState& w : engine_->Workers()) {
    if (!w.connected) continue;
    engine::WorkerHeartbeat alive;
    alive.worker_id = w.profile.worker_id;
    alive.telemetry = false;
    engine_->Handle(alive, now);
  }
  tick_wanted_ = true;
  return Ok();
}

std::vector<engine::EngineCommand> Coordinator::Record(EventRecord event) {
  unflushed_rows_ = true;
  if (auto seq = store_.AppendEvent(event); !seq) {
    Check(tl::unexpected(seq.error()));
  } else {
    event.seq = *seq;
  }
  auto commands = Fold(event);
  if (!commands) {
    Check(tl::unexpected(commands.error()));
    return {};
  }
  return std::move(*commands);
}

Result<std::vector<engine::EngineCommand>> Coordinator::Fold(const EventRecord& e) {
  std::vector<engine::EngineCommand> commands;
  const TimePoint at = e.ts;
  if (e.type == "worker_joined") {
    auto profile = ReadWorkerJoined(e);
    if (!profile) return tl::unexpected(profile.error());
    profiles_[profile->worker_id] = *profile;
    commands = engine_->Handle(engine::WorkerJoined{std::move(*profile)}, at);
  } else if (e.type == "worker_draining") {
    auto draining = ReadWorkerDraining(e);
    if (!draining) return tl::unexpected(draining.error());
    commands = engine_->Handle(*draining, at);
  } else if (e.type == "worker_departed" || e.type == "worker_lost") {
    auto gone = e.type == "worker_departed" ? ReadWorkerDeparted(e) : ReadWorkerLost(e);
    if (!gone) return tl::unexpected(gone.error());
    // The engine said worker_lost itself when live; departures are inputs.
    if (replaying_ || e.type == "worker_departed") commands = engine_->Handle(*gone, at);
    if (const auto live = live_attempts_.find(gone->worker_id); live != live_attempts_.end()) {
      for (const std::string& id : live->second) {
        AttemptView& a = attempts_.at(id);
        a.status = "lost";
        a.finished_at = at;
        a.outcome = "worker lost: " + gone->reason;
      }
      live_attempts_.erase(live);
    }
  } else if (e.type == "workload_submitted") {
    auto row = ReadWorkloadSubmitted(e);
    if (!row) return tl::unexpected(row.error());
    std::optional<ParsedSubmission> submitted = std::exchange(submitting_, std::nullopt);
    if (!submitted || submitted->workload_id != row->workload_id) {
      spec::SpecResult parsed = spec::ParseWorkload(row->spec_text, row->source_name);
      if (!parsed)
        return MakeError(ErrorCode::kCorrupt,
                         "event " + std::to_string(e.seq) +
                             ": its spec no longer parses: " + parsed.FormatDiagnostics());
      submitted = ParsedSubmission{row->workload_id, std::move(parsed).workload()};
    }
    workload_specs_[row->workload_id] = row->spec_text;
    commands = engine_->Handle(
        engine::SubmitWorkload{row->workload_id, std::move(submitted->workload)}, at);
  } else if (e.type == "workload_cancelled") {
    auto cancel = ReadWorkloadCancelled(e);
    if (!cancel) return tl::unexpected(cancel.error());
    commands = engine_->Handle(*cancel, at);
  } else if (e.type == "attempt_ids_reserved") {
    auto below = ReadAttemptIdsReserved(e);
    if (!below) return tl::unexpected(below.error());
    attempt_ids_reserved_below_ = std::max(attempt_ids_reserved_below_, *below);
    // Replayed: the coordinator that wrote it may have sent any id below.
    if (replaying_) engine_->SkipAttemptNumbersBelow(*below);
  } else if (e.type == "attempt_dispatched") {
    auto resumed = ReadAttemptDispatched(e);
    if (!resumed) return tl::unexpected(resumed.error());
    const nlohmann::json payload = nlohmann::json::parse(e.payload_json, nullptr, false);
    const auto [slot, added] = attempts_.try_emplace(resumed->attempt_id);
    AttemptView& a = slot->second;
    if (added) workload_attempts_[resumed->workload_id].push_back(resumed->attempt_id);
    a.attempt_id = resumed->attempt_id;
    a.workload_id = resumed->workload_id;
    a.unit_id = resumed->unit_id;
    a.worker_id = resumed->worker_id;
    a.device_ids = resumed->device_ids;
    a.dispatched_at = at;
    if (payload.is_object()) {
      a.command = payload.value("command", std::string());
      a.placement_reason = payload.value("placement", std::string());
      a.task_id = payload.value("task_id", std::string());
    }
    const engine::WorkloadRun* w = engine_->FindWorkload(a.workload_id);
    for (std::uint32_t u = 0; a.task_id.empty() && w != nullptr && u < w->units().size(); ++u) {
      if (w->unit(u).id == a.unit_id) a.task_id = w->task_of(u).id;  // rows written before task_id
    }
    latest_attempt_[a.workload_id + "\n" + a.unit_id] = a.attempt_id;
    IndexLive(a);
    if (replaying_) commands = engine_->Handle(*resumed, at);
  } else if (e.type == "attempt_started") {
    if (e.attempt_id) {
      if (auto it = attempts_.find(*e.attempt_id); it != attempts_.end() && !it->second.ended()) {
        it->second.status = "running";
        it->second.started_at = at;
      }
    }
  } else if (e.type == "attempt_finished") {
    auto finished = ReadAttemptFinished(e);
    if (!finished) return tl::unexpected(finished.error());
    auto& [event, facts] = *finished;
    if (auto it = attempts_.find(event.attempt_id); it != attempts_.end() && !it->second.ended()) {
      AttemptView& a = it->second;
      a.status = facts.status;
      a.finished_at = at;
      a.exit_code = event.outcome.exit_code;
      a.signal = event.outcome.signal;
      a.outcome = facts.outcome;
      a.usage = facts.usage;
      if (!a.started_at) a.started_at = a.dispatched_at;
      IndexLive(a);
    }
    commands = engine_->Handle(event, at);
  }
  return commands;
}

void Coordinator::Apply(std::vector<engine::EngineCommand> commands, Outbox& out) {
  const TimePoint now = clock_.Now();
  for (engine::EngineCommand& command : commands) {
    if (auto* d = std::get_if<engine::DispatchAttempt>(&command)) {
      ++counters_.dispatches;
      if (d->after) ++counters_.dispatches_ahead;
      (void)Record(CommandEvent(now, command));
      unflushed_dispatches_.push_back(std::move(*d));
      continue;
    }
    if (const auto* c = std::get_if<engine::CancelAttempt>(&command)) {
      if (Session* s = SessionOfWorker(c->worker_id)) {
        out.Send(s->id, protocol::Cancel{c->attempt_id, c->reason});
      }
      std::erase_if(undelivered_[c->worker_id], [&](const engine::DispatchAttempt& u) {
        return u.attempt_id == c->attempt_id;
      });
    }
    std::vector<engine::EngineCommand> more = Record(CommandEvent(now, command));
    if (const auto* f = std::get_if<engine::WorkloadFinished>(&command)) {
      unstored_workloads_.insert(f->workload_id);
    }
    if (!more.empty()) Apply(std::move(more), out);
  }
}

void Coordinator::Schedule(Outbox& out) {
  tick_wanted_ = false;
  const TimePoint now = clock_.Now();
  Apply(engine_->Tick(now), out);
  if (unflushed_dispatches_.empty()) return;
  // Every id handed out so far is below next_attempt_number().
  if (engine_->next_attempt_number() > attempt_ids_reserved_below_) {
    (void)Record(AttemptIdsReservedEvent(now, engine_->next_attempt_number() + kAttemptIdBlock));
    return;  // these wait for the reservation's commit
  }
  for (const engine::DispatchAttempt& d : unflushed_dispatches_) SendDispatch(d, out);
  unflushed_dispatches_.clear();
}

void Coordinator::Commit(Outbox& out) {
  if (unflushed_rows_) {
    Check(store_.Flush());
    unflushed_rows_ = false;
  }
  for (const engine::DispatchAttempt& d : unflushed_dispatches_) SendDispatch(d, out);
  unflushed_dispatches_.clear();
  std::map<SessionId, protocol::Ack> acks;
  for (auto& [session, attempt_id] : unflushed_acks_) {
    acks[session].attempt_ids.push_back(std::move(attempt_id));
  }
  unflushed_acks_.clear();
  for (auto& [session, ack] : acks) {
    if (sessions_.contains(session)) out.Send(session, std::move(ack));
  }
}

Result<std::string> Coordinator::Submit(std::string_view spec_text, std::string_view source_name) {
  spec::SpecResult parsed = spec::ParseWorkload(spec_text, source_name);
  if (!parsed) {
    const std::vector<spec::Diagnostic>& d = parsed.diagnostics();
    Error e = d.front().ToError();
    e.message = parsed.FormatDiagnostics();
    return tl::unexpected(e);
  }
  const TimePoint now = clock_.Now();
  const std::string name = parsed.workload().name;
  std::string id = WorkloadIdFor(name, now);
  for (int n = 2; engine_->FindWorkload(id) != nullptr; ++n) {
    id = WorkloadIdFor(name, now) + "-" + std::to_string(n);
  }
  // Refused by the engine (it checks the graph again): nothing is logged.
  {
    auto probe = engine::WorkloadRun::Create(
        id, parsed.workload(), [](const Task&) { return 1U; }, now);
    if (!probe) return tl::unexpected(probe.error());
  }
  submitting_ = ParsedSubmission{id, std::move(parsed).workload()};  // Fold takes it
  Outbox none;
  Apply(Record(WorkloadSubmittedEvent(now, id, name, spec_text, source_name)), none);
  tick_wanted_ = true;
  return id;
}

void Coordinator::StoreReportRows() {
  for (const std::string& id : std::exchange(unstored_workloads_, {})) StoreWorkload(id);
}

Status Coordinator::Cancel(const std::string& workload_id, const std::string& reason, Outbox& out) {
  const engine::WorkloadRun* w = engine_->FindWorkload(workload_id);
  if (w == nullptr) {
    return MakeError(ErrorCode::kNotFound, "no workload '" + workload_id + "'", "",
                     "list them with `hawk status`");
  }
  if (w->status() != engine::WorkloadStatus::kRunning) {
    return MakeError(ErrorCode::kInvalidArgument, "workload '" + workload_id + "' has already " +
                                                      std::string(ToString(w->status())));
  }
  Apply(Record(WorkloadCancelledEvent(clock_.Now(), workload_id, reason)), out);
  Check(store_.Flush());
  tick_wanted_ = true;
  return Ok();
}

std::vector<const AttemptView*> Coordinator::WorkloadAttempts(
    const std::string& workload_id) const {
  std::vector<const AttemptView*> out;
  const auto ids = workload_attempts_.find(workload_id);
  if (ids == workload_attempts_.end()) return out;
  out.reserve(ids->second.size());
  for (const std::string& id : ids->second) {
    if (const AttemptView* a = FindAttempt(id)) out.push_back(a);
  }
  return out;
}

void Coordinator::IndexLive(const AttemptView& a) {
  if (!a.ended()) {
    live_attempts_[a.worker_id].insert(a.attempt_id);
    return;
  }
  const auto live = live_attempts_.find(a.worker_id);
  if (live == live_attempts_.end()) return;
  live->second.erase(a.attempt_id);
  if (live->second.empty()) live_attempts_.erase(live);
}

std::vector<const AttemptView*> Coordinator::LiveAttempts(const std::string& worker_id) const {
  std::vector<const AttemptView*> out;
  const auto live = live_attempts_.find(worker_id);
  if (live == live_attempts_.end()) return out;
  out.reserve(live->second.size());
  for (const std::string& id : live->second) out.push_back(&attempts_.at(id));
  return out;
}

std::vector<const AttemptView*> Coordinator::LiveAttempts() const {
  std::vector<const AttemptView*> out;
  for (const auto& [worker_id, ids] : live_attempts_) {
    for (const std::string& id : ids) out.push_back(&attempts_.at(id));
  }
  std::sort(out.begin(), out.end(), [](const AttemptView* a, const AttemptView* b) {
    return AttemptIdOrder{}(a->attempt_id, b->attempt_id);
  });
  return out;
}

std::size_t Coordinator::LiveAttemptCount(const std::string& worker_id) const {
  const auto live = live_attempts_.find(worker_id);
  return live == live_attempts_.end() ? 0 : live->second.size();
}

const AttemptView* Coordinator::FindAttempt(const std::string& attempt_id) const {
  const auto it = attempts_.find(attempt_id);
  return it == attempts_.end() ? nullptr : &it->second;
}

const AttemptView* Coordinator::LatestAttempt(const std::string& workload_id,
                                              const std::string& unit_id) const {
  if (!workload_id.empty()) {
    const auto it = latest_attempt_.find(workload_id + "\n" + unit_id);
    return it == latest_attempt_.end() ? nullptr : FindAttempt(it->second);
  }
  const AttemptView* latest = nullptr;
  for (const auto& [key, attempt_id] : latest_attempt_) {
    const AttemptView* a = FindAttempt(attempt_id);
    if (a != nullptr && a->unit_id == unit_id &&
        (latest == nullptr || a->dispatched_at >= latest->dispatched_at)) {
      latest = a;
    }
  }
  return latest;
}

void Coordinator::Check(const Status& status) {
  if (status) return;
  ++counters_.store_errors;
  last_store_error_ = status.error().ToString();
}

}  // namespace hawk::coord
