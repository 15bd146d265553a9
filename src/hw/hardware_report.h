// What `hawk detect` finds on a machine: the rich HardwareReport the CLI and
// the JSON output show, from which the scheduler's WorkerProfile (core/device.h)
// is built. Facts that were not found are std::nullopt, never 0 or -1.
// Units are in the names: bytes, MHz, watts, degrees Celsius, percent.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/device.h"
#include "hw/diagnostics.h"

namespace hawk::hw {

struct CacheInfo {
  std::uint32_t level = 0;  // 1, 2, 3
  std::string type;         // "data", "instruction", "unified"
  Bytes size_bytes = 0;     // one instance
  std::optional<std::uint32_t> line_size_bytes;
  std::optional<std::uint32_t> instances;          // e.g. one L2 per core
  std::optional<std::uint32_t> shared_by_threads;  // hardware threads per instance
  friend bool operator==(const CacheInfo&, const CacheInfo&) = default;
};

struct CpuReport {
  std::optional<std::string> vendor_id;  // as the CPU says it: "GenuineIntel", "0x41"
  Vendor vendor = Vendor::kOther;
  std::optional<std::string> model;  // "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz"
  Architecture architecture = Architecture::kOther;
  std::optional<std::uint32_t> sockets;
  std::optional<std::uint32_t> cores;    // physical cores, all sockets
  std::optional<std::uint32_t> threads;  // hardware threads (logical CPUs)
  std::optional<std::uint32_t> numa_nodes;
  std::vector<CacheInfo> caches;  // one entry per (level, type)
  std::optional<std::uint32_t> max_mhz;
  std::optional<std::uint32_t> current_mhz;  // a moment's reading; not a stable fact
  FeatureSet features;                       // ISA extensions usable by programs (OS state enabled)
  // Where the facts came from, for the reader: "cpuid+xgetbv, /proc/cpuinfo",
  // "hwloc", "cpuinfo", "sysfs", ...
  std::string isa_source;
  std::string topology_source;
};

struct MemoryReport {
  std::optional<Bytes> total_bytes;
  std::optional<Bytes> available_bytes;  // MemAvailable
  std::optional<Bytes> swap_total_bytes;
  std::optional<Bytes> swap_free_bytes;
};

// Readings of the moment (utilization, memory in use, temperature, power).
// Shown by `hawk detect`, never part of the fingerprint.
struct DeviceReadings {
  std::optional<double> utilization_percent;
  std::optional<Bytes> memory_used_bytes;
  std::optional<double> temperature_celsius;
  std::optional<double> power_watts;
};

struct DetectedDevice {
  DeviceProfile profile;  // what the scheduler consumes
  std::optional<std::uint16_t> pci_vendor_id;
  std::optional<std::uint16_t> pci_device_id;
  std::optional<std::string> driver;  // kernel driver: "amdgpu", "i915", "intel_vpu"
  std::string source;                 // "cpu", "nvml", "drm", "accel", "pci"
  // Where memory_total_bytes came from: "meminfo", "nvml", "sysfs", or
  // "chip table" (a published figure for the chip, not a reading); empty
  // when unknown.
  std::string memory_source;
  std::optional<bool> mig_enabled;
  std::optional<double> power_limit_watts;  // the limit in force now
  DeviceReadings readings;
};

struct WebGpuAdapter {
  std::string vendor;        // "nvidia", "google"
  std::string architecture;  // "ampere", "swiftshader"
  std::string device;
  std::string description;
  bool is_fallback_adapter = false;   // software (SwiftShader): never a GPU
  std::vector<std::string> features;  // "shader-f16", "timestamp-query"
  std::map<std::string, std::uint64_t> limits;
};

enum class BrowserProbeStatus {
  kNotRequested,      // --browser not given
  kChromiumNotFound,  // a normal state, reported, not an error
  kOk,                // the page ran and reported
  kFailed,            // Chromium ran but the probe gave no answer (see error)
};
std::string_view ToString(BrowserProbeStatus status);

struct BrowserReport {
  BrowserProbeStatus status = BrowserProbeStatus::kNotRequested;
  std::optional<std::string> chromium_path;
  std::optional<std::string> chromium_version;  // "Chromium 131.0.6778.85"
  std::optional<std::string> user_agent;
  bool webgpu_api = false;  // navigator.gpu exists
  std::optional<WebGpuAdapter> adapter;
  std::optional<std::string> webgpu_error;  // "no adapter", an exception's text
  bool webnn_api = false;                   // navigator.ml exists
  bool webnn_context = false;               // navigator.ml.createContext() succeeded
  std::optional<std::string> webnn_error;
  std::optional<std::string> error;  // why the probe failed
};

struct NvmlReport {
  bool loaded = false;
  std::string library;  // the path given to dlopen
  std::optional<std::string> driver_version;
  std::optional<std::string> nvml_version;
  std::optional<std::string> unavailable_reason;  // when not loaded
  std::vector<std::string> bound_symbols;         // "nvmlInit_v2", ... as found
};

struct HardwareReport {
  std::optional<std::string> hostname;
  std::string os = "linux";
  std::optional<std::string> kernel_release;
  std::string proc_root;
  std::string sys_root;
  bool host_probes = true;  // CPUID/HWCAP/hwloc/NVML of the running machine were used
  CpuReport cpu;
  MemoryReport memory;
  std::vector<DetectedDevice> devices;  // cpu0 first, then accelerators
  NvmlReport nvml;
  BrowserReport browser;
  std::vector<Diagnostic> diagnostics;
  std::string fingerprint;  // hex sha256 of CanonicalFacts (hw/fingerprint.h)
};

// The worker profile the scheduler consumes: devices, hostname, fingerprint,
// and one CPU slot per hardware thread.
WorkerProfile ToWorkerProfile(const HardwareReport& report, std::string worker_id);

}  // namespace hawk::hw
