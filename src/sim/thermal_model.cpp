#include "sim/thermal_model.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace hawk::sim {
namespace {

double ClampLoad(double load) {
  return std::clamp(std::isfinite(load) ? load : 0.0, 0.0, 1.0);
}

double Seconds(Duration dt) {
  return std::chrono::duration<double>(dt).count();
}

std::string Field(const std::string& where, const char* name) {
  return where.empty() ? std::string(name) : where + "." + name;
}

}  // namespace

Status ThermalParams::Validate(const std::string& where) const {
  const auto finite = [](double v) { return std::isfinite(v); };
  if (!finite(ambient_celsius) || ambient_celsius < -50 || ambient_celsius > 100) {
    return InvalidArgument("ambient temperature must be within -50..100 °C",
                           Field(where, "ambient_celsius"));
  }
  if (!finite(idle_watts) || idle_watts < 0) {
    return InvalidArgument("idle power must be zero or more watts", Field(where, "idle_watts"));
  }
  if (!finite(tdp_watts) || tdp_watts < idle_watts) {
    return InvalidArgument("TDP must be at least the idle power", Field(where, "tdp_watts"));
  }
  if (!finite(resistance_celsius_per_watt) || resistance_celsius_per_watt <= 0) {
    return InvalidArgument("thermal resistance must be positive",
                           Field(where, "resistance_celsius_per_watt"));
  }
  if (!finite(time_constant_seconds) || time_constant_seconds <= 0) {
    return InvalidArgument("time constant must be positive", Field(where, "time_constant_seconds"));
  }
  if (!finite(throttle_celsius) || !finite(critical_celsius) ||
      throttle_celsius >= critical_celsius) {
    return InvalidArgument("throttle point must be below the critical point",
                           Field(where, "throttle_celsius"));
  }
  if (!finite(hysteresis_celsius) || hysteresis_celsius < 0) {
    return InvalidArgument("hysteresis must be zero or more °C",
                           Field(where, "hysteresis_celsius"));
  }
  if (!finite(min_clock_factor) || min_clock_factor <= 0 || min_clock_factor > 1) {
    return InvalidArgument("minimum clock factor must be in (0, 1]",
                           Field(where, "min_clock_factor"));
  }
  return Ok();
}

ThermalModel::ThermalModel(const ThermalParams& params)
    : ThermalModel(params, params.ambient_celsius +
                               params.idle_watts * params.resistance_celsius_per_watt) {}

ThermalModel::ThermalModel(const ThermalParams& params, double initial_celsius)
    : params_(params), temperature_celsius_(initial_celsius) {
  UpdateThrottleState();
}

double ThermalModel::PowerWatts(double load) const {
  return params_.idle_watts + ClampLoad(load) * (params_.tdp_watts - params_.idle_watts);
}

double ThermalModel::SteadyStateCelsius(double load) const {
  return params_.ambient_celsius + PowerWatts(load) * params_.resistance_celsius_per_watt;
}

double ThermalModel::TemperatureAfter(double load, Duration dt) const {
  const double steady = SteadyStateCelsius(load);
  const double decay = std::exp(-Seconds(dt) / params_.time_constant_seconds);
  return steady + (temperature_celsius_ - steady) * decay;
}

void ThermalModel::Step(double load, Duration dt) {
  if (dt <= Duration::zero()) return;
  if (dt != decay_dt_) {
    decay_dt_ = dt;
    decay_ = std::exp(-Seconds(dt) / params_.time_constant_seconds);
  }
  const double steady = SteadyStateCelsius(ClampLoad(load) * clock_factor());
  temperature_celsius_ = steady + (temperature_celsius_ - steady) * decay_;
  UpdateThrottleState();
}

bool ThermalModel::SettledWithin(double load, double tolerance_celsius) const {
  const double steady = SteadyStateCelsius(ClampLoad(load) * clock_factor());
  return std::abs(temperature_celsius_ - steady) < tolerance_celsius;
}

void ThermalModel::UpdateThrottleState() {
  if (temperature_celsius_ >= params_.throttle_celsius) {
    throttling_ = true;
  } else if (temperature_celsius_ < params_.throttle_celsius - params_.hysteresis_celsius) {
    throttling_ = false;
  }
}

double ThermalModel::clock_factor() const {
  if (!throttling_) return 1.0;
  const double release = params_.throttle_celsius - params_.hysteresis_celsius;
  const double span = params_.critical_celsius - release;
  const double drop = (1.0 - params_.min_clock_factor) * (temperature_celsius_ - release) / span;
  return std::clamp(1.0 - drop, params_.min_clock_factor, 1.0);
}

std::optional<Duration> ThermalModel::TimeToCross(double threshold_celsius, double load) const {
  // T(t) = T_ss + (T0 - T_ss) e^{-t/tau} = threshold  =>  t = tau ln((T0 - T_ss) / (thr - T_ss)).
  const double steady = SteadyStateCelsius(load);
  const double ratio = (temperature_celsius_ - steady) / (threshold_celsius - steady);
  const double seconds = params_.time_constant_seconds * std::log(ratio);
  const double ms = std::ceil(seconds * 1000.0);
  if (!std::isfinite(ms)) return std::nullopt;
  return Duration(static_cast<Duration::rep>(std::max(ms, 0.0)));
}

std::optional<Duration> ThermalModel::PredictTimeToReach(double threshold_celsius,
                                                         double load) const {
  if (temperature_celsius_ >= threshold_celsius) return Duration::zero();
  if (SteadyStateCelsius(load) <= threshold_celsius) return std::nullopt;
  return TimeToCross(threshold_celsius, load);
}

std::optional<Duration> ThermalModel::PredictTimeToCoolTo(double threshold_celsius,
                                                          double load) const {
  if (temperature_celsius_ <= threshold_celsius) return Duration::zero();
  if (SteadyStateCelsius(load) >= threshold_celsius) return std::nullopt;
  return TimeToCross(threshold_celsius, load);
}

}  // namespace hawk::sim
