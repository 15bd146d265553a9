// The bounded search on fleets larger than the sample, and the config.
#include "engine/hardware_aware_policy.h"

#include <gtest/gtest.h>

#include <set>

#include "engine/device_allocator.h"
#include "fleet_builders.h"

namespace hawk::engine {
namespace {

using namespace hawk::engine::testing;

std::vector<WorkerState> ManyWorkers(int count, DeviceProfile (*model)(std::string),
                                     const std::string& prefix, int gpus = 1) {
  std::vector<WorkerState> workers;
  for (int i = 0; i < count; ++i) {
    workers.push_back(GpuWorker(prefix + std::to_string(1000 + i), gpus, model));
  }
  return workers;
}

TEST(HardwareAwarePolicy, FindsTheBestModelOnALargeFleet) {
  std::vector<WorkerState> workers = ManyWorkers(500, &A100, "a");
  for (WorkerState& w : ManyWorkers(3, &H100, "z")) workers.push_back(std::move(w));
  const FleetSnapshot fleet = Fleet(workers);
  auto policy = HardwareAwarePolicy::Create();
  ASSERT_TRUE(policy);
  PlacementRequest r = GpuRequest("t");
  r.metrics.compute_intensity = Fraction::One();
  for (int i = 0; i < 20; ++i) {
    r.task_id = "t" + std::to_string(i);
    const PlacementDecision d = policy->Place(r, fleet, DeviceAllocator());
    ASSERT_TRUE(d.placed());
    EXPECT_EQ(d.placement().worker_id.front(), 'z') << d.placement().worker_id;
  }
}

TEST(HardwareAwarePolicy, FindsTheOnlyFreeDeviceBeyondTheExaminationBudget) {
  const FleetSnapshot fleet = Fleet(ManyWorkers(300, &H100, "w"));
  DeviceAllocator allocator;
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    if (i == 123) continue;
    ASSERT_TRUE(
        allocator.Allocate("a" + std::to_string(i), fleet.workers()[i].profile, {"gpu0"}, 0));
  }
  PlacementConfig config;
  config.max_examined = 10;
  auto policy = HardwareAwarePolicy::Create(config);
  ASSERT_TRUE(policy);
  const PlacementDecision d = policy->Place(GpuRequest("t"), fleet, allocator);
  ASSERT_TRUE(d.placed());
  EXPECT_EQ(d.placement().worker_index, 123U);
}

TEST(HardwareAwarePolicy, DifferentTasksStartAtDifferentWorkers) {
  const FleetSnapshot fleet = Fleet(ManyWorkers(400, &H100, "w"));
  auto policy = HardwareAwarePolicy::Create();
  ASSERT_TRUE(policy);
  std::set<std::string> chosen;
  for (int i = 0; i < 50; ++i) {
    const PlacementDecision d =
        policy->Place(GpuRequest("task-" + std::to_string(i)), fleet, DeviceAllocator());
    ASSERT_TRUE(d.placed());
    chosen.insert(d.placement().worker_id);
  }
  EXPECT_GT(chosen.size(), 30U);  // an idle fleet: ties go to the first sampled worker
}

TEST(HardwareAwarePolicy, ScoresABoundedSamplePerGroup) {
  std::vector<WorkerState> workers = ManyWorkers(8, &H100, "w");
  for (WorkerState& w : workers) w.devices[1].temperature_celsius = 70.0;
  DeviceOf(workers, "w1005", "gpu0").temperature_celsius = 35.0;  // the best, by far
  const FleetSnapshot fleet = Fleet(workers);

  PlacementConfig whole;
  whole.candidates_per_group = 8;  // the sample covers the group: always the best
  auto exhaustive = HardwareAwarePolicy::Create(whole);
  auto sampled = HardwareAwarePolicy::Create();  // default: 3 per group
  ASSERT_TRUE(exhaustive);
  ASSERT_TRUE(sampled);
  int best_by_sample = 0;
  for (int i = 0; i < 20; ++i) {
    const PlacementRequest r = GpuRequest("t" + std::to_string(i));
    EXPECT_EQ(exhaustive->Place(r, fleet, DeviceAllocator()).placement().worker_id, "w1005");
    best_by_sample += sampled->Place(r, fleet, DeviceAllocator()).placement().worker_id == "w1005";
  }
  // Three of eight workers are scored: the best one is found only when sampled.
  EXPECT_GT(best_by_sample, 0);
  EXPECT_LT(best_by_sample, 20);
}

TEST(HardwareAwarePolicy, HonoursAllocationsOnWorkersWithLongIds) {
  const std::string prefix(40, 'w');
  const FleetSnapshot fleet =
      Fleet({GpuWorker(prefix + "1", 1), GpuWorker(prefix + "2", 1), GpuWorker(prefix + "3", 1)});
  DeviceAllocator allocator;
  ASSERT_TRUE(allocator.Allocate("a", fleet.workers()[0].profile, {"gpu0"}, 0));
  ASSERT_TRUE(allocator.Allocate("b", fleet.workers()[2].profile, {"gpu0"}, 0));
  auto policy = HardwareAwarePolicy::Create();
  ASSERT_TRUE(policy);
  const PlacementDecision d = policy->Place(GpuRequest("t"), fleet, allocator);
  ASSERT_TRUE(d.placed());
  EXPECT_EQ(d.placement().worker_id, prefix + "2");
}

TEST(PlacementConfig, ValidatesFieldsByName) {
  EXPECT_TRUE(PlacementConfig().Validate());
  PlacementConfig c;
  c.overload_threshold = Fraction::Zero();
  EXPECT_EQ(c.Validate().error().where, "overload_threshold");
  c = PlacementConfig();
  c.scorers.packing.weight = -1.0;
  EXPECT_EQ(c.Validate().error().where, "scorers.packing.weight");
  c = PlacementConfig();
  c.cool_temperature_celsius = 95.0;
  EXPECT_EQ(c.Validate().error().message, "cool temperature must be below hot temperature");
  c = PlacementConfig();
  c.candidates_per_group = 0;
  EXPECT_EQ(c.Validate().error().where, "candidates_per_group");
  c = PlacementConfig();
  c.default_task_duration = Duration::zero();
  const auto policy = HardwareAwarePolicy::Create(c);
  ASSERT_FALSE(policy);
  EXPECT_EQ(policy.error().where, "default_task_duration");
  EXPECT_EQ(hawk::Parse<PackingMode>("bin_pack").value(), PackingMode::kBinPack);
}

}  // namespace
}  // namespace hawk::engine
