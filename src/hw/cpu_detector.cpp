#include "hw/cpu_detector.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <utility>

#include "hw/cpu_sysfs.h"
#include "hw/cpuinfo.h"
#include "hw/hwloc_probe.h"
#include "hw/isa.h"

namespace hawk::hw {
namespace {

constexpr const char* kIsaSource = "cpu features";

Architecture HostArchitecture() {
#if defined(__x86_64__)
  return Architecture::kX86_64;
#elif defined(__i386__)
  return Architecture::kX86;
#elif defined(__aarch64__)
  return Architecture::kArm64;
#elif defined(__arm__)
  return Architecture::kArm;
#elif defined(__riscv) && __riscv_xlen == 64
  return Architecture::kRiscv64;
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  return Architecture::kPpc64le;
#elif defined(__s390x__)
  return Architecture::kS390x;
#else
  return Architecture::kOther;
#endif
}

// Keeps the features both sources agree on and notes each disagreement.
FeatureSet CrossCheck(const FeatureSet& from_cpu, const FeatureSet& from_cpuinfo,
                      std::string_view cpu_name, Diagnostics& diagnostics) {
  FeatureSet out;
  for (Feature f : from_cpu.Values()) {
    if (from_cpuinfo.Contains(f)) {
      out.Insert(f);
    } else {
      diagnostics.Note(kIsaSource, std::string(cpu_name) + " reports " + std::string(ToString(f)) +
                                       " but /proc/cpuinfo does not list it; left out");
    }
  }
  for (Feature f : from_cpuinfo.Values()) {
    if (!from_cpu.Contains(f)) {
      diagnostics.Note(kIsaSource, "/proc/cpuinfo lists " + std::string(ToString(f)) + " but " +
                                       std::string(cpu_name) +
                                       " does not report it usable; left out");
    }
  }
  return out;
}

void TopologyFromCpuInfo(const CpuInfo& info, CpuReport& cpu) {
  if (info.processors.empty()) return;
  cpu.threads = static_cast<std::uint32_t>(info.processors.size());
  std::set<std::uint32_t> packages;
  std::set<std::pair<std::uint32_t, std::uint32_t>> cores;
  for (const CpuInfoProcessor& p : info.processors) {
    if (!p.physical_id || !p.core_id) return;  // arm64 lists neither
    packages.insert(*p.physical_id);
    cores.emplace(*p.physical_id, *p.core_id);
  }
  cpu.sockets = static_cast<std::uint32_t>(packages.size());
  cpu.cores = static_cast<std::uint32_t>(cores.size());
  cpu.topology_source = "cpuinfo";
}

std::optional<std::uint32_t> MeanMhz(const CpuInfo& info) {
  double sum = 0;
  std::size_t n = 0;
  for (const CpuInfoProcessor& p : info.processors) {
    if (p.mhz) {
      sum += *p.mhz;
      ++n;
    }
  }
  if (n == 0) return std::nullopt;
  return static_cast<std::uint32_t>(std::lround(sum / static_cast<double>(n)));
}

void ApplyHostIsa(const CpuInfo& info, const TreeReader& proc, CpuReport& cpu) {
  const FeatureSet from_cpuinfo = FeaturesFromCpuInfo(info);
  const bool have_words = info.has_x86_flags || info.has_arm_features;
  if (auto cpuid = ReadHostCpuid()) {
    const FeatureSet from_cpu = DecodeX86Features(*cpuid);
    if (!cpuid->vendor.empty()) cpu.vendor_id = cpuid->vendor;
    if (!cpu.model && !cpuid->brand.empty()) cpu.model = cpuid->brand;
    if (cpuid->vendor == "GenuineIntel") cpu.vendor = Vendor::kIntel;
    if (cpuid->vendor == "AuthenticAMD" || cpuid->vendor == "HygonGenuine")
      cpu.vendor = Vendor::kAmd;
    cpu.features = have_words ? CrossCheck(from_cpu, from_cpuinfo, "CPUID/XCR0", proc.diagnostics())
                              : from_cpu;
    cpu.isa_source = have_words ? "cpuid+xgetbv, /proc/cpuinfo" : "cpuid+xgetbv";
    return;
  }
  if (auto hwcaps = ReadHostHwcaps()) {
    const FeatureSet from_cpu = DecodeArmHwcaps(*hwcaps);
    cpu.features =
        have_words ? CrossCheck(from_cpu, from_cpuinfo, "HWCAP", proc.diagnostics()) : from_cpu;
    cpu.isa_source = have_words ? "hwcap, /proc/cpuinfo" : "hwcap";
    return;
  }
  cpu.features = from_cpuinfo;
  cpu.isa_source = "/proc/cpuinfo";
}

void ApplyHwloc(const CpuInfo& info, const TreeReader& proc, CpuReport& cpu) {
  auto topology = ProbeHwloc();
  if (!topology) {
    proc.diagnostics().Note("hwloc", topology.error().message);
    return;
  }
  if (topology->packages > 0) cpu.sockets = topology->packages;
  if (topology->cores > 0) cpu.cores = topology->cores;
  if (topology->threads > 0) cpu.threads = topology->threads;
  if (topology->numa_nodes > 0) cpu.numa_nodes = topology->numa_nodes;
  cpu.caches = topology->caches;
  cpu.topology_source = "hwloc";
  if (!info.processors.empty() && topology->threads > 0 &&
      info.processors.size() != topology->threads) {
    proc.diagnostics().Note("hwloc", "hwloc counts " + std::to_string(topology->threads) +
                                         " hardware threads, /proc/cpuinfo " +
                                         std::to_string(info.processors.size()));
  }
}

}  // namespace

CpuReport DetectCpu(const TreeReader& proc, const TreeReader& sys, bool host_probes) {
  CpuReport cpu;
  CpuInfo info;
  if (auto text = proc.Text("cpuinfo")) {
    info = ParseCpuInfo(*text);
    if (info.malformed_lines > 0) {
      proc.Note("cpuinfo", std::to_string(info.malformed_lines) + " line(s) not understood");
    }
    if (info.processors.empty()) proc.Note("cpuinfo", "no processor entries");
  } else {
    proc.Note("cpuinfo", "missing");
  }
  cpu.vendor_id = info.vendor_id;
  if (!cpu.vendor_id && info.arm_implementer) {
    char hex[16];
    std::snprintf(hex, sizeof(hex), "0x%02x", *info.arm_implementer);
    cpu.vendor_id = hex;
  }
  cpu.vendor = CpuInfoVendor(info);
  cpu.model = CpuInfoModel(info);
  cpu.architecture = host_probes ? HostArchitecture() : CpuInfoArchitecture(info);

  const SysfsCpuFacts sysfs = ReadSysfsCpu(sys);
  // Tree facts first; on the host, hwloc then replaces the topology.
  TopologyFromCpuInfo(info, cpu);
  if (!cpu.threads) cpu.threads = sysfs.online_threads ? sysfs.online_threads : sysfs.listed_cpus;
  if (!cpu.sockets && sysfs.sockets) {
    cpu.sockets = sysfs.sockets;
    cpu.cores = sysfs.cores;
    cpu.topology_source = "sysfs";
  }
  cpu.numa_nodes = sysfs.numa_nodes;
  cpu.caches = sysfs.caches;
  cpu.max_mhz = sysfs.max_mhz;
  cpu.current_mhz = MeanMhz(info);
  if (!cpu.current_mhz) cpu.current_mhz = sysfs.current_mhz;

  if (host_probes) {
    ApplyHostIsa(info, proc, cpu);
    ApplyHwloc(info, proc, cpu);
  } else {
    cpu.features = FeaturesFromCpuInfo(info);
    cpu.isa_source = "/proc/cpuinfo";
  }
  if (cpu.topology_source.empty() && cpu.threads) cpu.topology_source = "cpuinfo";
  return cpu;
}

}  // namespace hawk::hw
