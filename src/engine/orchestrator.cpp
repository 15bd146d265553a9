#include "engine/orchestrator.h"

#include <algorithm>
#include <cassert>

#include "engine/dispatch_env.h"
#include "engine/hardware_aware_policy.h"
#include "engine/orchestrator_internal.h"
#include "engine/placement.h"

namespace hawk::engine {

Result<std::unique_ptr<Orchestrator>> Orchestrator::Create(OrchestratorConfig config) {
  auto quarantine = QuarantineTracker::Create(config.quarantine);
  if (!quarantine) return tl::unexpected(quarantine.error());
  auto orchestrator = std::unique_ptr<Orchestrator>(
      new Orchestrator(std::move(config), nullptr, std::move(*quarantine)));
  // The policy reads the orchestrator's own performance history.
  auto policy =
      HardwareAwarePolicy::Create(orchestrator->config_.placement, &orchestrator->history_);
  if (!policy) return tl::unexpected(policy.error());
  orchestrator->policy_ = std::make_unique<HardwareAwarePolicy>(std::move(*policy));
  return orchestrator;
}

Orchestrator::Orchestrator(OrchestratorConfig config, std::unique_ptr<PlacementPolicy> policy,
                           QuarantineTracker quarantine)
    : config_(std::move(config)),
      policy_(std::move(policy)),
      quarantine_(std::move(quarantine)),
      rng_(config_.seed) {}

Orchestrator::~Orchestrator() = default;

std::string Orchestrator::TaskKind(const Workload& workload, const Task& task) {
  return workload.name + "/" + task.id;
}

std::vector<EngineCommand> Orchestrator::Handle(const Event& event, TimePoint now) {
  std::vector<EngineCommand> out;
  last_now_ = now;
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, WorkerJoined>)
          OnWorkerJoined(e, now, out);
        else if constexpr (std::is_same_v<T, WorkerHeartbeat>)
          OnHeartbeat(e, now);
        else if constexpr (std::is_same_v<T, WorkerDeparted>)
          OnWorkerGone(e.worker_id, e.reason, now, out);
        else if constexpr (std::is_same_v<T, SubmitWorkload>)
          OnSubmit(e, now, out);
        else if constexpr (std::is_same_v<T, CancelWorkload>)
          OnCancel(e, now, out);
        else if constexpr (std::is_same_v<T, AttemptFinished>)
          OnAttemptFinished(e, now, out);
        else if constexpr (std::is_same_v<T, DeviceHealthChecked>)
          OnHealthCheck(e, now, out);
      },
      event);
  return out;
}

std::vector<EngineCommand> Orchestrator::Tick(TimePoint now) {
  std::vector<EngineCommand> out;
  last_now_ = now;
  // A quarantine with a probation period ends by time alone.
  if (quarantine_.config().probation && !failure_log_.quarantines.empty()) fleet_dirty_ = true;
  // Silent workers are lost.
  std::vector<std::string> silent;
  for (const auto& [id, worker] : workers_) {
    if (worker->state.connected && now - worker->last_seen > config_.heartbeat_timeout) {
      silent.push_back(id);
    }
  }
  for (const std::string& id : silent) {
    OnWorkerGone(id, "no heartbeat for " + FormatDuration(config_.heartbeat_timeout), now, out);
  }
  // Backoff timers that are due.
  while (!backoff_timers_.empty() && backoff_timers_.begin()->first <= now) {
    auto [w, unit] = backoff_timers_.begin()->second;
    backoff_timers_.erase(backoff_timers_.begin());
    w->run.MarkReady(unit, now);
    CollectReady(*w);
  }
  Schedule(now, out);
  return out;
}

// ---- workers ------------------------------------------------------------

void Orchestrator::OnWorkerJoined(const WorkerJoined& e, TimePoint now,
                                  std::vector<EngineCommand>& out) {
  auto it = workers_.find(e.profile.worker_id);
  if (it != workers_.end() && it->second->state.connected) {
    // Re-registration (e.g. after a reconnect with other hardware): whatever it
    // was running is unknown now.
    OnWorkerGone(e.profile.worker_id, "re-registered", now, out);
  }
  auto entry = std::make_unique<WorkerEntry>();
  entry->state = WorkerState::FromProfile(e.profile);
  entry->last_seen = now;
  workers_[e.profile.worker_id] = std::move(entry);
  fleet_dirty_ = true;
}

