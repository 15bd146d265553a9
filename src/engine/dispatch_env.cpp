#include "engine/dispatch_env.h"

#include <cctype>

namespace hawk::engine {
namespace {

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += ',';
    out += p;
  }
  return out;
}

}  // namespace

std::string VisibleDeviceIndex(const DeviceProfile& device) {
  std::size_t i = device.id.size();
  while (i > 0 && std::isdigit(static_cast<unsigned char>(device.id[i - 1]))) --i;
  if (i < device.id.size()) return device.id.substr(i);
  return device.uuid.value_or(device.id);
}

std::map<std::string, std::string> BuildDispatchEnv(
    const std::map<std::string, std::string>& task_env, const DispatchContext& context) {
  std::map<std::string, std::string> env = task_env;
  env["HAWK_WORKLOAD_ID"] = context.workload_id;
  env["HAWK_TASK_ID"] = context.task_id;
  env["HAWK_ATTEMPT_ID"] = context.attempt_id;

  std::vector<std::string> ids;
  std::vector<std::string> nvidia;
  std::vector<std::string> amd;
  std::vector<std::string> intel;
  std::vector<std::string> tpu;
  for (const DeviceProfile* d : context.devices) {
    ids.push_back(d->id);
    const std::string index = VisibleDeviceIndex(*d);
    if (d->hardware_class == HardwareClass::kGpu) {
      if (d->vendor == Vendor::kNvidia) nvidia.push_back(index);
      if (d->vendor == Vendor::kAmd) amd.push_back(index);
      if (d->vendor == Vendor::kIntel) intel.push_back(index);
    }
    if (d->hardware_class == HardwareClass::kTpu) tpu.push_back(index);
  }
  env["HAWK_DEVICES"] = Join(ids);
  // A task given only non-NVIDIA devices must not see NVIDIA GPUs either: an
  // empty CUDA_VISIBLE_DEVICES hides them all. Likewise for the others, but
  // only when the attempt holds an accelerator (a CPU task leaves them alone).
  const bool holds_accelerator = !nvidia.empty() || !amd.empty() || !intel.empty() || !tpu.empty();
  if (holds_accelerator) {
    env["CUDA_VISIBLE_DEVICES"] = Join(nvidia);
    env["HIP_VISIBLE_DEVICES"] = Join(amd);
    env["ROCR_VISIBLE_DEVICES"] = Join(amd);
    env["ZE_AFFINITY_MASK"] = Join(intel);
    env["TPU_VISIBLE_CHIPS"] = Join(tpu);
  }
  if (context.sharded) {
    const std::string index = std::to_string(context.shard_index);
    const std::string total = std::to_string(context.shard_count);
    env["HAWK_SHARD_INDEX"] = index;
    env["HAWK_TOTAL_SHARDS"] = total;
    env["GTEST_SHARD_INDEX"] = index;
    env["GTEST_TOTAL_SHARDS"] = total;
    env["TEST_SHARD_INDEX"] = index;
    env["TEST_TOTAL_SHARDS"] = total;
  }
  return env;
}

}  // namespace hawk::engine
