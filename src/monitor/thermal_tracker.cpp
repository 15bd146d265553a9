#include "monitor/thermal_tracker.h"

#include <algorithm>
#include <cmath>

namespace hawk::monitor {
namespace {

ThermalState Classify(double temperature, bool throttling,
                      std::optional<std::chrono::milliseconds> time_to_throttle, double throttle,
                      double critical, const ThermalConfig& config) {
  if (temperature >= critical) return ThermalState::kCritical;
  if (throttling) return ThermalState::kThrottling;
  if (temperature >= throttle - config.hot_margin_celsius ||
      (time_to_throttle && *time_to_throttle <= config.hot_horizon)) {
    return ThermalState::kHot;
  }
  if (temperature >= throttle - config.warm_margin_celsius) return ThermalState::kWarm;
  return ThermalState::kNormal;
}

// "Package id 0", "Physical id 1" -> 0, 1; "Tctl"/"Tdie" (AMD k10temp) -> 0.
std::optional<int> PackageOf(const TemperatureSensor& sensor) {
  if (!sensor.label) return std::nullopt;
  const std::string& label = *sensor.label;
  for (const std::string_view prefix : {"Package id ", "Physical id "}) {
    if (label.starts_with(prefix)) {
      const std::string rest = label.substr(prefix.size());
      if (!rest.empty() &&
          std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::stoi(rest);
      }
    }
  }
  if (sensor.chip == "k10temp" && (label == "Tctl" || label == "Tdie")) return 0;
  return std::nullopt;
}

bool IsCoreSensor(const TemperatureSensor& sensor) {
  return sensor.chip == "coretemp" && sensor.label && sensor.label->starts_with("Core ");
}

}  // namespace

const ThermalStatus& ThermalTracker::Update(const ThermalReading& r) {
  Track& track = tracks_[r.device_id];
  ThermalStatus& s = track.status;
  if (track.has_reading && r.ts <= s.updated_at) return s;
  s.device_id = r.device_id;
  const double dt =
      track.has_reading ? std::chrono::duration<double>(r.ts - s.updated_at).count() : 0.0;
  const ThermalState previous = s.state;
  const bool was_throttling = s.throttling;
  const TimePoint previous_ts = s.updated_at;
  s.throttle_celsius = r.throttle_celsius.value_or(config_.default_throttle_celsius);
  s.critical_celsius = r.critical_celsius.value_or(config_.default_critical_celsius);
  s.temperature_celsius = r.temperature_celsius;

  if (r.temperature_celsius) {
    const double x = *r.temperature_celsius;
    if (!track.level) {
      track.level = x;
    } else if (dt > 0) {
      const double prior = *track.level + track.trend.value_or(0) * dt;
      const double level = config_.level_alpha * x + (1 - config_.level_alpha) * prior;
      const double slope = (level - *track.level) / dt;
      track.trend = track.trend
                        ? config_.trend_beta * slope + (1 - config_.trend_beta) * *track.trend
                        : slope;
      track.level = level;
    }
  }
  s.smoothed_celsius = track.level;
  s.slope_celsius_per_second = track.trend;
  s.time_to_throttle.reset();
  if (track.level && track.trend && *track.trend >= config_.min_slope_celsius_per_second &&
      *track.level < s.throttle_celsius) {
    const double seconds = (s.throttle_celsius - *track.level) / *track.trend;
    s.time_to_throttle = std::chrono::milliseconds(std::llround(seconds * 1000.0));
  }

  s.throttle_signals.clear();
  if (r.nvml_clock_event_reasons) {
    const std::uint64_t reasons = *r.nvml_clock_event_reasons;
    if (reasons & kNvmlReasonHwThermalSlowdown) s.throttle_signals.push_back("nvml_hw_thermal");
    if (reasons & kNvmlReasonSwThermalSlowdown) s.throttle_signals.push_back("nvml_sw_thermal");
    if (reasons & kNvmlReasonHwSlowdown) s.throttle_signals.push_back("nvml_hw_slowdown");
  }
  if (r.throttle_events_total) {
    if (track.last_throttle_events && *r.throttle_events_total > *track.last_throttle_events) {
      s.throttle_signals.push_back("cpu_throttle_counter");
    }
    track.last_throttle_events = r.throttle_events_total;
  }
  const double temperature = r.temperature_celsius.value_or(s.smoothed_celsius.value_or(0));
  if (r.clock_mhz && r.clock_max_mhz && *r.clock_max_mhz > 0 && r.temperature_celsius &&
      *r.clock_mhz < config_.low_clock_ratio * *r.clock_max_mhz &&
      temperature >= s.throttle_celsius - config_.hot_margin_celsius) {
    s.throttle_signals.push_back("clock_below_max");
  }
  s.throttling = !s.throttle_signals.empty();

  if (was_throttling && track.has_reading) {
    s.throttled_total += std::chrono::duration_cast<std::chrono::milliseconds>(r.ts - previous_ts);
  }
  if (s.throttling && !was_throttling) s.throttling_since = r.ts;
  if (!s.throttling) s.throttling_since.reset();

  if (r.temperature_celsius || s.throttling) {
    ThermalState next = Classify(temperature, s.throttling, s.time_to_throttle, s.throttle_celsius,
                                 s.critical_celsius, config_);
    if (next < previous && previous != ThermalState::kThrottling) {
      // Cool down only past the hysteresis.
      const ThermalState held =
          Classify(temperature + config_.state_hysteresis_celsius, s.throttling, s.time_to_throttle,
                   s.throttle_celsius, s.critical_celsius, config_);
      next = std::min(previous, std::max(next, held));
    }
    s.state = next;
  }
  s.updated_at = r.ts;
  track.has_reading = true;
  return s;
}

const ThermalStatus* ThermalTracker::Find(const std::string& device_id) const {
  const auto it = tracks_.find(device_id);
  return it == tracks_.end() ? nullptr : &it->second.status;
}

std::vector<ThermalStatus> ThermalTracker::All() const {
  std::vector<ThermalStatus> out;
  out.reserve(tracks_.size());
  for (const auto& [id, track] : tracks_) out.push_back(track.status);
  return out;
}

std::vector<ThermalReading> ThermalReadingsFrom(const HostSnapshot& s) {
  std::vector<ThermalReading> out;
  if (s.gpus) {
    for (const auto& g : *s.gpus) {
      out.push_back({g.id, s.ts, g.temperature_celsius, g.slowdown_celsius, g.shutdown_celsius,
                     g.clock_event_reasons, std::nullopt, g.clock_graphics_mhz,
                     g.clock_graphics_max_mhz});
    }
  }
  std::map<int, ThermalReading> packages;
  if (s.temperatures) {
    for (const auto& t : *s.temperatures) {
      const auto package = PackageOf(t);
      if (!package) {
        if (IsCoreSensor(t)) continue;  // the package sensor speaks for its cores
        out.push_back({"sensor:" + t.id, s.ts, t.temperature_celsius, t.max_celsius, t.crit_celsius,
                       std::nullopt, std::nullopt, std::nullopt, std::nullopt});
        continue;
      }
      ThermalReading& r = packages[*package];
      r.device_id = "cpu" + std::to_string(*package);
      r.ts = s.ts;
      if (t.temperature_celsius &&
          (!r.temperature_celsius || *t.temperature_celsius > *r.temperature_celsius)) {
        r.temperature_celsius = t.temperature_celsius;
      }
      if (t.max_celsius) r.throttle_celsius = t.max_celsius;
      if (t.crit_celsius) r.critical_celsius = t.crit_celsius;
    }
  }
  if (s.cpu_throttle) {
    for (const auto& p : s.cpu_throttle->packages) {
      ThermalReading& r = packages[p.package];
      r.device_id = "cpu" + std::to_string(p.package);
      r.ts = s.ts;
      r.throttle_events_total = p.throttles_total;
    }
  }
  if (s.cpu_frequencies) {
    std::map<int, std::pair<double, int>> clocks;  // package -> (sum, count)
    std::map<int, double> max_clock;
    for (const auto& f : *s.cpu_frequencies) {
      if (!f.current_mhz || !packages.contains(f.package.value_or(0))) continue;
      const int package = f.package.value_or(0);
      clocks[package].first += *f.current_mhz;
      clocks[package].second += 1;
      if (f.max_mhz) max_clock[package] = std::max(max_clock[package], *f.max_mhz);
    }
    for (const auto& [package, sum] : clocks) {
      packages[package].clock_mhz = sum.first / sum.second;
      if (max_clock.contains(package)) packages[package].clock_max_mhz = max_clock[package];
    }
  }
  for (auto& [package, reading] : packages) out.push_back(std::move(reading));
  if (s.thermal_zones) {
    for (const auto& z : *s.thermal_zones) {
      ThermalReading r;
      r.device_id = "zone:" + z.id;
      r.ts = s.ts;
      r.temperature_celsius = z.temperature_celsius;
      for (const auto& trip : z.trip_points) {
        if (!trip.temperature_celsius) continue;
        if (trip.type == "passive" || trip.type == "hot") {
          r.throttle_celsius = std::min(r.throttle_celsius.value_or(*trip.temperature_celsius),
                                        *trip.temperature_celsius);
        } else if (trip.type == "critical") {
          r.critical_celsius = trip.temperature_celsius;
        }
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace hawk::monitor
