#include "monitor/proc_readers.h"

#include <unistd.h>

#include <cctype>
#include <string>

#include "monitor/parse.h"

namespace hawk::monitor {
namespace {

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::optional<CpuTimes> ParseCpuTimes(const std::vector<std::string_view>& fields,
                                      double ticks_per_second) {
  // fields[0] is "cpu" or "cpuN"; then user nice system idle [iowait irq
  // softirq steal guest guest_nice].
  if (fields.size() < 5) return std::nullopt;
  std::optional<double> values[10];
  for (std::size_t i = 1; i < fields.size() && i <= 10; ++i) {
    const auto ticks = ParseU64(fields[i]);
    if (!ticks) return std::nullopt;
    values[i - 1] = static_cast<double>(*ticks) / ticks_per_second;
  }
  CpuTimes times;
  times.user_seconds = *values[0];
  times.nice_seconds = *values[1];
  times.system_seconds = *values[2];
  times.idle_seconds = *values[3];
  times.iowait_seconds = values[4];
  times.irq_seconds = values[5];
  times.softirq_seconds = values[6];
  times.steal_seconds = values[7];
  times.guest_seconds = values[8];
  times.guest_nice_seconds = values[9];
  return times;
}

// "name: value" lines of /proc/stat, after the cpu lines.
void ParseStatCounter(std::string_view key, std::string_view value, CpuStat& stat) {
  if (key == "ctxt") {
    stat.context_switches_total = ParseU64(value);
  } else if (key == "processes") {
    stat.forks_total = ParseU64(value);
  } else if (key == "procs_running") {
    stat.procs_running = ParseU64(value);
  } else if (key == "procs_blocked") {
    stat.procs_blocked = ParseU64(value);
  } else if (key == "btime") {
    stat.boot_time_seconds = ParseU64(value);
  }
}

// Matches ^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$ by hand.
bool EndsInDigitsAfter(std::string_view name, std::string_view prefix) {
  return name.starts_with(prefix) && AllDigits(name.substr(prefix.size()));
}

}  // namespace

double TicksPerSecond() {
  static const double ticks = [] {
    const long value = ::sysconf(_SC_CLK_TCK);
    return value > 0 ? static_cast<double>(value) : 100.0;
  }();
  return ticks;
}

std::optional<CpuStat> ReadCpuStat(FileReader& reader, bool per_cpu, double ticks_per_second) {
  const std::string* text = reader.Read("stat", true);
  if (text == nullptr) return std::nullopt;
  CpuStat stat;
  bool have_total = false;
  std::vector<std::string_view> fields;
  LineReader lines(*text);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.starts_with("cpu")) {
      SplitFields(line, fields);
      if (fields.empty()) continue;
      const std::string_view name = fields[0];
      const bool total = name == "cpu";
      const auto number = total ? std::nullopt : ParseU64(name.substr(3));
      if (!total && !number) continue;
      if (!total) ++stat.logical_cpus;
      if (!total && !per_cpu) continue;
      auto times = ParseCpuTimes(fields, ticks_per_second);
      if (!times) {
        reader.Malformed("stat", "bad '" + std::string(name) + "' line");
        continue;
      }
      if (total) {
        stat.total = *times;
        have_total = true;
      } else {
        stat.per_cpu.push_back({static_cast<int>(*number), *times});
      }
      continue;
    }
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, space);
    if (key == "intr" || key == "softirq") continue;  // long lines we do not use
    ParseStatCounter(key, line.substr(space + 1), stat);
  }
  if (!have_total) {
    reader.Malformed("stat", "no 'cpu' line");
    return std::nullopt;
  }
  return stat;
}

