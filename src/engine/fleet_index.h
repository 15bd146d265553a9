// The fleet's static shape and packed live state, so a decision need not scan
// every worker nor chase every worker's full state.
//
// Shapes. Devices with the same static facts (class, model, memory, backends,
// precisions, features, vendor, architecture, compute capability, ...) share a
// device shape; workers whose device shapes (in order) and CPU slots agree
// share a worker shape. A heterogeneous fleet of 100 k workers has a few dozen
// shapes. Static filters run once per (requirements, device shape), and the
// result (StaticMatch) is memoised per requirements: it lists the groups of
// workers that can host the request, where a group joins the worker shapes
// that look the same to it (same eligible devices; e.g. GPU workers that differ
// only in their CPU, for a GPU task). Worker labels are not part of a shape:
// distinct label sets are interned, the rule runs once per label set, and a
// group lists only the workers whose labels match. Exclusions (per task) are
// checked per visited worker.
//
// Live state. The dynamic fields placement reads (utilization, temperature,
// health) are copied into small contiguous records (LiveWorker, LiveDevice),
// so visiting a worker touches a cache line or two, not its whole state.
//
// Threading: immutable after Build except for the memo, which is guarded by a
// mutex; Match may be called from several threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/device.h"
#include "core/workload.h"
#include "engine/fleet.h"

namespace hawk::engine {

// A device's dynamic state, packed (see DeviceState for the meaning).
struct LiveDevice {
  Fraction utilization;
  Fraction memory_utilization;
  float temperature_celsius = 0.0F;      // meaningful when has_temperature
  std::int32_t time_to_throttle_ms = 0;  // meaningful when has_time_to_throttle
  ThermalState thermal_state = ThermalState::kNormal;
  bool has_temperature = false;
  bool has_time_to_throttle = false;
  bool quarantined = false;
  bool throttling = false;

  [[nodiscard]] std::optional<double> temperature() const {
    return has_temperature ? std::optional<double>(temperature_celsius) : std::nullopt;
  }
  [[nodiscard]] std::optional<Duration> time_to_throttle() const {
    return has_time_to_throttle ? std::optional<Duration>(Duration(time_to_throttle_ms))
                                : std::nullopt;
  }
};

// A worker's dynamic state, packed, with its place in the index.
struct LiveWorker {
  static constexpr std::size_t kInlineId = 30;

  std::uint64_t id_hash = 0;       // WorkerIdHash(worker_id), for DeviceAllocator::Usage
  std::uint32_t first_device = 0;  // its devices in FleetIndex::live_devices
  std::uint32_t shape = 0;         // its worker shape
  std::uint32_t label_set = 0;     // its interned labels
  Fraction cpu_utilization;
  Fraction memory_utilization;
  bool connected = true;
  bool draining = false;
  std::uint8_t inline_id_size = 0;          // 0: the id is longer than kInlineId
  std::array<char, kInlineId> inline_id{};  // a copy of a short worker id

  // The worker id, without touching the (large) WorkerState when it is short.
  [[nodiscard]] std::string_view id(const FleetSnapshot& snapshot, std::size_t worker_index) const {
    if (inline_id_size > 0) return {inline_id.data(), inline_id_size};
    return snapshot.workers()[worker_index].profile.worker_id;
  }
};

// One device shape's static verdict for some requirements.
struct DeviceShapeVerdict {
  bool in_class = false;    // of the requested class (the explanation's population)
  bool admitted = false;    // passes every static device filter
  std::uint8_t filter = 0;  // FilterSet order of the first rejecting filter
  std::string reason;       // its reason ("lack fp8"); empty when admitted
};

// Workers that look the same to a request and can host it when idle.
struct WorkerGroup {
  // Device indices of the class that pass the static filters, ascending, and
  // their device shapes.
  std::vector<std::uint32_t> eligible_devices;
  std::vector<std::uint32_t> eligible_shapes;
  std::vector<std::uint32_t> eligible_slots;  // positions in admitted_device_shapes
  std::uint64_t eligible_mask = 0;            // bit d: eligible device d (< 64)
  std::vector<std::uint32_t> worker_shapes;   // the worker shapes joined here
  // The group's workers (indices into the snapshot), ascending. Points into
  // the index or into `merged`; valid while the index lives.
  std::span<const std::uint32_t> workers;
  std::vector<std::uint32_t> merged;
};

// Static verdicts for one set of requirements over every shape of a fleet.
struct StaticMatch {
  std::uint32_t required_count = 1;
  bool uses_cpu_slots = false;
  std::vector<DeviceShapeVerdict> device_shapes;  // by device shape id
  std::vector<WorkerGroup> groups;
  std::vector<std::optional<std::uint32_t>> group_of_shape;  // by worker shape id
  // Admitted device shapes, ascending; admitted_slot[shape] is the position.
  std::vector<std::uint32_t> admitted_device_shapes;
  std::vector<std::optional<std::uint32_t>> admitted_slot;  // by device shape id
  // Whether each interned label set has the required labels; empty when the
  // requirements name none.
  std::vector<bool> label_ok;

