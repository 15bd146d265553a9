#include "engine/performance_tracker.h"

#include <algorithm>
#include <cstdio>

namespace hawk::engine {
namespace {

std::string Percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", share * 100.0);
  return buf;
}

}  // namespace

DurationStats ComputeDurationStats(std::vector<Duration> values) {
  DurationStats s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.count = static_cast<std::uint32_t>(values.size());
  for (Duration d : values) s.total += d;
  s.mean = s.total / static_cast<Duration::rep>(values.size());
  // Nearest-rank percentiles.
  auto rank = [&](double q) {
    auto i = static_cast<std::size_t>(q * static_cast<double>(values.size()) + 0.999999);
    return values[std::clamp<std::size_t>(i, 1, values.size()) - 1];
  };
  s.p50 = rank(0.50);
  s.p95 = rank(0.95);
  s.max = values.back();
  return s;
}

void PerformanceTracker::Started(AttemptTiming record) {
  index_[record.attempt_id] = records_.size();
  records_.push_back(std::move(record));
}

void PerformanceTracker::Finished(const std::string& attempt_id, TimePoint at, FailureKind failure,
                                  std::string failure_reason, Duration throttled) {
  const auto it = index_.find(attempt_id);
  if (it == index_.end()) return;
  AttemptTiming& r = records_[it->second];
  if (r.finished_at) return;
  r.finished_at = at;
  r.failure = failure;
  r.failure_reason = std::move(failure_reason);
  r.throttled = throttled;
}

void PerformanceTracker::SetRecoveryAction(const std::string& attempt_id, std::string action) {
  const auto it = index_.find(attempt_id);
  if (it != index_.end()) records_[it->second].recovery_action = std::move(action);
}

void PerformanceTracker::SetStartedAt(const std::string& attempt_id, TimePoint at) {
  const auto it = index_.find(attempt_id);
  if (it != index_.end()) records_[it->second].started_at = at;
}

const AttemptTiming* PerformanceTracker::Find(const std::string& attempt_id) const {
  const auto it = index_.find(attempt_id);
  return it == index_.end() ? nullptr : &records_[it->second];
}

std::vector<TimelineRow> PerformanceTracker::Timeline(const std::string& workload_id,
                                                      TimePoint now) const {
  std::map<std::pair<std::string, std::string>, TimelineRow> rows;
  for (const AttemptTiming& r : records_) {
    if (r.workload_id != workload_id) continue;
    const std::string device = r.device_ids.empty() ? "cpu" : r.device_ids.front();
    TimelineRow& row = rows[{r.worker_id, device}];
    row.worker_id = r.worker_id;
    row.device_id = device;
    std::string outcome = !r.finished_at                    ? "running"
                          : r.failure == FailureKind::kNone ? "succeeded"
                                                            : std::string(ToString(r.failure));
    row.bars.push_back(
        {r.attempt_id, r.unit_id, r.started_at, r.finished_at.value_or(now), std::move(outcome)});
  }
  std::vector<TimelineRow> out;
  for (auto& [key, row] : rows) {
    std::stable_sort(row.bars.begin(), row.bars.end(),
                     [](const TimelineBar& a, const TimelineBar& b) { return a.start < b.start; });
    out.push_back(std::move(row));
  }
  return out;
}

WorkloadStatistics PerformanceTracker::Statistics(const std::string& workload_id) const {
  WorkloadStatistics s;
  std::vector<Duration> run_times;
  std::vector<Duration> queue_times;
  std::optional<TimePoint> first;
  std::optional<TimePoint> last;
  std::map<std::string, Duration> busy;
  for (const AttemptTiming& r : records_) {
    if (r.workload_id != workload_id) continue;
    ++s.attempts;
    queue_times.push_back(r.queue_time());
    if (!first || r.queued_at < *first) first = r.queued_at;
    if (const auto rt = r.run_time()) {
      run_times.push_back(*rt);
      if (!last || *r.finished_at > *last) last = *r.finished_at;
      for (const std::string& d : r.device_ids) busy[r.worker_id + "/" + d] += *rt;
      if (r.device_ids.empty()) busy[r.worker_id + "/cpu"] += *rt;
      if (r.failure == FailureKind::kNone)
        ++s.succeeded;
      else
        ++s.failed;
    }
    s.throttled += r.throttled;
  }
  if (first && last) s.makespan = std::chrono::duration_cast<Duration>(*last - *first);
  s.run_time = ComputeDurationStats(run_times);
  s.queue_time = ComputeDurationStats(queue_times);
  if (s.makespan.count() > 0) {
    for (const auto& [device, time] : busy) {
      s.device_busy_share[device] =
          std::min(1.0, double(time.count()) / double(s.makespan.count()));
    }
  }
  return s;
}

