// The hardware-aware composite policy: filters (filters/), then the weighted
// sum of scorers (scorers/) over a bounded, deterministic sample of feasible
// workers; the best-scoring worker gets its best-scoring free devices.
//
// Search and its trade-off. Scanning every worker per decision does not scale
// to 10 k workers at 100 k decisions/s, so a decision:
//   1. takes the memoised static verdicts for its requirements from the
//      snapshot's index (fleet_index.h): only groups of workers that can host
//      the task are visited, static filters never run per worker, and the
//      dynamic filters and scorers read packed live state;
//   2. visits the groups best-first (by their best eligible device shape's
//      static score: efficiency, preference, history), and within a group
//      walks its workers in id order from an offset derived from the task id
//      (FNV-1a), wrapping around: the same task always starts at the same
//      place, and different tasks spread over the fleet;
//   3. scores at most config.candidates_per_group feasible workers per group
//      and config.max_candidates in all (as Kubernetes' percentageOfNodesToScore
//      does); after config.max_examined workers it stops at the first
//      feasible one.
// So on a fleet larger than the sample the winner is the best of a sample,
// not the global best: dynamic differences (load, temperature, packing)
// between like workers are optimised over a few of them only ("power of k
// choices"; bin-packing packs the fullest sampled worker). Groups are
// visited in the order of their static score (H100 before A100 for
// compute-heavy work, faster history first), so the best device models are
// always among the candidates; groups past the candidate budget are not
// visited. A group of at most candidates_per_group workers is searched
// exhaustively (so are small fleets with few groups). The search is complete: a task is reported
// pending only when no worker can take it, and then with the explanation (explain.h), which is
// linear in the fleet.
//
// Ties: higher score wins; equal scores go to the lower worker id, and on a
// worker to the lower device index. Same inputs, same placement.
#pragma once

#include <string_view>

#include "core/result.h"
#include "engine/placement.h"
#include "engine/placement_config.h"
#include "engine/scorers/composite_scorer.h"

namespace hawk::engine {

class PerformanceHistory;

class HardwareAwarePolicy final : public PlacementPolicy {
 public:
  // Validates the config. `history` may be null (history scores neutral); it
  // is not owned and must outlive the policy.
  static Result<HardwareAwarePolicy> Create(PlacementConfig config = {},
                                            const PerformanceHistory* history = nullptr);

  [[nodiscard]] std::string_view name() const override { return "hardware_aware"; }
  [[nodiscard]] PlacementDecision Place(const PlacementRequest& request,
                                        const FleetSnapshot& snapshot,
                                        const DeviceAllocator& allocator) const override;
  [[nodiscard]] const PlacementConfig& config() const { return config_; }

 private:
  HardwareAwarePolicy(PlacementConfig config, const PerformanceHistory* history);

  PlacementConfig config_;
  const PerformanceHistory* history_;
  CompositeScorer scorer_;
};

}  // namespace hawk::engine
