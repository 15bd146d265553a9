#include "engine/filters/filter_set.h"

#include <algorithm>
#include <cassert>

namespace hawk::engine {

FilterSet::FilterSet() {
  all_.push_back(MakeExcludedWorkersFilter());
  all_.push_back(MakeWorkerLabelsFilter());
  all_.push_back(MakeDeviceClassFilter());
  all_.push_back(MakeMemoryFilter());
  all_.push_back(MakeBackendsFilter());
  all_.push_back(MakePrecisionsFilter());
  all_.push_back(MakeFeaturesFilter());
  all_.push_back(MakeVendorArchitectureFilter());
  all_.push_back(MakeComputeCapabilityFilter());
  all_.push_back(MakeDeviceHealthFilter());
  all_.push_back(MakeExcludedDevicesFilter());
  all_.push_back(MakeOverloadFilter());
  all_.push_back(MakeThermalFilter());
  all_.push_back(MakeAllocationFilter());
  for (const auto& filter : all_) {
    const unsigned hooks = filter->hooks();
    if (hooks & Filter::kDeviceProfile) device_profile_.push_back(filter.get());
    if (hooks & Filter::kWorkerProfile) worker_profile_.push_back(filter.get());
    if (hooks & Filter::kWorker) worker_.push_back(filter.get());
    if (hooks & Filter::kDevice) device_.push_back(filter.get());
  }
}

const FilterSet& FilterSet::Default() {
  static const FilterSet* const kSet = new FilterSet();
  return *kSet;
}

std::uint8_t FilterSet::OrderOf(const Filter* filter) const {
  const auto it =
      std::find_if(all_.begin(), all_.end(), [&](const auto& f) { return f.get() == filter; });
  assert(it != all_.end() && "filter is not in this set");
  return static_cast<std::uint8_t>(it - all_.begin());
}

}  // namespace hawk::engine
