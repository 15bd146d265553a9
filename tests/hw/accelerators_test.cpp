#include <gtest/gtest.h>

#include "hw/accelerators.h"
#include "hw_test_support.h"

namespace hawk::hw {
namespace {

using testing::HwFixture;
using testing::SharedTree;
using testing::Tree;

TEST(Npus, IntelNpuThroughTheAccelClass) {
  Tree tree(HwFixture("workstation"));
  const auto npus = DetectNpus(tree.sys);
  ASSERT_EQ(npus.size(), 1u);
  const DetectedDevice& npu = npus[0];
  EXPECT_EQ(npu.profile.hardware_class, HardwareClass::kNpu);
  EXPECT_EQ(npu.profile.vendor, Vendor::kIntel);
  EXPECT_EQ(npu.profile.model, "Intel NPU (Meteor Lake)");
  EXPECT_EQ(npu.driver, "intel_vpu");
  EXPECT_EQ(npu.profile.pci_id, "0000:00:0b.0");
  EXPECT_EQ(npu.profile.backends.Join(), "openvino");
  EXPECT_EQ(npu.profile.precisions.Join(), "fp16, int8");
  EXPECT_EQ(npu.source, "accel");
}

TEST(Npus, NoneInTheSharedTrees) {
  for (const char* name : {"node-exporter", "procfs"}) {
    Tree tree(SharedTree(name));
    EXPECT_TRUE(DetectNpus(tree.sys).empty()) << name;
    EXPECT_TRUE(DetectTpus(tree.sys).empty()) << name;
  }
}

TEST(Npus, AnAcceleratorWithoutDriverIsSkippedAndNoted) {
  Tree tree(HwFixture("malformed"));
  EXPECT_TRUE(DetectNpus(tree.sys).empty());
  EXPECT_TRUE(tree.Noted("class/accel/accel0/device", "no driver bound"));
}

TEST(Tpus, FourV5eChipsAndNoNic) {
  Tree tree(HwFixture("tpu-host"));
  const auto tpus = DetectTpus(tree.sys);
  ASSERT_EQ(tpus.size(), 4u);  // the gVNIC (1ae0:0042) is not a TPU
  for (std::size_t i = 0; i < tpus.size(); ++i) {
    const DetectedDevice& t = tpus[i];
    EXPECT_EQ(t.profile.hardware_class, HardwareClass::kTpu);
    EXPECT_EQ(t.profile.architecture, Architecture::kTpu);
    EXPECT_EQ(t.profile.vendor, Vendor::kGoogle);
    EXPECT_EQ(t.profile.model, "Google TPU v5e");
    EXPECT_EQ(t.profile.memory_total_bytes, 16 * kGiB);
    EXPECT_EQ(t.memory_source, "chip table");
    EXPECT_EQ(t.driver, "vfio-pci");
    EXPECT_TRUE(t.profile.backends.Contains(Backend::kXla));
  }
  EXPECT_EQ(tpus[0].profile.pci_id, "0000:00:04.0");
  EXPECT_EQ(tpus[3].profile.pci_id, "0000:00:07.0");
}

TEST(Tpus, GenerationFromDeviceAndSubsystemIds) {
  EXPECT_EQ(TpuGenerationFromPciIds(0x0027, 0x004e)->name, "v2");
  EXPECT_EQ(TpuGenerationFromPciIds(0x0027, 0x004f)->name, "v3");
  EXPECT_EQ(TpuGenerationFromPciIds(0x0027, std::nullopt), std::nullopt);
  EXPECT_EQ(TpuGenerationFromPciIds(0x005e, std::nullopt)->name, "v4");
  EXPECT_EQ(TpuGenerationFromPciIds(0x0062, std::nullopt)->hbm_bytes_per_chip, 95 * kGiB);
  EXPECT_EQ(TpuGenerationFromPciIds(0x006f, std::nullopt)->name, "v6e");
  EXPECT_EQ(TpuGenerationFromPciIds(0x0076, std::nullopt)->devices_per_chip, 2u);
  EXPECT_EQ(TpuGenerationFromPciIds(0x0042, std::nullopt), std::nullopt);
}

}  // namespace
}  // namespace hawk::hw
