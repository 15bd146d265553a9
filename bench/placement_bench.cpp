// Placement decisions on heterogeneous fleets of 1 k, 10 k and 100 k workers
// (CPU-only, A100, H100, RTX 4090, MI250, NPU, TPU and browser workers with
// varied memory, CPU slots, labels and live state), fed a stream of mixed
// tasks. Each decision that places is followed by an allocation, and the
// oldest running attempt is released once the number running reaches half the
// fleet size, so the fleet stays partly busy in a steady state.
//
// Counters: decisions_per_s counts Place calls only (from per-decision steady
// clock latencies); loop_per_s is the whole loop including allocate/release;
// p50/p99/p999/max latencies in microseconds; pending_pct is the share of
// decisions that returned an explanation instead of a placement.
// BM_PlaceOnly reports CPU time per decision; BM_BuildSnapshot the cost of a
// snapshot; BM_ExplainPending the pending path (a full explanation).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.h"
#include "engine/device_allocator.h"
#include "engine/first_fit_policy.h"
#include "engine/fleet.h"
#include "engine/hardware_aware_policy.h"
#include "engine/performance_history.h"

namespace {

using hawk::Architecture;
using hawk::Backend;
using hawk::DeviceProfile;
using hawk::Feature;
using hawk::Fraction;
using hawk::HardwareClass;
using hawk::kGiB;
using hawk::Precision;
using hawk::Rng;
using hawk::Vendor;
using hawk::WorkerProfile;
using hawk::WorkloadType;
using namespace hawk::engine;

DeviceProfile Device(std::string id, HardwareClass c, Architecture a, Vendor v, std::string model,
                     std::uint64_t memory_gib, std::uint32_t units) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = c;
  d.architecture = a;
  d.vendor = v;
  d.model = std::move(model);
  d.memory_total_bytes = memory_gib * kGiB;
  d.compute_units = units;
  return d;
}

DeviceProfile Cpu(std::uint32_t cores) {
  DeviceProfile d = Device("cpu0", HardwareClass::kCpu, Architecture::kX86_64, Vendor::kAmd,
                           "AMD EPYC " + std::to_string(cores) + "-core", 256, cores);
  d.backends = {Backend::kOpenmp, Backend::kPytorch, Backend::kOnnxruntime};
  d.precisions = {Precision::kFp64, Precision::kFp32, Precision::kBf16, Precision::kInt8};
  d.features = {Feature::kAvx2, Feature::kFma};
  if (cores >= 64) d.features.Insert(Feature::kAvx512f);
  return d;
}

DeviceProfile NvidiaGpu(int i, const std::string& model, std::uint64_t memory_gib,
                        std::uint32_t sms, int cc_major, int cc_minor, bool fp8) {
  DeviceProfile d = Device("gpu" + std::to_string(i), HardwareClass::kGpu, Architecture::kCuda,
                           Vendor::kNvidia, model, memory_gib, sms);
  d.compute_capability = hawk::ComputeCapability{cc_major, cc_minor};
  d.backends = {Backend::kCuda, Backend::kPytorch, Backend::kTensorrt, Backend::kOnnxruntime};
  d.precisions = {Precision::kFp32, Precision::kTf32, Precision::kBf16, Precision::kFp16,
                  Precision::kInt8};
  if (fp8) d.precisions.Insert(Precision::kFp8);
  d.features = {Feature::kTensorCores};
  if (memory_gib >= 40) d.features.Insert(Feature::kNvlink);
  return d;
}

