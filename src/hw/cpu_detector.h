// The CPU: vendor, model, architecture, sockets, cores, threads, NUMA nodes,
// caches, clock limits and ISA features.
//
// With host_probes (the running machine, default roots) the ISA comes from
// CPUID+XGETBV (x86) or HWCAP (arm64), cross-checked with /proc/cpuinfo, and
// the topology and caches from hwloc. Without (a captured tree given by
// --proc-root/--sys-root) every fact comes from the tree: cpuinfo words,
// sysfs topology, cpufreq and cache directories.
#pragma once

#include "hw/hardware_report.h"
#include "hw/tree_reader.h"

namespace hawk::hw {

CpuReport DetectCpu(const TreeReader& proc, const TreeReader& sys, bool host_probes);

}  // namespace hawk::hw
