#include <gtest/gtest.h>

#include <cmath>

#include "sim/thermal_model.h"

namespace hawk::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Full load settles at 25 + 100 * 0.5 = 75 °C; idle at 25 + 10 * 0.5 = 30 °C.
ThermalParams TestParams() {
  ThermalParams p;
  p.ambient_celsius = 25;
  p.idle_watts = 10;
  p.tdp_watts = 100;
  p.resistance_celsius_per_watt = 0.5;
  p.time_constant_seconds = 60;
  p.throttle_celsius = 70;
  p.critical_celsius = 80;
  p.hysteresis_celsius = 5;
  p.min_clock_factor = 0.5;
  return p;
}

TEST(ThermalModel, StartsAtIdleSteadyState) {
  const ThermalModel m(TestParams());
  EXPECT_DOUBLE_EQ(m.temperature_celsius(), 30.0);
  EXPECT_FALSE(m.throttling());
  EXPECT_DOUBLE_EQ(m.clock_factor(), 1.0);
  EXPECT_DOUBLE_EQ(m.PowerWatts(0.5), 55.0);
}

TEST(ThermalModel, HeatsTowardsAmbientPlusPowerTimesResistance) {
  ThermalModel m(TestParams());
  m.Step(1.0, seconds(60));  // one time constant: 63.2 % of the way
  EXPECT_NEAR(m.temperature_celsius(), 75.0 - 45.0 * std::exp(-1.0), 1e-9);
  m.Step(1.0, std::chrono::hours(1));
  EXPECT_NEAR(m.temperature_celsius(), 75.0, 1e-9);
  EXPECT_DOUBLE_EQ(m.SteadyStateCelsius(1.0), 75.0);
}

TEST(ThermalModel, CoolsWhenIdle) {
  ThermalModel m(TestParams(), 75.0);
  m.Step(0.0, seconds(30));
  const double after_30s = m.temperature_celsius();
  EXPECT_LT(after_30s, 75.0);
  EXPECT_GT(after_30s, 30.0);
  m.Step(0.0, std::chrono::hours(1));
  EXPECT_NEAR(m.temperature_celsius(), 30.0, 1e-9);
}

TEST(ThermalModel, SettlesWithinAToleranceOfItsSteadyState) {
  // At 0.7 load the steady state is 61.5 °C, 31.5 °C above idle and below
  // the throttle point.
  ThermalModel m(TestParams());
  EXPECT_TRUE(m.SettledWithin(0.0, 1e-3));
  EXPECT_FALSE(m.SettledWithin(0.7, 1e-3));
  m.Step(0.7, seconds(60) * 11);  // 31.5 e^-11 ≈ 5.3e-4 °C left
  EXPECT_TRUE(m.SettledWithin(0.7, 1e-3));
  EXPECT_FALSE(m.SettledWithin(0.7, 1e-4));
}

TEST(ThermalModel, ExactStepDoesNotDependOnStepSize) {
  ThermalModel one(TestParams());
  ThermalModel ten(TestParams());
  ThermalModel many(TestParams());
  one.Step(0.7, seconds(10));
  for (int i = 0; i < 10; ++i) ten.Step(0.7, seconds(1));
  for (int i = 0; i < 10000; ++i) many.Step(0.7, milliseconds(1));
  EXPECT_NEAR(one.temperature_celsius(), ten.temperature_celsius(), 1e-9);
  EXPECT_NEAR(one.temperature_celsius(), many.temperature_celsius(), 1e-9);
  EXPECT_DOUBLE_EQ(one.temperature_celsius(),
                   ThermalModel(TestParams()).TemperatureAfter(0.7, seconds(10)));
}

TEST(ThermalModel, ThrottlesAboveTheThrottlePointAndTheClockDrops) {
  ThermalModel m(TestParams());
  m.Step(1.0, seconds(60));  // 58.4 °C: below the throttle point
  EXPECT_FALSE(m.throttling());
  EXPECT_DOUBLE_EQ(m.clock_factor(), 1.0);
  m.Step(1.0, std::chrono::hours(1));  // 75 °C
  EXPECT_TRUE(m.throttling());
  // Linear from 1 at the release point (65 °C) to 0.5 at the critical point (80 °C).
  EXPECT_NEAR(m.clock_factor(), 1.0 - 0.5 * (75.0 - 65.0) / 15.0, 1e-9);
  EXPECT_LT(m.clock_factor(), 1.0);
}

