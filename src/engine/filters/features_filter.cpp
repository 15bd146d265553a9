// Every required feature must be supported by the device.
#include "engine/filters/filter_set.h"
#include "engine/filters/phrases.h"

namespace hawk::engine {
namespace {

class FeaturesFilter final : public Filter {
 public:
  std::string_view name() const override { return "features"; }
  unsigned hooks() const override { return kDeviceProfile; }

  std::optional<std::string> CheckProfile(const ResourceRequirements& requirements,
                                          const DeviceProfile& device) const override {
    if (device.features.ContainsAll(requirements.features)) return std::nullopt;
    return "lack " + JoinWithAnd(device.features.Missing(requirements.features));
  }
  std::string Need(const ResourceRequirements& requirements) const override {
    return JoinWithAnd(requirements.features);
  }
};

}  // namespace

std::unique_ptr<Filter> MakeFeaturesFilter() {
  return std::make_unique<FeaturesFilter>();
}

}  // namespace hawk::engine
