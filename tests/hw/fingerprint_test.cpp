#include <gtest/gtest.h>

#include "hw/detector.h"
#include "hw/fingerprint.h"
#include "hw_test_support.h"

namespace hawk::hw {
namespace {

using testing::HwFixture;
using testing::SharedTree;

DetectOptions TreeOptions(const std::filesystem::path& base) {
  DetectOptions options;
  options.proc_root = base / "proc";
  options.sys_root = base / "sys";
  options.host_probes = false;
  options.nvml.reset();
  return options;
}

TEST(Fingerprint, Sha256OfKnownText) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Fingerprint, EqualOnTwoRuns) {
  for (const auto& base : {SharedTree("node-exporter"), SharedTree("procfs"),
                           HwFixture("workstation"), HwFixture("tpu-host")}) {
    const HardwareReport a = DetectHardware(TreeOptions(base));
    const HardwareReport b = DetectHardware(TreeOptions(base));
    EXPECT_EQ(a.fingerprint, b.fingerprint) << base;
    EXPECT_EQ(a.fingerprint.size(), 64u);
    EXPECT_EQ(a.fingerprint, Fingerprint(a));
  }
}

TEST(Fingerprint, DiffersBetweenMachines) {
  EXPECT_NE(DetectHardware(TreeOptions(SharedTree("node-exporter"))).fingerprint,
            DetectHardware(TreeOptions(SharedTree("procfs"))).fingerprint);
}

TEST(Fingerprint, ChangesWhenADeviceIsAdded) {
  HardwareReport report = DetectHardware(TreeOptions(SharedTree("procfs")));
  const std::string before = Fingerprint(report);
  DetectedDevice extra;
  extra.profile.id = "npu0";
  extra.profile.hardware_class = HardwareClass::kNpu;
  extra.profile.vendor = Vendor::kIntel;
  extra.profile.model = "Intel NPU (Meteor Lake)";
  extra.profile.pci_id = "0000:00:0b.0";
  report.devices.push_back(extra);
  EXPECT_NE(Fingerprint(report), before);
}

TEST(Fingerprint, IgnoresReadingsOfTheMomentAndDeviceOrder) {
  HardwareReport report = DetectHardware(TreeOptions(HwFixture("workstation")));
  const std::string before = Fingerprint(report);
  report.memory.available_bytes = 1;
  report.memory.swap_free_bytes = 2;
  report.memory.swap_total_bytes = 3;
  report.cpu.current_mhz = 1234;
  report.cpu.max_mhz = 999;
  for (DetectedDevice& d : report.devices) {
    d.readings.utilization_percent = 99;
    d.readings.memory_used_bytes = 12345;
    d.readings.temperature_celsius = 90;
    d.readings.power_watts = 400;
    d.power_limit_watts = 100;
  }
  report.diagnostics.push_back(Diagnostic{"x", "y"});
  std::reverse(report.devices.begin() + 1, report.devices.end());
  EXPECT_EQ(Fingerprint(report), before);
  // A few more pages reserved by the kernel: the same MiB.
  report.memory.total_bytes = *report.memory.total_bytes + 4096;
  EXPECT_EQ(Fingerprint(report), before);
  report.memory.total_bytes = *report.memory.total_bytes + kGiB;
  EXPECT_NE(Fingerprint(report), before);
}

TEST(Fingerprint, CanonicalFactsNameTheStableFacts) {
  const HardwareReport report = DetectHardware(TreeOptions(HwFixture("tpu-host")));
  const std::string facts = CanonicalFacts(report);
  EXPECT_NE(facts.find("cpu.model=AMD EPYC 7B13\n"), std::string::npos) << facts;
  EXPECT_NE(facts.find("memory.total_mib=193350\n"), std::string::npos) << facts;
  EXPECT_NE(facts.find("device=tpu|google|tpu|Google TPU v5e|0000:00:04.0|"), std::string::npos)
      << facts;
  EXPECT_EQ(facts.find("available"), std::string::npos);
}

}  // namespace
}  // namespace hawk::hw