std::optional<MemoryStat> ReadMemInfo(FileReader& reader) {
  const std::string* text = reader.Read("meminfo", true);
  if (text == nullptr) return std::nullopt;
  MemoryStat mem;
  std::optional<Bytes> total;
  LineReader lines(*text);
  std::string_view line;
  while (lines.Next(line)) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, colon);
    std::optional<Bytes>* slot = nullptr;
    if (key == "MemTotal") {
      slot = &total;
    } else if (key == "MemFree") {
      slot = &mem.free_bytes;
    } else if (key == "MemAvailable") {
      slot = &mem.available_bytes;
    } else if (key == "Buffers") {
      slot = &mem.buffers_bytes;
    } else if (key == "Cached") {
      slot = &mem.cached_bytes;
    } else if (key == "SReclaimable") {
      slot = &mem.sreclaimable_bytes;
    } else if (key == "Shmem") {
      slot = &mem.shmem_bytes;
    } else if (key == "SwapTotal") {
      slot = &mem.swap_total_bytes;
    } else if (key == "SwapFree") {
      slot = &mem.swap_free_bytes;
    } else {
      continue;
    }
    *slot = ParseKeyValueBytes(line.substr(colon + 1));
    if (!*slot) reader.Malformed("meminfo", "bad '" + std::string(key) + "' line");
  }
  if (!total) {
    reader.Malformed("meminfo", "no MemTotal");
    return std::nullopt;
  }
  mem.total_bytes = *total;
  return mem;
}

std::optional<LoadAverage> ReadLoadAverage(FileReader& reader) {
  const std::string* text = reader.Read("loadavg", true);
  if (text == nullptr) return std::nullopt;
  std::vector<std::string_view> fields;
  SplitFields(Trim(*text), fields);
  const auto l1 = fields.size() >= 3 ? ParseDouble(fields[0]) : std::nullopt;
  const auto l5 = fields.size() >= 3 ? ParseDouble(fields[1]) : std::nullopt;
  const auto l15 = fields.size() >= 3 ? ParseDouble(fields[2]) : std::nullopt;
  if (!l1 || !l5 || !l15) {
    reader.Malformed("loadavg", "expected three load averages");
    return std::nullopt;
  }
  LoadAverage load{*l1, *l5, *l15, std::nullopt, std::nullopt};
  if (fields.size() >= 4) {
    const std::string_view tasks = fields[3];
    const std::size_t slash = tasks.find('/');
    if (slash != std::string_view::npos) {
      load.runnable = ParseU64(tasks.substr(0, slash));
      load.scheduling_entities = ParseU64(tasks.substr(slash + 1));
    }
  }
  return load;
}

bool IsIgnoredDisk(std::string_view name) {
  for (std::string_view prefix : {"ram", "zram", "loop", "fd"}) {
    if (EndsInDigitsAfter(name, prefix)) return true;
  }
  for (std::string_view prefix : {"hd", "sd", "vd", "xvd"}) {
    if (name.starts_with(prefix) && name.size() > prefix.size() + 1 &&
        std::islower(static_cast<unsigned char>(name[prefix.size()])) &&
        AllDigits(name.substr(prefix.size() + 1))) {
      return true;
    }
  }
  // nvme\d+n\d+p\d+
  if (!name.starts_with("nvme")) return false;
  std::size_t i = 4;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    return i > start;
  };
  if (!digits() || i >= name.size() || name[i++] != 'n') return false;
  if (!digits() || i >= name.size() || name[i++] != 'p') return false;
  return digits() && i == name.size();
}

