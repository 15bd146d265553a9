// Energy counters (powercap) and the GPUs sysfs describes (amdgpu, i915, xe).
#include <algorithm>
#include <cctype>

#include "monitor/parse.h"
#include "monitor/sys_readers.h"

namespace hawk::monitor {
namespace {

std::string Join(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : dir + "/" + std::string(name);
}

bool IsCardName(std::string_view name) {
  if (!name.starts_with("card") || name.size() == 4) return false;
  for (char c : name.substr(4)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::optional<std::string> UeventValue(FileReader& reader, const std::string& dir,
                                       std::string_view key) {
  const std::string* text = reader.Read(Join(dir, "uevent"), false);
  if (text == nullptr) return std::nullopt;
  LineReader lines(*text);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == '=') {
      return std::string(Trim(line.substr(key.size() + 1)));
    }
  }
  return std::nullopt;
}

std::optional<double> MicroToUnit(std::optional<std::uint64_t> micro) {
  if (!micro) return std::nullopt;
  return static_cast<double>(*micro) / 1e6;
}

}  // namespace

std::optional<std::vector<EnergyCounterPath>> DiscoverPowercap(FileReader& reader) {
  auto zones = reader.fs().ListDir("class/powercap");
  if (!zones) return std::nullopt;
  std::vector<EnergyCounterPath> out;
  for (const auto& zone : *zones) {
    auto dir = reader.fs().ResolveDir("class/powercap/" + zone);
    if (!dir || !reader.fs().Exists(Join(*dir, "energy_uj"))) continue;  // a control type
    EnergyCounterPath path;
    path.counter.id = zone;
    path.counter.name = reader.Text(Join(*dir, "name"));
    path.counter.top_level = std::count(zone.begin(), zone.end(), ':') <= 1;
    path.counter.max_energy_range_microjoules = reader.U64(Join(*dir, "max_energy_range_uj"));
    path.energy_path = Join(*dir, "energy_uj");
    out.push_back(std::move(path));
  }
  return out;
}

std::vector<EnergyCounter> ReadPowercap(FileReader& reader,
                                        const std::vector<EnergyCounterPath>& catalog) {
  std::vector<EnergyCounter> out;
  out.reserve(catalog.size());
  for (const auto& path : catalog) {
    EnergyCounter counter = path.counter;
    counter.energy_microjoules_total = reader.U64(path.energy_path);
    out.push_back(std::move(counter));
  }
  return out;
}

std::optional<double> ParseCurrentDpmLevelMhz(std::string_view text) {
  LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    line = Trim(line);
    if (!line.ends_with('*')) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view value = Trim(line.substr(colon + 1, line.size() - colon - 2));
    for (std::string_view unit : {"Mhz", "MHz", "mhz"}) {
      if (value.ends_with(unit)) value.remove_suffix(unit.size());
    }
    return ParseDouble(value);
  }
  return std::nullopt;
}

std::optional<std::vector<DrmGpuPath>> DiscoverDrmGpus(FileReader& reader, int first_index) {
  auto cards = reader.fs().ListDir("class/drm");
  if (!cards) return std::nullopt;
  std::vector<DrmGpuPath> out;
  for (const auto& card : *cards) {
    if (!IsCardName(card)) continue;
    auto card_dir = reader.fs().ResolveDir("class/drm/" + card);
    if (!card_dir) continue;
    auto device = reader.fs().ResolveDir(Join(*card_dir, "device"));
    if (!device || !reader.fs().IsDirectory(*device)) continue;  // a card without a device
    const auto vendor_id = reader.Text(Join(*device, "vendor"));
    if (!vendor_id) continue;
    DrmGpuPath path;
    path.card_dir = *card_dir;
    path.device_dir = *device;
    if (*vendor_id == "0x1002") {
      path.gpu.vendor = Vendor::kAmd;
    } else if (*vendor_id == "0x8086") {
      path.gpu.vendor = Vendor::kIntel;
    } else {
      continue;  // NVIDIA is read through NVML; others are unknown here
    }
    const auto driver = UeventValue(reader, *device, "DRIVER");
    path.gpu.source = driver.value_or(path.gpu.vendor == Vendor::kAmd ? "amdgpu" : "i915");
    path.gpu.id = "gpu" + std::to_string(first_index + static_cast<int>(out.size()));
    path.gpu.name = reader.Text(Join(*device, "product_name"));
    path.gpu.pci_bus_id = UeventValue(reader, *device, "PCI_SLOT_NAME");
    path.gpu.memory_total_bytes = reader.U64(Join(*device, "mem_info_vram_total"));
    if (auto hwmons = reader.fs().ListDir(Join(*device, "hwmon")); hwmons && !hwmons->empty()) {
      path.hwmon_dir = Join(*device, "hwmon/" + hwmons->front());
      path.gpu.slowdown_celsius = reader.Milli(Join(*path.hwmon_dir, "temp1_crit"));
      path.gpu.shutdown_celsius = reader.Milli(Join(*path.hwmon_dir, "temp1_emergency"));
      path.gpu.power_limit_watts = MicroToUnit(reader.U64(Join(*path.hwmon_dir, "power1_cap")));
    }
    if (auto max = reader.U64(Join(*card_dir, "gt_max_freq_mhz"))) {
      path.gpu.clock_graphics_max_mhz = static_cast<double>(*max);
    }
    out.push_back(std::move(path));
  }
  return out;
}

std::vector<GpuSample> ReadDrmGpus(FileReader& reader, const std::vector<DrmGpuPath>& catalog) {
  std::vector<GpuSample> out;
  out.reserve(catalog.size());
  for (const auto& path : catalog) {
    GpuSample gpu = path.gpu;
    const std::string& dev = path.device_dir;
    if (auto busy = reader.U64(Join(dev, "gpu_busy_percent"))) {
      gpu.utilization_ratio = static_cast<double>(*busy) / 100.0;
    }
    if (auto busy = reader.U64(Join(dev, "mem_busy_percent"))) {
      gpu.memory_utilization_ratio = static_cast<double>(*busy) / 100.0;
    }
    gpu.memory_used_bytes = reader.U64(Join(dev, "mem_info_vram_used"));
    if (gpu.vendor == Vendor::kAmd) {
      if (const std::string* sclk = reader.Read(Join(dev, "pp_dpm_sclk"), false)) {
        gpu.clock_graphics_mhz = ParseCurrentDpmLevelMhz(*sclk);
      }
      if (const std::string* mclk = reader.Read(Join(dev, "pp_dpm_mclk"), false)) {
        gpu.clock_memory_mhz = ParseCurrentDpmLevelMhz(*mclk);
      }
    } else if (auto cur = reader.U64(Join(path.card_dir, "gt_cur_freq_mhz"))) {
      gpu.clock_graphics_mhz = static_cast<double>(*cur);
    }
    if (path.hwmon_dir) {
      const std::string& hw = *path.hwmon_dir;
      gpu.temperature_celsius = reader.Milli(Join(hw, "temp1_input"));
      auto power = reader.U64(Join(hw, "power1_average"));
      if (!power) power = reader.U64(Join(hw, "power1_input"));
      gpu.power_watts = MicroToUnit(power);
      if (auto energy = reader.U64(Join(hw, "energy1_input"))) {
        gpu.energy_joules_total = static_cast<double>(*energy) / 1e6;
      }
    }
    out.push_back(std::move(gpu));
  }
  return out;
}

}  // namespace hawk::monitor
