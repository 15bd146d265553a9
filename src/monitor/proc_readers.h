// Readers of /proc files (paths relative to the proc root). Each returns
// nullopt when its file cannot be read at all, reporting why to the reader's
// ProblemLog; a malformed line is skipped and reported, the rest is kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "monitor/file_reader.h"
#include "monitor/host_snapshot.h"

namespace hawk::monitor {

// USER_HZ, the unit of /proc/stat times (sysconf(_SC_CLK_TCK); 100 on Linux).
double TicksPerSecond();

// /proc/stat: total CPU times, per-CPU times when `per_cpu`, and the
// context-switch, fork and run-queue counters.
std::optional<CpuStat> ReadCpuStat(FileReader& reader, bool per_cpu,
                                   double ticks_per_second = TicksPerSecond());
// /proc/meminfo. Needs MemTotal; other fields are optional.
std::optional<MemoryStat> ReadMemInfo(FileReader& reader);
// /proc/loadavg.
std::optional<LoadAverage> ReadLoadAverage(FileReader& reader);

// node_exporter's default: whole disks only, no ram, zram, loop, fd devices
// and no partitions: ^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$.
bool IsIgnoredDisk(std::string_view name);
// /proc/diskstats, skipping the devices IsIgnoredDisk names when `all` is false.
std::optional<std::vector<DiskCounters>> ReadDiskStats(FileReader& reader, bool all = false);
// /proc/net/dev, every interface.
std::optional<std::vector<NetCounters>> ReadNetDev(FileReader& reader,
                                                   std::string_view path = "net/dev");
// Processes: the numeric folders of the proc root.
std::optional<std::uint64_t> CountProcesses(FileReader& reader);

}  // namespace hawk::monitor
