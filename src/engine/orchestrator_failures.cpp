// The Orchestrator's failure side: finished attempts, classification,
// quarantine, and applying the recovery decision.
#include <algorithm>

#include "engine/orchestrator.h"
#include "engine/orchestrator_internal.h"

namespace hawk::engine {

void Orchestrator::OnAttemptFinished(const AttemptFinished& e, TimePoint now,
                                     std::vector<EngineCommand>& out) {
  const auto it = running_.find(e.attempt_id);
  if (it == running_.end()) {
    // Unknown, or already finished (a duplicate, or a report after the worker
    // was declared lost): recorded, never applied twice.
    ++stale_results_;
    out.push_back(Notice{"stale_result", "", e.attempt_id,
                         "result for attempt " + e.attempt_id + " ignored: not running"});
    return;
  }
  const RunningAttempt attempt = it->second;
  running_.erase(it);
  if (attempt.after) {
    // Dispatched ahead and ended before the attempt it waited for (its
    // worker started it when that one ended; the result came first): it
    // holds nothing, and that attempt keeps its devices until it reports.
    if (const auto before = running_.find(*attempt.after); before != running_.end()) {
      before->second.successor.reset();
    }
  } else {
    if (attempt.lane != kUnsharedLane) {
      if (attempt.lane >= lane_durations_.size()) lane_durations_.resize(attempt.lane + 1);
      lane_durations_[attempt.lane].Record(
          std::chrono::duration_cast<Duration>(now - attempt.started_at));
    }
    if (!HandOver(attempt, now)) {
      (void)allocator_.Release(e.attempt_id);
      WorkerChanged(attempt.worker_id);
    }
  }
  WorkloadEntry& w = *attempt.workload;
  const Classification failure = ClassifyOutcome(e.outcome);
  performance_.Finished(e.attempt_id, now, failure.kind, failure.reason, e.throttled);
  if (w.run.status() != WorkloadStatus::kRunning) return;  // cancelled meanwhile

  UnitSchedule& s = w.schedule[attempt.unit];
  if (e.checkpoint) s.newest_checkpoint = e.checkpoint;
  const Unit& unit = w.run.unit(attempt.unit);

  if (!failure.failed()) {
    if (!attempt.device_model.empty()) {
      (void)history_.Record(w.task_kinds[unit.task_index], attempt.device_model,
                            std::chrono::duration_cast<Duration>(now - attempt.started_at));
    }
    w.run.MarkSucceeded(attempt.unit, e.result, now);
    CollectReady(w);
    FinishIfDone(w, out);
    return;
  }

  FailureRecord record;
  record.task_id = unit.id;
  record.attempt = static_cast<std::uint32_t>(s.history.size() + 1);
  record.worker_id = attempt.worker_id;
  record.device_ids = attempt.device_ids;
  record.failure = failure;
  record.at = now;
  failure_log_.failures.push_back(record);
  out.push_back(Notice{"attempt_failed", w.run.id(), unit.id,
                       unit.id + " failed on " + attempt.worker_id +
                           (attempt.device_ids.empty() ? "" : "/" + attempt.device_ids.front()) +
                           ": " + failure.reason});
  for (const std::string& device : attempt.device_ids) {
    if (auto entry =
            quarantine_.RecordFailure(DeviceRef{attempt.worker_id, device}, failure.kind, now)) {
      out.push_back(QuarantineDevice{attempt.worker_id, device, entry->reason});
      failure_log_.quarantines.push_back(std::move(*entry));
      fleet_dirty_ = true;
    }
  }
  Recover(w, attempt.unit, attempt, failure, now, out);
}

bool Orchestrator::HandOver(const RunningAttempt& ended, TimePoint now) {
  if (!ended.successor) return false;
  const auto next = running_.find(*ended.successor);
  if (next == running_.end() || next->second.after != ended.attempt_id ||
      !allocator_.Transfer(ended.attempt_id, next->first)) {
    return false;
  }
  // Its worker started it when `ended` did; from now on it runs as any other.
  RunningAttempt& successor = next->second;
  successor.after.reset();
  successor.started_at = now;
  performance_.SetStartedAt(successor.attempt_id, now);
  return true;
}

void Orchestrator::ExcludeDevices(UnitSchedule& s, const std::string& worker_id,
                                  const std::vector<std::string>& device_ids) {
  if (device_ids.empty()) return;
  s.excluded_devices[worker_id].insert(device_ids.begin(), device_ids.end());
}

void Orchestrator::Recover(WorkloadEntry& w, std::uint32_t unit, const RunningAttempt& attempt,
                           const Classification& failure, TimePoint now,
                           std::vector<EngineCommand>& out) {
  UnitSchedule& s = w.schedule[unit];
  const Task& task = w.run.task_of(unit);
  const std::string& unit_id = w.run.unit(unit).id;
  s.history.push_back(AttemptRecord{attempt.worker_id, attempt.device_ids, attempt.alternate,
                                    attempt.started_by, failure});
  s.failed_on_workers.insert(attempt.worker_id);

  RecoveryInput input = RecoveryInputFor(task);
  input.task_id = unit_id;
  input.history = s.history;
  input.newest_checkpoint = s.newest_checkpoint;
  // Recovery asks whether a worker outside the failed ones is left; the
  // failed ones plus one other answer that without listing the whole fleet.
  input.candidate_workers.assign(s.failed_on_workers.begin(), s.failed_on_workers.end());
  for (const auto& [id, worker] : workers_) {
    if (worker->state.connected && s.failed_on_workers.count(id) == 0) {
      input.candidate_workers.push_back(id);
      break;
    }
  }

  auto decision = DecideRecovery(input, rng_);
  if (!decision) {
    FailUnit(w, unit, "recovery failed: " + decision.error().ToString(), now, out);
    return;
  }
  const std::string summary = decision->Summary();
  failure_log_.actions.push_back(ActionRecord{unit_id, now, decision->strategy, summary});
  performance_.SetRecoveryAction(attempt.attempt_id, summary);
  out.push_back(Notice{"recovery", w.run.id(), unit_id, unit_id + ": " + summary});

  std::visit(
      [&](const auto& action) {
        using T = std::decay_t<decltype(action)>;
        if constexpr (std::is_same_v<T, RetryAction>) {
          s.started_by = RecoveryStrategy::kRetry;
          ExcludeDevices(s, action.worker_id, action.avoid_devices);
          ScheduleNextAttempt(w, unit, action.delay, now);
        } else if constexpr (std::is_same_v<T, ReassignAction>) {
          s.started_by = RecoveryStrategy::kReassign;
          s.excluded_workers.insert(action.excluded_workers.begin(), action.excluded_workers.end());
          ScheduleNextAttempt(w, unit, action.delay, now);
        } else if constexpr (std::is_same_v<T, SkipAction>) {
          w.run.MarkSkipped(unit, action.reason, now);
          CollectReady(w);
          FinishIfDone(w, out);
        } else if constexpr (std::is_same_v<T, UseAlternateAction>) {
          s.started_by = RecoveryStrategy::kAlternate;
          s.alternate = action.alternate_index;
          ScheduleNextAttempt(w, unit, action.delay, now);
        } else if constexpr (std::is_same_v<T, RestoreCheckpointAction>) {
          s.started_by = RecoveryStrategy::kCheckpoint;
          s.restore_checkpoint = action.checkpoint;
          ExcludeDevices(s, action.worker_id, action.avoid_devices);
          ScheduleNextAttempt(w, unit, action.delay, now);
        } else if constexpr (std::is_same_v<T, EscalateAction>) {
          FailUnit(w, unit, action.reason, now, out);
        }
      },
      decision->action);
}

void Orchestrator::ScheduleNextAttempt(WorkloadEntry& w, std::uint32_t unit, Duration delay,
                                       TimePoint now) {
  if (delay <= Duration(0)) {
    w.run.MarkReady(unit, now);
    CollectReady(w);
    return;
  }
  w.run.MarkBackoff(unit, now + delay);
  backoff_timers_.emplace(now + delay, std::make_pair(&w, unit));
}

void Orchestrator::FailUnit(WorkloadEntry& w, std::uint32_t unit, const std::string& reason,
                            TimePoint now, std::vector<EngineCommand>& out) {
  const std::vector<std::uint32_t> running = w.run.MarkFailed(unit, reason, now);
  CancelRunning(w, running, "workload failed: " + reason, now, out);
  FinishIfDone(w, out);
}

void Orchestrator::CancelRunning(WorkloadEntry& w, const std::vector<std::uint32_t>& units,
                                 const std::string& reason, TimePoint now,
                                 std::vector<EngineCommand>& out) {
  for (auto it = running_.begin(); it != running_.end();) {
    const RunningAttempt& a = it->second;
    if (a.workload == &w && std::find(units.begin(), units.end(), a.unit) != units.end()) {
      out.push_back(CancelAttempt{it->first, a.worker_id, reason});
      (void)allocator_.Release(it->first);
      WorkerChanged(a.worker_id);
      performance_.Finished(it->first, now, FailureKind::kUnknown, "cancelled: " + reason,
                            Duration(0));
      it = running_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace hawk::engine
