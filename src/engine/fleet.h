// The live state the scheduler sees: each worker's static profile plus its
// dynamic state (utilization, temperature, health), frozen in an immutable
// FleetSnapshot. Shells (coordinator, simulator) build a new snapshot when the
// fleet changes; placement policies only read snapshots.
//
// Threading: a FleetSnapshot is immutable after Build and may be read from any
// number of threads; copies share the same data (cheap to copy).
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/device.h"
#include "core/enum_names.h"
#include "core/result.h"
#include "core/units.h"

namespace hawk::engine {

#define HAWK_THERMAL_STATES(X) \
  X(kNormal, "normal")         \
  X(kWarm, "warm") X(kHot, "hot") X(kThrottling, "throttling") X(kCritical, "critical")
// The thermal tracker's verdict on a device (monitor module), in rising order.
enum class ThermalState : unsigned char { HAWK_THERMAL_STATES(HAWK_ENUM_MEMBER_) };

}  // namespace hawk::engine

namespace hawk {
template <>
struct EnumTraits<engine::ThermalState> {
  static constexpr std::string_view kKind = "thermal state";
  static constexpr std::array kNames = {HAWK_THERMAL_STATES(HAWK_ENUM_NAME_)};
};
}  // namespace hawk

namespace hawk::engine {

struct DeviceState {
  DeviceProfile profile;
  Fraction utilization;                       // compute busy share, last sample
  Fraction memory_utilization;                // device memory in use / total
  std::optional<double> temperature_celsius;  // nullopt: no sensor
  ThermalState thermal_state = ThermalState::kNormal;
  // Predicted time until the device throttles (thermal tracker); nullopt when
  // there is no prediction or the device is not heating up.
  std::optional<Duration> time_to_throttle;
  bool quarantined = false;  // taken out of service by recovery
  bool throttling = false;   // the driver reports active clock throttling
};

struct WorkerState {
  // The live fields first: a heartbeat touches them, not the profile.
  bool connected = true;
  // Finishing its running work before it leaves: it takes no new work.
  bool draining = false;
  Fraction cpu_utilization;
  Fraction memory_utilization;       // host memory in use / total
  std::vector<DeviceState> devices;  // same order (and ids) as profile.devices
  WorkerProfile profile;

  // A worker with every device idle, cool and healthy.
  static WorkerState FromProfile(WorkerProfile profile);
};

class FleetIndex;

// The whole fleet at one instant: workers sorted by worker id, plus an index
// of the fleet's static shape (see fleet_index.h) built once per snapshot.
class FleetSnapshot {
 public:
  FleetSnapshot();  // an empty fleet

  // Sorts `workers` by worker id and builds the shape index. Errors
  // (kInvalidArgument): an empty or duplicate worker id, a duplicate device id
  // within a worker, devices that do not match profile.devices (count or ids).
  static Result<FleetSnapshot> Build(std::vector<WorkerState> workers);

  [[nodiscard]] const std::vector<WorkerState>& workers() const { return *workers_; }
  [[nodiscard]] std::size_t size() const { return workers_->size(); }
  // Binary search by id; nullopt when the worker is not in the fleet.
  [[nodiscard]] std::optional<std::size_t> FindWorker(std::string_view worker_id) const;
  [[nodiscard]] const FleetIndex& index() const { return *index_; }

  // Replaces the dynamic state (connected, draining, utilization, per-device load,
  // temperature, thermal state, health) of the worker at `worker_index` with
  // `state`'s, in place: what a heartbeat changes, without rebuilding the
  // index. `state` must describe the same worker with the same devices.
  // Returns false, changing nothing, when a copy of this snapshot shares its
  // state (a snapshot someone holds never changes under them); rebuild then.
  bool UpdateLiveState(std::size_t worker_index, const WorkerState& state);

 private:
  FleetSnapshot(std::shared_ptr<std::vector<WorkerState>> workers,
                std::shared_ptr<FleetIndex> index);

  std::shared_ptr<std::vector<WorkerState>> workers_;
  std::shared_ptr<FleetIndex> index_;
};

}  // namespace hawk::engine
