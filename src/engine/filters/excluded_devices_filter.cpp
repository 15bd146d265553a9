// Devices this task must not run on again: where a device-related failure
// (a CUDA error, out of memory, a lost device) happened. The worker's other
// devices stay eligible.
#include "engine/filters/filter_set.h"

namespace hawk::engine {
namespace {

class ExcludedDevicesFilter final : public Filter {
 public:
  std::string_view name() const override { return "excluded_devices"; }
  unsigned hooks() const override { return kDevice; }

  std::optional<std::string_view> CheckDevice(const FilterContext& context, const LiveDevice&,
                                              const DeviceProfile&,
                                              std::size_t device_index) const override {
    const auto& excluded = context.request.excluded_devices;
    if (excluded.empty()) return std::nullopt;
    auto on_worker = excluded.find(context.profile.worker_id);
    if (on_worker == excluded.end() || device_index >= context.profile.devices.size()) {
      return std::nullopt;
    }
    if (!on_worker->second.contains(context.profile.devices[device_index].id)) return std::nullopt;
    return "excluded after failing this task";
  }
};

}  // namespace

std::unique_ptr<Filter> MakeExcludedDevicesFilter() {
  return std::make_unique<ExcludedDevicesFilter>();
}

}  // namespace hawk::engine
