// Pending explanations: exact rendered strings, and never-fit vs must-wait.
#include <gtest/gtest.h>

#include "engine/device_allocator.h"
#include "engine/explain.h"
#include "engine/placement_config.h"
#include "fleet_builders.h"

namespace hawk::engine {
namespace {

using namespace hawk::engine::testing;

PendingExplanation Explain(const PlacementRequest& r, const FleetSnapshot& fleet,
                           const DeviceAllocator& allocator = DeviceAllocator()) {
  return ExplainPending(r, fleet, allocator, PlacementConfig());
}

PlacementRequest Fp8Request() {
  PlacementRequest r = GpuRequest("t");
  r.requirements.precisions = {Precision::kFp8};
  return r;
}

TEST(Explain, CountsEachDeviceUnderTheFirstFilterThatRejectsIt) {
  std::vector<WorkerState> workers = {GpuWorker("a", 4, &A100), GpuWorker("b", 4, &A100),
                                      GpuWorker("c", 4), Worker("d", {Cpu("cpu0")})};
  for (const char* gpu : {"gpu0", "gpu1", "gpu2"}) {
    DeviceOf(workers, "c", gpu).utilization = Fraction::FromDouble(0.99);
  }
  DeviceOf(workers, "c", "gpu3").throttling = true;
  DeviceOf(workers, "a", "gpu0").throttling = true;  // also lacks fp8: counted there
  const PendingExplanation e = Explain(Fp8Request(), Fleet(workers));
  EXPECT_EQ(e.Summary(), "12 devices: 8 lack fp8, 3 overloaded, 1 throttling");
  EXPECT_EQ(e.kind, PendingKind::kMustWait);
  EXPECT_EQ(e.devices_considered, 12U);
  EXPECT_EQ(e.workers_considered, 3U);
  EXPECT_EQ(e.exclusions, (std::vector<Exclusion>{
                              {"precisions", "lack fp8", 8, 2, true},
                              {"overload", "overloaded", 3, 1, false},
                              {"thermal", "throttling", 1, 1, false},
                          }));
  EXPECT_EQ(e.hint, "wait: 4 matching devices are unavailable: 3 overloaded, 1 throttling");
}

TEST(Explain, NeverFitsNamesWhatTheFleetLacks) {
  const PendingExplanation e =
      Explain(Fp8Request(), Fleet({GpuWorker("a", 2, &A100), GpuWorker("b", 1, &Mi250)}));
  EXPECT_EQ(e.kind, PendingKind::kNeverFits);
  EXPECT_EQ(e.ToString(), "3 devices: 3 lack fp8; needs a gpu with fp8; none in the fleet has it");
}

TEST(Explain, NeverFitsListsEveryMissingRequirement) {
  PlacementRequest r = Fp8Request();
  r.requirements.memory_per_device_bytes = 48 * kGiB;
  r.requirements.worker_labels = {{"pool", "ci"}};
  std::vector<WorkerState> workers = {GpuWorker("a", 2, &Rtx4090), GpuWorker("b", 2, &A100),
                                      GpuWorker("c", 1)};
  workers[0].profile.labels = {{"pool", "ci"}};
  workers[1].profile.labels = {{"pool", "ci"}};
  const PendingExplanation e = Explain(r, Fleet(workers));
  EXPECT_EQ(e.kind, PendingKind::kNeverFits);
  EXPECT_EQ(e.ToString(),
            "5 devices: 2 have less than 48GiB, 2 lack fp8, 1 on workers without label pool=ci; "
            "needs a gpu with 48GiB memory and fp8 on a worker with label pool=ci; none in the "
            "fleet has it");
}

TEST(Explain, MustWaitWhenMatchingDevicesAreBusy) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a", 2), GpuWorker("b", 1)});
  DeviceAllocator allocator;
  ASSERT_TRUE(allocator.Allocate("x", fleet.workers()[0].profile, {"gpu0", "gpu1"}, 0));
  ASSERT_TRUE(allocator.Allocate("y", fleet.workers()[1].profile, {"gpu0"}, 0));
  const PendingExplanation e = Explain(Fp8Request(), fleet, allocator);
  EXPECT_EQ(e.kind, PendingKind::kMustWait);
  EXPECT_EQ(e.ToString(), "3 devices: 3 busy; wait: 3 matching devices are busy");
  EXPECT_EQ(e.exclusions.front().workers, 2U);

