// The Orchestrator's workload side: submission, the scheduling pass and
// placement, and explanations.
#include <algorithm>
#include <array>
#include <charconv>
#include <memory>
#include <unordered_map>

#include "engine/dispatch_env.h"
#include "engine/orchestrator.h"
#include "engine/orchestrator_internal.h"
#include "engine/placement.h"

namespace hawk::engine {
namespace {

// A key under which two requests get the same placement answer in one pass:
// the same requirements (and, for a primary, the same alternates to fall back
// on), no per-unit history. Tasks of one kind share it across a workload.
void AppendRequirements(std::string& key, const ResourceRequirements& r) {
  key += ToString(r.device_class);
  key += '\x1f';
  key += std::to_string(r.device_count);
  key += '\x1f';
  key += r.memory_per_device_bytes ? std::to_string(*r.memory_per_device_bytes) : "-";
  key += '\x1f';
  key += r.backends.Join();
  key += '\x1f';
  key += r.precisions.Join();
  key += '\x1f';
  key += r.features.Join();
  key += '\x1f';
  key += r.vendor ? ToString(*r.vendor) : "-";
  key += '\x1f';
  key += r.architecture ? ToString(*r.architecture) : "-";
  key += '\x1f';
  key += r.preferred_vendors.Join();
  key += '\x1f';
  key += r.preferred_architectures.Join();
  key += '\x1f';
  key += r.min_compute_capability ? r.min_compute_capability->ToString() : "-";
  for (const auto& [name, value] : r.worker_labels) {
    key += '\x1f';
    key += name;
    key += '=';
    key += value;
  }
  key += '\x1e';
}

std::string RequestSignature(const Task& task, std::optional<std::size_t> alternate) {
  std::string key;
  if (alternate) {
    key = "alt\x1e";
    AppendRequirements(key, task.alternates[*alternate].requirements);
    return key;
  }
  AppendRequirements(key, task.requirements);
  for (const Alternate& a : task.alternates) AppendRequirements(key, a.requirements);
  return key;
}

// `value` with three decimals, as "%.3f" prints it.
void AppendFixed3(std::string& out, double value) {
  std::array<char, 64> buf{};
  const auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::fixed, 3);
  out.append(buf.data(), ec == std::errc() ? end : buf.data());
}

std::string DescribeScore(const Placement& p) {
  std::string out = "score ";
  out.reserve(16 + p.breakdown.size() * 32);
  AppendFixed3(out, p.score);
  for (const ScoreTerm& t : p.breakdown) {
    out.append(", ").append(t.scorer).append(" ");
    AppendFixed3(out, t.weighted);
  }
  return out;
}

// Whether the devices this task could use are all excluded after failing
// it, rather than busy, hot or missing: only the exclusions (and the count
// shortfall they cause) are in the way.
bool OnlyExcludedDevicesBlock(const PendingExplanation& pending) {
  if (pending.kind != PendingKind::kMustWait) return false;
  bool excluded = false;
  for (const Exclusion& x : pending.exclusions) {
    if (x.static_mismatch) continue;
    if (x.filter == "excluded_devices") {
      excluded = true;
    } else if (x.filter != "device_class") {
      return false;
    }
  }
  return excluded;
}

}  // namespace

void Orchestrator::OnSubmit(const SubmitWorkload& e, TimePoint now,
                            std::vector<EngineCommand>& out) {
  if (workloads_.count(e.workload_id) != 0) {
    out.push_back(Notice{"rejected", e.workload_id, e.workload_id,
                         "workload id '" + e.workload_id + "' was submitted before"});
    return;
  }
  const FleetSnapshot& snapshot = Snapshot();
  // `shards: auto` = as many shards as the fleet has distinct devices that
  // match the task (the explanation's count of devices no static filter
  // excludes), at least one.
  auto auto_shards = [&](const Task& task) {
    const PendingExplanation fit =
        ExplainPending(PlacementRequest::FromTask(task), snapshot, allocator_, config_.placement);
    std::uint32_t matching = fit.devices_considered;
    for (const Exclusion& x : fit.exclusions) {
      if (x.static_mismatch) matching -= std::min(matching, x.devices);
    }
    return std::max<std::uint32_t>(matching, 1);
  };
  auto run = WorkloadRun::Create(e.workload_id, e.workload, auto_shards, now);
  if (!run) {
    out.push_back(Notice{"rejected", e.workload_id, e.workload_id, run.error().ToString()});
    out.push_back(WorkloadFinished{e.workload_id, WorkloadStatus::kFailed, run.error().ToString()});
    return;
  }
  auto entry = std::make_unique<WorkloadEntry>(workload_order_.size(), std::move(*run));
  WorkloadEntry& w = *entry;
  const Workload& workload = w.run.workload();
  for (const Task& task : workload.tasks) w.task_kinds.push_back(TaskKind(workload, task));
  w.critical = AnalyzeCriticalPath(w.run.graph(), [&](std::uint32_t t) {
    return PredictedDuration(workload, workload.tasks[t]);
  });
  w.schedule.resize(w.run.units().size());
  workload_order_.push_back(&w);
  workloads_[e.workload_id] = std::move(entry);
  CollectReady(w);
  FinishIfDone(w, out);
}