void Orchestrator::OnHeartbeat(const WorkerHeartbeat& e, TimePoint now) {
  auto it = workers_.find(e.worker_id);
  if (it == workers_.end()) return;
  WorkerState& state = it->second->state;
  it->second->last_seen = now;
  state.connected = true;
  state.cpu_utilization = e.cpu_utilization;
  state.memory_utilization = e.memory_utilization;
  for (const DeviceTelemetry& t : e.devices) {
    for (DeviceState& d : state.devices) {
      if (d.profile.id != t.device_id) continue;
      d.utilization = t.utilization;
      d.memory_utilization = t.memory_utilization;
      d.temperature_celsius = t.temperature_celsius;
      d.thermal_state = t.thermal_state;
      d.time_to_throttle = t.time_to_throttle;
      d.throttling = t.throttling;
    }
  }
  // Only live state changed: the snapshot is patched, not rebuilt.
  live_dirty_.insert(e.worker_id);
}

void Orchestrator::OnWorkerGone(const std::string& worker_id, const std::string& reason,
                                TimePoint now, std::vector<EngineCommand>& out) {
  auto it = workers_.find(worker_id);
  if (it == workers_.end() || !it->second->state.connected) return;
  it->second->state.connected = false;
  fleet_dirty_ = true;
  out.push_back(Notice{"worker_lost", "", worker_id, "worker " + worker_id + " lost: " + reason});
  // Its running attempts failed as worker_lost, in attempt order.
  std::vector<std::string> lost;
  for (const auto& [attempt_id, attempt] : running_) {
    if (attempt.worker_id == worker_id) lost.push_back(attempt_id);
  }
  for (const std::string& attempt_id : lost) {
    AttemptFinished finished;
    finished.attempt_id = attempt_id;
    finished.outcome.worker_lost = true;
    finished.outcome.log_tail = "worker " + worker_id + " lost: " + reason;
    OnAttemptFinished(finished, now, out);
  }
  allocator_.ReleaseWorker(worker_id);
}

void Orchestrator::OnHealthCheck(const DeviceHealthChecked& e, TimePoint now,
                                 std::vector<EngineCommand>& out) {
  const DeviceRef ref{e.worker_id, e.device_id};
  const bool was = quarantine_.IsQuarantined(ref, now);
  if (quarantine_.RecordHealthCheck(ref, e.passed, now)) fleet_dirty_ = true;
  const bool is = quarantine_.IsQuarantined(ref, now);
  if (was && !is) out.push_back(ReleaseDevice{e.worker_id, e.device_id});
  if (!was && is)
    out.push_back(QuarantineDevice{e.worker_id, e.device_id, "failed a health check"});
}

std::vector<WorkerState> Orchestrator::Workers() const {
  std::vector<WorkerState> out;
  for (const auto& [id, worker] : workers_) out.push_back(worker->state);
  return out;
}

const FleetSnapshot& Orchestrator::Snapshot() {
  if (!fleet_dirty_ && !live_dirty_.empty()) {
    for (const std::string& id : live_dirty_) {
      const auto it = workers_.find(id);
      const auto index = snapshot_.FindWorker(id);
      if (it == workers_.end() || !index) {
        fleet_dirty_ = true;
        break;
      }
      WorkerState& state = it->second->state;
      for (DeviceState& d : state.devices) {
        d.quarantined = quarantine_.IsQuarantined(DeviceRef{id, d.profile.id}, last_now_);
      }
      if (!snapshot_.UpdateLiveState(*index, state)) {
        fleet_dirty_ = true;
        break;
      }
    }
    live_dirty_.clear();
  }
  if (!fleet_dirty_) return snapshot_;
  live_dirty_.clear();
  std::vector<WorkerState> workers;
  workers.reserve(workers_.size());
  for (const auto& [id, worker] : workers_) {
    WorkerState state = worker->state;
    for (DeviceState& d : state.devices) {
      d.quarantined = quarantine_.IsQuarantined(DeviceRef{id, d.profile.id}, last_now_);
    }
    workers.push_back(std::move(state));
  }
  auto built = FleetSnapshot::Build(std::move(workers));
  assert(built && "worker states the orchestrator keeps are always valid");
  snapshot_ = std::move(*built);
  fleet_dirty_ = false;
  return snapshot_;
}

}  // namespace hawk::engine
