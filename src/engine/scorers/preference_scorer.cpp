// Preferred vendors and architectures (soft, unlike a required vendor): the
// share of the stated preferences the device meets. A request without
// preferences scores 1 everywhere (no effect on the choice).
#include "engine/scorers/scorer.h"

namespace hawk::engine {
namespace {

class PreferenceScorer final : public Scorer {
 public:
  std::string_view name() const override { return "preference"; }
  Scope scope() const override { return Scope::kDeviceShape; }
  ScorerSetting Setting(const PlacementConfig& config) const override {
    return config.scorers.preference;
  }

  double ScoreShape(const ScoringContext& context, const DeviceProfile& shape,
                    const ShapeFacts&) const override {
    const ResourceRequirements& r = context.request.requirements;
    int stated = 0;
    int met = 0;
    if (!r.preferred_vendors.Empty()) {
      ++stated;
      if (r.preferred_vendors.Contains(shape.vendor)) ++met;
    }
    if (!r.preferred_architectures.Empty()) {
      ++stated;
      if (r.preferred_architectures.Contains(shape.architecture)) ++met;
    }
    return stated == 0 ? 1.0 : static_cast<double>(met) / stated;
  }
};

}  // namespace

std::unique_ptr<Scorer> MakePreferenceScorer() {
  return std::make_unique<PreferenceScorer>();
}

}  // namespace hawk::engine
