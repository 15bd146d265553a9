#include "monitor/levels.h"

namespace hawk::monitor {

CollectPlan PlanFor(MonitoringLevel level) {
  CollectPlan plan;
  if (level == MonitoringLevel::kBasic) return plan;
  plan.load = plan.disks = plan.network = plan.gpus = true;
  plan.temperatures = plan.cpu_throttle = plan.cpu_frequency = plan.energy = true;
  if (level == MonitoringLevel::kStandard) return plan;
  plan.per_cpu = plan.cooling_devices = true;
  if (level == MonitoringLevel::kDetailed) return plan;
  plan.process_count = true;
  return plan;
}

std::chrono::milliseconds DefaultInterval(MonitoringLevel level) {
  using std::chrono::milliseconds;
  switch (level) {
    case MonitoringLevel::kBasic: return milliseconds(10'000);
    case MonitoringLevel::kStandard: return milliseconds(5'000);
    case MonitoringLevel::kDetailed: return milliseconds(1'000);
    case MonitoringLevel::kIntensive: return milliseconds(500);
  }
  return milliseconds(5'000);
}

}  // namespace hawk::monitor
