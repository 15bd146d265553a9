#include "engine/device_allocator.h"

#include <gtest/gtest.h>

#include "core/rng.h"
#include "engine/hardware_aware_policy.h"
#include "fleet_builders.h"

namespace hawk::engine {
namespace {

using namespace hawk::engine::testing;

class DeviceAllocatorTest : public ::testing::Test {
 protected:
  FleetSnapshot fleet_ = Fleet({GpuWorker("w1", 2), GpuWorker("w2", 2)});
  const WorkerProfile& w1_ = fleet_.workers()[0].profile;
  const WorkerProfile& w2_ = fleet_.workers()[1].profile;
  DeviceAllocator allocator_;
};

TEST_F(DeviceAllocatorTest, ReleaseOnCompletionFreesDevicesForTheNextTask) {
  auto policy = HardwareAwarePolicy::Create();
  ASSERT_TRUE(policy);
  ASSERT_TRUE(allocator_.Allocate("a1", w1_, {"gpu0", "gpu1"}, 0));
  ASSERT_TRUE(allocator_.Allocate("a2", w2_, {"gpu1", "gpu0"}, 0));
  EXPECT_FALSE(policy->Place(GpuRequest("t"), fleet_, allocator_).placed());
  const Allocation* a2 = allocator_.Find("a2");
  ASSERT_NE(a2, nullptr);
  EXPECT_EQ(a2->device_ids, (std::vector<std::string>{"gpu0", "gpu1"}));  // sorted by index
  EXPECT_EQ(a2->device_indices, (std::vector<std::uint32_t>{1, 2}));

  ASSERT_TRUE(allocator_.Release("a2"));
  EXPECT_EQ(allocator_.Find("a2"), nullptr);
  EXPECT_EQ(allocator_.Usage("w2"), nullptr);
  const PlacementDecision d = policy->Place(GpuRequest("t", 2), fleet_, allocator_);
  ASSERT_TRUE(d.placed());
  EXPECT_EQ(d.placement().worker_id, "w2");
  EXPECT_TRUE(allocator_.Allocate("a3", fleet_, d.placement()));
  EXPECT_EQ(allocator_.attempt_count(), 2U);
}

TEST_F(DeviceAllocatorTest, ReleaseWorkerFreesEveryAttemptOnTheLostWorker) {
  ASSERT_TRUE(allocator_.Allocate("b", w1_, {"gpu1"}, 0));
  ASSERT_TRUE(allocator_.Allocate("a", w1_, {"gpu0"}, 0));
  ASSERT_TRUE(allocator_.Allocate("c", w1_, {"cpu0"}, 3));
  ASSERT_TRUE(allocator_.Allocate("d", w2_, {"gpu0"}, 0));
  EXPECT_EQ(allocator_.ReleaseWorker("w1"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(allocator_.Usage("w1"), nullptr);
  EXPECT_EQ(allocator_.Find("a"), nullptr);
  EXPECT_NE(allocator_.Find("d"), nullptr);
  EXPECT_TRUE(allocator_.Usage("w2")->IsTaken(1));
  EXPECT_TRUE(allocator_.ReleaseWorker("w1").empty());
  EXPECT_TRUE(allocator_.Allocate("a", w1_, {"gpu0"}, 0));  // the id is free again
}

TEST_F(DeviceAllocatorTest, TransferHandsTheSameDevicesToTheNextAttempt) {
  ASSERT_TRUE(allocator_.Allocate("a", w1_, {"gpu1"}, 0));
  ASSERT_TRUE(allocator_.Allocate("c", w1_, {"cpu0"}, 2));
  ASSERT_TRUE(allocator_.Transfer("a", "b"));
  EXPECT_EQ(allocator_.Find("a"), nullptr);
  const Allocation* b = allocator_.Find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->attempt_id, "b");
  EXPECT_EQ(b->device_ids, std::vector<std::string>{"gpu1"});
  EXPECT_TRUE(allocator_.Usage("w1")->IsTaken(2));
  EXPECT_EQ(allocator_.Usage("w1")->attempts, (std::vector<std::string>{"b", "c"}));
  ASSERT_TRUE(allocator_.Transfer("c", "d"));
  EXPECT_EQ(allocator_.Usage("w1")->cpu_slots_used, 2U);
  EXPECT_EQ(allocator_.attempt_count(), 2U);

  EXPECT_EQ(allocator_.Transfer("a", "e").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(allocator_.Transfer("b", "d").error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(allocator_.Transfer("b", "").error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(allocator_.Release("b"));
  ASSERT_TRUE(allocator_.Release("d"));
  EXPECT_EQ(allocator_.Usage("w1"), nullptr);  // nothing left behind under the old ids
}

TEST_F(DeviceAllocatorTest, NeverGivesADeviceTwice) {
  ASSERT_TRUE(allocator_.Allocate("a", w1_, {"gpu0"}, 0));
  const Status again = allocator_.Allocate("b", w1_, {"gpu1", "gpu0"}, 0);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kBusy);
  EXPECT_EQ(again.error().message, "device 'gpu0' on worker 'w1' is already allocated");
  EXPECT_EQ(allocator_.Find("b"), nullptr);
  EXPECT_FALSE(allocator_.Usage("w1")->IsTaken(2));         // nothing half-done
  EXPECT_TRUE(allocator_.Allocate("b", w2_, {"gpu0"}, 0));  // same id on another worker
}

TEST_F(DeviceAllocatorTest, RejectsBadRequestsWithClearErrors) {
  ASSERT_TRUE(allocator_.Allocate("a", w1_, {"gpu0"}, 0));
  EXPECT_EQ(allocator_.Allocate("a", w1_, {"gpu1"}, 0).error().code, ErrorCode::kAlreadyExists);
  const Status unknown = allocator_.Allocate("x", w1_, {"gpu7"}, 0);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().message, "device 'gpu7' is not on worker 'w1'");
  EXPECT_EQ(allocator_.Allocate("x", w1_, {}, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(allocator_.Allocate("x", w1_, {"gpu1", "gpu1"}, 0).error().message,
            "a device is listed twice");
  EXPECT_EQ(allocator_.Allocate("", w1_, {"gpu1"}, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(allocator_.Allocate("x", w1_, {"gpu1"}, 1).error().message,
            "CPU slots run on CPU devices; 'gpu1' is a gpu");
  const Status release = allocator_.Release("nope");
  EXPECT_EQ(release.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(release.error().where, "nope");
}

TEST_F(DeviceAllocatorTest, CpuSlotsAreSharedUpToTheLimit) {
  ASSERT_TRUE(allocator_.Allocate("a", w1_, {"cpu0"}, 3));
  ASSERT_TRUE(allocator_.Allocate("b", w1_, {"cpu0"}, 1));
  const Status full = allocator_.Allocate("c", w1_, {"cpu0"}, 1);
  EXPECT_EQ(full.error().code, ErrorCode::kBusy);
  EXPECT_EQ(full.error().message, "worker 'w1' has 0 free CPU slots, the attempt needs 1");
  EXPECT_EQ(allocator_.Usage("w1")->cpu_slots_used, 4U);
  EXPECT_FALSE(allocator_.Usage("w1")->IsTaken(0));  // the CPU device stays shared
  ASSERT_TRUE(allocator_.Release("a"));
  EXPECT_EQ(allocator_.Usage("w1")->cpu_slots_used, 1U);
  EXPECT_TRUE(allocator_.Allocate("c", w1_, {"cpu0"}, 2));
}

TEST_F(DeviceAllocatorTest, RejectsAPlacementThatDoesNotMatchTheSnapshot) {
  Placement p;
  p.worker_index = 1;
  p.worker_id = "w1";
  p.device_indices = {1};
  p.device_ids = {"gpu0"};
  EXPECT_EQ(allocator_.Allocate("a", fleet_, p).error().code, ErrorCode::kInvalidArgument);
  p.worker_index = 0;
  p.device_ids = {"gpu1"};
  EXPECT_EQ(allocator_.Allocate("a", fleet_, p).error().code, ErrorCode::kNotFound);
  p.worker_index = 7;
  EXPECT_EQ(allocator_.Allocate("a", fleet_, p).error().code, ErrorCode::kInvalidArgument);
  p.worker_index = 0;
  p.device_ids = {"gpu0"};
  EXPECT_TRUE(allocator_.Allocate("a", fleet_, p));
  EXPECT_EQ(allocator_.Find("a")->worker_id, "w1");
}

TEST(DeviceAllocator, FindsUsageByPrecomputedHashThroughChurn) {
  std::vector<WorkerState> workers;
  workers.reserve(150);
  for (int i = 0; i < 150; ++i) workers.push_back(GpuWorker("w" + std::to_string(i), 1));
  const FleetSnapshot fleet = Fleet(workers);
  DeviceAllocator allocator;
  Rng rng(5);
  std::vector<bool> held(fleet.size(), false);
  for (int step = 0; step < 1500; ++step) {
    const std::size_t w = rng.NextBelow(fleet.size());
    const WorkerProfile& worker = fleet.workers()[w].profile;
    if (held[w]) {
      ASSERT_TRUE(allocator.Release(worker.worker_id));
    } else {
      ASSERT_TRUE(allocator.Allocate(worker.worker_id, worker, {"gpu0"}, 0));
    }
    held[w] = !held[w];
    if (step % 10 != 0) continue;
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      const std::string& id = fleet.workers()[i].profile.worker_id;
      const WorkerUsage* usage = allocator.Usage(id, WorkerIdHash(id));
      ASSERT_EQ(usage, allocator.Usage(std::string_view(id))) << id << " at step " << step;
      ASSERT_EQ(usage != nullptr, static_cast<bool>(held[i])) << id << " at step " << step;
      if (usage) {
        EXPECT_EQ(usage->worker_id, id);
      }
    }
  }
}

TEST_F(DeviceAllocatorTest, CopiesAreIndependent) {
  ASSERT_TRUE(allocator_.Allocate("a", w1_, {"gpu0"}, 0));
  DeviceAllocator copy = allocator_;
  ASSERT_TRUE(allocator_.Release("a"));
  EXPECT_EQ(allocator_.Usage("w1", WorkerIdHash("w1")), nullptr);
  ASSERT_NE(copy.Usage("w1", WorkerIdHash("w1")), nullptr);
  EXPECT_TRUE(copy.Usage("w1", WorkerIdHash("w1"))->IsTaken(1));
  ASSERT_TRUE(copy.Allocate("b", w2_, {"gpu1"}, 0));
  EXPECT_EQ(allocator_.Usage("w2"), nullptr);
  allocator_ = copy;
  EXPECT_NE(allocator_.Usage("w2", WorkerIdHash("w2")), nullptr);
  DeviceAllocator moved = std::move(copy);
  EXPECT_TRUE(moved.Usage("w1", WorkerIdHash("w1"))->IsTaken(1));
}

TEST(DeviceAllocator, WorkerIdHashIsFnv1a) {
  EXPECT_EQ(WorkerIdHash(""), 14695981039346656037ULL);
  EXPECT_EQ(WorkerIdHash("a"), 0xaf63dc4c8601ec8cULL);
}

}  // namespace
}  // namespace hawk::engine
