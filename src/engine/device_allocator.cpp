#include "engine/device_allocator.h"

#include <algorithm>
#include <utility>

#include "engine/fleet.h"
#include "engine/hash.h"
#include "engine/placement.h"

namespace hawk::engine {

DeviceAllocator::DeviceAllocator(const DeviceAllocator& other)
    : allocations_(other.allocations_), workers_(other.workers_) {
  for (auto& [id, usage] : workers_) TableInsert(WorkerIdHash(id), &usage);
}

DeviceAllocator& DeviceAllocator::operator=(const DeviceAllocator& other) {
  if (this != &other) *this = DeviceAllocator(other);
  return *this;
}

Status DeviceAllocator::Allocate(std::string_view attempt_id, const FleetSnapshot& snapshot,
                                 const Placement& placement) {
  if (placement.worker_index >= snapshot.size() ||
      snapshot.workers()[placement.worker_index].profile.worker_id != placement.worker_id) {
    return InvalidArgument(
        "placement on worker '" + placement.worker_id + "' does not match the snapshot",
        std::string(attempt_id));
  }
  const WorkerProfile& worker = snapshot.workers()[placement.worker_index].profile;
  if (placement.device_indices.size() != placement.device_ids.size()) {
    return InvalidArgument("placement lists different device indices and ids",
                           std::string(attempt_id));
  }
  for (std::size_t i = 0; i < placement.device_indices.size(); ++i) {
    const std::uint32_t index = placement.device_indices[i];
    if (index >= worker.devices.size() || worker.devices[index].id != placement.device_ids[i]) {
      return MakeError(ErrorCode::kNotFound,
                       "device '" + placement.device_ids[i] + "' is not on worker '" +
                           worker.worker_id + "' at index " + std::to_string(index),
                       std::string(attempt_id));
    }
  }
  return Commit(attempt_id, worker, placement.device_indices, placement.cpu_slots);
}

Status DeviceAllocator::Allocate(std::string_view attempt_id, const WorkerProfile& worker,
                                 const std::vector<std::string>& device_ids,
                                 std::uint32_t cpu_slots) {
  std::vector<std::uint32_t> indices;
  indices.reserve(device_ids.size());
  for (const std::string& id : device_ids) {
    const auto it = std::find_if(worker.devices.begin(), worker.devices.end(),
                                 [&](const DeviceProfile& d) { return d.id == id; });
    if (it == worker.devices.end()) {
      return MakeError(ErrorCode::kNotFound,
                       "device '" + id + "' is not on worker '" + worker.worker_id + "'",
                       std::string(attempt_id));
    }
    indices.push_back(static_cast<std::uint32_t>(it - worker.devices.begin()));
  }
  return Commit(attempt_id, worker, std::move(indices), cpu_slots);
}

Status DeviceAllocator::Commit(std::string_view attempt_id, const WorkerProfile& worker,
                               std::vector<std::uint32_t> device_indices, std::uint32_t cpu_slots) {
  const std::string where(attempt_id);
  if (attempt_id.empty()) return InvalidArgument("attempt id is empty");
  if (allocations_.find(attempt_id) != allocations_.end()) {
    return MakeError(ErrorCode::kAlreadyExists, "attempt already holds devices", where,
                     "release the attempt before allocating again");
  }
  if (device_indices.empty()) {
    return InvalidArgument("an allocation needs at least one device", where);
  }
  std::sort(device_indices.begin(), device_indices.end());
  if (std::adjacent_find(device_indices.begin(), device_indices.end()) != device_indices.end()) {
    return InvalidArgument("a device is listed twice", where);
  }
  for (std::uint32_t index : device_indices) {
    if (index >= worker.devices.size()) {
      return MakeError(
          ErrorCode::kNotFound,
          "device index " + std::to_string(index) + " is not on worker '" + worker.worker_id + "'",
          where);
    }
  }

  const auto found = workers_.find(std::string_view(worker.worker_id));
  const WorkerUsage* existing = found == workers_.end() ? nullptr : &found->second;
  if (cpu_slots > 0) {
    for (std::uint32_t index : device_indices) {
      if (worker.devices[index].hardware_class != HardwareClass::kCpu) {
        return InvalidArgument(
            "CPU slots run on CPU devices; '" + worker.devices[index].id + "' is a " +
                std::string(hawk::ToString(worker.devices[index].hardware_class)),
            where);
      }
    }
    const std::uint32_t used = existing ? existing->cpu_slots_used : 0;
    if (used + cpu_slots > worker.cpu_slots) {
      return MakeError(ErrorCode::kBusy,
                       "worker '" + worker.worker_id + "' has " +
                           std::to_string(worker.cpu_slots - std::min(used, worker.cpu_slots)) +
                           " free CPU slots, the attempt needs " + std::to_string(cpu_slots),
                       where);
    }
  } else if (existing) {
    for (std::uint32_t index : device_indices) {
      if (existing->IsTaken(index)) {
        return MakeError(ErrorCode::kBusy,
                         "device '" + worker.devices[index].id + "' on worker '" +
                             worker.worker_id + "' is already allocated",
                         where);
      }
    }
  }

  WorkerUsage& usage = UsageFor(worker.worker_id);
  if (cpu_slots > 0) {
    usage.cpu_slots_used += cpu_slots;
  } else {
    for (std::uint32_t index : device_indices) usage.SetTaken(index, true);
    usage.devices_taken += static_cast<std::uint32_t>(device_indices.size());
  }
  usage.attempts.emplace_back(attempt_id);

  Allocation allocation;
  allocation.attempt_id = where;
  allocation.worker_id = worker.worker_id;
  allocation.device_ids.reserve(device_indices.size());
  for (std::uint32_t index : device_indices) {
    allocation.device_ids.push_back(worker.devices[index].id);
  }
  allocation.device_indices = std::move(device_indices);
  allocation.cpu_slots = cpu_slots;
  allocations_.emplace(where, std::move(allocation));
  return Ok();
}

Status DeviceAllocator::Release(std::string_view attempt_id) {
  const auto it = allocations_.find(attempt_id);
  if (it == allocations_.end()) {
    return MakeError(ErrorCode::kNotFound, "no allocation for this attempt",
                     std::string(attempt_id));
  }
  const Allocation& allocation = it->second;
  const auto usage_it = workers_.find(std::string_view(allocation.worker_id));
  if (usage_it != workers_.end()) {
    WorkerUsage& usage = usage_it->second;
    if (allocation.cpu_slots > 0) {
      usage.cpu_slots_used -= std::min(usage.cpu_slots_used, allocation.cpu_slots);
    } else {
      for (std::uint32_t index : allocation.device_indices) {
        if (usage.IsTaken(index)) {
          usage.SetTaken(index, false);
          --usage.devices_taken;
        }
      }
    }
    std::erase(usage.attempts, allocation.attempt_id);
    if (usage.attempts.empty()) EraseUsage(usage_it);
  }
  allocations_.erase(it);
  return Ok();
}

Status DeviceAllocator::Transfer(std::string_view from, std::string_view to) {
  if (to.empty()) return InvalidArgument("attempt id is empty");
  const auto it = allocations_.find(from);
  if (it == allocations_.end()) {
    return MakeError(ErrorCode::kNotFound, "no allocation for this attempt", std::string(from));
  }
  if (allocations_.find(to) != allocations_.end()) {
    return MakeError(ErrorCode::kAlreadyExists, "attempt already holds devices", std::string(to),
                     "release the attempt before handing it another's");
  }
  auto node = allocations_.extract(it);
  node.key() = std::string(to);
  node.mapped().attempt_id = std::string(to);
  if (const auto usage = workers_.find(std::string_view(node.mapped().worker_id));
      usage != workers_.end()) {
    std::replace(usage->second.attempts.begin(), usage->second.attempts.end(), std::string(from),
                 std::string(to));
  }
  allocations_.insert(std::move(node));
  return Ok();
}

std::vector<std::string> DeviceAllocator::ReleaseWorker(std::string_view worker_id) {
  std::vector<std::string> released;
  const auto it = workers_.find(worker_id);
  if (it == workers_.end()) return released;
  released = std::move(it->second.attempts);
  EraseUsage(it);
  for (const std::string& attempt : released) {
    const auto found = allocations_.find(std::string_view(attempt));
    if (found != allocations_.end()) allocations_.erase(found);
  }
  std::sort(released.begin(), released.end());
  return released;
}

void WorkerUsage::SetTaken(std::size_t device_index, bool taken) {
  if (device_index < 64) {
    const std::uint64_t bit = std::uint64_t{1} << device_index;
    taken_low = taken ? (taken_low | bit) : (taken_low & ~bit);
    return;
  }
  const std::size_t high = device_index - 64;
  if (high >= taken_high.size()) taken_high.resize(high + 1, false);
  taken_high[high] = taken;
}

const WorkerUsage* DeviceAllocator::Usage(std::string_view worker_id) const {
  const auto it = workers_.find(worker_id);
  return it == workers_.end() ? nullptr : &it->second;
}

const WorkerUsage* DeviceAllocator::Usage(std::string_view worker_id, std::uint64_t id_hash) const {
  if (table_.empty()) return nullptr;
  const std::size_t mask = table_.size() - 1;
  for (std::size_t i = id_hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = table_[i];
    if (!slot.usage) return nullptr;
    if (slot.hash == id_hash && slot.usage->worker_id == worker_id) return slot.usage;
  }
}

WorkerUsage& DeviceAllocator::UsageFor(const std::string& worker_id) {
  auto [it, inserted] = workers_.try_emplace(worker_id);
  if (inserted) {
    it->second.worker_id = worker_id;
    TableInsert(WorkerIdHash(worker_id), &it->second);
  }
  return it->second;
}

void DeviceAllocator::EraseUsage(StringMap<WorkerUsage>::iterator it) {
  TableErase(WorkerIdHash(it->first), &it->second);
  workers_.erase(it);
}

void DeviceAllocator::TableInsert(std::uint64_t hash, WorkerUsage* usage) {
  if (2 * (workers_.size() + 1) > table_.size()) {
    std::vector<Slot> old = std::move(table_);
    table_.assign(std::max<std::size_t>(16, 2 * old.size()), Slot{});
    for (const Slot& slot : old) {
      if (slot.usage) TableInsert(slot.hash, slot.usage);
    }
  }
  const std::size_t mask = table_.size() - 1;
  std::size_t i = hash & mask;
  while (table_[i].usage) i = (i + 1) & mask;
  table_[i] = Slot{hash, usage};
}

void DeviceAllocator::TableErase(std::uint64_t hash, const WorkerUsage* usage) {
  const std::size_t mask = table_.size() - 1;
  std::size_t i = hash & mask;
  while (table_[i].usage != usage) i = (i + 1) & mask;
  // Backward-shift: move later entries of the probe run into the hole.
  for (std::size_t j = (i + 1) & mask; table_[j].usage; j = (j + 1) & mask) {
    const std::size_t home = table_[j].hash & mask;
    // Move j to i when its home is not in the cyclic range (i, j].
    if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
      table_[i] = table_[j];
      i = j;
    }
  }
  table_[i] = Slot{};
}

std::uint64_t WorkerIdHash(std::string_view worker_id) {
  return Fnv1a64(worker_id);
}

const Allocation* DeviceAllocator::Find(std::string_view attempt_id) const {
  const auto it = allocations_.find(attempt_id);
  return it == allocations_.end() ? nullptr : &it->second;
}

}  // namespace hawk::engine
