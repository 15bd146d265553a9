// End to end on the captured trees: the sampler's snapshot, and its JSON,
// hold what the files say; parts a tree lacks are missing, never 0.
#include "monitor/host_sampler.h"

#include <gtest/gtest.h>

#include "monitor/rates.h"
#include "monitor/snapshot_json.h"
#include "monitor_test_support.h"

namespace hawk::monitor {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using testing::Fixture;
using testing::HandMade;

HostSamplerOptions TreeOptions(const std::string& tree, MonitoringLevel level) {
  HostSamplerOptions options;
  options.proc_root = Fixture(tree, "proc");
  options.sys_root = Fixture(tree, "sys");
  options.level = level;
  return options;
}

bool Missing(const json& j, const std::string& part) {
  for (const auto& m : j["missing"]) {
    if (m["part"] == part) return true;
  }
  return false;
}

TEST(HostSampler, NodeExporterTreeAsJson) {
  HostSampler sampler(TreeOptions("node-exporter", MonitoringLevel::kIntensive));
  const json j = SnapshotToJson(sampler.Sample(TimePoint(seconds(1700000000))));
  EXPECT_EQ(j["ts"], "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(j["level"], "intensive");
  EXPECT_DOUBLE_EQ(j["cpu"]["seconds_total"]["user"].get<double>(), 3018.54);
  EXPECT_DOUBLE_EQ(j["cpu"]["seconds_total"]["idle"].get<double>(), 89790.04);
  EXPECT_EQ(j["cpu"]["per_cpu"].size(), 8u);
  EXPECT_EQ(j["memory"]["total_bytes"], 3742148ull * 1024);
  EXPECT_TRUE(j["memory"]["available_bytes"].is_null());
  EXPECT_DOUBLE_EQ(j["load"]["load1"].get<double>(), 0.21);
  EXPECT_EQ(j["disks"][0]["name"], "sda");
  EXPECT_EQ(j["disks"][0]["read_bytes_total"], 1003346126ull * 512);
  EXPECT_EQ(j["disks"][0]["written_bytes_total"], 505697032ull * 512);
  EXPECT_TRUE(j["network"].is_null());
  EXPECT_TRUE(Missing(j, "network"));
  EXPECT_TRUE(j["gpus"].is_null());
  EXPECT_TRUE(Missing(j, "gpus"));
  EXPECT_EQ(j["temperatures"].size(), 15u);
  EXPECT_DOUBLE_EQ(j["temperatures"][0]["temperature_celsius"].get<double>(), 55.0);
  EXPECT_DOUBLE_EQ(j["thermal_zones"][0]["temperature_celsius"].get<double>(), 12.376);
  EXPECT_EQ(j["cooling_devices"][0]["max_state"], 3);
  EXPECT_EQ(j["cpu_throttle"]["packages"][0]["throttles_total"], 30);
  EXPECT_EQ(j["cpu_throttle"]["cores"].size(), 4u);
  EXPECT_DOUBLE_EQ(j["cpu_frequencies"][0]["current_mhz"].get<double>(), 1699.981);
  EXPECT_EQ(j["energy"][0]["energy_microjoules_total"], 240422366267ull);
  EXPECT_EQ(j["process_count"], 3);
}

TEST(HostSampler, ProcfsTreeAsJson) {
  HostSampler sampler(TreeOptions("procfs", MonitoringLevel::kStandard));
  const json j = SnapshotToJson(sampler.Sample(TimePoint(seconds(1))));
  EXPECT_EQ(j["memory"]["total_bytes"], 15666184ull * 1024);
  EXPECT_EQ(j["network"][3]["interface"], "eth0");
  EXPECT_EQ(j["network"][3]["receive_bytes_total"], 874354587u);
  EXPECT_EQ(j["network"][3]["transmit_bytes_total"], 563352563u);
  EXPECT_EQ(j["gpus"][0]["vendor"], "amd");
  EXPECT_DOUBLE_EQ(j["gpus"][0]["utilization_ratio"].get<double>(), 0.04);
  EXPECT_TRUE(j["gpus"][0]["temperature_celsius"].is_null());
  EXPECT_TRUE(j["temperatures"].is_null());  // no hwmon: missing, not 0
  EXPECT_TRUE(Missing(j, "temperatures"));
  EXPECT_EQ(j["thermal_zones"].size(), 2u);
  EXPECT_FALSE(j.contains("per_cpu"));
  EXPECT_FALSE(j["cpu"].contains("per_cpu"));  // a standard sample has no per-core times
  EXPECT_FALSE(j.contains("process_count"));
  EXPECT_FALSE(j.contains("cooling_devices"));
}

TEST(HostSampler, BasicLevelReadsCpuAndMemoryOnly) {
  HostSampler sampler(TreeOptions("procfs", MonitoringLevel::kBasic));
  const HostSnapshot s = sampler.Sample(TimePoint(seconds(1)));
  EXPECT_TRUE(s.cpu);
  EXPECT_TRUE(s.memory);
  EXPECT_FALSE(s.load);
  EXPECT_FALSE(s.disks);
  EXPECT_FALSE(s.gpus);
  EXPECT_TRUE(s.missing.empty());
  const json j = SnapshotToJson(s);
  EXPECT_FALSE(j.contains("disks"));
  EXPECT_FALSE(j.contains("temperatures"));
}

TEST(HostSampler, HandMadeDevices) {
  HostSamplerOptions options;
  options.proc_root = Fixture("procfs", "proc");
  options.sys_root = HandMade("devices/sys");
  HostSampler sampler(options);
  const HostSnapshot s = sampler.Sample(TimePoint(seconds(1)));
  ASSERT_TRUE(s.gpus);
  ASSERT_EQ(s.gpus->size(), 2u);  // the NVIDIA card is left to NVML
  const GpuSample& amd = (*s.gpus)[0];
  EXPECT_EQ(amd.id, "gpu0");
  EXPECT_EQ(*amd.name, "AMD Radeon PRO W7900");
  EXPECT_EQ(*amd.pci_bus_id, "0000:03:00.0");
  EXPECT_DOUBLE_EQ(*amd.utilization_ratio, 0.97);
  EXPECT_DOUBLE_EQ(*amd.memory_utilization_ratio, 0.40);
  EXPECT_EQ(*amd.memory_used_bytes, 49392123904u);
  EXPECT_DOUBLE_EQ(*amd.temperature_celsius, 88);
  EXPECT_DOUBLE_EQ(*amd.slowdown_celsius, 100);
  EXPECT_DOUBLE_EQ(*amd.shutdown_celsius, 105);
  EXPECT_DOUBLE_EQ(*amd.power_watts, 241);
  EXPECT_DOUBLE_EQ(*amd.power_limit_watts, 295);
  EXPECT_DOUBLE_EQ(*amd.clock_graphics_mhz, 1900);
  EXPECT_DOUBLE_EQ(*amd.clock_memory_mhz, 1124);
  const GpuSample& intel = (*s.gpus)[1];
  EXPECT_EQ(intel.id, "gpu1");
  EXPECT_EQ(intel.vendor, Vendor::kIntel);
  EXPECT_EQ(intel.source, "i915");
  EXPECT_DOUBLE_EQ(*intel.clock_graphics_mhz, 350);
  EXPECT_DOUBLE_EQ(*intel.clock_graphics_max_mhz, 1300);
  EXPECT_FALSE(intel.utilization_ratio);  // i915 has no busy file
  ASSERT_TRUE(s.thermal_zones);
  ASSERT_EQ((*s.thermal_zones)[0].trip_points.size(), 2u);
  EXPECT_EQ((*s.thermal_zones)[0].trip_points[1].type, "critical");
  EXPECT_DOUBLE_EQ(*(*s.thermal_zones)[0].trip_points[1].hysteresis_celsius, 2);
}

class FakeGpu final : public GpuSource {
 public:
  std::string_view name() const override { return "fake"; }
  std::string unavailable_reason() const override { return {}; }
  int DeviceCount() override { return 1; }
  std::vector<GpuSample> Sample(int first_index) override {
    GpuSample g;
    g.id = "gpu" + std::to_string(first_index);
    g.vendor = Vendor::kNvidia;
    g.source = "fake";
    g.utilization_ratio = 0.5;
    return {g};
  }
  std::vector<GpuProcessMemory> ProcessMemory(int) override { return {}; }
};

TEST(HostSampler, SourceGpusComeBeforeSysfsOnes) {
  FakeGpu fake;
  HostSamplerOptions options;
  options.proc_root = Fixture("procfs", "proc");
  options.sys_root = HandMade("devices/sys");
  options.gpu_sources = {&fake};
  HostSampler sampler(options);
  const HostSnapshot s = sampler.Sample(TimePoint(seconds(1)));
  ASSERT_EQ(s.gpus->size(), 3u);
  EXPECT_EQ((*s.gpus)[0].source, "fake");
  EXPECT_EQ((*s.gpus)[1].id, "gpu1");
  EXPECT_EQ((*s.gpus)[2].id, "gpu2");
}

TEST(HostSampler, ThisMachineReportsWhatItHas) {
  HostSampler sampler(HostSamplerOptions{});
  const HostSnapshot s = sampler.Sample(TimePoint(seconds(1)));
  ASSERT_TRUE(s.cpu);
  EXPECT_GT(s.cpu->logical_cpus, 0u);
  ASSERT_TRUE(s.memory);
  EXPECT_GT(s.memory->total_bytes, 0u);
  // Whatever this machine lacks is listed as missing, never given as 0.
  if (!s.temperatures) {
    bool listed = false;
    for (const auto& m : s.missing) listed = listed || m.part == "temperatures";
    EXPECT_TRUE(listed);
  }
}

TEST(Rates, FromTwoSnapshotsWithAnInjectedInterval) {
  HostSnapshot a;
  a.ts = TimePoint(seconds(100));
  a.cpu = CpuStat{};
  a.cpu->total.user_seconds = 10;
  a.cpu->total.idle_seconds = 30;
  a.cpu->total.iowait_seconds = 0;
  a.disks = std::vector<DiskCounters>{DiskCounters{}};
  (*a.disks)[0].name = "sda";
  a.network = std::vector<NetCounters>{NetCounters{}};
  (*a.network)[0].interface = "eth0";
  a.energy =
      std::vector<EnergyCounter>{{"intel-rapl:0", "package-0", true, 999'000'000, 1'000'000'000}};
  HostSnapshot b = a;
  b.ts = TimePoint(seconds(102));
  b.cpu->total.user_seconds = 13;  // 3 s busy of 4 s
  b.cpu->total.idle_seconds = 31;
  (*b.disks)[0].read_bytes_total = 4096;
  (*b.disks)[0].reads_completed_total = 8;
  (*b.disks)[0].io_time_seconds_total = 0.5;
  (*b.network)[0].receive_bytes_total = 2000;
  (*b.energy)[0].energy_microjoules_total = 19'000'000;  // wrapped at 1000 J
  const auto rates = ComputeRates(a, b);
  ASSERT_TRUE(rates);
  EXPECT_DOUBLE_EQ(rates->interval_seconds, 2.0);
  EXPECT_DOUBLE_EQ(rates->cpu->utilization_ratio, 0.75);
  EXPECT_DOUBLE_EQ(rates->disks[0].read_bytes_per_second, 2048);
  EXPECT_DOUBLE_EQ(rates->disks[0].reads_per_second, 4);
  EXPECT_DOUBLE_EQ(rates->disks[0].busy_ratio, 0.25);
  EXPECT_DOUBLE_EQ(rates->network[0].receive_bytes_per_second, 1000);
  EXPECT_DOUBLE_EQ(rates->power[0].power_watts, 10.0);  // (1 + 19) J over 2 s
  EXPECT_FALSE(ComputeRates(b, a));                     // not later
  (*b.disks)[0].read_bytes_total = 0;
  (*a.disks)[0].read_bytes_total = 10;  // went backwards: a reset, no rate
  EXPECT_TRUE(ComputeRates(a, b)->disks.empty());
  EXPECT_FALSE(CounterDelta(10, 5, std::nullopt));
}

TEST(Rates, TwoSamplesOfTheSameTreeGiveZeroRates) {
  HostSampler sampler(TreeOptions("procfs", MonitoringLevel::kDetailed));
  const HostSnapshot a = sampler.Sample(TimePoint(seconds(1)));
  const HostSnapshot b = sampler.Sample(TimePoint(seconds(3)));
  const auto rates = ComputeRates(a, b);
  ASSERT_TRUE(rates);
  EXPECT_FALSE(rates->cpu);  // no CPU time passed: no utilization to tell
  EXPECT_EQ(rates->network.size(), 4u);
  EXPECT_DOUBLE_EQ(rates->network[3].receive_bytes_per_second, 0.0);
  const json j = RatesToJson(*rates);
  EXPECT_TRUE(j["cpu"].is_null());
  EXPECT_EQ(j["throttle_events"]["package"], 0);
}

}  // namespace
}  // namespace hawk::monitor
