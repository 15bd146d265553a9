#include "engine/fleet_index.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <map>
#include <string_view>

#include "engine/device_allocator.h"
#include "engine/filters/filter_set.h"
#include "engine/hash.h"

namespace hawk::engine {
namespace {

class Hasher {
 public:
  void Add(std::uint64_t v) { h_ ^= v + 0x9e3779b97f4a7c15ULL + (h_ << 6U) + (h_ >> 2U); }
  void Add(std::string_view s) { Add(Fnv1a64(s)); }
  template <typename E>
  void AddSet(const EnumSet<E>& set) {
    static_assert(EnumSet<E>::kSize <= 64);
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < EnumSet<E>::kSize; ++i) {
      if (set.Contains(static_cast<E>(i))) bits |= std::uint64_t{1} << i;
    }
    Add(bits);
  }
  template <typename T>
  void AddOptional(const std::optional<T>& value) {
    Add(value.has_value());
    if (value) Add(static_cast<std::uint64_t>(*value));
  }
  [[nodiscard]] std::size_t value() const { return static_cast<std::size_t>(h_); }

 private:
  std::uint64_t h_ = 0;
};

void AddCapability(Hasher& h, const std::optional<ComputeCapability>& cc) {
  h.Add(cc.has_value());
  if (cc)
    h.Add((static_cast<std::uint64_t>(cc->major) << 32U) ^ static_cast<std::uint32_t>(cc->minor));
}

// Everything a placement decision reads from a device profile; ids, PCI ids
// and UUIDs differ between otherwise identical devices and are left out.
bool SameShape(const DeviceProfile& a, const DeviceProfile& b) {
  return a.hardware_class == b.hardware_class && a.architecture == b.architecture &&
         a.vendor == b.vendor && a.memory_total_bytes == b.memory_total_bytes &&
         a.compute_units == b.compute_units && a.clock_max_mhz == b.clock_max_mhz &&
         a.compute_capability == b.compute_capability && a.backends == b.backends &&
         a.precisions == b.precisions && a.features == b.features && a.tdp_watts == b.tdp_watts &&
         a.model == b.model && a.peak_tflops == b.peak_tflops;
}

std::size_t ShapeHash(const DeviceProfile& p) {
  Hasher h;
  h.Add(static_cast<std::uint64_t>(p.hardware_class));
  h.Add(static_cast<std::uint64_t>(p.architecture));
  h.Add(static_cast<std::uint64_t>(p.vendor));
  h.Add(p.memory_total_bytes);
  h.Add(p.compute_units);
  h.AddOptional(p.clock_max_mhz);
  AddCapability(h, p.compute_capability);
  h.AddSet(p.backends);
  h.AddSet(p.precisions);
  h.AddSet(p.features);
  h.Add(p.model);
  return h.value();
}

LiveDevice Pack(const DeviceState& device) {
  LiveDevice live;
  live.utilization = device.utilization;
  live.memory_utilization = device.memory_utilization;
  if (device.temperature_celsius) {
    live.has_temperature = true;
    live.temperature_celsius = static_cast<float>(*device.temperature_celsius);
  }
  if (device.time_to_throttle) {
    live.has_time_to_throttle = true;
    live.time_to_throttle_ms = static_cast<std::int32_t>(
        std::clamp<Duration::rep>(device.time_to_throttle->count(), 0, INT32_MAX));
  }
  live.thermal_state = device.thermal_state;
  live.quarantined = device.quarantined;
  live.throttling = device.throttling;
  return live;
}

struct ShapePtrHash {
  std::size_t operator()(const DeviceProfile* p) const { return ShapeHash(*p); }
};
struct ShapePtrEqual {
  bool operator()(const DeviceProfile* a, const DeviceProfile* b) const {
    return SameShape(*a, *b);
  }
};

}  // namespace

std::size_t FleetIndex::RequirementsHash::operator()(const ResourceRequirements& r) const {
  Hasher h;
  h.Add(static_cast<std::uint64_t>(r.device_class));
  h.Add(r.device_count);
  h.AddOptional(r.memory_per_device_bytes);
  h.AddSet(r.backends);
  h.AddSet(r.precisions);
  h.AddSet(r.features);
  h.Add(r.vendor ? static_cast<std::uint64_t>(*r.vendor) + 1 : 0);
  h.Add(r.architecture ? static_cast<std::uint64_t>(*r.architecture) + 1 : 0);
  AddCapability(h, r.min_compute_capability);
  for (const auto& [key, value] : r.worker_labels) {
    h.Add(key);
    h.Add(value);
  }
  return h.value();
}

