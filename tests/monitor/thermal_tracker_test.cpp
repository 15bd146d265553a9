#include "monitor/thermal_tracker.h"

#include <gtest/gtest.h>

#include "monitor/sys_readers.h"
#include "monitor_test_support.h"

namespace hawk::monitor {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TimePoint At(int s) {
  return TimePoint(seconds(s));
}

ThermalReading Gpu(int s, double celsius) {
  ThermalReading r;
  r.device_id = "gpu0";
  r.ts = At(s);
  r.temperature_celsius = celsius;
  r.throttle_celsius = 90;
  r.critical_celsius = 100;
  return r;
}

TEST(ThermalTracker, WalksThroughTheStatesAsItHeatsAndCools) {
  ThermalTracker tracker;
  // Points: throttle 90, so warm from 75, hot from 85, critical at 100.
  EXPECT_EQ(tracker.Update(Gpu(0, 60)).state, ThermalState::kNormal);
  EXPECT_EQ(tracker.Update(Gpu(100, 76)).state, ThermalState::kWarm);
  EXPECT_EQ(tracker.Update(Gpu(200, 86)).state, ThermalState::kHot);
  EXPECT_EQ(tracker.Update(Gpu(300, 100)).state, ThermalState::kCritical);
  // Cooling needs the hysteresis (2 degrees) below each boundary.
  EXPECT_EQ(tracker.Update(Gpu(400, 99)).state, ThermalState::kCritical);
  EXPECT_EQ(tracker.Update(Gpu(500, 97)).state, ThermalState::kHot);
  EXPECT_EQ(tracker.Update(Gpu(600, 84)).state, ThermalState::kHot);
  EXPECT_EQ(tracker.Update(Gpu(700, 82)).state, ThermalState::kWarm);
  EXPECT_EQ(tracker.Update(Gpu(800, 60)).state, ThermalState::kNormal);
}

TEST(ThermalTracker, PredictsTheTimeToTheThrottlePoint) {
  ThermalTracker tracker;
  // A steady rise of 0.5 degrees per second from 50.
  const ThermalStatus* status = nullptr;
  for (int s = 0; s <= 20; ++s) status = &tracker.Update(Gpu(s, 50 + 0.5 * s));
  ASSERT_TRUE(status->slope_celsius_per_second);
  EXPECT_NEAR(*status->slope_celsius_per_second, 0.5, 0.05);
  ASSERT_TRUE(status->time_to_throttle);
  // 60 now, 90 is 30 degrees away: about 60 s.
  EXPECT_NEAR(static_cast<double>(status->time_to_throttle->count()), 60'000, 6'000);
  // Rising 1 degree a second from 65: 70 is only "normal" by its value, but
  // the throttle point is under a minute away, so the state is hot.
  ThermalTracker fast;
  for (int s = 0; s <= 5; ++s) status = &fast.Update(Gpu(s, 65 + s));
  ASSERT_TRUE(status->time_to_throttle);
  EXPECT_LT(*status->time_to_throttle, milliseconds(60'000));
  EXPECT_EQ(status->state, ThermalState::kHot);
  // Flat: no prediction.
  ThermalTracker flat;
  for (int s = 0; s <= 10; ++s) status = &flat.Update(Gpu(s, 50));
  EXPECT_FALSE(status->time_to_throttle);
  EXPECT_NEAR(*status->slope_celsius_per_second, 0.0, 1e-9);
}

TEST(ThermalTracker, NvmlThermalReasonsMeanThrottling) {
  ThermalTracker tracker;
  ThermalReading r = Gpu(0, 70);
  r.nvml_clock_event_reasons = 0x04;  // SW power cap: not thermal
  EXPECT_FALSE(tracker.Update(r).throttling);
  r.ts = At(1);
  r.nvml_clock_event_reasons = kNvmlReasonHwThermalSlowdown | 0x01;
  const ThermalStatus& s = tracker.Update(r);
  EXPECT_TRUE(s.throttling);
  EXPECT_EQ(s.state, ThermalState::kThrottling);
  EXPECT_EQ(s.throttle_signals, std::vector<std::string>{"nvml_hw_thermal"});
  EXPECT_EQ(*s.throttling_since, At(1));
  r.ts = At(11);
  EXPECT_EQ(tracker.Update(r).throttled_total, seconds(10));
  r.ts = At(12);
  r.nvml_clock_event_reasons = 0;
  const ThermalStatus& after = tracker.Update(r);
  EXPECT_FALSE(after.throttling);
  EXPECT_EQ(after.state, ThermalState::kNormal);
  EXPECT_EQ(after.throttled_total, seconds(11));
}

TEST(ThermalTracker, IntelCountersThrottleOnlyWhenTheyGrow) {
  ThermalTracker tracker;
  ThermalReading r;
  r.device_id = "cpu0";
  r.temperature_celsius = 80;
  r.throttle_celsius = 84;
  r.throttle_events_total = 30;
  r.ts = At(0);
  EXPECT_FALSE(tracker.Update(r).throttling);  // a first count says nothing yet
  r.ts = At(1);
  EXPECT_FALSE(tracker.Update(r).throttling);
  r.ts = At(2);
  r.throttle_events_total = 31;
  const ThermalStatus& s = tracker.Update(r);
  EXPECT_TRUE(s.throttling);
  EXPECT_EQ(s.throttle_signals, std::vector<std::string>{"cpu_throttle_counter"});
}

TEST(ThermalTracker, LowClockAtHighTemperatureIsThrottling) {
  ThermalTracker tracker;
  ThermalReading r = Gpu(0, 70);
  r.clock_mhz = 800;
  r.clock_max_mhz = 2000;
  EXPECT_FALSE(tracker.Update(r).throttling);  // cool: an idle clock is normal
  r.ts = At(1);
  r.temperature_celsius = 88;
  const ThermalStatus& s = tracker.Update(r);
  EXPECT_TRUE(s.throttling);
  EXPECT_EQ(s.throttle_signals, std::vector<std::string>{"clock_below_max"});
}

TEST(ThermalTracker, UsesDefaultsWhenTheDeviceGivesNoPointsAndIgnoresOldReadings) {
  ThermalTracker tracker;
  ThermalReading r;
  r.device_id = "sensor:x";
  r.ts = At(5);
  r.temperature_celsius = 81;
  EXPECT_EQ(tracker.Update(r).state, ThermalState::kHot);  // default throttle point 85
  EXPECT_DOUBLE_EQ(tracker.Find("sensor:x")->throttle_celsius, 85);
  r.ts = At(4);
  r.temperature_celsius = 20;
  EXPECT_EQ(tracker.Update(r).state, ThermalState::kHot);  // older: ignored
  EXPECT_EQ(tracker.Find("nothing"), nullptr);
  EXPECT_EQ(tracker.All().size(), 1u);
}

TEST(ThermalReadingsFrom, NodeExporterTreeGivesPackagesAndSensors) {
  HostSnapshot s;
  s.ts = At(0);
  s.temperatures = std::vector<TemperatureSensor>{
      {"hwmon0/temp1", "coretemp", "Physical id 0", 55.0, 84.0, 100.0},
      {"hwmon0/temp2", "coretemp", "Core 0", 54.0, 84.0, 100.0},
      {"hwmon1/temp1", "coretemp", "Physical id 1", 57.0, 84.0, 100.0},
      {"hwmon8/temp1", "mt7996_phy0_0", std::nullopt, 55.0, std::nullopt, std::nullopt}};
  s.cpu_throttle = CpuThrottle{{{0, 30}, {1, 6}}, {}};
  s.cpu_frequencies = std::vector<CpuFrequency>{
      {0, 0, 1699.981, 3700.0}, {1, 0, 1699.981, 3700.0}, {2, 1, 8.0, 4200.0}};
  const auto readings = ThermalReadingsFrom(s);
  ASSERT_EQ(readings.size(), 3u);
  EXPECT_EQ(readings[0].device_id, "sensor:hwmon8/temp1");
  EXPECT_EQ(readings[1].device_id, "cpu0");
  EXPECT_DOUBLE_EQ(*readings[1].temperature_celsius, 55);
  EXPECT_DOUBLE_EQ(*readings[1].throttle_celsius, 84);
  EXPECT_EQ(*readings[1].throttle_events_total, 30u);
  EXPECT_DOUBLE_EQ(*readings[1].clock_mhz, 1699.981);
  EXPECT_DOUBLE_EQ(*readings[1].clock_max_mhz, 3700);
  EXPECT_EQ(readings[2].device_id, "cpu1");
  EXPECT_EQ(*readings[2].throttle_events_total, 6u);
  EXPECT_DOUBLE_EQ(*readings[2].clock_mhz, 8.0);
}

TEST(ThermalReadingsFrom, TripPointsOfAZone) {
  RootedFs fs(testing::HandMade("devices/sys"));
  ProblemLog problems;
  FileReader reader(fs, problems);
  HostSnapshot s;
  s.thermal_zones = ReadThermalZones(reader, *DiscoverThermalZones(reader));
  const auto readings = ThermalReadingsFrom(s);
  ASSERT_EQ(readings.size(), 1u);
  EXPECT_EQ(readings[0].device_id, "zone:thermal_zone0");
  EXPECT_DOUBLE_EQ(*readings[0].temperature_celsius, 71);
  EXPECT_DOUBLE_EQ(*readings[0].throttle_celsius, 95);
  EXPECT_DOUBLE_EQ(*readings[0].critical_celsius, 105);
}

}  // namespace
}  // namespace hawk::monitor