std::vector<Bottleneck> PerformanceTracker::Bottlenecks(const std::string& workload_id) const {
  const WorkloadStatistics stats = Statistics(workload_id);
  std::vector<Bottleneck> out;
  if (stats.makespan.count() <= 0) return out;
  const double makespan = double(stats.makespan.count());

  // Shards of one task run side by side: a task's share of the critical
  // path is its longest successful attempt.
  std::map<std::string, Duration> critical_by_task;
  std::map<std::string, Duration> queued_by_unit;
  std::map<std::string, std::pair<Duration, std::uint32_t>> failures_by_task;
  std::map<std::string, Duration> throttled_by_device;
  // task kind -> model -> run times, for spotting slow device models.
  std::map<std::string, std::map<std::string, std::vector<Duration>>> runtime_by_kind_model;
  for (const AttemptTiming& r : records_) {
    if (r.workload_id != workload_id) continue;
    const auto rt = r.run_time();
    if (r.on_critical_path && rt && r.succeeded()) {
      critical_by_task[r.task_id] = std::max(critical_by_task[r.task_id], *rt);
    }
    queued_by_unit[r.unit_id] += r.queue_time();
    if (rt && !r.succeeded()) {
      auto& [lost, count] = failures_by_task[r.task_id];
      lost += *rt;
      ++count;
    }
    if (r.throttled.count() > 0 && !r.device_ids.empty()) {
      throttled_by_device[r.worker_id + "/" + r.device_ids.front()] += r.throttled;
    }
    if (rt && r.succeeded()) runtime_by_kind_model[r.task_kind][r.device_model].push_back(*rt);
  }

  Duration critical_run{0};
  for (const auto& [task, run] : critical_by_task) critical_run += run;
  if (critical_run.count() > 0) {
    out.push_back({"critical_path", "workload",
                   "the critical path ran " + FormatDuration(critical_run) + " of the " +
                       FormatDuration(stats.makespan) + " makespan",
                   std::min(1.0, double(critical_run.count()) / makespan)});
  }
  for (const auto& [unit, queued] : queued_by_unit) {
    const double share = double(queued.count()) / makespan;
    if (share >= 0.10) {
      out.push_back({"queueing", unit,
                     unit + " waited " + FormatDuration(queued) + " for a device (" +
                         Percent(share) + " of the makespan)",
                     std::min(1.0, share)});
    }
  }
  for (const auto& [task, lost] : failures_by_task) {
    out.push_back({"failures", task,
                   task + " failed " + std::to_string(lost.second) + " time(s), losing " +
                       FormatDuration(lost.first) + " of device time",
                   std::min(1.0, double(lost.first.count()) / makespan)});
  }
  for (const auto& [device, throttled] : throttled_by_device) {
    out.push_back({"thermal_throttling", device,
                   device + " throttled for " + FormatDuration(throttled),
                   std::min(1.0, double(throttled.count()) / makespan)});
  }
  for (const auto& [kind, by_model] : runtime_by_kind_model) {
    if (by_model.size() < 2) continue;
    std::vector<std::pair<double, std::string>> means;
    for (const auto& [model, times] : by_model) {
      means.emplace_back(double(ComputeDurationStats(times).mean.count()), model);
    }
    std::sort(means.begin(), means.end());
    const auto& [fastest, fast_model] = means.front();
    const auto& [slowest, slow_model] = means.back();
    if (fastest > 0 && slowest >= 1.5 * fastest) {
      char ratio[16];
      std::snprintf(ratio, sizeof ratio, "%.1fx", slowest / fastest);
      std::string detail = kind;
      detail.append(" runs ")
          .append(ratio)
          .append(" slower on ")
          .append(slow_model)
          .append(" than on ")
          .append(fast_model);
      out.push_back({"slow_device", slow_model, std::move(detail),
                     std::min(1.0, (slowest - fastest) / makespan)});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Bottleneck& a, const Bottleneck& b) { return a.impact > b.impact; });
  return out;
}

}  // namespace hawk::engine
