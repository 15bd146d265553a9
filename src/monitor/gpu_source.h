// A source of GPU samples that is not a sysfs file: NVML for NVIDIA GPUs
// (monitor/nvml_gpu_source.h), or a test double. The host sampler asks each
// source once per sample; the task tracker asks for the processes that hold
// GPU memory and for the GPUs' energy counters.
//
// Implementations need not be thread-safe: one sampler uses a source at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "monitor/host_snapshot.h"

namespace hawk::monitor {

// GPU memory held by one process on one GPU.
struct GpuProcessMemory {
  std::string gpu_id;  // "gpu0"
  std::uint32_t pid = 0;
  std::optional<Bytes> used_bytes;  // absent where the driver does not say (e.g. in a VM)
};

// A GPU's cumulative energy counter (NVML's total energy consumption). It
// restarts from 0 when the driver reloads.
struct GpuEnergyCounter {
  std::string gpu_id;  // "gpu0"
  std::uint64_t energy_millijoules_total = 0;
};

class GpuSource {
 public:
  virtual ~GpuSource() = default;
  // "nvml"
  [[nodiscard]] virtual std::string_view name() const = 0;
  // Why the source has no GPUs ("libnvidia-ml.so.1 not found"); empty when it has some.
  [[nodiscard]] virtual std::string unavailable_reason() const = 0;
  // How many GPUs the source has (0 when unavailable).
  virtual int DeviceCount() = 0;
  // The GPUs' current values. Ids are "gpu<index>", from `first_index`.
  virtual std::vector<GpuSample> Sample(int first_index) = 0;
  // Processes holding GPU memory now, on every GPU of this source.
  virtual std::vector<GpuProcessMemory> ProcessMemory(int first_index) = 0;
  // The energy counters of the GPUs that have one, now. A source without
  // such counters gives none.
  virtual std::vector<GpuEnergyCounter> EnergyCounters(int first_index) {
    static_cast<void>(first_index);
    return {};
  }
};

}  // namespace hawk::monitor
