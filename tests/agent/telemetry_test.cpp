#include "agent/telemetry.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hawk::agent {
namespace {

using std::chrono::seconds;

monitor::HostSnapshot Snapshot(int at_seconds, double user_seconds, double idle_seconds) {
  monitor::HostSnapshot s;
  s.ts = TimePoint(seconds(at_seconds));
  monitor::CpuStat cpu;
  cpu.total.user_seconds = user_seconds;
  cpu.total.idle_seconds = idle_seconds;
  cpu.logical_cpus = 2;
  s.cpu = cpu;
  return s;
}

monitor::TemperatureSensor Sensor(std::string chip, std::string label, double celsius) {
  monitor::TemperatureSensor t;
  t.id = chip + "/" + label;
  t.chip = std::move(chip);
  t.label = std::move(label);
  t.temperature_celsius = celsius;
  return t;
}

monitor::ThermalZone Zone(std::string type, double celsius) {
  monitor::ThermalZone z;
  z.id = "thermal_zone_" + type;
  z.type = std::move(type);
  z.temperature_celsius = celsius;
  return z;
}

DeviceProfile Gpu(std::string id, std::optional<std::string> uuid, std::optional<std::string> pci,
                  Bytes memory_total_bytes) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kGpu;
  d.uuid = std::move(uuid);
  d.pci_id = std::move(pci);
  d.memory_total_bytes = memory_total_bytes;
  return d;
}

TEST(HeartbeatFromSnapshots, CpuUtilizationIsTheRateBetweenTwoSnapshots) {
  const monitor::HostSnapshot previous = Snapshot(0, 10, 90);
  const monitor::HostSnapshot current = Snapshot(10, 40, 120);  // 30 busy of 60 seconds
  const protocol::Heartbeat hb = HeartbeatFromSnapshots(current, &previous, {});
  EXPECT_EQ(hb.at, TimePoint(seconds(10)));
  EXPECT_EQ(hb.cpu_utilization, Fraction::FromPartsPer10k(5000));
}

TEST(HeartbeatFromSnapshots, WithoutAPreviousSnapshotTheShareSinceBootIsUsed) {
  const monitor::HostSnapshot current = Snapshot(10, 40, 120);  // 40 busy of 160 seconds
  EXPECT_EQ(HeartbeatFromSnapshots(current, nullptr, {}).cpu_utilization,
            Fraction::FromPartsPer10k(2500));
  const monitor::HostSnapshot same_time = Snapshot(10, 40, 120);
  EXPECT_EQ(HeartbeatFromSnapshots(current, &same_time, {}).cpu_utilization,
            Fraction::FromPartsPer10k(2500));
}

TEST(HeartbeatFromSnapshots, MemoryFromMeminfoAndNothingWhenItIsMissing) {
  monitor::HostSnapshot s = Snapshot(1, 1, 1);
  protocol::Heartbeat hb = HeartbeatFromSnapshots(s, nullptr, {});
  EXPECT_FALSE(hb.memory_used_bytes);
  EXPECT_EQ(hb.memory_utilization, Fraction::Zero());
  monitor::MemoryStat memory;
  memory.total_bytes = 1000;
  memory.available_bytes = 250;
  s.memory = memory;
  hb = HeartbeatFromSnapshots(s, nullptr, {});
  EXPECT_EQ(hb.memory_used_bytes, 750U);
  EXPECT_EQ(hb.memory_utilization, Fraction::FromPartsPer10k(7500));
}

TEST(HeartbeatFromSnapshots, CpuTemperatureIsTheHottestPackageElseACpuZone) {
  monitor::HostSnapshot s = Snapshot(1, 1, 1);
  EXPECT_FALSE(HeartbeatFromSnapshots(s, nullptr, {}).cpu_temperature_celsius);
  s.thermal_zones = std::vector<monitor::ThermalZone>{Zone("acpitz", 30), Zone("x86_pkg_temp", 55)};
  EXPECT_EQ(HeartbeatFromSnapshots(s, nullptr, {}).cpu_temperature_celsius, 55.0);
  s.temperatures = std::vector<monitor::TemperatureSensor>{
      Sensor("coretemp", "Package id 0", 60), Sensor("coretemp", "Core 0", 99),
      Sensor("coretemp", "Package id 1", 70), Sensor("nvme", "Composite", 80)};
  EXPECT_EQ(HeartbeatFromSnapshots(s, nullptr, {}).cpu_temperature_celsius, 70.0);
}

