#include "engine/fleet.h"

#include <gtest/gtest.h>

#include "engine/fleet_index.h"
#include "fleet_builders.h"

namespace hawk::engine {
namespace {

using namespace hawk::engine::testing;

TEST(FleetSnapshot, SortsWorkersByIdAndFindsThem) {
  const FleetSnapshot fleet = Fleet({GpuWorker("c"), GpuWorker("a"), GpuWorker("b")});
  ASSERT_EQ(fleet.size(), 3U);
  EXPECT_EQ(fleet.workers()[0].profile.worker_id, "a");
  EXPECT_EQ(fleet.workers()[2].profile.worker_id, "c");
  EXPECT_EQ(fleet.FindWorker("b"), 1U);
  EXPECT_EQ(fleet.FindWorker("zz"), std::nullopt);
  EXPECT_EQ(FleetSnapshot().size(), 0U);
}

TEST(FleetSnapshot, RejectsInconsistentWorkers) {
  EXPECT_EQ(FleetSnapshot::Build({GpuWorker("a"), GpuWorker("a")}).error().message,
            "duplicate worker id 'a'");
  EXPECT_EQ(FleetSnapshot::Build({GpuWorker("")}).error().message, "worker id is empty");

  WorkerState missing = GpuWorker("m", 2);
  missing.devices.pop_back();
  const auto error = FleetSnapshot::Build({missing}).error();
  EXPECT_EQ(error.message, "worker has 2 device states but its profile lists 3 devices");
  EXPECT_EQ(error.where, "m");

  WorkerState swapped = GpuWorker("s", 2);
  std::swap(swapped.devices[1], swapped.devices[2]);
  EXPECT_EQ(FleetSnapshot::Build({swapped}).error().message,
            "device state 1 is 'gpu1' but the profile lists 'gpu0'");

  EXPECT_EQ(FleetSnapshot::Build({Worker("d", {H100("gpu0"), A100("gpu0")})}).error().message,
            "duplicate device id 'gpu0'");
  std::vector<DeviceProfile> many;
  for (int i = 0; i < 20; ++i) many.push_back(H100("gpu" + std::to_string(i)));
  EXPECT_TRUE(FleetSnapshot::Build({Worker("m", many)}));
  many.push_back(H100("gpu7"));
  EXPECT_EQ(FleetSnapshot::Build({Worker("m", many)}).error().message,
            "duplicate device id 'gpu7'");
}

TEST(FleetSnapshot, FromProfileStartsIdleCoolAndHealthy) {
  const WorkerState w = GpuWorker("w", 1);
  ASSERT_EQ(w.devices.size(), 2U);
  EXPECT_TRUE(w.connected);
  EXPECT_EQ(w.devices[1].profile.id, "gpu0");
  EXPECT_EQ(w.devices[1].thermal_state, ThermalState::kNormal);
  EXPECT_EQ(w.devices[1].temperature_celsius, std::nullopt);
  EXPECT_FALSE(w.devices[1].quarantined);
}

TEST(FleetIndex, IdenticalWorkersShareAShape) {
  std::vector<WorkerState> workers = {GpuWorker("a"), GpuWorker("b"), GpuWorker("c", 4, &A100),
                                      GpuWorker("d")};
  workers[1].profile.labels = {{"zone", "eu"}};      // labels are not part of a shape
  workers[1].devices[1].profile.uuid = "GPU-1234";   // nor are ids and UUIDs
  workers[1].devices[1].temperature_celsius = 80.0;  // nor is state
  const FleetSnapshot fleet = Fleet(workers);
  const FleetIndex& index = fleet.index();
  EXPECT_EQ(index.device_shape_count(), 3U);  // cpu, H100, A100
  ASSERT_EQ(index.worker_shapes().size(), 2U);
  EXPECT_EQ(index.worker_shapes()[0].workers, (std::vector<std::uint32_t>{0, 1, 3}));
  EXPECT_EQ(index.worker_shape_of(2), 1U);
  EXPECT_EQ(index.device_shape(1).id, "");
  EXPECT_EQ(index.device_shape(1).model, H100("x").model);
}

TEST(FleetIndex, MemoisesStaticVerdictsPerRequirements) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a", 2), GpuWorker("b", 2, &A100)});
  PlacementRequest r = GpuRequest("t");
  r.requirements.precisions = {Precision::kFp8};
  const auto first = fleet.index().Match(r.requirements);
  r.requirements.preferred_vendors = {Vendor::kAmd};  // soft: not part of the key
  EXPECT_EQ(fleet.index().Match(r.requirements), first);
  EXPECT_EQ(fleet.index().cached_match_count(), 1U);
  ASSERT_EQ(first->groups.size(), 1U);
  EXPECT_EQ(first->groups[0].eligible_devices, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(
      std::vector<std::uint32_t>(first->groups[0].workers.begin(), first->groups[0].workers.end()),
      std::vector<std::uint32_t>{0});
  EXPECT_EQ(first->device_shapes[2].reason, "lack fp8");
  EXPECT_FALSE(first->device_shapes[0].in_class);

  r.requirements.device_count = 3;
  const auto three = fleet.index().Match(r.requirements);
  EXPECT_NE(three, first);
  EXPECT_TRUE(three->groups.empty());
}

TEST(FleetIndex, JoinsWorkersThatLookTheSameToTheRequest) {
  const FleetSnapshot fleet = Fleet({Worker("a", {Cpu("cpu0", 32), H100("gpu0")}),
                                     Worker("b", {Cpu("cpu0", 64), H100("gpu0")}),
                                     Worker("c", {Cpu("cpu0", 32), H100("gpu0")})});
  ASSERT_EQ(fleet.index().worker_shapes().size(), 2U);
  const auto gpu = fleet.index().Match(GpuRequest("t").requirements);
  ASSERT_EQ(gpu->groups.size(), 1U);  // the CPUs differ; the GPU task does not care
  EXPECT_EQ(
      std::vector<std::uint32_t>(gpu->groups[0].workers.begin(), gpu->groups[0].workers.end()),
      (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(gpu->group_of_shape, (std::vector<std::optional<std::uint32_t>>{0, 0}));
  const auto cpu = fleet.index().Match(Request("t", HardwareClass::kCpu).requirements);
  EXPECT_EQ(cpu->groups.size(), 2U);
}

TEST(FleetIndex, GroupsListOnlyWorkersWithTheRequiredLabels) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1), GpuWorker("c", 1),
                                      GpuWorker("d", 1, &A100)};
  workers[0].profile.labels = {{"zone", "eu"}};
  workers[1].profile.labels = {{"zone", "us"}};
  workers[2].profile.labels = {{"zone", "eu"}, {"pool", "ci"}};
  workers[3].profile.labels = {{"zone", "us"}};
  const FleetSnapshot fleet = Fleet(workers);
  PlacementRequest r = GpuRequest("t");
  r.requirements.worker_labels = {{"zone", "eu"}};
  const auto eu = fleet.index().Match(r.requirements);
  ASSERT_EQ(eu->groups.size(), 1U);  // the A100 group has no eu worker left
  EXPECT_EQ(std::vector<std::uint32_t>(eu->groups[0].workers.begin(), eu->groups[0].workers.end()),
            (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(eu->group_of_shape, (std::vector<std::optional<std::uint32_t>>{0, std::nullopt}));
  r.requirements.worker_labels = {{"zone", "mars"}};
  EXPECT_TRUE(fleet.index().Match(r.requirements)->groups.empty());
  EXPECT_EQ(fleet.index().cached_match_count(), 2U);
}

TEST(FleetIndex, PacksTheLiveState) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1)};
  workers[0].connected = false;
  workers[0].cpu_utilization = Fraction::FromDouble(0.5);
  DeviceState& gpu = DeviceOf(workers, "a", "gpu0");
  gpu.temperature_celsius = 71.5;
  gpu.time_to_throttle = std::chrono::minutes(3);
  gpu.thermal_state = ThermalState::kHot;
  gpu.quarantined = true;
  const FleetSnapshot fleet = Fleet(workers);
  const LiveWorker& live = fleet.index().live_worker(0);
  EXPECT_FALSE(live.connected);
  EXPECT_EQ(live.cpu_utilization, Fraction::FromDouble(0.5));
  const LiveDevice& device = fleet.index().live_device(live, 1);
  EXPECT_EQ(device.temperature(), 71.5);
  EXPECT_EQ(device.time_to_throttle(), std::chrono::minutes(3));
  EXPECT_EQ(device.thermal_state, ThermalState::kHot);
  EXPECT_TRUE(device.quarantined);
  EXPECT_EQ(fleet.index().live_device(live, 0).temperature(), std::nullopt);
  EXPECT_EQ(live.id(fleet, 0), "a");
}

