// The JSON form of a HardwareReport (`hawk detect --json`). Names carry
// their units (cpu.threads, memory.total_bytes, devices[].memory_total_bytes);
// a fact that was not found is null, never 0 or -1. Sets (backends,
// precisions, features) are arrays of the taxonomy's names.
#pragma once

#include <nlohmann/json.hpp>

#include "hw/hardware_report.h"

namespace hawk::hw {

nlohmann::json ToJson(const HardwareReport& report);
nlohmann::json ToJson(const DetectedDevice& device);

}  // namespace hawk::hw
