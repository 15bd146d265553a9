// The composite (DESIGN.md §3.2): the enabled scorers, each with its weight
// from the config, added up. Owned by a policy; immutable and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/fleet_index.h"
#include "engine/placement.h"
#include "engine/scorers/scorer.h"

namespace hawk::engine {

class CompositeScorer {
 public:
  // The standard scorers, in breakdown order; disabled ones are left out.
  explicit CompositeScorer(const PlacementConfig& config);

  // For each admitted device shape of `match` (in admitted_device_shapes
  // order): its facts and the weighted sum of the shape-scope scorers.
  void PrepareShapes(const ScoringContext& context, const StaticMatch& match,
                     std::vector<ShapeFacts>& facts, std::vector<double>& shape_scores) const;

  // shape_score + the weighted device-scope scorers.
  [[nodiscard]] double DeviceScore(const ScoringContext& context, const LiveWorker& worker,
                                   const LiveDevice& device, const DeviceProfile& shape,
                                   const ShapeFacts& facts, double shape_score) const;
  // The weighted worker-scope scorers.
  [[nodiscard]] double WorkerScore(const ScoringContext& context, std::size_t worker_index,
                                   const LiveWorker& worker, const WorkerUsage* usage) const;

  // Every enabled scorer's term for taking `devices` on worker `worker_index`.
  [[nodiscard]] std::vector<ScoreTerm> Breakdown(const ScoringContext& context,
                                                 const StaticMatch& match,
                                                 std::span<const ShapeFacts> facts,
                                                 std::size_t worker_index, const WorkerUsage* usage,
                                                 std::span<const std::uint32_t> devices) const;

 private:
  struct Entry {
    std::unique_ptr<Scorer> scorer;
    double weight = 0.0;
  };
  std::vector<Entry> entries_;
  std::vector<std::size_t> shape_;
  std::vector<std::size_t> device_;
  std::vector<std::size_t> worker_;
};

}  // namespace hawk::engine
