#include "engine/request_gate.h"

#include <algorithm>

#include "engine/feasibility.h"
#include "engine/fleet_index.h"

namespace hawk::engine {
namespace {

// Changes kept for a signature that is not asked for a while, per worker in
// the fleet; one that falls further behind is no longer followed (its next
// placement searches the whole fleet and follows it again).
constexpr std::size_t kChangesPerWorker = 4;

}  // namespace

void RequestGate::Reset() {
  entries_.clear();
  changes_.clear();
  followed_ = 0;
}

void RequestGate::Changed(std::uint32_t worker_index) {
  if (followed_ == 0) return;
  changes_.push_back(worker_index);
  if (changes_.size() > 2 * max_lag_) Compact();
}

void RequestGate::Blocked(SignatureId id, const PlacementRequest& request,
                          const FleetSnapshot& snapshot,
                          std::shared_ptr<const PendingExplanation> why) {
  if (entries_.size() <= id) entries_.resize(id + 1);
  Entry& e = entries_[id];
  if (!e.followed) ++followed_;
  e.followed = true;
  e.request = request;
  e.match = snapshot.index().Match(request.requirements);
  e.seen = changes_.size();
  e.candidates.clear();
  e.why = std::move(why);
  max_lag_ = kChangesPerWorker * snapshot.size() + 1024;
}

void RequestGate::Forget(SignatureId id) {
  if (id >= entries_.size() || !entries_[id].followed) return;
  entries_[id] = Entry{};
  --followed_;
  Compact();
}

RequestGate::Verdict RequestGate::Check(SignatureId id, const FleetSnapshot& snapshot,
                                        const DeviceAllocator& allocator,
                                        const PlacementConfig& config) {
  if (id >= entries_.size() || !entries_[id].followed) return Verdict{};
  Entry& e = entries_[id];
  if (e.seen < changes_.size()) {
    const FleetIndex& index = snapshot.index();
    const StaticMatch& match = *e.match;
    const FeasibilityCheck check(e.request, config, match, index);
    for (std::size_t i = e.seen; i < changes_.size(); ++i) {
      const std::uint32_t w = changes_[i];
      const LiveWorker& worker = index.live_worker(w);
      const std::optional<std::uint32_t> group = match.group_of_shape[worker.shape];
      if (!group) continue;
      const auto at = std::lower_bound(e.candidates.begin(), e.candidates.end(), w);
      const bool listed = at != e.candidates.end() && *at == w;
      const bool fits =
          check.Check(snapshot, w, allocator.Usage(worker.id(snapshot, w), worker.id_hash),
                      match.groups[*group], available_);
      if (fits && !listed) e.candidates.insert(at, w);
      if (!fits && listed) e.candidates.erase(at);
    }
    e.seen = changes_.size();
    Compact();
  }
  return Verdict{true, &e.candidates, e.why};
}

void RequestGate::Compact() {
  // A signature nobody asks about holds the log: past a bound, it is no
  // longer followed rather than every change kept.
  if (changes_.size() > max_lag_) {
    for (Entry& e : entries_) {
      if (e.followed && changes_.size() - e.seen > max_lag_) {
        e = Entry{};
        --followed_;
      }
    }
  }
  std::size_t oldest = changes_.size();
  for (const Entry& e : entries_) {
    if (e.followed) oldest = std::min(oldest, e.seen);
  }
  if (oldest == 0) return;
  changes_.erase(changes_.begin(), changes_.begin() + static_cast<std::ptrdiff_t>(oldest));
  for (Entry& e : entries_) e.seen = e.followed ? e.seen - oldest : 0;
}

}  // namespace hawk::engine
