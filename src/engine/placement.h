// The placement contract (DESIGN.md §3.1): a policy is a pure function of a
// request, an immutable fleet snapshot and the current device reservations;
// it returns either specific devices on one worker or an explanation of why
// the task must wait. Only the caller mutates reservations (DeviceAllocator).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/explain.h"
#include "engine/placement_request.h"

namespace hawk::engine {

class FleetSnapshot;
class DeviceAllocator;

// One scorer's part of a placement's score, for explanations.
struct ScoreTerm {
  std::string_view scorer;  // the scorer's name (static storage)
  double raw = 0.0;         // in [0, 1], 1 best; device terms: mean over the chosen devices
  double weight = 0.0;
  double weighted = 0.0;  // weight * raw
  friend bool operator==(const ScoreTerm&, const ScoreTerm&) = default;
};

struct Placement {
  std::size_t worker_index = 0;  // into FleetSnapshot::workers()
  std::string worker_id;
  // The devices the task gets, as indices into the worker's devices and as
  // ids ("gpu1", "gpu3"), ascending by index. For class cpu: the one CPU
  // device the task runs on, shared with other CPU tasks.
  std::vector<std::uint32_t> device_indices;
  std::vector<std::string> device_ids;
  std::uint32_t cpu_slots = 0;  // CPU slots taken (class cpu only)
  double score = 0.0;           // sum of breakdown[].weighted
  std::vector<ScoreTerm> breakdown;
  friend bool operator==(const Placement&, const Placement&) = default;
};

struct PlacementDecision {
  std::variant<Placement, PendingExplanation> outcome;

  [[nodiscard]] bool placed() const { return std::holds_alternative<Placement>(outcome); }
  // Precondition: placed().
  [[nodiscard]] const Placement& placement() const { return std::get<Placement>(outcome); }
  // Precondition: !placed().
  [[nodiscard]] const PendingExplanation& pending() const {
    return std::get<PendingExplanation>(outcome);
  }
  friend bool operator==(const PlacementDecision&, const PlacementDecision&) = default;
};

// Threading: Place is const and may run concurrently on one policy object.
class PlacementPolicy {
 public:
  virtual ~PlacementPolicy() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  // Never places on a device that fails a filter or is already allocated.
  // Deterministic: same arguments, same decision.
  [[nodiscard]] virtual PlacementDecision Place(const PlacementRequest& request,
                                                const FleetSnapshot& snapshot,
                                                const DeviceAllocator& allocator) const = 0;
};

}  // namespace hawk::engine
