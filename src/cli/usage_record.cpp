#include "cli/usage_record.h"

#include <string>

namespace hawk::cli {

TaskUsageRecord TaskUsageRecordFrom(const monitor::TaskUsage& usage) {
  TaskUsageRecord r;
  r.cpu_seconds = usage.cpu_seconds;
  r.peak_memory_bytes = usage.peak_memory_bytes;
  r.avg_memory_bytes = usage.avg_memory_bytes;
  r.read_bytes = usage.read_bytes;
  r.write_bytes = usage.write_bytes;
  r.net_rx_bytes = usage.net_rx_bytes;
  r.net_tx_bytes = usage.net_tx_bytes;
  r.gpu_memory_peak_bytes = usage.gpu_memory_peak_bytes;
  r.energy_joules = usage.energy_joules;
  r.source = std::string(ToString(usage.source));
  return r;
}

}  // namespace hawk::cli