TEST(HeartbeatFromSnapshots, GpusAreMatchedToTheProfileByUuidOrPciAddressElseLeftOut) {
  monitor::HostSnapshot s = Snapshot(1, 1, 1);
  monitor::GpuSample by_uuid;
  by_uuid.id = "gpu0";
  by_uuid.uuid = "GPU-ABC";
  by_uuid.utilization_ratio = 0.3;
  by_uuid.memory_used_bytes = 4 * kGiB;
  by_uuid.memory_total_bytes = 16 * kGiB;
  by_uuid.temperature_celsius = 65;
  by_uuid.power_watts = 200;
  by_uuid.clock_event_reasons = 0x40;  // hardware thermal slowdown
  monitor::GpuSample by_pci;
  by_pci.id = "gpu1";
  by_pci.pci_bus_id = "0000:3B:00.0";
  by_pci.utilization_ratio = 0.9;
  by_pci.memory_used_bytes = 2 * kGiB;  // of the profile's 8 GiB
  by_pci.clock_event_reasons = 0x01;    // idle: not a slowdown
  monitor::GpuSample unknown;
  unknown.id = "gpu2";
  unknown.pci_bus_id = "0000:99:00.0";
  unknown.utilization_ratio = 0.5;
  unknown.memory_used_bytes = 1;
  monitor::GpuSample no_utilization;
  no_utilization.id = "gpu3";
  no_utilization.pci_bus_id = "0000:04:00.0";
  no_utilization.memory_used_bytes = 1;
  s.gpus = std::vector<monitor::GpuSample>{by_uuid, by_pci, unknown, no_utilization};
  const std::vector<DeviceProfile> devices = {DeviceProfile{},
                                              Gpu("gpu0", std::nullopt, "0000:3b:00.0", 8 * kGiB),
                                              Gpu("gpu1", "gpu-abc", std::nullopt, 16 * kGiB),
                                              Gpu("gpu2", std::nullopt, "0000:04:00.0", 8 * kGiB)};

  const protocol::Heartbeat hb = HeartbeatFromSnapshots(s, nullptr, devices);
  ASSERT_EQ(hb.devices.size(), 2U);
  const protocol::DeviceSample& gpu0 = hb.devices[0];
  EXPECT_EQ(gpu0.device_id, "gpu0");
  EXPECT_EQ(gpu0.utilization, Fraction::FromPartsPer10k(9000));
  EXPECT_EQ(gpu0.memory_utilization, Fraction::FromPartsPer10k(2500));
  EXPECT_FALSE(gpu0.temperature_celsius);
  EXPECT_FALSE(gpu0.power_watts);
  EXPECT_FALSE(gpu0.throttling);
  const protocol::DeviceSample& gpu1 = hb.devices[1];
  EXPECT_EQ(gpu1.device_id, "gpu1");
  EXPECT_EQ(gpu1.utilization, Fraction::FromPartsPer10k(3000));
  EXPECT_EQ(gpu1.memory_utilization, Fraction::FromPartsPer10k(2500));
  EXPECT_EQ(gpu1.temperature_celsius, 65.0);
  EXPECT_EQ(gpu1.power_watts, 200.0);
  EXPECT_TRUE(gpu1.throttling);
}