std::optional<std::vector<DiskCounters>> ReadDiskStats(FileReader& reader, bool all) {
  const std::string* text = reader.Read("diskstats", true);
  if (text == nullptr) return std::nullopt;
  std::vector<DiskCounters> disks;
  std::vector<std::string_view> fields;
  LineReader lines(*text);
  std::string_view line;
  while (lines.Next(line)) {
    SplitFields(line, fields);
    if (fields.empty()) continue;
    if (fields.size() < 14) {
      reader.Malformed("diskstats", "a line with " + std::to_string(fields.size()) +
                                        " fields (at least 14 expected)");
      continue;
    }
    if (!all && IsIgnoredDisk(fields[2])) continue;
    std::optional<std::uint64_t> v[17];
    bool ok = true;
    for (std::size_t i = 3; i < fields.size() && i < 20; ++i) {
      v[i - 3] = ParseU64(fields[i]);
      ok = ok && v[i - 3].has_value();
    }
    const auto major = ParseU64(fields[0]);
    const auto minor = ParseU64(fields[1]);
    if (!ok || !major || !minor) {
      reader.Malformed("diskstats", "bad line for '" + std::string(fields[2]) + "'");
      continue;
    }
    constexpr std::uint64_t kSectorBytes = 512;
    auto seconds = [](std::uint64_t ms) { return static_cast<double>(ms) / 1000.0; };
    DiskCounters d;
    d.name = std::string(fields[2]);
    d.major = static_cast<std::uint32_t>(*major);
    d.minor = static_cast<std::uint32_t>(*minor);
    d.reads_completed_total = *v[0];
    d.reads_merged_total = *v[1];
    d.read_bytes_total = *v[2] * kSectorBytes;
    d.read_time_seconds_total = seconds(*v[3]);
    d.writes_completed_total = *v[4];
    d.writes_merged_total = *v[5];
    d.written_bytes_total = *v[6] * kSectorBytes;
    d.write_time_seconds_total = seconds(*v[7]);
    d.io_now = *v[8];
    d.io_time_seconds_total = seconds(*v[9]);
    d.io_time_weighted_seconds_total = seconds(*v[10]);
    if (v[14]) {  // kernel 4.18+: discards
      d.discards_completed_total = v[11];
      d.discards_merged_total = v[12];
      d.discarded_bytes_total = *v[13] * kSectorBytes;
      d.discard_time_seconds_total = seconds(*v[14]);
    }
    if (v[16]) {  // kernel 5.5+: flushes
      d.flushes_total = v[15];
      d.flush_time_seconds_total = seconds(*v[16]);
    }
    disks.push_back(std::move(d));
  }
  return disks;
}

std::optional<std::vector<NetCounters>> ReadNetDev(FileReader& reader, std::string_view path) {
  const std::string* text = reader.Read(path, true);
  if (text == nullptr) return std::nullopt;
  std::vector<NetCounters> out;
  std::vector<std::string_view> fields;
  LineReader lines(*text);
  std::string_view line;
  while (lines.Next(line)) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // the two header lines
    const std::string_view name = Trim(line.substr(0, colon));
    if (name.empty() || name.find('|') != std::string_view::npos) continue;
    SplitFields(line.substr(colon + 1), fields);
    std::optional<std::uint64_t> v[16];
    bool ok = fields.size() >= 16;
    for (std::size_t i = 0; ok && i < 16; ++i) {
      v[i] = ParseU64(fields[i]);
      ok = v[i].has_value();
    }
    if (!ok) {
      reader.Malformed(path, "bad line for interface '" + std::string(name) + "'");
      continue;
    }
    NetCounters n;
    n.interface = std::string(name);
    n.receive_bytes_total = *v[0];
    n.receive_packets_total = *v[1];
    n.receive_errors_total = *v[2];
    n.receive_drop_total = *v[3];
    n.transmit_bytes_total = *v[8];
    n.transmit_packets_total = *v[9];
    n.transmit_errors_total = *v[10];
    n.transmit_drop_total = *v[11];
    out.push_back(std::move(n));
  }
  return out;
}

std::optional<std::uint64_t> CountProcesses(FileReader& reader) {
  auto names = reader.fs().ListDir("");
  if (!names) {
    reader.Missing("", names.error().message);
    return std::nullopt;
  }
  std::uint64_t count = 0;
  for (const auto& name : *names) {
    if (AllDigits(name)) ++count;
  }
  return count;
}

}  // namespace hawk::monitor
