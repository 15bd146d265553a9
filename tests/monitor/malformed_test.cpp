// Malformed and truncated kernel files: no crash, the value is missing and
// the reason is logged once however often it is read.
#include <gtest/gtest.h>

#include "monitor/host_sampler.h"
#include "monitor/proc_readers.h"
#include "monitor/sys_readers.h"
#include "monitor_test_support.h"

namespace hawk::monitor {
namespace {

using testing::TempTree;

struct Reader {
  explicit Reader(const std::string& root) : fs(root), reader(fs, problems) {}
  RootedFs fs;
  ProblemLog problems;
  FileReader reader;
};

TEST(Malformed, TruncatedStatLosesOnlyTheBrokenLine) {
  TempTree tree;
  tree.Write("stat", "cpu  100 0 50 1000 0 0 0 0 0 0\ncpu0 10 0\nctxt 77\n");
  Reader r(tree.root());
  auto stat = ReadCpuStat(r.reader, true, 100.0);
  ASSERT_TRUE(stat);
  EXPECT_DOUBLE_EQ(stat->total.user_seconds, 1.0);
  EXPECT_TRUE(stat->per_cpu.empty());
  EXPECT_EQ(*stat->context_switches_total, 77u);
  EXPECT_EQ(r.problems.messages().size(), 1u);
}

TEST(Malformed, StatWithoutTotalsIsMissing) {
  TempTree tree;
  tree.Write("stat", "cpu  12 x\n");
  Reader r(tree.root());
  EXPECT_FALSE(ReadCpuStat(r.reader, false, 100.0));
  EXPECT_FALSE(ReadCpuStat(r.reader, false, 100.0));
  ASSERT_EQ(r.problems.messages().size(), 1u) << r.problems.messages().back();
  EXPECT_EQ(r.problems.Count(tree.root() + "/stat"), 4u);  // twice per read, logged once
}

TEST(Malformed, MeminfoGarbageFieldIsMissing) {
  TempTree tree;
  tree.Write("meminfo", "MemTotal: 2048 kB\nMemFree: lots kB\nBuffers: 10 kB\nCached:");
  Reader r(tree.root());
  for (int i = 0; i < 3; ++i) {
    auto mem = ReadMemInfo(r.reader);
    ASSERT_TRUE(mem);
    EXPECT_EQ(mem->total_bytes, 2048u * 1024);
    EXPECT_FALSE(mem->free_bytes);
    EXPECT_FALSE(mem->cached_bytes);
    EXPECT_FALSE(mem->UsedBytes());  // cannot be computed without MemFree
  }
  EXPECT_EQ(r.problems.messages().size(), 1u);
}

TEST(Malformed, EmptyAndBinaryFiles) {
  TempTree tree;
  tree.Write("loadavg", "");
  tree.Write("meminfo", std::string("\0\0\xff\xfe", 4));
  tree.Write("diskstats", "   8 0 sda 1 2 3\n   8 1 sdb 1 2 3 4 5 6 7 8 9 10 x\n");
  tree.Write("net/dev", "Inter-|\n face |\n  eth0: 1 2 3\n");
  Reader r(tree.root());
  EXPECT_FALSE(ReadLoadAverage(r.reader));
  EXPECT_FALSE(ReadMemInfo(r.reader));
  auto disks = ReadDiskStats(r.reader, true);
  ASSERT_TRUE(disks);
  EXPECT_TRUE(disks->empty());
  auto net = ReadNetDev(r.reader);
  ASSERT_TRUE(net);
  EXPECT_TRUE(net->empty());
  EXPECT_EQ(r.problems.messages().size(), 4u);
}

TEST(Malformed, SensorValuesThatAreNotNumbers) {
  TempTree tree;
  tree.Write("class/hwmon/hwmon0/name", "chip\n");
  tree.Write("class/hwmon/hwmon0/temp1_input", "N/A\n");
  tree.Write("class/hwmon/hwmon0/temp1_crit", "-\n");
  tree.Write("class/hwmon/hwmon0/temp2_input", "45000");
  tree.Write("class/thermal/thermal_zone0/temp", "");
  tree.Write("class/thermal/thermal_zone0/type", "x86_pkg_temp\n");
  Reader r(tree.root());
  auto hwmon = DiscoverHwmon(r.reader);
  ASSERT_TRUE(hwmon);
  for (int i = 0; i < 2; ++i) {
    auto sensors = ReadHwmon(r.reader, *hwmon);
    ASSERT_EQ(sensors.size(), 2u);
    EXPECT_FALSE(sensors[0].temperature_celsius);
    EXPECT_FALSE(sensors[0].crit_celsius);
    EXPECT_DOUBLE_EQ(*sensors[1].temperature_celsius, 45.0);
  }
  auto zones = DiscoverThermalZones(r.reader);
  ASSERT_TRUE(zones);
  EXPECT_FALSE(ReadThermalZones(r.reader, *zones)[0].temperature_celsius);
  EXPECT_EQ(r.problems.Count(tree.Path("class/hwmon/hwmon0/temp1_input")), 2u);
  EXPECT_EQ(r.problems.messages().size(), 3u);  // temp1_input, temp1_crit, zone temp
}

TEST(Malformed, SamplerLogsEachProblemOnceAcrossSamples) {
  TempTree tree;
  tree.Write("proc/stat", "cpu  1 2 3\n");  // too few fields
  tree.Write("proc/meminfo", "MemTotal: 1 kB\n");
  tree.Write("proc/loadavg", "0.5 0.5\n");
  tree.Mkdir("sys");
  std::vector<std::string> logged;
  ProblemLog problems;
  problems.SetSink([&](const std::string& message) { logged.push_back(message); });
  HostSamplerOptions options;
  options.proc_root = tree.Path("proc");
  options.sys_root = tree.Path("sys");
  HostSampler sampler(options, &problems);
  for (int i = 0; i < 5; ++i) {
    const HostSnapshot s = sampler.Sample(TimePoint(std::chrono::seconds(i)));
    EXPECT_FALSE(s.cpu);
    EXPECT_TRUE(s.memory);
    EXPECT_FALSE(s.load);
  }
  const auto once = logged.size();
  EXPECT_GT(once, 3u);
  EXPECT_EQ(logged, problems.messages());
  sampler.Sample(TimePoint(std::chrono::seconds(9)));
  EXPECT_EQ(logged.size(), once);
}

}  // namespace
}  // namespace hawk::monitor
