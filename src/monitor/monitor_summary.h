// MonitorSummary: what one worker's monitoring session saw — per series
// (device, metric) the min / max / average / current value and a bounded
// history for charts, every alert transition, the last thermal state of each
// device, the usage of each tracked task and the parts that were missing.
// The HTML report and the JSON export (monitor/monitor_report.h) are made
// from it.
//
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "monitor/alert_engine.h"
#include "monitor/host_snapshot.h"
#include "monitor/levels.h"
#include "monitor/metrics.h"
#include "monitor/task_tracker.h"
#include "monitor/thermal_tracker.h"

namespace hawk::monitor {

struct SeriesStats {
  std::optional<std::string> device_id;
  std::string metric;
  double min = 0;
  double max = 0;
  double sum = 0;
  std::uint64_t count = 0;
  double current = 0;
  TimePoint last_ts{};
  // At most the summary's history limit; older points are thinned out
  // (every other one dropped) when it fills, so it spans the whole session.
  std::vector<std::pair<TimePoint, double>> history;

  [[nodiscard]] double Average() const { return count == 0 ? 0 : sum / static_cast<double>(count); }
};

struct TrackedTask {
  std::string name;  // "pid 4242" or the task's id
  TaskUsage usage;
};

class MonitorSummary {
 public:
  MonitorSummary(std::string worker_id, MonitoringLevel level, std::size_t history_limit = 512);

  void AddSample(TimePoint ts, std::span<const MetricValue> values);
  void AddAlerts(std::span<const AlertEvent> events);
  void SetThermal(std::vector<ThermalStatus> statuses) { thermal_ = std::move(statuses); }
  void SetTask(const std::string& name, const TaskUsage& usage);
  void SetMissing(std::vector<MissingPart> missing) { missing_ = std::move(missing); }

  [[nodiscard]] const std::string& worker_id() const { return worker_id_; }
  [[nodiscard]] MonitoringLevel level() const { return level_; }
  [[nodiscard]] std::optional<TimePoint> started_at() const { return started_at_; }
  [[nodiscard]] std::optional<TimePoint> ended_at() const { return ended_at_; }
  [[nodiscard]] std::uint64_t samples() const { return samples_; }
  // By device (host first), then metric.
  [[nodiscard]] std::vector<const SeriesStats*> Series() const;
  [[nodiscard]] const SeriesStats* Find(const std::optional<std::string>& device_id,
                                        const std::string& metric) const;
  [[nodiscard]] const std::vector<AlertEvent>& alerts() const { return alerts_; }
  [[nodiscard]] const std::vector<ThermalStatus>& thermal() const { return thermal_; }
  [[nodiscard]] const std::vector<TrackedTask>& tasks() const { return tasks_; }
  [[nodiscard]] const std::vector<MissingPart>& missing() const { return missing_; }

 private:
  using Key = std::pair<std::string, std::string>;  // (device or "", metric)
  std::string worker_id_;
  MonitoringLevel level_;
  std::size_t history_limit_;
  std::optional<TimePoint> started_at_;
  std::optional<TimePoint> ended_at_;
  std::uint64_t samples_ = 0;
  std::map<Key, SeriesStats> series_;
  std::vector<AlertEvent> alerts_;
  std::vector<ThermalStatus> thermal_;
  std::vector<TrackedTask> tasks_;
  std::vector<MissingPart> missing_;
};

}  // namespace hawk::monitor
