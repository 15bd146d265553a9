// A stand-in for NVIDIA's libnvidia-ml.so.1, built by the tests to drive
// hw/nvml.h without a GPU. Its values come from the JSON file named by the
// environment variable HAWK_FAKE_NVML_CONFIG, read at nvmlInit:
//
//   {"driver_version": "550.54.15", "nvml_version": "12.550.54.15",
//    "init_error": 0,
//    "devices": [{"name": ..., "uuid": ..., "domain": 0, "bus": 59, "device": 0,
//                 "pci_device_id": 590418142, "memory": {"total": ..., "reserved": ...,
//                 "free": ..., "used": ...}, "cc": [9, 0], "cores": 16896,
//                 "max_sm_clock_mhz": 1980, "power_limit_mw": 700000,
//                 "default_power_limit_mw": 700000, "mig": [1, 1] or null,
//                 "ecc": 1 or null, "nvlinks_active": 18, "utilization": [37, 12],
//                 "temperature": 41, "power_mw": 123456,
//                 "clocks_mhz": [1755, 1755, 2619], "clock_event_reasons": 4,
//                 "processes": [{"pid": 4242, "used": 1073741824 or null}],
//                 "temperature_thresholds": {"shutdown": 92, "slowdown": 89, "gpu_max": 87},
//                 "energy_mj": 5000 or [5000, 5600, ...],
//                 "lost": false}]}
//
// A threshold or field that is missing or null answers NVML_ERROR_NOT_SUPPORTED.
// "energy_mj" as a list gives its values one per call, then keeps the last,
// so a test sees the counter advance between samples.
//
// Built twice: as a current driver (versioned entry points, struct-versioned
// memory query, clocks event reasons, v3 process list) and, with
// HAWK_FAKE_NVML_OLD, as an old driver that exports only the unversioned
// entry points and neither nvmlDeviceGetTemperatureThreshold nor
// nvmlDeviceGetTotalEnergyConsumption. The versioned memory query checks the
// struct version as the real one does. hawk_fake_nvml_calls() lists the
// entry points called since the last init, so tests can see which variants
// the loader chose.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "hw/nvml_abi.h"

