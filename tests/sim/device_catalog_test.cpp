#include <gtest/gtest.h>

#include <set>

#include "sim/device_catalog.h"
#include "sim/thermal_model.h"

namespace hawk::sim {
namespace {

const DeviceProfile& Profile(std::string_view key) {
  return (**FindCatalogDevice(key)).profile;
}

TEST(DeviceCatalog, KeysAreUniqueAndFindable) {
  std::set<std::string> keys;
  for (const SimDevice& d : DeviceCatalog()) {
    EXPECT_TRUE(keys.insert(d.catalog_key).second) << d.catalog_key;
    auto found = FindCatalogDevice(d.catalog_key);
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, &d);
  }
  EXPECT_GE(keys.size(), 20u);
  const auto missing = FindCatalogDevice("b200");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().ToString(),
            "unknown catalog device 'b200' (valid: " + CatalogKeyList() + ")");
}

TEST(DeviceCatalog, EveryDeviceIsComplete) {
  for (const SimDevice& d : DeviceCatalog()) {
    SCOPED_TRACE(d.catalog_key);
    const DeviceProfile& p = d.profile;
    EXPECT_TRUE(p.id.empty());
    EXPECT_FALSE(p.model.empty());
    EXPECT_GT(p.memory_total_bytes, 0u);
    EXPECT_GT(p.compute_units, 0u);
    EXPECT_GT(d.memory_bandwidth_gbps, 0.0);
    EXPECT_FALSE(p.backends.Empty());
    ASSERT_FALSE(p.precisions.Empty());
    for (Precision precision : p.precisions.Values()) {
      ASSERT_TRUE(p.peak_tflops.contains(precision)) << ToString(precision);
      EXPECT_GT(p.peak_tflops.at(precision), 0.0);
    }
    EXPECT_EQ(p.peak_tflops.size(), p.precisions.Size());
    ASSERT_TRUE(p.tdp_watts);
    EXPECT_EQ(*p.tdp_watts, d.thermal.tdp_watts);
    EXPECT_TRUE(d.thermal.Validate()) << d.thermal.Validate().error().ToString();
    EXPECT_EQ(d.failures, DeviceFailureRates{});
  }
}

TEST(DeviceCatalog, FullLoadAt25CStaysBelowThrottlingExceptFanlessLaptops) {
  for (const SimDevice& d : DeviceCatalog()) {
    const ThermalModel model(d.thermal);
    const bool fanless = d.catalog_key == "m3-cpu" || d.catalog_key == "m3-gpu";
    EXPECT_EQ(model.SteadyStateCelsius(1.0) >= d.thermal.throttle_celsius, fanless)
        << d.catalog_key << " settles at " << model.SteadyStateCelsius(1.0);
  }
}

TEST(DeviceCatalog, NvidiaGpusCarryTheirCapabilities) {
  const DeviceProfile& a100 = Profile("a100-80gb");
  EXPECT_EQ(a100.vendor, Vendor::kNvidia);
  EXPECT_EQ(a100.architecture, Architecture::kCuda);
  EXPECT_EQ(a100.compute_capability, (ComputeCapability{8, 0}));
  EXPECT_EQ(a100.memory_total_bytes, 80 * kGiB);
  EXPECT_TRUE(a100.backends.Contains(Backend::kCuda));
  EXPECT_TRUE(a100.features.ContainsAll({Feature::kTensorCores, Feature::kMig, Feature::kNvlink}));
  EXPECT_EQ(a100.precisions.Join(), "fp64, fp32, tf32, bf16, fp16, int8");
  const DeviceProfile& h100 = Profile("h100-80gb");
  EXPECT_EQ(h100.compute_capability, (ComputeCapability{9, 0}));
  EXPECT_TRUE(h100.precisions.Contains(Precision::kFp8));
  const DeviceProfile& rtx = Profile("rtx-4090");
  EXPECT_EQ(rtx.compute_capability, (ComputeCapability{8, 9}));
  EXPECT_EQ(rtx.memory_total_bytes, 24 * kGiB);
  EXPECT_TRUE(rtx.precisions.Contains(Precision::kFp8));
  EXPECT_FALSE(rtx.features.Contains(Feature::kMig));
}

TEST(DeviceCatalog, TheRestOfTheFleetSpeaksItsOwnBackends) {
  EXPECT_TRUE(Profile("mi250x").backends.ContainsAll({Backend::kRocm, Backend::kHip}));
  EXPECT_TRUE(Profile("mi250x").features.Contains(Feature::kMatrixCores));
  EXPECT_EQ(Profile("rx-7900-xtx").vendor, Vendor::kAmd);
  EXPECT_TRUE(Profile("xeon-8480")
                  .features.ContainsAll({Feature::kAvx512f, Feature::kAvx512Vnni, Feature::kAmxTile,
                                         Feature::kAmxInt8, Feature::kAmxBf16}));
  EXPECT_TRUE(Profile("epyc-9654").features.ContainsAll({Feature::kAvx2, Feature::kAvx512f}));
  const DeviceProfile& npu = Profile("hexagon-npu");
  EXPECT_EQ(npu.hardware_class, HardwareClass::kNpu);
  EXPECT_TRUE(npu.backends.Contains(Backend::kQnn));
  EXPECT_EQ(npu.precisions.Join(), "fp16, int8, int4");
  EXPECT_EQ(Profile("coral-edge-tpu").precisions.Join(), "int8");
  EXPECT_TRUE(Profile("coral-edge-tpu").backends.Contains(Backend::kTflite));
  EXPECT_TRUE(Profile("tpu-v4").backends.ContainsAll({Backend::kXla, Backend::kJax}));
  EXPECT_TRUE(Profile("tpu-v4").precisions.Contains(Precision::kBf16));
  for (std::string_view browser : {"chrome-webgpu", "firefox-webgpu", "edge-webgpu"}) {
    const DeviceProfile& p = Profile(browser);
    EXPECT_EQ(p.hardware_class, HardwareClass::kBrowser);
    EXPECT_TRUE(p.backends.Contains(Backend::kWebgpu));
    EXPECT_TRUE(p.precisions.ContainsAll({Precision::kFp32, Precision::kFp16}));
    EXPECT_TRUE(p.features.Contains(Feature::kShaderF16));
  }
  EXPECT_TRUE(Profile("chrome-webgpu").backends.Contains(Backend::kWebnn));
  EXPECT_TRUE(Profile("edge-webgpu").backends.Contains(Backend::kWebnn));
  EXPECT_FALSE(Profile("firefox-webgpu").backends.Contains(Backend::kWebnn));
  const DeviceProfile& m2 = Profile("m2-max-gpu");
  EXPECT_EQ(m2.architecture, Architecture::kMetal);
  EXPECT_TRUE(m2.backends.ContainsAll({Backend::kMetal, Backend::kCoreml}));
  EXPECT_TRUE(m2.features.Contains(Feature::kUnifiedMemory));
  EXPECT_EQ(Profile("m2-max-cpu").architecture, Architecture::kArm64);
  EXPECT_TRUE(Profile("m3-cpu").features.Contains(Feature::kNeon));
}

}  // namespace
}  // namespace hawk::sim
