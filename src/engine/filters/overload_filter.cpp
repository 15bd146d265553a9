// Overload (seed: "workers with extremely high utilization of any resource are
// temporarily excluded"): the worker's CPU or memory, or the device's memory,
// at or above config.overload_threshold (95 %); an accelerator's compute at or
// above config.accelerator_overload_threshold (98 %), a CPU device's compute
// at or above overload_threshold. A threshold of 1 (100 %) switches its check
// off: a machine busy only with hawk's own tasks is full, which the slots
// already say, not overloaded (`hawk coordinator --overload-threshold 1`).
#include "engine/filters/filter_set.h"
#include "engine/placement_config.h"

namespace hawk::engine {
namespace {

bool Over(Fraction value, Fraction limit) {
  return limit < Fraction::One() && value >= limit;
}

class OverloadFilter final : public Filter {
 public:
  std::string_view name() const override { return "overload"; }
  unsigned hooks() const override { return kWorker | kDevice; }

  std::optional<std::string_view> CheckWorker(const FilterContext& context,
                                              const LiveWorker& worker) const override {
    const Fraction limit = context.config.overload_threshold;
    if (Over(worker.cpu_utilization, limit) || Over(worker.memory_utilization, limit)) {
      return "overloaded";
    }
    return std::nullopt;
  }
  std::optional<std::string_view> CheckDevice(const FilterContext& context,
                                              const LiveDevice& device, const DeviceProfile& shape,
                                              std::size_t) const override {
    const bool accelerator = shape.hardware_class != HardwareClass::kCpu;
    const Fraction compute_limit = accelerator ? context.config.accelerator_overload_threshold
                                               : context.config.overload_threshold;
    if (Over(device.utilization, compute_limit) ||
        Over(device.memory_utilization, context.config.overload_threshold)) {
      return "overloaded";
    }
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<Filter> MakeOverloadFilter() {
  return std::make_unique<OverloadFilter>();
}

}  // namespace hawk::engine
