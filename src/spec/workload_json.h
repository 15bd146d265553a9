// The normalized workload as JSON: every default filled in, sizes in bytes
// and durations in milliseconds (the unit is in the key: memory_per_device_bytes,
// timeout_ms), enums by their lowercase names, fractions as numbers in [0, 1],
// absent optional values as null. Keys are sorted (nlohmann::json's default),
// so the output is stable and diffable. The schema is in docs/workload-spec.md.
#pragma once

#include <nlohmann/json.hpp>

#include "core/workload.h"

namespace hawk::spec {

nlohmann::json WorkloadToJson(const Workload& workload);
nlohmann::json TaskToJson(const Task& task);
nlohmann::json RequirementsToJson(const ResourceRequirements& requirements);

}  // namespace hawk::spec
