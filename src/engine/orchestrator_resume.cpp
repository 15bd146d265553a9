// The Orchestrator's restart side: attempts taken up again when a
// coordinator replays its event log (events.h, AttemptResumed).
#include <algorithm>
#include <charconv>

#include "engine/orchestrator.h"
#include "engine/orchestrator_internal.h"

namespace hawk::engine {
namespace {

// n of "att-<n>"; nullopt for another form.
std::optional<std::uint64_t> AttemptNumber(std::string_view attempt_id) {
  constexpr std::string_view kPrefix = "att-";
  if (!attempt_id.starts_with(kPrefix)) return std::nullopt;
  const std::string_view digits = attempt_id.substr(kPrefix.size());
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return n;
}

}  // namespace

void Orchestrator::OnResumed(const AttemptResumed& e, TimePoint now,
                             std::vector<EngineCommand>& out) {
  const auto refuse = [&](const std::string& why) {
    out.push_back(Notice{"resume_refused", e.workload_id, e.attempt_id,
                         "attempt " + e.attempt_id + " not resumed: " + why});
  };
  if (const std::optional<std::uint64_t> n = AttemptNumber(e.attempt_id)) {
    next_attempt_ = std::max(next_attempt_, *n + 1);
  }
  if (running_.contains(e.attempt_id)) return refuse("it is already running");
  const auto wit = workloads_.find(e.workload_id);
  if (wit == workloads_.end()) return refuse("unknown workload");
  WorkloadEntry& w = *wit->second;
  if (w.run.status() != WorkloadStatus::kRunning) return refuse("the workload has ended");
  const std::vector<Unit>& units = w.run.units();
  const auto uit =
      std::find_if(units.begin(), units.end(), [&](const Unit& u) { return u.id == e.unit_id; });
  if (uit == units.end()) return refuse("unknown unit " + e.unit_id);
  const auto unit = static_cast<std::uint32_t>(uit - units.begin());
  const UnitState state = uit->state;
  if (state != UnitState::kReady && state != UnitState::kBackoff) {
    return refuse("unit " + e.unit_id + " is " + std::string(ToString(state)));
  }

  const Task& task = w.run.task_of(unit);
  std::optional<std::size_t> implementation;
  if (e.alternate) {
    const auto ait = std::find_if(task.alternates.begin(), task.alternates.end(),
                                  [&](const Alternate& a) { return a.name == *e.alternate; });
    if (ait == task.alternates.end()) return refuse("unknown alternate " + *e.alternate);
    implementation = static_cast<std::size_t>(ait - task.alternates.begin());
  }
  const FleetSnapshot& snapshot = Snapshot();
  const std::optional<std::size_t> worker_index = snapshot.FindWorker(e.worker_id);
  if (!worker_index) return refuse("unknown worker " + e.worker_id);
  const WorkerState& worker = snapshot.workers()[*worker_index];
  const ResourceRequirements& needs =
      implementation ? task.alternates[*implementation].requirements : task.requirements;
  Placement placement;
  placement.worker_index = *worker_index;
  placement.worker_id = e.worker_id;
  placement.device_ids = e.device_ids;
  for (const std::string& id : e.device_ids) {
    const auto dit = std::find_if(worker.profile.devices.begin(), worker.profile.devices.end(),
                                  [&](const DeviceProfile& d) { return d.id == id; });
    if (dit == worker.profile.devices.end()) return refuse("worker has no device " + id);
    placement.device_indices.push_back(
        static_cast<std::uint32_t>(dit - worker.profile.devices.begin()));
  }
  placement.cpu_slots = needs.device_class == HardwareClass::kCpu
                            ? std::max<std::uint32_t>(needs.device_count, 1)
                            : 0;
  // Dispatched ahead behind an attempt that still runs there: it waits for
  // that one's devices again. Otherwise (that one ended first) it runs.
  std::optional<std::string> after;
  if (e.after) {
    const auto before = running_.find(*e.after);
    if (before != running_.end() && before->second.worker_id == e.worker_id &&
        !before->second.after && !before->second.successor) {
      after = e.after;
      before->second.successor = e.attempt_id;
    }
  }
  if (!after) {
    if (Status reserved = allocator_.Allocate(e.attempt_id, snapshot, placement); !reserved) {
      return refuse(reserved.error().message);
    }
    gate_.Changed(static_cast<std::uint32_t>(*worker_index));
  }

  // Out of its backoff, then out of the queue.
  if (state == UnitState::kBackoff) {
    std::erase_if(backoff_timers_, [&](const auto& timer) {
      return timer.second.first == &w && timer.second.second == unit;
    });
    w.run.MarkReady(unit, now);
    CollectReady(w);
  }
  UnitSchedule& s = w.schedule[unit];
  if (s.queued) {
    const UnitKey key{w.seq,
                      !w.critical.IsCritical(uit->task_index),
                      -w.run.workload().tasks[uit->task_index].priority,
                      unit,
                      &w,
                      s.lane};
    std::set<UnitKey>& lane = LaneQueue(s.lane);
    if (const auto qit = lane.find(key); qit != lane.end()) Dequeue(qit);
  }
  s.alternate = implementation;
  // The dispatch went out before the restart; nothing is sent again.
  (void)StartAttempt(w, unit, placement, worker, implementation, e.attempt_id, now,
                     std::move(after));
}

}  // namespace hawk::engine
