// Performance history: the predicted runtime of this task kind on this device
// model against the fastest model known for the kind: raw = fastest /
// predicted (the fastest model scores 1, one twice as slow 0.5). A model with
// no history for the kind scores config.unknown_history_score (neutral 0.5),
// which leaves room to try it.
#include "engine/scorers/scorer.h"

namespace hawk::engine {
namespace {

class PerformanceHistoryScorer final : public Scorer {
 public:
  std::string_view name() const override { return "performance_history"; }
  Scope scope() const override { return Scope::kDeviceShape; }
  ScorerSetting Setting(const PlacementConfig& config) const override {
    return config.scorers.performance_history;
  }

  double ScoreShape(const ScoringContext& context, const DeviceProfile&,
                    const ShapeFacts& facts) const override {
    if (!facts.predicted_runtime || !context.fastest_runtime) {
      return context.config.unknown_history_score;
    }
    const auto predicted = static_cast<double>(facts.predicted_runtime->count());
    const auto fastest = static_cast<double>(context.fastest_runtime->count());
    if (predicted <= 0.0) return 1.0;
    return Clamp01(fastest / predicted);
  }
};

}  // namespace

std::unique_ptr<Scorer> MakePerformanceHistoryScorer() {
  return std::make_unique<PerformanceHistoryScorer>();
}

}  // namespace hawk::engine
