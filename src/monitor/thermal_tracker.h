// ThermalTracker: per device temperature trend, time until the throttle
// point, throttling detection, and a state (normal / warm / hot / throttling
// / critical). A pure state machine: it is fed readings with their
// timestamps and never reads a clock or a file.
//
// Trend: Holt's double exponential smoothing over irregular intervals gives
// a smoothed temperature and slope (degrees per second). When the slope is
// positive the time to the throttle point is (throttle - smoothed) / slope.
//
// Throttling is taken from the signal each vendor gives:
//   - NVIDIA: NVML clock-event reasons with a thermal or hardware slowdown
//     bit (SW thermal 0x20, HW thermal 0x40, HW slowdown 0x08);
//   - Intel CPUs: the thermal_throttle counter grew since the last reading;
//   - anyone: the clock far below its maximum (under low_clock_ratio) while
//     the temperature is hot.
//
// States, from the device's own throttle and critical points (or the
// configured defaults when the device gives none): critical at or above the
// critical point; throttling while a signal says so; hot within hot_margin
// of the throttle point or predicted to reach it within hot_horizon; warm
// within warm_margin; normal below. Falling back to a cooler state needs the
// temperature below the boundary by state_hysteresis.
//
// Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/enum_names.h"
#include "monitor/host_snapshot.h"
#include "monitor/rates.h"

namespace hawk::monitor {

// clang-format off
#define HAWK_THERMAL_STATES(X)                                           \
  X(kNormal, "normal") X(kWarm, "warm") X(kHot, "hot")                    \
  X(kThrottling, "throttling") X(kCritical, "critical")
// clang-format on
HAWK_ENUM(ThermalState, "thermal state", HAWK_THERMAL_STATES);

// NVML clock-event reason bits that mean the device slowed itself down.
inline constexpr std::uint64_t kNvmlReasonHwSlowdown = 0x08;
inline constexpr std::uint64_t kNvmlReasonSwThermalSlowdown = 0x20;
inline constexpr std::uint64_t kNvmlReasonHwThermalSlowdown = 0x40;

struct ThermalReading {
  std::string device_id;
  TimePoint ts{};
  std::optional<double> temperature_celsius;
  std::optional<double> throttle_celsius;  // where the device starts slowing down
  std::optional<double> critical_celsius;
  std::optional<std::uint64_t> nvml_clock_event_reasons;
  std::optional<std::uint64_t> throttle_events_total;  // cumulative (Intel)
  std::optional<double> clock_mhz;
  std::optional<double> clock_max_mhz;
};

struct ThermalConfig {
  double level_alpha = 0.5;  // weight of a new temperature in the smoothed level
  double trend_beta = 0.3;   // weight of a new slope in the smoothed trend
  double warm_margin_celsius = 15;
  double hot_margin_celsius = 5;
  double state_hysteresis_celsius = 2;
  double default_throttle_celsius = 85;
  double default_critical_celsius = 100;
  double low_clock_ratio = 0.7;
  double min_slope_celsius_per_second = 0.01;  // flatter than this: no prediction
  std::chrono::milliseconds hot_horizon{60'000};
};

struct ThermalStatus {
  std::string device_id;
  ThermalState state = ThermalState::kNormal;
  TimePoint updated_at{};
  std::optional<double> temperature_celsius;  // the last reading
  std::optional<double> smoothed_celsius;
  std::optional<double> slope_celsius_per_second;
  std::optional<std::chrono::milliseconds> time_to_throttle;
  double throttle_celsius = 0;  // the points in use
  double critical_celsius = 0;
  bool throttling = false;
  std::vector<std::string> throttle_signals;  // "nvml_hw_thermal", "cpu_throttle_counter", ...
  std::optional<TimePoint> throttling_since;
  std::chrono::milliseconds throttled_total{0};  // time spent throttling
};

class ThermalTracker {
 public:
  explicit ThermalTracker(ThermalConfig config = {}) : config_(config) {}

  // Feeds one reading; returns the device's new status. Readings older than
  // the device's last one are ignored (its status is returned unchanged).
  const ThermalStatus& Update(const ThermalReading& reading);

  [[nodiscard]] const ThermalStatus* Find(const std::string& device_id) const;
  [[nodiscard]] std::vector<ThermalStatus> All() const;  // by device id

 private:
  struct Track {
    ThermalStatus status;
    std::optional<double> level;
    std::optional<double> trend;
    std::optional<std::uint64_t> last_throttle_events;
    bool has_reading = false;
  };

  ThermalConfig config_;
  std::map<std::string, Track> tracks_;
};

// The readings a snapshot gives: each GPU; each CPU package (hottest
// "Package id N"/"Physical id N"/Tctl sensor, its throttle counter and the
// mean clock of its CPUs) as "cpu<N>"; every other hwmon sensor as
// "sensor:<id>"; every thermal zone as "zone:<id>" (passive/hot trip =
// throttle point, critical trip = critical point).
std::vector<ThermalReading> ThermalReadingsFrom(const HostSnapshot& snapshot);

}  // namespace hawk::monitor
