// A minimum compute capability (CUDA's 8.0, 9.0, ...). A device that reports
// none does not meet a minimum.
#include "engine/filters/filter_set.h"

namespace hawk::engine {
namespace {

class ComputeCapabilityFilter final : public Filter {
 public:
  std::string_view name() const override { return "compute_capability"; }
  unsigned hooks() const override { return kDeviceProfile; }

  std::optional<std::string> CheckProfile(const ResourceRequirements& requirements,
                                          const DeviceProfile& device) const override {
    if (!requirements.min_compute_capability) return std::nullopt;
    if (device.compute_capability &&
        *device.compute_capability >= *requirements.min_compute_capability) {
      return std::nullopt;
    }
    return "are below compute capability " + requirements.min_compute_capability->ToString();
  }
  std::string Need(const ResourceRequirements& requirements) const override {
    if (!requirements.min_compute_capability) return {};
    return "compute capability " + requirements.min_compute_capability->ToString();
  }
};

}  // namespace

std::unique_ptr<Filter> MakeComputeCapabilityFilter() {
  return std::make_unique<ComputeCapabilityFilter>();
}

}  // namespace hawk::engine
