#include "engine/feasibility.h"

#include <bit>
#include <string>
#include <string_view>

namespace hawk::engine {

FeasibilityCheck::FeasibilityCheck(const PlacementRequest& request, const PlacementConfig& config,
                                   const StaticMatch& match, const FleetIndex& index)
    : request_(request),
      config_(config),
      index_(index),
      match_(match),
      filters_(FilterSet::Default()),
      take_(match.uses_cpu_slots ? 1U : match.required_count) {}

bool FeasibilityCheck::Check(const FleetSnapshot& snapshot, std::size_t worker_index,
                             const WorkerUsage* usage, const WorkerGroup& group,
                             std::vector<std::uint32_t>& available) const {
  available.clear();
  const LiveWorker& worker = index_.live_worker(worker_index);
  // The static worker filters: labels come with the match (per label set);
  // exclusions are few, compared with the worker's (inline) id.
  if (!match_.LabelsOk(worker)) return false;
  if (!request_.excluded_workers.empty()) {
    const std::string_view id = worker.id(snapshot, worker_index);
    for (const std::string& excluded : request_.excluded_workers) {
      if (excluded == id) return false;
    }
  }
  const FilterContext context{request_, config_, usage,
                              index_.worker_shapes()[worker.shape].cpu_slots,
                              snapshot.workers()[worker_index].profile};
  for (const Filter* filter : filters_.worker()) {
    if (filter->CheckWorker(context, worker)) return false;
  }
  const std::size_t n = group.eligible_devices.size();
  // The allocation rule, early: too few eligible devices left untaken (a
  // count from the reservation bits) means no device state need be read.
  if (usage && !match_.uses_cpu_slots &&
      n - static_cast<std::size_t>(std::popcount(usage->taken_low & group.eligible_mask)) < take_) {
    return false;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (available.size() + (n - i) < take_) return false;
    const std::uint32_t device = group.eligible_devices[i];
    const LiveDevice& live = index_.live_device(worker, device);
    const DeviceProfile& shape = index_.device_shape(group.eligible_shapes[i]);
    bool admitted = true;
    for (const Filter* filter : filters_.device()) {
      if (filter->CheckDevice(context, live, shape, device)) {
        admitted = false;
        break;
      }
    }
    if (admitted) available.push_back(static_cast<std::uint32_t>(i));
  }
  return available.size() >= take_;
}

}  // namespace hawk::engine
