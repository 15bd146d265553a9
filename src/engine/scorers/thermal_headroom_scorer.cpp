// Thermal headroom: will the device stay cool for the whole task?
//   headroom  from the thermal tracker's predicted time to throttle T against
//             the task's expected duration D (the request's, else history's
//             prediction for the device model, else config.default_task_duration):
//             no prediction (not heating) 1; T >= 2D 1; D <= T < 2D 0.5..1;
//             T < D (throttles before the task ends) 0..0.4.
//   cool      temperature mapped from config.cool_temperature_celsius (1) to
//             config.hot_temperature_celsius (0); no sensor 0.5.
//   state     normal 1, warm 0.8, hot 0.5, throttling 0.1, critical 0.
// raw = state * (0.4 * cool + 0.6 * headroom). A device that will throttle
// before the task ends scores low; among equals the cooler device wins.
#include <array>

#include "engine/scorers/scorer.h"

namespace hawk::engine {
namespace {

constexpr std::array<double, EnumCount<ThermalState>()> kStateFactor = {1.0, 0.8, 0.5, 0.1, 0.0};

double Headroom(Duration time_to_throttle, Duration expected) {
  const double t = static_cast<double>(time_to_throttle.count());
  const double d = static_cast<double>(expected.count());
  if (d <= 0.0 || t >= 2.0 * d) return 1.0;
  if (t >= d) return 0.5 + 0.5 * (t - d) / d;
  return 0.4 * Clamp01(t / d);
}

class ThermalHeadroomScorer final : public Scorer {
 public:
  std::string_view name() const override { return "thermal_headroom"; }
  Scope scope() const override { return Scope::kDevice; }
  ScorerSetting Setting(const PlacementConfig& config) const override {
    return config.scorers.thermal_headroom;
  }

  double ScoreDevice(const ScoringContext& context, const LiveWorker&, const LiveDevice& device,
                     const DeviceProfile&, const ShapeFacts& facts) const override {
    const PlacementConfig& config = context.config;
    double cool = 0.5;
    if (const auto temperature = device.temperature()) {
      cool = 1.0 - Clamp01((*temperature - config.cool_temperature_celsius) /
                           (config.hot_temperature_celsius - config.cool_temperature_celsius));
    }
    double headroom = 1.0;
    if (const auto time_to_throttle = device.time_to_throttle()) {
      const Duration expected = context.request.expected_duration.value_or(
          facts.predicted_runtime.value_or(config.default_task_duration));
      headroom = Headroom(*time_to_throttle, expected);
    }
    const double state = kStateFactor[static_cast<std::size_t>(device.thermal_state)];
    return state * (0.4 * cool + 0.6 * headroom);
  }
};

}  // namespace

std::unique_ptr<Scorer> MakeThermalHeadroomScorer() {
  return std::make_unique<ThermalHeadroomScorer>();
}

}  // namespace hawk::engine
