// The Coordinator's worker side: sessions and their messages.
#include <algorithm>

#include "coord/coordinator.h"
#include "coord/coordinator_internal.h"
#include "protocol/codec.h"

namespace hawk::coord {
namespace {

engine::WorkerHeartbeat ToEngine(const std::string& worker_id, const protocol::Heartbeat& m) {
  engine::WorkerHeartbeat hb;
  hb.worker_id = worker_id;
  hb.cpu_utilization = m.cpu_utilization;
  hb.memory_utilization = m.memory_utilization;
  for (const protocol::DeviceSample& d : m.devices) {
    engine::DeviceTelemetry t;
    t.device_id = d.device_id;
    t.utilization = d.utilization;
    t.memory_utilization = d.memory_utilization;
    t.temperature_celsius = d.temperature_celsius;
    t.throttling = d.throttling;
    if (d.throttling) t.thermal_state = engine::ThermalState::kThrottling;
    hb.devices.push_back(std::move(t));
  }
  return hb;
}

std::string FinalStatus(const protocol::TaskUpdate& m) {
  if (m.cancelled) return "cancelled";
  return m.state == protocol::TaskState::kSucceeded ? "succeeded" : "failed";
}

}  // namespace

SessionId Coordinator::Connect() {
  auto session = std::make_unique<Session>();
  session->id = next_session_++;
  const SessionId id = session->id;
  sessions_.emplace(id, std::move(session));
  return id;
}

Coordinator::Session* Coordinator::SessionOfWorker(const std::string& worker_id) {
  const auto it = worker_sessions_.find(worker_id);
  if (it == worker_sessions_.end()) return nullptr;
  const auto s = sessions_.find(it->second);
  return s == sessions_.end() ? nullptr : s->second.get();
}

std::vector<SessionView> Coordinator::Sessions() const {
  std::vector<SessionView> out;
  for (const auto& [id, s] : sessions_) {
    out.push_back(SessionView{id, s->worker_id, s->registered, s->draining});
  }
  return out;
}

bool Coordinator::IsWorkerOnline(const std::string& worker_id) const {
  const auto it = worker_sessions_.find(worker_id);
  if (it == worker_sessions_.end()) return false;
  const auto s = sessions_.find(it->second);
  return s != sessions_.end() && s->second->registered;
}

std::optional<TimePoint> Coordinator::WorkerLastSeen(const std::string& worker_id) const {
  const auto it = last_seen_.find(worker_id);
  if (it == last_seen_.end()) return std::nullopt;
  return it->second;
}

void Coordinator::Refuse(SessionId session, std::string code, std::string message, Outbox& out) {
  ++counters_.messages_refused;
  out.Send(session, protocol::Error{std::move(code), std::move(message)});
}

void Coordinator::OnBadMessage(SessionId session, protocol::Error error, Outbox& out) {
  ++counters_.messages_received;
  Refuse(session, std::move(error.code), std::move(error.message), out);
}

void Coordinator::OnMessage(SessionId session, const protocol::Message& message, Outbox& out) {
  ++counters_.messages_received;
  const auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  Session& s = *it->second;
  if (s.worker_id) last_seen_[*s.worker_id] = clock_.Now();
  const bool hello = std::holds_alternative<protocol::Hello>(message);
  if (!hello && !s.worker_id) {
    return Refuse(session, "bad_state", "say hello first", out);
  }
  const bool registers = std::holds_alternative<protocol::Register>(message);
  if (!hello && !registers && !s.registered) {
    return Refuse(session, "bad_state", "register first", out);
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, protocol::Hello>) {
          OnHello(s, m, out);
        } else if constexpr (std::is_same_v<T, protocol::Register>) {
          OnRegister(s, m, out);
        } else if constexpr (std::is_same_v<T, protocol::Heartbeat>) {
          OnHeartbeat(s, m, out);
        } else if constexpr (std::is_same_v<T, protocol::TaskUpdate>) {
          OnTaskUpdate(s, m, out);
        } else if constexpr (std::is_same_v<T, protocol::Log>) {
          OnLog(s, m);
        } else if constexpr (std::is_same_v<T, protocol::Samples>) {
          OnSamples(s, m);
        } else if constexpr (std::is_same_v<T, protocol::Drain>) {
          OnWorkerDrain(s, out);
        } else if constexpr (std::is_same_v<T, protocol::Error>) {
          // A worker refusing something (a dispatch while draining): the
          // attempt's final update follows from it or its loss.
        } else {
          Refuse(
              session, "unexpected",
              std::string(protocol::TypeName(message)) + " is sent by the coordinator, not to it",
              out);
        }
      },
      message);
}

