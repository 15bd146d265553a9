// System memory from /proc/meminfo: MemTotal, MemAvailable, SwapTotal,
// SwapFree. A missing or malformed line leaves that value missing and notes
// why; MemAvailable is missing on kernels before 3.14.
#pragma once

#include <string_view>

#include "hw/hardware_report.h"
#include "hw/tree_reader.h"

namespace hawk::hw {

MemoryReport DetectMemory(const TreeReader& proc);

// Parses meminfo text; each missing or malformed field is noted through `proc`.
MemoryReport ParseMeminfo(std::string_view text, const TreeReader& proc);

}  // namespace hawk::hw