WorkerState MakeWorker(int index, Rng& rng) {
  WorkerProfile p;
  p.worker_id = "w" + std::to_string(1'000'000 + index);
  p.hostname = p.worker_id;
  p.os = "linux";
  p.labels["zone"] = std::string(1, static_cast<char>('a' + rng.NextBelow(3)));
  const std::uint64_t roll = rng.NextBelow(100);
  const std::uint32_t cores = rng.Bernoulli(0.5) ? 32 : 64;
  p.cpu_slots = cores / 4;
  p.devices.push_back(Cpu(cores));
  if (roll < 30) {  // CPU-only
  } else if (roll < 45) {
    const bool big = rng.Bernoulli(0.5);
    for (int i = 0; i < 8; ++i) {
      p.devices.push_back(NvidiaGpu(i, big ? "NVIDIA A100-SXM4-80GB" : "NVIDIA A100-SXM4-40GB",
                                    big ? 80 : 40, 108, 8, 0, false));
    }
  } else if (roll < 55) {
    for (int i = 0; i < 8; ++i) {
      p.devices.push_back(NvidiaGpu(i, "NVIDIA H100 80GB HBM3", 80, 132, 9, 0, true));
    }
  } else if (roll < 70) {
    for (int i = 0; i < 2; ++i) {
      p.devices.push_back(NvidiaGpu(i, "NVIDIA GeForce RTX 4090", 24, 128, 8, 9, true));
    }
  } else if (roll < 78) {
    for (int i = 0; i < 8; ++i) {
      DeviceProfile d = Device("gpu" + std::to_string(i), HardwareClass::kGpu, Architecture::kRocm,
                               Vendor::kAmd, "AMD Instinct MI250X", 64, 110);
      d.backends = {Backend::kRocm, Backend::kHip, Backend::kPytorch};
      d.precisions = {Precision::kFp64, Precision::kFp32, Precision::kBf16, Precision::kFp16,
                      Precision::kInt8};
      d.features = {Feature::kMatrixCores};
      p.devices.push_back(d);
    }
  } else if (roll < 88) {
    DeviceProfile d = Device("npu0", HardwareClass::kNpu, Architecture::kHexagon, Vendor::kQualcomm,
                             "Qualcomm Hexagon NPU", 16, 8);
    d.backends = {Backend::kQnn, Backend::kOnnxruntime};
    d.precisions = {Precision::kFp16, Precision::kInt8, Precision::kInt4};
    p.devices.push_back(d);
  } else if (roll < 93) {
    for (int i = 0; i < 4; ++i) {
      DeviceProfile d = Device("tpu" + std::to_string(i), HardwareClass::kTpu, Architecture::kTpu,
                               Vendor::kGoogle, "TPU v4", 32, 2);
      d.backends = {Backend::kJax, Backend::kXla, Backend::kTensorflow};
      d.precisions = {Precision::kFp32, Precision::kBf16, Precision::kInt8};
      p.devices.push_back(d);
    }
  } else {  // a browser tab: no CPU slots of its own
    p.devices.clear();
    p.os = "browser";
    p.cpu_slots = 0;
    DeviceProfile d = Device("browser0", HardwareClass::kBrowser, Architecture::kWebgpu,
                             Vendor::kOther, "Chromium WebGPU", 4, 16);
    d.backends = {Backend::kWebgpu, Backend::kWebnn, Backend::kWasm};
    d.precisions = {Precision::kFp32, Precision::kFp16};
    p.devices.push_back(d);
  }
  WorkerState w = WorkerState::FromProfile(std::move(p));
  w.connected = !rng.Bernoulli(0.01);
  w.cpu_utilization = Fraction::FromDouble(0.9 * rng.NextDouble());
  w.memory_utilization = Fraction::FromDouble(0.9 * rng.NextDouble());
  for (DeviceState& d : w.devices) {
    d.utilization = Fraction::FromDouble(0.9 * rng.NextDouble());
    d.memory_utilization = Fraction::FromDouble(0.8 * rng.NextDouble());
    d.temperature_celsius = 35.0 + 50.0 * rng.NextDouble();
    d.throttling = rng.Bernoulli(0.02);
    d.quarantined = rng.Bernoulli(0.005);
    if (rng.Bernoulli(0.2)) d.time_to_throttle = std::chrono::seconds(rng.NextBelow(7200));
  }
  return w;
}

