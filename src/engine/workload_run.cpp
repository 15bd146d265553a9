#include "engine/workload_run.h"

#include <cassert>

namespace hawk::engine {
namespace {

bool IsFinished(UnitState s) {
  return s == UnitState::kSucceeded || s == UnitState::kFailed || s == UnitState::kSkipped ||
         s == UnitState::kCancelled;
}

}  // namespace

Result<WorkloadRun> WorkloadRun::Create(
    std::string id, Workload workload, const std::function<std::uint32_t(const Task&)>& shard_count,
    TimePoint now) {
  auto graph = BuildWorkloadGraph(workload);
  if (!graph) return tl::unexpected(graph.error());
  WorkloadRun run;
  run.id_ = std::move(id);
  run.workload_ = std::move(workload);
  run.graph_ = std::move(*graph);
  run.submitted_at_ = now;
  const auto n = static_cast<std::uint32_t>(run.workload_.tasks.size());
  run.first_unit_.resize(n);
  run.units_left_.resize(n);
  run.parents_left_.resize(n);
  for (std::uint32_t t = 0; t < n; ++t) {
    const Task& task = run.workload_.tasks[t];
    std::uint32_t shards = 1;
    switch (task.sharding.mode) {
      case Sharding::Mode::kNone: break;
      case Sharding::Mode::kCount: shards = task.sharding.count; break;
      case Sharding::Mode::kAuto:
        shards = std::min(shard_count(task), task.sharding.max_auto);
        break;
    }
    shards = std::max<std::uint32_t>(shards, 1);
    run.first_unit_[t] = static_cast<std::uint32_t>(run.units_.size());
    run.units_left_[t] = shards;
    ++run.tasks_left_;
    run.parents_left_[t] = static_cast<std::uint32_t>(run.graph_.parents[t].size());
    for (std::uint32_t s = 0; s < shards; ++s) {
      Unit unit;
      unit.id =
          task.sharding.mode == Sharding::Mode::kNone ? task.id : task.id + "#" + std::to_string(s);
      unit.task_index = t;
      unit.shard_index = s;
      unit.shard_count = shards;
      if (run.parents_left_[t] == 0) {
        unit.state = UnitState::kReady;
        unit.ready_since = now;
        run.newly_ready_.push_back(static_cast<std::uint32_t>(run.units_.size()));
      }
      run.units_.push_back(std::move(unit));
    }
  }
  if (n == 0) {
    run.status_ = WorkloadStatus::kSucceeded;
    run.finished_at_ = now;
  }
  return run;
}

WorkloadProgress WorkloadRun::progress() const {
  WorkloadProgress p;
  p.total = static_cast<std::uint32_t>(units_.size());
  for (const Unit& u : units_) {
    switch (u.state) {
      case UnitState::kSucceeded: ++p.succeeded; break;
      case UnitState::kFailed: ++p.failed; break;
      case UnitState::kSkipped: ++p.skipped; break;
      case UnitState::kCancelled: ++p.cancelled; break;
      case UnitState::kRunning: ++p.running; break;
      default: break;
    }
  }
  return p;
}

std::vector<std::uint32_t> WorkloadRun::UnitsOfTask(std::uint32_t task) const {
  std::vector<std::uint32_t> out;
  const std::uint32_t first = first_unit_[task];
  for (std::uint32_t u = first; u < first + units_[first].shard_count; ++u) out.push_back(u);
  return out;
}

std::vector<std::uint32_t> WorkloadRun::ReadyUnits() const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t u = 0; u < units_.size(); ++u) {
    if (units_[u].state == UnitState::kReady) out.push_back(u);
  }
  return out;
}

std::vector<std::uint32_t> WorkloadRun::TakeNewlyReady() {
  std::vector<std::uint32_t> out;
  out.swap(newly_ready_);
  return out;
}

void WorkloadRun::MarkRunning(std::uint32_t unit) {
  assert(units_[unit].state == UnitState::kReady && "only a ready unit can start");
  units_[unit].state = UnitState::kRunning;
}

