// Monitoring levels: what a sample collects and how often, from the cheapest
// (basic: CPU and memory every 10 s) to the most thorough (intensive: every
// part, per core and per CPU frequency, and the process count, twice a second).
#pragma once

#include <chrono>

#include "core/enum_names.h"

namespace hawk::monitor {

#define HAWK_MONITORING_LEVELS(X) \
  X(kBasic, "basic") X(kStandard, "standard") X(kDetailed, "detailed") X(kIntensive, "intensive")
HAWK_ENUM(MonitoringLevel, "monitoring level", HAWK_MONITORING_LEVELS);

// Which parts a sample reads.
struct CollectPlan {
  bool cpu = true;
  bool memory = true;
  bool per_cpu = false;  // per-core times (/proc/stat cpuN lines)
  bool load = false;
  bool disks = false;
  bool network = false;
  bool gpus = false;
  bool temperatures = false;   // hwmon sensors and thermal zones
  bool cpu_throttle = false;   // thermal_throttle counters
  bool cpu_frequency = false;  // cpufreq per logical CPU
  bool energy = false;         // powercap (RAPL) counters
  bool cooling_devices = false;
  bool process_count = false;
};

[[nodiscard]] CollectPlan PlanFor(MonitoringLevel level);
// The default time between samples at a level (overridden by --interval).
[[nodiscard]] std::chrono::milliseconds DefaultInterval(MonitoringLevel level);

}  // namespace hawk::monitor