void Orchestrator::OnCancel(const CancelWorkload& e, TimePoint now,
                            std::vector<EngineCommand>& out) {
  const auto it = workloads_.find(e.workload_id);
  if (it == workloads_.end()) return;
  WorkloadEntry& w = *it->second;
  const std::vector<std::uint32_t> running = w.run.Cancel(e.reason, now);
  CancelRunning(w, running, e.reason, now, out);
  FinishIfDone(w, out);
}

Duration Orchestrator::PredictedDuration(const Workload& workload, const Task& task) const {
  if (const auto learnt = history_.Fastest(TaskKind(workload, task))) return *learnt;
  if (task.estimated_duration) return *task.estimated_duration;
  return config_.default_task_duration;
}

void Orchestrator::CollectReady(WorkloadEntry& w) {
  for (std::uint32_t unit : w.run.TakeNewlyReady()) Enqueue(w, unit);
}

std::uint32_t Orchestrator::SignatureId(const std::string& signature) {
  const auto [it, added] =
      signature_ids_.emplace(signature, static_cast<std::uint32_t>(signature_ids_.size()));
  if (added) lanes_.emplace_back();
  return it->second;
}

std::set<Orchestrator::UnitKey>& Orchestrator::LaneQueue(std::uint32_t lane) {
  return lane == kUnsharedLane ? unshared_ : lanes_[lane];
}

void Orchestrator::Enqueue(WorkloadEntry& w, std::uint32_t unit) {
  UnitSchedule& s = w.schedule[unit];
  if (s.queued) return;
  const std::uint32_t task = w.run.unit(unit).task_index;
  const bool shareable =
      s.excluded_workers.empty() && s.failed_on_workers.empty() && s.excluded_devices.empty();
  s.lane =
      shareable ? SignatureId(RequestSignature(w.run.task_of(unit), s.alternate)) : kUnsharedLane;
  s.queued = true;
  const UnitKey key{
      w.seq, !w.critical.IsCritical(task), -w.run.workload().tasks[task].priority, unit, &w,
      s.lane};
  LaneQueue(s.lane).insert(key);
  ++queued_;
  // A unit readied during a pass (a skip readies its dependents) is placed
  // by it if it comes later in scheduling order, as if it had been there.
  if (pass_in_progress_ && pass_position_ < key) pass_heads_.push(key);
}

std::set<Orchestrator::UnitKey>::iterator Orchestrator::Dequeue(std::set<UnitKey>::iterator it) {
  const std::uint32_t lane = it->lane;
  it->workload->schedule[it->unit].queued = false;
  --queued_;
  std::set<UnitKey>& q = LaneQueue(lane);
  auto next = q.erase(it);
  if (lane != kUnsharedLane && q.empty()) gate_.Forget(lane);
  return next;
}

void Orchestrator::FinishIfDone(WorkloadEntry& w, std::vector<EngineCommand>& out) {
  if (w.finish_reported || w.run.status() == WorkloadStatus::kRunning) return;
  w.finish_reported = true;
  out.push_back(WorkloadFinished{w.run.id(), w.run.status(), w.run.status_reason()});
}