  [[nodiscard]] bool LabelsOk(const LiveWorker& worker) const {
    return label_ok.empty() || label_ok[worker.label_set];
  }
};

struct WorkerShape {
  std::vector<std::uint32_t> device_shapes;  // by device index
  std::uint32_t cpu_slots = 0;
  std::vector<std::uint32_t> workers;  // indices into the snapshot, ascending (id order)
};

class FleetIndex {
 public:
  // `workers` sorted by id, validated (see FleetSnapshot::Build).
  static std::shared_ptr<FleetIndex> Build(const std::vector<WorkerState>& workers);
  // Copies the dynamic state of worker `worker_index` (utilization,
  // temperature, health) into its packed records. The worker's shape (its
  // devices and labels) must be the one the index was built with.
  void UpdateLive(std::size_t worker_index, const WorkerState& worker);

  [[nodiscard]] std::size_t device_shape_count() const { return device_shapes_.size(); }
  // The shape's static facts (a device profile without id, PCI id or UUID).
  [[nodiscard]] const DeviceProfile& device_shape(std::uint32_t shape) const {
    return device_shapes_[shape];
  }
  [[nodiscard]] const std::vector<WorkerShape>& worker_shapes() const { return worker_shapes_; }
  [[nodiscard]] std::uint32_t worker_shape_of(std::size_t worker_index) const {
    return live_workers_[worker_index].shape;
  }
  [[nodiscard]] const LiveWorker& live_worker(std::size_t worker_index) const {
    return live_workers_[worker_index];
  }
  [[nodiscard]] const LiveDevice& live_device(const LiveWorker& worker,
                                              std::size_t device_index) const {
    return live_devices_[worker.first_device + device_index];
  }
  // Hints that a worker's live state is read soon (a search walks workers in
  // a known order, so it can start the memory loads ahead of time).
  void PrefetchWorker(std::size_t worker_index) const {
    __builtin_prefetch(&live_workers_[worker_index]);
  }
  void PrefetchDevices(const LiveWorker& worker) const {
    __builtin_prefetch(&live_devices_[worker.first_device]);
  }

  // Static verdicts for `requirements` (memoised; at most kMaxCachedMatches
  // requirement sets are kept, then the memo starts over).
  [[nodiscard]] std::shared_ptr<const StaticMatch> Match(
      const ResourceRequirements& requirements) const;
  [[nodiscard]] std::size_t cached_match_count() const;

  static constexpr std::size_t kMaxCachedMatches = 1024;

 private:
  struct RequirementsHash {
    std::size_t operator()(const ResourceRequirements& r) const;
  };
  struct RequirementsEqual {
    bool operator()(const ResourceRequirements& a, const ResourceRequirements& b) const;
  };

  [[nodiscard]] std::shared_ptr<const StaticMatch> Compute(
      const ResourceRequirements& requirements) const;

  std::deque<DeviceProfile> device_shapes_;  // deque: stable addresses while interning
  std::vector<WorkerShape> worker_shapes_;
  std::vector<LiveWorker> live_workers_;
  std::vector<LiveDevice> live_devices_;
  std::vector<std::map<std::string, std::string>> label_sets_;

  mutable std::mutex mutex_;
  mutable std::unordered_map<ResourceRequirements, std::shared_ptr<const StaticMatch>,
                             RequirementsHash, RequirementsEqual>
      cache_;
};

}  // namespace hawk::engine
