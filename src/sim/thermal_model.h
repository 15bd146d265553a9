// A device's temperature on virtual time: a first-order RC model.
//
//   dT/dt = (T_ambient + P(load) * R - T) / tau,   P(load) = idle + load * (tdp - idle)
//
// Step() applies the exact solution over a time step,
//   T(t + dt) = T_ss + (T(t) - T_ss) * exp(-dt / tau),   T_ss = T_ambient + P(load) * R,
// so ten 1 s steps give the same temperature as one 10 s step (up to rounding):
// the result does not depend on how the driver slices time.
//
// Throttling: the model enters throttling when the temperature reaches
// `throttle_celsius` and leaves it only once the temperature falls below
// `throttle_celsius - hysteresis_celsius` (the release point). While throttling
// the clock factor falls linearly from 1 at the release point to
// `min_clock_factor` at `critical_celsius` (and stays there above it), so
// entering throttling costs a clock step, as a GPU's slowdown does. Power does
// not fall with the clock: the model is conservative and keeps heating at the
// load's power.
//
// Plain value type; not thread-safe; no clock of its own (time is passed in).
#pragma once

#include <optional>

#include "core/result.h"
#include "core/units.h"

namespace hawk::sim {

struct ThermalParams {
  double ambient_celsius = 25.0;
  double idle_watts = 10.0;
  double tdp_watts = 100.0;
  double resistance_celsius_per_watt = 0.5;  // steady rise per watt of power
  double time_constant_seconds = 60.0;       // tau: 63 % of a step change after tau
  double throttle_celsius = 85.0;            // slowdown point
  double critical_celsius = 95.0;            // clock at its floor from here on
  double hysteresis_celsius = 5.0;           // below throttle - hysteresis: released
  double min_clock_factor = 0.5;             // clock factor at the critical point

  // Checks that the numbers describe a device: positive R and tau, idle <= tdp,
  // throttle < critical, hysteresis >= 0, min_clock_factor in (0, 1].
  // `where` prefixes the error location (e.g. "fleet[2].thermal").
  [[nodiscard]] Status Validate(const std::string& where = {}) const;

  friend bool operator==(const ThermalParams&, const ThermalParams&) = default;
};

class ThermalModel {
 public:
  // Starts at the idle steady state, T_ambient + idle_watts * R.
  explicit ThermalModel(const ThermalParams& params);
  ThermalModel(const ThermalParams& params, double initial_celsius);

  // Advances the model by `dt` at a constant `load` in [0, 1] (clamped).
  // While throttling, the device draws power for its reduced clock: the load
  // is scaled by the clock factor at the start of the step, so a throttled
  // device settles near its throttle point instead of heating on.
  void Step(double load, Duration dt);

  [[nodiscard]] double temperature_celsius() const { return temperature_celsius_; }
  [[nodiscard]] bool throttling() const { return throttling_; }
  // 1 when not throttling; in [min_clock_factor, 1) while throttling.
  [[nodiscard]] double clock_factor() const;
  [[nodiscard]] const ThermalParams& params() const { return params_; }

  // Power drawn at `load` (clamped to [0, 1]), in watts.
  [[nodiscard]] double PowerWatts(double load) const;
  // Where the temperature settles if `load` is held for ever.
  [[nodiscard]] double SteadyStateCelsius(double load) const;
  // Whether the temperature is within `tolerance_celsius` of where holding
  // `load` at the current clock settles it: steps would change it by less.
  [[nodiscard]] bool SettledWithin(double load, double tolerance_celsius) const;
  // The temperature after holding `load` for `dt`, without changing the model.
  [[nodiscard]] double TemperatureAfter(double load, Duration dt) const;

  // How long `load` must be held until the temperature is at or above
  // `threshold_celsius`: zero if it already is, nullopt if the steady state
  // stays below the threshold. Closed form from the RC solution, rounded up to
  // the next millisecond, so stepping by the answer reaches the threshold.
  [[nodiscard]] std::optional<Duration> PredictTimeToReach(double threshold_celsius,
                                                           double load) const;
  // The cooling counterpart: time until the temperature is at or below
  // `threshold_celsius` at `load`; zero if it already is, nullopt if the steady
  // state stays above it.
  [[nodiscard]] std::optional<Duration> PredictTimeToCoolTo(double threshold_celsius,
                                                            double load) const;

 private:
  [[nodiscard]] std::optional<Duration> TimeToCross(double threshold_celsius, double load) const;
  void UpdateThrottleState();

  ThermalParams params_;
  double temperature_celsius_;
  bool throttling_ = false;
  // e^{-dt/tau} for the last step length: a simulation steps by one length.
  Duration decay_dt_{-1};
  double decay_ = 0.0;
};

}  // namespace hawk::sim
