// Per-process readers of /proc/<pid>: stat (parent, CPU times, start time),
// status (resident memory and its high-water mark) and io (bytes that
// reached the storage layer), plus /proc/<pid>/cgroup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/units.h"
#include "monitor/file_reader.h"

namespace hawk::monitor {

struct ProcessStat {
  std::uint32_t pid = 0;
  std::string comm;  // may hold spaces and parentheses
  char state = '?';
  std::uint32_t ppid = 0;
  std::uint64_t utime_ticks = 0;
  std::uint64_t stime_ticks = 0;
  std::uint64_t cutime_ticks = 0;  // reaped children (and theirs), user
  std::uint64_t cstime_ticks = 0;  // reaped children (and theirs), system
  std::uint64_t start_ticks = 0;   // since boot: with the pid, names a process uniquely
  std::uint64_t num_threads = 0;
};

// Parses the text of /proc/<pid>/stat: the command name is everything
// between the first '(' and the last ')'.
std::optional<ProcessStat> ParseProcessStat(std::string_view text);

struct ProcessMemory {
  std::optional<Bytes> rss_bytes;  // VmRSS
  std::optional<Bytes> hwm_bytes;  // VmHWM: the peak resident size
};
// /proc/<pid>/status; both missing for a zombie or a kernel thread.
ProcessMemory ReadProcessMemory(FileReader& reader, std::uint32_t pid);

struct ProcessIo {
  Bytes read_bytes = 0;   // read_bytes: fetched from storage
  Bytes write_bytes = 0;  // write_bytes: sent to storage
};
// /proc/<pid>/io; nullopt when unreadable (another user's process).
std::optional<ProcessIo> ReadProcessIo(FileReader& reader, std::uint32_t pid);

// The unified (cgroup v2) path of a process: the "0::/path" line.
std::optional<std::string> ReadUnifiedCgroup(FileReader& reader, std::uint32_t pid);

// Every process's stat, from the numeric folders of the proc root.
std::vector<ProcessStat> ReadAllProcessStats(FileReader& reader);

}  // namespace hawk::monitor
