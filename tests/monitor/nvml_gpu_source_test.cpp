// NVIDIA GPUs through hw's NVML wrapper: the pure mapping always, the whole
// path with the fake libnvidia-ml.so.1 that the hw tests build.
#include "monitor/nvml_gpu_source.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "monitor/alert_engine.h"
#include "monitor/host_sampler.h"
#include "monitor/task_tracker.h"
#include "monitor/thermal_tracker.h"
#include "monitor_test_support.h"

namespace hawk::monitor {
namespace {

using std::chrono::seconds;

TEST(NvmlGpuSource, MapsAReading) {
  hw::NvmlDeviceInfo info;
  info.name = "NVIDIA H100 80GB HBM3";
  info.uuid = "GPU-1";
  info.pci_bus_id = "0000:3b:00.0";
  info.memory_total_bytes = 80 * kGiB;
  info.max_sm_clock_mhz = 1980;
  info.power_limit_watts = 700;
  hw::NvmlSample s;
  s.gpu_utilization_percent = 37;
  s.memory_utilization_percent = 12;
  s.memory_used_bytes = 10 * kGiB;
  s.temperature_celsius = 41;
  s.power_watts = 123.456;
  s.graphics_clock_mhz = 1755;
  s.memory_clock_mhz = 2619;
  s.clock_event_reasons = hw::ClockEventReasons{0x44};
  const GpuSample g = GpuSampleFromNvml("gpu0", info, s);
  EXPECT_EQ(g.vendor, Vendor::kNvidia);
  EXPECT_EQ(g.source, "nvml");
  EXPECT_EQ(*g.name, "NVIDIA H100 80GB HBM3");
  EXPECT_DOUBLE_EQ(*g.utilization_ratio, 0.37);
  EXPECT_DOUBLE_EQ(*g.memory_utilization_ratio, 0.12);
  EXPECT_EQ(*g.memory_total_bytes, 80 * kGiB);  // from the device facts
  EXPECT_EQ(*g.memory_used_bytes, 10 * kGiB);
  EXPECT_DOUBLE_EQ(*g.clock_graphics_mhz, 1755);
  EXPECT_DOUBLE_EQ(*g.clock_graphics_max_mhz, 1980);
  EXPECT_EQ(*g.clock_event_reasons, 0x44u);
  EXPECT_FALSE(g.slowdown_celsius);
  // The HW thermal slowdown bit makes the thermal tracker report throttling.
  HostSnapshot snapshot;
  snapshot.ts = TimePoint(seconds(1));
  snapshot.gpus = std::vector<GpuSample>{g};
  ThermalTracker tracker;
  const auto readings = ThermalReadingsFrom(snapshot);
  ASSERT_EQ(readings.size(), 1u);
  EXPECT_EQ(tracker.Update(readings[0]).state, ThermalState::kThrottling);
}

// A GPU at `celsius`, as NVML describes it, with or without its own points.
GpuSample NvidiaAt(double celsius, bool own_points) {
  hw::NvmlDeviceInfo info;
  info.name = "NVIDIA A100-SXM4-80GB";
  if (own_points) {
    info.slowdown_celsius = 89;
    info.shutdown_celsius = 92;
    info.gpu_max_celsius = 85;
  }
  hw::NvmlSample s;
  s.temperature_celsius = celsius;
  s.energy_millijoules_total = 123'456'789;
  return GpuSampleFromNvml("gpu0", info, s);
}

std::vector<AlertEvent> Alerts(AlertEngine& engine, const GpuSample& g, int at_seconds) {
  HostSnapshot snapshot;
  snapshot.ts = TimePoint(seconds(at_seconds));
  snapshot.gpus = std::vector<GpuSample>{g};
  const auto observations = ObservationsFrom(snapshot, nullptr);
  return engine.Evaluate(snapshot.ts, observations);
}

TEST(NvmlGpuSource, MapsTheGpusOwnTemperaturePointsAndEnergy) {
  const GpuSample g = NvidiaAt(50, true);
  EXPECT_EQ(g.slowdown_celsius, 89.0);
  EXPECT_EQ(g.shutdown_celsius, 92.0);
  EXPECT_EQ(g.energy_joules_total, 123'456.789);
  const GpuSample bare = NvidiaAt(50, false);
  EXPECT_FALSE(bare.slowdown_celsius);
  EXPECT_FALSE(bare.shutdown_celsius);
}

TEST(NvmlGpuSource, AlertsAtTheGpusSlowdownAndShutdownPoints) {
  AlertEngine engine;  // the seed's defaults: no temperature points of its own
  EXPECT_TRUE(Alerts(engine, NvidiaAt(88, true), 1).empty());
  auto events = Alerts(engine, NvidiaAt(89, true), 2);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].severity, AlertSeverity::kWarning);
  EXPECT_EQ(events[0].device_id, "gpu0");
  EXPECT_DOUBLE_EQ(events[0].threshold, 89);
  events = Alerts(engine, NvidiaAt(92.5, true), 3);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].severity, AlertSeverity::kCritical);
  EXPECT_DOUBLE_EQ(events[0].threshold, 92);
  // The seed's 3 degrees of hysteresis below each point close them.
  events = Alerts(engine, NvidiaAt(85.5, true), 4);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].transition, AlertTransition::kClosed);
  EXPECT_EQ(events[1].transition, AlertTransition::kClosed);
}

