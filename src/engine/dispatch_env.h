// The environment a dispatched attempt sees (DESIGN.md §6): which devices it
// was given, in each vendor's own variable, and which shard it is, in hawk's,
// GoogleTest's and Bazel's variables. The task's own env comes first; hawk's
// variables win on a clash, since they describe what hawk actually gave it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/workload.h"

namespace hawk::engine {

struct DispatchContext {
  std::string workload_id;
  std::string task_id;
  std::string attempt_id;
  std::uint32_t shard_index = 0;
  std::uint32_t shard_count = 1;
  bool sharded = false;
  std::vector<const DeviceProfile*> devices;  // what the attempt was given
};

// The visible-device index of a device: the number its id ends with ("gpu3"
// -> "3"), which is the index the vendor runtimes use; the uuid when the id
// has no number and the device has one.
std::string VisibleDeviceIndex(const DeviceProfile& device);

std::map<std::string, std::string> BuildDispatchEnv(
    const std::map<std::string, std::string>& task_env, const DispatchContext& context);

}  // namespace hawk::engine
