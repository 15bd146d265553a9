// hawk detect [--json] [--proc-root DIR] [--sys-root DIR] [--browser]
//   [--chromium PATH] [--browser-gpu] [--nvml-library PATH]
// Finds this machine's hardware (or a captured /proc and /sys tree's): CPU,
// memory, GPUs, NPUs, TPUs and, with --browser, what headless Chromium offers
// through WebGPU and WebNN; prints a table or JSON with the fingerprint.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "cli/command.h"
#include "hw/detector.h"
#include "hw/report_json.h"
#include "hw/report_text.h"

namespace hawk::cli {
namespace {

struct DetectCommandOptions {
  bool json = false;
  std::string proc_root;
  std::string sys_root;
  bool browser = false;
  std::string chromium;
  bool browser_gpu = false;
  std::string nvml_library;
};

Status CheckDirectory(const std::string& path, const char* option) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) {
    return InvalidArgument("not a directory: " + path, option,
                           "give the root of a /proc or /sys tree");
  }
  return Ok();
}

int RunDetect(const DetectCommandOptions& o) {
  hw::DetectOptions options;
  const bool tree = !o.proc_root.empty() || !o.sys_root.empty();
  if (!o.proc_root.empty()) {
    if (auto ok = CheckDirectory(o.proc_root, "--proc-root"); !ok) return ReportError(ok.error());
    options.proc_root = o.proc_root;
  }
  if (!o.sys_root.empty()) {
    if (auto ok = CheckDirectory(o.sys_root, "--sys-root"); !ok) return ReportError(ok.error());
    options.sys_root = o.sys_root;
  }
  // A captured tree describes another machine: CPUID, hwloc and NVML would
  // describe this one. A named NVML library is used regardless.
  options.host_probes = !tree;
  if (!o.nvml_library.empty()) {
    options.nvml = hw::NvmlOptions{o.nvml_library};
  } else if (tree) {
    options.nvml.reset();
  }
  if (o.browser) {
    hw::BrowserProbeOptions browser;
    if (!o.chromium.empty()) browser.chromium_path = o.chromium;
    browser.use_gpu = o.browser_gpu;
    options.browser = browser;
  }
  const hw::HardwareReport report = hw::DetectHardware(options);
  if (o.json) {
    std::printf("%s\n", hw::ToJson(report).dump(2).c_str());
  } else {
    std::fputs(hw::FormatReportText(report).c_str(), stdout);
  }
  return kExitOk;
}

}  // namespace

void AddDetectCommand(CLI::App& app, Runner& runner) {
  auto options = std::make_shared<DetectCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "detect", "Detect this machine's hardware: CPU, memory, GPUs, NPUs, TPUs, browser");
  command->add_flag("--json", options->json, "print the report as JSON (units in the names)");
  command->add_option("--proc-root", options->proc_root,
                      "read a captured /proc tree instead of /proc (facts come from the tree)");
  command->add_option("--sys-root", options->sys_root,
                      "read a captured /sys tree instead of /sys (facts come from the tree)");
  command->add_flag("--browser", options->browser,
                    "probe headless Chromium for WebGPU and WebNN (reported if not installed)");
  command->add_option("--chromium", options->chromium,
                      "the browser to run for --browser (default: chromium on PATH)");
  command->add_flag("--browser-gpu", options->browser_gpu,
                    "let the browser use this machine's GPU (default: --disable-gpu)");
  command->add_option("--nvml-library", options->nvml_library,
                      "the NVML library to load (default: libnvidia-ml.so.1)");
  command->callback([options, &runner] { runner = [options] { return RunDetect(*options); }; });
}

}  // namespace hawk::cli
