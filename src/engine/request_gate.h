// Requests that found no worker, asked of the placement policy again only
// when something happened that could let them fit — in the manner of
// Kubernetes' queueing hints, but exact.
//
// After a full placement of a request (by its signature: the same
// requirements, no per-unit history) finds that it must wait, the gate
// follows every worker whose placement-relevant state changes — a device or
// CPU slot taken or released, a live state a filter reads (utilization,
// thermal state, quarantine, connection) changed — and checks each such
// worker against the request with the policies' own FeasibilityCheck. Since
// no worker fitted at the full placement, the workers that fit now are
// exactly the changed ones that pass the check: the gate keeps that set. An
// empty set means the request still must wait, known without a fleet-wide
// search; a non-empty one is where the policy need look.
//
// The gate holds snapshot worker indices: Reset() whenever the snapshot is
// rebuilt (a worker joined or left, a quarantine changed). Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/device_allocator.h"
#include "engine/fleet.h"
#include "engine/fleet_index.h"
#include "engine/placement.h"
#include "engine/placement_config.h"
#include "engine/placement_request.h"

namespace hawk::engine {

class RequestGate {
 public:
  using SignatureId = std::uint32_t;

  // The snapshot was rebuilt: nothing is known.
  void Reset();

  // Worker `worker_index`'s dynamic state (allocation or live state)
  // changed.
  void Changed(std::uint32_t worker_index);

  // A full placement of `request` (which has no exclusions) found no worker
  // in `snapshot`: it must wait, for the reason `why`. Starts following the
  // signature.
  void Blocked(SignatureId id, const PlacementRequest& request, const FleetSnapshot& snapshot,
               std::shared_ptr<const PendingExplanation> why);

  // Stops following a signature (e.g. it was placed by a full search).
  void Forget(SignatureId id);

  struct Verdict {
    // False: not followed; ask the policy with a full search.
    bool followed = false;
    // The workers that can take the request now (snapshot indices,
    // ascending); empty: it must wait, for `why` (the reason found at the
    // last full search).
    const std::vector<std::uint32_t>* candidates = nullptr;
    std::shared_ptr<const PendingExplanation> why;
  };
  // Brings the signature's candidates up to date with the changes since it
  // was last asked.
  Verdict Check(SignatureId id, const FleetSnapshot& snapshot, const DeviceAllocator& allocator,
                const PlacementConfig& config);

  // Whether the signature is followed and, as of its last Check, no worker
  // can take it.
  [[nodiscard]] bool Waiting(SignatureId id) const {
    return id < entries_.size() && entries_[id].followed && entries_[id].candidates.empty();
  }
  // Signatures followed now.
  [[nodiscard]] std::size_t followed() const { return followed_; }

 private:
  struct Entry {
    bool followed = false;
    PlacementRequest request;
    std::shared_ptr<const StaticMatch> match;
    std::size_t seen = 0;  // position in changes_ checked up to
    std::vector<std::uint32_t> candidates;
    std::shared_ptr<const PendingExplanation> why;
  };
  void Compact();

  std::vector<Entry> entries_;          // by signature id
  std::vector<std::uint32_t> changes_;  // changed workers, in order
  std::vector<std::uint32_t> available_;
  std::size_t followed_ = 0;
  std::size_t max_lag_ = 1024;  // changes one signature may fall behind
};

}  // namespace hawk::engine
