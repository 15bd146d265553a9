// Every required precision must be supported by the device.
#include "engine/filters/filter_set.h"
#include "engine/filters/phrases.h"

namespace hawk::engine {
namespace {

class PrecisionsFilter final : public Filter {
 public:
  std::string_view name() const override { return "precisions"; }
  unsigned hooks() const override { return kDeviceProfile; }

  std::optional<std::string> CheckProfile(const ResourceRequirements& requirements,
                                          const DeviceProfile& device) const override {
    if (device.precisions.ContainsAll(requirements.precisions)) return std::nullopt;
    return "lack " + JoinWithAnd(device.precisions.Missing(requirements.precisions));
  }
  std::string Need(const ResourceRequirements& requirements) const override {
    return JoinWithAnd(requirements.precisions);
  }
};

}  // namespace

std::unique_ptr<Filter> MakePrecisionsFilter() {
  return std::make_unique<PrecisionsFilter>();
}

}  // namespace hawk::engine