namespace {

namespace abi = hawk::hw::nvml_abi;
using abi::Return;

struct State {
  bool initialized = false;
  nlohmann::json config = nlohmann::json::object();
  std::string calls;
  std::map<std::uintptr_t, std::size_t> energy_reads;  // by device handle
};

State& GetState() {
  static State state;
  return state;
}

void Record(const char* name) {
  std::string& calls = GetState().calls;
  if (!calls.empty()) calls += ",";
  calls += name;
}

// Device handles are 1-based indices disguised as pointers.
abi::Device MakeHandle(unsigned index) {
  return reinterpret_cast<abi::Device>(static_cast<std::uintptr_t>(index + 1));
}

const nlohmann::json* Dev(abi::Device handle) {
  State& s = GetState();
  if (!s.initialized) return nullptr;
  const auto index = reinterpret_cast<std::uintptr_t>(handle);
  const auto& devices = s.config["devices"];
  if (index == 0 || index > devices.size()) return nullptr;
  return &devices[index - 1];
}

Return Check(abi::Device handle, const nlohmann::json*& dev) {
  if (!GetState().initialized) return abi::kErrorUninitialized;
  dev = Dev(handle);
  if (dev == nullptr) return abi::kErrorInvalidArgument;
  if (dev->value("lost", false)) return abi::kErrorGpuIsLost;
  return abi::kSuccess;
}

Return CopyString(const std::string& text, char* buffer, unsigned length) {
  if (buffer == nullptr || text.size() + 1 > length) return abi::kErrorInsufficientSize;
  std::memcpy(buffer, text.c_str(), text.size() + 1);
  return abi::kSuccess;
}

template <typename T>
Return Field(abi::Device handle, const char* key, T* out) {
  const nlohmann::json* dev = nullptr;
  if (Return r = Check(handle, dev); r != abi::kSuccess) return r;
  if (out == nullptr) return abi::kErrorInvalidArgument;
  auto it = dev->find(key);
  if (it == dev->end() || it->is_null()) return abi::kErrorNotSupported;
  *out = it->get<T>();
  return abi::kSuccess;
}

Return Init() {
  State& s = GetState();
  s.calls.clear();
  s.energy_reads.clear();
  const char* path = std::getenv("HAWK_FAKE_NVML_CONFIG");
  if (path == nullptr) return abi::kErrorDriverNotLoaded;
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  s.config = nlohmann::json::parse(text.str(), nullptr, false);
  if (s.config.is_discarded() || !s.config.is_object()) return abi::kErrorUnknown;
  if (!s.config.contains("devices")) s.config["devices"] = nlohmann::json::array();
  const int init_error = s.config.value("init_error", 0);
  if (init_error != 0) return init_error;
  s.initialized = true;
  return abi::kSuccess;
}

Return Count(unsigned* count) {
  if (!GetState().initialized) return abi::kErrorUninitialized;
  if (count == nullptr) return abi::kErrorInvalidArgument;
  *count = static_cast<unsigned>(GetState().config["devices"].size());
  return abi::kSuccess;
}

Return Handle(unsigned index, abi::Device* device) {
  unsigned count = 0;
  if (Return r = Count(&count); r != abi::kSuccess) return r;
  if (index >= count || device == nullptr) return abi::kErrorInvalidArgument;
  *device = MakeHandle(index);
  return abi::kSuccess;
}

Return Pci(abi::Device handle, abi::PciInfo* pci) {
  const nlohmann::json* dev = nullptr;
  if (Return r = Check(handle, dev); r != abi::kSuccess) return r;
  *pci = abi::PciInfo{};
  pci->domain = dev->value("domain", 0u);
  pci->bus = dev->value("bus", 0u);
  pci->device = dev->value("device", 0u);
  pci->pci_device_id = dev->value("pci_device_id", 0u);
  std::snprintf(pci->bus_id, sizeof(pci->bus_id), "%08X:%02X:%02X.0", pci->domain, pci->bus,
                pci->device);
  return abi::kSuccess;
}

template <typename Info>
Return Processes(abi::Device handle, unsigned* count, Info* infos) {
  const nlohmann::json* dev = nullptr;
  if (Return r = Check(handle, dev); r != abi::kSuccess) return r;
  const auto list = dev->value("processes", nlohmann::json::array());
  const unsigned need = static_cast<unsigned>(list.size());
  if (*count < need || (need > 0 && infos == nullptr)) {
    *count = need;
    return abi::kErrorInsufficientSize;
  }
  for (unsigned i = 0; i < need; ++i) {
    Info info{};
    info.pid = list[i].value("pid", 0u);
    info.used_gpu_memory = list[i]["used"].is_null() ? abi::kValueNotAvailable
                                                     : list[i]["used"].get<unsigned long long>();
    infos[i] = info;
  }
  *count = need;
  return abi::kSuccess;
}

}  // namespace

#define FAKE_EXPORT extern "C" __attribute__((visibility("default")))

FAKE_EXPORT const char* hawk_fake_nvml_calls() {
  return GetState().calls.c_str();
}