TEST(NvmlGpuSource, WithoutItsOwnPointsAGpuUsesTheConfiguredOnes) {
  // No points from the GPU and none configured: no temperature alert.
  AlertEngine seed;
  EXPECT_TRUE(Alerts(seed, NvidiaAt(120, false), 1).empty());

  AlertConfig config = AlertConfig::Defaults();
  config.thresholds[AlertResource::kTemperature] = {80.0, 95.0, 3};
  AlertEngine configured(config);
  auto events = Alerts(configured, NvidiaAt(81, false), 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_DOUBLE_EQ(events[0].threshold, 80);  // configured
  // The GPU's own points win over the configured ones.
  AlertEngine own(config);
  EXPECT_TRUE(Alerts(own, NvidiaAt(81, true), 1).empty());
  events = Alerts(own, NvidiaAt(89, true), 2);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_DOUBLE_EQ(events[0].threshold, 89);
}

TEST(NvmlGpuSource, ThermalTrackerUsesTheGpusOwnPointsElseItsDefaults) {
  ThermalTracker tracker;  // defaults: throttle 85, critical 100
  for (bool own : {true, false}) {
    HostSnapshot snapshot;
    snapshot.ts = TimePoint(seconds(own ? 1 : 2));
    GpuSample g = NvidiaAt(86, own);
    g.id = own ? "gpu0" : "gpu1";
    snapshot.gpus = std::vector<GpuSample>{g};
    const auto readings = ThermalReadingsFrom(snapshot);
    ASSERT_EQ(readings.size(), 1u);
    const ThermalStatus& status = tracker.Update(readings[0]);
    if (own) {
      EXPECT_DOUBLE_EQ(status.throttle_celsius, 89);
      EXPECT_DOUBLE_EQ(status.critical_celsius, 92);
      EXPECT_EQ(status.state, ThermalState::kHot);  // within 5 degrees of 89
    } else {
      EXPECT_DOUBLE_EQ(status.throttle_celsius, 85);
      EXPECT_DOUBLE_EQ(status.critical_celsius, 100);
      EXPECT_EQ(status.state, ThermalState::kHot);
    }
  }
  HostSnapshot hot;
  hot.ts = TimePoint(seconds(3));
  hot.gpus = std::vector<GpuSample>{NvidiaAt(93, true)};
  EXPECT_EQ(tracker.Update(ThermalReadingsFrom(hot)[0]).state, ThermalState::kCritical);
}

TEST(NvmlGpuSource, AbsentLibraryIsANormalState) {
  hw::NvmlOptions options;
  options.library_path = "/nonexistent/libnvidia-ml.so.1";
  auto source = NvmlGpuSource::Create(options);
  EXPECT_EQ(source->DeviceCount(), 0);
  EXPECT_FALSE(source->unavailable_reason().empty());
  EXPECT_TRUE(source->Sample(0).empty());
  EXPECT_TRUE(source->ProcessMemory(0).empty());
  EXPECT_TRUE(source->EnergyCounters(0).empty());
}

#ifdef HAWK_FAKE_NVML
TEST(NvmlGpuSource, ThroughTheFakeDriver) {
  testing::TempTree tree;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::pause();
    std::_Exit(0);
  }
  // The child goes with the test, even when an assertion ends it early.
  struct Reaper {
    pid_t pid;
    ~Reaper() {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  } reaper{child};
  const std::string config = R"({"driver_version": "550.54.15", "nvml_version": "12.550.54.15",
    "devices": [{"name": "NVIDIA H100 80GB HBM3", "uuid": "GPU-abc", "domain": 0, "bus": 59,
      "device": 0, "pci_device_id": 590418142,
      "memory": {"total": 85899345920, "reserved": 0, "free": 75161927680, "used": 10737418240},
      "cc": [9, 0], "cores": 16896, "max_sm_clock_mhz": 1980, "power_limit_mw": 700000,
      "default_power_limit_mw": 700000, "mig": null, "ecc": 1, "nvlinks_active": 18,
      "utilization": [37, 12], "temperature": 41, "power_mw": 123456,
      "clocks_mhz": [1755, 1755, 2619], "clock_event_reasons": 4,
      "temperature_thresholds": {"shutdown": 92, "slowdown": 90, "gpu_max": 87},
      "energy_mj": [5000, 6250, 9000],
      "processes": [{"pid": )" +
                             std::to_string(child) + R"(, "used": 1073741824},
                    {"pid": 1, "used": 2048}]}]})";
  tree.Write("nvml.json", config);
  ::setenv("HAWK_FAKE_NVML_CONFIG", tree.Path("nvml.json").c_str(), 1);
  hw::NvmlOptions options;
  options.library_path = HAWK_FAKE_NVML;
  auto source = NvmlGpuSource::Create(options);
  ASSERT_EQ(source->DeviceCount(), 1) << source->unavailable_reason();
  HostSamplerOptions sampler_options;
  sampler_options.proc_root = testing::Fixture("procfs", "proc");
  sampler_options.sys_root = testing::Fixture("procfs", "sys");
  sampler_options.gpu_sources = {source.get()};
  HostSampler sampler(sampler_options);
  const HostSnapshot s = sampler.Sample(TimePoint(seconds(1)));
  ASSERT_TRUE(s.gpus);
  ASSERT_EQ(s.gpus->size(), 2u);  // the NVIDIA GPU first, then the captured AMD card
  const GpuSample& g = (*s.gpus)[0];
  EXPECT_EQ(g.id, "gpu0");
  EXPECT_EQ(*g.uuid, "GPU-abc");
  EXPECT_DOUBLE_EQ(*g.utilization_ratio, 0.37);
  EXPECT_EQ(*g.memory_used_bytes, 10737418240u);
  EXPECT_DOUBLE_EQ(*g.temperature_celsius, 41);
  EXPECT_DOUBLE_EQ(*g.power_watts, 123.456);
  EXPECT_EQ(*g.clock_event_reasons, 4u);
  EXPECT_EQ(g.slowdown_celsius, 90.0);
  EXPECT_EQ(g.shutdown_celsius, 92.0);
  EXPECT_EQ(g.energy_joules_total, 5.0);  // the counter's first value
  EXPECT_EQ((*s.gpus)[1].id, "gpu1");
  // The task tracker charges a task only its own processes' GPU memory.
  TaskTrackerOptions t;
  t.root_pid = static_cast<std::uint32_t>(child);
  t.cgroup_mode = CgroupMode::kOff;
  t.sys_root = testing::HandMade("cgroup-v2/sys");  // no powercap: GPU energy only
  t.gpu = source.get();
  TaskResourceTracker tracker(t);
  tracker.Sample(TimePoint(seconds(1)));  // the counter at 6250 mJ
  tracker.Sample(TimePoint(seconds(2)));  // 9000 mJ
  const TaskUsage usage = tracker.Usage();
  EXPECT_EQ(*usage.gpu_memory_peak_bytes, 1073741824u);
  ASSERT_TRUE(usage.gpu_energy_joules.has_value());
  EXPECT_DOUBLE_EQ(*usage.gpu_energy_joules, 2.75);
  EXPECT_EQ(usage.energy_joules, usage.gpu_energy_joules);
  EXPECT_FALSE(usage.powercap_energy_joules);
  ::unsetenv("HAWK_FAKE_NVML_CONFIG");
}
#endif

}  // namespace
}  // namespace hawk::monitor
