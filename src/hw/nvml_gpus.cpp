#include "hw/nvml_gpus.h"

#include <string>

#include "hw/gpu_taxonomy.h"
#include "hw/pci.h"

namespace hawk::hw {

DetectedDevice ToDetectedDevice(const NvmlDeviceInfo& info, const NvmlSample* sample) {
  DetectedDevice d;
  DeviceProfile& p = d.profile;
  p.hardware_class = HardwareClass::kGpu;
  p.vendor = Vendor::kNvidia;
  p.model = info.name.empty() ? "NVIDIA GPU " + std::to_string(info.index) : info.name;
  p.pci_id = info.pci_bus_id;
  p.uuid = info.uuid;
  if (info.memory_total_bytes) {
    p.memory_total_bytes = *info.memory_total_bytes;
    d.memory_source = "nvml";
  }
  p.compute_capability = info.compute_capability;
  if (info.cuda_cores && info.compute_capability) {
    if (auto per_sm = CudaCoresPerSm(*info.compute_capability); per_sm && *info.cuda_cores > 0) {
      p.compute_units = *info.cuda_cores / *per_sm;
    }
  }
  p.clock_max_mhz = info.max_sm_clock_mhz;
  p.tdp_watts =
      info.default_power_limit_watts ? info.default_power_limit_watts : info.power_limit_watts;
  ApplyNvidiaTaxonomy(p);
  if (info.mig_capable.value_or(false)) p.features.Insert(Feature::kMig);
  if (info.ecc_enabled.value_or(false)) p.features.Insert(Feature::kEcc);
  if (info.nvlinks_active.value_or(0) > 0) p.features.Insert(Feature::kNvlink);
  d.pci_vendor_id = info.pci_vendor_id;
  d.pci_device_id = info.pci_device_id;
  d.driver = "nvidia";
  d.source = "nvml";
  d.mig_enabled = info.mig_enabled;
  d.power_limit_watts = info.power_limit_watts;
  if (sample != nullptr) {
    if (sample->gpu_utilization_percent) {
      d.readings.utilization_percent = static_cast<double>(*sample->gpu_utilization_percent);
    }
    d.readings.memory_used_bytes = sample->memory_used_bytes;
    d.readings.temperature_celsius = sample->temperature_celsius;
    d.readings.power_watts = sample->power_watts;
  }
  return d;
}

NvmlDetection DetectNvmlGpus(const NvmlOptions& options, Diagnostics& diagnostics) {
  NvmlDetection out;
  out.report.library = options.library_path;
  auto nvml = Nvml::Load(options);
  if (!nvml) {
    out.report.unavailable_reason = nvml.error().message;
    diagnostics.Note("nvml", nvml.error().message);
    return out;
  }
  out.report.loaded = true;
  out.report.driver_version = (*nvml)->DriverVersion();
  out.report.nvml_version = (*nvml)->NvmlVersion();
  out.report.bound_symbols = (*nvml)->bound_symbols();
  for (unsigned i = 0; i < (*nvml)->DeviceCount(); ++i) {
    auto info = (*nvml)->Info(i);
    if (!info) {
      diagnostics.Note("nvml", info.error().message);
      continue;
    }
    auto sample = (*nvml)->Sample(i);
    if (!sample) diagnostics.Note("nvml", sample.error().message);
    out.devices.push_back(ToDetectedDevice(*info, sample ? &*sample : nullptr));
  }
  return out;
}

}  // namespace hawk::hw
