// PCI identity of a device from sysfs: vendor and device ids, class, the
// subsystem ids, the bound driver and the slot address. Values missing from
// the attribute files are taken from the device's uevent file (captured trees
// often have only that).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hw/tree_reader.h"

namespace hawk::hw {

constexpr std::uint16_t kPciVendorAmd = 0x1002;
constexpr std::uint16_t kPciVendorIntel = 0x8086;
constexpr std::uint16_t kPciVendorNvidia = 0x10de;
constexpr std::uint16_t kPciVendorGoogle = 0x1ae0;
constexpr std::uint16_t kPciVendorHabana = 0x1da3;
constexpr std::uint16_t kPciVendorQualcomm = 0x17cb;

struct PciFunction {
  std::string dir;      // the device directory below the sys root, as given
  std::string address;  // "0000:09:00.0"; empty when unknown
  std::optional<std::uint16_t> vendor_id;
  std::optional<std::uint16_t> device_id;
  std::optional<std::uint16_t> subsystem_vendor_id;
  std::optional<std::uint16_t> subsystem_device_id;
  std::optional<std::uint32_t> class_code;  // 0x030000: VGA controller
  std::optional<std::string> driver;        // "amdgpu"

  // Display controllers (class 0x03xxxx); unknown class counts as display.
  [[nodiscard]] bool IsDisplay() const { return !class_code || (*class_code >> 16) == 0x03; }
};

// Reads the function whose sysfs directory is `device_dir` (e.g.
// "class/drm/card0/device" or "bus/pci/devices/0000:00:04.0").
PciFunction ReadPciFunction(const TreeReader& sys, const std::string& device_dir);
// Every function listed in bus/pci/devices, sorted by address.
std::vector<PciFunction> ListPciFunctions(const TreeReader& sys);

// "1002:687f"
std::string FormatPciIds(std::uint16_t vendor_id, std::uint16_t device_id);
// "0x1002"
std::string FormatPciHex(std::uint16_t id);

}  // namespace hawk::hw
