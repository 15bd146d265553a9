// One scenario per filter, through the hardware-aware policy.
#include <gtest/gtest.h>

#include "engine/device_allocator.h"
#include "engine/hardware_aware_policy.h"
#include "fleet_builders.h"

namespace hawk::engine {
namespace {

using namespace hawk::engine::testing;

PlacementDecision Place(const PlacementRequest& request, const FleetSnapshot& fleet,
                        const DeviceAllocator& allocator = DeviceAllocator(),
                        const PlacementConfig& config = PlacementConfig()) {
  auto policy = HardwareAwarePolicy::Create(config);
  EXPECT_TRUE(policy) << policy.error().ToString();
  return policy->Place(request, fleet, allocator);
}

std::string PlacedOn(const PlacementDecision& decision) {
  if (!decision.placed()) return "pending: " + decision.pending().ToString();
  std::string out = decision.placement().worker_id;
  for (const std::string& d : decision.placement().device_ids) out += "/" + d;
  return out;
}

TEST(DeviceClassFilter, PlacesOnlyOnTheRequestedClass) {
  const FleetSnapshot fleet =
      Fleet({GpuWorker("a-gpu", 1), Worker("b-npu", {Cpu("cpu0"), Npu("npu0")})});
  EXPECT_EQ(PlacedOn(Place(Request("t", HardwareClass::kNpu), fleet)), "b-npu/npu0");
  EXPECT_EQ(PlacedOn(Place(Request("t", HardwareClass::kGpu), fleet)), "a-gpu/gpu0");
  EXPECT_EQ(PlacedOn(Place(Request("t", HardwareClass::kBrowser), fleet)),
            "pending: no browser in the fleet; needs a browser; the fleet has none");
}

TEST(DeviceClassFilter, NeedsTheWholeCountOnOneWorker) {
  const FleetSnapshot fleet = Fleet({GpuWorker("w1", 2), GpuWorker("w2", 2)});
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t", 2), fleet)), "w1/gpu0/gpu1");
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t", 3), fleet)),
            "pending: 4 devices: 4 on workers with fewer than 3 matching; "
            "needs 3 gpus on one worker; none in the fleet has it");
}

TEST(DeviceClassFilter, CpuTaskRunsOnTheWorkersCpuAndSlots) {
  const FleetSnapshot fleet =
      Fleet({GpuWorker("a-gpu", 1), Worker("b-cpu", {Cpu("cpu0", 64)}, /*cpu_slots=*/8)});
  PlacementRequest r = Request("t", HardwareClass::kCpu, 6);
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "b-cpu/cpu0");  // a-gpu has 4 slots
  r.requirements.device_count = 9;
  EXPECT_EQ(PlacedOn(Place(r, fleet)),
            "pending: 2 devices: 2 on workers with fewer than 9 CPU slots; "
            "needs a cpu with 9 CPU slots; none in the fleet has it");
}

TEST(MemoryFilter, SkipsDevicesWithTooLittleMemory) {
  const FleetSnapshot fleet =
      Fleet({GpuWorker("a-4090", 1, &Rtx4090), GpuWorker("b-a100", 1, &A100)});
  PlacementRequest r = GpuRequest("t");
  r.requirements.memory_per_device_bytes = 40 * kGiB;
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "b-a100/gpu0");
}

TEST(BackendsFilter, RequiresEveryBackend) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a-h100", 1), GpuWorker("b-mi250", 1, &Mi250)});
  PlacementRequest r = GpuRequest("t");
  r.requirements.backends = {Backend::kPytorch, Backend::kRocm};
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "b-mi250/gpu0");
}

TEST(PrecisionsFilter, RequiresEveryPrecision) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a-a100", 1, &A100), GpuWorker("b-h100", 1)});
  PlacementRequest r = GpuRequest("t");
  r.requirements.precisions = {Precision::kFp8, Precision::kBf16};
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "b-h100/gpu0");
}

