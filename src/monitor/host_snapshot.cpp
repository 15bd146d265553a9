#include "monitor/host_snapshot.h"

namespace hawk::monitor {

double CpuTimes::BusySeconds() const {
  return user_seconds + nice_seconds + system_seconds + irq_seconds.value_or(0) +
         softirq_seconds.value_or(0) + steal_seconds.value_or(0);
}

double CpuTimes::TotalSeconds() const {
  return BusySeconds() + idle_seconds + iowait_seconds.value_or(0);
}

std::optional<Bytes> MemoryStat::UsedBytes() const {
  if (available_bytes) {
    return total_bytes > *available_bytes ? total_bytes - *available_bytes : 0;
  }
  if (!free_bytes) return std::nullopt;
  const Bytes unused = *free_bytes + buffers_bytes.value_or(0) + cached_bytes.value_or(0) +
                       sreclaimable_bytes.value_or(0);
  return total_bytes > unused ? total_bytes - unused : 0;
}

std::optional<double> MemoryStat::UsedRatio() const {
  const auto used = UsedBytes();
  if (!used || total_bytes == 0) return std::nullopt;
  return static_cast<double>(*used) / static_cast<double>(total_bytes);
}

std::optional<Bytes> MemoryStat::SwapUsedBytes() const {
  if (!swap_total_bytes || !swap_free_bytes) return std::nullopt;
  return *swap_total_bytes > *swap_free_bytes ? *swap_total_bytes - *swap_free_bytes : 0;
}

}  // namespace hawk::monitor