// The static filters and the labels rule read only these fields; soft
// preferences are not part of the key.
bool FleetIndex::RequirementsEqual::operator()(const ResourceRequirements& a,
                                               const ResourceRequirements& b) const {
  return a.device_class == b.device_class && a.device_count == b.device_count &&
         a.memory_per_device_bytes == b.memory_per_device_bytes && a.backends == b.backends &&
         a.precisions == b.precisions && a.features == b.features && a.vendor == b.vendor &&
         a.architecture == b.architecture && a.min_compute_capability == b.min_compute_capability &&
         a.worker_labels == b.worker_labels;
}

void FleetIndex::UpdateLive(std::size_t worker_index, const WorkerState& worker) {
  LiveWorker& live = live_workers_[worker_index];
  live.cpu_utilization = worker.cpu_utilization;
  live.memory_utilization = worker.memory_utilization;
  live.connected = worker.connected;
  live.draining = worker.draining;
  for (std::size_t d = 0; d < worker.devices.size(); ++d) {
    live_devices_[live.first_device + d] = Pack(worker.devices[d]);
  }
}

std::shared_ptr<FleetIndex> FleetIndex::Build(const std::vector<WorkerState>& workers) {
  auto index = std::make_shared<FleetIndex>();
  std::unordered_map<const DeviceProfile*, std::uint32_t, ShapePtrHash, ShapePtrEqual> device_ids;
  std::map<std::vector<std::uint32_t>, std::uint32_t> worker_ids;
  std::map<std::map<std::string, std::string>, std::uint32_t> label_ids;
  index->live_workers_.reserve(workers.size());
  std::vector<std::uint32_t> key;
  for (std::size_t w = 0; w < workers.size(); ++w) {
    const WorkerState& worker = workers[w];
    LiveWorker live;
    live.id_hash = WorkerIdHash(worker.profile.worker_id);
    live.first_device = static_cast<std::uint32_t>(index->live_devices_.size());
    live.cpu_utilization = worker.cpu_utilization;
    live.memory_utilization = worker.memory_utilization;
    live.connected = worker.connected;
    live.draining = worker.draining;
    auto [labels, new_labels] = label_ids.emplace(
        worker.profile.labels, static_cast<std::uint32_t>(index->label_sets_.size()));
    if (new_labels) index->label_sets_.push_back(worker.profile.labels);
    live.label_set = labels->second;
    const std::string& id = worker.profile.worker_id;
    if (!id.empty() && id.size() <= LiveWorker::kInlineId) {
      live.inline_id_size = static_cast<std::uint8_t>(id.size());
      std::copy(id.begin(), id.end(), live.inline_id.begin());
    }
    key.clear();
    for (const DeviceState& device : worker.devices) {
      auto it = device_ids.find(&device.profile);
      if (it == device_ids.end()) {
        DeviceProfile shape = device.profile;
        shape.id.clear();
        shape.pci_id.reset();
        shape.uuid.reset();
        index->device_shapes_.push_back(std::move(shape));
        it = device_ids
                 .emplace(&index->device_shapes_.back(),
                          static_cast<std::uint32_t>(index->device_shapes_.size() - 1))
                 .first;
      }
      key.push_back(it->second);
      index->live_devices_.push_back(Pack(device));
    }
    key.push_back(worker.profile.cpu_slots);
    auto [found, inserted] =
        worker_ids.emplace(key, static_cast<std::uint32_t>(index->worker_shapes_.size()));
    if (inserted) {
      WorkerShape shape;
      shape.device_shapes.assign(key.begin(), key.end() - 1);
      shape.cpu_slots = worker.profile.cpu_slots;
      index->worker_shapes_.push_back(std::move(shape));
    }
    index->worker_shapes_[found->second].workers.push_back(static_cast<std::uint32_t>(w));
    live.shape = found->second;
    index->live_workers_.push_back(live);
  }
  return index;
}

std::shared_ptr<const StaticMatch> FleetIndex::Match(
    const ResourceRequirements& requirements) const {
  {
    std::lock_guard lock(mutex_);
    const auto it = cache_.find(requirements);
    if (it != cache_.end()) return it->second;
  }
  std::shared_ptr<const StaticMatch> match = Compute(requirements);
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCachedMatches) cache_.clear();
  return cache_.emplace(requirements, std::move(match)).first->second;
}

std::size_t FleetIndex::cached_match_count() const {
  std::lock_guard lock(mutex_);
  return cache_.size();
}

