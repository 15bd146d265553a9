// NVIDIA GPUs for the monitor, through the hw module's NVML wrapper
// (hw/nvml.h, loaded with dlopen). A machine without the driver gives a
// source with no GPUs and the reason, which is a normal state.
//
// Not thread-safe (GpuSource's contract); the wrapped Nvml is.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hw/nvml.h"
#include "monitor/gpu_source.h"

namespace hawk::monitor {

class NvmlGpuSource final : public GpuSource {
 public:
  // Loads NVML (tens of milliseconds on a real driver: create one per process).
  static std::unique_ptr<NvmlGpuSource> Create(const hw::NvmlOptions& options = {});
  // Wraps an NVML already loaded, or none (then `reason` says why).
  NvmlGpuSource(std::unique_ptr<hw::Nvml> nvml, std::string reason);

  [[nodiscard]] std::string_view name() const override { return "nvml"; }
  [[nodiscard]] std::string unavailable_reason() const override { return reason_; }
  int DeviceCount() override { return static_cast<int>(infos_.size()); }
  std::vector<GpuSample> Sample(int first_index) override;
  std::vector<GpuProcessMemory> ProcessMemory(int first_index) override;
  std::vector<GpuEnergyCounter> EnergyCounters(int first_index) override;

  [[nodiscard]] const hw::Nvml* nvml() const { return nvml_.get(); }

 private:
  std::unique_ptr<hw::Nvml> nvml_;
  std::string reason_;
  std::vector<hw::NvmlDeviceInfo> infos_;  // by NVML index
};

// One NVML reading as a monitor GPU sample (pure: no NVML call). The GPU's
// own slowdown and shutdown temperatures, when NVML gives them, become the
// sample's slowdown and critical points (so alerts and the thermal tracker
// use them instead of their configured defaults).
GpuSample GpuSampleFromNvml(const std::string& id, const hw::NvmlDeviceInfo& info,
                            const hw::NvmlSample& sample);

}  // namespace hawk::monitor
