#include "engine/fleet.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "engine/fleet_index.h"

namespace hawk::engine {
namespace {

Status ValidateWorker(const WorkerState& worker) {
  const std::string& id = worker.profile.worker_id;
  if (id.empty()) return InvalidArgument("worker id is empty", "workers");
  if (worker.devices.size() != worker.profile.devices.size()) {
    return InvalidArgument("worker has " + std::to_string(worker.devices.size()) +
                               " device states but its profile lists " +
                               std::to_string(worker.profile.devices.size()) + " devices",
                           id, "keep WorkerState::devices in profile order");
  }
  for (std::size_t i = 0; i < worker.devices.size(); ++i) {
    const std::string& device_id = worker.devices[i].profile.id;
    if (device_id != worker.profile.devices[i].id) {
      return InvalidArgument("device state " + std::to_string(i) + " is '" + device_id +
                                 "' but the profile lists '" + worker.profile.devices[i].id + "'",
                             id, "keep WorkerState::devices in profile order");
    }
    if (device_id.empty()) return InvalidArgument("device id is empty", id);
  }
  // Most workers hold a handful of devices: a pairwise check beats sorting.
  std::vector<std::string_view> ids;
  if (worker.devices.size() > 16) {
    for (const DeviceState& d : worker.devices) ids.push_back(d.profile.id);
    std::sort(ids.begin(), ids.end());
    const auto twice = std::adjacent_find(ids.begin(), ids.end());
    if (twice != ids.end()) {
      return InvalidArgument("duplicate device id '" + std::string(*twice) + "'", id);
    }
    return Ok();
  }
  for (std::size_t i = 0; i < worker.devices.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (worker.devices[i].profile.id == worker.devices[j].profile.id) {
        return InvalidArgument("duplicate device id '" + worker.devices[i].profile.id + "'", id);
      }
    }
  }
  return Ok();
}

}  // namespace

WorkerState WorkerState::FromProfile(WorkerProfile profile) {
  WorkerState state;
  state.devices.reserve(profile.devices.size());
  for (const DeviceProfile& device : profile.devices) {
    DeviceState device_state;
    device_state.profile = device;
    state.devices.push_back(std::move(device_state));
  }
  state.profile = std::move(profile);
  return state;
}

FleetSnapshot::FleetSnapshot()
    : FleetSnapshot(std::make_shared<std::vector<WorkerState>>(), FleetIndex::Build({})) {}

FleetSnapshot::FleetSnapshot(std::shared_ptr<std::vector<WorkerState>> workers,
                             std::shared_ptr<FleetIndex> index)
    : workers_(std::move(workers)), index_(std::move(index)) {}

bool FleetSnapshot::UpdateLiveState(std::size_t worker_index, const WorkerState& state) {
  if (workers_.use_count() != 1 || index_.use_count() != 1) return false;
  WorkerState& worker = (*workers_)[worker_index];
  if (worker.devices.size() != state.devices.size()) return false;
  worker.connected = state.connected;
  worker.draining = state.draining;
  worker.cpu_utilization = state.cpu_utilization;
  worker.memory_utilization = state.memory_utilization;
  for (std::size_t d = 0; d < state.devices.size(); ++d) {
    DeviceState& device = worker.devices[d];
    const DeviceState& from = state.devices[d];
    device.utilization = from.utilization;
    device.memory_utilization = from.memory_utilization;
    device.temperature_celsius = from.temperature_celsius;
    device.thermal_state = from.thermal_state;
    device.time_to_throttle = from.time_to_throttle;
    device.quarantined = from.quarantined;
    device.throttling = from.throttling;
  }
  index_->UpdateLive(worker_index, worker);
  return true;
}

Result<FleetSnapshot> FleetSnapshot::Build(std::vector<WorkerState> workers) {
  for (const WorkerState& worker : workers) {
    if (auto status = ValidateWorker(worker); !status) return tl::unexpected(status.error());
  }
  const auto by_id = [](const WorkerState& a, const WorkerState& b) {
    return a.profile.worker_id < b.profile.worker_id;
  };
  if (!std::is_sorted(workers.begin(), workers.end(), by_id)) {
    std::sort(workers.begin(), workers.end(), by_id);
  }
  for (std::size_t i = 1; i < workers.size(); ++i) {
    if (workers[i].profile.worker_id == workers[i - 1].profile.worker_id) {
      return InvalidArgument("duplicate worker id '" + workers[i].profile.worker_id + "'",
                             "workers");
    }
  }
  auto index = FleetIndex::Build(workers);
  return FleetSnapshot(std::make_shared<std::vector<WorkerState>>(std::move(workers)),
                       std::move(index));
}

std::optional<std::size_t> FleetSnapshot::FindWorker(std::string_view worker_id) const {
  const auto& all = *workers_;
  const auto it = std::lower_bound(
      all.begin(), all.end(), worker_id,
      [](const WorkerState& w, std::string_view id) { return w.profile.worker_id < id; });
  if (it == all.end() || it->profile.worker_id != worker_id) return std::nullopt;
  return static_cast<std::size_t>(it - all.begin());
}

}  // namespace hawk::engine
