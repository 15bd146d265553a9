// The simulator's catalogue of devices: realistic DeviceProfiles for the
// heterogeneous fleet hawk targets (x86 and Arm CPUs, NVIDIA and AMD GPUs,
// Qualcomm and Google NPUs/TPUs, WebGPU browsers, Apple silicon), each with the
// memory bandwidth the runtime model uses and the thermal parameters of its
// cooling.
//
// The figures are nominal spec-sheet numbers (vendor data sheets and launch
// material), rounded; peak_tflops is dense peak throughput per precision
// (TOPS for integer precisions). Thermal parameters are chosen per cooling
// class so that full load at 25 °C settles a few degrees below the throttle
// point (fanless laptops excepted, which throttle as they do in life). None of
// it is measured.
//
// The catalogue is built once and never changes; references stay valid for
// the program's life. Thread-safe to read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/device.h"
#include "sim/failure_rates.h"
#include "sim/thermal_model.h"

namespace hawk::sim {

// One simulated device: its profile (as a worker would register it), the
// figures the models need, and its failure rates.
struct SimDevice {
  std::string catalog_key;             // "a100-80gb"
  DeviceProfile profile;               // profile.id is empty in the catalogue; fleets number them
  double memory_bandwidth_gbps = 0.0;  // GB/s, nominal
  ThermalParams thermal;
  DeviceFailureRates failures;  // zero in the catalogue
};

// Every catalogue device, in a fixed order.
const std::vector<SimDevice>& DeviceCatalog();

// The catalogue device with this key, or an error naming the valid keys.
Result<const SimDevice*> FindCatalogDevice(std::string_view key);

// "xeon-8480, epyc-9654, ..." — for messages.
std::string CatalogKeyList();

}  // namespace hawk::sim