TEST(FeaturesFilter, RequiresEveryFeature) {
  const FleetSnapshot fleet =
      Fleet({GpuWorker("a-4090", 1, &Rtx4090), GpuWorker("b-a100", 1, &A100)});
  PlacementRequest r = GpuRequest("t");
  r.requirements.features = {Feature::kNvlink};
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "b-a100/gpu0");
}

TEST(VendorArchitectureFilter, RequiresTheNamedVendorAndArchitecture) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a-h100", 1), GpuWorker("b-mi250", 1, &Mi250)});
  PlacementRequest r = GpuRequest("t");
  r.requirements.vendor = Vendor::kAmd;
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "b-mi250/gpu0");
  r.requirements.vendor.reset();
  r.requirements.architecture = Architecture::kCuda;
  r.requirements.preferred_vendors = {Vendor::kAmd};  // a preference does not override
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "a-h100/gpu0");
}

TEST(ComputeCapabilityFilter, RequiresTheMinimum) {
  const FleetSnapshot fleet =
      Fleet({GpuWorker("a-a100", 1, &A100), GpuWorker("b-4090", 1, &Rtx4090),
             GpuWorker("c-mi250", 1, &Mi250)});
  PlacementRequest r = GpuRequest("t");
  r.requirements.min_compute_capability = ComputeCapability{8, 9};
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "b-4090/gpu0");
}

TEST(WorkerLabelsFilter, RequiresEveryLabel) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1), GpuWorker("c", 1)};
  workers[1].profile.labels = {{"pool", "ci"}, {"zone", "eu"}};
  workers[2].profile.labels = {{"pool", "ci"}, {"zone", "us"}};
  const FleetSnapshot fleet = Fleet(workers);
  PlacementRequest r = GpuRequest("t");
  r.requirements.worker_labels = {{"pool", "ci"}, {"zone", "us"}};
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "c/gpu0");
}

TEST(DeviceHealthFilter, SkipsQuarantinedDevicesAndDisconnectedWorkers) {
  std::vector<WorkerState> workers = {GpuWorker("a", 2), GpuWorker("b", 2)};
  workers[0].connected = false;
  DeviceOf(workers, "b", "gpu0").quarantined = true;
  const FleetSnapshot fleet = Fleet(workers);
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), fleet)), "b/gpu1");
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t", 2), fleet)),
            "pending: 4 devices: 2 on disconnected workers, 1 quarantined, "
            "1 on workers with fewer than 2 free; wait: 4 matching devices are unavailable: "
            "2 on disconnected workers, 1 quarantined, 1 on workers with fewer than 2 free");
}

TEST(ExcludedDevicesFilter, SkipsOnlyTheDevicesATaskFailedOn) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a", 2), GpuWorker("b", 1)});
  PlacementRequest r = GpuRequest("t");
  r.excluded_devices["a"] = {"gpu0"};
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "a/gpu1");
  r.excluded_devices["a"].insert("gpu1");
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "b/gpu0");
  r.excluded_devices["b"] = {"gpu0"};
  EXPECT_EQ(PlacedOn(Place(r, fleet)),
            "pending: 3 devices: 3 excluded after failing this task; wait: 3 matching devices "
            "are excluded after failing this task");
}

TEST(OverloadFilter, SkipsOverloadedWorkersAndDevicesAtConfiguredThresholds) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1), GpuWorker("c", 1)};
  workers[0].cpu_utilization = Fraction::FromDouble(0.95);
  DeviceOf(workers, "b", "gpu0").utilization = Fraction::FromDouble(0.98);
  DeviceOf(workers, "c", "gpu0").utilization = Fraction::FromDouble(0.97);  // below 98 %: fine
  const FleetSnapshot fleet = Fleet(workers);
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), fleet)), "c/gpu0");

  PlacementConfig strict;
  strict.accelerator_overload_threshold = Fraction::FromDouble(0.9);
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), fleet, DeviceAllocator(), strict)),
            "pending: 3 devices: 3 overloaded; wait: 3 matching devices are overloaded");

  PlacementConfig lenient;
  lenient.overload_threshold = Fraction::One();
  lenient.accelerator_overload_threshold = Fraction::One();
  lenient.scorers.utilization.enabled = false;
  lenient.scorers.thermal_headroom.enabled = false;
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), fleet, DeviceAllocator(), lenient)), "a/gpu0");
}

