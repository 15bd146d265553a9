#include "engine/failure_report.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace hawk::engine {
namespace {

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::vector<Count> Sorted(const std::map<std::string, std::uint32_t>& counts) {
  std::vector<Count> out;
  out.reserve(counts.size());
  for (const auto& [key, n] : counts) out.push_back({key, n});
  std::stable_sort(out.begin(), out.end(),
                   [](const Count& a, const Count& b) { return a.count > b.count; });
  return out;
}

std::string CountsLine(const std::vector<Count>& counts) {
  std::string out;
  for (const Count& c : counts) {
    if (!out.empty()) out += ", ";
    out += c.key + " " + std::to_string(c.count);
  }
  return out;
}

// The most failures inside any window of length `window` (times sorted).
std::size_t MaxInWindow(const std::vector<TimePoint>& times, Duration window) {
  std::size_t best = 0;
  std::size_t begin = 0;
  for (std::size_t end = 0; end < times.size(); ++end) {
    while (times[end] - times[begin] > window) ++begin;
    best = std::max(best, end - begin + 1);
  }
  return best;
}

// "exit code 3", "SIGSEGV", or the kind's name.
std::string Outcome(const Classification& c) {
  if (c.kind == FailureKind::kExitCode && c.exit_code) {
    return "exit code " + std::to_string(*c.exit_code);
  }
  if (c.kind == FailureKind::kSignal && c.signal) return SignalName(*c.signal);
  return std::string(hawk::ToString(c.kind));
}

void DeviceBursts(const FailureLog& log, const QuarantineConfig& burst,
                  std::vector<FailurePattern>& out) {
  std::map<std::pair<DeviceRef, FailureKind>, std::vector<TimePoint>> times;
  for (const FailureRecord& f : log.failures) {
    if (!CountsTowardsQuarantine(burst, f.failure.kind)) continue;
    for (const std::string& d : f.device_ids) {
      times[{DeviceRef{f.worker_id, d}, f.failure.kind}].push_back(f.at);
    }
  }
  std::set<DeviceRef> quarantined;
  for (const QuarantineEntry& q : log.quarantines) quarantined.insert(q.device);
  for (auto& [key, list] : times) {
    std::sort(list.begin(), list.end());
    const std::size_t n = MaxInWindow(list, burst.window);
    if (n < std::max<std::uint32_t>(burst.failure_threshold, 1)) continue;
    const std::string device = key.first.ToString();
    std::string text = std::to_string(n) + " " + std::string(hawk::ToString(key.second)) + " on " +
                       device + " within " + FormatDuration(burst.window);
    if (quarantined.contains(key.first)) text += " -> quarantined";
    out.push_back({FailurePatternKind::kDeviceBurst, device, std::move(text)});
  }
}

void TaskBugs(const FailureLog& log, std::vector<FailurePattern>& out) {
  using Key = std::tuple<std::string, FailureKind, std::optional<int>, std::optional<int>>;
  std::map<Key, std::pair<std::string, std::set<std::string>>> groups;
  for (const FailureRecord& f : log.failures) {
    if (f.failure.nature != FailureNature::kDeterministic) continue;
    auto& group = groups[{f.task_id, f.failure.kind, f.failure.exit_code, f.failure.signal}];
    group.first = Outcome(f.failure);
    group.second.insert(f.worker_id);
  }
  for (const auto& [key, group] : groups) {
    const auto& [outcome, workers] = group;
    if (workers.size() < 2) continue;
    const std::string& task = std::get<0>(key);
    std::string description = "task ";
    description.append(task)
        .append(" failed on ")
        .append(std::to_string(workers.size()))
        .append(" workers (")
        .append(Join(workers))
        .append(") with the same ")
        .append(outcome)
        .append(" -> likely a bug in the task");
    out.push_back({FailurePatternKind::kTaskBug, task, std::move(description)});
  }
}

void MemoryPressure(const FailureLog& log, std::vector<FailurePattern>& out) {
  std::map<std::string, std::set<std::string>> devices_by_task;
  for (const FailureRecord& f : log.failures) {
    if (f.failure.kind != FailureKind::kOom) continue;
    auto& devices = devices_by_task[f.task_id];
    if (f.device_ids.empty()) devices.insert(f.worker_id);
    for (const std::string& d : f.device_ids) devices.insert(f.worker_id + "/" + d);
  }
  for (const auto& [task, devices] : devices_by_task) {
    if (devices.size() < 2) continue;
    out.push_back({FailurePatternKind::kMemoryPressure, task,
                   "task " + task + " ran out of memory on " + std::to_string(devices.size()) +
                       " devices (" + Join(devices) +
                       ") -> its memory requirement is likely too low"});
  }
}

void UnstableWorkers(const FailureLog& log, std::vector<FailurePattern>& out) {
  std::map<std::string, std::pair<std::uint32_t, std::set<std::string>>> by_worker;
  for (const FailureRecord& f : log.failures) {
    if (f.failure.kind != FailureKind::kWorkerLost &&
        f.failure.kind != FailureKind::kConnectionError) {
      continue;
    }
    auto& [count, tasks] = by_worker[f.worker_id];
    ++count;
    tasks.insert(f.task_id);
  }
  for (const auto& [worker, entry] : by_worker) {
    const auto& [count, tasks] = entry;
    if (tasks.size() < 2) continue;
    out.push_back({FailurePatternKind::kUnstableWorker, worker,
                   worker + " lost contact " + std::to_string(count) + " times in " +
                       std::to_string(tasks.size()) + " tasks (" + Join(tasks) +
                       ") -> check its host and network"});
  }
}

}  // namespace

