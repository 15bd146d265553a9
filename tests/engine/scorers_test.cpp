// One scenario per scorer, named for the behaviour, through the policy.
#include <gtest/gtest.h>

#include <chrono>

#include "engine/device_allocator.h"
#include "engine/hardware_aware_policy.h"
#include "engine/performance_history.h"
#include "fleet_builders.h"

namespace hawk::engine {
namespace {

using namespace hawk::engine::testing;
using std::chrono::minutes;

std::string PlacedOn(const PlacementDecision& decision) {
  if (!decision.placed()) return "pending: " + decision.pending().ToString();
  std::string out = decision.placement().worker_id;
  for (const std::string& d : decision.placement().device_ids) out += "/" + d;
  return out;
}

std::string Place(const PlacementRequest& request, const FleetSnapshot& fleet,
                  const PlacementConfig& config = PlacementConfig(),
                  const PerformanceHistory* history = nullptr) {
  auto policy = HardwareAwarePolicy::Create(config, history);
  EXPECT_TRUE(policy) << policy.error().ToString();
  return PlacedOn(policy->Place(request, fleet, DeviceAllocator()));
}

const ScoreTerm* Term(const Placement& p, std::string_view name) {
  for (const ScoreTerm& t : p.breakdown) {
    if (t.scorer == name) return &t;
  }
  return nullptr;
}

TEST(ThermalHeadroomScorer, PrefersCoolerGpuWhenEquallyLoaded) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1)};
  DeviceOf(workers, "a", "gpu0").temperature_celsius = 75.0;
  DeviceOf(workers, "b", "gpu0").temperature_celsius = 45.0;
  EXPECT_EQ(Place(GpuRequest("t"), Fleet(workers)), "b/gpu0");

  std::vector<WorkerState> one = {GpuWorker("w", 2)};
  DeviceOf(one, "w", "gpu0").temperature_celsius = 70.0;
  DeviceOf(one, "w", "gpu1").temperature_celsius = 40.0;
  EXPECT_EQ(Place(GpuRequest("t"), Fleet(one)), "w/gpu1");
}

TEST(ThermalHeadroomScorer, AvoidsDeviceThatWillThrottleBeforeTaskEnds) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1)};
  DeviceOf(workers, "a", "gpu0").temperature_celsius = 50.0;
  DeviceOf(workers, "a", "gpu0").time_to_throttle = minutes(5);
  DeviceOf(workers, "b", "gpu0").temperature_celsius = 65.0;  // warmer, but not heating
  PlacementRequest r = GpuRequest("t");
  r.expected_duration = minutes(30);
  EXPECT_EQ(Place(r, Fleet(workers)), "b/gpu0");

  DeviceOf(workers, "a", "gpu0").time_to_throttle = minutes(120);  // outlasts the task
  EXPECT_EQ(Place(r, Fleet(workers)), "a/gpu0");
}

TEST(ThermalHeadroomScorer, TakesTheExpectedDurationFromHistory) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1)};
  DeviceOf(workers, "a", "gpu0").temperature_celsius = 50.0;
  DeviceOf(workers, "a", "gpu0").time_to_throttle = minutes(20);
  DeviceOf(workers, "b", "gpu0").temperature_celsius = 65.0;
  PlacementRequest r = GpuRequest("t");
  r.task_kind = "finetune";
  PlacementConfig config;
  config.default_task_duration = minutes(5);
  EXPECT_EQ(Place(r, Fleet(workers), config), "a/gpu0");  // 5 min fits in 20

  PerformanceHistory history;
  ASSERT_TRUE(history.Record("finetune", H100("x").model, minutes(45)));
  EXPECT_EQ(Place(r, Fleet(workers), config, &history), "b/gpu0");  // 45 min does not
}

TEST(PreviousFailureScorer, PenalisesWorkerWhereTaskFailedBefore) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a", 1), GpuWorker("b", 1)});
  PlacementRequest r = GpuRequest("t");
  EXPECT_EQ(Place(r, fleet), "a/gpu0");
  r.failed_on_workers = {"a"};
  EXPECT_EQ(Place(r, fleet), "b/gpu0");
  r.failed_on_workers = {"a", "b"};
  EXPECT_EQ(Place(r, fleet), "a/gpu0");  // a penalty, not an exclusion
}