void Orchestrator::Schedule(TimePoint now, std::vector<EngineCommand>& out) {
  if (queued_ == 0) return;
  const FleetSnapshot& snapshot = Snapshot();
  ++pass_;
  lane_waited_pass_.resize(lanes_.size());
  // Per signature, the answer this pass gave a unit that was not placed: a
  // unit with the same request gets it without asking again.
  std::vector<std::shared_ptr<const PendingExplanation>> answered(lanes_.size());
  // The lanes are walked together in scheduling order, a merge of their
  // heads. A lane whose request must wait leaves the walk: the pass visits
  // the units it places, those it cannot, and one more per lane, not the
  // whole queue. lane_waited_pass_ stands for the units it passed over
  // (HandleUnplaced, Explain).
  const auto must_wait = [&](std::uint32_t lane) {
    return lane != kUnsharedLane && lane < answered.size() && answered[lane] &&
           answered[lane]->kind == PendingKind::kMustWait;
  };
  pass_heads_ = {};
  for (const std::set<UnitKey>& q : lanes_) {
    if (!q.empty()) pass_heads_.push(*q.begin());
  }
  if (!unshared_.empty()) pass_heads_.push(*unshared_.begin());
  pass_in_progress_ = true;
  pass_position_ = UnitKey{};
  bool started = false;
  while (!pass_heads_.empty()) {
    const UnitKey head = pass_heads_.top();
    pass_heads_.pop();
    // A lane's units come in order; a unit met twice (readied mid-pass
    // ahead of its lane's head) is visited once.
    if (started && !(pass_position_ < head)) continue;
    const std::uint32_t lane = head.lane;
    if (must_wait(lane)) continue;
    std::set<UnitKey>& q = LaneQueue(lane);
    auto it = q.find(head);
    if (it == q.end()) continue;
    started = true;
    pass_position_ = head;
    WorkloadEntry& w = *head.workload;
    const std::uint32_t unit = head.unit;
    bool done = false;
    if (w.run.unit(unit).state != UnitState::kReady) {
      done = true;  // finished or cancelled while queued
    } else if (lane == kUnsharedLane) {
      done = TryPlace(w, unit, now, out, nullptr, nullptr);
    } else {
      // A unit readied during this pass may bring a signature it has not seen.
      if (lane >= answered.size()) answered.resize(lane + 1);
      if (lane >= lane_waited_pass_.size()) lane_waited_pass_.resize(lane + 1);
      if (answered[lane]) {
        done = HandleUnplaced(w, unit, answered[lane], now, out);
      } else {
        const RequestGate::Verdict gate =
            gate_.Check(lane, snapshot, allocator_, config_.placement);
        if (gate.followed && gate.candidates->empty()) {
          answered[lane] = gate.why;
          lane_waited_pass_[lane] = pass_;
          done = HandleUnplaced(w, unit, gate.why, now, out);
        } else {
          std::optional<PlacementRequest> waited_on;
          done = TryPlace(w, unit, now, out, gate.followed ? gate.candidates : nullptr, &waited_on);
          const UnitSchedule& s = w.schedule[unit];
          if (!done && s.pending && w.run.unit(unit).state == UnitState::kReady) {
            answered[lane] = s.pending;
            if (s.pending->kind == PendingKind::kMustWait) {
              lane_waited_pass_[lane] = pass_;
              if (waited_on) gate_.Blocked(lane, *waited_on, snapshot, s.pending);
            }
          }
        }
      }
    }
    const auto next = done ? Dequeue(it) : std::next(it);
    if (next != q.end() && !must_wait(lane)) pass_heads_.push(*next);
  }
  pass_in_progress_ = false;
  if (config_.dispatch_ahead_below > Duration::zero() && queued_ > 0) DispatchAhead(now, out);
}

