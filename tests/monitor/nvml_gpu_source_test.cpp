// NVIDIA GPUs through hw's NVML wrapper: the pure mapping always, the whole
// path with the fake libnvidia-ml.so.1 that the hw tests build.
#include "monitor/nvml_gpu_source.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

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

TEST(NvmlGpuSource, AbsentLibraryIsANormalState) {
  hw::NvmlOptions options;
  options.library_path = "/nonexistent/libnvidia-ml.so.1";
  auto source = NvmlGpuSource::Create(options);
  EXPECT_EQ(source->DeviceCount(), 0);
  EXPECT_FALSE(source->unavailable_reason().empty());
  EXPECT_TRUE(source->Sample(0).empty());
  EXPECT_TRUE(source->ProcessMemory(0).empty());
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
  const std::string config = R"({"driver_version": "550.54.15", "nvml_version": "12.550.54.15",
    "devices": [{"name": "NVIDIA H100 80GB HBM3", "uuid": "GPU-abc", "domain": 0, "bus": 59,
      "device": 0, "pci_device_id": 590418142,
      "memory": {"total": 85899345920, "reserved": 0, "free": 75161927680, "used": 10737418240},
      "cc": [9, 0], "cores": 16896, "max_sm_clock_mhz": 1980, "power_limit_mw": 700000,
      "default_power_limit_mw": 700000, "mig": null, "ecc": 1, "nvlinks_active": 18,
      "utilization": [37, 12], "temperature": 41, "power_mw": 123456,
      "clocks_mhz": [1755, 1755, 2619], "clock_event_reasons": 4,
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
  EXPECT_EQ((*s.gpus)[1].id, "gpu1");
  // The task tracker charges a task only its own processes' GPU memory.
  TaskTrackerOptions t;
  t.root_pid = static_cast<std::uint32_t>(child);
  t.cgroup_mode = CgroupMode::kOff;
  t.energy = false;
  t.gpu = source.get();
  TaskResourceTracker tracker(t);
  tracker.Sample(TimePoint(seconds(1)));
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_EQ(*tracker.Usage().gpu_memory_peak_bytes, 1073741824u);
  ::unsetenv("HAWK_FAKE_NVML_CONFIG");
}
#endif

}  // namespace
}  // namespace hawk::monitor
