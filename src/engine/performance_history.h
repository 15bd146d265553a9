// Learned runtimes: per (task kind, device model), how long runs took. The
// scheduler prefers models that ran a kind fastest, and the thermal headroom
// scorer uses the prediction as the task's expected duration.
//
// Per pair it keeps the count, the mean and variance (Welford) and an
// exponentially weighted moving average; Predict returns the EWMA, so the
// estimate follows drift (a new driver, a slower dataset) within a few runs.
//
// Threading: not synchronised; written by the orchestrator when attempts
// finish, read by policies between writes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "core/units.h"

namespace hawk::engine {

struct RuntimeEstimate {
  std::uint64_t count = 0;
  Duration mean{0};
  double variance_ms2 = 0.0;  // population variance, in ms^2
  Duration ewma{0};
  friend bool operator==(const RuntimeEstimate&, const RuntimeEstimate&) = default;
};

class PerformanceHistory {
 public:
  // ewma_alpha: weight of the newest run, in (0, 1]. Invalid values fall back
  // to the default 0.3 (use Create to get an error instead).
  explicit PerformanceHistory(double ewma_alpha = 0.3);
  static Result<PerformanceHistory> Create(double ewma_alpha);

  // kInvalidArgument for an empty kind or model or a negative runtime.
  Status Record(std::string_view kind, std::string_view model, Duration runtime);

  // The EWMA runtime; nullopt when the pair was never recorded.
  [[nodiscard]] std::optional<Duration> Predict(std::string_view kind,
                                                std::string_view model) const;
  [[nodiscard]] std::optional<RuntimeEstimate> Estimate(std::string_view kind,
                                                        std::string_view model) const;
  // The fastest prediction over all models for the kind; nullopt when none.
  [[nodiscard]] std::optional<Duration> Fastest(std::string_view kind) const;

 private:
  struct Stats {
    std::uint64_t count = 0;
    double mean_ms = 0.0;
    double m2 = 0.0;  // Welford's sum of squared deviations
    double ewma_ms = 0.0;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  [[nodiscard]] const Stats* Find(std::string_view kind, std::string_view model) const;

  double alpha_;
  StringMap<StringMap<Stats>> kinds_;
};

}  // namespace hawk::engine
