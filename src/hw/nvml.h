// NVIDIA GPUs through NVML, loaded at run time with dlopen (DESIGN.md §3.6).
// No NVIDIA header or library is needed to build; on a machine without the
// driver, Load() returns kUnavailable, which is a normal state: the caller
// notes it once and carries on.
//
// Versioned entry points are looked up first and the unversioned ones of
// older drivers are the fallback: nvmlInit_v2 / nvmlInit,
// nvmlDeviceGetCount_v2 / nvmlDeviceGetCount, nvmlDeviceGetHandleByIndex_v2 /
// nvmlDeviceGetHandleByIndex, nvmlDeviceGetMemoryInfo_v2 (with the struct
// version set) / nvmlDeviceGetMemoryInfo, nvmlDeviceGetPciInfo_v3/_v2/-,
// nvmlDeviceGetComputeRunningProcesses_v3/_v2/-, and
// nvmlDeviceGetCurrentClocksEventReasons / ...ThrottleReasons.
// nvmlDeviceGetTemperatureThreshold and nvmlDeviceGetTotalEnergyConsumption
// are optional: a driver without them gives no thresholds and no energy.
//
// This header is the contract for both detection (static facts, Info) and
// the monitor (readings of the moment, Sample and ComputeProcesses).
// Units are in the names. A field the driver does not support on a device
// (NVML_ERROR_NOT_SUPPORTED, no permission) is std::nullopt, never 0.
//
// Ownership and threading: an Nvml owns the library handle and one NVML
// initialization; the destructor shuts NVML down and unloads the library.
// After Load() the object is immutable and NVML is thread-safe, so every
// const method may be called from several threads at once. Keep one Nvml per
// process for its lifetime (loading costs tens of milliseconds on a real
// driver).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/result.h"
#include "core/units.h"

namespace hawk::hw {

struct NvmlOptions {
  // What dlopen is given. The default lets the dynamic loader search as usual;
  // a path selects a particular library (a test's fake, a non-standard install).
  std::string library_path = "libnvidia-ml.so.1";
};

// Why the clocks are below their maximum: NVML's clocks event reasons
// (formerly "throttle reasons") bit mask, with names for the known bits.
struct ClockEventReasons {
  static constexpr std::uint64_t kGpuIdle = 0x1;
  static constexpr std::uint64_t kApplicationsClocksSetting = 0x2;
  static constexpr std::uint64_t kSwPowerCap = 0x4;
  static constexpr std::uint64_t kHwSlowdown = 0x8;
  static constexpr std::uint64_t kSyncBoost = 0x10;
  static constexpr std::uint64_t kSwThermalSlowdown = 0x20;
  static constexpr std::uint64_t kHwThermalSlowdown = 0x40;
  static constexpr std::uint64_t kHwPowerBrakeSlowdown = 0x80;
  static constexpr std::uint64_t kDisplayClockSetting = 0x100;

  std::uint64_t bits = 0;