void Orchestrator::DispatchAhead(TimePoint now, std::vector<EngineCommand>& out) {
  const Duration limit = config_.dispatch_ahead_below;
  // Running attempts are walked only when some short lane had to wait.
  const auto goes_ahead = [&](std::uint32_t lane) {
    return lane < lane_waited_pass_.size() && lane_waited_pass_[lane] == pass_ &&
           lane < lane_durations_.size() && lane_durations_[lane].AllAtMost(limit);
  };
  bool any = false;
  for (std::uint32_t lane = 0; lane < lanes_.size() && !any; ++lane) {
    any = !lanes_[lane].empty() && goes_ahead(lane);
  }
  if (!any) return;
  // In attempt order; an attempt added here is dispatched ahead and passed.
  for (auto& [attempt_id, before] : running_) {
    const std::uint32_t lane = before.lane;
    if (before.after || before.successor || lane == kUnsharedLane || !goes_ahead(lane) ||
        now - before.started_at > limit) {
      continue;
    }
    std::set<UnitKey>& q = lanes_[lane];
    auto head = q.begin();
    while (head != q.end() && head->workload->run.unit(head->unit).state != UnitState::kReady) {
      head = Dequeue(head);  // finished or cancelled while queued
    }
    if (head == q.end()) continue;
    // The worker must take new work, and so must the devices the task
    // would inherit: not quarantined, not too hot (the thermal filter's
    // rule). Load is not asked: the task replaces one, it adds none.
    const auto worker = workers_.find(before.worker_id);
    const Allocation* held = allocator_.Find(attempt_id);
    if (worker == workers_.end() || held == nullptr || !worker->second->state.connected ||
        worker->second->state.draining) {
      continue;
    }
    const std::string& worker_id = before.worker_id;
    const std::vector<DeviceState>& devices = worker->second->state.devices;
    const PlacementConfig& rules = config_.placement;
    const auto unfit = [&](std::uint32_t index) {
      if (index >= devices.size()) return true;
      const DeviceState& d = devices[index];
      return (rules.exclude_critical && d.thermal_state == ThermalState::kCritical) ||
             (rules.exclude_throttling &&
              (d.throttling || d.thermal_state == ThermalState::kThrottling)) ||
             quarantine_.IsQuarantined(DeviceRef{worker_id, d.profile.id}, now);
    };
    if (std::any_of(held->device_indices.begin(), held->device_indices.end(), unfit)) continue;
    Placement placement;
    placement.worker_index = worker->second->snapshot_index;
    placement.worker_id = before.worker_id;
    placement.device_indices = held->device_indices;
    placement.device_ids = held->device_ids;
    placement.cpu_slots = held->cpu_slots;
    WorkloadEntry& w = *head->workload;
    const std::uint32_t unit = head->unit;
    Dequeue(head);
    std::string next_id = "att-" + std::to_string(next_attempt_++);
    before.successor = next_id;
    out.push_back(StartAttempt(w, unit, placement, worker->second->state,
                               w.schedule[unit].alternate, std::move(next_id), now, attempt_id));
  }
}

bool Orchestrator::HandleUnplaced(WorkloadEntry& w, std::uint32_t unit,
                                  std::shared_ptr<const PendingExplanation> pending, TimePoint now,
                                  std::vector<EngineCommand>& out) {
  UnitSchedule& s = w.schedule[unit];
  s.pending = std::move(pending);
  if (s.pending->kind == PendingKind::kMustWait) {
    s.never_fit_since.reset();
    return false;
  }
  // A unit passed over while its lane had to wait missed the reset above.
  if (s.never_fit_since && s.lane != kUnsharedLane && s.lane < lane_waited_pass_.size() &&
      lane_waited_pass_[s.lane] > s.never_fit_pass) {
    s.never_fit_since.reset();
  }
  if (!s.never_fit_since) {
    s.never_fit_since = now;
    s.never_fit_pass = pass_;
  }
  if (!s.unsatisfiable_noticed) {
    s.unsatisfiable_noticed = true;
    out.push_back(
        Notice{"unsatisfiable", w.run.id(), w.run.unit(unit).id,
               w.run.unit(unit).id + " cannot run in this fleet: " + s.pending->ToString()});
  }
  if (now - *s.never_fit_since < config_.unsatisfiable_wait) return false;
  const Task& task = w.run.task_of(unit);
  const std::string reason = "no worker can run it: " + s.pending->ToString();
  const bool may_skip = task.criticality != Criticality::kCritical &&
                        std::find(task.recovery.strategies.begin(), task.recovery.strategies.end(),
                                  RecoveryStrategy::kSkip) != task.recovery.strategies.end();
  if (may_skip) {
    w.run.MarkSkipped(unit, reason, now);
    CollectReady(w);
    FinishIfDone(w, out);
  } else {
    FailUnit(w, unit, reason, now, out);
  }
  return true;  // out of the queue either way
}

PlacementRequest Orchestrator::RequestFor(const WorkloadEntry& w, std::uint32_t unit,
                                          std::optional<std::size_t> alternate) const {
  const Task& task = w.run.task_of(unit);
  const UnitSchedule& s = w.schedule[unit];
  PlacementRequest request =
      PlacementRequest::FromTask(task, w.task_kinds[w.run.unit(unit).task_index]);
  if (alternate) request.requirements = task.alternates[*alternate].requirements;
  request.excluded_workers = s.excluded_workers;
  request.failed_on_workers = s.failed_on_workers;
  request.excluded_devices = s.excluded_devices;
  return request;
}

