// A required vendor and a required architecture, when the task names them.
// (Preferred vendors and architectures are soft: see the preference scorer.)
#include "engine/filters/filter_set.h"

namespace hawk::engine {
namespace {

class VendorArchitectureFilter final : public Filter {
 public:
  std::string_view name() const override { return "vendor_architecture"; }
  unsigned hooks() const override { return kDeviceProfile; }

  std::optional<std::string> CheckProfile(const ResourceRequirements& requirements,
                                          const DeviceProfile& device) const override {
    if (requirements.vendor && device.vendor != *requirements.vendor) {
      return "are not " + std::string(hawk::ToString(*requirements.vendor));
    }
    if (requirements.architecture && device.architecture != *requirements.architecture) {
      return "are not " + std::string(hawk::ToString(*requirements.architecture));
    }
    return std::nullopt;
  }
  std::string Need(const ResourceRequirements& requirements) const override {
    std::string out;
    if (requirements.vendor) out = "vendor " + std::string(hawk::ToString(*requirements.vendor));
    if (requirements.architecture) {
      if (!out.empty()) out += " and ";
      out += "architecture " + std::string(hawk::ToString(*requirements.architecture));
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Filter> MakeVendorArchitectureFilter() {
  return std::make_unique<VendorArchitectureFilter>();
}

}  // namespace hawk::engine
