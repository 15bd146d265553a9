#include "engine/explain.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/device_allocator.h"
#include "engine/filters/filter_set.h"
#include "engine/fleet.h"
#include "engine/fleet_index.h"
#include "engine/placement_config.h"

namespace hawk::engine {
namespace {

struct Tally {
  std::uint32_t rank = 0;  // position in filter order, for sorting ties
  Exclusion exclusion;
  std::size_t last_worker = 0;
};

class Tallies {
 public:
  void Add(std::uint32_t rank, std::string_view filter, std::string_view reason,
           std::uint32_t devices, bool static_mismatch, std::size_t worker) {
    if (devices == 0) return;
    auto it = std::find_if(tallies_.begin(), tallies_.end(), [&](const Tally& t) {
      return t.rank == rank && t.exclusion.reason == reason;
    });
    if (it == tallies_.end()) {
      Tally t;
      t.rank = rank;
      t.exclusion.filter = std::string(filter);
      t.exclusion.reason = std::string(reason);
      t.exclusion.static_mismatch = static_mismatch;
      t.exclusion.workers = 1;
      t.last_worker = worker;
      tallies_.push_back(std::move(t));
      it = tallies_.end() - 1;
    } else if (it->last_worker != worker) {
      ++it->exclusion.workers;
      it->last_worker = worker;
    }
    it->exclusion.devices += devices;
  }

  // Most devices first, then filter order, then reason.
  std::vector<Exclusion> Sorted() {
    std::sort(tallies_.begin(), tallies_.end(), [](const Tally& a, const Tally& b) {
      if (a.exclusion.devices != b.exclusion.devices) {
        return a.exclusion.devices > b.exclusion.devices;
      }
      if (a.rank != b.rank) return a.rank < b.rank;
      return a.exclusion.reason < b.exclusion.reason;
    });
    std::vector<Exclusion> out;
    out.reserve(tallies_.size());
    for (Tally& t : tallies_) out.push_back(std::move(t.exclusion));
    return out;
  }

 private:
  std::vector<Tally> tallies_;
};

std::string ClassWithArticle(HardwareClass c) {
  const bool vowel =
      c == HardwareClass::kNpu || c == HardwareClass::kFpga || c == HardwareClass::kAsic;
  return std::string(vowel ? "an " : "a ") + std::string(hawk::ToString(c));
}

std::string JoinAnd(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += " and ";
    out += part;
  }
  return out;
}

// "needs a gpu with fp8; none in the fleet has it"
std::string NeverFitsHint(const PlacementRequest& request, const PendingExplanation& e) {
  const ResourceRequirements& r = request.requirements;
  if (e.devices_considered == 0) {
    return "needs " + ClassWithArticle(r.device_class) + "; the fleet has none";
  }
  const FilterSet& filters = FilterSet::Default();
  const auto excluded_by = [&](const Filter& f) {
    return std::any_of(e.exclusions.begin(), e.exclusions.end(),
                       [&](const Exclusion& x) { return x.filter == f.name(); });
  };
  std::vector<std::string> device_needs;
  std::vector<std::string> worker_needs;
  for (const auto& filter : filters.all()) {
    if (!excluded_by(*filter)) continue;
    if (std::string need = filter->Need(r); !need.empty()) device_needs.push_back(need);
    if (std::string need = filter->WorkerNeed(request); !need.empty()) worker_needs.push_back(need);
  }
  const std::uint32_t count = request.RequiredCount();
  const bool several = count > 1 && !request.UsesCpuSlots();
  if (request.UsesCpuSlots() && count > 1)
    device_needs.push_back(std::to_string(count) + " CPU slots");
  std::string want =
      several ? std::to_string(count) + " " + std::string(hawk::ToString(r.device_class)) + "s"
              : ClassWithArticle(r.device_class);
  if (!device_needs.empty()) want += " with " + JoinAnd(device_needs);
  if (several) {
    want += " on one worker";
    if (!worker_needs.empty()) want += " with " + JoinAnd(worker_needs);
  } else if (!worker_needs.empty()) {
    want += " on a worker with " + JoinAnd(worker_needs);
  }
  return "needs " + want + "; none in the fleet has it";
}

// "wait: 3 matching devices are busy"
std::string MustWaitHint(const PendingExplanation& e) {
  std::uint32_t total = 0;
  std::vector<const Exclusion*> waiting;
  for (const Exclusion& x : e.exclusions) {
    if (x.static_mismatch) continue;
    total += x.devices;
    waiting.push_back(&x);
  }
  if (waiting.empty()) return "wait: no matching device is free";
  const std::string devices =
      std::to_string(total) + (total == 1 ? " matching device is " : " matching devices are ");
  if (waiting.size() == 1) return "wait: " + devices + waiting.front()->reason;
  std::string out = "wait: " + devices + "unavailable: ";
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(waiting[i]->devices) + " " + waiting[i]->reason;
  }
  return out;
}

}  // namespace