TEST(PerformanceHistoryScorer, PrefersModelWithFasterHistory) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a-h100", 1), GpuWorker("b-a100", 1, &A100)});
  PlacementRequest r = GpuRequest("t");
  r.task_kind = "resnet50";
  EXPECT_EQ(Place(r, fleet), "a-h100/gpu0");  // no history: the bigger GPU

  PerformanceHistory history;
  ASSERT_TRUE(history.Record("resnet50", A100("x").model, minutes(10)));
  ASSERT_TRUE(history.Record("resnet50", H100("x").model, minutes(20)));
  ASSERT_TRUE(history.Record("other-kind", H100("x").model, minutes(1)));
  EXPECT_EQ(Place(r, fleet, PlacementConfig(), &history), "b-a100/gpu0");

  PlacementConfig off;
  off.scorers.performance_history.enabled = false;
  EXPECT_EQ(Place(r, fleet, off, &history), "a-h100/gpu0");
}

TEST(PerformanceHistoryScorer, UnknownModelIsNeutral) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a-h100", 1), GpuWorker("b-a100", 1, &A100)});
  PerformanceHistory history;
  ASSERT_TRUE(history.Record("k", A100("x").model, minutes(10)));
  PlacementRequest r = GpuRequest("t");
  r.task_kind = "k";
  auto policy = HardwareAwarePolicy::Create({}, &history);
  ASSERT_TRUE(policy);
  const PlacementDecision d = policy->Place(r, fleet, DeviceAllocator());
  ASSERT_TRUE(d.placed());
  EXPECT_EQ(d.placement().worker_id, "b-a100");
  EXPECT_DOUBLE_EQ(Term(d.placement(), "performance_history")->raw, 1.0);
  r.excluded_workers = {"b-a100"};
  const PlacementDecision h100 = policy->Place(r, fleet, DeviceAllocator());
  EXPECT_DOUBLE_EQ(Term(h100.placement(), "performance_history")->raw, 0.5);
}

TEST(PackingScorer, BinPackFillsOneWorkerFirst) {
  const FleetSnapshot fleet = Fleet({GpuWorker("w1", 2), GpuWorker("w2", 2)});
  PlacementConfig config;
  config.packing_mode = PackingMode::kBinPack;
  auto policy = HardwareAwarePolicy::Create(config);
  ASSERT_TRUE(policy);
  DeviceAllocator allocator;
  std::vector<std::string> placed;
  for (int i = 0; i < 4; ++i) {
    const PlacementDecision d =
        policy->Place(GpuRequest("t" + std::to_string(i)), fleet, allocator);
    ASSERT_TRUE(d.placed());
    placed.push_back(PlacedOn(d));
    ASSERT_TRUE(allocator.Allocate("t" + std::to_string(i), fleet, d.placement()));
  }
  EXPECT_EQ(placed, (std::vector<std::string>{"w1/gpu0", "w1/gpu1", "w2/gpu0", "w2/gpu1"}));
}

TEST(PackingScorer, SpreadPlacesOnTheEmptiestWorker) {
  const FleetSnapshot fleet = Fleet({GpuWorker("w1", 2), GpuWorker("w2", 2)});
  auto policy = HardwareAwarePolicy::Create();
  ASSERT_TRUE(policy);
  DeviceAllocator allocator;
  std::vector<std::string> placed;
  for (int i = 0; i < 4; ++i) {
    const PlacementDecision d =
        policy->Place(GpuRequest("t" + std::to_string(i)), fleet, allocator);
    ASSERT_TRUE(d.placed());
    placed.push_back(PlacedOn(d));
    ASSERT_TRUE(allocator.Allocate("t" + std::to_string(i), fleet, d.placement()));
  }
  EXPECT_EQ(placed, (std::vector<std::string>{"w1/gpu0", "w2/gpu0", "w1/gpu1", "w2/gpu1"}));
}

