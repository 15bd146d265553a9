// NVML queries: static facts (Info), readings (Sample), compute processes.
#include <cstdio>
#include <utility>

#include "hw/nvml_impl.h"

namespace hawk::hw {
namespace {

using nvml_abi::kSuccess;

std::string CString(const char* buffer, std::size_t size) {
  std::size_t n = 0;
  while (n < size && buffer[n] != '\0') ++n;
  return std::string(buffer, n);
}

// Calls an NVML getter of one unsigned value; nullopt unless it succeeds.
template <typename Fn, typename... Args>
std::optional<unsigned> Unsigned(Fn fn, Args... args) {
  if (fn == nullptr) return std::nullopt;
  unsigned value = 0;
  if (fn(args..., &value) != kSuccess) return std::nullopt;
  return value;
}

std::optional<double> MilliwattsToWatts(std::optional<unsigned> mw) {
  if (!mw) return std::nullopt;
  return *mw / 1000.0;
}

}  // namespace

std::vector<std::string> ClockEventReasons::Names() const {
  static constexpr std::pair<std::uint64_t, const char*> kNames[] = {
      {kGpuIdle, "gpu_idle"},
      {kApplicationsClocksSetting, "applications_clocks_setting"},
      {kSwPowerCap, "sw_power_cap"},
      {kHwSlowdown, "hw_slowdown"},
      {kSyncBoost, "sync_boost"},
      {kSwThermalSlowdown, "sw_thermal_slowdown"},
      {kHwThermalSlowdown, "hw_thermal_slowdown"},
      {kHwPowerBrakeSlowdown, "hw_power_brake_slowdown"},
      {kDisplayClockSetting, "display_clock_setting"},
  };
  std::vector<std::string> out;
  for (int bit = 0; bit < 64; ++bit) {
    const std::uint64_t mask = std::uint64_t{1} << bit;
    if ((bits & mask) == 0) continue;
    const char* name = nullptr;
    for (const auto& [known, text] : kNames) {
      if (known == mask) name = text;
    }
    if (name != nullptr) {
      out.emplace_back(name);
    } else {
      char hex[24];
      std::snprintf(hex, sizeof(hex), "0x%llx", static_cast<unsigned long long>(mask));
      out.emplace_back(hex);
    }
  }
  return out;
}

Result<NvmlDeviceInfo> Nvml::Info(unsigned index) const {
  const Impl& m = *impl_;
  auto device = m.Handle(index);
  if (!device) return tl::unexpected(device.error());
  const Impl::D d = *device;
  NvmlDeviceInfo info;
  info.index = index;
  if (m.name != nullptr) {
    char buffer[nvml_abi::kDeviceNameBufferSize] = {};
    const Impl::R r = m.name(d, buffer, sizeof(buffer));
    if (r == nvml_abi::kErrorGpuIsLost) {
      return MakeError(ErrorCode::kUnavailable,
                       "GPU " + std::to_string(index) + ": " + m.ErrorText(r), "nvml");
    }
    if (r == kSuccess) info.name = CString(buffer, sizeof(buffer));
  }
  if (m.uuid != nullptr) {
    char buffer[nvml_abi::kDeviceUuidBufferSize] = {};
    if (m.uuid(d, buffer, sizeof(buffer)) == kSuccess) info.uuid = CString(buffer, sizeof(buffer));
  }
  if (m.pci_info != nullptr) {
    nvml_abi::PciInfo pci{};
    if (m.pci_info(d, &pci) == kSuccess) {
      char bus_id[32];
      std::snprintf(bus_id, sizeof(bus_id), "%04x:%02x:%02x.0", pci.domain & 0xffffu,
                    pci.bus & 0xffu, pci.device & 0x1fu);
      info.pci_bus_id = bus_id;
      info.pci_vendor_id = static_cast<std::uint16_t>(pci.pci_device_id & 0xffffu);
      info.pci_device_id = static_cast<std::uint16_t>(pci.pci_device_id >> 16);
    }
  }
  if (m.memory_v2 != nullptr) {
    nvml_abi::MemoryV2 v2{};
    v2.version = nvml_abi::kMemoryV2Version;
    if (m.memory_v2(d, &v2) == kSuccess) info.memory_total_bytes = v2.total;
  }
  if (!info.memory_total_bytes && m.memory_v1 != nullptr) {
    nvml_abi::Memory v1{};
    if (m.memory_v1(d, &v1) == kSuccess) info.memory_total_bytes = v1.total;
  }
  if (m.compute_capability != nullptr) {
    int major = 0;
    int minor = 0;
    if (m.compute_capability(d, &major, &minor) == kSuccess && major > 0) {
      info.compute_capability = ComputeCapability{major, minor};
    }
  }
  info.cuda_cores = Unsigned(m.num_cores, d);
  info.max_sm_clock_mhz = Unsigned(m.max_clock, d, nvml_abi::kClockSm);
  info.power_limit_watts = MilliwattsToWatts(Unsigned(m.power_limit, d));
  info.default_power_limit_watts = MilliwattsToWatts(Unsigned(m.default_power_limit, d));
  if (m.mig_mode != nullptr) {
    unsigned current = 0;
    unsigned pending = 0;
    const Impl::R r = m.mig_mode(d, &current, &pending);
    if (r == kSuccess) {
      info.mig_capable = true;
      info.mig_enabled = current == 1;
    } else if (r == nvml_abi::kErrorNotSupported) {
      info.mig_capable = false;
    }
  }
  if (m.ecc_mode != nullptr) {
    int current = 0;
    int pending = 0;
    const Impl::R r = m.ecc_mode(d, &current, &pending);
    if (r == kSuccess) info.ecc_enabled = current == nvml_abi::kFeatureEnabled;
    if (r == nvml_abi::kErrorNotSupported) info.ecc_enabled = false;
  }
  if (m.nvlink_state != nullptr) {
    std::uint32_t active = 0;
    bool answered = false;
    for (unsigned link = 0; link < nvml_abi::kNvlinkMaxLinks; ++link) {
      int state = 0;
      const Impl::R r = m.nvlink_state(d, link, &state);
      if (r != kSuccess) continue;
      answered = true;
      if (state == nvml_abi::kFeatureEnabled) ++active;
    }
    if (answered) info.nvlinks_active = active;
  }
  auto threshold = [&](int type) -> std::optional<double> {
    if (auto celsius = Unsigned(m.temperature_threshold, d, type)) return *celsius;
    return std::nullopt;
  };
  info.slowdown_celsius = threshold(nvml_abi::kTemperatureThresholdSlowdown);
  info.shutdown_celsius = threshold(nvml_abi::kTemperatureThresholdShutdown);
  info.gpu_max_celsius = threshold(nvml_abi::kTemperatureThresholdGpuMax);
  return info;
}

Result<NvmlSample> Nvml::Sample(unsigned index) const {
  const Impl& m = *impl_;
  auto device = m.Handle(index);
  if (!device) return tl::unexpected(device.error());
  const Impl::D d = *device;
  NvmlSample s;
  if (m.utilization != nullptr) {
    nvml_abi::Utilization u{};
    const Impl::R r = m.utilization(d, &u);
    if (r == nvml_abi::kErrorGpuIsLost) {
      return MakeError(ErrorCode::kUnavailable,
                       "GPU " + std::to_string(index) + ": " + m.ErrorText(r), "nvml");
    }
    if (r == kSuccess) {
      s.gpu_utilization_percent = u.gpu;
      s.memory_utilization_percent = u.memory;
    }
  }
  bool have_memory = false;
  if (m.memory_v2 != nullptr) {
    nvml_abi::MemoryV2 v2{};
    v2.version = nvml_abi::kMemoryV2Version;
    if (m.memory_v2(d, &v2) == kSuccess) {
      s.memory_total_bytes = v2.total;
      s.memory_used_bytes = v2.used;
      s.memory_free_bytes = v2.free;
      s.memory_reserved_bytes = v2.reserved;
      have_memory = true;
    }
  }
  if (!have_memory && m.memory_v1 != nullptr) {
    nvml_abi::Memory v1{};
    if (m.memory_v1(d, &v1) == kSuccess) {
      s.memory_total_bytes = v1.total;
      s.memory_used_bytes = v1.used;
      s.memory_free_bytes = v1.free;
    }
  }
  if (auto t = Unsigned(m.temperature, d, nvml_abi::kTemperatureGpu)) s.temperature_celsius = *t;
  s.power_watts = MilliwattsToWatts(Unsigned(m.power_usage, d));
  s.graphics_clock_mhz = Unsigned(m.clock, d, nvml_abi::kClockGraphics);
  s.sm_clock_mhz = Unsigned(m.clock, d, nvml_abi::kClockSm);
  s.memory_clock_mhz = Unsigned(m.clock, d, nvml_abi::kClockMem);
  if (m.clock_reasons != nullptr) {
    unsigned long long bits = 0;
    if (m.clock_reasons(d, &bits) == kSuccess) s.clock_event_reasons = ClockEventReasons{bits};
  }
  s.energy_millijoules_total = TotalEnergyMillijoules(index);
  return s;
}

std::optional<std::uint64_t> Nvml::TotalEnergyMillijoules(unsigned index) const {
  const Impl& m = *impl_;
  if (m.total_energy == nullptr) return std::nullopt;
  auto device = m.Handle(index);
  if (!device) return std::nullopt;
  unsigned long long millijoules = 0;
  if (m.total_energy(*device, &millijoules) != kSuccess) return std::nullopt;
  return millijoules;
}

Result<std::vector<NvmlProcess>> Nvml::ComputeProcesses(unsigned index) const {
  const Impl& m = *impl_;
  auto device = m.Handle(index);
  if (!device) return tl::unexpected(device.error());
  if (m.processes_v2 == nullptr && m.processes_v1 == nullptr) {
    return MakeError(ErrorCode::kUnavailable, "this NVML lists no processes", "nvml");
  }
  auto convert = [](unsigned long long used) -> std::optional<Bytes> {
    if (used == nvml_abi::kValueNotAvailable) return std::nullopt;
    return used;
  };
  // Ask for the count, then the list; processes may start in between, so
  // retry a few times with room to spare.
  unsigned capacity = 0;
  for (int attempt = 0; attempt < 4; ++attempt) {
    unsigned count = capacity;
    std::vector<NvmlProcess> out;
    Impl::R r;
    if (m.processes_v2 != nullptr) {
      std::vector<nvml_abi::ProcessInfo> infos(capacity);
      r = m.processes_v2(*device, &count, infos.empty() ? nullptr : infos.data());
      if (r == kSuccess) {
        for (unsigned i = 0; i < count && i < infos.size(); ++i) {
          out.push_back(NvmlProcess{infos[i].pid, convert(infos[i].used_gpu_memory)});
        }
      }
    } else {
      std::vector<nvml_abi::ProcessInfoV1> infos(capacity);
      r = m.processes_v1(*device, &count, infos.empty() ? nullptr : infos.data());
      if (r == kSuccess) {
        for (unsigned i = 0; i < count && i < infos.size(); ++i) {
          out.push_back(NvmlProcess{infos[i].pid, convert(infos[i].used_gpu_memory)});
        }
      }
    }
    if (r == kSuccess) return out;
    if (r != nvml_abi::kErrorInsufficientSize) {
      return MakeError(ErrorCode::kUnavailable,
                       "GPU " + std::to_string(index) + " processes: " + m.ErrorText(r), "nvml");
    }
    capacity = count + 8;
  }
  return MakeError(ErrorCode::kBusy, "GPU " + std::to_string(index) + ": process list kept growing",
                   "nvml");
}

}  // namespace hawk::hw