TEST(ThermalModel, ClockFactorFloorsAtTheCriticalPoint) {
  ThermalParams p = TestParams();
  p.resistance_celsius_per_watt = 1.0;  // full load settles at 125 °C
  ThermalModel m(p);
  m.Step(1.0, std::chrono::hours(1));
  EXPECT_TRUE(m.throttling());
  EXPECT_DOUBLE_EQ(m.clock_factor(), 0.5);
}

TEST(ThermalModel, HysteresisHoldsThrottlingUntilTheReleasePoint) {
  ThermalModel m(TestParams(), 75.0);
  ASSERT_TRUE(m.throttling());
  // Cool into the band between release (65 °C) and throttle (70 °C).
  const auto to_68 = m.PredictTimeToCoolTo(68.0, 0.0);
  ASSERT_TRUE(to_68);
  m.Step(0.0, *to_68);
  EXPECT_LT(m.temperature_celsius(), 70.0);
  EXPECT_GT(m.temperature_celsius(), 65.0);
  EXPECT_TRUE(m.throttling());
  EXPECT_LT(m.clock_factor(), 1.0);
  const auto to_64 = m.PredictTimeToCoolTo(64.0, 0.0);
  ASSERT_TRUE(to_64);
  m.Step(0.0, *to_64);
  EXPECT_FALSE(m.throttling());
  EXPECT_DOUBLE_EQ(m.clock_factor(), 1.0);
}

TEST(ThermalModel, PredictionMatchesSimulation) {
  const ThermalModel start(TestParams());
  const auto predicted = start.PredictTimeToReach(70.0, 1.0);
  ASSERT_TRUE(predicted);
  // Closed form: tau * ln((30 - 75) / (70 - 75)) = 60 ln 9 s.
  EXPECT_NEAR(std::chrono::duration<double>(*predicted).count(), 60.0 * std::log(9.0), 1e-3);

  ThermalModel stepped(TestParams());
  Duration elapsed{0};
  while (stepped.temperature_celsius() < 70.0) {
    stepped.Step(1.0, milliseconds(100));
    elapsed += milliseconds(100);
  }
  EXPECT_LE(std::chrono::abs(elapsed - *predicted), milliseconds(100));

  ThermalModel jumped(TestParams());
  jumped.Step(1.0, *predicted);
  EXPECT_GE(jumped.temperature_celsius(), 70.0 - 1e-9);
  EXPECT_LT(jumped.temperature_celsius(), 70.01);
  EXPECT_TRUE(jumped.throttling());
}

TEST(ThermalModel, PredictionIsEmptyWhenTheSteadyStateStaysBelow) {
  const ThermalModel m(TestParams());
  EXPECT_FALSE(m.PredictTimeToReach(70.0, 0.5));  // settles at 52.5 °C
  EXPECT_FALSE(m.PredictTimeToReach(75.0, 1.0));  // approaches 75 °C, never reaches it
  EXPECT_EQ(m.PredictTimeToReach(29.0, 0.0), Duration::zero());  // already there
  EXPECT_FALSE(m.PredictTimeToCoolTo(20.0, 0.0));                // idle never goes below 30 °C
}

TEST(ThermalParams, ValidateNamesTheBadField) {
  EXPECT_TRUE(TestParams().Validate());
  ThermalParams p = TestParams();
  p.critical_celsius = 60;
  auto status = p.Validate("fleet[0].thermal");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().ToString(),
            "fleet[0].thermal.throttle_celsius: throttle point must be below the critical point");
  p = TestParams();
  p.time_constant_seconds = 0;
  EXPECT_EQ(p.Validate().error().where, "time_constant_seconds");
  p = TestParams();
  p.idle_watts = 200;
  EXPECT_EQ(p.Validate().error().where, "tdp_watts");
}

TEST(ThermalModel, AThrottledDeviceDrawsLessPowerAndSettlesNearItsThrottlePoint) {
  // Unthrottled, full load would settle at 75 °C, past the 70 °C throttle
  // point; the slower clock draws less power, so it never gets there.
  ThermalModel m(TestParams());
  double hottest = 0;
  bool throttled = false;
  for (int i = 0; i < 3600; ++i) {
    m.Step(1.0, seconds(1));
    hottest = std::max(hottest, m.temperature_celsius());
    throttled = throttled || m.throttling();
  }
  EXPECT_TRUE(throttled);
  EXPECT_GE(hottest, 70.0);
  EXPECT_LT(hottest, 72.0);
  EXPECT_LT(m.clock_factor(), 1.0);
}

}  // namespace
}  // namespace hawk::sim