TEST(PackingScorer, BinPackCountsCpuSlotsForCpuTasks) {
  const FleetSnapshot fleet =
      Fleet({Worker("w1", {Cpu("cpu0")}, 4), Worker("w2", {Cpu("cpu0")}, 4)});
  PlacementConfig config;
  config.packing_mode = PackingMode::kBinPack;
  auto policy = HardwareAwarePolicy::Create(config);
  ASSERT_TRUE(policy);
  DeviceAllocator allocator;
  ASSERT_TRUE(allocator.Allocate("x", fleet.workers()[1].profile, {"cpu0"}, 1));
  EXPECT_EQ(PlacedOn(policy->Place(Request("t", HardwareClass::kCpu), fleet, allocator)),
            "w2/cpu0");
}

TEST(UtilizationScorer, PrefersLessLoadedWorkerAndGpu) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1)};
  workers[0].cpu_utilization = Fraction::FromDouble(0.85);
  workers[1].cpu_utilization = Fraction::FromDouble(0.20);
  EXPECT_EQ(Place(GpuRequest("t"), Fleet(workers)), "b/gpu0");

  std::vector<WorkerState> gpus = {GpuWorker("a", 1), GpuWorker("b", 1)};
  DeviceOf(gpus, "a", "gpu0").utilization = Fraction::FromDouble(0.30);
  DeviceOf(gpus, "b", "gpu0").utilization = Fraction::FromDouble(0.70);  // above 60 %
  EXPECT_EQ(Place(GpuRequest("t"), Fleet(gpus)), "a/gpu0");
}

TEST(UtilizationScorer, PenalisesLoadAboveTheThresholdsMoreThanBelow) {
  const auto raw = [](double gpu) {
    std::vector<WorkerState> workers = {GpuWorker("a", 1)};
    DeviceOf(workers, "a", "gpu0").utilization = Fraction::FromDouble(gpu);
    auto policy = HardwareAwarePolicy::Create();
    const PlacementDecision d = policy->Place(GpuRequest("t"), Fleet(workers), DeviceAllocator());
    return Term(d.placement(), "utilization")->raw;
  };
  const double below = raw(0.4) - raw(0.5);  // 10 points under the 60 % threshold
  const double above = raw(0.8) - raw(0.9);  // 10 points over it
  EXPECT_GT(below, 0.0);
  EXPECT_GT(above, 2.0 * below);
}

TEST(HardwareEfficiencyScorer, PrefersBiggerGpuForComputeHeavyWork) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a-a100", 1, &A100), GpuWorker("b-h100", 1)});
  PlacementRequest r = GpuRequest("t");
  r.metrics.compute_intensity = Fraction::One();
  r.metrics.memory_intensity = Fraction::Zero();
  EXPECT_EQ(Place(r, fleet), "b-h100/gpu0");
}

TEST(HardwareEfficiencyScorer, RatesGpuAboveCpuForVisionAndNpuCloseToGpuForAudio) {
  const FleetSnapshot fleet =
      Fleet({Worker("w", {Cpu("cpu0"), H100("gpu0"), Npu("npu0"), Browser("browser0")})});
  auto policy = HardwareAwarePolicy::Create();
  ASSERT_TRUE(policy);
  const auto efficiency = [&](WorkloadType type, HardwareClass c) {
    PlacementRequest r = Request("t", c);
    r.workload_type = type;
    const PlacementDecision d = policy->Place(r, fleet, DeviceAllocator());
    EXPECT_TRUE(d.placed());
    return d.placed() ? Term(d.placement(), "hardware_efficiency")->raw : 0.0;
  };
  EXPECT_GT(efficiency(WorkloadType::kVision, HardwareClass::kGpu),
            efficiency(WorkloadType::kVision, HardwareClass::kCpu) + 0.3);
  EXPECT_GT(efficiency(WorkloadType::kAudio, HardwareClass::kNpu),
            efficiency(WorkloadType::kVision, HardwareClass::kNpu));
  EXPECT_GT(efficiency(WorkloadType::kTest, HardwareClass::kCpu),
            efficiency(WorkloadType::kTraining, HardwareClass::kCpu));
  EXPECT_GT(efficiency(WorkloadType::kInference, HardwareClass::kBrowser),
            efficiency(WorkloadType::kTraining, HardwareClass::kBrowser));
}