void Coordinator::OnHello(Session& s, const protocol::Hello& m, Outbox& out) {
  if (s.worker_id) return Refuse(s.id, "bad_state", "hello was already said", out);
  if (m.worker_id.empty()) return Refuse(s.id, "bad_field", "hello.worker_id: empty", out);
  // A worker that reconnects replaces its old session.
  if (Session* old = SessionOfWorker(m.worker_id); old != nullptr && old->id != s.id) {
    out.close.push_back(old->id);
    old->worker_id.reset();
    old->registered = false;
  }
  s.worker_id = m.worker_id;
  worker_sessions_[m.worker_id] = s.id;
  last_seen_[m.worker_id] = clock_.Now();
  out.Send(s.id, protocol::Welcome{m.worker_id, options_.heartbeat_interval.count()});
}

void Coordinator::OnRegister(Session& s, const protocol::Register& m, Outbox& out) {
  const std::string& id = *s.worker_id;
  if (m.profile.worker_id != id) {
    return Refuse(s.id, "bad_field",
                  "register.profile.worker_id: '" + m.profile.worker_id +
                      "' is not the worker id of the hello ('" + id + "')",
                  out);
  }
  if (m.profile.devices.empty()) {
    return Refuse(s.id, "bad_field", "register.profile.devices: a worker has at least one", out);
  }
  const TimePoint now = clock_.Now();
  const engine::WorkerState* before = engine_->FindWorker(id);
  const bool known = before != nullptr && before->connected &&
                     protocol::EncodeProfile(before->profile) == protocol::EncodeProfile(m.profile);
  if (known) {
    engine::WorkerHeartbeat alive;
    alive.worker_id = id;
    alive.telemetry = false;
    engine_->Handle(alive, now);
  } else {
    Apply(Record(WorkerJoinedEvent(now, m.profile)), out);
    StoreWorkerHardware(m.profile);
  }
  s.registered = true;
  s.handle = engine_->FindWorkerHandle(id);
  ReplaceOpenAlerts(id, m.alerts);
  // The engine's drain flag follows what the worker says: set, or cleared
  // for a worker that came back (or started again) without draining.
  if (const engine::WorkerState* w = engine_->FindWorker(id); w && w->draining != m.draining) {
    Apply(Record(WorkerDrainingEvent(now, id, m.draining)), out);
  }
  s.draining = m.draining;

  // Reconcile what the worker runs with what the coordinator thinks it runs.
  const std::set<std::string> reported(m.running_attempts.begin(), m.running_attempts.end());
  std::vector<engine::DispatchAttempt> pending = std::move(undelivered_[id]);
  undelivered_.erase(id);
  std::set<std::string> pending_ids;
  for (const auto& d : pending) pending_ids.insert(d.attempt_id);
  for (const AttemptView* a : LiveAttempts(id)) {
    if (!reported.contains(a->attempt_id) && !pending_ids.contains(a->attempt_id)) {
      s.unconfirmed.insert(a->attempt_id);
    }
  }
  for (const std::string& attempt_id : reported) {
    const AttemptView* a = FindAttempt(attempt_id);
    if (a == nullptr || a->ended() || a->worker_id != id) {
      out.Send(s.id, protocol::Cancel{attempt_id, "not an attempt this coordinator runs there"});
    }
  }
  for (const engine::DispatchAttempt& d : pending) SendDispatch(d, out);
  tick_wanted_ = true;
}

void Coordinator::OnHeartbeat(Session& s, const protocol::Heartbeat& m, Outbox& out) {
  const std::string& id = *s.worker_id;
  const TimePoint now = clock_.Now();
  if (s.handle) {
    engine_->Handle(*s.handle, ToEngine(id, m), now);
  } else {
    engine_->Handle(ToEngine(id, m), now);
  }
  StoreSamples(id, m);
  RecordAlerts(id, m.alerts, /*live=*/true);
  if (!s.unconfirmed.empty()) {
    const std::set<std::string> running(m.running_attempts.begin(), m.running_attempts.end());
    for (const std::string& attempt_id : s.unconfirmed) {
      const AttemptView* a = FindAttempt(attempt_id);
      if (a == nullptr || a->ended() || running.contains(attempt_id)) continue;
      engine::AttemptFinished lost;
      lost.attempt_id = attempt_id;
      lost.outcome.worker_lost = true;
      lost.outcome.log_tail = "worker " + id + " came back without it";
      FinishAttempt(
          lost, FinishedFacts{a->workload_id, a->unit_id, lost.outcome.log_tail, "lost", {}}, out);
    }
    s.unconfirmed.clear();
  }
  tick_wanted_ = true;
}

