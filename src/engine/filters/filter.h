// A hard constraint of placement (DESIGN.md §3.2): one filter per file, each
// with a name. A filter implements one or more hooks:
//   kDeviceProfile  static, per device profile; results are cached per
//                   (requirements, device shape) by the snapshot's index.
//   kWorkerProfile  static, per worker and request (labels, exclusions).
//   kWorker         dynamic, per worker state (connected, overloaded, slots).
//   kDevice         dynamic, per device state (quarantined, hot, allocated).
// Dynamic hooks read the packed live state of the snapshot's index
// (fleet_index.h), which is what keeps a decision cheap.
// Filters are stateless and thread-safe; reasons are phrased for the
// explanation ("8 lack fp8", "3 overloaded", "1 throttling").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/device.h"
#include "core/workload.h"
#include "engine/fleet.h"
#include "engine/fleet_index.h"
#include "engine/placement_request.h"

namespace hawk::engine {

struct PlacementConfig;
struct WorkerUsage;

// What the dynamic hooks see besides the worker.
struct FilterContext {
  const PlacementRequest& request;
  const PlacementConfig& config;
  const WorkerUsage* usage;      // reservations on this worker; nullptr = none
  std::uint32_t cpu_slots;       // the worker's CPU slots
  const WorkerProfile& profile;  // the worker's static facts (device ids)
};

class Filter {
 public:
  enum Hook : unsigned {
    kDeviceProfile = 1U << 0U,
    kWorkerProfile = 1U << 1U,
    kWorker = 1U << 2U,
    kDevice = 1U << 3U,
  };

  virtual ~Filter() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  [[nodiscard]] virtual unsigned hooks() const = 0;

  // kDeviceProfile: nullopt admits, else the reason ("lack fp8").
  [[nodiscard]] virtual std::optional<std::string> CheckProfile(
      const ResourceRequirements& /*requirements*/, const DeviceProfile& /*device*/) const {
    return std::nullopt;
  }
  // What the requirements ask of a device through this filter ("fp8",
  // "80GiB memory"); empty when they ask nothing.
  [[nodiscard]] virtual std::string Need(const ResourceRequirements& /*requirements*/) const {
    return {};
  }

  // kWorkerProfile: whether the worker may take the request at all.
  [[nodiscard]] virtual bool AdmitsWorker(const PlacementRequest& /*request*/,
                                          const WorkerProfile& /*worker*/) const {
    return true;
  }
  // Why not ("on workers without label pool=ci"); only called on rejection.
  [[nodiscard]] virtual std::string WorkerReason(const PlacementRequest& /*request*/,
                                                 const WorkerProfile& /*worker*/) const {
    return {};
  }
  // What the request asks of a worker ("label pool=ci"); empty when nothing.
  [[nodiscard]] virtual std::string WorkerNeed(const PlacementRequest& /*request*/) const {
    return {};
  }

  // kWorker / kDevice: nullopt admits, else a reason with static storage.
  [[nodiscard]] virtual std::optional<std::string_view> CheckWorker(
      const FilterContext& /*context*/, const LiveWorker& /*worker*/) const {
    return std::nullopt;
  }
  // `shape`: the device's static facts; `device_index`: its index on the worker.
  [[nodiscard]] virtual std::optional<std::string_view> CheckDevice(
      const FilterContext& /*context*/, const LiveDevice& /*device*/,
      const DeviceProfile& /*shape*/, std::size_t /*device_index*/) const {
    return std::nullopt;
  }
};

}  // namespace hawk::engine
