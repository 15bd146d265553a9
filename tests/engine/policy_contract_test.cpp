// The contract every placement policy keeps (DESIGN.md §3.10), checked over a
// seeded random fleet against an independent feasibility reference: never an
// infeasible or allocated device, pending only when nothing fits, never a
// device twice, same input -> same decision.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <tuple>

#include "core/rng.h"
#include "engine/device_allocator.h"
#include "engine/first_fit_policy.h"
#include "engine/hardware_aware_policy.h"
#include "fleet_builders.h"

namespace hawk::engine {
namespace {

using namespace hawk::engine::testing;

struct HardwareAwareFactory {
  static std::unique_ptr<PlacementPolicy> Make() {
    return std::make_unique<HardwareAwarePolicy>(*HardwareAwarePolicy::Create());
  }
};
// The bounded search at its smallest: one candidate per shape, stop after two
// examined workers once anything fits.
struct TinySampleHardwareAwareFactory {
  static std::unique_ptr<PlacementPolicy> Make() {
    PlacementConfig config;
    config.candidates_per_group = 1;
    config.max_candidates = 2;
    config.max_examined = 2;
    config.packing_mode = PackingMode::kBinPack;
    return std::make_unique<HardwareAwarePolicy>(*HardwareAwarePolicy::Create(config));
  }
};
struct FirstFitFactory {
  static std::unique_ptr<PlacementPolicy> Make() { return std::make_unique<FirstFitPolicy>(); }
};

std::vector<WorkerState> RandomWorkers(Rng& rng, int count) {
  std::vector<WorkerState> workers;
  DeviceProfile (*const accelerators[])(std::string) = {&H100, &A100, &Rtx4090, &Mi250,
                                                        &Npu,  &Tpu,  &Browser};
  for (int i = 0; i < count; ++i) {
    std::vector<DeviceProfile> devices = {Cpu("cpu0")};
    const auto kind = rng.NextBelow(8);
    const int n = kind == 7 ? 0 : static_cast<int>(1 + rng.NextBelow(4));
    for (int d = 0; d < n; ++d) {
      devices.push_back(accelerators[kind % 7]("acc" + std::to_string(d)));
    }
    WorkerState w = Worker("w" + std::to_string(1000 + i), std::move(devices),
                           static_cast<std::uint32_t>(1 + rng.NextBelow(3)),
                           {{"pool", rng.Bernoulli(0.5) ? "a" : "b"}});
    w.connected = !rng.Bernoulli(0.05);
    w.cpu_utilization = Fraction::FromDouble(rng.NextDouble());
    w.memory_utilization = Fraction::FromDouble(rng.NextDouble() * 0.97);
    for (DeviceState& d : w.devices) {
      d.utilization = Fraction::FromDouble(rng.NextDouble());
      d.memory_utilization = Fraction::FromDouble(rng.NextDouble() * 0.97);
      d.temperature_celsius = 30.0 + 60.0 * rng.NextDouble();
      d.thermal_state = static_cast<ThermalState>(rng.NextBelow(5));
      d.quarantined = rng.Bernoulli(0.05);
      d.throttling = rng.Bernoulli(0.05);
      if (rng.Bernoulli(0.3)) d.time_to_throttle = Duration(rng.NextBelow(3'600'000));
    }
    workers.push_back(std::move(w));
  }
  return workers;
}

PlacementRequest RandomRequest(Rng& rng, int i, const std::vector<WorkerState>& workers) {
  const HardwareClass classes[] = {HardwareClass::kGpu, HardwareClass::kGpu,
                                   HardwareClass::kCpu, HardwareClass::kNpu,
                                   HardwareClass::kTpu, HardwareClass::kBrowser};
  PlacementRequest r = Request("t" + std::to_string(i), classes[rng.NextBelow(6)],
                               static_cast<std::uint32_t>(1 + rng.NextBelow(3)));
  r.workload_type = static_cast<WorkloadType>(rng.NextBelow(EnumCount<WorkloadType>()));
  if (rng.Bernoulli(0.3)) r.requirements.precisions.Insert(Precision::kFp16);
  if (rng.Bernoulli(0.15)) r.requirements.precisions.Insert(Precision::kFp8);
  if (rng.Bernoulli(0.2)) r.requirements.backends.Insert(Backend::kPytorch);
  if (rng.Bernoulli(0.2)) r.requirements.memory_per_device_bytes = 40 * kGiB;
  if (rng.Bernoulli(0.1)) r.requirements.min_compute_capability = ComputeCapability{8, 5};
  if (rng.Bernoulli(0.1)) r.requirements.vendor = Vendor::kNvidia;
  if (rng.Bernoulli(0.2)) r.requirements.worker_labels["pool"] = "a";
  if (rng.Bernoulli(0.2)) {
    r.excluded_workers.insert(workers[rng.NextBelow(workers.size())].profile.worker_id);
  }
  if (rng.Bernoulli(0.2)) {
    r.failed_on_workers.insert(workers[rng.NextBelow(workers.size())].profile.worker_id);
  }
  return r;
}

// An independent statement of the filters (defaults of PlacementConfig).
bool DeviceFits(const PlacementRequest& r, const WorkerState& w, std::size_t index,
                const WorkerUsage* usage) {
  const DeviceState& d = w.devices[index];
  const DeviceProfile& p = d.profile;
  const ResourceRequirements& q = r.requirements;
  if (p.hardware_class != q.device_class) return false;
  if (q.memory_per_device_bytes && p.memory_total_bytes < *q.memory_per_device_bytes) return false;
  if (!p.backends.ContainsAll(q.backends) || !p.precisions.ContainsAll(q.precisions) ||
      !p.features.ContainsAll(q.features)) {
    return false;
  }
  if (q.vendor && p.vendor != *q.vendor) return false;
  if (q.min_compute_capability &&
      (!p.compute_capability || *p.compute_capability < *q.min_compute_capability)) {
    return false;
  }
  if (d.quarantined || d.throttling || d.thermal_state == ThermalState::kThrottling ||
      d.thermal_state == ThermalState::kCritical) {
    return false;
  }
  const double compute_limit = p.hardware_class == HardwareClass::kCpu ? 0.95 : 0.98;
  if (d.utilization.ToDouble() >= compute_limit || d.memory_utilization.ToDouble() >= 0.95) {
    return false;
  }
  return !(usage && usage->IsTaken(index));
}

bool WorkerFits(const PlacementRequest& r, const WorkerState& w, const WorkerUsage* usage) {
  if (!w.connected || w.cpu_utilization.ToDouble() >= 0.95 ||
      w.memory_utilization.ToDouble() >= 0.95 || r.excluded_workers.contains(w.profile.worker_id)) {
    return false;
  }
  for (const auto& [k, v] : r.requirements.worker_labels) {
    const auto it = w.profile.labels.find(k);
    if (it == w.profile.labels.end() || it->second != v) return false;
  }
  if (r.UsesCpuSlots()) {
    const std::uint32_t used = usage ? usage->cpu_slots_used : 0;
    return used + r.RequiredCount() <= w.profile.cpu_slots;
  }
  return true;
}

std::size_t FittingDevices(const PlacementRequest& r, const WorkerState& w,
                           const WorkerUsage* usage) {
  std::size_t n = 0;
  for (std::size_t d = 0; d < w.devices.size(); ++d) n += DeviceFits(r, w, d, usage) ? 1 : 0;
  return n;
}

bool AnyWorkerFits(const PlacementRequest& r, const FleetSnapshot& fleet,
                   const DeviceAllocator& allocator) {
  const std::size_t needed = r.UsesCpuSlots() ? 1 : r.RequiredCount();
  for (const WorkerState& w : fleet.workers()) {
    const WorkerUsage* usage = allocator.Usage(w.profile.worker_id);
    if (WorkerFits(r, w, usage) && FittingDevices(r, w, usage) >= needed) return true;
  }
  return false;
}

template <typename Factory>
class PlacementPolicyContract : public ::testing::Test {
 protected:
  std::unique_ptr<PlacementPolicy> policy_ = Factory::Make();
};

using Factories =
    ::testing::Types<HardwareAwareFactory, TinySampleHardwareAwareFactory, FirstFitFactory>;
TYPED_TEST_SUITE(PlacementPolicyContract, Factories);

TYPED_TEST(PlacementPolicyContract, NeverPlacesOnInfeasibleDeviceAndWaitsOnlyWhenNothingFits) {
  Rng rng(7);
  const std::vector<WorkerState> workers = RandomWorkers(rng, 80);
  const FleetSnapshot fleet = Fleet(workers);
  DeviceAllocator allocator;
  int placed = 0;
  int pending = 0;
  for (int i = 0; i < 400; ++i) {
    const PlacementRequest r = RandomRequest(rng, i, workers);
    const PlacementDecision decision = this->policy_->Place(r, fleet, allocator);
    if (!decision.placed()) {
      ++pending;
      EXPECT_FALSE(AnyWorkerFits(r, fleet, allocator))
          << r.task_id << ": " << decision.pending().ToString();
      continue;
    }
    ++placed;
    const Placement& p = decision.placement();
    ASSERT_LT(p.worker_index, fleet.size());
    const WorkerState& w = fleet.workers()[p.worker_index];
    EXPECT_EQ(w.profile.worker_id, p.worker_id);
    const WorkerUsage* usage = allocator.Usage(p.worker_id);
    EXPECT_TRUE(WorkerFits(r, w, usage)) << r.task_id << " on " << p.worker_id;
    const std::size_t expected = r.UsesCpuSlots() ? 1 : r.RequiredCount();
    ASSERT_EQ(p.device_indices.size(), expected);
    EXPECT_EQ(p.cpu_slots, r.UsesCpuSlots() ? r.RequiredCount() : 0U);
    EXPECT_TRUE(std::is_sorted(p.device_indices.begin(), p.device_indices.end()));
    EXPECT_EQ(std::adjacent_find(p.device_indices.begin(), p.device_indices.end()),
              p.device_indices.end());
    for (std::size_t k = 0; k < p.device_indices.size(); ++k) {
      EXPECT_TRUE(DeviceFits(r, w, p.device_indices[k], usage))
          << r.task_id << " on " << p.worker_id << "/" << p.device_ids[k];
      EXPECT_EQ(w.devices[p.device_indices[k]].profile.id, p.device_ids[k]);
    }
    // Keep some of them, so later requests meet a partly reserved fleet.
    if (i % 2 == 0) {
      ASSERT_TRUE(allocator.Allocate(r.task_id, fleet, p));
    }
  }
  EXPECT_GT(placed, 100);
  EXPECT_GT(pending, 20);
}

TYPED_TEST(PlacementPolicyContract, NeverGivesADeviceTwice) {
  Rng rng(11);
  const std::vector<WorkerState> workers = RandomWorkers(rng, 40);
  const FleetSnapshot fleet = Fleet(workers);
  DeviceAllocator allocator;
  std::set<std::pair<std::string, std::string>> held;
  std::vector<std::string> attempts;
  int allocated = 0;
  for (int i = 0; i < 600; ++i) {
    PlacementRequest r = RandomRequest(rng, i, workers);
    r.requirements.worker_labels.clear();
    const PlacementDecision decision = this->policy_->Place(r, fleet, allocator);
    if (!decision.placed()) continue;
    const Placement& p = decision.placement();
    const std::string attempt = "a" + std::to_string(i);
    const Status status = allocator.Allocate(attempt, fleet, p);
    ASSERT_TRUE(status) << status.error().ToString();
    ++allocated;
    attempts.push_back(attempt);
    if (p.cpu_slots == 0) {
      for (const std::string& device : p.device_ids) {
        EXPECT_TRUE(held.emplace(p.worker_id, device).second) << p.worker_id << "/" << device;
      }
    }
    if (i % 5 == 4) {  // finish the oldest running attempt now and then
      const Allocation* done = allocator.Find(attempts.front());
      ASSERT_NE(done, nullptr);
      if (done->cpu_slots == 0) {
        for (const std::string& device : done->device_ids) held.erase({done->worker_id, device});
      }
      ASSERT_TRUE(allocator.Release(attempts.front()));
      attempts.erase(attempts.begin());
    }
  }
  EXPECT_GT(allocated, 40);
}

TYPED_TEST(PlacementPolicyContract, SameSnapshotSameDecision) {
  Rng rng(23);
  std::vector<WorkerState> workers = RandomWorkers(rng, 50);
  const FleetSnapshot fleet = Fleet(workers);
  std::reverse(workers.begin(), workers.end());  // built again from another order
  const FleetSnapshot rebuilt = Fleet(workers);
  DeviceAllocator allocator;
  ASSERT_TRUE(allocator.Allocate("held", fleet.workers()[3].profile,
                                 {fleet.workers()[3].profile.devices.back().id}, 0));
  for (int i = 0; i < 200; ++i) {
    const PlacementRequest r = RandomRequest(rng, i, workers);
    const PlacementDecision first = this->policy_->Place(r, fleet, allocator);
    EXPECT_EQ(first, this->policy_->Place(r, fleet, allocator)) << r.task_id;
    EXPECT_EQ(first, this->policy_->Place(r, rebuilt, allocator)) << r.task_id;
    EXPECT_EQ(first, TypeParam::Make()->Place(r, fleet, allocator)) << r.task_id;
  }
}

TYPED_TEST(PlacementPolicyContract, ExplainsATaskThatCannotFit) {
  const FleetSnapshot fleet = Fleet({GpuWorker("w1", 2, &A100)});
  DeviceAllocator allocator;
  PlacementRequest r = GpuRequest("t");
  r.requirements.precisions = {Precision::kFp8};
  const PlacementDecision decision = this->policy_->Place(r, fleet, allocator);
  ASSERT_FALSE(decision.placed());
  EXPECT_EQ(decision.pending().kind, PendingKind::kNeverFits);
  EXPECT_EQ(decision.pending().Summary(), "2 devices: 2 lack fp8");
}

TYPED_TEST(PlacementPolicyContract, CpuTasksShareSlotsUpToTheLimit) {
  const FleetSnapshot fleet = Fleet({Worker("w1", {Cpu("cpu0")}, /*cpu_slots=*/3)});
  DeviceAllocator allocator;
  PlacementRequest two = Request("two", HardwareClass::kCpu, 2);
  const PlacementDecision first = this->policy_->Place(two, fleet, allocator);
  ASSERT_TRUE(first.placed());
  EXPECT_EQ(first.placement().device_ids, std::vector<std::string>{"cpu0"});
  EXPECT_EQ(first.placement().cpu_slots, 2U);
  ASSERT_TRUE(allocator.Allocate("a1", fleet, first.placement()));
  const PlacementDecision second = this->policy_->Place(two, fleet, allocator);
  ASSERT_FALSE(second.placed());
  EXPECT_EQ(second.pending().kind, PendingKind::kMustWait);
  const PlacementDecision one =
      this->policy_->Place(Request("one", HardwareClass::kCpu), fleet, allocator);
  ASSERT_TRUE(one.placed());
  EXPECT_EQ(one.placement().cpu_slots, 1U);
}

}  // namespace
}  // namespace hawk::engine
