// Every required backend must be supported by the device.
#include "engine/filters/filter_set.h"
#include "engine/filters/phrases.h"

namespace hawk::engine {
namespace {

class BackendsFilter final : public Filter {
 public:
  std::string_view name() const override { return "backends"; }
  unsigned hooks() const override { return kDeviceProfile; }

  std::optional<std::string> CheckProfile(const ResourceRequirements& requirements,
                                          const DeviceProfile& device) const override {
    if (device.backends.ContainsAll(requirements.backends)) return std::nullopt;
    return "lack " + JoinWithAnd(device.backends.Missing(requirements.backends));
  }
  std::string Need(const ResourceRequirements& requirements) const override {
    return JoinWithAnd(requirements.backends);
  }
};

}  // namespace

std::unique_ptr<Filter> MakeBackendsFilter() {
  return std::make_unique<BackendsFilter>();
}

}  // namespace hawk::engine
