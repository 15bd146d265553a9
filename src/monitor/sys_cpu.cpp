// CPUs in /sys/devices/system/cpu: thermal throttle counters and cpufreq.
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "monitor/parse.h"
#include "monitor/sys_readers.h"

namespace hawk::monitor {
namespace {

constexpr std::string_view kCpuDir = "devices/system/cpu";

// The logical CPUs: "cpuN" folders, in order.
std::optional<std::vector<std::pair<int, std::string>>> ListCpus(FileReader& reader) {
  auto entries = reader.fs().ListDir(kCpuDir);
  if (!entries) return std::nullopt;
  std::vector<std::pair<int, std::string>> cpus;
  for (const auto& entry : *entries) {
    if (!entry.starts_with("cpu") || entry.size() == 3 ||
        !std::isdigit(static_cast<unsigned char>(entry[3]))) {
      continue;
    }
    const auto number = ParseU64(std::string_view(entry).substr(3));
    if (!number) continue;
    cpus.emplace_back(static_cast<int>(*number), std::string(kCpuDir) + "/" + entry);
  }
  return cpus;
}

std::optional<int> ReadSmallInt(FileReader& reader, const std::string& path) {
  const auto value = reader.I64(path);
  if (!value || *value < -1 || *value > 1'000'000) return std::nullopt;
  return static_cast<int>(*value);
}

}  // namespace

std::optional<std::vector<ThrottleCounterPath>> DiscoverCpuThrottle(FileReader& reader) {
  auto cpus = ListCpus(reader);
  if (!cpus) return std::nullopt;
  std::vector<ThrottleCounterPath> out;
  std::set<int> packages;
  std::set<std::pair<int, int>> cores;
  bool any = false;
  for (const auto& [cpu, dir] : *cpus) {
    const std::string throttle = dir + "/thermal_throttle/";
    if (!reader.fs().IsDirectory(throttle)) continue;
    any = true;
    const auto package = ReadSmallInt(reader, dir + "/topology/physical_package_id");
    const auto core = ReadSmallInt(reader, dir + "/topology/core_id");
    if (!package || !core) {
      reader.Missing(dir + "/topology", "no package or core id; counters of this CPU skipped");
      continue;
    }
    if (packages.insert(*package).second &&
        reader.fs().Exists(throttle + "package_throttle_count")) {
      out.push_back({*package, std::nullopt, throttle + "package_throttle_count"});
    }
    if (cores.insert({*package, *core}).second &&
        reader.fs().Exists(throttle + "core_throttle_count")) {
      out.push_back({*package, *core, throttle + "core_throttle_count"});
    }
  }
  if (!any) return std::nullopt;
  return out;
}

CpuThrottle ReadCpuThrottle(FileReader& reader, const std::vector<ThrottleCounterPath>& catalog) {
  CpuThrottle out;
  for (const auto& path : catalog) {
    const auto count = reader.U64(path.path);
    if (!count) continue;  // reported by the reader; this counter is missing
    if (path.core) {
      out.cores.push_back({path.package, *path.core, *count});
    } else {
      out.packages.push_back({path.package, *count});
    }
  }
  return out;
}

std::optional<std::vector<CpuFrequencyPath>> DiscoverCpuFrequencies(FileReader& reader) {
  auto cpus = ListCpus(reader);
  if (!cpus) return std::nullopt;
  std::vector<CpuFrequencyPath> out;
  for (const auto& [cpu, dir] : *cpus) {
    // cpufreq may be a link to ../cpufreq/policyN: resolve it once here.
    const auto resolved = reader.fs().ResolveDir(dir + "/cpufreq");
    if (!resolved) continue;
    const std::string freq = *resolved + "/";
    std::string current;
    if (reader.fs().Exists(freq + "scaling_cur_freq")) {
      current = freq + "scaling_cur_freq";
    } else if (reader.fs().Exists(freq + "cpuinfo_cur_freq")) {
      current = freq + "cpuinfo_cur_freq";
    } else {
      continue;
    }
    CpuFrequencyPath path;
    path.frequency.cpu = cpu;
    path.frequency.package = ReadSmallInt(reader, dir + "/topology/physical_package_id");
    auto max_khz = reader.U64(freq + "cpuinfo_max_freq");
    if (!max_khz) max_khz = reader.U64(freq + "scaling_max_freq");
    if (max_khz) path.frequency.max_mhz = static_cast<double>(*max_khz) / 1000.0;
    path.current_path = std::move(current);
    out.push_back(std::move(path));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::vector<CpuFrequency> ReadCpuFrequencies(FileReader& reader,
                                             const std::vector<CpuFrequencyPath>& catalog) {
  std::vector<CpuFrequency> out;
  out.reserve(catalog.size());
  for (const auto& path : catalog) {
    CpuFrequency f = path.frequency;
    if (const auto khz = reader.U64(path.current_path)) {
      f.current_mhz = static_cast<double>(*khz) / 1000.0;
    }
    out.push_back(f);
  }
  return out;
}

}  // namespace hawk::monitor
