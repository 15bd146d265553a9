// The device class, and the count: a worker must hold `count` matching devices
// of the class. A task of class cpu runs on the worker's CPU device and takes
// `count` of its CPU slots instead of whole devices.
#include "engine/filters/filter_set.h"

namespace hawk::engine {
namespace {

class DeviceClassFilter final : public Filter {
 public:
  std::string_view name() const override { return "device_class"; }
  unsigned hooks() const override { return kDeviceProfile; }

  std::optional<std::string> CheckProfile(const ResourceRequirements& requirements,
                                          const DeviceProfile& device) const override {
    if (device.hardware_class == requirements.device_class) return std::nullopt;
    return "are not " + std::string(hawk::ToString(requirements.device_class));
  }
};

}  // namespace

std::string CountShortfallReason(const PlacementRequest& request, bool static_shape) {
  const std::string count = std::to_string(request.RequiredCount());
  if (request.UsesCpuSlots()) return "on workers with fewer than " + count + " CPU slots";
  return "on workers with fewer than " + count + (static_shape ? " matching" : " free");
}

std::unique_ptr<Filter> MakeDeviceClassFilter() {
  return std::make_unique<DeviceClassFilter>();
}

}  // namespace hawk::engine