TEST(HostTelemetry, SamplesTheFixtureMachine) {
  HostTelemetryOptions options;
  options.proc_root = std::string(HAWK_FIXTURES_DIR) + "/linux/procfs/proc";
  options.sys_root = std::string(HAWK_SOURCE_DIR) + "/tests/fixtures/monitor/devices/sys";
  options.devices = {Gpu("gpu0", std::nullopt, "0000:03:00.0", 48 * kGiB)};
  HostTelemetry telemetry(options);
  const protocol::Heartbeat hb = telemetry.Sample(TimePoint(seconds(5)));
  EXPECT_EQ(hb.at, TimePoint(seconds(5)));
  // /proc/stat: 418334 busy of 9400890 seconds since boot.
  EXPECT_EQ(hb.cpu_utilization, Fraction::FromPartsPer10k(445));
  // /proc/meminfo: total - free - buffers - cached - SReclaimable = 459968 kB.
  EXPECT_EQ(hb.memory_used_bytes, Bytes{459968} * 1024);
  EXPECT_EQ(hb.memory_utilization, Fraction::FromPartsPer10k(294));
  ASSERT_EQ(hb.devices.size(), 1U) << "the Intel GPU is not in the profile";
  const protocol::DeviceSample& gpu = hb.devices[0];
  EXPECT_EQ(gpu.device_id, "gpu0");
  EXPECT_EQ(gpu.utilization, Fraction::FromPartsPer10k(9700));
  // mem_info_vram_used / mem_info_vram_total = 49392123904 / 51539607552.
  EXPECT_EQ(gpu.memory_utilization, Fraction::FromPartsPer10k(9583));
  EXPECT_EQ(gpu.temperature_celsius, 88.0);
  EXPECT_EQ(gpu.power_watts, 241.0);
  EXPECT_TRUE(hb.running_attempts.empty());

  // The same counters again: no rate between them, the share since boot stays.
  EXPECT_EQ(telemetry.Sample(TimePoint(seconds(6))).cpu_utilization,
            Fraction::FromPartsPer10k(445));
}

TEST(HostTelemetry, AlertsOpenOnceWhileTheValueStaysAndAreListedAsOpen) {
  HostTelemetryOptions options;
  options.proc_root = std::string(HAWK_FIXTURES_DIR) + "/linux/procfs/proc";
  options.sys_root = std::string(HAWK_SOURCE_DIR) + "/tests/fixtures/monitor/devices/sys";
  options.devices = {Gpu("accel-a", std::nullopt, "0000:03:00.0", 48 * kGiB)};
  HostTelemetry telemetry(options);
  const protocol::Heartbeat first = telemetry.Sample(TimePoint(seconds(5)));
  std::vector<std::string> opened;
  for (const protocol::AlertReport& a : first.alerts) {
    EXPECT_TRUE(a.opened);
    EXPECT_EQ(a.at, TimePoint(seconds(5)));
    EXPECT_FALSE(a.message.empty());
    opened.push_back(a.device_id.value_or("host") + " " + a.metric + " " + a.severity);
  }
  std::sort(opened.begin(), opened.end());
  // 97 % busy (warning at 95), 95.8 % of its memory (warning 90, critical
  // 95), under the profile's name for it.
  EXPECT_EQ(opened, (std::vector<std::string>{"accel-a gpu_memory_utilization_percent critical",
                                              "accel-a gpu_memory_utilization_percent warning",
                                              "accel-a gpu_utilization_percent warning"}));
  // Still past the thresholds a second later: nothing new opens.
  EXPECT_TRUE(telemetry.Sample(TimePoint(seconds(6))).alerts.empty());
  const std::vector<protocol::AlertReport> open = telemetry.OpenAlerts();
  ASSERT_EQ(open.size(), first.alerts.size());
  for (const protocol::AlertReport& a : open) {
    EXPECT_EQ(a.device_id, "accel-a");
    EXPECT_EQ(a.at, TimePoint(seconds(5)));
  }
}

TEST(HostTelemetry, AlertReportFromKeepsEveryField) {
  monitor::AlertEvent e;
  e.ts = TimePoint(seconds(9));
  e.resource = monitor::AlertResource::kGpuMemory;
  e.device_id = "gpu1";
  e.metric = "gpu_memory_utilization_percent";
  e.severity = monitor::AlertSeverity::kCritical;
  e.transition = monitor::AlertTransition::kClosed;
  e.value = 42.5;
  e.threshold = 95;
  e.message = "closed";
  const protocol::AlertReport a = AlertReportFrom(e);
  EXPECT_EQ(a, (protocol::AlertReport{TimePoint(seconds(9)), "gpu_memory", "gpu1",
                                      "gpu_memory_utilization_percent", "critical", false, 42.5, 95,
                                      "closed"}));
}

}  // namespace
}  // namespace hawk::agent
