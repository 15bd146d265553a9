// The baseline: the first worker in id order that passes every filter gets
// its lowest-index free devices. No scoring; linear in the fleet. Useful as a
// reference in tests and benchmarks.
#pragma once

#include <string_view>

#include "engine/placement.h"
#include "engine/placement_config.h"

namespace hawk::engine {

class FirstFitPolicy final : public PlacementPolicy {
 public:
  // The config supplies the filter thresholds; scorer settings are unused.
  explicit FirstFitPolicy(PlacementConfig config = {}) : config_(config) {}

  [[nodiscard]] std::string_view name() const override { return "first_fit"; }
  [[nodiscard]] PlacementDecision Place(const PlacementRequest& request,
                                        const FleetSnapshot& snapshot,
                                        const DeviceAllocator& allocator) const override;

 private:
  PlacementConfig config_;
};

}  // namespace hawk::engine