TEST(OverloadFilter, AThresholdOfOneSwitchesTheCheckOffEvenAtFullLoad) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1)};
  workers[0].cpu_utilization = Fraction::One();
  workers[0].memory_utilization = Fraction::One();
  DeviceOf(workers, "a", "gpu0").utilization = Fraction::One();
  const FleetSnapshot fleet = Fleet(workers);
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), fleet)),
            "pending: 1 device: 1 overloaded; wait: 1 matching device is overloaded");
  PlacementConfig off;
  off.overload_threshold = Fraction::One();
  off.accelerator_overload_threshold = Fraction::One();
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), fleet, DeviceAllocator(), off)), "a/gpu0");
}

TEST(ThermalFilter, SkipsThrottlingAndCriticalDevicesUnlessSwitchedOff) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1), GpuWorker("c", 1)};
  DeviceOf(workers, "a", "gpu0").thermal_state = ThermalState::kCritical;
  DeviceOf(workers, "b", "gpu0").throttling = true;
  const FleetSnapshot fleet = Fleet(workers);
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), fleet)), "c/gpu0");

  std::vector<WorkerState> hot = {GpuWorker("a", 1), GpuWorker("b", 1)};
  DeviceOf(hot, "a", "gpu0").thermal_state = ThermalState::kCritical;
  DeviceOf(hot, "b", "gpu0").thermal_state = ThermalState::kThrottling;
  const FleetSnapshot hot_fleet = Fleet(hot);
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), hot_fleet)),
            "pending: 2 devices: 1 at critical temperature, 1 throttling; wait: 2 matching "
            "devices are unavailable: 1 at critical temperature, 1 throttling");
  PlacementConfig allow_throttling;
  allow_throttling.exclude_throttling = false;
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), hot_fleet, DeviceAllocator(), allow_throttling)),
            "b/gpu0");
  PlacementConfig allow_all = allow_throttling;
  allow_all.exclude_critical = false;
  allow_all.scorers.thermal_headroom.enabled = false;
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t"), hot_fleet, DeviceAllocator(), allow_all)), "a/gpu0");
}

TEST(AllocationFilter, NeverReusesAllocatedDevices) {
  const FleetSnapshot fleet = Fleet({GpuWorker("w", 4)});
  DeviceAllocator allocator;
  ASSERT_TRUE(allocator.Allocate("x", fleet.workers()[0].profile, {"gpu0", "gpu2"}, 0));
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t", 2), fleet, allocator)), "w/gpu1/gpu3");
  EXPECT_EQ(PlacedOn(Place(GpuRequest("t", 3), fleet, allocator)),
            "pending: 4 devices: 2 busy, 2 on workers with fewer than 3 free; wait: 4 matching "
            "devices are unavailable: 2 busy, 2 on workers with fewer than 3 free");
}

TEST(ExcludedWorkersFilter, HonoursExcludedWorkers) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a", 1), GpuWorker("b", 1)});
  PlacementRequest r = GpuRequest("t");
  r.excluded_workers = {"a"};
  EXPECT_EQ(PlacedOn(Place(r, fleet)), "b/gpu0");
  r.excluded_workers = {"a", "b"};
  EXPECT_EQ(PlacedOn(Place(r, fleet)),
            "pending: 2 devices: 2 on excluded workers; needs a gpu on a worker with no "
            "exclusion for this task; none in the fleet has it");
}

}  // namespace
}  // namespace hawk::engine