FAKE_EXPORT Return nvmlInit() {
  const Return r = Init();
  Record("nvmlInit");
  return r;
}
FAKE_EXPORT Return nvmlShutdown() {
  Record("nvmlShutdown");
  GetState().initialized = false;
  return abi::kSuccess;
}
FAKE_EXPORT const char* nvmlErrorString(Return r) {
  switch (r) {
    case abi::kSuccess: return "Success";
    case abi::kErrorUninitialized: return "Uninitialized";
    case abi::kErrorNotSupported: return "Not Supported";
    case abi::kErrorDriverNotLoaded: return "Driver Not Loaded";
    case abi::kErrorGpuIsLost: return "GPU is lost";
    case abi::kErrorArgumentVersionMismatch: return "Argument version mismatch";
    default: return "Unknown Error";
  }
}
FAKE_EXPORT Return nvmlSystemGetDriverVersion(char* buffer, unsigned length) {
  return CopyString(GetState().config.value("driver_version", ""), buffer, length);
}
FAKE_EXPORT Return nvmlSystemGetNVMLVersion(char* buffer, unsigned length) {
  return CopyString(GetState().config.value("nvml_version", ""), buffer, length);
}
FAKE_EXPORT Return nvmlDeviceGetCount(unsigned* count) {
  Record("nvmlDeviceGetCount");
  return Count(count);
}
FAKE_EXPORT Return nvmlDeviceGetHandleByIndex(unsigned index, abi::Device* device) {
  Record("nvmlDeviceGetHandleByIndex");
  return Handle(index, device);
}
FAKE_EXPORT Return nvmlDeviceGetName(abi::Device handle, char* buffer, unsigned length) {
  const nlohmann::json* dev = nullptr;
  if (Return r = Check(handle, dev); r != abi::kSuccess) return r;
  return CopyString(dev->value("name", ""), buffer, length);
}
FAKE_EXPORT Return nvmlDeviceGetUUID(abi::Device handle, char* buffer, unsigned length) {
  std::string uuid;
  if (Return r = Field(handle, "uuid", &uuid); r != abi::kSuccess) return r;
  return CopyString(uuid, buffer, length);
}
FAKE_EXPORT Return nvmlDeviceGetPciInfo(abi::Device handle, abi::PciInfo* pci) {
  Record("nvmlDeviceGetPciInfo");
  return Pci(handle, pci);
}
FAKE_EXPORT Return nvmlDeviceGetMemoryInfo(abi::Device handle, abi::Memory* memory) {
  Record("nvmlDeviceGetMemoryInfo");
  nlohmann::json m;
  if (Return r = Field(handle, "memory", &m); r != abi::kSuccess) return r;
  memory->total = m.value("total", 0ull);
  memory->free = m.value("free", 0ull);
  memory->used = m.value("used", 0ull);
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetCudaComputeCapability(abi::Device handle, int* major, int* minor) {
  nlohmann::json cc;
  if (Return r = Field(handle, "cc", &cc); r != abi::kSuccess) return r;
  *major = cc.at(0).get<int>();
  *minor = cc.at(1).get<int>();
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetMaxClockInfo(abi::Device handle, int type, unsigned* mhz) {
  if (type != abi::kClockSm) return abi::kErrorNotSupported;
  return Field(handle, "max_sm_clock_mhz", mhz);
}
FAKE_EXPORT Return nvmlDeviceGetClockInfo(abi::Device handle, int type, unsigned* mhz) {
  nlohmann::json clocks;
  if (Return r = Field(handle, "clocks_mhz", &clocks); r != abi::kSuccess) return r;
  if (type < 0 || type > 2) return abi::kErrorInvalidArgument;
  *mhz = clocks.at(static_cast<std::size_t>(type)).get<unsigned>();
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetPowerManagementLimit(abi::Device handle, unsigned* mw) {
  return Field(handle, "power_limit_mw", mw);
}
FAKE_EXPORT Return nvmlDeviceGetPowerManagementDefaultLimit(abi::Device handle, unsigned* mw) {
  return Field(handle, "default_power_limit_mw", mw);
}
FAKE_EXPORT Return nvmlDeviceGetMigMode(abi::Device handle, unsigned* current, unsigned* pending) {
  nlohmann::json mig;
  if (Return r = Field(handle, "mig", &mig); r != abi::kSuccess) return r;
  *current = mig.at(0).get<unsigned>();
  *pending = mig.at(1).get<unsigned>();
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetEccMode(abi::Device handle, int* current, int* pending) {
  if (Return r = Field(handle, "ecc", current); r != abi::kSuccess) return r;
  *pending = *current;
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetNvLinkState(abi::Device handle, unsigned link, int* active) {
  unsigned links = 0;
  if (Return r = Field(handle, "nvlinks_active", &links); r != abi::kSuccess) return r;
  *active = link < links ? abi::kFeatureEnabled : 0;
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetUtilizationRates(abi::Device handle, abi::Utilization* u) {
  nlohmann::json value;
  if (Return r = Field(handle, "utilization", &value); r != abi::kSuccess) return r;
  u->gpu = value.at(0).get<unsigned>();
  u->memory = value.at(1).get<unsigned>();
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetTemperature(abi::Device handle, int sensor, unsigned* celsius) {
  if (sensor != abi::kTemperatureGpu) return abi::kErrorNotSupported;
  return Field(handle, "temperature", celsius);
}
FAKE_EXPORT Return nvmlDeviceGetPowerUsage(abi::Device handle, unsigned* mw) {
  return Field(handle, "power_mw", mw);
}
FAKE_EXPORT Return nvmlDeviceGetCurrentClocksThrottleReasons(abi::Device handle,
                                                             unsigned long long* reasons) {
  Record("nvmlDeviceGetCurrentClocksThrottleReasons");
  return Field(handle, "clock_event_reasons", reasons);
}
FAKE_EXPORT Return nvmlDeviceGetComputeRunningProcesses(abi::Device handle, unsigned* count,
                                                        abi::ProcessInfoV1* infos) {
  Record("nvmlDeviceGetComputeRunningProcesses");
  return Processes(handle, count, infos);
}

#ifndef HAWK_FAKE_NVML_OLD
FAKE_EXPORT Return nvmlDeviceGetTemperatureThreshold(abi::Device handle, int type,
                                                     unsigned* celsius) {
  nlohmann::json thresholds;
  if (Return r = Field(handle, "temperature_thresholds", &thresholds); r != abi::kSuccess) {
    return r;
  }
  const char* key = nullptr;
  switch (type) {
    case abi::kTemperatureThresholdShutdown: key = "shutdown"; break;
    case abi::kTemperatureThresholdSlowdown: key = "slowdown"; break;
    case abi::kTemperatureThresholdMemMax: key = "mem_max"; break;
    case abi::kTemperatureThresholdGpuMax: key = "gpu_max"; break;
    default: return abi::kErrorInvalidArgument;
  }
  if (celsius == nullptr) return abi::kErrorInvalidArgument;
  if (!thresholds.is_object() || !thresholds.contains(key) || thresholds[key].is_null()) {
    return abi::kErrorNotSupported;
  }
  *celsius = thresholds[key].get<unsigned>();
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetTotalEnergyConsumption(abi::Device handle,
                                                       unsigned long long* millijoules) {
  nlohmann::json energy;
  if (Return r = Field(handle, "energy_mj", &energy); r != abi::kSuccess) return r;
  if (millijoules == nullptr) return abi::kErrorInvalidArgument;
  if (!energy.is_array()) {
    *millijoules = energy.get<unsigned long long>();
    return abi::kSuccess;
  }
  if (energy.empty()) return abi::kErrorNotSupported;
  std::size_t& reads = GetState().energy_reads[reinterpret_cast<std::uintptr_t>(handle)];
  *millijoules = energy.at(std::min(reads, energy.size() - 1)).get<unsigned long long>();
  ++reads;
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlInit_v2() {
  const Return r = Init();
  Record("nvmlInit_v2");
  return r;
}
FAKE_EXPORT Return nvmlDeviceGetCount_v2(unsigned* count) {
  Record("nvmlDeviceGetCount_v2");
  return Count(count);
}
FAKE_EXPORT Return nvmlDeviceGetHandleByIndex_v2(unsigned index, abi::Device* device) {
  Record("nvmlDeviceGetHandleByIndex_v2");
  return Handle(index, device);
}
FAKE_EXPORT Return nvmlDeviceGetPciInfo_v3(abi::Device handle, abi::PciInfo* pci) {
  Record("nvmlDeviceGetPciInfo_v3");
  return Pci(handle, pci);
}
FAKE_EXPORT Return nvmlDeviceGetMemoryInfo_v2(abi::Device handle, abi::MemoryV2* memory) {
  Record("nvmlDeviceGetMemoryInfo_v2");
  if (memory == nullptr) return abi::kErrorInvalidArgument;
  if (memory->version != abi::kMemoryV2Version) return abi::kErrorArgumentVersionMismatch;
  nlohmann::json m;
  if (Return r = Field(handle, "memory", &m); r != abi::kSuccess) return r;
  memory->total = m.value("total", 0ull);
  memory->reserved = m.value("reserved", 0ull);
  memory->free = m.value("free", 0ull);
  memory->used = m.value("used", 0ull);
  return abi::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetNumGpuCores(abi::Device handle, unsigned* cores) {
  return Field(handle, "cores", cores);
}
FAKE_EXPORT Return nvmlDeviceGetCurrentClocksEventReasons(abi::Device handle,
                                                          unsigned long long* reasons) {
  Record("nvmlDeviceGetCurrentClocksEventReasons");
  return Field(handle, "clock_event_reasons", reasons);
}
FAKE_EXPORT Return nvmlDeviceGetComputeRunningProcesses_v3(abi::Device handle, unsigned* count,
                                                           abi::ProcessInfo* infos) {
  Record("nvmlDeviceGetComputeRunningProcesses_v3");
  return Processes(handle, count, infos);
}
#endif
