#include "engine/orchestrator.h"

#include <algorithm>
#include <cassert>

#include "engine/dispatch_env.h"
#include "engine/hardware_aware_policy.h"
#include "engine/orchestrator_internal.h"
#include "engine/placement.h"

namespace hawk::engine {
namespace {

// Whether two states of one worker differ in what the dynamic filters read
// (temperatures and predictions alone do not change where work may go).
bool FilterInputsDiffer(const WorkerState& a, const WorkerState& b) {
  if (a.connected != b.connected || a.draining != b.draining ||
      a.cpu_utilization != b.cpu_utilization || a.memory_utilization != b.memory_utilization ||
      a.devices.size() != b.devices.size()) {
    return true;
  }
  for (std::size_t d = 0; d < a.devices.size(); ++d) {
    const DeviceState& x = a.devices[d];
    const DeviceState& y = b.devices[d];
    if (x.utilization != y.utilization || x.memory_utilization != y.memory_utilization ||
        x.thermal_state != y.thermal_state || x.throttling != y.throttling ||
        x.quarantined != y.quarantined) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<Orchestrator>> Orchestrator::Create(OrchestratorConfig config) {
  auto quarantine = QuarantineTracker::Create(config.quarantine);
  if (!quarantine) return tl::unexpected(quarantine.error());
  auto orchestrator =
      std::unique_ptr<Orchestrator>(new Orchestrator(config, nullptr, std::move(*quarantine)));
  // The policy reads the orchestrator's own performance history.
  auto policy =
      HardwareAwarePolicy::Create(orchestrator->config_.placement, &orchestrator->history_);
  if (!policy) return tl::unexpected(policy.error());
  orchestrator->policy_ = std::make_unique<HardwareAwarePolicy>(std::move(*policy));
  return orchestrator;
}

Orchestrator::Orchestrator(OrchestratorConfig config, std::unique_ptr<PlacementPolicy> policy,
                           QuarantineTracker quarantine)
    : config_(config),
      policy_(std::move(policy)),
      quarantine_(std::move(quarantine)),
      rng_(config_.seed) {}

Orchestrator::~Orchestrator() = default;

void Orchestrator::SetConnected(WorkerSlot& slot, bool connected) {
  slot.connected = connected;
  slot.entry->state.connected = connected;
}

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
          (void)Handle(e, now);
        else if constexpr (std::is_same_v<T, WorkerDraining>)
          OnWorkerDraining(e);
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
        else if constexpr (std::is_same_v<T, AttemptResumed>)
          OnResumed(e, now, out);
      },
      event);
  return out;
}

std::vector<EngineCommand> Orchestrator::Handle(const WorkerHeartbeat& heartbeat, TimePoint now) {
  last_now_ = now;
  if (const std::optional<std::uint32_t> index = worker_ids_.Find(heartbeat.worker_id)) {
    OnHeartbeat(*index, heartbeat, now);
  }
  return {};
}

std::vector<EngineCommand> Orchestrator::Handle(WorkerHandle handle,
                                                const WorkerHeartbeat& heartbeat, TimePoint now) {
  last_now_ = now;
  const auto index = static_cast<std::uint32_t>(handle);
  if (index < worker_slots_.size()) OnHeartbeat(index, heartbeat, now);
  return {};
}

std::optional<WorkerHandle> Orchestrator::FindWorkerHandle(std::string_view worker_id) const {
  const std::optional<std::uint32_t> index = worker_ids_.Find(worker_id);
  if (!index) return std::nullopt;
  return WorkerHandle{*index};
}

std::vector<EngineCommand> Orchestrator::Tick(TimePoint now) {
  std::vector<EngineCommand> out;
  last_now_ = now;
  // A quarantine with a probation period ends by time alone.
  if (quarantine_.config().probation && !failure_log_.quarantines.empty()) fleet_dirty_ = true;
  // Silent workers are lost. Heartbeats only push deadlines later, so the
  // earliest deadline found by the last scan bounds the next one.
  if (now > next_silence_check_) {
    std::vector<std::string> silent;
    TimePoint earliest = TimePoint::max();
    for (std::uint32_t i = 0; i < worker_slots_.size(); ++i) {
      const WorkerSlot& slot = worker_slots_[i];
      if (!slot.connected) continue;
      if (now - slot.last_seen > config_.heartbeat_timeout) {
        silent.push_back(worker_ids_.id(i));
      } else {
        earliest = std::min(earliest, slot.last_seen + config_.heartbeat_timeout);
      }
    }
    next_silence_check_ = earliest;
    std::sort(silent.begin(), silent.end());  // lost in id order
    for (const std::string& id : silent) {
      OnWorkerGone(id, "no heartbeat for " + FormatDuration(config_.heartbeat_timeout), now, out);
    }
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
  if (it != workers_.end() && it->second->live_dirty) std::erase(live_dirty_, it->second.get());
  auto entry = std::make_unique<WorkerEntry>();
  entry->state = WorkerState::FromProfile(e.profile);
  entry->slot = worker_ids_.Intern(e.profile.worker_id);
  if (entry->slot == worker_slots_.size()) worker_slots_.emplace_back();
  WorkerSlot& slot = worker_slots_[entry->slot];
  slot.entry = entry.get();
  slot.last_seen = now;
  SetConnected(slot, true);
  workers_[e.profile.worker_id] = std::move(entry);
  next_silence_check_ = std::min(next_silence_check_, now + config_.heartbeat_timeout);
  fleet_dirty_ = true;
}

void Orchestrator::OnHeartbeat(std::uint32_t slot_index, const WorkerHeartbeat& e, TimePoint now) {
  WorkerSlot& slot = worker_slots_[slot_index];
  slot.last_seen = now;
  // Most heartbeats end here: a connected worker saying it is alive.
  if (!e.telemetry && slot.connected) return;
  const bool reconnected = !slot.connected;
  if (reconnected) {
    next_silence_check_ = std::min(next_silence_check_, now + config_.heartbeat_timeout);
    SetConnected(slot, true);
  }
  WorkerEntry& entry = *slot.entry;
  WorkerState& state = entry.state;
  if (!e.telemetry) {
    if (reconnected && !entry.live_dirty) {
      entry.live_dirty = true;
      live_dirty_.push_back(&entry);
    }
    return;
  }
  state.cpu_utilization = e.cpu_utilization;
  state.memory_utilization = e.memory_utilization;
  for (std::size_t i = 0; i < e.devices.size(); ++i) {
    const DeviceTelemetry& t = e.devices[i];
    // Workers report their devices in order; look further only if not.
    DeviceState* d = i < state.devices.size() && state.devices[i].profile.id == t.device_id
                         ? &state.devices[i]
                         : nullptr;
    if (d == nullptr) {
      const auto named =
          std::find_if(state.devices.begin(), state.devices.end(),
                       [&](const DeviceState& x) { return x.profile.id == t.device_id; });
      if (named == state.devices.end()) continue;
      d = &*named;
    }
    d->utilization = t.utilization;
    d->memory_utilization = t.memory_utilization;
    d->temperature_celsius = t.temperature_celsius;
    d->thermal_state = t.thermal_state;
    d->time_to_throttle = t.time_to_throttle;
    d->throttling = t.throttling;
  }
  // Only live state changed: the snapshot is patched, not rebuilt.
  if (!entry.live_dirty) {
    entry.live_dirty = true;
    live_dirty_.push_back(&entry);
  }
}

void Orchestrator::OnWorkerDraining(const WorkerDraining& e) {
  const auto it = workers_.find(e.worker_id);
  if (it == workers_.end() || it->second->state.draining == e.draining) return;
  it->second->state.draining = e.draining;
  fleet_dirty_ = true;
}

void Orchestrator::WorkerChanged(const std::string& worker_id) {
  if (fleet_dirty_) return;  // the rebuild starts the gate over
  if (const std::optional<std::uint32_t> index = worker_ids_.Find(worker_id)) {
    gate_.Changed(worker_slots_[*index].entry->snapshot_index);
  }
}

void Orchestrator::OnWorkerGone(const std::string& worker_id, const std::string& reason,
                                TimePoint now, std::vector<EngineCommand>& out) {
  auto it = workers_.find(worker_id);
  if (it == workers_.end() || !it->second->state.connected) return;
  SetConnected(worker_slots_[it->second->slot], false);
  fleet_dirty_ = true;
  const std::string lost_text = "worker " + worker_id + " lost: " + reason;
  out.push_back(Notice{"worker_lost", "", worker_id, lost_text});
  // Its running attempts failed as worker_lost, in attempt order.
  std::vector<std::string> lost;
  for (const auto& [attempt_id, attempt] : running_) {
    if (attempt.worker_id == worker_id) lost.push_back(attempt_id);
  }
  for (const std::string& attempt_id : lost) {
    AttemptFinished finished;
    finished.attempt_id = attempt_id;
    finished.outcome.worker_lost = true;
    finished.outcome.log_tail = lost_text;
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

const WorkerState* Orchestrator::FindWorker(const std::string& worker_id) const {
  const auto it = workers_.find(worker_id);
  return it == workers_.end() ? nullptr : &it->second->state;
}

const FleetSnapshot& Orchestrator::Snapshot() {
  if (!fleet_dirty_ && !live_dirty_.empty()) {
    const bool quarantines = quarantine_.Any();
    for (WorkerEntry* entry : live_dirty_) {
      entry->live_dirty = false;
      if (fleet_dirty_) continue;
      WorkerState& state = entry->state;
      const std::string& id = state.profile.worker_id;
      const std::uint32_t index = entry->snapshot_index;
      if (index >= snapshot_.size() || snapshot_.workers()[index].profile.worker_id != id) {
        fleet_dirty_ = true;
        continue;
      }
      for (DeviceState& d : state.devices) {
        d.quarantined =
            quarantines && quarantine_.IsQuarantined(DeviceRef{id, d.profile.id}, last_now_);
      }
      const bool changed = FilterInputsDiffer(snapshot_.workers()[index], state);
      if (!snapshot_.UpdateLiveState(index, state)) {
        fleet_dirty_ = true;
        continue;
      }
      if (changed) gate_.Changed(index);
    }
    live_dirty_.clear();
  }
  if (!fleet_dirty_) return snapshot_;
  for (WorkerEntry* entry : live_dirty_) entry->live_dirty = false;
  live_dirty_.clear();
  gate_.Reset();
  std::vector<WorkerState> workers;
  workers.reserve(workers_.size());
  for (const auto& [id, worker] : workers_) {
    worker->snapshot_index = static_cast<std::uint32_t>(workers.size());
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
