#include "monitor/monitor_summary.h"

#include <algorithm>

namespace hawk::monitor {

MonitorSummary::MonitorSummary(std::string worker_id, MonitoringLevel level,
                               std::size_t history_limit)
    : worker_id_(std::move(worker_id)),
      level_(level),
      history_limit_(std::max<std::size_t>(history_limit, 2)) {}

void MonitorSummary::AddSample(TimePoint ts, std::span<const MetricValue> values) {
  if (!started_at_) started_at_ = ts;
  ended_at_ = ts;
  ++samples_;
  for (const MetricValue& v : values) {
    SeriesStats& s = series_[{v.device_id.value_or(""), v.metric}];
    if (s.count == 0) {
      s.device_id = v.device_id;
      s.metric = v.metric;
      s.min = s.max = v.value;
    }
    s.min = std::min(s.min, v.value);
    s.max = std::max(s.max, v.value);
    s.sum += v.value;
    ++s.count;
    s.current = v.value;
    s.last_ts = ts;
    if (s.history.size() >= history_limit_) {
      // Keep every other point: the history keeps covering the whole session.
      std::size_t kept = 0;
      for (std::size_t i = 0; i < s.history.size(); i += 2) s.history[kept++] = s.history[i];
      s.history.resize(kept);
    }
    s.history.emplace_back(ts, v.value);
  }
}

void MonitorSummary::AddAlerts(std::span<const AlertEvent> events) {
  alerts_.insert(alerts_.end(), events.begin(), events.end());
}

void MonitorSummary::SetTask(const std::string& name, const TaskUsage& usage) {
  for (auto& task : tasks_) {
    if (task.name == name) {
      task.usage = usage;
      return;
    }
  }
  tasks_.push_back({name, usage});
}

std::vector<const SeriesStats*> MonitorSummary::Series() const {
  std::vector<const SeriesStats*> out;
  out.reserve(series_.size());
  for (const auto& [key, stats] : series_) out.push_back(&stats);
  return out;
}

const SeriesStats* MonitorSummary::Find(const std::optional<std::string>& device_id,
                                        const std::string& metric) const {
  const auto it = series_.find({device_id.value_or(""), metric});
  return it == series_.end() ? nullptr : &it->second;
}

}  // namespace hawk::monitor