PlacementRequest MakeRequest(int i, Rng& rng) {
  PlacementRequest r;
  r.task_id = "task-" + std::to_string(i);
  const std::uint64_t roll = rng.NextBelow(100);
  auto& q = r.requirements;
  if (roll < 30) {
    r.task_kind = "unit-tests";
    r.workload_type = WorkloadType::kTest;
  } else if (roll < 35) {
    r.task_kind = "cpu-bench";
    r.workload_type = WorkloadType::kBenchmark;
    q.device_count = 4;
    q.features = {Feature::kAvx512f};
  } else if (roll < 55) {
    r.task_kind = "inference-fp16";
    r.workload_type = WorkloadType::kInference;
    q.device_class = HardwareClass::kGpu;
    q.precisions = {Precision::kFp16};
  } else if (roll < 60) {
    r.task_kind = "llm-fp8";
    r.workload_type = WorkloadType::kNlp;
    q.device_class = HardwareClass::kGpu;
    q.precisions = {Precision::kFp8};
    q.min_compute_capability = hawk::ComputeCapability{8, 9};
  } else if (roll < 63) {
    r.task_kind = "train-8gpu";
    r.workload_type = WorkloadType::kTraining;
    q.device_class = HardwareClass::kGpu;
    q.device_count = 8;
    q.memory_per_device_bytes = 80 * kGiB;
    q.precisions = {Precision::kBf16};
  } else if (roll < 65) {
    r.task_kind = "train-rocm";
    r.workload_type = WorkloadType::kTraining;
    q.device_class = HardwareClass::kGpu;
    q.device_count = 4;
    q.backends = {Backend::kRocm};
  } else if (roll < 75) {
    r.task_kind = "vision";
    r.workload_type = WorkloadType::kVision;
    q.device_class = HardwareClass::kGpu;
    q.memory_per_device_bytes = 16 * kGiB;
    q.preferred_vendors = {Vendor::kNvidia};
  } else if (roll < 82) {
    r.task_kind = "audio";
    r.workload_type = WorkloadType::kAudio;
    q.device_class = HardwareClass::kNpu;
  } else if (roll < 85) {
    r.task_kind = "tpu-train";
    r.workload_type = WorkloadType::kTraining;
    q.device_class = HardwareClass::kTpu;
    q.device_count = 4;
  } else if (roll < 93) {
    r.task_kind = "webgpu";
    r.workload_type = WorkloadType::kInference;
    q.device_class = HardwareClass::kBrowser;
    q.backends = {Backend::kWebgpu};
  } else if (roll < 98) {
    r.task_kind = "embedding";
    r.workload_type = WorkloadType::kEmbedding;
    q.device_class = HardwareClass::kNpu;
    q.precisions = {Precision::kInt8};
  } else {
    r.task_kind = "zone-a-gpu";
    r.workload_type = WorkloadType::kInference;
    q.device_class = HardwareClass::kGpu;
    q.worker_labels = {{"zone", "a"}};
  }
  r.expected_duration = std::chrono::minutes(1 + rng.NextBelow(60));
  if (rng.Bernoulli(0.05)) r.failed_on_workers.insert("w" + std::to_string(1'000'000 + i % 1000));
  return r;
}

struct Fixture {
  FleetSnapshot fleet;
  std::vector<PlacementRequest> requests;
  PerformanceHistory history;
};

const Fixture& GetFixture(int workers) {
  static std::map<int, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[workers];
  if (!slot) {
    slot = std::make_unique<Fixture>();
    Rng rng(42);
    std::vector<WorkerState> all;
    all.reserve(static_cast<std::size_t>(workers));
    for (int i = 0; i < workers; ++i) all.push_back(MakeWorker(i, rng));
    slot->fleet = *FleetSnapshot::Build(std::move(all));
    for (int i = 0; i < 8192; ++i) slot->requests.push_back(MakeRequest(i, rng));
    const char* models[] = {"NVIDIA A100-SXM4-80GB", "NVIDIA H100 80GB HBM3",
                            "NVIDIA GeForce RTX 4090", "AMD Instinct MI250X"};
    for (const char* kind : {"inference-fp16", "vision", "llm-fp8", "train-8gpu"}) {
      for (int m = 0; m < 4; ++m) {
        (void)slot->history.Record(kind, models[m], std::chrono::seconds(60 + 30 * m));
      }
    }
  }
  return *slot;
}

std::unique_ptr<PlacementPolicy> MakePolicy(int which, const PerformanceHistory& history) {
  if (which == 1) return std::make_unique<FirstFitPolicy>();
  PlacementConfig config;
  if (which == 2) config.packing_mode = PackingMode::kBinPack;
  return std::make_unique<HardwareAwarePolicy>(*HardwareAwarePolicy::Create(config, &history));
}

