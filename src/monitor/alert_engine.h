// AlertEngine: threshold alerts per resource and severity, a pure state
// machine fed with observations and their timestamps.
//
// An alert is one (resource, device, metric, severity). It opens when the
// value reaches the severity's threshold and closes when the value falls
// below threshold - hysteresis, so a value hovering at the threshold opens
// it once and closes it once. Warning and critical are separate alerts: a
// value past both has both open. Temperatures use the device's own points
// (the observation's thresholds: slowdown for warning, critical for
// critical); a sensor without them raises no temperature alert.
//
// Not thread-safe. Callbacks run inside Evaluate/CloseAll, in event order.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/clock.h"
#include "core/enum_names.h"
#include "monitor/host_snapshot.h"
#include "monitor/rates.h"

namespace hawk::monitor {

// clang-format off
#define HAWK_ALERT_RESOURCES(X)                                          \
  X(kCpu, "cpu") X(kMemory, "memory") X(kGpu, "gpu")                      \
  X(kGpuMemory, "gpu_memory") X(kDisk, "disk") X(kTemperature, "temperature")
// clang-format on
HAWK_ENUM(AlertResource, "alert resource", HAWK_ALERT_RESOURCES);

#define HAWK_ALERT_SEVERITIES(X) X(kWarning, "warning") X(kCritical, "critical")
HAWK_ENUM(AlertSeverity, "alert severity", HAWK_ALERT_SEVERITIES);

#define HAWK_ALERT_TRANSITIONS(X) X(kOpened, "opened") X(kClosed, "closed")
HAWK_ENUM(AlertTransition, "alert transition", HAWK_ALERT_TRANSITIONS);

struct AlertThresholds {
  std::optional<double> warning;
  std::optional<double> critical;
  double hysteresis = 0;  // in the value's unit (percentage points, degrees)
};

struct AlertConfig {
  std::map<AlertResource, AlertThresholds> thresholds;

  // The seed's defaults: CPU 90/95 %, memory 90/95 %, GPU 95/98 %, GPU memory
  // 90/95 %, disk busy 95/98 %, with 5 points of hysteresis; temperatures at
  // the device's own points with 3 degrees of hysteresis.
  static AlertConfig Defaults();
};

// One value to check. Utilizations are in percent.
struct Observation {
  AlertResource resource = AlertResource::kCpu;
  std::optional<std::string> device_id;  // empty for the host
  std::string metric;                    // "cpu_utilization_percent", "temperature_celsius"
  double value = 0;
  // The device's own points; they take precedence over the config.
  std::optional<double> warning_threshold;
  std::optional<double> critical_threshold;
};

struct AlertEvent {
  TimePoint ts{};
  AlertResource resource = AlertResource::kCpu;
  std::optional<std::string> device_id;
  std::string metric;
  AlertSeverity severity = AlertSeverity::kWarning;
  AlertTransition transition = AlertTransition::kOpened;
  double value = 0;
  double threshold = 0;
  std::string message;  // "cpu_utilization_percent 96.0 >= 95 (critical)"
};

struct ActiveAlert {
  AlertResource resource = AlertResource::kCpu;
  std::optional<std::string> device_id;
  std::string metric;
  AlertSeverity severity = AlertSeverity::kWarning;
  TimePoint opened_at{};
  double threshold = 0;
  double last_value = 0;
  double peak_value = 0;
};

class AlertEngine {
 public:
  using Callback = std::function<void(const AlertEvent&)>;

  explicit AlertEngine(AlertConfig config = AlertConfig::Defaults());

  // Called for every event, in order, after the engine's state changed.
  void OnAlert(Callback callback) { callbacks_.push_back(std::move(callback)); }

  // Checks each observation; returns the alerts that opened or closed. An
  // open alert whose observation is absent stays open.
  std::vector<AlertEvent> Evaluate(TimePoint ts, std::span<const Observation> observations);
  // Closes every open alert (e.g. when monitoring stops), with `reason`.
  std::vector<AlertEvent> CloseAll(TimePoint ts, std::string_view reason);

  [[nodiscard]] std::vector<ActiveAlert> Active() const;
  [[nodiscard]] const AlertConfig& config() const { return config_; }

 private:
  using Key = std::tuple<AlertResource, std::string, std::string, AlertSeverity>;
  void Emit(AlertEvent event, std::vector<AlertEvent>& out);

  AlertConfig config_;
  std::map<Key, ActiveAlert> active_;
  std::vector<Callback> callbacks_;
};

// The observations alerts look at in a snapshot (and the rates to it):
// CPU and memory utilization, each GPU's utilization, memory and
// temperature, each disk's busy share, each hwmon sensor and thermal zone.
// Device ids: "gpu0", "disk:sda", "sensor:hwmon0/temp1", "zone:thermal_zone0".
std::vector<Observation> ObservationsFrom(const HostSnapshot& snapshot, const HostRates* rates);

}  // namespace hawk::monitor
