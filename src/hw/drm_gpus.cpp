#include "hw/drm_gpus.h"

#include <algorithm>
#include <set>
#include <string>

#include "hw/gpu_taxonomy.h"
#include "hw/parse.h"
#include "hw/pci.h"

namespace hawk::hw {
namespace {

bool IsCardName(std::string_view name) {
  return name.size() > 4 && name.substr(0, 4) == "card" && ParseU64(name.substr(4)).has_value();
}

struct Hwmon {
  std::optional<double> temperature_celsius;
  std::optional<double> power_watts;
  std::optional<double> power_limit_watts;
  std::optional<double> tdp_watts;
};

std::optional<double> MicroToUnit(std::optional<std::uint64_t> micro) {
  if (!micro) return std::nullopt;
  return static_cast<double>(*micro) / 1e6;
}

// The first hwmon directory of the device that has any of the values.
Hwmon ReadHwmon(const TreeReader& sys, const std::string& device_dir) {
  Hwmon out;
  auto names = sys.root().ListDir(device_dir + "/hwmon");
  if (!names) return out;
  const std::string prefix = device_dir + "/hwmon/";
  for (const std::string& name : *names) {
    if (name.rfind("hwmon", 0) != 0) continue;
    const std::string dir = prefix + name;
    if (auto milli = sys.I64(dir + "/temp1_input")) {
      out.temperature_celsius = static_cast<double>(*milli) / 1000.0;
    }
    out.power_watts = MicroToUnit(sys.U64(dir + "/power1_average"));
    if (!out.power_watts) out.power_watts = MicroToUnit(sys.U64(dir + "/power1_input"));
    out.power_limit_watts = MicroToUnit(sys.U64(dir + "/power1_cap"));
    if (!out.power_limit_watts) out.power_limit_watts = MicroToUnit(sys.U64(dir + "/power1_max"));
    out.tdp_watts = MicroToUnit(sys.U64(dir + "/power1_cap_default"));
    if (!out.tdp_watts) out.tdp_watts = MicroToUnit(sys.U64(dir + "/power1_rated_max"));
    if (!out.tdp_watts) out.tdp_watts = out.power_limit_watts;
    if (out.temperature_celsius || out.power_watts || out.power_limit_watts) break;
  }
  return out;
}

// pp_dpm_sclk: "0: 852Mhz\n1: 991Mhz *\n..." -> the highest level's MHz.
std::optional<std::uint32_t> TopSclkMhz(const TreeReader& sys, const std::string& path) {
  auto text = sys.Text(path);
  if (!text) return std::nullopt;
  std::optional<std::uint32_t> best;
  bool malformed = false;
  std::size_t start = 0;
  while (start < text->size()) {
    std::size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    const auto words = SplitWhitespace(std::string_view(*text).substr(start, end - start));
    start = end + 1;
    if (words.empty()) continue;
    const std::string clock = words.size() >= 2 ? Lower(words[1]) : std::string();
    if (clock.size() < 4 || clock.compare(clock.size() - 3, 3, "mhz") != 0) {
      malformed = true;
      continue;
    }
    auto mhz = ParseU64(std::string_view(clock).substr(0, clock.size() - 3));
    if (!mhz || *mhz > 100000) {
      malformed = true;
      continue;
    }
    best = std::max(best.value_or(0), static_cast<std::uint32_t>(*mhz));
  }
  if (malformed) sys.Note(path, "lines not in the form '<level>: <n>Mhz'");
  return best;
}

void FillAmd(const TreeReader& sys, const PciFunction& pci, DetectedDevice& d) {
  const std::string& dir = pci.dir;
  const GpuPart* part = FindAmdGpu(*pci.device_id);
  d.profile.vendor = Vendor::kAmd;
  if (auto name = sys.Line(dir + "/product_name")) {
    d.profile.model = *name;
  } else if (part != nullptr) {
    d.profile.model = part->name;
  } else {
    d.profile.model = "AMD GPU [" + FormatPciIds(*pci.vendor_id, *pci.device_id) + "]";
  }
  if (auto vram = sys.U64(dir + "/mem_info_vram_total")) {
    d.profile.memory_total_bytes = *vram;
    d.memory_source = "sysfs";
  }
  d.readings.memory_used_bytes = sys.U64(dir + "/mem_info_vram_used");
  if (auto busy = sys.U64(dir + "/gpu_busy_percent"); busy && *busy <= 100) {
    d.readings.utilization_percent = static_cast<double>(*busy);
  }
  d.profile.clock_max_mhz = TopSclkMhz(sys, dir + "/pp_dpm_sclk");
  if (auto serial = sys.Line(dir + "/unique_id")) d.profile.uuid = *serial;
  ApplyAmdTaxonomy(d.profile, part);
}

// xe: the sum of device/tileN/physical_vram_size_bytes (hexadecimal);
// i915 (discrete, where published): lmem_total_bytes (decimal).
std::optional<Bytes> IntelDeviceMemory(const TreeReader& sys, const std::string& card,
                                       const std::string& dir) {
  std::optional<Bytes> total;
  if (auto names = sys.root().ListDir(dir)) {
    const std::string prefix = dir + "/";
    for (const std::string& name : *names) {
      if (name.rfind("tile", 0) != 0 || !ParseU64(std::string_view(name).substr(4))) continue;
      const std::string tile = prefix + name;
      auto bytes = sys.Hex(tile + "/physical_vram_size_bytes");
      if (!bytes) bytes = sys.Hex(tile + "/memory/physical_vram_size_bytes");
      if (bytes) total = total.value_or(0) + *bytes;
    }
  }
  if (total) return total;
  if (auto lmem = sys.U64(dir + "/lmem_total_bytes")) return lmem;
  return sys.U64(card + "/lmem_total_bytes");
}

void FillIntel(const TreeReader& sys, const std::string& card, const PciFunction& pci,
               DetectedDevice& d) {
  const GpuPart* part = FindIntelGpu(*pci.device_id);
  d.profile.vendor = Vendor::kIntel;
  d.profile.model = part != nullptr
                        ? part->name
                        : "Intel Graphics [" + FormatPciIds(*pci.vendor_id, *pci.device_id) + "]";
  const auto memory = IntelDeviceMemory(sys, card, pci.dir);
  if (memory) {
    d.profile.memory_total_bytes = *memory;
    d.memory_source = "sysfs";
  }
  const bool discrete = memory.has_value() || (part != nullptr && part->discrete);
  ApplyIntelGpuTaxonomy(d.profile, part, discrete);
}

}  // namespace

std::vector<DetectedDevice> DetectDrmGpus(const TreeReader& sys) {
  std::vector<DetectedDevice> out;
  auto names = sys.root().ListDir("class/drm");
  if (!names) return out;
  std::set<std::string> seen;
  for (const std::string& name : *names) {
    if (!IsCardName(name)) continue;
    const std::string card = "class/drm/" + name;
    const PciFunction pci = ReadPciFunction(sys, card + "/device");
    if (!pci.vendor_id || !pci.device_id) {
      sys.Note(card + "/device", "no PCI vendor/device id; card skipped");
      continue;
    }
    if (!pci.IsDisplay()) continue;
    if (*pci.vendor_id != kPciVendorAmd && *pci.vendor_id != kPciVendorIntel) continue;
    const std::string key = pci.address.empty() ? card : pci.address;
    if (!seen.insert(key).second) continue;

    DetectedDevice d;
    d.profile.hardware_class = HardwareClass::kGpu;
    d.source = "drm";
    d.driver = pci.driver;
    d.pci_vendor_id = pci.vendor_id;
    d.pci_device_id = pci.device_id;
    if (!pci.address.empty()) d.profile.pci_id = pci.address;
    if (*pci.vendor_id == kPciVendorAmd) {
      FillAmd(sys, pci, d);
    } else {
      FillIntel(sys, card, pci, d);
    }
    const Hwmon hwmon = ReadHwmon(sys, pci.dir);
    d.readings.temperature_celsius = hwmon.temperature_celsius;
    d.readings.power_watts = hwmon.power_watts;
    d.power_limit_watts = hwmon.power_limit_watts;
    d.profile.tdp_watts = hwmon.tdp_watts;
    out.push_back(std::move(d));
  }
  std::stable_sort(out.begin(), out.end(), [](const DetectedDevice& a, const DetectedDevice& b) {
    return a.profile.pci_id.value_or("") < b.profile.pci_id.value_or("");
  });
  return out;
}

}  // namespace hawk::hw