void BM_Placement(benchmark::State& state) {
  const int workers = static_cast<int>(state.range(0));
  const Fixture& f = GetFixture(workers);
  const std::unique_ptr<PlacementPolicy> policy =
      MakePolicy(static_cast<int>(state.range(1)), f.history);
  const std::size_t max_running = static_cast<std::size_t>(workers) / 2;

  DeviceAllocator allocator;
  std::deque<std::string> running;
  std::uint64_t attempt = 0;
  std::size_t next = 0;
  std::uint64_t pending = 0;
  std::vector<double> latencies_us;
  latencies_us.reserve(1 << 22);

  const auto step = [&](bool record) {
    const PlacementRequest& request = f.requests[next++ % f.requests.size()];
    const auto t0 = std::chrono::steady_clock::now();
    PlacementDecision decision = policy->Place(request, f.fleet, allocator);
    const auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(decision);
    if (record) {
      latencies_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    if (!decision.placed()) {
      pending += record ? 1 : 0;
      return;
    }
    std::string id = "a" + std::to_string(attempt++);
    if (allocator.Allocate(id, f.fleet, decision.placement())) running.push_back(std::move(id));
    if (running.size() > max_running) {
      (void)allocator.Release(running.front());
      running.pop_front();
    }
  };
  // Warm up to the steady state (the fleet half full of running attempts).
  for (std::size_t i = 0; i < max_running + 1000; ++i) step(false);

  for (auto _ : state) step(true);

  std::vector<double> sorted = latencies_us;
  std::sort(sorted.begin(), sorted.end());
  const auto at = [&](double q) {
    return sorted.empty() ? 0.0 : sorted[static_cast<std::size_t>(q * (sorted.size() - 1))];
  };
  double total_us = 0.0;
  for (double l : latencies_us) total_us += l;
  state.SetItemsProcessed(state.iterations());
  state.counters["decisions_per_s"] = total_us > 0 ? 1e6 * latencies_us.size() / total_us : 0;
  state.counters["loop_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["p999_us"] = at(0.999);
  state.counters["max_us"] = sorted.empty() ? 0.0 : sorted.back();
  state.counters["pending_pct"] =
      latencies_us.empty() ? 0.0 : 100.0 * static_cast<double>(pending) / latencies_us.size();
}

// Args: {workers, policy}; policy 0 = hardware-aware (spread), 2 = hardware-
// aware (bin-pack), 1 = first-fit baseline.
BENCHMARK(BM_Placement)
    ->ArgNames({"workers", "policy"})
    ->Args({1'000, 0})
    ->Args({10'000, 0})
    ->Args({100'000, 0})
    ->Args({10'000, 2})
    ->Args({1'000, 1})
    ->Args({10'000, 1})
    ->Unit(benchmark::kMicrosecond);

// Decisions alone: the fleet is first brought to the same steady state as
// above, then the loop only calls Place (no allocate/release, so the state
// stays put). CPU time per iteration is CPU time per decision, which is the
// figure to read on a busy machine where wall-clock latencies include
// preemption.
void BM_PlaceOnly(benchmark::State& state) {
  const int workers = static_cast<int>(state.range(0));
  const Fixture& f = GetFixture(workers);
  const std::unique_ptr<PlacementPolicy> policy = MakePolicy(0, f.history);
  const std::size_t max_running = static_cast<std::size_t>(workers) / 2;
  DeviceAllocator allocator;
  std::deque<std::string> running;
  std::size_t next = 0;
  for (std::size_t i = 0; i < max_running + 1000; ++i) {
    const PlacementDecision d =
        policy->Place(f.requests[next++ % f.requests.size()], f.fleet, allocator);
    if (!d.placed()) continue;
    std::string id = "a" + std::to_string(i);
    if (allocator.Allocate(id, f.fleet, d.placement())) running.push_back(std::move(id));
    if (running.size() > max_running) {
      (void)allocator.Release(running.front());
      running.pop_front();
    }
  }
  for (auto _ : state) {
    PlacementDecision d = policy->Place(f.requests[next++ % f.requests.size()], f.fleet, allocator);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PlaceOnly)
    ->ArgName("workers")
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMicrosecond);

// Building a snapshot (validation, sort by id, shape index, packed live state).
void BM_BuildSnapshot(benchmark::State& state) {
  const int workers = static_cast<int>(state.range(0));
  Rng rng(42);
  std::vector<WorkerState> all;
  for (int i = 0; i < workers; ++i) all.push_back(MakeWorker(i, rng));
  for (auto _ : state) {
    state.PauseTiming();  // the shell hands its vector over; copying it is not the build
    std::vector<WorkerState> copy = all;
    state.ResumeTiming();
    auto snapshot = FleetSnapshot::Build(std::move(copy));
    benchmark::DoNotOptimize(snapshot);
    state.PauseTiming();  // nor is freeing it
    snapshot = FleetSnapshot();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_BuildSnapshot)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The pending path: a task no worker can take now, explained in full.
void BM_ExplainPending(benchmark::State& state) {
  const Fixture& f = GetFixture(static_cast<int>(state.range(0)));
  const std::unique_ptr<PlacementPolicy> policy = MakePolicy(0, f.history);
  PlacementRequest r;
  r.task_id = "too-big";
  r.requirements.device_class = HardwareClass::kGpu;
  r.requirements.device_count = 16;
  DeviceAllocator allocator;
  for (auto _ : state) {
    PlacementDecision d = policy->Place(r, f.fleet, allocator);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_ExplainPending)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
