// The filters placement applies, in the order an explanation attributes a
// rejected device to them: worker exclusions and labels, the static device
// filters, then health, overload, thermal state and allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/filters/filter.h"

namespace hawk::engine {

std::unique_ptr<Filter> MakeExcludedWorkersFilter();
std::unique_ptr<Filter> MakeWorkerLabelsFilter();
std::unique_ptr<Filter> MakeDeviceClassFilter();
std::unique_ptr<Filter> MakeMemoryFilter();
std::unique_ptr<Filter> MakeBackendsFilter();
std::unique_ptr<Filter> MakePrecisionsFilter();
std::unique_ptr<Filter> MakeFeaturesFilter();
std::unique_ptr<Filter> MakeVendorArchitectureFilter();
std::unique_ptr<Filter> MakeComputeCapabilityFilter();
std::unique_ptr<Filter> MakeDeviceHealthFilter();
std::unique_ptr<Filter> MakeExcludedDevicesFilter();
std::unique_ptr<Filter> MakeOverloadFilter();
std::unique_ptr<Filter> MakeThermalFilter();
std::unique_ptr<Filter> MakeAllocationFilter();

// The device class filter also owns the count rule: a worker needs `count`
// matching devices (for class cpu: a matching CPU device and `count` slots).
// Reason for devices on a worker that falls short: statically ("on workers
// with fewer than 4 matching") or now ("on workers with fewer than 4 free").
std::string CountShortfallReason(const PlacementRequest& request, bool static_shape);

// The worker labels rule: every required label is on the worker with the same
// value. (The snapshot's index applies it per distinct label set.)
bool LabelsMatch(const std::map<std::string, std::string>& required,
                 const std::map<std::string, std::string>& labels);

class FilterSet {
 public:
  // The standard filters. Built once; thread-safe.
  static const FilterSet& Default();

  [[nodiscard]] const std::vector<std::unique_ptr<Filter>>& all() const { return all_; }
  // Filters with each hook, in order; `order` of a filter is its index in all().
  [[nodiscard]] const std::vector<const Filter*>& device_profile() const { return device_profile_; }
  [[nodiscard]] const std::vector<const Filter*>& worker_profile() const { return worker_profile_; }
  [[nodiscard]] const std::vector<const Filter*>& worker() const { return worker_; }
  [[nodiscard]] const std::vector<const Filter*>& device() const { return device_; }
  [[nodiscard]] std::uint8_t OrderOf(const Filter* filter) const;

 private:
  FilterSet();

  std::vector<std::unique_ptr<Filter>> all_;
  std::vector<const Filter*> device_profile_;
  std::vector<const Filter*> worker_profile_;
  std::vector<const Filter*> worker_;
  std::vector<const Filter*> device_;
};

}  // namespace hawk::engine
