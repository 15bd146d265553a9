// The filter pipeline for one worker, shared by every policy: the request's
// worker filters (exclusions, labels), then the dynamic worker filters, then
// the dynamic device filters over the devices the static filters admitted
// (the worker's group in the snapshot's StaticMatch).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/device_allocator.h"
#include "engine/filters/filter_set.h"
#include "engine/fleet.h"
#include "engine/fleet_index.h"
#include "engine/placement_config.h"
#include "engine/placement_request.h"

namespace hawk::engine {

class FeasibilityCheck {
 public:
  // All references must outlive the check.
  FeasibilityCheck(const PlacementRequest& request, const PlacementConfig& config,
                   const StaticMatch& match, const FleetIndex& index);

  // True when worker `worker_index` of `snapshot` (in `group`) can take the
  // request now. Fills `available` (cleared first) with the positions in
  // group.eligible_devices of the devices that pass every dynamic filter,
  // ascending.
  bool Check(const FleetSnapshot& snapshot, std::size_t worker_index, const WorkerUsage* usage,
             const WorkerGroup& group, std::vector<std::uint32_t>& available) const;

  // Devices the placement takes: `count` accelerators, or one CPU device.
  [[nodiscard]] std::uint32_t devices_to_take() const { return take_; }

 private:
  const PlacementRequest& request_;
  const PlacementConfig& config_;
  const FleetIndex& index_;
  const StaticMatch& match_;
  const FilterSet& filters_;
  std::uint32_t take_;
};

}  // namespace hawk::engine
