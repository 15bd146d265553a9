// What the cli tests share: the machine the local workers are cut from, and
// reading a file a run wrote.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/device.h"

namespace hawk::cli {

inline DeviceProfile TestCpu() {
  DeviceProfile d;
  d.id = "cpu0";
  d.hardware_class = HardwareClass::kCpu;
  d.architecture = Architecture::kX86_64;
  d.model = "test cpu";
  d.memory_total_bytes = 8ULL << 30;
  d.compute_units = 4;
  d.precisions = {Precision::kFp64, Precision::kFp32};
  return d;
}

// One CPU, `threads` slots: LocalWorkers splits it.
inline WorkerProfile TestMachine(std::uint32_t threads) {
  WorkerProfile m;
  m.worker_id = "local";
  m.hostname = "test-host";
  m.os = "linux";
  m.devices = {TestCpu()};
  m.cpu_slots = threads;
  m.fingerprint = "test";
  return m;
}

inline std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace hawk::cli
