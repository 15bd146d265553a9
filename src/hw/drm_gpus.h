// AMD and Intel GPUs from /sys/class/drm/card*/device. AMD (vendor 0x1002,
// amdgpu): product name, VRAM total and used, busy percent, top shader clock
// (pp_dpm_sclk) and hwmon temperature and power. Intel (vendor 0x8086, i915 or
// xe): device memory on discrete cards (xe tileN/physical_vram_size_bytes,
// i915 lmem_total_bytes) and hwmon. NVIDIA cards are left to NVML.
#pragma once

#include <vector>

#include "hw/hardware_report.h"
#include "hw/tree_reader.h"

namespace hawk::hw {

// One DetectedDevice per GPU (ids not yet assigned), sorted by PCI address.
std::vector<DetectedDevice> DetectDrmGpus(const TreeReader& sys);

}  // namespace hawk::hw
