// The running machine's topology through hwloc: packages, cores, hardware
// threads, NUMA nodes and caches. Only for the host itself; a captured tree
// is read by cpu_sysfs.h instead.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "hw/hardware_report.h"

namespace hawk::hw {

struct HwlocTopology {
  std::uint32_t packages = 0;
  std::uint32_t cores = 0;
  std::uint32_t threads = 0;  // processing units
  std::uint32_t numa_nodes = 0;
  std::vector<CacheInfo> caches;  // one per (level, type), instances counted
};

// Loads hwloc's view of this machine. An error only when hwloc itself fails.
Result<HwlocTopology> ProbeHwloc();

}  // namespace hawk::hw