  [[nodiscard]] bool Has(std::uint64_t reason) const { return (bits & reason) != 0; }
  // Slowed by heat (software or hardware thermal slowdown).
  [[nodiscard]] bool Thermal() const { return Has(kSwThermalSlowdown | kHwThermalSlowdown); }
  // Slowed by a power limit (software cap, hardware slowdown or power brake).
  [[nodiscard]] bool Power() const {
    return Has(kSwPowerCap | kHwSlowdown | kHwPowerBrakeSlowdown);
  }
  // "gpu_idle", "sw_power_cap", ... for the set bits, in bit order; unknown
  // bits as "0x200".
  [[nodiscard]] std::vector<std::string> Names() const;
};

// Facts about one GPU that do not change while it runs.
struct NvmlDeviceInfo {
  unsigned index = 0;
  std::string name;                       // "NVIDIA H100 80GB HBM3"
  std::optional<std::string> uuid;        // "GPU-1f6a..."
  std::optional<std::string> pci_bus_id;  // "0000:3b:00.0" (sysfs form, lowercase)
  std::optional<std::uint16_t> pci_vendor_id;
  std::optional<std::uint16_t> pci_device_id;
  std::optional<Bytes> memory_total_bytes;
  std::optional<ComputeCapability> compute_capability;
  std::optional<std::uint32_t> cuda_cores;
  std::optional<std::uint32_t> max_sm_clock_mhz;
  std::optional<double> power_limit_watts;          // in force now
  std::optional<double> default_power_limit_watts;  // the board's default (its TDP)
  std::optional<bool> mig_capable;
  std::optional<bool> mig_enabled;
  std::optional<bool> ecc_enabled;
  std::optional<std::uint32_t> nvlinks_active;
  // The GPU's own temperature points (nvmlDeviceGetTemperatureThreshold):
  // hardware slowdown begins, the GPU shuts down, and the GPU may be
  // throttled below its base clock.
  std::optional<double> slowdown_celsius;
  std::optional<double> shutdown_celsius;
  std::optional<double> gpu_max_celsius;
};

// Readings of the moment for one GPU.
struct NvmlSample {
  std::optional<std::uint32_t> gpu_utilization_percent;
  std::optional<std::uint32_t> memory_utilization_percent;  // memory controller busy
  std::optional<Bytes> memory_total_bytes;
  std::optional<Bytes> memory_used_bytes;
  std::optional<Bytes> memory_free_bytes;
  std::optional<Bytes> memory_reserved_bytes;  // v2 memory query only
  std::optional<double> temperature_celsius;
  std::optional<double> power_watts;
  std::optional<std::uint32_t> graphics_clock_mhz;
  std::optional<std::uint32_t> sm_clock_mhz;
  std::optional<std::uint32_t> memory_clock_mhz;
  std::optional<ClockEventReasons> clock_event_reasons;
  // Energy used since the driver was last loaded
  // (nvmlDeviceGetTotalEnergyConsumption; Volta and newer). Differences of
  // two readings give the energy in between; the counter restarts from 0
  // when the driver reloads.
  std::optional<std::uint64_t> energy_millijoules_total;
};

// A process holding a compute context on a GPU.
struct NvmlProcess {
  std::uint32_t pid = 0;
  std::optional<Bytes> used_gpu_memory_bytes;  // nullopt where the driver cannot tell
};

class Nvml {
 public:
  // Loads the library and initializes NVML. kUnavailable when the library is
  // absent or NVML does not start (no driver); the message says which.
  static Result<std::unique_ptr<Nvml>> Load(const NvmlOptions& options = {});

  ~Nvml();
  Nvml(const Nvml&) = delete;
  Nvml& operator=(const Nvml&) = delete;

  [[nodiscard]] const std::string& library_path() const;
  [[nodiscard]] std::optional<std::string> DriverVersion() const;  // "550.54.15"
  [[nodiscard]] std::optional<std::string> NvmlVersion() const;    // "12.550.54.15"
  // GPUs visible to NVML when it was loaded.
  [[nodiscard]] unsigned DeviceCount() const;
  // kNotFound for an index >= DeviceCount(); kUnavailable when NVML fails on
  // the device (the GPU fell off the bus, ...).
  [[nodiscard]] Result<NvmlDeviceInfo> Info(unsigned index) const;
  [[nodiscard]] Result<NvmlSample> Sample(unsigned index) const;
  [[nodiscard]] Result<std::vector<NvmlProcess>> ComputeProcesses(unsigned index) const;
  // The energy counter alone (NvmlSample::energy_millijoules_total) for
  // callers that poll it often: nullopt when the driver lacks the query, the
  // GPU does not support it, or the index is out of range.
  [[nodiscard]] std::optional<std::uint64_t> TotalEnergyMillijoules(unsigned index) const;
  // The NVML functions found, by the name found ("nvmlInit_v2" or "nvmlInit",
  // ...), in lookup order: which variants this driver offers.
  [[nodiscard]] const std::vector<std::string>& bound_symbols() const;

  struct Impl;

 private:
  explicit Nvml(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::hw
