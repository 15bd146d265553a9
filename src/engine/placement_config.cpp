#include "engine/placement_config.h"

#include <cmath>
#include <string>

namespace hawk::engine {
namespace {

Status CheckThreshold(Fraction value, const char* field) {
  if (value <= Fraction::Zero() || value > Fraction::One()) {
    return InvalidArgument("threshold must be in (0, 1], got " + value.ToString(), field);
  }
  return Ok();
}

Status CheckWeight(const ScorerSetting& setting, const char* field) {
  if (!std::isfinite(setting.weight) || setting.weight < 0.0) {
    return InvalidArgument("scorer weight must be a finite number >= 0", field);
  }
  return Ok();
}

}  // namespace

Status PlacementConfig::Validate() const {
  const std::pair<Fraction, const char*> thresholds[] = {
      {overload_threshold, "overload_threshold"},
      {accelerator_overload_threshold, "accelerator_overload_threshold"},
      {cpu_penalty_threshold, "cpu_penalty_threshold"},
      {memory_penalty_threshold, "memory_penalty_threshold"},
      {accelerator_penalty_threshold, "accelerator_penalty_threshold"},
  };
  for (const auto& [value, field] : thresholds) {
    if (auto s = CheckThreshold(value, field); !s) return s;
  }
  const std::pair<const ScorerSetting*, const char*> weights[] = {
      {&scorers.hardware_efficiency, "scorers.hardware_efficiency.weight"},
      {&scorers.utilization, "scorers.utilization.weight"},
      {&scorers.thermal_headroom, "scorers.thermal_headroom.weight"},
      {&scorers.performance_history, "scorers.performance_history.weight"},
      {&scorers.packing, "scorers.packing.weight"},
      {&scorers.previous_failure, "scorers.previous_failure.weight"},
      {&scorers.preference, "scorers.preference.weight"},
  };
  for (const auto& [setting, field] : weights) {
    if (auto s = CheckWeight(*setting, field); !s) return s;
  }
  if (!std::isfinite(cool_temperature_celsius) || !std::isfinite(hot_temperature_celsius) ||
      cool_temperature_celsius >= hot_temperature_celsius) {
    return InvalidArgument("cool temperature must be below hot temperature",
                           "cool_temperature_celsius");
  }
  if (default_task_duration <= Duration::zero()) {
    return InvalidArgument("must be positive", "default_task_duration");
  }
  if (reference_compute_units == 0) {
    return InvalidArgument("must be positive", "reference_compute_units");
  }
  if (reference_memory_bytes == 0) {
    return InvalidArgument("must be positive", "reference_memory_bytes");
  }
  if (!std::isfinite(reference_peak_tflops) || reference_peak_tflops <= 0.0) {
    return InvalidArgument("must be positive", "reference_peak_tflops");
  }
  if (!std::isfinite(unknown_history_score) || unknown_history_score < 0.0 ||
      unknown_history_score > 1.0) {
    return InvalidArgument("must be in [0, 1]", "unknown_history_score");
  }
  if (candidates_per_group == 0) return InvalidArgument("must be >= 1", "candidates_per_group");
  if (max_candidates == 0) return InvalidArgument("must be >= 1", "max_candidates");
  if (max_examined == 0) return InvalidArgument("must be >= 1", "max_examined");
  return Ok();
}

}  // namespace hawk::engine