bool Orchestrator::TryPlace(WorkloadEntry& w, std::uint32_t unit, TimePoint now,
                            std::vector<EngineCommand>& out,
                            const std::vector<std::uint32_t>* candidates,
                            std::optional<PlacementRequest>* waited_on) {
  const FleetSnapshot& snapshot = Snapshot();
  const Task& task = w.run.task_of(unit);
  UnitSchedule& s = w.schedule[unit];
  const auto request_for = [&](std::optional<std::size_t> alternate) {
    return RequestFor(w, unit, alternate);
  };

  std::optional<std::size_t> implementation = s.alternate;
  PlacementRequest own = request_for(implementation);
  if (candidates) own.candidate_workers = *candidates;
  PlacementDecision decision = policy_->Place(own, snapshot, allocator_);
  bool own_answer = true;  // the decision is for `own`, no fallback tried
  // Every device that could take the task failed it before: trying one of
  // them again beats waiting forever (a device that keeps failing is
  // quarantined and then out for every task).
  if (!decision.placed() && !s.excluded_devices.empty() &&
      OnlyExcludedDevicesBlock(decision.pending())) {
    s.excluded_devices.clear();
    decision = policy_->Place(request_for(implementation), snapshot, allocator_);
    own_answer = false;
  }
  // Reassigning away from every worker that could run the task leaves it
  // nowhere to go: going back to one of them beats failing the task.
  if (!decision.placed() && !s.excluded_workers.empty() &&
      decision.pending().kind == PendingKind::kNeverFits) {
    PlacementRequest relaxed = request_for(implementation);
    relaxed.excluded_workers.clear();
    PlacementDecision retry = policy_->Place(relaxed, snapshot, allocator_);
    if (retry.placed() || retry.pending().kind == PendingKind::kMustWait) {
      s.excluded_workers.clear();
      decision = std::move(retry);
      own_answer = false;
    }
  }
  // The primary can never run in this fleet: an alternate may.
  if (!decision.placed() && !s.alternate && decision.pending().kind == PendingKind::kNeverFits) {
    for (std::size_t a = 0; a < task.alternates.size() && !decision.placed(); ++a) {
      PlacementDecision alt = policy_->Place(request_for(a), snapshot, allocator_);
      if (alt.placed() || alt.pending().kind == PendingKind::kMustWait) {
        decision = std::move(alt);
        implementation = a;
        own_answer = false;
      }
    }
  }

  if (!decision.placed()) {
    if (waited_on && own_answer) {
      own.candidate_workers.reset();
      *waited_on = std::move(own);
    }
    return HandleUnplaced(w, unit, std::make_shared<const PendingExplanation>(decision.pending()),
                          now, out);
  }

  const Placement& placement = decision.placement();
  const std::string attempt_id = "att-" + std::to_string(next_attempt_++);
  if (!allocator_.Allocate(attempt_id, snapshot, placement)) return false;
  gate_.Changed(static_cast<std::uint32_t>(placement.worker_index));

  out.push_back(StartAttempt(w, unit, placement, snapshot.workers()[placement.worker_index],
                             implementation, attempt_id, now));
  return true;
}

DispatchAttempt Orchestrator::StartAttempt(WorkloadEntry& w, std::uint32_t unit,
                                           const Placement& placement, const WorkerState& worker,
                                           std::optional<std::size_t> implementation,
                                           std::string attempt_id, TimePoint now,
                                           std::optional<std::string> after) {
  const Task& task = w.run.task_of(unit);
  UnitSchedule& s = w.schedule[unit];
  const Unit& u = w.run.unit(unit);
  DispatchContext context;
  context.workload_id = w.run.id();
  context.task_id = task.id;
  context.attempt_id = attempt_id;
  context.shard_index = u.shard_index;
  context.shard_count = u.shard_count;
  context.sharded = task.sharding.mode != Sharding::Mode::kNone;
  for (std::uint32_t index : placement.device_indices) {
    context.devices.push_back(&worker.profile.devices[index]);
  }

  DispatchAttempt dispatch;
  dispatch.attempt_id = attempt_id;
  dispatch.workload_id = w.run.id();
  dispatch.unit_id = u.id;
  dispatch.task_id = task.id;
  dispatch.worker_id = placement.worker_id;
  dispatch.device_ids = placement.device_ids;
  dispatch.command = implementation ? task.alternates[*implementation].command : task.command;
  dispatch.env = BuildDispatchEnv(task.env, context);
  dispatch.working_dir = task.working_dir;
  dispatch.timeout = task.timeout;
  if (implementation) dispatch.alternate = task.alternates[*implementation].name;
  dispatch.restore_checkpoint = s.restore_checkpoint;
  dispatch.placement_reason =
      after ? "dispatched ahead: starts on " + placement.worker_id + " when " + *after + " ends"
            : DescribeScore(placement);
  dispatch.after = after;

  RunningAttempt running;
  running.attempt_id = attempt_id;
  running.workload = &w;
  running.unit = unit;
  running.worker_id = placement.worker_id;
  running.device_ids = placement.device_ids;
  running.device_model = context.devices.empty() ? std::string() : context.devices.front()->model;
  running.alternate = implementation;
  running.started_by = s.started_by;
  running.started_at = now;
  running.lane = s.lane;
  running.after = std::move(after);

  AttemptTiming timing;
  timing.attempt_id = attempt_id;
  timing.workload_id = w.run.id();
  timing.unit_id = u.id;
  timing.task_id = task.id;
  timing.task_kind = w.task_kinds[u.task_index];
  timing.worker_id = placement.worker_id;
  timing.device_ids = placement.device_ids;
  timing.device_model = running.device_model;
  timing.alternate = implementation ? std::optional<std::uint32_t>(*implementation) : std::nullopt;
  timing.queued_at = u.ready_since.value_or(now);
  timing.started_at = now;
  timing.on_critical_path = w.critical.IsCritical(u.task_index);
  performance_.Started(std::move(timing));

  w.run.MarkRunning(unit);
  s.pending.reset();
  s.never_fit_since.reset();
  s.restore_checkpoint.reset();
  running_.emplace(attempt_id, std::move(running));
  return dispatch;
}

