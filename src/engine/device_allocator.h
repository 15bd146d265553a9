// Device reservations: which attempt holds which devices (and CPU slots) on
// which worker. A task gets specific devices; a device given to one attempt is
// never given to another until released. Tasks of class cpu share the
// worker's CPU through WorkerProfile::cpu_slots instead of taking a device.
//
// Keyed by attempt id (each dispatch of a task is one attempt). Release on
// completion or failure (Release) and on worker loss (ReleaseWorker). Device
// indices refer to the worker's profile at allocation time; when a worker
// re-registers with other hardware, release it first.
//
// Threading: not synchronised; one owner (the orchestrator) mutates it, and
// policies read it between mutations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/device.h"
#include "core/result.h"

namespace hawk::engine {

class FleetSnapshot;
struct Placement;

struct Allocation {
  std::string attempt_id;
  std::string worker_id;
  std::vector<std::uint32_t> device_indices;  // ascending
  std::vector<std::string> device_ids;        // same order
  std::uint32_t cpu_slots = 0;                // > 0: a class-cpu task; its devices are shared
  friend bool operator==(const Allocation&, const Allocation&) = default;
};

// What is reserved on one worker.
struct WorkerUsage {
  // What placement reads comes first (one cache line for short ids).
  std::uint64_t taken_low = 0;  // bit i: device i (< 64) is taken
  std::uint32_t devices_taken = 0;
  std::uint32_t cpu_slots_used = 0;
  std::string worker_id;
  std::vector<bool> taken_high;       // devices 64 and up; shorter = not taken
  std::vector<std::string> attempts;  // attempt ids, in allocation order

  [[nodiscard]] bool IsTaken(std::size_t device_index) const {
    if (device_index < 64) return ((taken_low >> device_index) & 1U) != 0;
    const std::size_t high = device_index - 64;
    return high < taken_high.size() && taken_high[high];
  }
  void SetTaken(std::size_t device_index, bool taken);
};

class DeviceAllocator {
 public:
  DeviceAllocator() = default;
  // Copies are independent (the lookup table is rebuilt for the copy).
  DeviceAllocator(const DeviceAllocator& other);
  DeviceAllocator& operator=(const DeviceAllocator& other);
  DeviceAllocator(DeviceAllocator&&) = default;
  DeviceAllocator& operator=(DeviceAllocator&&) = default;
  ~DeviceAllocator() = default;

  // Reserves a placement made on `snapshot`. Errors: kAlreadyExists (the
  // attempt holds devices), kNotFound (worker or device not in the snapshot),
  // kBusy (a device is taken, or not enough free CPU slots), kInvalidArgument
  // (no devices, duplicates, a placement that does not match the snapshot).
  Status Allocate(std::string_view attempt_id, const FleetSnapshot& snapshot,
                  const Placement& placement);

  // The same, by device ids on a worker profile. cpu_slots > 0 reserves CPU
  // slots (at most worker.cpu_slots in all) and `device_ids` must name CPU
  // devices, which stay shared; cpu_slots == 0 takes the devices exclusively.
  Status Allocate(std::string_view attempt_id, const WorkerProfile& worker,
                  const std::vector<std::string>& device_ids, std::uint32_t cpu_slots);

  // Frees an attempt's devices. kNotFound for an unknown attempt.
  Status Release(std::string_view attempt_id);

  // Hands what `from` holds to `to`, unchanged (an attempt dispatched ahead
  // takes over its predecessor's devices when that one ends). Errors:
  // kNotFound (`from` holds nothing), kAlreadyExists (`to` holds devices),
  // kInvalidArgument (an empty id).
  Status Transfer(std::string_view from, std::string_view to);

  // Frees everything held on a lost worker; returns the released attempt ids,
  // sorted.
  std::vector<std::string> ReleaseWorker(std::string_view worker_id);

  // nullptr when nothing is reserved on the worker. The second form takes
  // WorkerIdHash(worker_id) precomputed (the fleet index keeps it per worker):
  // one probe of a flat table, no string hashing.
  [[nodiscard]] const WorkerUsage* Usage(std::string_view worker_id) const;
  [[nodiscard]] const WorkerUsage* Usage(std::string_view worker_id, std::uint64_t id_hash) const;
  // Hints that Usage(..., id_hash) follows soon: Prefetch starts loading
  // its table slot; PrefetchUsage (once the slot is loaded) the reservation.
  void Prefetch(std::uint64_t id_hash) const {
    if (!table_.empty()) __builtin_prefetch(&table_[id_hash & (table_.size() - 1)]);
  }
  void PrefetchUsage(std::uint64_t id_hash) const {
    if (table_.empty()) return;
    const Slot& slot = table_[id_hash & (table_.size() - 1)];
    if (slot.usage && slot.hash == id_hash) __builtin_prefetch(slot.usage);
  }
  // nullptr for an unknown attempt.
  [[nodiscard]] const Allocation* Find(std::string_view attempt_id) const;
  [[nodiscard]] std::size_t attempt_count() const { return allocations_.size(); }

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  Status Commit(std::string_view attempt_id, const WorkerProfile& worker,
                std::vector<std::uint32_t> device_indices, std::uint32_t cpu_slots);
  WorkerUsage& UsageFor(const std::string& worker_id);
  void EraseUsage(StringMap<WorkerUsage>::iterator it);

  // Open addressing (linear probing, backward-shift deletion) from
  // WorkerIdHash to the usage in workers_ (node addresses are stable).
  struct Slot {
    std::uint64_t hash = 0;
    WorkerUsage* usage = nullptr;  // nullptr: empty
  };
  void TableInsert(std::uint64_t hash, WorkerUsage* usage);
  void TableErase(std::uint64_t hash, const WorkerUsage* usage);

  StringMap<Allocation> allocations_;
  StringMap<WorkerUsage> workers_;
  std::vector<Slot> table_;  // size: 0 or a power of two, at most half full
};

// FNV-1a (64-bit) of a worker id: stable across platforms and runs.
std::uint64_t WorkerIdHash(std::string_view worker_id);

}  // namespace hawk::engine
