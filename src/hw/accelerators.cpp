#include "hw/accelerators.h"

#include <string_view>

#include "hw/parse.h"
#include "hw/pci.h"

namespace hawk::hw {
namespace {

struct NpuPart {
  std::uint16_t device_id;
  const char* name;
};

constexpr NpuPart kIntelNpus[] = {
    {0x7d1d, "Intel NPU (Meteor Lake)"},
    {0xad1d, "Intel NPU (Arrow Lake)"},
    {0x643e, "Intel NPU (Lunar Lake)"},
    {0xb03e, "Intel NPU (Panther Lake)"},
};
constexpr NpuPart kAmdNpus[] = {
    {0x1502, "AMD XDNA NPU (Phoenix)"},
    {0x17f0, "AMD XDNA 2 NPU (Strix)"},
};
constexpr NpuPart kGaudis[] = {
    {0x1000, "Intel Gaudi"},
    {0x1020, "Intel Gaudi 2"},
    {0x1030, "Intel Gaudi 3"},
};
constexpr NpuPart kQaics[] = {
    {0xa100, "Qualcomm Cloud AI 100"},
};

template <std::size_t N>
const char* PartName(const NpuPart (&table)[N], std::optional<std::uint16_t> device_id) {
  if (!device_id) return nullptr;
  for (const NpuPart& p : table) {
    if (p.device_id == *device_id) return p.name;
  }
  return nullptr;
}

std::string Fallback(std::string_view what, const PciFunction& pci) {
  std::string out(what);
  if (pci.vendor_id && pci.device_id)
    out += " [" + FormatPciIds(*pci.vendor_id, *pci.device_id) + "]";
  return out;
}

void Describe(DeviceProfile& p, const PciFunction& pci, std::string_view driver) {
  if (driver == "intel_vpu") {
    p.vendor = Vendor::kIntel;
    const char* name = PartName(kIntelNpus, pci.device_id);
    p.model = name != nullptr ? name : Fallback("Intel NPU", pci);
    p.backends = {Backend::kOpenvino};
    p.precisions = {Precision::kFp16, Precision::kInt8};
  } else if (driver == "amdxdna") {
    p.vendor = Vendor::kAmd;
    const char* name = PartName(kAmdNpus, pci.device_id);
    p.model = name != nullptr ? name : Fallback("AMD XDNA NPU", pci);
    p.backends = {Backend::kOnnxruntime};
    p.precisions = {Precision::kBf16, Precision::kInt8};
  } else if (driver == "habanalabs") {
    p.vendor = Vendor::kHabana;
    p.architecture = Architecture::kGaudi;
    const char* name = PartName(kGaudis, pci.device_id);
    p.model = name != nullptr ? name : Fallback("Intel Gaudi", pci);
    p.backends = {Backend::kSynapse};
    p.precisions = {Precision::kFp32, Precision::kBf16, Precision::kFp16, Precision::kInt8};
    if (pci.device_id && *pci.device_id >= 0x1020) p.precisions.Insert(Precision::kFp8);
  } else if (driver == "qaic") {
    p.vendor = Vendor::kQualcomm;
    const char* name = PartName(kQaics, pci.device_id);
    p.model = name != nullptr ? name : Fallback("Qualcomm Cloud AI", pci);
    p.backends = {Backend::kOnnxruntime};
    p.precisions = {Precision::kFp16, Precision::kInt8};
  } else {
    p.model = Fallback("Accelerator (" + std::string(driver) + ")", pci);
  }
}

}  // namespace

std::vector<DetectedDevice> DetectNpus(const TreeReader& sys) {
  std::vector<DetectedDevice> out;
  auto names = sys.root().ListDir("class/accel");
  if (!names) return out;
  for (const std::string& name : *names) {
    if (name.rfind("accel", 0) != 0 || !ParseU64(std::string_view(name).substr(5))) continue;
    const std::string dir = "class/accel/" + name + "/device";
    const PciFunction pci = ReadPciFunction(sys, dir);
    if (!pci.driver) {
      sys.Note(dir, "no driver bound; device skipped");
      continue;
    }
    DetectedDevice d;
    d.profile.hardware_class = HardwareClass::kNpu;
    d.source = "accel";
    d.driver = pci.driver;
    d.pci_vendor_id = pci.vendor_id;
    d.pci_device_id = pci.device_id;
    if (!pci.address.empty()) d.profile.pci_id = pci.address;
    Describe(d.profile, pci, *pci.driver);
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<TpuGeneration> TpuGenerationFromPciIds(std::uint16_t device_id,
                                                     std::optional<std::uint16_t> subsystem_id) {
  switch (device_id) {
    case 0x0027:
      if (subsystem_id == 0x004e) return TpuGeneration{"v2", 8 * kGiB, 2};
      if (subsystem_id == 0x004f) return TpuGeneration{"v3", 16 * kGiB, 2};
      return std::nullopt;
    case 0x005e: return TpuGeneration{"v4", 32 * kGiB, 1};
    case 0x0063: return TpuGeneration{"v5e", 16 * kGiB, 1};
    case 0x0062: return TpuGeneration{"v5p", 95 * kGiB, 1};
    case 0x006f: return TpuGeneration{"v6e", 32 * kGiB, 1};
    case 0x0076: return TpuGeneration{"7x", 192 * kGiB, 2};
    default: return std::nullopt;
  }
}

std::vector<DetectedDevice> DetectTpus(const TreeReader& sys) {
  std::vector<DetectedDevice> out;
  for (const PciFunction& pci : ListPciFunctions(sys)) {
    if (pci.vendor_id != kPciVendorGoogle || !pci.device_id) continue;
    auto generation = TpuGenerationFromPciIds(*pci.device_id, pci.subsystem_device_id);
    if (!generation) continue;
    DetectedDevice d;
    d.profile.hardware_class = HardwareClass::kTpu;
    d.profile.architecture = Architecture::kTpu;
    d.profile.vendor = Vendor::kGoogle;
    d.profile.model = "Google TPU " + generation->name;
    d.profile.memory_total_bytes = generation->hbm_bytes_per_chip / generation->devices_per_chip;
    d.memory_source = "chip table";
    d.profile.backends = {Backend::kXla};
    d.profile.precisions = {Precision::kFp32, Precision::kBf16, Precision::kInt8};
    d.source = "pci";
    d.driver = pci.driver;
    d.pci_vendor_id = pci.vendor_id;
    d.pci_device_id = pci.device_id;
    if (!pci.address.empty()) d.profile.pci_id = pci.address;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace hawk::hw
