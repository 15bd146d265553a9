// Everything an operator may tune about placement: filter thresholds, scorer
// weights and switches, and how many candidates a decision scores. The
// defaults follow the seed documents (overload at 95 %, GPU at 98 %; penalties
// above 70 % CPU / memory and 60 % GPU).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/enum_names.h"
#include "core/result.h"
#include "core/units.h"

namespace hawk::engine {

#define HAWK_PACKING_MODES(X) X(kSpread, "spread") X(kBinPack, "bin_pack")
// Spread: prefer the worker with the most free capacity of the requested
// class. Bin-pack: prefer the fullest worker that still fits, keeping whole
// workers free for large tasks.
enum class PackingMode : unsigned char { HAWK_PACKING_MODES(HAWK_ENUM_MEMBER_) };

}  // namespace hawk::engine

namespace hawk {
template <>
struct EnumTraits<engine::PackingMode> {
  static constexpr std::string_view kKind = "packing mode";
  static constexpr std::array kNames = {HAWK_PACKING_MODES(HAWK_ENUM_NAME_)};
};
}  // namespace hawk

namespace hawk::engine {

// One scorer's switch and weight. A disabled scorer is not evaluated at all.
struct ScorerSetting {
  bool enabled = true;
  double weight = 1.0;  // >= 0; the composite adds weight * raw score
};

struct ScorerSettings {
  ScorerSetting hardware_efficiency{true, 1.0};
  ScorerSetting utilization{true, 1.0};
  ScorerSetting thermal_headroom{true, 1.0};
  ScorerSetting performance_history{true, 1.0};
  ScorerSetting packing{true, 0.5};
  ScorerSetting previous_failure{true, 2.0};
  ScorerSetting preference{true, 0.5};
};

struct PlacementConfig {
  // Overload filter: a worker whose CPU or memory, or a device whose memory,
  // is at or above `overload_threshold` is skipped; an accelerator's compute
  // utilization at or above `accelerator_overload_threshold` too (a CPU
  // device uses `overload_threshold`).
  Fraction overload_threshold = Fraction::FromPartsPer10k(9500);
  Fraction accelerator_overload_threshold = Fraction::FromPartsPer10k(9800);

  // Thermal filter switches.
  bool exclude_throttling = true;  // thermal_state throttling or throttling flag
  bool exclude_critical = true;    // thermal_state critical

  // Utilization scorer: load above these is penalised (on top of a mild
  // preference for lower load everywhere).
  Fraction cpu_penalty_threshold = Fraction::FromPartsPer10k(7000);
  Fraction memory_penalty_threshold = Fraction::FromPartsPer10k(7000);
  Fraction accelerator_penalty_threshold = Fraction::FromPartsPer10k(6000);

  // Thermal headroom scorer: temperatures map linearly from cool (best) to
  // hot (worst); a task of unknown duration is assumed to run this long.
  double cool_temperature_celsius = 40.0;
  double hot_temperature_celsius = 90.0;
  Duration default_task_duration = std::chrono::minutes(10);

  // Hardware efficiency scorer: capacities are measured against these (an
  // H100 SXM: 132 SMs, 80 GiB; ~1000 dense fp16 TFLOPS).
  std::uint32_t reference_compute_units = 132;
  Bytes reference_memory_bytes = 80 * kGiB;
  double reference_peak_tflops = 1000.0;

  // Performance history scorer: the raw score of a device model with no
  // history for the task kind (the fastest known model scores 1).
  double unknown_history_score = 0.5;

  PackingMode packing_mode = PackingMode::kSpread;
  ScorerSettings scorers;

  // Bounded search (see hardware_aware_policy.h): per group of like workers
  // at most `candidates_per_group` feasible workers are scored, at most
  // `max_candidates` in all; once `max_examined` workers were looked at, the
  // search stops as soon as it has one feasible candidate.
  std::uint32_t candidates_per_group = 3;
  std::uint32_t max_candidates = 12;
  std::uint32_t max_examined = 64;

  // kInvalidArgument naming the field: thresholds outside (0, 1], negative or
  // non-finite weights, cool >= hot, non-positive durations or references,
  // zero sample sizes.
  [[nodiscard]] Status Validate() const;
};

}  // namespace hawk::engine
