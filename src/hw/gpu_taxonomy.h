// Mapping GPUs to the taxonomy (core/taxonomy.h): backends, precisions and
// features from what the device is. NVIDIA by CUDA compute capability; AMD
// and Intel by PCI device id, with a small table of well-known parts (model
// name, generation) and conservative defaults for the rest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/device.h"

namespace hawk::hw {

// Precisions and features that follow from the compute capability:
// tensor_cores from 7.0, bf16/tf32 from 8.0, fp8 from 8.9, int8 from 6.1,
// fp16 from 5.3, int4 on 7.5 to 8.9. Sets architecture cuda and the driver
// APIs (cuda, opencl, vulkan).
void ApplyNvidiaTaxonomy(DeviceProfile& profile);
// CUDA cores per streaming multiprocessor, to turn NVML's core count into
// SMs; nullopt for compute capabilities not in the table.
std::optional<std::uint32_t> CudaCoresPerSm(ComputeCapability cc);

struct GpuPart {
  std::uint16_t device_id = 0;
  const char* name = "";
  const char* generation = "";  // "gfx90a", "Xe-HPG"
  bool discrete = true;
  bool matrix_units = false;  // AMD matrix cores / Intel XMX
  bool bf16 = false;
  bool fp8 = false;
  bool fp64 = true;
  bool unified_memory = false;
};

const GpuPart* FindAmdGpu(std::uint16_t device_id);
const GpuPart* FindIntelGpu(std::uint16_t device_id);

// Fills architecture, backends, precisions and features of an AMD (amdgpu)
// or Intel (i915/xe) GPU; `part` may be null (unknown device id).
void ApplyAmdTaxonomy(DeviceProfile& profile, const GpuPart* part);
void ApplyIntelGpuTaxonomy(DeviceProfile& profile, const GpuPart* part, bool discrete);

}  // namespace hawk::hw
