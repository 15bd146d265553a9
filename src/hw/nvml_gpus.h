// NVIDIA GPUs for detection: loads NVML (hw/nvml.h), turns each GPU's facts
// into a DetectedDevice mapped to the taxonomy, and reports what NVML was
// (loaded or why not, driver version, which entry points it offers). An
// absent library is noted once as a diagnostic, never an error.
#pragma once

#include <vector>

#include "hw/diagnostics.h"
#include "hw/hardware_report.h"
#include "hw/nvml.h"

namespace hawk::hw {

struct NvmlDetection {
  NvmlReport report;
  std::vector<DetectedDevice> devices;  // ids not yet assigned
};

NvmlDetection DetectNvmlGpus(const NvmlOptions& options, Diagnostics& diagnostics);

// One GPU as a DetectedDevice; `sample` (may be null) fills the readings.
DetectedDevice ToDetectedDevice(const NvmlDeviceInfo& info, const NvmlSample* sample);

}  // namespace hawk::hw
