#include "engine/request_gate.h"

#include <gtest/gtest.h>

#include "engine/hardware_aware_policy.h"
#include "fleet_builders.h"

namespace hawk::engine {
namespace {

using namespace hawk::engine::testing;

constexpr RequestGate::SignatureId kGpu = 0;

// Three workers with two GPUs each and a CPU-only worker; every GPU taken.
class RequestGateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fleet_ = Fleet(
        {GpuWorker("w0", 2), GpuWorker("w1", 2), GpuWorker("w2", 2), Worker("w3", {Cpu("cpu0")})});
    for (std::size_t w = 0; w < 3; ++w) {
      const WorkerProfile& p = fleet_.workers()[w].profile;
      ASSERT_TRUE(allocator_.Allocate("a" + std::to_string(w), p, {"gpu0", "gpu1"}, 0));
    }
    const PlacementDecision full = policy_.Place(GpuRequest("t"), fleet_, allocator_);
    ASSERT_FALSE(full.placed());
    gate_.Blocked(kGpu, GpuRequest("t"), fleet_,
                  std::make_shared<const PendingExplanation>(full.pending()));
  }

  std::vector<std::uint32_t> Candidates() {
    const RequestGate::Verdict v = gate_.Check(kGpu, fleet_, allocator_, config_);
    EXPECT_TRUE(v.followed);
    return v.followed ? *v.candidates : std::vector<std::uint32_t>{99};
  }

  PlacementConfig config_;
  HardwareAwarePolicy policy_ = *HardwareAwarePolicy::Create(config_);
  FleetSnapshot fleet_;
  DeviceAllocator allocator_;
  RequestGate gate_;
};

TEST_F(RequestGateTest, AnUnknownSignatureIsNotFollowed) {
  EXPECT_FALSE(gate_.Check(7, fleet_, allocator_, config_).followed);
  EXPECT_FALSE(gate_.Waiting(7));
}

TEST_F(RequestGateTest, NothingChangedMeansItStillWaitsWithTheReasonFound) {
  const RequestGate::Verdict v = gate_.Check(kGpu, fleet_, allocator_, config_);
  ASSERT_TRUE(v.followed);
  EXPECT_TRUE(v.candidates->empty());
  ASSERT_NE(v.why, nullptr);
  EXPECT_EQ(v.why->kind, PendingKind::kMustWait);
  EXPECT_TRUE(gate_.Waiting(kGpu));
}

TEST_F(RequestGateTest, AReleasedDeviceMakesItsWorkerTheOnlyCandidate) {
  ASSERT_TRUE(allocator_.Release("a1"));
  gate_.Changed(1);
  EXPECT_EQ(Candidates(), (std::vector<std::uint32_t>{1}));
  EXPECT_FALSE(gate_.Waiting(kGpu));

  // The policy, asked among the candidates, finds the same worker.
  PlacementRequest request = GpuRequest("t");
  request.candidate_workers = Candidates();
  const PlacementDecision d = policy_.Place(request, fleet_, allocator_);
  ASSERT_TRUE(d.placed());
  EXPECT_EQ(d.placement().worker_id, "w1");

  // One of its two GPUs taken: it still fits; both taken: no candidate left.
  ASSERT_TRUE(allocator_.Allocate("b1", fleet_, d.placement()));
  gate_.Changed(1);
  EXPECT_EQ(Candidates(), (std::vector<std::uint32_t>{1}));
  const PlacementDecision again = policy_.Place(request, fleet_, allocator_);
  ASSERT_TRUE(again.placed());
  ASSERT_TRUE(allocator_.Allocate("b2", fleet_, again.placement()));
  gate_.Changed(1);
  EXPECT_EQ(Candidates(), (std::vector<std::uint32_t>{}));
}

TEST_F(RequestGateTest, AChangeOnAWorkerWithoutMatchingDevicesIsIgnored) {
  gate_.Changed(3);  // the CPU-only worker
  EXPECT_TRUE(Candidates().empty());
}

TEST_F(RequestGateTest, AChangeThatOnlyClosesAWorkerAddsNoCandidate) {
  gate_.Changed(0);  // checked: still full
  gate_.Changed(2);
  EXPECT_TRUE(Candidates().empty());
}

TEST_F(RequestGateTest, LiveStateIsCheckedLikeThePolicyDoes) {
  // Released, but the worker's CPU is overloaded: not a candidate until the
  // load drops.
  ASSERT_TRUE(allocator_.Release("a2"));
  WorkerState busy = fleet_.workers()[2];
  busy.cpu_utilization = Fraction::FromDouble(0.99);
  ASSERT_TRUE(fleet_.UpdateLiveState(2, busy));
  gate_.Changed(2);
  EXPECT_TRUE(Candidates().empty());

  busy.cpu_utilization = Fraction::FromDouble(0.2);
  ASSERT_TRUE(fleet_.UpdateLiveState(2, busy));
  gate_.Changed(2);
  EXPECT_EQ(Candidates(), (std::vector<std::uint32_t>{2}));
}

TEST_F(RequestGateTest, ResetAndForgetStopFollowing) {
  gate_.Forget(kGpu);
  EXPECT_FALSE(gate_.Check(kGpu, fleet_, allocator_, config_).followed);
  EXPECT_EQ(gate_.followed(), 0U);

  gate_.Blocked(kGpu, GpuRequest("t"), fleet_, nullptr);
  EXPECT_EQ(gate_.followed(), 1U);
  gate_.Reset();
  EXPECT_FALSE(gate_.Check(kGpu, fleet_, allocator_, config_).followed);
}

TEST_F(RequestGateTest, ASignatureNobodyAsksAboutIsDroppedRatherThanLoggingForever) {
  // Followed but never checked: its log of changes is bounded.
  for (int i = 0; i < 100000; ++i) gate_.Changed(static_cast<std::uint32_t>(i % 4));
  EXPECT_EQ(gate_.followed(), 0U);
  EXPECT_FALSE(gate_.Check(kGpu, fleet_, allocator_, config_).followed);
}

}  // namespace
}  // namespace hawk::engine
