#include "engine/scorers/composite_scorer.h"

#include <utility>

#include "engine/performance_history.h"

namespace hawk::engine {

CompositeScorer::CompositeScorer(const PlacementConfig& config) {
  std::unique_ptr<Scorer> all[] = {
      MakeHardwareEfficiencyScorer(), MakeUtilizationScorer(), MakeThermalHeadroomScorer(),
      MakePerformanceHistoryScorer(), MakePackingScorer(),     MakePreviousFailureScorer(),
      MakePreferenceScorer(),
  };
  for (auto& scorer : all) {
    const ScorerSetting setting = scorer->Setting(config);
    if (!setting.enabled) continue;
    const std::size_t i = entries_.size();
    switch (scorer->scope()) {
      case Scorer::Scope::kDeviceShape: shape_.push_back(i); break;
      case Scorer::Scope::kDevice: device_.push_back(i); break;
      case Scorer::Scope::kWorker: worker_.push_back(i); break;
    }
    entries_.push_back(Entry{std::move(scorer), setting.weight});
  }
}

void CompositeScorer::PrepareShapes(const ScoringContext& context, const StaticMatch& match,
                                    std::vector<ShapeFacts>& facts,
                                    std::vector<double>& shape_scores) const {
  const std::size_t n = match.admitted_device_shapes.size();
  facts.assign(n, ShapeFacts{});
  shape_scores.assign(n, 0.0);
  for (std::size_t slot = 0; slot < n; ++slot) {
    const DeviceProfile& shape = context.index.device_shape(match.admitted_device_shapes[slot]);
    if (context.history) {
      facts[slot].predicted_runtime = context.history->Predict(context.request.kind(), shape.model);
    }
    double sum = 0.0;
    for (std::size_t i : shape_) {
      sum += entries_[i].weight * entries_[i].scorer->ScoreShape(context, shape, facts[slot]);
    }
    shape_scores[slot] = sum;
  }
}

double CompositeScorer::DeviceScore(const ScoringContext& context, const LiveWorker& worker,
                                    const LiveDevice& device, const DeviceProfile& shape,
                                    const ShapeFacts& facts, double shape_score) const {
  double sum = shape_score;
  for (std::size_t i : device_) {
    sum +=
        entries_[i].weight * entries_[i].scorer->ScoreDevice(context, worker, device, shape, facts);
  }
  return sum;
}

double CompositeScorer::WorkerScore(const ScoringContext& context, std::size_t worker_index,
                                    const LiveWorker& worker, const WorkerUsage* usage) const {
  double sum = 0.0;
  for (std::size_t i : worker_) {
    sum +=
        entries_[i].weight * entries_[i].scorer->ScoreWorker(context, worker_index, worker, usage);
  }
  return sum;
}

std::vector<ScoreTerm> CompositeScorer::Breakdown(const ScoringContext& context,
                                                  const StaticMatch& match,
                                                  std::span<const ShapeFacts> facts,
                                                  std::size_t worker_index,
                                                  const WorkerUsage* usage,
                                                  std::span<const std::uint32_t> devices) const {
  const LiveWorker& worker = context.index.live_worker(worker_index);
  const WorkerShape& shape = context.index.worker_shapes()[worker.shape];
  std::vector<ScoreTerm> terms;
  terms.reserve(entries_.size());
  for (const Entry& entry : entries_) {
    double raw = 0.0;
    if (entry.scorer->scope() == Scorer::Scope::kWorker) {
      raw = entry.scorer->ScoreWorker(context, worker_index, worker, usage);
    } else if (!devices.empty()) {
      for (std::uint32_t d : devices) {
        const std::uint32_t device_shape = shape.device_shapes[d];
        const DeviceProfile& profile = context.index.device_shape(device_shape);
        const ShapeFacts& f = facts[*match.admitted_slot[device_shape]];
        raw += entry.scorer->scope() == Scorer::Scope::kDeviceShape
                   ? entry.scorer->ScoreShape(context, profile, f)
                   : entry.scorer->ScoreDevice(context, worker,
                                               context.index.live_device(worker, d), profile, f);
      }
      raw /= static_cast<double>(devices.size());
    }
    terms.push_back(ScoreTerm{entry.scorer->name(), raw, entry.weight, entry.weight * raw});
  }
  return terms;
}

}  // namespace hawk::engine