void WorkloadRun::MarkSucceeded(std::uint32_t unit, std::optional<std::string> result,
                                TimePoint now) {
  Unit& u = units_[unit];
  if (IsFinished(u.state)) return;  // a late duplicate result never completes twice
  u.state = UnitState::kSucceeded;
  u.result = std::move(result);
  if (--units_left_[u.task_index] == 0) {
    --tasks_left_;
    ReleaseChildren(u.task_index, now);
  }
  FinishIfDone(now);
}

void WorkloadRun::MarkSkipped(std::uint32_t unit, std::string reason, TimePoint now) {
  Unit& u = units_[unit];
  if (IsFinished(u.state)) return;
  u.state = UnitState::kSkipped;
  u.note = std::move(reason);
  if (--units_left_[u.task_index] == 0) {
    --tasks_left_;
    ReleaseChildren(u.task_index, now);
  }
  FinishIfDone(now);
}

void WorkloadRun::MarkBackoff(std::uint32_t unit, TimePoint until) {
  Unit& u = units_[unit];
  if (IsFinished(u.state)) return;
  u.state = UnitState::kBackoff;
  u.backoff_until = until;
}

void WorkloadRun::MarkReady(std::uint32_t unit, TimePoint now) {
  Unit& u = units_[unit];
  if (IsFinished(u.state) || u.state == UnitState::kReady) return;
  u.state = UnitState::kReady;
  u.ready_since = now;
  u.backoff_until.reset();
  newly_ready_.push_back(unit);
}

std::vector<std::uint32_t> WorkloadRun::MarkFailed(std::uint32_t unit, std::string reason,
                                                   TimePoint now) {
  Unit& u = units_[unit];
  if (IsFinished(u.state)) return {};
  u.state = UnitState::kFailed;
  status_reason_ = "task '" + workload_.tasks[u.task_index].id + "' failed: " + reason;
  u.note = std::move(reason);
  std::vector<std::uint32_t> running;
  for (std::uint32_t i = 0; i < units_.size(); ++i) {
    Unit& other = units_[i];
    if (IsFinished(other.state)) continue;
    if (other.state == UnitState::kRunning) running.push_back(i);
    other.state = UnitState::kCancelled;
    other.note = "cancelled: task '" + workload_.tasks[u.task_index].id + "' failed";
  }
  status_ = WorkloadStatus::kFailed;
  finished_at_ = now;
  return running;
}

std::vector<std::uint32_t> WorkloadRun::Cancel(std::string reason, TimePoint now) {
  std::vector<std::uint32_t> running;
  if (status_ != WorkloadStatus::kRunning) return running;
  for (std::uint32_t i = 0; i < units_.size(); ++i) {
    Unit& u = units_[i];
    if (IsFinished(u.state)) continue;
    if (u.state == UnitState::kRunning) running.push_back(i);
    u.state = UnitState::kCancelled;
    u.note = reason;
  }
  status_ = WorkloadStatus::kCancelled;
  status_reason_ = std::move(reason);
  finished_at_ = now;
  return running;
}

bool WorkloadRun::TaskDone(std::uint32_t task) const {
  return units_left_[task] == 0;
}

Result<AggregatedResult> WorkloadRun::TaskResult(std::uint32_t task) const {
  std::vector<std::optional<std::string>> results;
  for (std::uint32_t u : UnitsOfTask(task)) results.push_back(units_[u].result);
  return Aggregate(workload_.tasks[task].aggregation, results);
}

void WorkloadRun::ReleaseChildren(std::uint32_t task, TimePoint now) {
  for (std::uint32_t child : graph_.children[task]) {
    if (--parents_left_[child] != 0) continue;
    for (std::uint32_t u : UnitsOfTask(child)) {
      if (units_[u].state == UnitState::kWaiting) {
        units_[u].state = UnitState::kReady;
        units_[u].ready_since = now;
        newly_ready_.push_back(u);
      }
    }
  }
}

void WorkloadRun::FinishIfDone(TimePoint now) {
  if (status_ != WorkloadStatus::kRunning || tasks_left_ != 0) return;
  status_ = WorkloadStatus::kSucceeded;
  finished_at_ = now;
}

}  // namespace hawk::engine
