// Why a task waits: for each filter, how many devices (and on how many
// workers) it excluded and why, and what would make the task fit. A task that
// could never fit this fleet (a static mismatch: no device has fp8) is told
// apart from one that must wait (matching devices are busy, hot, overloaded),
// so the orchestrator can fail the former after a configurable wait.
//
// Counting: the population is every device of the requested class (for class
// cpu, the workers' CPU devices). Each is counted once, under the first filter
// that rejects it, in filter order: excluded workers, worker labels, the
// static device filters, the device count, then health, overload, thermal and
// allocation.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.h"
#include "core/taxonomy.h"
#include "engine/placement_request.h"

namespace hawk::engine {

#define HAWK_PENDING_KINDS(X) X(kNeverFits, "never_fits") X(kMustWait, "must_wait")
enum class PendingKind : unsigned char { HAWK_PENDING_KINDS(HAWK_ENUM_MEMBER_) };

}  // namespace hawk::engine

namespace hawk {
template <>
struct EnumTraits<engine::PendingKind> {
  static constexpr std::string_view kKind = "pending kind";
  static constexpr std::array kNames = {HAWK_PENDING_KINDS(HAWK_ENUM_NAME_)};
};
}  // namespace hawk

namespace hawk::engine {

struct Exclusion {
  std::string filter;  // the filter's name: "precisions", "overload", ...
  std::string reason;  // "lack fp8", "overloaded", "busy"
  std::uint32_t devices = 0;
  std::uint32_t workers = 0;
  bool static_mismatch = false;  // true: the fleet's hardware, not its state
  friend bool operator==(const Exclusion&, const Exclusion&) = default;
};

struct PendingExplanation {
  PendingKind kind = PendingKind::kMustWait;
  HardwareClass device_class = HardwareClass::kCpu;
  std::uint32_t devices_considered = 0;  // devices of the requested class
  std::uint32_t workers_considered = 0;  // workers with at least one of them
  std::vector<Exclusion> exclusions;     // most devices first, then filter order
  // What would make it fit: "needs a gpu with fp8; none in the fleet has it",
  // "wait: 3 matching devices are busy".
  std::string hint;

  // "12 devices: 8 lack fp8, 3 overloaded, 1 throttling"
  [[nodiscard]] std::string Summary() const;
  // Summary and hint: "12 devices: 8 lack fp8, ...; wait: 3 matching devices are busy"
  [[nodiscard]] std::string ToString() const;
  friend bool operator==(const PendingExplanation&, const PendingExplanation&) = default;
};

class FleetSnapshot;
class DeviceAllocator;
struct PlacementConfig;

// Explains why `request` cannot be placed now. Linear in the fleet's devices
// (static verdicts come from the snapshot's shape cache); meant for the
// pending path, not for every decision.
PendingExplanation ExplainPending(const PlacementRequest& request, const FleetSnapshot& snapshot,
                                  const DeviceAllocator& allocator, const PlacementConfig& config);

}  // namespace hawk::engine
