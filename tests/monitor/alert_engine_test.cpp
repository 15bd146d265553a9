#include "monitor/alert_engine.h"

#include <gtest/gtest.h>

namespace hawk::monitor {
namespace {

using std::chrono::seconds;

TimePoint At(int s) {
  return TimePoint(seconds(s));
}

Observation Cpu(double percent) {
  return {AlertResource::kCpu, std::nullopt, "cpu_utilization_percent", percent, {}, {}};
}

TEST(AlertEngine, OpensOnceAndClosesOnceWithHysteresis) {
  AlertEngine engine;
  std::vector<AlertEvent> seen;
  engine.OnAlert([&](const AlertEvent& e) { seen.push_back(e); });
  const double values[] = {50, 91, 89, 92, 90.5, 86, 84.9, 91};
  std::vector<std::pair<int, AlertTransition>> transitions;
  for (int i = 0; i < 8; ++i) {
    const Observation o = Cpu(values[i]);
    for (const auto& e : engine.Evaluate(At(i), {&o, 1})) {
      EXPECT_EQ(e.severity, AlertSeverity::kWarning);
      transitions.emplace_back(i, e.transition);
    }
  }
  // Opens at 91, stays open down to 85 (90 - 5 hysteresis), closes at 84.9,
  // opens again at 91.
  const std::vector<std::pair<int, AlertTransition>> expected = {
      {1, AlertTransition::kOpened}, {6, AlertTransition::kClosed}, {7, AlertTransition::kOpened}};
  EXPECT_EQ(transitions, expected);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].ts, At(1));
  EXPECT_DOUBLE_EQ(seen[0].threshold, 90);
  EXPECT_DOUBLE_EQ(seen[0].value, 91);
  EXPECT_EQ(seen[0].message, "cpu_utilization_percent 91.0 >= 90.0 (warning)");
  EXPECT_EQ(seen[1].message, "cpu_utilization_percent 84.9 < 85.0 (warning)");
  ASSERT_EQ(engine.Active().size(), 1u);
  EXPECT_DOUBLE_EQ(engine.Active()[0].peak_value, 91);
}

TEST(AlertEngine, WarningAndCriticalAreSeparateAlerts) {
  AlertEngine engine;
  const Observation high = Cpu(96);
  auto events = engine.Evaluate(At(0), {&high, 1});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].severity, AlertSeverity::kWarning);
  EXPECT_EQ(events[1].severity, AlertSeverity::kCritical);
  EXPECT_DOUBLE_EQ(events[1].threshold, 95);
  const Observation lower = Cpu(89);  // below 95 - 5: critical closes, warning stays
  events = engine.Evaluate(At(1), {&lower, 1});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].severity, AlertSeverity::kCritical);
  EXPECT_EQ(events[0].transition, AlertTransition::kClosed);
  EXPECT_EQ(engine.Active().size(), 1u);
}

TEST(AlertEngine, SeedDefaults) {
  const AlertConfig config = AlertConfig::Defaults();
  auto pair = [&](AlertResource r) {
    const auto& t = config.thresholds.at(r);
    return std::make_pair(*t.warning, *t.critical);
  };
  EXPECT_EQ(pair(AlertResource::kCpu), std::make_pair(90.0, 95.0));
  EXPECT_EQ(pair(AlertResource::kMemory), std::make_pair(90.0, 95.0));
  EXPECT_EQ(pair(AlertResource::kGpu), std::make_pair(95.0, 98.0));
  EXPECT_EQ(pair(AlertResource::kGpuMemory), std::make_pair(90.0, 95.0));
  EXPECT_EQ(pair(AlertResource::kDisk), std::make_pair(95.0, 98.0));
  EXPECT_FALSE(config.thresholds.at(AlertResource::kTemperature).warning);
}

