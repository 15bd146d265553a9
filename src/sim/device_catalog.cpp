#include "sim/device_catalog.h"

#include <map>
#include <optional>

namespace hawk::sim {
namespace {

using A = Architecture;
using B = Backend;
using C = HardwareClass;
using F = Feature;
using P = Precision;
using V = Vendor;

// The cooling side of an entry; ambient 25 °C and a 0.5 clock floor for all.
struct Cooling {
  double idle_watts;
  double resistance_celsius_per_watt;
  double time_constant_seconds;
  double throttle_celsius;
  double critical_celsius;
  double hysteresis_celsius;
};

// Every member has a default, so an entry names only what it has.
struct Entry {
  const char* key = "";
  C hardware_class = C::kCpu;
  A architecture = A::kOther;
  V vendor = V::kOther;
  const char* model = "";
  Bytes memory_total_bytes = 0;
  std::uint32_t compute_units = 0;
  std::optional<std::uint32_t> clock_max_mhz = std::nullopt;
  std::optional<ComputeCapability> compute_capability = std::nullopt;
  BackendSet backends = {};
  FeatureSet features = {};
  // The device's precisions are the keys: every precision has a peak figure.
  std::map<Precision, double> peak_tflops = {};
  double tdp_watts = 0;
  double memory_bandwidth_gbps = 0;
  Cooling cooling = {};
};

const FeatureSet kX86Avx512 = {F::kAvx,      F::kAvx2,       F::kFma,
                               F::kAvx512f,  F::kAvx512bw,   F::kAvx512dq,
                               F::kAvx512vl, F::kAvx512Vnni, F::kAvx512Bf16};
const FeatureSet kAppleCpu = {F::kNeon, F::kDotprod, F::kI8mm, F::kArmBf16, F::kUnifiedMemory};
const BackendSet kNvidiaBackends = {B::kCuda, B::kOpencl,      B::kPytorch, B::kTensorflow,
                                    B::kJax,  B::kOnnxruntime, B::kTensorrt};
const BackendSet kAppleGpuBackends = {B::kMetal, B::kCoreml, B::kPytorch};

FeatureSet XeonFeatures() {
  FeatureSet out = kX86Avx512;
  out |= FeatureSet{F::kAmxTile, F::kAmxInt8, F::kAmxBf16};
  return out;
}

// cooling: {idle W, °C per W, tau s, throttle °C, critical °C, hysteresis °C}.
// clang-format off
std::vector<Entry> Entries() {
  return {
      // CPUs. The first CPU is the reference CPU of the runtime model.
      {.key = "xeon-8480", .hardware_class = C::kCpu, .architecture = A::kX86_64,
       .vendor = V::kIntel, .model = "Intel Xeon Platinum 8480+",
       .memory_total_bytes = 512 * kGiB, .compute_units = 56,
       .clock_max_mhz = 3800,
       .backends = {B::kOpenmp, B::kPytorch, B::kTensorflow, B::kOnnxruntime, B::kOpenvino,
                    B::kOneapi},
       .features = XeonFeatures(),
       .peak_tflops = {{P::kFp64, 3.6}, {P::kFp32, 7.2}, {P::kBf16, 115}, {P::kInt8, 229}},
       .tdp_watts = 350, .memory_bandwidth_gbps = 307, .cooling = {90, 0.18, 120, 95, 105, 5}},
      {.key = "epyc-9654", .hardware_class = C::kCpu, .architecture = A::kX86_64, .vendor = V::kAmd,
       .model = "AMD EPYC 9654", .memory_total_bytes = 768 * kGiB, .compute_units = 96,
       .clock_max_mhz = 3700,
       .backends = {B::kOpenmp, B::kPytorch, B::kTensorflow, B::kOnnxruntime},
       .features = kX86Avx512,
       .peak_tflops = {{P::kFp64, 3.7}, {P::kFp32, 7.4}, {P::kBf16, 14.7}, {P::kInt8, 29.5}},
       .tdp_watts = 360, .memory_bandwidth_gbps = 461, .cooling = {100, 0.17, 120, 95, 105, 5}},
      {.key = "epyc-7b12", .hardware_class = C::kCpu, .architecture = A::kX86_64, .vendor = V::kAmd,
       .model = "AMD EPYC 7B12", .memory_total_bytes = 400 * kGiB, .compute_units = 64,
       .clock_max_mhz = 3300,
       .backends = {B::kOpenmp, B::kPytorch, B::kTensorflow, B::kJax, B::kOnnxruntime},
       .features = {F::kAvx, F::kAvx2, F::kFma},
       .peak_tflops = {{P::kFp64, 2.3}, {P::kFp32, 4.6}},
       .tdp_watts = 240, .memory_bandwidth_gbps = 205, .cooling = {70, 0.24, 120, 95, 105, 5}},
      {.key = "ryzen-7950x", .hardware_class = C::kCpu, .architecture = A::kX86_64,
       .vendor = V::kAmd, .model = "AMD Ryzen 9 7950X", .memory_total_bytes = 128 * kGiB,
       .compute_units = 16,
       .clock_max_mhz = 5700,
       .backends = {B::kOpenmp, B::kPytorch, B::kOnnxruntime},
       .features = kX86Avx512,
       .peak_tflops = {{P::kFp64, 1.2}, {P::kFp32, 2.3}, {P::kBf16, 4.6}, {P::kInt8, 9.2}},
       .tdp_watts = 170, .memory_bandwidth_gbps = 83, .cooling = {30, 0.35, 60, 95, 105, 5}},
      {.key = "snapdragon-x-elite-cpu", .hardware_class = C::kCpu, .architecture = A::kArm64,
       .vendor = V::kQualcomm, .model = "Qualcomm Snapdragon X Elite X1E-80-100 (Oryon)",
       .memory_total_bytes = 32 * kGiB, .compute_units = 12, .clock_max_mhz = 4000,
       .backends = {B::kOpenmp, B::kPytorch, B::kOnnxruntime},
       .features = {F::kNeon, F::kDotprod, F::kI8mm},
       .peak_tflops = {{P::kFp64, 0.7}, {P::kFp32, 1.5}, {P::kFp16, 2.9}, {P::kInt8, 5.8}},
       .tdp_watts = 45, .memory_bandwidth_gbps = 135, .cooling = {3, 1.2, 30, 95, 105, 5}},
      {.key = "imx8m-cpu", .hardware_class = C::kCpu, .architecture = A::kArm64, .vendor = V::kArm,
       .model = "NXP i.MX 8M Quad (Cortex-A53)", .memory_total_bytes = 4 * kGiB, .compute_units = 4,
       .clock_max_mhz = 1500,
       .backends = {B::kTflite, B::kOnnxruntime},
       .features = {F::kNeon},
       .peak_tflops = {{P::kFp64, 0.012}, {P::kFp32, 0.048}, {P::kInt8, 0.096}},
       .tdp_watts = 4, .memory_bandwidth_gbps = 12.8, .cooling = {1, 10, 30, 85, 95, 5}},
      {.key = "m2-max-cpu", .hardware_class = C::kCpu, .architecture = A::kArm64,
       .vendor = V::kApple, .model = "Apple M2 Max (12-core CPU)",
       .memory_total_bytes = 64 * kGiB, .compute_units = 12,
       .clock_max_mhz = 3700,
       .backends = {B::kPytorch, B::kTensorflow, B::kOnnxruntime},
       .features = kAppleCpu,
       .peak_tflops = {{P::kFp64, 0.5}, {P::kFp32, 1.0}, {P::kFp16, 2.0}, {P::kInt8, 4.0}},
       .tdp_watts = 36, .memory_bandwidth_gbps = 400, .cooling = {4, 1.6, 40, 100, 108, 5}},
      // Fanless: full load settles above the throttle point even at 25 °C.
      {.key = "m3-cpu", .hardware_class = C::kCpu, .architecture = A::kArm64, .vendor = V::kApple,
       .model = "Apple M3 (8-core CPU)", .memory_total_bytes = 24 * kGiB, .compute_units = 8,
       .clock_max_mhz = 4050,
       .backends = {B::kPytorch, B::kTensorflow, B::kOnnxruntime},
       .features = kAppleCpu,
       .peak_tflops = {{P::kFp64, 0.3}, {P::kFp32, 0.6}, {P::kFp16, 1.2}, {P::kInt8, 2.4}},
       .tdp_watts = 20, .memory_bandwidth_gbps = 100, .cooling = {2, 3.8, 45, 95, 105, 5}},

      // GPUs. The first GPU is the reference GPU of the runtime model.
      {.key = "a100-80gb", .hardware_class = C::kGpu, .architecture = A::kCuda,
       .vendor = V::kNvidia, .model = "NVIDIA A100-SXM4-80GB", .memory_total_bytes = 80 * kGiB,
       .compute_units = 108,
       .clock_max_mhz = 1410, .compute_capability = ComputeCapability{8, 0},
       .backends = kNvidiaBackends,
       .features = {F::kTensorCores, F::kMig, F::kNvlink, F::kEcc},
       .peak_tflops = {{P::kFp64, 19.5}, {P::kFp32, 19.5}, {P::kTf32, 156}, {P::kBf16, 312},
                       {P::kFp16, 312}, {P::kInt8, 624}},
       .tdp_watts = 400, .memory_bandwidth_gbps = 2039, .cooling = {55, 0.13, 90, 87, 92, 3}},
      {.key = "h100-80gb", .hardware_class = C::kGpu, .architecture = A::kCuda,
       .vendor = V::kNvidia, .model = "NVIDIA H100 80GB HBM3", .memory_total_bytes = 80 * kGiB,
       .compute_units = 132,
       .clock_max_mhz = 1980, .compute_capability = ComputeCapability{9, 0},
       .backends = kNvidiaBackends,
       .features = {F::kTensorCores, F::kMig, F::kNvlink, F::kEcc},
       .peak_tflops = {{P::kFp64, 67}, {P::kFp32, 67}, {P::kTf32, 495}, {P::kBf16, 990},
                       {P::kFp16, 990}, {P::kFp8, 1979}, {P::kInt8, 1979}},
       .tdp_watts = 700, .memory_bandwidth_gbps = 3350, .cooling = {70, 0.075, 90, 87, 92, 3}},
      {.key = "rtx-4090", .hardware_class = C::kGpu, .architecture = A::kCuda, .vendor = V::kNvidia,
       .model = "NVIDIA GeForce RTX 4090", .memory_total_bytes = 24 * kGiB, .compute_units = 128,
       .clock_max_mhz = 2520, .compute_capability = ComputeCapability{8, 9},
       .backends = {B::kCuda, B::kVulkan, B::kOpencl, B::kPytorch, B::kTensorflow, B::kOnnxruntime,
                    B::kTensorrt},
       .features = {F::kTensorCores},
       .peak_tflops = {{P::kFp64, 1.3}, {P::kFp32, 82.6}, {P::kTf32, 82.6}, {P::kBf16, 165.2},
                       {P::kFp16, 165.2}, {P::kFp8, 330.3}, {P::kInt8, 660.6}},
       .tdp_watts = 450, .memory_bandwidth_gbps = 1008, .cooling = {25, 0.12, 60, 83, 90, 3}},
      // One MI250X package (two GCDs) modelled as one device.
      {.key = "mi250x", .hardware_class = C::kGpu, .architecture = A::kRocm, .vendor = V::kAmd,
       .model = "AMD Instinct MI250X", .memory_total_bytes = 128 * kGiB, .compute_units = 220,
       .clock_max_mhz = 1700,
       .backends = {B::kRocm, B::kHip, B::kOpencl, B::kPytorch, B::kTensorflow, B::kJax,
                    B::kOnnxruntime},
       .features = {F::kMatrixCores, F::kEcc},
       .peak_tflops = {{P::kFp64, 95.7}, {P::kFp32, 95.7}, {P::kBf16, 383}, {P::kFp16, 383},
                       {P::kInt8, 383}},
       .tdp_watts = 560, .memory_bandwidth_gbps = 3277, .cooling = {90, 0.1, 90, 90, 100, 5}},
      {.key = "rx-7900-xtx", .hardware_class = C::kGpu, .architecture = A::kRocm, .vendor = V::kAmd,
       .model = "AMD Radeon RX 7900 XTX", .memory_total_bytes = 24 * kGiB, .compute_units = 96,
       .clock_max_mhz = 2500,
       .backends = {B::kRocm, B::kHip, B::kVulkan, B::kOpencl, B::kPytorch, B::kOnnxruntime,
                    B::kDirectml},
       .peak_tflops = {{P::kFp64, 1.9}, {P::kFp32, 61.4}, {P::kBf16, 122.8}, {P::kFp16, 122.8},
                       {P::kInt8, 122.8}},
       .tdp_watts = 355, .memory_bandwidth_gbps = 960, .cooling = {20, 0.17, 60, 90, 100, 5}},
      {.key = "m2-max-gpu", .hardware_class = C::kGpu, .architecture = A::kMetal,
       .vendor = V::kApple, .model = "Apple M2 Max (38-core GPU)",
       .memory_total_bytes = 64 * kGiB, .compute_units = 38,
       .clock_max_mhz = 1398,
       .backends = kAppleGpuBackends,
       .features = {F::kUnifiedMemory},
       .peak_tflops = {{P::kFp32, 13.6}, {P::kFp16, 13.6}},
       .tdp_watts = 60, .memory_bandwidth_gbps = 400, .cooling = {3, 0.9, 40, 95, 105, 5}},
      {.key = "m3-gpu", .hardware_class = C::kGpu, .architecture = A::kMetal, .vendor = V::kApple,
       .model = "Apple M3 (10-core GPU)", .memory_total_bytes = 24 * kGiB, .compute_units = 10,
       .clock_max_mhz = 1380,
       .backends = kAppleGpuBackends,
       .features = {F::kUnifiedMemory},
       .peak_tflops = {{P::kFp32, 3.6}, {P::kBf16, 3.6}, {P::kFp16, 3.6}},
       .tdp_watts = 15, .memory_bandwidth_gbps = 100, .cooling = {1, 5, 45, 95, 105, 5}},

      // NPUs and TPUs. Integer figures are TOPS.
      {.key = "hexagon-npu", .hardware_class = C::kNpu, .architecture = A::kHexagon,
       .vendor = V::kQualcomm, .model = "Qualcomm Hexagon NPU (Snapdragon X Elite)",
       .memory_total_bytes = 16 * kGiB, .compute_units = 1,
       .backends = {B::kQnn, B::kOnnxruntime},
       .peak_tflops = {{P::kFp16, 22.5}, {P::kInt8, 45}, {P::kInt4, 90}},
       .tdp_watts = 8, .memory_bandwidth_gbps = 135, .cooling = {0.5, 6, 20, 95, 105, 5}},
      // fp32 on a TPU v4 runs as multi-pass bf16; its figure is an estimate.
      {.key = "tpu-v4", .hardware_class = C::kTpu, .architecture = A::kTpu, .vendor = V::kGoogle,
       .model = "Google Cloud TPU v4", .memory_total_bytes = 32 * kGiB, .compute_units = 2,
       .clock_max_mhz = 1050,
       .backends = {B::kXla, B::kJax, B::kTensorflow, B::kPytorch},
       .peak_tflops = {{P::kFp32, 69}, {P::kBf16, 275}, {P::kInt8, 275}},
       .tdp_watts = 192, .memory_bandwidth_gbps = 1200, .cooling = {60, 0.2, 60, 85, 95, 5}},
      // 8 MiB of on-chip memory: larger models do not fit.
      {.key = "coral-edge-tpu", .hardware_class = C::kTpu, .architecture = A::kTpu,
       .vendor = V::kGoogle, .model = "Google Coral Edge TPU", .memory_total_bytes = 8 * kMiB,
       .compute_units = 1, .clock_max_mhz = 500,
       .backends = {B::kTflite},
       .peak_tflops = {{P::kInt8, 4}},
       .tdp_watts = 2, .memory_bandwidth_gbps = 4, .cooling = {0.5, 25, 15, 85, 100, 5}},

      // Browsers: the WebGPU adapter of the GPU behind the browser.
      {.key = "chrome-webgpu", .hardware_class = C::kBrowser, .architecture = A::kWebgpu,
       .vendor = V::kGoogle, .model = "Chrome 131 WebGPU (NVIDIA GeForce RTX 3060 Laptop GPU)",
       .memory_total_bytes = 4 * kGiB, .compute_units = 30, .clock_max_mhz = 1425,
       .backends = {B::kWebgpu, B::kWebnn, B::kWasm},
       .features = {F::kShaderF16, F::kSubgroups, F::kTimestampQuery},
       .peak_tflops = {{P::kFp32, 10.9}, {P::kFp16, 10.9}},
       .tdp_watts = 80, .memory_bandwidth_gbps = 336, .cooling = {8, 0.65, 40, 87, 93, 3}},
      {.key = "edge-webgpu", .hardware_class = C::kBrowser, .architecture = A::kWebgpu,
       .vendor = V::kMicrosoft, .model = "Edge 131 WebGPU (Qualcomm Adreno X1-85)",
       .memory_total_bytes = 4 * kGiB, .compute_units = 6, .clock_max_mhz = 1250,
       .backends = {B::kWebgpu, B::kWebnn, B::kWasm},
       .features = {F::kShaderF16, F::kSubgroups},
       .peak_tflops = {{P::kFp32, 4.6}, {P::kFp16, 9.2}},
       .tdp_watts = 15, .memory_bandwidth_gbps = 135, .cooling = {1, 3.5, 30, 95, 105, 5}},
      {.key = "firefox-webgpu", .hardware_class = C::kBrowser, .architecture = A::kWebgpu,
       .vendor = V::kMozilla, .model = "Firefox 141 WebGPU (Intel Iris Xe Graphics)",
       .memory_total_bytes = 2 * kGiB, .compute_units = 96, .clock_max_mhz = 1350,
       .backends = {B::kWebgpu, B::kWasm},
       .features = {F::kShaderF16},
       .peak_tflops = {{P::kFp32, 2.1}, {P::kFp16, 4.2}},
       .tdp_watts = 28, .memory_bandwidth_gbps = 68, .cooling = {2, 2.2, 30, 95, 100, 5}},
  };
}
// clang-format on

SimDevice Build(const Entry& e) {
  SimDevice d;
  d.catalog_key = e.key;
  DeviceProfile& p = d.profile;
  p.hardware_class = e.hardware_class;
  p.architecture = e.architecture;
  p.vendor = e.vendor;
  p.model = e.model;
  p.memory_total_bytes = e.memory_total_bytes;
  p.compute_units = e.compute_units;
  p.clock_max_mhz = e.clock_max_mhz;
  p.compute_capability = e.compute_capability;
  p.backends = e.backends;
  p.features = e.features;
  p.tdp_watts = e.tdp_watts;
  p.peak_tflops = e.peak_tflops;
  for (const auto& [precision, tflops] : e.peak_tflops) p.precisions.Insert(precision);
  d.memory_bandwidth_gbps = e.memory_bandwidth_gbps;
  ThermalParams& t = d.thermal;
  t.idle_watts = e.cooling.idle_watts;
  t.tdp_watts = e.tdp_watts;
  t.resistance_celsius_per_watt = e.cooling.resistance_celsius_per_watt;
  t.time_constant_seconds = e.cooling.time_constant_seconds;
  t.throttle_celsius = e.cooling.throttle_celsius;
  t.critical_celsius = e.cooling.critical_celsius;
  t.hysteresis_celsius = e.cooling.hysteresis_celsius;
  return d;
}

}  // namespace

const std::vector<SimDevice>& DeviceCatalog() {
  static const std::vector<SimDevice> catalog = [] {
    std::vector<SimDevice> out;
    for (const Entry& e : Entries()) out.push_back(Build(e));
    return out;
  }();
  return catalog;
}

Result<const SimDevice*> FindCatalogDevice(std::string_view key) {
  for (const SimDevice& d : DeviceCatalog()) {
    if (d.catalog_key == key) return &d;
  }
  return InvalidArgument("unknown catalog device '" + std::string(key) + "'", {},
                         "valid: " + CatalogKeyList());
}

std::string CatalogKeyList() {
  std::string out;
  for (const SimDevice& d : DeviceCatalog()) {
    if (!out.empty()) out += ", ";
    out += d.catalog_key;
  }
  return out;
}

}  // namespace hawk::sim
