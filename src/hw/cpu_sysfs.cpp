#include "hw/cpu_sysfs.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "hw/parse.h"

namespace hawk::hw {
namespace {

constexpr const char* kCpuDir = "devices/system/cpu";

// Names such as "cpu12" or "node3" with the given prefix and a number.
std::vector<std::string> NumberedEntries(const std::vector<std::string>& names,
                                         std::string_view prefix) {
  std::vector<std::pair<std::uint64_t, std::string>> found;
  for (const std::string& name : names) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    auto number = ParseU64(std::string_view(name).substr(prefix.size()));
    if (number) found.emplace_back(*number, name);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  out.reserve(found.size());
  for (auto& [number, name] : found) out.push_back(std::move(name));
  return out;
}

std::vector<std::string> ListNumbered(const TreeReader& sys, const std::string& dir,
                                      std::string_view prefix) {
  auto names = sys.root().ListDir(dir);
  if (!names) return {};
  return NumberedEntries(*names, prefix);
}

std::string CacheType(std::string_view sysfs_type) {
  std::string lower = Lower(Trim(sysfs_type));
  if (lower == "data" || lower == "instruction" || lower == "unified") return lower;
  return "";
}

struct CacheAccumulator {
  CacheInfo info;
  std::set<std::string> instances;  // distinct shared_cpu_list texts
};

void ReadCaches(const TreeReader& sys, const std::vector<std::string>& cpus, SysfsCpuFacts& facts) {
  std::map<std::pair<std::uint32_t, std::string>, CacheAccumulator> caches;
  for (const std::string& cpu : cpus) {
    const std::string base = std::string(kCpuDir) + "/" + cpu + "/cache";
    const std::string prefix = base + "/";
    for (const std::string& index : ListNumbered(sys, base, "index")) {
      const std::string dir = prefix + index;
      auto level = sys.U64(dir + "/level");
      auto type_text = sys.Line(dir + "/type");
      auto size_text = sys.Line(dir + "/size");
      if (!level || !type_text || !size_text) continue;
      const std::string type = CacheType(*type_text);
      auto size = ParseCacheSize(*size_text);
      if (type.empty() || !size || *level == 0 || *level > 8) {
        sys.Note(dir, "unreadable cache description");
        continue;
      }
      auto& acc = caches[{static_cast<std::uint32_t>(*level), type}];
      if (acc.info.level == 0) {
        acc.info.level = static_cast<std::uint32_t>(*level);
        acc.info.type = type;
        acc.info.size_bytes = *size;
        if (auto line = sys.U64(dir + "/coherency_line_size")) {
          acc.info.line_size_bytes = static_cast<std::uint32_t>(*line);
        }
      }
      if (auto shared = sys.Line(dir + "/shared_cpu_list")) {
        acc.instances.insert(*shared);
        if (auto list = ParseCpuList(*shared)) {
          acc.info.shared_by_threads = static_cast<std::uint32_t>(list->size());
        }
      }
    }
  }
  for (auto& [key, acc] : caches) {
    if (!acc.instances.empty()) {
      acc.info.instances = static_cast<std::uint32_t>(acc.instances.size());
    }
    facts.caches.push_back(acc.info);
  }
}

void ReadFrequencies(const TreeReader& sys, const std::vector<std::string>& cpus,
                     SysfsCpuFacts& facts) {
  const std::vector<std::string> policies =
      ListNumbered(sys, std::string(kCpuDir) + "/cpufreq", "policy");
  std::vector<std::string> dirs;
  dirs.reserve(cpus.size() + policies.size());
  for (const std::string& cpu : cpus) dirs.push_back(std::string(kCpuDir) + "/" + cpu + "/cpufreq");
  for (const std::string& policy : policies) {
    dirs.push_back(std::string(kCpuDir) + "/cpufreq/" + policy);
  }
  std::uint64_t max_khz = 0;
  std::uint64_t current_sum_khz = 0;
  std::uint64_t current_count = 0;
  for (const std::string& dir : dirs) {
    if (!sys.root().IsDirectory(dir)) continue;
    auto max = sys.U64(dir + "/cpuinfo_max_freq");
    if (!max) max = sys.U64(dir + "/scaling_max_freq");
    if (max) max_khz = std::max(max_khz, *max);
    if (auto current = sys.U64(dir + "/scaling_cur_freq")) {
      current_sum_khz += *current;
      ++current_count;
    }
  }
  if (max_khz > 0) facts.max_mhz = static_cast<std::uint32_t>(max_khz / 1000);
  if (current_count > 0) {
    facts.current_mhz = static_cast<std::uint32_t>(current_sum_khz / current_count / 1000);
  }
}

}  // namespace

SysfsCpuFacts ReadSysfsCpu(const TreeReader& sys) {
  SysfsCpuFacts facts;
  if (auto online = sys.Line(std::string(kCpuDir) + "/online")) {
    if (auto list = ParseCpuList(*online)) {
      facts.online_threads = static_cast<std::uint32_t>(list->size());
    } else {
      sys.Note(std::string(kCpuDir) + "/online", "not a CPU list: '" + *online + "'");
    }
  }
  const std::vector<std::string> cpus = ListNumbered(sys, kCpuDir, "cpu");
  if (!cpus.empty()) facts.listed_cpus = static_cast<std::uint32_t>(cpus.size());

  std::set<std::uint64_t> packages;
  std::set<std::pair<std::uint64_t, std::uint64_t>> cores;
  bool topology_complete = !cpus.empty();
  for (const std::string& cpu : cpus) {
    const std::string dir = std::string(kCpuDir) + "/" + cpu + "/topology";
    auto package = sys.I64(dir + "/physical_package_id");
    auto core = sys.I64(dir + "/core_id");
    if (!package || !core || *package < 0 || *core < 0) {
      topology_complete = false;
      continue;
    }
    packages.insert(static_cast<std::uint64_t>(*package));
    cores.emplace(static_cast<std::uint64_t>(*package), static_cast<std::uint64_t>(*core));
  }
  if (topology_complete) {
    facts.sockets = static_cast<std::uint32_t>(packages.size());
    facts.cores = static_cast<std::uint32_t>(cores.size());
  }

  if (sys.root().IsDirectory("devices/system/node")) {
    const auto nodes = ListNumbered(sys, "devices/system/node", "node");
    if (!nodes.empty()) facts.numa_nodes = static_cast<std::uint32_t>(nodes.size());
  }
  ReadFrequencies(sys, cpus, facts);
  ReadCaches(sys, cpus, facts);
  return facts;
}

}  // namespace hawk::hw