  ASSERT_TRUE(allocator.Release("x"));
  ASSERT_TRUE(allocator.Allocate("z", fleet.workers()[0].profile, {"gpu1"}, 0));
  PlacementRequest two = Fp8Request();
  two.requirements.device_count = 2;
  EXPECT_EQ(
      Explain(two, fleet, allocator).ToString(),
      "3 devices: 1 on workers with fewer than 2 matching, 1 busy, "
      "1 on workers with fewer than 2 free; "
      "wait: 2 matching devices are unavailable: 1 busy, 1 on workers with fewer than 2 free");
}

TEST(Explain, SingularWording) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a", 1)});
  DeviceAllocator allocator;
  ASSERT_TRUE(allocator.Allocate("x", fleet.workers()[0].profile, {"gpu0"}, 0));
  EXPECT_EQ(Explain(GpuRequest("t"), fleet, allocator).ToString(),
            "1 device: 1 busy; wait: 1 matching device is busy");
}

TEST(Explain, NoDeviceOfTheClass) {
  const PendingExplanation e =
      Explain(Request("t", HardwareClass::kNpu), Fleet({GpuWorker("a", 1)}));
  EXPECT_EQ(e.kind, PendingKind::kNeverFits);
  EXPECT_EQ(e.devices_considered, 0U);
  EXPECT_TRUE(e.exclusions.empty());
  EXPECT_EQ(e.ToString(), "no npu in the fleet; needs an npu; the fleet has none");
  EXPECT_EQ(Explain(GpuRequest("t"), FleetSnapshot()).ToString(),
            "no gpu in the fleet; needs a gpu; the fleet has none");
}

TEST(Explain, WorkerStateIsAReasonToWaitNotAMismatch) {
  std::vector<WorkerState> workers = {GpuWorker("a", 2), GpuWorker("b", 1)};
  workers[0].connected = false;
  workers[1].memory_utilization = Fraction::FromDouble(0.96);
  const PendingExplanation e = Explain(GpuRequest("t"), Fleet(workers));
  EXPECT_EQ(e.kind, PendingKind::kMustWait);
  EXPECT_EQ(e.ToString(),
            "3 devices: 2 on disconnected workers, 1 overloaded; wait: 3 matching devices are "
            "unavailable: 2 on disconnected workers, 1 overloaded");
}

TEST(Explain, QuarantineAndCpuSlots) {
  std::vector<WorkerState> workers = {Worker("a", {Cpu("cpu0")}, 2), Worker("b", {Cpu("cpu0")}, 2)};
  DeviceOf(workers, "b", "cpu0").quarantined = true;
  const FleetSnapshot fleet = Fleet(workers);
  DeviceAllocator allocator;
  ASSERT_TRUE(allocator.Allocate("x", fleet.workers()[0].profile, {"cpu0"}, 2));
  EXPECT_EQ(Explain(Request("t", HardwareClass::kCpu), fleet, allocator).ToString(),
            "2 devices: 1 quarantined, 1 busy; wait: 2 matching devices are unavailable: "
            "1 quarantined, 1 busy");
}

TEST(Explain, NamesTheKinds) {
  EXPECT_EQ(hawk::ToString(PendingKind::kNeverFits), "never_fits");
  EXPECT_EQ(hawk::Parse<PendingKind>("must_wait").value(), PendingKind::kMustWait);
}

}  // namespace
}  // namespace hawk::engine
