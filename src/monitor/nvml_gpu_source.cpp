#include "monitor/nvml_gpu_source.h"

#include <utility>

namespace hawk::monitor {

std::unique_ptr<NvmlGpuSource> NvmlGpuSource::Create(const hw::NvmlOptions& options) {
  auto nvml = hw::Nvml::Load(options);
  if (!nvml) return std::make_unique<NvmlGpuSource>(nullptr, nvml.error().message);
  return std::make_unique<NvmlGpuSource>(std::move(*nvml), "");
}

NvmlGpuSource::NvmlGpuSource(std::unique_ptr<hw::Nvml> nvml, std::string reason)
    : nvml_(std::move(nvml)), reason_(std::move(reason)) {
  if (!nvml_) {
    if (reason_.empty()) reason_ = "NVML not loaded";
    return;
  }
  for (unsigned i = 0; i < nvml_->DeviceCount(); ++i) {
    auto info = nvml_->Info(i);
    if (info) {
      infos_.push_back(std::move(*info));
    } else {
      hw::NvmlDeviceInfo unknown;
      unknown.index = i;
      infos_.push_back(std::move(unknown));
    }
  }
  if (infos_.empty()) reason_ = "NVML sees no GPU";
}

GpuSample GpuSampleFromNvml(const std::string& id, const hw::NvmlDeviceInfo& info,
                            const hw::NvmlSample& s) {
  GpuSample g;
  g.id = id;
  g.vendor = Vendor::kNvidia;
  g.source = "nvml";
  if (!info.name.empty()) g.name = info.name;
  g.uuid = info.uuid;
  g.pci_bus_id = info.pci_bus_id;
  if (s.gpu_utilization_percent) g.utilization_ratio = *s.gpu_utilization_percent / 100.0;
  if (s.memory_utilization_percent) {
    g.memory_utilization_ratio = *s.memory_utilization_percent / 100.0;
  }
  g.memory_used_bytes = s.memory_used_bytes;
  g.memory_total_bytes = s.memory_total_bytes ? s.memory_total_bytes : info.memory_total_bytes;
  g.temperature_celsius = s.temperature_celsius;
  g.slowdown_celsius = info.slowdown_celsius;
  g.shutdown_celsius = info.shutdown_celsius;
  g.power_watts = s.power_watts;
  g.power_limit_watts = info.power_limit_watts;
  if (s.graphics_clock_mhz) g.clock_graphics_mhz = static_cast<double>(*s.graphics_clock_mhz);
  if (info.max_sm_clock_mhz) g.clock_graphics_max_mhz = static_cast<double>(*info.max_sm_clock_mhz);
  if (s.memory_clock_mhz) g.clock_memory_mhz = static_cast<double>(*s.memory_clock_mhz);
  if (s.clock_event_reasons) g.clock_event_reasons = s.clock_event_reasons->bits;
  if (s.energy_millijoules_total) {
    g.energy_joules_total = static_cast<double>(*s.energy_millijoules_total) / 1000.0;
  }
  return g;
}

std::vector<GpuSample> NvmlGpuSource::Sample(int first_index) {
  std::vector<GpuSample> out;
  out.reserve(infos_.size());
  for (std::size_t i = 0; i < infos_.size(); ++i) {
    const std::string id = "gpu" + std::to_string(first_index + static_cast<int>(i));
    auto sample = nvml_->Sample(static_cast<unsigned>(i));
    // A GPU that fails its query stays listed, with every reading missing.
    out.push_back(GpuSampleFromNvml(id, infos_[i], sample ? *sample : hw::NvmlSample{}));
  }
  return out;
}

std::vector<GpuProcessMemory> NvmlGpuSource::ProcessMemory(int first_index) {
  std::vector<GpuProcessMemory> out;
  for (std::size_t i = 0; i < infos_.size(); ++i) {
    auto processes = nvml_->ComputeProcesses(static_cast<unsigned>(i));
    if (!processes) continue;
    const std::string id = "gpu" + std::to_string(first_index + static_cast<int>(i));
    for (const auto& p : *processes) out.push_back({id, p.pid, p.used_gpu_memory_bytes});
  }
  return out;
}

std::vector<GpuEnergyCounter> NvmlGpuSource::EnergyCounters(int first_index) {
  std::vector<GpuEnergyCounter> out;
  for (std::size_t i = 0; i < infos_.size(); ++i) {
    const auto millijoules = nvml_->TotalEnergyMillijoules(static_cast<unsigned>(i));
    if (!millijoules) continue;
    out.push_back({"gpu" + std::to_string(first_index + static_cast<int>(i)), *millijoules});
  }
  return out;
}

}  // namespace hawk::monitor
