#include "engine/feasibility.h"

namespace hawk::engine {

FeasibilityCheck::FeasibilityCheck(const PlacementRequest& request, const PlacementConfig& config,
                                   const StaticMatch& match, const FleetIndex& index)
    : request_(request),
      config_(config),
      index_(index),
      filters_(FilterSet::Default()),
      check_worker_profile_(!request.excluded_workers.empty() ||
                            !request.requirements.worker_labels.empty()),
      take_(match.uses_cpu_slots ? 1U : match.required_count) {}

bool FeasibilityCheck::Check(const FleetSnapshot& snapshot, std::size_t worker_index,
                             const WorkerUsage* usage, const WorkerGroup& group,
                             std::vector<std::uint32_t>& available) const {
  available.clear();
  if (check_worker_profile_) {
    const WorkerProfile& profile = snapshot.workers()[worker_index].profile;
    for (const Filter* filter : filters_.worker_profile()) {
      if (!filter->AdmitsWorker(request_, profile)) return false;
    }
  }
  const LiveWorker& worker = index_.live_worker(worker_index);
  const FilterContext context{request_, config_, usage,
                              index_.worker_shapes()[worker.shape].cpu_slots};
  for (const Filter* filter : filters_.worker()) {
    if (filter->CheckWorker(context, worker)) return false;
  }
  const std::size_t n = group.eligible_devices.size();
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
