// Health: a disconnected or draining worker takes nothing; a quarantined
// device (taken out of service by recovery after repeated failures) takes
// nothing.
#include "engine/filters/filter_set.h"

namespace hawk::engine {
namespace {

class DeviceHealthFilter final : public Filter {
 public:
  std::string_view name() const override { return "device_health"; }
  unsigned hooks() const override { return kWorker | kDevice; }

  std::optional<std::string_view> CheckWorker(const FilterContext&,
                                              const LiveWorker& worker) const override {
    if (!worker.connected) return "on disconnected workers";
    if (worker.draining) return "on draining workers";
    return std::nullopt;
  }
  std::optional<std::string_view> CheckDevice(const FilterContext&, const LiveDevice& device,
                                              const DeviceProfile&, std::size_t) const override {
    if (!device.quarantined) return std::nullopt;
    return "quarantined";
  }
};

}  // namespace

std::unique_ptr<Filter> MakeDeviceHealthFilter() {
  return std::make_unique<DeviceHealthFilter>();
}

}  // namespace hawk::engine
