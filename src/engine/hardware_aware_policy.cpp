#include "engine/hardware_aware_policy.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <utility>

#include "engine/device_allocator.h"
#include "engine/feasibility.h"
#include "engine/fleet.h"
#include "engine/fleet_index.h"
#include "engine/hash.h"
#include "engine/performance_history.h"

namespace hawk::engine {
namespace {

// Per-decision working memory, reused (per thread) so a decision does not
// allocate while it searches.
struct Scratch {
  std::vector<ShapeFacts> facts;
  std::vector<double> shape_scores;
  std::vector<std::pair<double, std::uint32_t>> group_order;
  std::vector<std::uint32_t> available;
  std::vector<std::pair<double, std::uint32_t>> device_scores;
  std::vector<std::uint32_t> best_devices;
  std::vector<std::uint32_t> members;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

bool Better(const std::pair<double, std::uint32_t>& a, const std::pair<double, std::uint32_t>& b) {
  return a.first > b.first || (a.first == b.first && a.second < b.second);
}

}  // namespace

HardwareAwarePolicy::HardwareAwarePolicy(PlacementConfig config, const PerformanceHistory* history)
    : config_(config), history_(history), scorer_(config_) {}

Result<HardwareAwarePolicy> HardwareAwarePolicy::Create(PlacementConfig config,
                                                        const PerformanceHistory* history) {
  if (auto status = config.Validate(); !status) return tl::unexpected(status.error());
  return HardwareAwarePolicy(config, history);
}

PlacementDecision HardwareAwarePolicy::Place(const PlacementRequest& request,
                                             const FleetSnapshot& snapshot,
                                             const DeviceAllocator& allocator) const {
  const FleetIndex& index = snapshot.index();
  const std::shared_ptr<const StaticMatch> match_ptr = index.Match(request.requirements);
  const StaticMatch& match = *match_ptr;
  if (match.groups.empty()) {
    return PlacementDecision{ExplainPending(request, snapshot, allocator, config_)};
  }

  const std::optional<Duration> fastest =
      history_ ? history_->Fastest(request.kind()) : std::nullopt;
  const ScoringContext context{request, config_, snapshot, index, history_, fastest};
  Scratch& s = ThreadScratch();
  scorer_.PrepareShapes(context, match, s.facts, s.shape_scores);

  // Groups best-first by the best static score of their eligible devices.
  s.group_order.clear();
  for (std::uint32_t g = 0; g < match.groups.size(); ++g) {
    double bound = 0.0;
    for (std::uint32_t slot : match.groups[g].eligible_slots) {
      bound = std::max(bound, s.shape_scores[slot]);
    }
    s.group_order.emplace_back(bound, g);
  }
  std::sort(s.group_order.begin(), s.group_order.end(), Better);

  const FeasibilityCheck check(request, config_, match, index);
  const std::uint32_t take = check.devices_to_take();
  const std::uint64_t start = Fnv1a64(request.task_id);
  bool found = false;
  double best_score = 0.0;
  std::uint32_t best_worker = 0;
  std::uint32_t scored = 0;
  std::uint32_t examined = 0;
  const auto done = [&] {
    return scored >= config_.max_candidates || (examined >= config_.max_examined && scored > 0);
  };

  for (const auto& [bound, g] : s.group_order) {
    if (done()) break;
    const WorkerGroup& group = match.groups[g];
    // The group's workers, or those of the request's candidates in it.
    std::span<const std::uint32_t> members = group.workers;
    if (request.candidate_workers) {
      s.members.clear();
      for (std::uint32_t w : *request.candidate_workers) {
        if (match.group_of_shape[index.worker_shape_of(w)] == g) s.members.push_back(w);
      }
      members = s.members;
    }
    const std::size_t n = members.size();
    if (n == 0) continue;
    const std::size_t begin = static_cast<std::size_t>(start % n);
    std::uint32_t scored_here = 0;
    // Workers are visited in a known order, so the memory loads for the next
    // ones start while this one is checked: its live record three steps
    // ahead, its devices and reservation slot two ahead, the reservation
    // itself one ahead.
    const auto worker_at = [&](std::size_t k) {
      const std::size_t i = begin + k;
      return members[i < n ? i : i - n];
    };
    for (std::size_t k = 0; k < n && k < 3; ++k) index.PrefetchWorker(worker_at(k));
    for (std::size_t k = 0; k < n && k < 2; ++k) {
      const LiveWorker& ahead = index.live_worker(worker_at(k));
      index.PrefetchDevices(ahead);
      allocator.Prefetch(ahead.id_hash);
    }
    for (std::size_t k = 0; k < n && scored_here < config_.candidates_per_group && !done(); ++k) {
      if (k + 3 < n) index.PrefetchWorker(worker_at(k + 3));
      if (k + 2 < n) {
        const LiveWorker& ahead = index.live_worker(worker_at(k + 2));
        index.PrefetchDevices(ahead);
        allocator.Prefetch(ahead.id_hash);
      }
      if (k + 1 < n) allocator.PrefetchUsage(index.live_worker(worker_at(k + 1)).id_hash);
      const std::uint32_t w = worker_at(k);
      ++examined;
      const LiveWorker& worker = index.live_worker(w);
      const WorkerUsage* usage = allocator.Usage(worker.id(snapshot, w), worker.id_hash);
      if (!check.Check(snapshot, w, usage, group, s.available)) continue;
      ++scored_here;
      ++scored;

      s.device_scores.clear();
      for (std::uint32_t pos : s.available) {
        const std::uint32_t d = group.eligible_devices[pos];
        const std::uint32_t slot = group.eligible_slots[pos];
        s.device_scores.emplace_back(
            scorer_.DeviceScore(context, worker, index.live_device(worker, d),
                                index.device_shape(group.eligible_shapes[pos]), s.facts[slot],
                                s.shape_scores[slot]),
            d);
      }
      std::partial_sort(s.device_scores.begin(), s.device_scores.begin() + take,
                        s.device_scores.end(), Better);
      double device_sum = 0.0;
      for (std::uint32_t i = 0; i < take; ++i) device_sum += s.device_scores[i].first;
      const double total = scorer_.WorkerScore(context, w, worker, usage) + device_sum / take;
      if (!found || total > best_score || (total == best_score && w < best_worker)) {
        found = true;
        best_score = total;
        best_worker = w;
        s.best_devices.clear();
        for (std::uint32_t i = 0; i < take; ++i)
          s.best_devices.push_back(s.device_scores[i].second);
      }
    }
  }
  if (!found) return PlacementDecision{ExplainPending(request, snapshot, allocator, config_)};

  std::sort(s.best_devices.begin(), s.best_devices.end());
  const WorkerState& worker = snapshot.workers()[best_worker];
  Placement placement;
  placement.worker_index = best_worker;
  placement.worker_id = worker.profile.worker_id;
  placement.device_indices = s.best_devices;
  placement.device_ids.reserve(s.best_devices.size());
  for (std::uint32_t d : s.best_devices)
    placement.device_ids.push_back(worker.devices[d].profile.id);
  placement.cpu_slots = match.uses_cpu_slots ? match.required_count : 0;
  placement.breakdown = scorer_.Breakdown(
      context, match, s.facts, best_worker,
      allocator.Usage(worker.profile.worker_id, index.live_worker(best_worker).id_hash),
      s.best_devices);
  placement.score =
      std::accumulate(placement.breakdown.begin(), placement.breakdown.end(), 0.0,
                      [](double sum, const ScoreTerm& term) { return sum + term.weighted; });
  return PlacementDecision{std::move(placement)};
}

}  // namespace hawk::engine
