// Already allocated: a device held by another attempt is never given again; a
// task of class cpu needs `count` free CPU slots on the worker.
#include "engine/device_allocator.h"
#include "engine/filters/filter_set.h"

namespace hawk::engine {
namespace {

class AllocationFilter final : public Filter {
 public:
  std::string_view name() const override { return "allocation"; }
  unsigned hooks() const override { return kWorker | kDevice; }

  std::optional<std::string_view> CheckWorker(const FilterContext& context,
                                              const LiveWorker&) const override {
    if (!context.request.UsesCpuSlots()) return std::nullopt;
    const std::uint32_t used = context.usage ? context.usage->cpu_slots_used : 0;
    const std::uint32_t slots = context.cpu_slots;
    if (used <= slots && slots - used >= context.request.RequiredCount()) return std::nullopt;
    return "busy";
  }
  std::optional<std::string_view> CheckDevice(const FilterContext& context, const LiveDevice&,
                                              const DeviceProfile&,
                                              std::size_t device_index) const override {
    if (context.usage && context.usage->IsTaken(device_index)) return "busy";
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<Filter> MakeAllocationFilter() {
  return std::make_unique<AllocationFilter>();
}

}  // namespace hawk::engine
