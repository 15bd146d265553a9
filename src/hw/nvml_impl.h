// Inside hw/nvml.h: the loaded library's function table. Only nvml_load.cpp
// and nvml_query.cpp include this.
#pragma once

#include <string>
#include <vector>

#include "hw/nvml.h"
#include "hw/nvml_abi.h"

namespace hawk::hw {

struct Nvml::Impl {
  using R = nvml_abi::Return;
  using D = nvml_abi::Device;

  void* handle = nullptr;
  std::string library_path;
  std::vector<std::string> bound;
  std::vector<D> devices;

  R (*init)() = nullptr;
  R (*shutdown)() = nullptr;
  const char* (*error_string)(R) = nullptr;
  R (*driver_version)(char*, unsigned) = nullptr;
  R (*nvml_version)(char*, unsigned) = nullptr;
  R (*count)(unsigned*) = nullptr;
  R (*handle_by_index)(unsigned, D*) = nullptr;
  R (*name)(D, char*, unsigned) = nullptr;
  R (*uuid)(D, char*, unsigned) = nullptr;
  R (*pci_info)(D, nvml_abi::PciInfo*) = nullptr;
  R (*memory_v2)(D, nvml_abi::MemoryV2*) = nullptr;
  R (*memory_v1)(D, nvml_abi::Memory*) = nullptr;
  R (*compute_capability)(D, int*, int*) = nullptr;
  R (*num_cores)(D, unsigned*) = nullptr;
  R (*max_clock)(D, int, unsigned*) = nullptr;
  R (*clock)(D, int, unsigned*) = nullptr;
  R (*power_limit)(D, unsigned*) = nullptr;
  R (*default_power_limit)(D, unsigned*) = nullptr;
  R (*mig_mode)(D, unsigned*, unsigned*) = nullptr;
  R (*ecc_mode)(D, int*, int*) = nullptr;
  R (*nvlink_state)(D, unsigned, int*) = nullptr;
  R (*utilization)(D, nvml_abi::Utilization*) = nullptr;
  R (*temperature)(D, int, unsigned*) = nullptr;
  R (*temperature_threshold)(D, int, unsigned*) = nullptr;
  R (*total_energy)(D, unsigned long long*) = nullptr;
  R (*power_usage)(D, unsigned*) = nullptr;
  R (*clock_reasons)(D, unsigned long long*) = nullptr;
  R (*processes_v2)(D, unsigned*, nvml_abi::ProcessInfo*) = nullptr;  // _v3 or _v2
  R (*processes_v1)(D, unsigned*, nvml_abi::ProcessInfoV1*) = nullptr;

  // "Driver Not Loaded (9)"
  [[nodiscard]] std::string ErrorText(R code) const;
  // kNotFound for a bad index, else the device handle.
  [[nodiscard]] Result<D> Handle(unsigned index) const;
};

}  // namespace hawk::hw
