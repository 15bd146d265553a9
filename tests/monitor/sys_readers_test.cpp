// The /sys readers on both captured trees: every value equals its file.
#include "monitor/sys_readers.h"

#include <gtest/gtest.h>

#include "monitor_test_support.h"

namespace hawk::monitor {
namespace {

using testing::Fixture;

struct Sys {
  explicit Sys(const std::string& root) : fs(root), reader(fs, problems) {}
  RootedFs fs;
  ProblemLog problems;
  FileReader reader;
};

TEST(Hwmon, NodeExporterTree) {
  Sys sys(Fixture("node-exporter", "sys"));
  auto catalog = DiscoverHwmon(sys.reader);
  ASSERT_TRUE(catalog);
  const auto sensors = ReadHwmon(sys.reader, *catalog);
  std::vector<std::string> ids;
  for (const auto& s : sensors) ids.push_back(s.id);
  const std::vector<std::string> expected = {
      "hwmon0/temp1", "hwmon0/temp2", "hwmon0/temp3", "hwmon0/temp4", "hwmon0/temp5",
      "hwmon1/temp1", "hwmon1/temp2", "hwmon1/temp3", "hwmon1/temp4", "hwmon1/temp5",
      "hwmon4/temp1", "hwmon4/temp2", "hwmon8/temp1", "hwmon9/temp1", "hwmon10/temp1"};
  EXPECT_EQ(ids, expected);
  const TemperatureSensor& package = sensors[0];
  EXPECT_EQ(package.chip, "coretemp");
  EXPECT_EQ(*package.label, "Physical id 0");
  EXPECT_DOUBLE_EQ(*package.temperature_celsius, 55.0);
  EXPECT_DOUBLE_EQ(*package.max_celsius, 84.0);
  EXPECT_DOUBLE_EQ(*package.crit_celsius, 100.0);
  EXPECT_EQ(*sensors[4].label, "Core 3");
  EXPECT_DOUBLE_EQ(*sensors[4].temperature_celsius, 50.0);
  // hwmon4 is a plain folder without a name file.
  EXPECT_EQ(sensors[10].chip, "hwmon4");
  EXPECT_EQ(*sensors[10].label, "foosensor");
  EXPECT_DOUBLE_EQ(*sensors[11].temperature_celsius, 54.0);
  EXPECT_DOUBLE_EQ(*sensors[11].max_celsius, 100.0);
  // The wifi chip's sensors have no label and no limits.
  EXPECT_EQ(sensors[14].chip, "mt7996_phy0_2");
  EXPECT_DOUBLE_EQ(*sensors[14].temperature_celsius, 57.0);
  EXPECT_FALSE(sensors[14].label);
  EXPECT_FALSE(sensors[14].crit_celsius);
  EXPECT_TRUE(sys.problems.messages().empty()) << sys.problems.messages().front();
}

TEST(Hwmon, ProcfsTreeHasNone) {
  Sys sys(Fixture("procfs", "sys"));
  EXPECT_FALSE(DiscoverHwmon(sys.reader));
}

TEST(ThermalZones, NodeExporterTree) {
  Sys sys(Fixture("node-exporter", "sys"));
  auto catalog = DiscoverThermalZones(sys.reader);
  ASSERT_TRUE(catalog);
  const auto zones = ReadThermalZones(sys.reader, *catalog);
  ASSERT_EQ(zones.size(), 1u);
  EXPECT_EQ(zones[0].id, "thermal_zone0");
  EXPECT_EQ(*zones[0].type, "cpu-thermal");
  EXPECT_EQ(*zones[0].policy, "step_wise");
  EXPECT_DOUBLE_EQ(*zones[0].temperature_celsius, 12.376);
  EXPECT_TRUE(zones[0].trip_points.empty());
  auto cooling = DiscoverCoolingDevices(sys.reader);
  ASSERT_TRUE(cooling);
  const auto devices = ReadCoolingDevices(sys.reader, *cooling);
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_EQ(*devices[0].type, "Processor");
  EXPECT_EQ(*devices[0].cur_state, 0u);
  EXPECT_EQ(*devices[0].max_state, 3u);
}

TEST(ThermalZones, ProcfsTreeWithANegativeTemperature) {
  Sys sys(Fixture("procfs", "sys"));
  auto catalog = DiscoverThermalZones(sys.reader);
  ASSERT_TRUE(catalog);
  const auto zones = ReadThermalZones(sys.reader, *catalog);
  ASSERT_EQ(zones.size(), 2u);
  EXPECT_EQ(*zones[0].type, "bcm2835_thermal");
  EXPECT_DOUBLE_EQ(*zones[0].temperature_celsius, 49.925);
  EXPECT_EQ(*zones[1].type, "acpitz");
  EXPECT_EQ(*zones[1].mode, "enabled");
  EXPECT_DOUBLE_EQ(*zones[1].temperature_celsius, -44.0);
  auto cooling = DiscoverCoolingDevices(sys.reader);
  ASSERT_TRUE(cooling);
  const auto devices = ReadCoolingDevices(sys.reader, *cooling);
  ASSERT_EQ(devices.size(), 3u);
  EXPECT_EQ(*devices[1].type, "TFN1");
  EXPECT_FALSE(devices[1].cur_state);  // no cur_state file
  EXPECT_EQ(*devices[2].max_state, 27u);
  EXPECT_FALSE(devices[2].cur_state);  // "-1" is not a state
  EXPECT_EQ(sys.problems.messages().size(), 1u);
}

TEST(CpuThrottle, CountsEachPackageAndCoreOnce) {
  Sys sys(Fixture("node-exporter", "sys"));
  auto catalog = DiscoverCpuThrottle(sys.reader);
  ASSERT_TRUE(catalog);
  const CpuThrottle throttle = ReadCpuThrottle(sys.reader, *catalog);
  ASSERT_EQ(throttle.packages.size(), 2u);
  EXPECT_EQ(throttle.packages[0].package, 0);
  EXPECT_EQ(throttle.packages[0].throttles_total, 30u);
  EXPECT_EQ(throttle.packages[1].package, 1);
  EXPECT_EQ(throttle.packages[1].throttles_total, 6u);
  ASSERT_EQ(throttle.cores.size(), 4u);
  const std::vector<std::tuple<int, int, std::uint64_t>> expected = {
      {0, 0, 5}, {0, 1, 0}, {1, 0, 0}, {1, 1, 9}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(throttle.cores[i].package, std::get<0>(expected[i]));
    EXPECT_EQ(throttle.cores[i].core, std::get<1>(expected[i]));
    EXPECT_EQ(throttle.cores[i].throttles_total, std::get<2>(expected[i]));
  }
}

TEST(CpuThrottle, ProcfsTreeSharesThePackageCounter) {
  Sys sys(Fixture("procfs", "sys"));
  auto catalog = DiscoverCpuThrottle(sys.reader);
  ASSERT_TRUE(catalog);
  const CpuThrottle throttle = ReadCpuThrottle(sys.reader, *catalog);
  ASSERT_EQ(throttle.packages.size(), 1u);
  EXPECT_EQ(throttle.packages[0].throttles_total, 34818u);
  ASSERT_EQ(throttle.cores.size(), 2u);
  EXPECT_EQ(throttle.cores[0].throttles_total, 10084u);
  EXPECT_EQ(throttle.cores[1].throttles_total, 523u);
}

TEST(CpuFrequency, BothTrees) {
  Sys a(Fixture("node-exporter", "sys"));
  auto catalog = DiscoverCpuFrequencies(a.reader);
  ASSERT_TRUE(catalog);
  auto freqs = ReadCpuFrequencies(a.reader, *catalog);
  ASSERT_EQ(freqs.size(), 4u);
  EXPECT_DOUBLE_EQ(*freqs[0].current_mhz, 1699.981);
  EXPECT_DOUBLE_EQ(*freqs[0].max_mhz, 3700.0);  // scaling_max_freq: no cpuinfo_max_freq
  EXPECT_EQ(*freqs[2].package, 1);
  EXPECT_DOUBLE_EQ(*freqs[3].current_mhz, 8.0);
  EXPECT_DOUBLE_EQ(*freqs[3].max_mhz, 4200.0);
  // procfs: cpu0/cpufreq is a link to ../cpufreq/policy0; cpu1 has only cpuinfo_cur_freq.
  Sys b(Fixture("procfs", "sys"));
  catalog = DiscoverCpuFrequencies(b.reader);
  ASSERT_TRUE(catalog);
  freqs = ReadCpuFrequencies(b.reader, *catalog);
  ASSERT_EQ(freqs.size(), 2u);
  EXPECT_DOUBLE_EQ(*freqs[0].current_mhz, 1219.917);
  EXPECT_DOUBLE_EQ(*freqs[0].max_mhz, 2400.0);
  EXPECT_DOUBLE_EQ(*freqs[1].current_mhz, 1200.195);
  EXPECT_DOUBLE_EQ(*freqs[1].max_mhz, 3300.0);
}

TEST(Powercap, BothTrees) {
  for (const char* tree : {"node-exporter", "procfs"}) {
    Sys sys(Fixture(tree, "sys"));
    auto catalog = DiscoverPowercap(sys.reader);
    ASSERT_TRUE(catalog) << tree;
    const auto counters = ReadPowercap(sys.reader, *catalog);
    ASSERT_GE(counters.size(), 2u);
    EXPECT_EQ(counters[0].id, "intel-rapl:0");
    EXPECT_EQ(*counters[0].name, "package-0");
    EXPECT_TRUE(counters[0].top_level);
    EXPECT_EQ(*counters[0].energy_microjoules_total, 240422366267u);
    EXPECT_EQ(*counters[0].max_energy_range_microjoules, 262143328850u);
    EXPECT_EQ(counters[1].id, "intel-rapl:0:0");
    EXPECT_EQ(*counters[1].name, "core");
    EXPECT_FALSE(counters[1].top_level);
    EXPECT_EQ(*counters[1].energy_microjoules_total, 118821284256u);
  }
}

TEST(DrmGpus, AmdCardInTheProcfsTree) {
  Sys sys(Fixture("procfs", "sys"));
  auto catalog = DiscoverDrmGpus(sys.reader, 0);
  ASSERT_TRUE(catalog);
  const auto gpus = ReadDrmGpus(sys.reader, *catalog);
  ASSERT_EQ(gpus.size(), 1u);  // card1 has no device
  const GpuSample& gpu = gpus[0];
  EXPECT_EQ(gpu.id, "gpu0");
  EXPECT_EQ(gpu.vendor, Vendor::kAmd);
  EXPECT_EQ(gpu.source, "amdgpu");
  EXPECT_EQ(*gpu.pci_bus_id, "0000:09:00.0");
  EXPECT_FALSE(gpu.name);  // product_name is empty
  EXPECT_DOUBLE_EQ(*gpu.utilization_ratio, 0.04);
  EXPECT_EQ(*gpu.memory_used_bytes, 1490378752u);
  EXPECT_EQ(*gpu.memory_total_bytes, 8573157376u);
  EXPECT_DOUBLE_EQ(*gpu.clock_graphics_mhz, 852.0);
  EXPECT_DOUBLE_EQ(*gpu.clock_memory_mhz, 167.0);
  EXPECT_FALSE(gpu.temperature_celsius);  // no hwmon captured
  EXPECT_FALSE(gpu.power_watts);
}

TEST(DrmGpus, NodeExporterTreeHasNoDrm) {
  Sys sys(Fixture("node-exporter", "sys"));
  EXPECT_FALSE(DiscoverDrmGpus(sys.reader, 0));
}

TEST(ParseCurrentDpmLevelMhz, FindsTheStarredLevel) {
  EXPECT_DOUBLE_EQ(*ParseCurrentDpmLevelMhz("0: 300Mhz\n1: 1200Mhz *\n"), 1200.0);
  EXPECT_FALSE(ParseCurrentDpmLevelMhz("0: 300Mhz\n1: 1200Mhz\n"));
  EXPECT_FALSE(ParseCurrentDpmLevelMhz("garbage *\n"));
}

}  // namespace
}  // namespace hawk::monitor
