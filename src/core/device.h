// What a machine has: its devices (DeviceProfile) and the worker that owns them
// (WorkerProfile). Filled by hardware detection (module hw), by the simulator's
// fleet files, and by workers registering with a coordinator.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/taxonomy.h"
#include "core/units.h"

namespace hawk {

// CUDA compute capability (8.0 = A100, 9.0 = H100), or its equivalent where a
// vendor has one. Ordered, so "at least 8.0" is a comparison.
struct ComputeCapability {
  int major = 0;
  int minor = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted <=>
  friend auto operator<=>(const ComputeCapability&, const ComputeCapability&) = default;
  [[nodiscard]] std::string ToString() const;
};
// "8.0", "9" -> 9.0. Errors name the expected form.
Result<ComputeCapability> ParseComputeCapability(std::string_view text);

struct DeviceProfile {
  std::string id;  // unique within its worker: "cpu0", "gpu1", "npu0", "browser0"
  HardwareClass hardware_class = HardwareClass::kCpu;
  Architecture architecture = Architecture::kOther;
  Vendor vendor = Vendor::kOther;
  std::string model;                  // "NVIDIA A100-SXM4-80GB"
  std::optional<std::string> pci_id;  // "0000:3b:00.0"
  std::optional<std::string> uuid;
  Bytes memory_total_bytes = 0;
  std::uint32_t compute_units = 0;  // SMs, CUs, EUs, cores
  std::optional<std::uint32_t> clock_max_mhz;
  std::optional<ComputeCapability> compute_capability;
  BackendSet backends;
  PrecisionSet precisions;
  FeatureSet features;
  std::optional<double> tdp_watts;
  // Relative peak throughput per precision in TFLOPS (or TOPS for ints), when
  // known; the scheduler's efficiency term and the simulator use it.
  std::map<Precision, double> peak_tflops;
  friend bool operator==(const DeviceProfile&, const DeviceProfile&) = default;
};

struct WorkerProfile {
  std::string worker_id;
  std::string hostname;
  std::string os;  // "linux", "macos", "windows", "browser"
  std::vector<DeviceProfile> devices;
  std::map<std::string, std::string> labels;
  std::string fingerprint;      // sha256 of the stable hardware facts (hw module)
  std::uint32_t cpu_slots = 1;  // tasks that need no accelerator, run at once
  friend bool operator==(const WorkerProfile&, const WorkerProfile&) = default;
};

}  // namespace hawk
