#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "hw/browser_probe.h"
#include "hw_test_support.h"

namespace hawk::hw {
namespace {

using testing::HwFixture;

std::string ReadFixture(const std::string& name) {
  std::ifstream file(HwFixture("browser") / name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(BrowserProbeAnswer, CapturedSwiftShaderAdapterIsSoftware) {
  auto report = ParseBrowserProbeAnswer(ReadFixture("chromium156_swiftshader_answer.json"));
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->status, BrowserProbeStatus::kOk);
  EXPECT_TRUE(report->webgpu_api);
  ASSERT_TRUE(report->adapter.has_value());
  EXPECT_EQ(report->adapter->vendor, "google");
  EXPECT_EQ(report->adapter->architecture, "swiftshader");
  EXPECT_TRUE(report->adapter->is_fallback_adapter);
  EXPECT_TRUE(IsSoftwareAdapter(*report->adapter));
  EXPECT_NE(std::find(report->adapter->features.begin(), report->adapter->features.end(),
                      "timestamp-query"),
            report->adapter->features.end());
  EXPECT_EQ(report->adapter->limits.at("maxBufferSize"), 1073741824u);
  EXPECT_TRUE(report->webnn_api);
  EXPECT_FALSE(report->webnn_context);
  EXPECT_NE(report->webnn_error->find("not supported on this platform"), std::string::npos);
  EXPECT_NE(report->user_agent->find("HeadlessChrome/156"), std::string::npos);
  // Never advertised as a GPU.
  EXPECT_EQ(BrowserDevice(*report), std::nullopt);
}

TEST(BrowserProbeAnswer, HardwareAdapterBecomesABrowserDevice) {
  auto report = ParseBrowserProbeAnswer(ReadFixture("fabricated_nvidia_answer.json"));
  ASSERT_TRUE(report) << report.error().ToString();
  report->chromium_version = "Chromium 131.0.6778.85";
  ASSERT_TRUE(report->adapter.has_value());
  EXPECT_FALSE(IsSoftwareAdapter(*report->adapter));
  EXPECT_EQ(report->adapter->limits.at("maxBufferSize"), 4294967296u);
  auto device = BrowserDevice(*report);
  ASSERT_TRUE(device.has_value());
  EXPECT_EQ(device->hardware_class, HardwareClass::kBrowser);
  EXPECT_EQ(device->architecture, Architecture::kWebgpu);
  EXPECT_EQ(device->vendor, Vendor::kNvidia);
  EXPECT_EQ(device->model, "Chromium 131.0.6778.85 WebGPU (NVIDIA GeForce RTX 3060 Laptop GPU)");
  EXPECT_EQ(device->backends.Join(), "webgpu, webnn, wasm");
  EXPECT_EQ(device->features.Join(), "shader_f16, subgroups, timestamp_query");
  EXPECT_EQ(device->precisions.Join(), "fp32, fp16");
}

TEST(BrowserProbeAnswer, FallbackFlagWinsOverAVendorName) {
  WebGpuAdapter a;
  a.vendor = "intel";
  a.architecture = "gen-12lp";
  a.is_fallback_adapter = true;
  EXPECT_TRUE(IsSoftwareAdapter(a));
  a.is_fallback_adapter = false;
  EXPECT_FALSE(IsSoftwareAdapter(a));
  a.description = "SwiftShader Device (Subzero)";
  EXPECT_TRUE(IsSoftwareAdapter(a));
}

TEST(BrowserProbeAnswer, NoAdapterAndNoWebnn) {
  auto report = ParseBrowserProbeAnswer(
      R"({"webgpu": {"api": true, "error": "no adapter"}, "webnn": {"api": false}})");
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(report->webgpu_api);
  EXPECT_FALSE(report->adapter.has_value());
  EXPECT_EQ(report->webgpu_error, "no adapter");
  EXPECT_FALSE(report->webnn_api);
  EXPECT_EQ(BrowserDevice(*report), std::nullopt);
}

TEST(BrowserProbeAnswer, BrokenAnswersAreCorrupt) {
  EXPECT_EQ(ParseBrowserProbeAnswer("").error().message, "the probe's answer is not a JSON object");
  EXPECT_EQ(ParseBrowserProbeAnswer("null").error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(ParseBrowserProbeAnswer(R"({"webgpu": {"api": tr)").error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(ParseBrowserProbeAnswer(R"({"webgpu": 1, "webnn": {}})").error().message,
            "the probe's answer lacks webgpu/webnn objects");
}

TEST(BrowserProbe, ChromiumArgumentsKeepItLocalAndHeadless) {
  const auto args = ChromiumArguments("/usr/bin/chromium", "/tmp/p/profile", /*use_gpu=*/false);
  auto has = [&](const std::string& a) {
    return std::find(args.begin(), args.end(), a) != args.end();
  };
  for (const char* flag :
       {"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=/tmp/p/profile", "--enable-unsafe-webgpu", "--remote-debugging-pipe"}) {
    EXPECT_TRUE(has(flag)) << flag;
  }
  EXPECT_EQ(args.front(), "/usr/bin/chromium");
  EXPECT_EQ(args.back(), "about:blank");
  const auto gpu = ChromiumArguments("c", "p", /*use_gpu=*/true);
  EXPECT_EQ(std::count(gpu.begin(), gpu.end(), "--disable-gpu"), 0);
  EXPECT_NE(BrowserProbePage().find("navigator.gpu.requestAdapter()"), std::string::npos);
  EXPECT_NE(BrowserProbePage().find(kProbeExpression), std::string::npos);
}

TEST(BrowserProbe, MissingChromiumIsReportedNotAnError) {
  Diagnostics diagnostics;
  BrowserProbeOptions options;
  options.search_path = "/nonexistent-bin";
  const BrowserReport report = ProbeBrowser(options, diagnostics);
  EXPECT_EQ(report.status, BrowserProbeStatus::kChromiumNotFound);
  EXPECT_EQ(report.error, "no chromium, chromium-browser or google-chrome on PATH");
  ASSERT_EQ(diagnostics.entries().size(), 1u);
  EXPECT_EQ(diagnostics.entries()[0].source, "browser");

  options.chromium_path = "/nonexistent/chromium";
  const BrowserReport named = ProbeBrowser(options, diagnostics);
  EXPECT_EQ(named.status, BrowserProbeStatus::kChromiumNotFound);
  EXPECT_EQ(named.error, "/nonexistent/chromium is not an executable");
}

TEST(BrowserProbe, RunsTheBrowserOverTheDevToolsPipe) {
  Diagnostics diagnostics;
  BrowserProbeOptions options;
  options.chromium_path = (HwFixture("browser") / "fake_chromium.sh").string();
  const BrowserReport report = ProbeBrowser(options, diagnostics);
  ASSERT_EQ(report.status, BrowserProbeStatus::kOk) << report.error.value_or("");
  EXPECT_EQ(report.chromium_version, "Chromium 131.0.6778.85 fake");
  EXPECT_EQ(report.chromium_path, options.chromium_path);
  ASSERT_TRUE(report.adapter.has_value());
  EXPECT_EQ(report.adapter->vendor, "nvidia");
  EXPECT_TRUE(BrowserDevice(report).has_value());
}

TEST(BrowserProbe, ABrowserThatExitsEarlyFails) {
  ASSERT_EQ(::setenv("HAWK_FAKE_CHROMIUM_EXIT", "7", 1), 0);
  Diagnostics diagnostics;
  BrowserProbeOptions options;
  options.chromium_path = (HwFixture("browser") / "fake_chromium.sh").string();
  const BrowserReport report = ProbeBrowser(options, diagnostics);
  ::unsetenv("HAWK_FAKE_CHROMIUM_EXIT");
  EXPECT_EQ(report.status, BrowserProbeStatus::kFailed);
  EXPECT_EQ(report.error,
            "chromium exited before answering (exit code 7) (fake chromium: exiting early)");
  EXPECT_EQ(BrowserDevice(report), std::nullopt);
}

TEST(BrowserProbe, ABrowserWithAMalformedAnswerFails) {
  // Any JSON object without webgpu/webnn will do.
  const std::string bad = (HwFixture("nvml") / "driver_not_loaded.json").string();
  ASSERT_EQ(::setenv("HAWK_FAKE_CHROMIUM_ANSWER", bad.c_str(), 1), 0);
  Diagnostics diagnostics;
  BrowserProbeOptions options;
  options.chromium_path = (HwFixture("browser") / "fake_chromium.sh").string();
  const BrowserReport report = ProbeBrowser(options, diagnostics);
  ::unsetenv("HAWK_FAKE_CHROMIUM_ANSWER");
  EXPECT_EQ(report.status, BrowserProbeStatus::kFailed);
  EXPECT_EQ(report.error, "the probe's answer lacks webgpu/webnn objects");
}

}  // namespace
}  // namespace hawk::hw
