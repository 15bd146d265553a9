#include "store/records.h"

namespace hawk {

HardwareCapabilityRecord CapabilityFromDevice(const std::string& worker_id,
                                              const DeviceProfile& device, TimePoint updated_at) {
  HardwareCapabilityRecord out;
  out.worker_id = worker_id;
  out.device_id = device.id;
  out.hardware_class = device.hardware_class;
  out.architecture = device.architecture;
  out.vendor = device.vendor;
  out.model = device.model;
  out.memory_total_bytes = device.memory_total_bytes;
  out.compute_units = device.compute_units;
  if (device.compute_capability) out.compute_capability = device.compute_capability->ToString();
  out.backends = device.backends;
  out.precisions = device.precisions;
  out.features = device.features;
  out.tdp_watts = device.tdp_watts;
  out.updated_at = updated_at;
  return out;
}

}  // namespace hawk
