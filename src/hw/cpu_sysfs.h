// CPU facts from /sys/devices/system: topology (packages, cores), NUMA
// nodes, cpufreq limits and the cache hierarchy. Used for captured trees and
// as the fallback when hwloc is not asked (a --sys-root run).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "hw/hardware_report.h"
#include "hw/tree_reader.h"

namespace hawk::hw {

struct SysfsCpuFacts {
  std::optional<std::uint32_t> online_threads;  // devices/system/cpu/online
  std::optional<std::uint32_t> listed_cpus;     // cpuN directories
  std::optional<std::uint32_t> sockets;         // distinct topology/physical_package_id
  std::optional<std::uint32_t> cores;           // distinct (package, core_id)
  std::optional<std::uint32_t> numa_nodes;      // devices/system/node/nodeN
  std::optional<std::uint32_t> max_mhz;         // cpufreq cpuinfo_max_freq (or scaling_max_freq)
  std::optional<std::uint32_t> current_mhz;     // mean scaling_cur_freq
  std::vector<CacheInfo> caches;
};

// `sys` reads below the sys root ("devices/system/cpu/...").
SysfsCpuFacts ReadSysfsCpu(const TreeReader& sys);

}  // namespace hawk::hw