const WorkloadRun* Orchestrator::FindWorkload(const std::string& workload_id) const {
  const auto it = workloads_.find(workload_id);
  return it == workloads_.end() ? nullptr : &it->second->run;
}

std::vector<std::string> Orchestrator::WorkloadIds() const {
  std::vector<std::string> out;
  for (const WorkloadEntry* w : workload_order_) out.push_back(w->run.id());
  return out;
}

std::optional<CriticalPathAnalysis> Orchestrator::CriticalPath(
    const std::string& workload_id) const {
  const auto it = workloads_.find(workload_id);
  if (it == workloads_.end()) return std::nullopt;
  return it->second->critical;
}

std::optional<UnitExplanation> Orchestrator::Explain(const std::string& workload_id,
                                                     const std::string& unit_id) const {
  const auto it = workloads_.find(workload_id);
  if (it == workloads_.end()) return std::nullopt;
  const WorkloadEntry& w = *it->second;
  for (std::uint32_t u = 0; u < w.run.units().size(); ++u) {
    const Unit& unit = w.run.unit(u);
    if (unit.id != unit_id) continue;
    UnitExplanation out;
    out.unit_id = unit.id;
    out.state = unit.state;
    const UnitSchedule& s = w.schedule[u];
    switch (unit.state) {
      case UnitState::kWaiting: {
        std::string deps;
        for (std::uint32_t parent : w.run.graph().parents[unit.task_index]) {
          if (w.run.TaskDone(parent)) continue;
          if (!deps.empty()) deps += ", ";
          deps += w.run.workload().tasks[parent].id;
        }
        out.waiting_on = deps;
        out.text = unit.id + " waits for its dependencies: " + deps;
        break;
      }
      case UnitState::kReady: {
        // A unit that must wait is explained as the fleet stands now (the
        // pass kept only the verdict); one that can never fit, as found.
        const bool lane_waits = s.lane != kUnsharedLane && s.lane < lane_waited_pass_.size() &&
                                lane_waited_pass_[s.lane] == pass_;
        const bool waits =
            s.pending || lane_waits || (s.lane != kUnsharedLane && gate_.Waiting(s.lane));
        if (!waits) {
          out.text = unit.id + " is ready and will be placed on the next pass";
          break;
        }
        out.placement = !lane_waits && s.pending && s.pending->kind != PendingKind::kMustWait
                            ? *s.pending
                            : ExplainPending(RequestFor(w, u, s.alternate), snapshot_, allocator_,
                                             config_.placement);
        out.text = unit.id + " is pending: " + out.placement->ToString();
        break;
      }
      case UnitState::kBackoff:
        out.text = unit.id + " is backing off before its next attempt (" +
                   (s.history.empty() ? std::string("retry")
                                      : std::string(ToString(s.history.back().failure.kind))) +
                   ")";
        break;
      default:
        out.text = unit.id + " is " + std::string(ToString(unit.state)) +
                   (unit.note.empty() ? std::string() : ": " + unit.note);
        break;
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace hawk::engine
