#include "monitor/alert_engine.h"

#include <algorithm>
#include <cstdio>

namespace hawk::monitor {
namespace {

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f", value);
  return buffer;
}

std::string Describe(const Observation& o, AlertSeverity severity, AlertTransition transition,
                     double threshold, std::string_view reason = {}) {
  std::string text = o.metric;
  if (o.device_id) text += " of " + *o.device_id;
  text += " " + Number(o.value);
  text += transition == AlertTransition::kOpened ? " >= " : " < ";
  text += Number(threshold);
  text += " (" + std::string(ToString(severity)) + ")";
  if (!reason.empty()) text += ": " + std::string(reason);
  return text;
}

}  // namespace

AlertConfig AlertConfig::Defaults() {
  AlertConfig config;
  config.thresholds[AlertResource::kCpu] = {90, 95, 5};
  config.thresholds[AlertResource::kMemory] = {90, 95, 5};
  config.thresholds[AlertResource::kGpu] = {95, 98, 5};
  config.thresholds[AlertResource::kGpuMemory] = {90, 95, 5};
  config.thresholds[AlertResource::kDisk] = {95, 98, 5};
  config.thresholds[AlertResource::kTemperature] = {std::nullopt, std::nullopt, 3};
  return config;
}

AlertEngine::AlertEngine(AlertConfig config) : config_(std::move(config)) {}

void AlertEngine::Emit(AlertEvent event, std::vector<AlertEvent>& out) {
  for (const auto& callback : callbacks_) callback(event);
  out.push_back(std::move(event));
}

std::vector<AlertEvent> AlertEngine::Evaluate(TimePoint ts,
                                              std::span<const Observation> observations) {
  std::vector<AlertEvent> events;
  for (const Observation& o : observations) {
    const auto configured = config_.thresholds.find(o.resource);
    const AlertThresholds base =
        configured != config_.thresholds.end() ? configured->second : AlertThresholds{};
    for (AlertSeverity severity : AllValues<AlertSeverity>()) {
      const bool critical = severity == AlertSeverity::kCritical;
      std::optional<double> threshold = critical ? o.critical_threshold : o.warning_threshold;
      if (!threshold) threshold = critical ? base.critical : base.warning;
      if (!threshold) continue;
      const Key key{o.resource, o.device_id.value_or(""), o.metric, severity};
      auto it = active_.find(key);
      if (it == active_.end()) {
        if (o.value < *threshold) continue;
        ActiveAlert alert{o.resource, o.device_id, o.metric, severity,
                          ts,         *threshold,  o.value,  o.value};
        active_.emplace(key, alert);
        Emit({ts, o.resource, o.device_id, o.metric, severity, AlertTransition::kOpened, o.value,
              *threshold, Describe(o, severity, AlertTransition::kOpened, *threshold)},
             events);
        continue;
      }
      ActiveAlert& alert = it->second;
      alert.last_value = o.value;
      alert.peak_value = std::max(alert.peak_value, o.value);
      if (o.value >= alert.threshold - base.hysteresis) continue;
      const double opened_at = alert.threshold;
      active_.erase(it);
      Emit(
          {ts, o.resource, o.device_id, o.metric, severity, AlertTransition::kClosed, o.value,
           opened_at, Describe(o, severity, AlertTransition::kClosed, opened_at - base.hysteresis)},
          events);
    }
  }
  return events;
}

std::vector<AlertEvent> AlertEngine::CloseAll(TimePoint ts, std::string_view reason) {
  std::vector<AlertEvent> events;
  auto open = std::move(active_);
  active_.clear();
  for (auto& [key, alert] : open) {
    Observation o{alert.resource, alert.device_id, alert.metric, alert.last_value, {}, {}};
    std::string message = o.metric;
    if (o.device_id) message += " of " + *o.device_id;
    message +=
        " alert (" + std::string(ToString(alert.severity)) + ") closed: " + std::string(reason);
    Emit({ts, alert.resource, alert.device_id, alert.metric, alert.severity,
          AlertTransition::kClosed, alert.last_value, alert.threshold, std::move(message)},
         events);
  }
  return events;
}

std::vector<ActiveAlert> AlertEngine::Active() const {
  std::vector<ActiveAlert> out;
  out.reserve(active_.size());
  for (const auto& [key, alert] : active_) out.push_back(alert);
  return out;
}

std::vector<Observation> ObservationsFrom(const HostSnapshot& s, const HostRates* rates) {
  std::vector<Observation> out;
  if (rates != nullptr && rates->cpu) {
    out.push_back({AlertResource::kCpu, std::nullopt, "cpu_utilization_percent",
                   rates->cpu->utilization_ratio * 100.0, std::nullopt, std::nullopt});
  }
  if (s.memory) {
    if (const auto ratio = s.memory->UsedRatio()) {
      out.push_back({AlertResource::kMemory, std::nullopt, "memory_utilization_percent",
                     *ratio * 100.0, std::nullopt, std::nullopt});
    }
  }
  if (s.gpus) {
    for (const auto& g : *s.gpus) {
      if (g.utilization_ratio) {
        out.push_back({AlertResource::kGpu, g.id, "gpu_utilization_percent",
                       *g.utilization_ratio * 100.0, std::nullopt, std::nullopt});
      }
      if (g.memory_used_bytes && g.memory_total_bytes && *g.memory_total_bytes > 0) {
        out.push_back({AlertResource::kGpuMemory, g.id, "gpu_memory_utilization_percent",
                       100.0 * static_cast<double>(*g.memory_used_bytes) /
                           static_cast<double>(*g.memory_total_bytes),
                       std::nullopt, std::nullopt});
      }
      if (g.temperature_celsius) {
        out.push_back({AlertResource::kTemperature, g.id, "temperature_celsius",
                       *g.temperature_celsius, g.slowdown_celsius, g.shutdown_celsius});
      }
    }
  }
  if (rates != nullptr) {
    for (const auto& d : rates->disks) {
      out.push_back({AlertResource::kDisk, "disk:" + d.name, "disk_busy_percent",
                     d.busy_ratio * 100.0, std::nullopt, std::nullopt});
    }
  }
  if (s.temperatures) {
    for (const auto& t : *s.temperatures) {
      if (!t.temperature_celsius) continue;
      out.push_back({AlertResource::kTemperature, "sensor:" + t.id, "temperature_celsius",
                     *t.temperature_celsius, t.max_celsius, t.crit_celsius});
    }
  }
  if (s.thermal_zones) {
    for (const auto& z : *s.thermal_zones) {
      if (!z.temperature_celsius) continue;
      std::optional<double> slowdown;
      std::optional<double> critical;
      for (const auto& trip : z.trip_points) {
        if (!trip.temperature_celsius) continue;
        if (trip.type == "passive" || trip.type == "hot") {
          slowdown =
              std::min(slowdown.value_or(*trip.temperature_celsius), *trip.temperature_celsius);
        } else if (trip.type == "critical") {
          critical = *trip.temperature_celsius;
        }
      }
      out.push_back({AlertResource::kTemperature, "zone:" + z.id, "temperature_celsius",
                     *z.temperature_celsius, slowdown, critical});
    }
  }
  return out;
}

}  // namespace hawk::monitor