TEST(PreferenceScorer, PrefersPreferredVendorWithoutRequiringIt) {
  const FleetSnapshot fleet = Fleet({GpuWorker("a-h100", 1), GpuWorker("b-mi250", 1, &Mi250)});
  PlacementRequest r = GpuRequest("t");
  EXPECT_EQ(Place(r, fleet), "a-h100/gpu0");
  r.requirements.preferred_vendors = {Vendor::kAmd};
  EXPECT_EQ(Place(r, fleet), "b-mi250/gpu0");
  r.requirements.preferred_vendors = {Vendor::kIntel};
  EXPECT_EQ(Place(r, fleet), "a-h100/gpu0");
}

TEST(CompositeScorer, DisablingAScorerRemovesItsTermAndItsEffect) {
  std::vector<WorkerState> workers = {GpuWorker("a", 1), GpuWorker("b", 1)};
  DeviceOf(workers, "a", "gpu0").temperature_celsius = 80.0;
  DeviceOf(workers, "b", "gpu0").temperature_celsius = 40.0;
  const FleetSnapshot fleet = Fleet(workers);
  EXPECT_EQ(Place(GpuRequest("t"), fleet), "b/gpu0");
  PlacementConfig config;
  config.scorers.thermal_headroom.enabled = false;
  auto policy = HardwareAwarePolicy::Create(config);
  ASSERT_TRUE(policy);
  const PlacementDecision d = policy->Place(GpuRequest("t"), fleet, DeviceAllocator());
  EXPECT_EQ(PlacedOn(d), "a/gpu0");
  EXPECT_EQ(Term(d.placement(), "thermal_headroom"), nullptr);
  config.scorers.thermal_headroom = {true, 0.0};  // weight 0: reported, no effect
  EXPECT_EQ(Place(GpuRequest("t"), fleet, config), "a/gpu0");
}

TEST(CompositeScorer, BreakdownNamesEveryScorerAndAddsUpToTheScore) {
  std::vector<WorkerState> workers = {GpuWorker("a", 2)};
  DeviceOf(workers, "a", "gpu0").temperature_celsius = 60.0;
  DeviceOf(workers, "a", "gpu1").temperature_celsius = 40.0;
  workers[0].cpu_utilization = Fraction::FromDouble(0.8);
  PlacementRequest r = GpuRequest("t", 2);
  r.failed_on_workers = {"a"};
  auto policy = HardwareAwarePolicy::Create();
  ASSERT_TRUE(policy);
  const PlacementDecision d = policy->Place(r, Fleet(workers), DeviceAllocator());
  ASSERT_TRUE(d.placed());
  const Placement& p = d.placement();
  std::vector<std::string_view> names;
  double sum = 0.0;
  for (const ScoreTerm& t : p.breakdown) {
    names.push_back(t.scorer);
    EXPECT_GE(t.raw, 0.0);
    EXPECT_LE(t.raw, 1.0);
    EXPECT_DOUBLE_EQ(t.weighted, t.weight * t.raw);
    sum += t.weighted;
  }
  EXPECT_EQ(names, (std::vector<std::string_view>{"hardware_efficiency", "utilization",
                                                  "thermal_headroom", "performance_history",
                                                  "packing", "previous_failure", "preference"}));
  EXPECT_DOUBLE_EQ(p.score, sum);
  EXPECT_DOUBLE_EQ(Term(p, "previous_failure")->raw, 0.0);
  EXPECT_DOUBLE_EQ(Term(p, "previous_failure")->weight, 2.0);
  // Two devices: the thermal term is their mean (60 C -> 0.6, 40 C -> 1.0 cool).
  EXPECT_NEAR(Term(p, "thermal_headroom")->raw, 0.4 * 0.8 + 0.6, 1e-9);
}

}  // namespace
}  // namespace hawk::engine
