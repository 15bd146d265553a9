#include <gtest/gtest.h>

#include <unistd.h>

#include "hw/cpu_detector.h"
#include "hw/cpuinfo.h"
#include "hw_test_support.h"

namespace hawk::hw {
namespace {

using testing::HwFixture;
using testing::SharedTree;
using testing::Tree;

TEST(CpuInfoParser, ReadsX86Records) {
  const CpuInfo info = ParseCpuInfo(
      "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Xeon\ncpu MHz\t\t: 2000.5\n"
      "physical id\t: 1\ncore id\t\t: 3\nflags\t\t: fpu lm avx\n\n"
      "processor\t: 1\nphysical id\t: 1\ncore id\t\t: 4\n");
  EXPECT_EQ(info.vendor_id, "GenuineIntel");
  EXPECT_EQ(info.model_name, "Xeon");
  ASSERT_EQ(info.processors.size(), 2u);
  EXPECT_EQ(info.processors[0].physical_id, 1u);
  EXPECT_EQ(info.processors[1].core_id, 4u);
  EXPECT_EQ(info.processors[0].mhz, 2000.5);
  EXPECT_EQ(CpuInfoArchitecture(info), Architecture::kX86_64);
  EXPECT_EQ(CpuInfoVendor(info), Vendor::kIntel);
  EXPECT_EQ(info.malformed_lines, 0u);
}

TEST(CpuInfoParser, CountsWhatItCannotRead) {
  const CpuInfo info =
      ParseCpuInfo("processor\t: 0\ncpu MHz\t\t: fast\ncore id\t\t: zero\ngarbage line\n");
  EXPECT_EQ(info.malformed_lines, 3u);
  EXPECT_EQ(info.processors.at(0).mhz, std::nullopt);
  EXPECT_EQ(CpuInfoArchitecture(info), Architecture::kOther);
}

TEST(CpuDetector, NodeExporterTree) {
  Tree tree(SharedTree("node-exporter"));
  const CpuReport cpu = DetectCpu(tree.proc, tree.sys, /*host_probes=*/false);
  EXPECT_EQ(cpu.vendor, Vendor::kIntel);
  EXPECT_EQ(cpu.vendor_id, "GenuineIntel");
  EXPECT_EQ(cpu.model, "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz");
  EXPECT_EQ(cpu.architecture, Architecture::kX86_64);
  EXPECT_EQ(cpu.sockets, 1u);
  EXPECT_EQ(cpu.cores, 4u);
  EXPECT_EQ(cpu.threads, 8u);
  EXPECT_EQ(cpu.numa_nodes, 3u);
  EXPECT_EQ(cpu.max_mhz, 4200u);  // the highest scaling_max_freq
  EXPECT_EQ(cpu.current_mhz, 800u);
  EXPECT_EQ(cpu.features.Join(), "avx, avx2, fma");
  EXPECT_EQ(cpu.isa_source, "/proc/cpuinfo");
  EXPECT_EQ(cpu.topology_source, "cpuinfo");
  EXPECT_TRUE(cpu.caches.empty());
}

TEST(CpuDetector, ProcfsTree) {
  Tree tree(SharedTree("procfs"));
  const CpuReport cpu = DetectCpu(tree.proc, tree.sys, false);
  EXPECT_EQ(cpu.threads, 8u);
  EXPECT_EQ(cpu.cores, 4u);
  EXPECT_EQ(cpu.numa_nodes, 2u);  // node1 and node2
  EXPECT_EQ(cpu.max_mhz, 3300u);  // cpu1's cpuinfo_max_freq beats policy0's 2400 MHz
  EXPECT_EQ(cpu.features.Join(), "avx, avx2, fma");
}

TEST(CpuDetector, WorkstationTreeWithAmxAndCaches) {
  Tree tree(HwFixture("workstation"));
  const CpuReport cpu = DetectCpu(tree.proc, tree.sys, false);
  EXPECT_EQ(cpu.model, "Intel(R) Xeon(R) w5-3425");
  EXPECT_EQ(cpu.sockets, 1u);
  EXPECT_EQ(cpu.cores, 2u);
  EXPECT_EQ(cpu.threads, 4u);
  EXPECT_EQ(cpu.numa_nodes, 1u);
  EXPECT_EQ(cpu.max_mhz, 4600u);
  EXPECT_EQ(cpu.current_mhz, 2050u);  // mean of the four "cpu MHz"
  EXPECT_EQ(cpu.features.Join(),
            "avx, avx2, fma, avx512f, avx512bw, avx512dq, avx512vl, avx512_vnni, avx512_bf16, "
            "avx_vnni, amx_tile, amx_int8, amx_bf16");
  ASSERT_EQ(cpu.caches.size(), 4u);
  EXPECT_EQ(cpu.caches[0], (CacheInfo{1, "data", 48 * 1024, 64, 2, 2}));
  EXPECT_EQ(cpu.caches[1], (CacheInfo{1, "instruction", 32 * 1024, 64, 2, 2}));
  EXPECT_EQ(cpu.caches[2], (CacheInfo{2, "unified", 2048 * 1024, 64, 2, 2}));
  EXPECT_EQ(cpu.caches[3], (CacheInfo{3, "unified", 30 * 1024 * 1024, 64, 1, 4}));
  EXPECT_TRUE(tree.diagnostics.entries().empty());
}

TEST(CpuDetector, Arm64TreeUsesSysfsTopologyAndFeatures) {
  Tree tree(HwFixture("arm64"));
  const CpuReport cpu = DetectCpu(tree.proc, tree.sys, false);
  EXPECT_EQ(cpu.architecture, Architecture::kArm64);
  EXPECT_EQ(cpu.vendor, Vendor::kArm);
  EXPECT_EQ(cpu.vendor_id, "0x41");
  EXPECT_EQ(cpu.model, "ARM Neoverse-V1");
  EXPECT_EQ(cpu.threads, 4u);
  EXPECT_EQ(cpu.sockets, 1u);
  EXPECT_EQ(cpu.cores, 4u);
  EXPECT_EQ(cpu.topology_source, "sysfs");
  EXPECT_EQ(cpu.features.Join(), "neon, sve, i8mm, arm_bf16, dotprod");
  EXPECT_EQ(cpu.max_mhz, std::nullopt);  // no cpufreq in this tree
  ASSERT_EQ(cpu.caches.size(), 4u);
  EXPECT_EQ(cpu.caches[3].instances, 1u);
  EXPECT_EQ(cpu.caches[0].instances, 4u);
}

TEST(CpuDetector, MalformedFilesLeaveValuesMissingAndAreNotedOnce) {
  Tree tree(HwFixture("malformed"));
  const CpuReport cpu = DetectCpu(tree.proc, tree.sys, false);
  EXPECT_EQ(cpu.vendor, Vendor::kIntel);
  EXPECT_EQ(cpu.threads, 2u);            // two records, the second cut short
  EXPECT_EQ(cpu.sockets, std::nullopt);  // no physical id in either place
  EXPECT_EQ(cpu.cores, std::nullopt);
  EXPECT_EQ(cpu.max_mhz, std::nullopt);      // "36OOOOO"
  EXPECT_EQ(cpu.current_mhz, std::nullopt);  // "fast"
  EXPECT_TRUE(tree.Noted("/proc/cpuinfo", "2 line(s) not understood"));
  EXPECT_TRUE(tree.Noted("/sys/devices/system/cpu/online", "not a CPU list"));
  EXPECT_TRUE(tree.Noted("cpufreq/cpuinfo_max_freq", "not a whole number: '36OOOOO'"));
  EXPECT_TRUE(tree.Noted("topology/physical_package_id", "not a whole number"));
  // Reading the tree again adds nothing: each reason is recorded once.
  const std::size_t before = tree.diagnostics.entries().size();
  DetectCpu(tree.proc, tree.sys, false);
  EXPECT_EQ(tree.diagnostics.entries().size(), before);
}

TEST(CpuDetector, MissingCpuinfoIsNotedNotFatal) {
  Tree tree(HwFixture("tpu-host") / "nonexistent");
  const CpuReport cpu = DetectCpu(tree.proc, tree.sys, false);
  EXPECT_EQ(cpu.threads, std::nullopt);
  EXPECT_EQ(cpu.model, std::nullopt);
  EXPECT_TRUE(tree.Noted("/proc/cpuinfo", "missing"));
}

TEST(CpuDetector, ThisMachineThroughCpuidAndHwloc) {
  Tree tree(std::filesystem::path("/"));
  const CpuReport cpu = DetectCpu(tree.proc, tree.sys, /*host_probes=*/true);
  ASSERT_TRUE(cpu.threads.has_value());
  EXPECT_EQ(*cpu.threads, static_cast<std::uint32_t>(::sysconf(_SC_NPROCESSORS_ONLN)));
  EXPECT_EQ(cpu.topology_source, "hwloc");
  EXPECT_GE(cpu.cores.value_or(0), 1u);
  EXPECT_GE(cpu.sockets.value_or(0), 1u);
#if defined(__x86_64__)
  EXPECT_EQ(cpu.architecture, Architecture::kX86_64);
  EXPECT_EQ(cpu.isa_source, "cpuid+xgetbv, /proc/cpuinfo");
  // Every feature kept is one the kernel lists too.
  Tree words(std::filesystem::path("/"));
  const CpuReport from_words = DetectCpu(words.proc, words.sys, false);
  EXPECT_TRUE(from_words.features.ContainsAll(cpu.features));
#endif
}

}  // namespace
}  // namespace hawk::hw