FailureReport BuildFailureReport(const FailureLog& log, const QuarantineConfig& burst) {
  FailureReport report;
  report.total_failures = static_cast<std::uint32_t>(log.failures.size());
  std::map<std::string, std::uint32_t> kinds, workers, devices;
  for (const FailureRecord& f : log.failures) {
    ++kinds[std::string(hawk::ToString(f.failure.kind))];
    ++workers[f.worker_id];
    for (const std::string& d : f.device_ids) ++devices[f.worker_id + "/" + d];
  }
  report.by_kind = Sorted(kinds);
  report.by_worker = Sorted(workers);
  report.by_device = Sorted(devices);
  DeviceBursts(log, burst, report.patterns);
  TaskBugs(log, report.patterns);
  MemoryPressure(log, report.patterns);
  UnstableWorkers(log, report.patterns);
  report.actions = log.actions;
  std::stable_sort(report.actions.begin(), report.actions.end(),
                   [](const ActionRecord& a, const ActionRecord& b) { return a.at < b.at; });
  return report;
}

std::string RenderFailureReport(const FailureReport& report) {
  if (report.total_failures == 0 && report.actions.empty()) return "no failures\n";
  std::string out = std::to_string(report.total_failures) +
                    (report.total_failures == 1 ? " failure" : " failures");
  if (!report.by_kind.empty()) {
    out += ": ";
    for (std::size_t i = 0; i < report.by_kind.size(); ++i) {
      if (i > 0) out += ", ";
      out += std::to_string(report.by_kind[i].count) + " " + report.by_kind[i].key;
    }
  }
  out += "\n";
  if (!report.by_worker.empty()) out += "by worker: " + CountsLine(report.by_worker) + "\n";
  if (!report.by_device.empty()) out += "by device: " + CountsLine(report.by_device) + "\n";
  if (!report.patterns.empty()) {
    out += "patterns:\n";
    for (const FailurePattern& p : report.patterns) out += "  " + p.description + "\n";
  }
  if (!report.actions.empty()) {
    out += "actions:\n";
    for (const ActionRecord& a : report.actions) {
      out += "  " + FormatIso8601(a.at) + " " + a.task_id + " " +
             std::string(hawk::ToString(a.strategy)) + ": " + a.summary + "\n";
    }
  }
  return out;
}

}  // namespace hawk::engine
