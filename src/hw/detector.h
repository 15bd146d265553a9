// `hawk detect` as a library call: every detector of the module run over one
// pair of roots, the devices numbered (cpu0, gpu0.., npu0.., tpu0..,
// browser0), the diagnostics gathered and the fingerprint computed.
//
// host_probes says whether the roots describe the running machine: then the
// CPU's ISA comes from CPUID/XGETBV or HWCAP and its topology from hwloc.
// For a captured tree (--proc-root/--sys-root) turn it off and every fact
// comes from the tree; NVML, which always describes the running machine,
// should then be off too unless a particular library is meant.
#pragma once

#include <filesystem>
#include <optional>

#include "hw/browser_probe.h"
#include "hw/diagnostics.h"
#include "hw/hardware_report.h"
#include "hw/nvml.h"

namespace hawk::hw {

struct DetectOptions {
  std::filesystem::path proc_root = "/proc";
  std::filesystem::path sys_root = "/sys";
  bool host_probes = true;
  std::optional<NvmlOptions> nvml = NvmlOptions{};  // nullopt: NVML not used
  std::optional<BrowserProbeOptions> browser;       // nullopt: no browser probe
  Diagnostics::Sink on_diagnostic;                  // called once per new diagnostic
};

HardwareReport DetectHardware(const DetectOptions& options);

// The CPU as a device (cpu0): ISA features, fp64/fp32 plus bf16 and int8 when
// the ISA has them, system memory as its memory.
DetectedDevice CpuDevice(const CpuReport& cpu, const MemoryReport& memory);

}  // namespace hawk::hw