TEST(AlertEngine, TemperaturesUseTheDevicesOwnPoints) {
  AlertEngine engine;
  const Observation no_points{
      AlertResource::kTemperature, "sensor:hwmon8/temp1", "temperature_celsius", 120, {}, {}};
  EXPECT_TRUE(engine.Evaluate(At(0), {&no_points, 1}).empty());
  Observation gpu{AlertResource::kTemperature, "gpu0", "temperature_celsius", 86, 87.0, 92.0};
  EXPECT_TRUE(engine.Evaluate(At(1), {&gpu, 1}).empty());
  gpu.value = 87;
  auto events = engine.Evaluate(At(2), {&gpu, 1});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(*events[0].device_id, "gpu0");
  EXPECT_DOUBLE_EQ(events[0].threshold, 87);
  gpu.value = 84.5;  // within 3 degrees of hysteresis
  EXPECT_TRUE(engine.Evaluate(At(3), {&gpu, 1}).empty());
  gpu.value = 83.9;
  EXPECT_EQ(engine.Evaluate(At(4), {&gpu, 1}).size(), 1u);
}

TEST(AlertEngine, DevicesAreTrackedApartAndCloseAllEndsEverything) {
  AlertEngine engine;
  std::vector<Observation> obs = {
      {AlertResource::kGpu, "gpu0", "gpu_utilization_percent", 99, {}, {}},
      {AlertResource::kGpu, "gpu1", "gpu_utilization_percent", 10, {}, {}},
      {AlertResource::kMemory, std::nullopt, "memory_utilization_percent", 91, {}, {}}};
  auto events = engine.Evaluate(At(0), obs);
  EXPECT_EQ(events.size(), 3u);                      // gpu0 warning + critical, memory warning
  EXPECT_TRUE(engine.Evaluate(At(1), obs).empty());  // no duplicates
  events = engine.CloseAll(At(2), "monitoring stopped");
  ASSERT_EQ(events.size(), 3u);
  for (const auto& e : events) EXPECT_EQ(e.transition, AlertTransition::kClosed);
  EXPECT_NE(events[0].message.find("monitoring stopped"), std::string::npos);
  EXPECT_TRUE(engine.Active().empty());
}

TEST(ObservationsFrom, TakesThresholdsFromTripPointsAndSensors) {
  HostSnapshot s;
  s.memory = MemoryStat{};
  s.memory->total_bytes = 100;
  s.memory->available_bytes = 4;
  s.temperatures = std::vector<TemperatureSensor>{
      {"hwmon0/temp1", "coretemp", "Package id 0", 80.0, 84.0, 100.0}};
  ThermalZone zone;
  zone.id = "thermal_zone0";
  zone.temperature_celsius = 71;
  zone.trip_points = {{0, "passive", 95.0, {}}, {1, "critical", 105.0, {}}};
  s.thermal_zones = std::vector<ThermalZone>{zone};
  HostRates rates;
  rates.cpu = CpuRates{0.5, {}, {}, {}};
  rates.disks.push_back({"sda", 0, 0, 0, 0, 0.97});
  const auto obs = ObservationsFrom(s, &rates);
  ASSERT_EQ(obs.size(), 5u);
  EXPECT_DOUBLE_EQ(obs[0].value, 50);  // cpu
  EXPECT_DOUBLE_EQ(obs[1].value, 96);  // memory
  EXPECT_EQ(*obs[2].device_id, "disk:sda");
  EXPECT_DOUBLE_EQ(obs[2].value, 97);
  EXPECT_EQ(*obs[3].device_id, "sensor:hwmon0/temp1");
  EXPECT_DOUBLE_EQ(*obs[3].warning_threshold, 84);
  EXPECT_DOUBLE_EQ(*obs[3].critical_threshold, 100);
  EXPECT_EQ(*obs[4].device_id, "zone:thermal_zone0");
  EXPECT_DOUBLE_EQ(*obs[4].warning_threshold, 95);
  EXPECT_DOUBLE_EQ(*obs[4].critical_threshold, 105);
}

}  // namespace
}  // namespace hawk::monitor
