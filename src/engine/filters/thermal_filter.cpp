// Thermal state: a device at critical temperature, or throttling (by the
// thermal tracker's state or the driver's flag), takes no new work. Each rule
// can be switched off in the config (exclude_critical, exclude_throttling);
// the thermal headroom scorer still prefers cooler devices then.
#include "engine/filters/filter_set.h"
#include "engine/placement_config.h"

namespace hawk::engine {
namespace {

class ThermalFilter final : public Filter {
 public:
  std::string_view name() const override { return "thermal"; }
  unsigned hooks() const override { return kDevice; }

  std::optional<std::string_view> CheckDevice(const FilterContext& context,
                                              const LiveDevice& device, const DeviceProfile&,
                                              std::size_t) const override {
    if (context.config.exclude_critical && device.thermal_state == ThermalState::kCritical) {
      return "at critical temperature";
    }
    if (context.config.exclude_throttling &&
        (device.throttling || device.thermal_state == ThermalState::kThrottling)) {
      return "throttling";
    }
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<Filter> MakeThermalFilter() {
  return std::make_unique<ThermalFilter>();
}

}  // namespace hawk::engine
