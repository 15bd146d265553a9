// NPUs and TPUs.
//
// NPUs are the devices of the kernel's compute-accelerator class,
// /sys/class/accel/accel*/device, told apart by their driver: intel_vpu
// (Intel NPU), amdxdna (AMD XDNA NPU), habanalabs (Intel Gaudi), qaic
// (Qualcomm Cloud AI 100).
//
// TPUs are PCI functions of vendor 0x1ae0 (Google) in /sys/bus/pci/devices
// whose device id names a TPU generation (v2/v3 share 0x0027 and differ by
// subsystem id; v4 0x005e, v5e 0x0063, v5p 0x0062, v6e 0x006f, 7x 0x0076).
// Google's other PCI functions (gVNIC, ...) are not TPUs and are skipped.
// A TPU's memory is the published HBM size of its generation
// (memory_source "chip table"), not a reading.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hw/hardware_report.h"
#include "hw/tree_reader.h"

namespace hawk::hw {

std::vector<DetectedDevice> DetectNpus(const TreeReader& sys);
std::vector<DetectedDevice> DetectTpus(const TreeReader& sys);

struct TpuGeneration {
  std::string name;  // "v5e"
  Bytes hbm_bytes_per_chip = 0;
  std::uint32_t devices_per_chip = 1;  // PCI functions (cores) per chip
};
// nullopt when the ids are no TPU.
std::optional<TpuGeneration> TpuGenerationFromPciIds(std::uint16_t device_id,
                                                     std::optional<std::uint16_t> subsystem_id);

}  // namespace hawk::hw
