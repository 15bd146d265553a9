// Previous failure: a worker where this task failed before scores 0, any other
// 1, so with its (high) default weight a retry prefers another worker but may
// still return when nothing else fits. (Exclusion is the excluded_workers
// filter's job.)
#include "engine/scorers/scorer.h"

namespace hawk::engine {
namespace {

class PreviousFailureScorer final : public Scorer {
 public:
  std::string_view name() const override { return "previous_failure"; }
  Scope scope() const override { return Scope::kWorker; }
  ScorerSetting Setting(const PlacementConfig& config) const override {
    return config.scorers.previous_failure;
  }

  double ScoreWorker(const ScoringContext& context, std::size_t worker_index, const LiveWorker&,
                     const WorkerUsage*) const override {
    const auto& failed = context.request.failed_on_workers;
    if (failed.empty()) return 1.0;
    return failed.contains(context.snapshot.workers()[worker_index].profile.worker_id) ? 0.0 : 1.0;
  }
};

}  // namespace

std::unique_ptr<Scorer> MakePreviousFailureScorer() {
  return std::make_unique<PreviousFailureScorer>();
}

}  // namespace hawk::engine
