#include "engine/first_fit_policy.h"

#include "engine/feasibility.h"
#include "engine/fleet.h"
#include "engine/fleet_index.h"

namespace hawk::engine {

PlacementDecision FirstFitPolicy::Place(const PlacementRequest& request,
                                        const FleetSnapshot& snapshot,
                                        const DeviceAllocator& allocator) const {
  const FleetIndex& index = snapshot.index();
  const std::shared_ptr<const StaticMatch> match = index.Match(request.requirements);
  const FeasibilityCheck check(request, config_, *match, index);
  std::vector<std::uint32_t> available;
  for (std::size_t w = 0; w < snapshot.size(); ++w) {
    const LiveWorker& live = index.live_worker(w);
    const auto group = match->group_of_shape[live.shape];
    if (!group) continue;
    const WorkerState& worker = snapshot.workers()[w];
    if (!check.Check(snapshot, w, allocator.Usage(live.id(snapshot, w), live.id_hash),
                     match->groups[*group], available)) {
      continue;
    }
    Placement placement;
    placement.worker_index = w;
    placement.worker_id = worker.profile.worker_id;
    const WorkerGroup& chosen = match->groups[*group];
    for (std::uint32_t i = 0; i < check.devices_to_take(); ++i) {
      const std::uint32_t d = chosen.eligible_devices[available[i]];
      placement.device_indices.push_back(d);
      placement.device_ids.push_back(worker.devices[d].profile.id);
    }
    placement.cpu_slots = match->uses_cpu_slots ? match->required_count : 0;
    return PlacementDecision{std::move(placement)};
  }
  return PlacementDecision{ExplainPending(request, snapshot, allocator, config_)};
}

}  // namespace hawk::engine