TEST(FleetSnapshot, PatchesLiveStateInPlaceUnlessShared) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1)};
  FleetSnapshot fleet = Fleet(workers);
  WorkerState hot = fleet.workers()[1];
  hot.cpu_utilization = Fraction::FromDouble(0.75);
  hot.devices[1].temperature_celsius = 88.0;
  hot.devices[1].thermal_state = ThermalState::kThrottling;
  hot.devices[1].throttling = true;
  ASSERT_TRUE(fleet.UpdateLiveState(1, hot));
  const LiveWorker& live = fleet.index().live_worker(1);
  EXPECT_EQ(live.cpu_utilization, Fraction::FromDouble(0.75));
  EXPECT_EQ(fleet.index().live_device(live, 1).temperature(), 88.0);
  EXPECT_TRUE(fleet.index().live_device(live, 1).throttling);
  EXPECT_EQ(fleet.workers()[1].devices[1].temperature_celsius, 88.0);
  EXPECT_EQ(fleet.workers()[0].devices[1].temperature_celsius, std::nullopt);  // untouched

  // A copy someone holds never changes under them: the patch is refused.
  const FleetSnapshot held = fleet;
  hot.devices[1].temperature_celsius = 95.0;
  EXPECT_FALSE(fleet.UpdateLiveState(1, hot));
  EXPECT_EQ(held.workers()[1].devices[1].temperature_celsius, 88.0);
  EXPECT_EQ(held.index().live_device(held.index().live_worker(1), 1).temperature(), 88.0);
}

TEST(FleetIndex, LongWorkerIdsAreReadFromTheSnapshot) {
  const std::string long_id(64, 'x');
  const FleetSnapshot fleet = Fleet({GpuWorker(long_id, 2), GpuWorker("short", 2)});
  EXPECT_EQ(fleet.index().live_worker(1).inline_id_size, 0U);
  EXPECT_EQ(fleet.index().live_worker(0).id(fleet, 0), "short");
  EXPECT_EQ(fleet.index().live_worker(1).id(fleet, 1), long_id);
}

TEST(FleetSnapshot, NamesTheThermalStates) {
  EXPECT_EQ(hawk::ToString(ThermalState::kThrottling), "throttling");
  EXPECT_EQ(hawk::Parse<ThermalState>("critical").value(), ThermalState::kCritical);
  EXPECT_EQ(hawk::Parse<ThermalState>("melting").error().hint,
            "valid values: normal, warm, hot, throttling, critical");
}

}  // namespace
}  // namespace hawk::engine
