// Loading NVML: dlopen, symbol lookup (versioned first), nvmlInit, the
// device handles, and the teardown.
#include <dlfcn.h>

#include <utility>

#include "hw/nvml_impl.h"

namespace hawk::hw {
namespace {

// Binds `slot` to the first of `names` the library exports and records the
// name found. Returns false when none is exported.
template <typename Fn>
bool Bind(Nvml::Impl& impl, Fn& slot, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (void* symbol = ::dlsym(impl.handle, name)) {
      slot = reinterpret_cast<Fn>(symbol);
      impl.bound.emplace_back(name);
      return true;
    }
  }
  return false;
}

std::string CString(const char* buffer, std::size_t size) {
  std::size_t n = 0;
  while (n < size && buffer[n] != '\0') ++n;
  return std::string(buffer, n);
}

}  // namespace

std::string Nvml::Impl::ErrorText(R code) const {
  std::string text = error_string != nullptr ? error_string(code) : "";
  if (text.empty()) text = "NVML error";
  return text + " (" + std::to_string(code) + ")";
}

Result<Nvml::Impl::D> Nvml::Impl::Handle(unsigned index) const {
  if (index >= devices.size()) {
    return MakeError(
        ErrorCode::kNotFound,
        "no GPU " + std::to_string(index) + " (NVML sees " + std::to_string(devices.size()) + ")",
        "nvml");
  }
  return devices[index];
}

Result<std::unique_ptr<Nvml>> Nvml::Load(const NvmlOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->library_path = options.library_path;
  ::dlerror();
  impl->handle = ::dlopen(options.library_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (impl->handle == nullptr) {
    const char* why = ::dlerror();
    return MakeError(ErrorCode::kUnavailable,
                     options.library_path + " not loaded: " + (why != nullptr ? why : "unknown"),
                     "nvml", "no NVIDIA driver here, or give the library's path");
  }
  Impl& m = *impl;
  // From here on the Nvml's destructor closes the handle.
  std::unique_ptr<Nvml> nvml(new Nvml(std::move(impl)));
  const bool required =
      Bind(m, m.init, {"nvmlInit_v2", "nvmlInit"}) && Bind(m, m.shutdown, {"nvmlShutdown"}) &&
      Bind(m, m.count, {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"}) &&
      Bind(m, m.handle_by_index, {"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"});
  if (!required) {
    m.shutdown = nullptr;  // never initialized: nothing to shut down
    return MakeError(ErrorCode::kUnavailable,
                     options.library_path +
                         " lacks nvmlInit/nvmlDeviceGetCount/"
                         "nvmlDeviceGetHandleByIndex",
                     "nvml", "is this NVIDIA's libnvidia-ml?");
  }
  Bind(m, m.error_string, {"nvmlErrorString"});
  Bind(m, m.driver_version, {"nvmlSystemGetDriverVersion"});
  Bind(m, m.nvml_version, {"nvmlSystemGetNVMLVersion"});
  Bind(m, m.name, {"nvmlDeviceGetName"});
  Bind(m, m.uuid, {"nvmlDeviceGetUUID"});
  Bind(m, m.pci_info,
       {"nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2", "nvmlDeviceGetPciInfo"});
  Bind(m, m.memory_v2, {"nvmlDeviceGetMemoryInfo_v2"});
  Bind(m, m.memory_v1, {"nvmlDeviceGetMemoryInfo"});
  Bind(m, m.compute_capability, {"nvmlDeviceGetCudaComputeCapability"});
  Bind(m, m.num_cores, {"nvmlDeviceGetNumGpuCores"});
  Bind(m, m.max_clock, {"nvmlDeviceGetMaxClockInfo"});
  Bind(m, m.clock, {"nvmlDeviceGetClockInfo"});
  Bind(m, m.power_limit, {"nvmlDeviceGetPowerManagementLimit"});
  Bind(m, m.default_power_limit, {"nvmlDeviceGetPowerManagementDefaultLimit"});
  Bind(m, m.mig_mode, {"nvmlDeviceGetMigMode"});
  Bind(m, m.ecc_mode, {"nvmlDeviceGetEccMode"});
  Bind(m, m.nvlink_state, {"nvmlDeviceGetNvLinkState"});
  Bind(m, m.utilization, {"nvmlDeviceGetUtilizationRates"});
  Bind(m, m.temperature, {"nvmlDeviceGetTemperature"});
  // Absent from some older drivers: the values are then std::nullopt.
  Bind(m, m.temperature_threshold, {"nvmlDeviceGetTemperatureThreshold"});
  Bind(m, m.total_energy, {"nvmlDeviceGetTotalEnergyConsumption"});
  Bind(m, m.power_usage, {"nvmlDeviceGetPowerUsage"});
  Bind(m, m.clock_reasons,
       {"nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"});
  Bind(m, m.processes_v2,
       {"nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2"});
  if (m.processes_v2 == nullptr) Bind(m, m.processes_v1, {"nvmlDeviceGetComputeRunningProcesses"});

  const Impl::R init = m.init();
  if (init != nvml_abi::kSuccess) {
    m.shutdown = nullptr;  // nothing to shut down
    return MakeError(ErrorCode::kUnavailable, "nvmlInit failed: " + m.ErrorText(init), "nvml",
                     "is the NVIDIA kernel driver loaded?");
  }
  unsigned count = 0;
  const Impl::R counted = m.count(&count);
  if (counted != nvml_abi::kSuccess) {
    return MakeError(ErrorCode::kUnavailable, "nvmlDeviceGetCount failed: " + m.ErrorText(counted),
                     "nvml");
  }
  for (unsigned i = 0; i < count; ++i) {
    Impl::D device = nullptr;
    const Impl::R got = m.handle_by_index(i, &device);
    if (got != nvml_abi::kSuccess) {
      return MakeError(
          ErrorCode::kUnavailable,
          "nvmlDeviceGetHandleByIndex(" + std::to_string(i) + ") failed: " + m.ErrorText(got),
          "nvml");
    }
    m.devices.push_back(device);
  }
  return nvml;
}

Nvml::Nvml(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Nvml::~Nvml() {
  if (impl_ == nullptr || impl_->handle == nullptr) return;
  if (impl_->shutdown != nullptr) impl_->shutdown();
  ::dlclose(impl_->handle);
}

const std::string& Nvml::library_path() const {
  return impl_->library_path;
}
unsigned Nvml::DeviceCount() const {
  return static_cast<unsigned>(impl_->devices.size());
}
const std::vector<std::string>& Nvml::bound_symbols() const {
  return impl_->bound;
}

std::optional<std::string> Nvml::DriverVersion() const {
  if (impl_->driver_version == nullptr) return std::nullopt;
  char buffer[nvml_abi::kSystemVersionBufferSize] = {};
  if (impl_->driver_version(buffer, sizeof(buffer)) != nvml_abi::kSuccess) return std::nullopt;
  return CString(buffer, sizeof(buffer));
}

std::optional<std::string> Nvml::NvmlVersion() const {
  if (impl_->nvml_version == nullptr) return std::nullopt;
  char buffer[nvml_abi::kSystemVersionBufferSize] = {};
  if (impl_->nvml_version(buffer, sizeof(buffer)) != nvml_abi::kSuccess) return std::nullopt;
  return CString(buffer, sizeof(buffer));
}

}  // namespace hawk::hw