void Coordinator::OnTaskUpdate(Session& s, const protocol::TaskUpdate& m, Outbox& out) {
  const AttemptView* a = FindAttempt(m.attempt_id);
  const bool ours = a != nullptr && a->worker_id == *s.worker_id;
  if (m.state == protocol::TaskState::kStarted) {
    if (!ours || a->ended()) {
      out.Send(s.id, protocol::Cancel{m.attempt_id, "not an attempt this coordinator runs there"});
      return;
    }
    (void)Record(AttemptStartedEvent(clock_.Now(), a->workload_id, a->unit_id, m.attempt_id));
    return;
  }
  // A final update: applied once, acknowledged always (after the flush).
  unflushed_acks_.emplace_back(s.id, m.attempt_id);
  tick_wanted_ = true;
  if (!ours || a->ended()) {
    ++counters_.stale_results;
    return;
  }
  engine::AttemptFinished finished;
  finished.attempt_id = m.attempt_id;
  finished.outcome.exit_code = m.exit_code;
  finished.outcome.signal = m.signal;
  finished.outcome.timed_out = m.timed_out;
  finished.outcome.log_tail = m.log_tail;
  finished.result = m.result;
  if (m.checkpoint && !m.checkpoint->empty()) {
    finished.checkpoint = SaveCheckpoint(m.attempt_id, *m.checkpoint);
  }
  FinishAttempt(finished,
                FinishedFacts{a->workload_id, a->unit_id, m.outcome, FinalStatus(m), m.usage}, out);
}

void Coordinator::FinishAttempt(const engine::AttemptFinished& finished, const FinishedFacts& facts,
                                Outbox& out) {
  ++counters_.attempts_finished;
  Apply(Record(AttemptFinishedEvent(clock_.Now(), finished, facts)), out);
  tick_wanted_ = true;
}

void Coordinator::OnDisconnect(SessionId session) {
  const auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  const std::unique_ptr<Session> s = std::move(it->second);
  sessions_.erase(it);
  if (!s->worker_id) return;
  const auto w = worker_sessions_.find(*s->worker_id);
  if (w == worker_sessions_.end() || w->second != session) return;
  worker_sessions_.erase(w);
  if (s->draining && s->registered) {
    Outbox none;
    Apply(Record(WorkerDepartedEvent(clock_.Now(), *s->worker_id, "drained")), none);
    ReplaceOpenAlerts(*s->worker_id, {});  // gone on purpose: nothing of it is open
    tick_wanted_ = true;
  }
  // Otherwise the heartbeat timeout decides: a worker may come back.
}

Status Coordinator::Drain(const std::string& worker_id, Outbox& out) {
  Session* s = SessionOfWorker(worker_id);
  if (s == nullptr || !s->registered) {
    return MakeError(ErrorCode::kNotFound, "worker '" + worker_id + "' is not connected", "",
                     "list the workers with `hawk workers`");
  }
  out.Send(s->id, protocol::Drain{});
  // No new work from now on, not only once the worker answers.
  if (const engine::WorkerState* w = engine_->FindWorker(worker_id); w && !w->draining) {
    Apply(Record(WorkerDrainingEvent(clock_.Now(), worker_id, true)), out);
  }
  tick_wanted_ = true;
  return Ok();
}

void Coordinator::OnWorkerDrain(Session& s, Outbox& out) {
  if (s.draining) return;
  s.draining = true;
  const engine::WorkerState* w = engine_->FindWorker(*s.worker_id);
  if (w == nullptr || !w->draining)
    Apply(Record(WorkerDrainingEvent(clock_.Now(), *s.worker_id, true)), out);
  tick_wanted_ = true;
}

void Coordinator::OnSamples(Session& s, const protocol::Samples& m) {
  for (const protocol::Heartbeat& h : m.heartbeats) {
    StoreSamples(*s.worker_id, h);
    RecordAlerts(*s.worker_id, h.alerts, /*live=*/false);
  }
}

void Coordinator::SendDispatch(const engine::DispatchAttempt& d, Outbox& out) {
  Session* s = SessionOfWorker(d.worker_id);
  if (s == nullptr || !s->registered) {
    undelivered_[d.worker_id].push_back(d);
    return;
  }
  protocol::Dispatch m;
  m.attempt_id = d.attempt_id;
  m.workload_id = d.workload_id;
  m.unit_id = d.unit_id;
  m.task_id = d.task_id;
  m.device_ids = d.device_ids;
  m.command = d.command;
  m.env = d.env;
  m.working_dir = d.working_dir;
  if (d.timeout) m.timeout_ms = d.timeout->count();
  if (d.restore_checkpoint) m.checkpoint = LoadCheckpoint(*d.restore_checkpoint);
  m.after = d.after;
  out.Send(s->id, std::move(m));
}

}  // namespace hawk::coord
