#include <gtest/gtest.h>

#include <stdlib.h>

#include "hw/detector.h"
#include "hw/report_json.h"
#include "hw/report_text.h"
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

std::vector<std::string> Ids(const HardwareReport& report) {
  std::vector<std::string> ids;
  for (const DetectedDevice& d : report.devices) ids.push_back(d.profile.id);
  return ids;
}

bool HasNote(const HardwareReport& report, const std::string& text) {
  for (const Diagnostic& d : report.diagnostics) {
    if ((d.source + ": " + d.message).find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Detector, WorkstationTree) {
  const HardwareReport report = DetectHardware(TreeOptions(HwFixture("workstation")));
  EXPECT_EQ(report.hostname, "workstation-01");
  EXPECT_EQ(report.kernel_release, "6.8.0-45-generic");
  EXPECT_FALSE(report.host_probes);
  EXPECT_EQ(Ids(report), (std::vector<std::string>{"cpu0", "gpu0", "gpu1", "npu0"}));
  const DeviceProfile& cpu = report.devices[0].profile;
  EXPECT_EQ(cpu.hardware_class, HardwareClass::kCpu);
  EXPECT_EQ(cpu.memory_total_bytes, 65536000ull * 1024);
  EXPECT_EQ(cpu.compute_units, 2u);
  EXPECT_EQ(cpu.precisions.Join(), "fp64, fp32, bf16, int8");  // AVX512-BF16/AMX, VNNI
  EXPECT_EQ(report.devices[1].profile.model, "Intel Arc A770");
  EXPECT_EQ(report.devices[2].profile.model, "AMD Instinct MI210");
  EXPECT_EQ(report.devices[3].profile.model, "Intel NPU (Meteor Lake)");
  // The H100 on the bus has no NVML here: seen and noted, not offered.
  EXPECT_TRUE(HasNote(report, "0000:c1:00.0: NVIDIA GPU 10de:2330 without NVML"));
  EXPECT_FALSE(report.nvml.loaded);
  EXPECT_EQ(report.browser.status, BrowserProbeStatus::kNotRequested);
}

TEST(Detector, SharedTrees) {
  const HardwareReport ne = DetectHardware(TreeOptions(SharedTree("node-exporter")));
  EXPECT_EQ(Ids(ne), std::vector<std::string>{"cpu0"});
  EXPECT_EQ(ne.cpu.threads, 8u);
  const HardwareReport pf = DetectHardware(TreeOptions(SharedTree("procfs")));
  EXPECT_EQ(Ids(pf), (std::vector<std::string>{"cpu0", "gpu0", "gpu1"}));
  EXPECT_EQ(pf.devices[2].profile.vendor, Vendor::kAmd);
}

TEST(Detector, TpuHost) {
  const HardwareReport report = DetectHardware(TreeOptions(HwFixture("tpu-host")));
  EXPECT_EQ(Ids(report), (std::vector<std::string>{"cpu0", "tpu0", "tpu1", "tpu2", "tpu3"}));
  const WorkerProfile worker = ToWorkerProfile(report, "w1");
  EXPECT_EQ(worker.worker_id, "w1");
  EXPECT_EQ(worker.hostname, "t1v-n-5e-w-0");
  EXPECT_EQ(worker.os, "linux");
  EXPECT_EQ(worker.cpu_slots, 2u);
  EXPECT_EQ(worker.fingerprint, report.fingerprint);
  ASSERT_EQ(worker.devices.size(), 5u);
  EXPECT_EQ(worker.devices[4].id, "tpu3");
}

TEST(Detector, NvmlAndSysfsGpusAreNumberedByPciAddress) {
  const std::string script = (HwFixture("nvml") / "two_gpus.json").string();
  ASSERT_EQ(::setenv("HAWK_FAKE_NVML_CONFIG", script.c_str(), 1), 0);
  DetectOptions options = TreeOptions(HwFixture("workstation"));
  options.nvml = NvmlOptions{HAWK_FAKE_NVML_MODERN};
  const HardwareReport report = DetectHardware(options);
  ::unsetenv("HAWK_FAKE_NVML_CONFIG");
  ASSERT_TRUE(report.nvml.loaded);
  EXPECT_EQ(Ids(report),
            (std::vector<std::string>{"cpu0", "gpu0", "gpu1", "gpu2", "gpu3", "npu0"}));
  EXPECT_EQ(report.devices[1].profile.model, "Intel Arc A770");           // 0000:03:00.0
  EXPECT_EQ(report.devices[2].profile.model, "NVIDIA H100 80GB HBM3");    // 0000:3b:00.0
  EXPECT_EQ(report.devices[3].profile.model, "AMD Instinct MI210");       // 0000:83:00.0
  EXPECT_EQ(report.devices[4].profile.model, "NVIDIA GeForce RTX 3090");  // 0000:86:00.0
  EXPECT_EQ(report.nvml.driver_version, "550.54.15");
}

TEST(Detector, JsonNamesCarryUnitsAndMissingIsNull) {
  const HardwareReport report = DetectHardware(TreeOptions(SharedTree("procfs")));
  const nlohmann::json j = ToJson(report);
  EXPECT_EQ(j["cpu"]["threads"], 8);
  EXPECT_EQ(j["cpu"]["architecture"], "x86_64");
  EXPECT_EQ(j["memory"]["total_bytes"], 15666184ull * 1024);
  EXPECT_TRUE(j["memory"]["available_bytes"].is_null());
  const nlohmann::json& vega = j["devices"][2];
  EXPECT_EQ(vega["id"], "gpu1");
  EXPECT_EQ(vega["class"], "gpu");
  EXPECT_EQ(vega["vendor"], "amd");
  EXPECT_EQ(vega["model"], "AMD Radeon RX Vega 56/64");
  EXPECT_EQ(vega["pci_id"], "0000:09:00.0");
  EXPECT_EQ(vega["pci_vendor_id"], "0x1002");
  EXPECT_EQ(vega["pci_device_id"], "0x687f");
  EXPECT_EQ(vega["memory_total_bytes"], 8573157376ull);
  EXPECT_EQ(vega["backends"], (nlohmann::json{"rocm", "hip", "vulkan", "opencl"}));
  EXPECT_EQ(vega["precisions"], (nlohmann::json{"fp64", "fp32", "fp16", "int8"}));
  EXPECT_TRUE(vega["features"].is_array());
  EXPECT_EQ(vega["readings"]["utilization_percent"], 4.0);
  EXPECT_TRUE(vega["readings"]["temperature_celsius"].is_null());
  const nlohmann::json& igpu = j["devices"][1];
  EXPECT_TRUE(igpu["memory_total_bytes"].is_null());  // unknown, not 0
  EXPECT_EQ(j["fingerprint"], report.fingerprint);
  EXPECT_EQ(j["nvml"]["loaded"], false);
  EXPECT_EQ(j["browser"]["status"], "not_requested");
  EXPECT_TRUE(j["diagnostics"].is_array());
}

TEST(Detector, TextOutputIsACompactTable) {
  const HardwareReport report = DetectHardware(TreeOptions(HwFixture("workstation")));
  const std::string text = FormatReportText(report);
  EXPECT_NE(text.find("host        workstation-01 (linux 6.8.0-45-generic)"), std::string::npos)
      << text;
  EXPECT_NE(
      text.find("Intel(R) Xeon(R) w5-3425 · x86_64 · 1 socket, 2 cores, 4 threads, 1 NUMA node"
                " · max 4600 MHz"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("caches L1d 48KiB x2, L1i 32KiB x2, L2 2MiB x2, L3 30MiB x1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ID    CLASS  VENDOR  MEMORY"), std::string::npos) << text;
  EXPECT_NE(text.find("gpu1  gpu    amd     64.0GiB"), std::string::npos) << text;
  EXPECT_NE(text.find("fingerprint " + report.fingerprint), std::string::npos) << text;
  EXPECT_NE(text.find("note: "), std::string::npos);
}

TEST(Detector, BrowserProbeAddsABrowserDeviceButNotToTheFingerprint) {
  DetectOptions options = TreeOptions(HwFixture("tpu-host"));
  const std::string without = DetectHardware(options).fingerprint;
  options.browser = BrowserProbeOptions{};
  options.browser->chromium_path = (HwFixture("browser") / "fake_chromium.sh").string();
  const HardwareReport report = DetectHardware(options);
  EXPECT_EQ(report.browser.status, BrowserProbeStatus::kOk);
  EXPECT_EQ(report.devices.back().profile.id, "browser0");
  EXPECT_EQ(report.devices.back().profile.hardware_class, HardwareClass::kBrowser);
  EXPECT_EQ(report.fingerprint, without);
  EXPECT_NE(FormatReportText(report).find("WebGPU nvidia ampere; WebNN context ok"),
            std::string::npos);
}

TEST(Detector, DiagnosticsReachTheSinkOnce) {
  std::vector<Diagnostic> seen;
  DetectOptions options = TreeOptions(HwFixture("malformed"));
  options.on_diagnostic = [&](const Diagnostic& d) { seen.push_back(d); };
  const HardwareReport report = DetectHardware(options);
  EXPECT_EQ(seen, report.diagnostics);
  EXPECT_FALSE(seen.empty());
  EXPECT_EQ(Ids(report), (std::vector<std::string>{"cpu0", "gpu0"}));
  EXPECT_EQ(report.fingerprint.size(), 64u);
}

TEST(Detector, ThisMachine) {
  DetectOptions options;
  options.nvml = NvmlOptions{};  // the real library name: absent here is normal
  const HardwareReport a = DetectHardware(options);
  const HardwareReport b = DetectHardware(options);
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  ASSERT_FALSE(a.devices.empty());
  EXPECT_EQ(a.devices[0].profile.id, "cpu0");
  EXPECT_TRUE(a.cpu.threads.has_value());
  EXPECT_TRUE(a.memory.total_bytes.has_value());
  EXPECT_EQ(a.proc_root, "/proc");
  EXPECT_EQ(a.sys_root, "/sys");
  if (!a.nvml.loaded) {
    EXPECT_TRUE(a.nvml.unavailable_reason.has_value());
    EXPECT_TRUE(HasNote(a, "nvml: " + *a.nvml.unavailable_reason));
    EXPECT_EQ(a.nvml.library, "libnvidia-ml.so.1");
  }
}

}  // namespace
}  // namespace hawk::hw
