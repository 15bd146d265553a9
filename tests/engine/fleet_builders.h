// Device and worker profiles for engine tests: a few real models with their
// static facts, and small helpers to build snapshots and requests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/device.h"
#include "engine/fleet.h"
#include "engine/placement_request.h"

namespace hawk::engine::testing {

inline DeviceProfile H100(std::string id) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kGpu;
  d.architecture = Architecture::kCuda;
  d.vendor = Vendor::kNvidia;
  d.model = "NVIDIA H100 80GB HBM3";
  d.memory_total_bytes = 80 * kGiB;
  d.compute_units = 132;
  d.compute_capability = ComputeCapability{9, 0};
  d.backends = {Backend::kCuda, Backend::kPytorch, Backend::kTensorrt};
  d.precisions = {Precision::kFp64, Precision::kFp32, Precision::kTf32, Precision::kBf16,
                  Precision::kFp16, Precision::kFp8,  Precision::kInt8};
  d.features = {Feature::kTensorCores, Feature::kNvlink};
  return d;
}

inline DeviceProfile A100(std::string id) {
  DeviceProfile d = H100(std::move(id));
  d.model = "NVIDIA A100-SXM4-80GB";
  d.compute_units = 108;
  d.compute_capability = ComputeCapability{8, 0};
  d.precisions.Erase(Precision::kFp8);
  return d;
}

inline DeviceProfile Rtx4090(std::string id) {
  DeviceProfile d = H100(std::move(id));
  d.model = "NVIDIA GeForce RTX 4090";
  d.memory_total_bytes = 24 * kGiB;
  d.compute_units = 128;
  d.compute_capability = ComputeCapability{8, 9};
  d.precisions.Erase(Precision::kFp64);
  d.features = {Feature::kTensorCores};
  return d;
}

inline DeviceProfile Mi250(std::string id) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kGpu;
  d.architecture = Architecture::kRocm;
  d.vendor = Vendor::kAmd;
  d.model = "AMD Instinct MI250X";
  d.memory_total_bytes = 64 * kGiB;
  d.compute_units = 110;
  d.backends = {Backend::kRocm, Backend::kHip, Backend::kPytorch};
  d.precisions = {Precision::kFp64, Precision::kFp32, Precision::kBf16, Precision::kFp16,
                  Precision::kInt8};
  d.features = {Feature::kMatrixCores};
  return d;
}

inline DeviceProfile Cpu(std::string id, std::uint32_t cores = 32) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kCpu;
  d.architecture = Architecture::kX86_64;
  d.vendor = Vendor::kIntel;
  d.model = "Intel Xeon Platinum 8480+";
  d.memory_total_bytes = 256 * kGiB;
  d.compute_units = cores;
  d.backends = {Backend::kOpenmp, Backend::kPytorch, Backend::kOnnxruntime};
  d.precisions = {Precision::kFp64, Precision::kFp32, Precision::kBf16, Precision::kInt8};
  d.features = {Feature::kAvx2, Feature::kAvx512f, Feature::kAmxTile};
  return d;
}

inline DeviceProfile Npu(std::string id) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kNpu;
  d.architecture = Architecture::kHexagon;
  d.vendor = Vendor::kQualcomm;
  d.model = "Qualcomm Hexagon NPU";
  d.memory_total_bytes = 16 * kGiB;
  d.compute_units = 8;
  d.backends = {Backend::kQnn, Backend::kOnnxruntime};
  d.precisions = {Precision::kFp16, Precision::kInt8, Precision::kInt4};
  return d;
}

inline DeviceProfile Tpu(std::string id) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kTpu;
  d.architecture = Architecture::kTpu;
  d.vendor = Vendor::kGoogle;
  d.model = "TPU v4";
  d.memory_total_bytes = 32 * kGiB;
  d.compute_units = 2;
  d.backends = {Backend::kJax, Backend::kXla, Backend::kTensorflow};
  d.precisions = {Precision::kFp32, Precision::kBf16, Precision::kInt8};
  return d;
}

inline DeviceProfile Browser(std::string id) {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kBrowser;
  d.architecture = Architecture::kWebgpu;
  d.vendor = Vendor::kOther;
  d.model = "Chromium WebGPU";
  d.memory_total_bytes = 4 * kGiB;
  d.compute_units = 16;
  d.backends = {Backend::kWebgpu, Backend::kWebnn, Backend::kWasm};
  d.precisions = {Precision::kFp32, Precision::kFp16};
  d.features = {Feature::kShaderF16};
  return d;
}

inline WorkerState Worker(std::string id, std::vector<DeviceProfile> devices,
                          std::uint32_t cpu_slots = 4,
                          std::map<std::string, std::string> labels = {}) {
  WorkerProfile profile;
  profile.worker_id = id;
  profile.hostname = std::move(id);
  profile.os = "linux";
  profile.devices = std::move(devices);
  profile.labels = std::move(labels);
  profile.cpu_slots = cpu_slots;
  return WorkerState::FromProfile(std::move(profile));
}

// A worker with one CPU and `gpus` H100s named gpu0, gpu1, ...
inline WorkerState GpuWorker(std::string id, int gpus = 4,
                             DeviceProfile (*model)(std::string) = &H100) {
  std::vector<DeviceProfile> devices = {Cpu("cpu0")};
  for (int i = 0; i < gpus; ++i) devices.push_back(model("gpu" + std::to_string(i)));
  return Worker(std::move(id), std::move(devices));
}

inline FleetSnapshot Fleet(std::vector<WorkerState> workers) {
  auto snapshot = FleetSnapshot::Build(std::move(workers));
  EXPECT_TRUE(snapshot) << snapshot.error().ToString();
  return snapshot ? *snapshot : FleetSnapshot();
}

inline PlacementRequest Request(std::string task_id, HardwareClass device_class,
                                std::uint32_t count = 1) {
  PlacementRequest r;
  r.task_id = std::move(task_id);
  r.requirements.device_class = device_class;
  r.requirements.device_count = count;
  return r;
}

inline PlacementRequest GpuRequest(std::string task_id, std::uint32_t count = 1) {
  PlacementRequest r = Request(std::move(task_id), HardwareClass::kGpu, count);
  r.workload_type = WorkloadType::kInference;
  return r;
}

// The device of `worker_id`/`device_id` in the snapshot, for setting state.
inline DeviceState& DeviceOf(std::vector<WorkerState>& workers, const std::string& worker_id,
                             const std::string& device_id) {
  for (WorkerState& w : workers) {
    if (w.profile.worker_id != worker_id) continue;
    for (DeviceState& d : w.devices) {
      if (d.profile.id == device_id) return d;
    }
  }
  ADD_FAILURE() << "no device " << worker_id << "/" << device_id;
  static DeviceState none;
  return none;
}

}  // namespace hawk::engine::testing