std::shared_ptr<const StaticMatch> FleetIndex::Compute(
    const ResourceRequirements& requirements) const {
  const FilterSet& filters = FilterSet::Default();
  auto match = std::make_shared<StaticMatch>();
  match->required_count = requirements.device_count == 0 ? 1U : requirements.device_count;
  match->uses_cpu_slots = requirements.device_class == HardwareClass::kCpu;
  match->device_shapes.resize(device_shapes_.size());
  match->admitted_slot.resize(device_shapes_.size());
  for (std::uint32_t s = 0; s < device_shapes_.size(); ++s) {
    const DeviceProfile& profile = device_shapes_[s];
    DeviceShapeVerdict& verdict = match->device_shapes[s];
    verdict.in_class = profile.hardware_class == requirements.device_class;
    verdict.admitted = true;
    for (const Filter* filter : filters.device_profile()) {
      if (auto reason = filter->CheckProfile(requirements, profile)) {
        verdict.admitted = false;
        verdict.filter = filters.OrderOf(filter);
        verdict.reason = std::move(*reason);
        break;
      }
    }
    if (verdict.admitted) {
      match->admitted_slot[s] = static_cast<std::uint32_t>(match->admitted_device_shapes.size());
      match->admitted_device_shapes.push_back(s);
    }
  }
  // Group worker shapes by what the request sees of them: the eligible
  // devices, by index and shape (CPU slots are checked per worker).
  match->group_of_shape.resize(worker_shapes_.size());
  std::map<std::vector<std::uint32_t>, std::uint32_t> group_ids;
  std::vector<std::uint32_t> key;
  for (std::uint32_t ws = 0; ws < worker_shapes_.size(); ++ws) {
    const WorkerShape& shape = worker_shapes_[ws];
    key.clear();
    for (std::uint32_t d = 0; d < shape.device_shapes.size(); ++d) {
      if (match->device_shapes[shape.device_shapes[d]].admitted) {
        key.push_back(d);
        key.push_back(shape.device_shapes[d]);
      }
    }
    const std::size_t eligible = key.size() / 2;
    const bool fits = match->uses_cpu_slots
                          ? eligible > 0 && shape.cpu_slots >= match->required_count
                          : eligible >= match->required_count;
    if (!fits) continue;
    auto [found, inserted] =
        group_ids.emplace(key, static_cast<std::uint32_t>(match->groups.size()));
    if (inserted) {
      WorkerGroup group;
      for (std::size_t i = 0; i < key.size(); i += 2) {
        group.eligible_devices.push_back(key[i]);
        group.eligible_shapes.push_back(key[i + 1]);
        group.eligible_slots.push_back(*match->admitted_slot[key[i + 1]]);
        if (key[i] < 64) group.eligible_mask |= std::uint64_t{1} << key[i];
      }
      match->groups.push_back(std::move(group));
    }
    match->groups[found->second].worker_shapes.push_back(ws);
    match->group_of_shape[ws] = found->second;
  }
  if (!requirements.worker_labels.empty()) {
    match->label_ok.resize(label_sets_.size());
    for (std::size_t l = 0; l < label_sets_.size(); ++l) {
      match->label_ok[l] = LabelsMatch(requirements.worker_labels, label_sets_[l]);
    }
  }
  for (WorkerGroup& group : match->groups) {
    if (group.worker_shapes.size() == 1 && match->label_ok.empty()) {
      group.workers = worker_shapes_[group.worker_shapes.front()].workers;
      continue;
    }
    for (std::uint32_t ws : group.worker_shapes) {
      for (std::uint32_t w : worker_shapes_[ws].workers) {
        if (match->LabelsOk(live_workers_[w])) group.merged.push_back(w);
      }
    }
    std::sort(group.merged.begin(), group.merged.end());
    group.workers = group.merged;
  }
  // Drop the groups no worker is left in (their labels do not match).
  std::vector<WorkerGroup> kept;
  std::vector<std::optional<std::uint32_t>> renumber(match->groups.size());
  for (std::size_t g = 0; g < match->groups.size(); ++g) {
    if (match->groups[g].workers.empty()) continue;
    renumber[g] = static_cast<std::uint32_t>(kept.size());
    kept.push_back(std::move(match->groups[g]));  // spans stay valid: buffers move along
  }
  for (auto& group : match->group_of_shape) {
    if (group) group = renumber[*group];
  }
  match->groups = std::move(kept);
  return match;
}

}  // namespace hawk::engine
