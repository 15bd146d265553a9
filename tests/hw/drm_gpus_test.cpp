#include <gtest/gtest.h>

#include "hw/drm_gpus.h"
#include "hw_test_support.h"

namespace hawk::hw {
namespace {

using testing::HwFixture;
using testing::SharedTree;
using testing::Tree;

TEST(DrmGpus, ProcfsTreeHasAnAmdVegaAndAnIntelIgpu) {
  Tree tree(SharedTree("procfs"));
  const auto gpus = DetectDrmGpus(tree.sys);
  ASSERT_EQ(gpus.size(), 2u);

  const DetectedDevice& igpu = gpus[0];  // 0000:00:02.0 sorts first
  EXPECT_EQ(igpu.profile.vendor, Vendor::kIntel);
  EXPECT_EQ(igpu.profile.model, "Intel UHD Graphics 620");
  EXPECT_EQ(igpu.profile.pci_id, "0000:00:02.0");  // from uevent: the tree has no id files
  EXPECT_EQ(igpu.pci_device_id, 0x5917);
  EXPECT_EQ(igpu.driver, "i915");
  EXPECT_EQ(igpu.profile.architecture, Architecture::kXe);
  EXPECT_TRUE(igpu.profile.features.Contains(Feature::kUnifiedMemory));
  EXPECT_EQ(igpu.memory_source, "");  // shares system memory
  EXPECT_TRUE(igpu.profile.backends.Contains(Backend::kOneapi));

  const DetectedDevice& vega = gpus[1];
  EXPECT_EQ(vega.profile.hardware_class, HardwareClass::kGpu);
  EXPECT_EQ(vega.profile.vendor, Vendor::kAmd);
  EXPECT_EQ(vega.profile.model, "AMD Radeon RX Vega 56/64");  // product_name is empty
  EXPECT_EQ(vega.profile.pci_id, "0000:09:00.0");
  EXPECT_EQ(vega.pci_vendor_id, 0x1002);
  EXPECT_EQ(vega.pci_device_id, 0x687f);
  EXPECT_EQ(vega.driver, "amdgpu");  // the stored link in the capture
  EXPECT_EQ(vega.profile.memory_total_bytes, 8573157376u);
  EXPECT_EQ(vega.memory_source, "sysfs");
  EXPECT_EQ(vega.readings.memory_used_bytes, 1490378752u);
  EXPECT_EQ(vega.readings.utilization_percent, 4.0);
  EXPECT_EQ(vega.profile.clock_max_mhz, 1630u);  // top level of pp_dpm_sclk
  EXPECT_EQ(vega.profile.uuid, "0123456789abcdef");
  EXPECT_EQ(vega.profile.architecture, Architecture::kRocm);
  EXPECT_EQ(vega.profile.backends.Join(), "rocm, hip, vulkan, opencl");
  EXPECT_EQ(vega.profile.precisions.Join(), "fp64, fp32, fp16, int8");
  EXPECT_EQ(vega.readings.temperature_celsius, std::nullopt);  // no hwmon captured
}

TEST(DrmGpus, NodeExporterTreeHasNone) {
  Tree tree(SharedTree("node-exporter"));
  EXPECT_TRUE(DetectDrmGpus(tree.sys).empty());
  EXPECT_TRUE(tree.diagnostics.entries().empty());
}

TEST(DrmGpus, WorkstationTreeIntelArcOnXeAndAmdInstinctWithHwmon) {
  Tree tree(HwFixture("workstation"));
  const auto gpus = DetectDrmGpus(tree.sys);
  ASSERT_EQ(gpus.size(), 2u);  // card0-DP-1 and renderD128 are not cards; the H100 is NVML's

  const DetectedDevice& arc = gpus[0];
  EXPECT_EQ(arc.profile.model, "Intel Arc A770");
  EXPECT_EQ(arc.driver, "xe");
  EXPECT_EQ(arc.profile.pci_id, "0000:03:00.0");
  EXPECT_EQ(arc.profile.memory_total_bytes, 16 * kGiB);  // 0x400000000
  EXPECT_EQ(arc.memory_source, "sysfs");
  EXPECT_EQ(arc.power_limit_watts, 190.0);
  EXPECT_EQ(arc.profile.tdp_watts, 225.0);
  EXPECT_EQ(arc.profile.features.Join(), "xmx");
  EXPECT_EQ(arc.profile.precisions.Join(), "fp32, bf16, fp16, int8");

  const DetectedDevice& mi210 = gpus[1];
  EXPECT_EQ(mi210.profile.model, "AMD Instinct MI210");
  EXPECT_EQ(mi210.profile.memory_total_bytes, 68702699520u);
  EXPECT_EQ(mi210.profile.clock_max_mhz, 1700u);
  EXPECT_EQ(mi210.readings.temperature_celsius, 36.0);
  EXPECT_EQ(mi210.readings.power_watts, 42.0);
  EXPECT_EQ(mi210.power_limit_watts, 300.0);
  EXPECT_EQ(mi210.profile.tdp_watts, 300.0);
  EXPECT_EQ(mi210.readings.utilization_percent, 0.0);
  EXPECT_TRUE(mi210.profile.features.Contains(Feature::kMatrixCores));
  EXPECT_TRUE(mi210.profile.precisions.Contains(Precision::kBf16));
  EXPECT_TRUE(tree.diagnostics.entries().empty());
}

TEST(DrmGpus, MalformedFilesLeaveValuesMissing) {
  Tree tree(HwFixture("malformed"));
  const auto gpus = DetectDrmGpus(tree.sys);
  ASSERT_EQ(gpus.size(), 1u);  // card1's ids cannot be read
  const DetectedDevice& gpu = gpus[0];
  EXPECT_EQ(gpu.profile.model, "AMD Radeon RX 6800/6900 XT");
  EXPECT_EQ(gpu.memory_source, "");
  EXPECT_EQ(gpu.profile.memory_total_bytes, 0u);
  EXPECT_EQ(gpu.readings.memory_used_bytes, std::nullopt);
  EXPECT_EQ(gpu.readings.utilization_percent, std::nullopt);  // 250 is no percentage
  EXPECT_EQ(gpu.profile.clock_max_mhz, 2500u);                // the good lines still count
  EXPECT_TRUE(tree.Noted("mem_info_vram_total", "not a whole number: 'garbage'"));
  EXPECT_TRUE(tree.Noted("mem_info_vram_used", "not a whole number: ''"));
  EXPECT_TRUE(tree.Noted("pp_dpm_sclk", "lines not in the form"));
  EXPECT_TRUE(tree.Noted("class/drm/card1/device/vendor", "not a hexadecimal number: '0xZZZZ'"));
  EXPECT_TRUE(tree.Noted("class/drm/card1/device", "no PCI vendor/device id"));
}

}  // namespace
}  // namespace hawk::hw
