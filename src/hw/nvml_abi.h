// The slice of NVML's C ABI (nvml.h, NVIDIA's R450+ drivers) that hawk uses,
// declared here because the NVIDIA header is not installed where hawk
// builds. Layouts and values follow nvml.h exactly; the library is reached
// only through dlopen/dlsym (hw/nvml.h), never linked.
#pragma once

#include <cstdint>

namespace hawk::hw::nvml_abi {

using Return = int;                   // nvmlReturn_t
using Device = struct DeviceOpaque*;  // nvmlDevice_t

constexpr Return kSuccess = 0;
constexpr Return kErrorUninitialized = 1;
constexpr Return kErrorInvalidArgument = 2;
constexpr Return kErrorNotSupported = 3;
constexpr Return kErrorNoPermission = 4;
constexpr Return kErrorNotFound = 6;
constexpr Return kErrorInsufficientSize = 7;
constexpr Return kErrorDriverNotLoaded = 9;
constexpr Return kErrorLibraryNotFound = 12;
constexpr Return kErrorFunctionNotFound = 13;
constexpr Return kErrorGpuIsLost = 15;
constexpr Return kErrorArgumentVersionMismatch = 25;
constexpr Return kErrorUnknown = 999;

constexpr unsigned kDeviceNameBufferSize = 96;  // NVML_DEVICE_NAME_V2_BUFFER_SIZE
constexpr unsigned kDeviceUuidBufferSize = 96;  // NVML_DEVICE_UUID_V2_BUFFER_SIZE
constexpr unsigned kSystemVersionBufferSize = 80;

// nvmlClockType_t
constexpr int kClockGraphics = 0;
constexpr int kClockSm = 1;
constexpr int kClockMem = 2;
// nvmlTemperatureSensors_t
constexpr int kTemperatureGpu = 0;
// nvmlTemperatureThresholds_t
constexpr int kTemperatureThresholdShutdown = 0;  // the GPU shuts down to protect itself
constexpr int kTemperatureThresholdSlowdown = 1;  // hardware slowdown begins
constexpr int kTemperatureThresholdMemMax = 2;    // memory temperature for software slowdown
constexpr int kTemperatureThresholdGpuMax = 3;    // may be throttled below base clock
// nvmlEnableState_t
constexpr int kFeatureEnabled = 1;
constexpr unsigned kNvlinkMaxLinks = 18;  // NVML_NVLINK_MAX_LINKS
// usedGpuMemory when the driver cannot tell (NVML_VALUE_NOT_AVAILABLE).
constexpr unsigned long long kValueNotAvailable = ~0ULL;

struct Memory {  // nvmlMemory_t
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};

struct MemoryV2 {  // nvmlMemory_v2_t
  unsigned int version;
  unsigned long long total;
  unsigned long long reserved;
  unsigned long long free;
  unsigned long long used;
};
// nvmlMemory_v2 = NVML_STRUCT_VERSION(Memory, 2) = sizeof | (2 << 24)
constexpr unsigned int kMemoryV2Version = static_cast<unsigned int>(sizeof(MemoryV2)) | (2u << 24);

struct PciInfo {  // nvmlPciInfo_t (v3; v1/v2 share the leading fields)
  char bus_id_legacy[16];
  unsigned int domain;
  unsigned int bus;
  unsigned int device;
  unsigned int pci_device_id;  // device id << 16 | vendor id
  unsigned int pci_subsystem_id;
  char bus_id[32];
};

struct Utilization {  // nvmlUtilization_t
  unsigned int gpu;
  unsigned int memory;
};

struct ProcessInfoV1 {  // nvmlProcessInfo_v1_t
  unsigned int pid;
  unsigned long long used_gpu_memory;
};

struct ProcessInfo {  // nvmlProcessInfo_t (v2/v3 calls)
  unsigned int pid;
  unsigned long long used_gpu_memory;
  unsigned int gpu_instance_id;
  unsigned int compute_instance_id;
};

static_assert(sizeof(MemoryV2) == 40);
static_assert(sizeof(PciInfo) == 68);
static_assert(sizeof(ProcessInfoV1) == 16);
static_assert(sizeof(ProcessInfo) == 24);

}  // namespace hawk::hw::nvml_abi
