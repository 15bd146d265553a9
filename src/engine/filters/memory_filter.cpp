// Memory per device: each device the task gets must have at least this much.
#include "engine/filters/filter_set.h"

namespace hawk::engine {
namespace {

class MemoryFilter final : public Filter {
 public:
  std::string_view name() const override { return "memory"; }
  unsigned hooks() const override { return kDeviceProfile; }

  std::optional<std::string> CheckProfile(const ResourceRequirements& requirements,
                                          const DeviceProfile& device) const override {
    if (!requirements.memory_per_device_bytes ||
        device.memory_total_bytes >= *requirements.memory_per_device_bytes) {
      return std::nullopt;
    }
    return "have less than " + FormatBytes(*requirements.memory_per_device_bytes);
  }
  std::string Need(const ResourceRequirements& requirements) const override {
    if (!requirements.memory_per_device_bytes) return {};
    return FormatBytes(*requirements.memory_per_device_bytes) + " memory";
  }
};

}  // namespace

std::unique_ptr<Filter> MakeMemoryFilter() {
  return std::make_unique<MemoryFilter>();
}

}  // namespace hawk::engine
