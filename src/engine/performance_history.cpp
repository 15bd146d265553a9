#include "engine/performance_history.h"

#include <cmath>

namespace hawk::engine {
namespace {

constexpr double kDefaultAlpha = 0.3;

bool ValidAlpha(double alpha) {
  return std::isfinite(alpha) && alpha > 0.0 && alpha <= 1.0;
}

Duration ToDuration(double ms) {
  return Duration(static_cast<Duration::rep>(std::llround(ms)));
}

}  // namespace

PerformanceHistory::PerformanceHistory(double ewma_alpha)
    : alpha_(ValidAlpha(ewma_alpha) ? ewma_alpha : kDefaultAlpha) {}

Result<PerformanceHistory> PerformanceHistory::Create(double ewma_alpha) {
  if (!ValidAlpha(ewma_alpha)) {
    return InvalidArgument("EWMA weight must be in (0, 1]", "ewma_alpha");
  }
  return PerformanceHistory(ewma_alpha);
}

Status PerformanceHistory::Record(std::string_view kind, std::string_view model, Duration runtime) {
  if (kind.empty()) return InvalidArgument("task kind is empty", "performance history");
  if (model.empty()) return InvalidArgument("device model is empty", "performance history");
  if (runtime < Duration::zero()) {
    return InvalidArgument("negative runtime " + std::to_string(runtime.count()) + "ms",
                           std::string(kind) + " on " + std::string(model));
  }
  auto kind_it = kinds_.find(kind);
  if (kind_it == kinds_.end())
    kind_it = kinds_.emplace(std::string(kind), StringMap<Stats>{}).first;
  auto model_it = kind_it->second.find(model);
  if (model_it == kind_it->second.end()) {
    model_it = kind_it->second.emplace(std::string(model), Stats{}).first;
  }
  Stats& s = model_it->second;
  const auto x = static_cast<double>(runtime.count());
  ++s.count;
  const double delta = x - s.mean_ms;
  s.mean_ms += delta / static_cast<double>(s.count);
  s.m2 += delta * (x - s.mean_ms);
  s.ewma_ms = s.count == 1 ? x : alpha_ * x + (1.0 - alpha_) * s.ewma_ms;
  return Ok();
}

const PerformanceHistory::Stats* PerformanceHistory::Find(std::string_view kind,
                                                          std::string_view model) const {
  const auto kind_it = kinds_.find(kind);
  if (kind_it == kinds_.end()) return nullptr;
  const auto model_it = kind_it->second.find(model);
  return model_it == kind_it->second.end() ? nullptr : &model_it->second;
}

std::optional<Duration> PerformanceHistory::Predict(std::string_view kind,
                                                    std::string_view model) const {
  const Stats* s = Find(kind, model);
  if (!s) return std::nullopt;
  return ToDuration(s->ewma_ms);
}

std::optional<RuntimeEstimate> PerformanceHistory::Estimate(std::string_view kind,
                                                            std::string_view model) const {
  const Stats* s = Find(kind, model);
  if (!s) return std::nullopt;
  RuntimeEstimate e;
  e.count = s->count;
  e.mean = ToDuration(s->mean_ms);
  e.variance_ms2 = s->m2 / static_cast<double>(s->count);
  e.ewma = ToDuration(s->ewma_ms);
  return e;
}

std::optional<Duration> PerformanceHistory::Fastest(std::string_view kind) const {
  const auto kind_it = kinds_.find(kind);
  if (kind_it == kinds_.end()) return std::nullopt;
  std::optional<double> best;
  for (const auto& [model, s] : kind_it->second) {
    if (!best || s.ewma_ms < *best) best = s.ewma_ms;
  }
  if (!best) return std::nullopt;
  return ToDuration(*best);
}

}  // namespace hawk::engine