std::string PendingExplanation::Summary() const {
  if (devices_considered == 0) {
    return "no " + std::string(hawk::ToString(device_class)) + " in the fleet";
  }
  std::string out =
      std::to_string(devices_considered) + (devices_considered == 1 ? " device" : " devices");
  for (std::size_t i = 0; i < exclusions.size(); ++i) {
    out += i == 0 ? ": " : ", ";
    out += std::to_string(exclusions[i].devices) + " " + exclusions[i].reason;
  }
  return out;
}

std::string PendingExplanation::ToString() const {
  return Summary() + "; " + hint;
}

PendingExplanation ExplainPending(const PlacementRequest& request, const FleetSnapshot& snapshot,
                                  const DeviceAllocator& allocator, const PlacementConfig& config) {
  const FleetIndex& index = snapshot.index();
  const FilterSet& filters = FilterSet::Default();
  const std::shared_ptr<const StaticMatch> match = index.Match(request.requirements);
  const std::uint32_t count = request.RequiredCount();
  const bool cpu = request.UsesCpuSlots();
  // Ranks: a filter's order * 2; the count rule sits after the static device
  // filters (static shortfall) and after every filter (shortfall now).
  const auto rank = [&](const Filter* f) { return 2U * filters.OrderOf(f); };
  const std::uint32_t static_count_rank = rank(filters.worker().front()) - 1;
  const auto dynamic_count_rank = static_cast<std::uint32_t>(2 * filters.all().size());

  PendingExplanation e;
  e.device_class = request.requirements.device_class;
  Tallies tallies;
  std::uint32_t static_fits = 0;
  std::vector<std::uint32_t> in_class;
  std::vector<std::uint32_t> eligible;

  const std::vector<const Filter*> none;
  const std::vector<const Filter*>& worker_profile_filters =
      request.excluded_workers.empty() && request.requirements.worker_labels.empty()
          ? none
          : filters.worker_profile();
  for (std::size_t w = 0; w < snapshot.size(); ++w) {
    const LiveWorker& live = index.live_worker(w);
    const WorkerShape& shape = index.worker_shapes()[live.shape];
    in_class.clear();
    for (std::uint32_t d = 0; d < shape.device_shapes.size(); ++d) {
      if (match->device_shapes[shape.device_shapes[d]].in_class) in_class.push_back(d);
    }
    if (in_class.empty()) continue;
    ++e.workers_considered;
    e.devices_considered += static_cast<std::uint32_t>(in_class.size());
    const auto n = static_cast<std::uint32_t>(in_class.size());

    const WorkerProfile& profile = snapshot.workers()[w].profile;
    const Filter* worker_filter = nullptr;
    for (const Filter* f : worker_profile_filters) {
      if (!f->AdmitsWorker(request, profile)) {
        worker_filter = f;
        break;
      }
    }
    if (worker_filter) {
      tallies.Add(rank(worker_filter), worker_filter->name(),
                  worker_filter->WorkerReason(request, profile), n, true, w);
      continue;
    }

    eligible.clear();
    for (std::uint32_t d : in_class) {
      const DeviceShapeVerdict& v = match->device_shapes[shape.device_shapes[d]];
      if (v.admitted) {
        eligible.push_back(d);
      } else {
        tallies.Add(2U * v.filter, filters.all()[v.filter]->name(), v.reason, 1, true, w);
      }
    }
    if (eligible.empty()) continue;
    const bool static_count_ok = cpu ? shape.cpu_slots >= count : eligible.size() >= count;
    const auto m = static_cast<std::uint32_t>(eligible.size());
    if (!static_count_ok) {
      tallies.Add(static_count_rank, "device_class", CountShortfallReason(request, true), m, true,
                  w);
      continue;
    }
    ++static_fits;

    const FilterContext context{request, config, allocator.Usage(profile.worker_id, live.id_hash),
                                shape.cpu_slots, profile};
    const Filter* dynamic_worker_filter = nullptr;
    std::optional<std::string_view> reason;
    for (const Filter* f : filters.worker()) {
      if ((reason = f->CheckWorker(context, live))) {
        dynamic_worker_filter = f;
        break;
      }
    }
    if (dynamic_worker_filter) {
      tallies.Add(rank(dynamic_worker_filter), dynamic_worker_filter->name(), *reason, m, false, w);
      continue;
    }
    std::uint32_t available = 0;
    for (std::uint32_t d : eligible) {
      bool admitted = true;
      for (const Filter* f : filters.device()) {
        if (auto why = f->CheckDevice(context, index.live_device(live, d),
                                      index.device_shape(shape.device_shapes[d]), d)) {
          tallies.Add(rank(f), f->name(), *why, 1, false, w);
          admitted = false;
          break;
        }
      }
      if (admitted) ++available;
    }
    const std::uint32_t needed = cpu ? 1 : count;
    if (available < needed) {
      tallies.Add(dynamic_count_rank, "device_class", CountShortfallReason(request, false),
                  available, false, w);
    }
  }

  e.exclusions = tallies.Sorted();
  e.kind = static_fits == 0 ? PendingKind::kNeverFits : PendingKind::kMustWait;
  e.hint = e.kind == PendingKind::kNeverFits ? NeverFitsHint(request, e) : MustWaitHint(e);
  return e;
}

}  // namespace hawk::engine
