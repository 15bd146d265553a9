// The browser probe behind `hawk detect --browser`: runs headless Chromium
// (when installed), opens a local page that asks navigator.gpu.requestAdapter()
// for the WebGPU adapter (vendor, architecture, features, limits,
// isFallbackAdapter) and navigator.ml.createContext() for WebNN, and reads the
// page's answer over the DevTools pipe (hw/chromium_cdp.h).
//
// The page is a file in a fresh temporary directory (beside Chromium's
// profile), never fetched over the network. A software adapter (SwiftShader,
// isFallbackAdapter) is reported as such and never becomes a device. A
// missing Chromium is a status (kChromiumNotFound), not an error.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "hw/diagnostics.h"
#include "hw/hardware_report.h"

namespace hawk::hw {

struct BrowserProbeOptions {
  // The browser to run; when unset, the first of kChromiumNames on search_path.
  std::optional<std::string> chromium_path;
  std::string search_path;  // a PATH value; the process's PATH when empty
  std::chrono::milliseconds timeout{30000};
  // Without it Chromium runs with --disable-gpu (only a software adapter can
  // appear); with it the browser may use this machine's GPU.
  bool use_gpu = false;
};

inline const std::vector<std::string> kChromiumNames = {
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"};

BrowserReport ProbeBrowser(const BrowserProbeOptions& options, Diagnostics& diagnostics);

// The probe page (HTML with its script). Its answer is the promise
// window.hawkProbe (kProbeExpression), an object
// {user_agent, webgpu: {api, adapter?, error?}, webnn: {api, context?, error?}}.
std::string BrowserProbePage();
inline constexpr const char* kProbeExpression = "window.hawkProbe";
// The command line: headless, no sandbox, no GPU unless use_gpu, no network
// services, a fresh profile, WebGPU and WebNN switched on, DevTools on a pipe.
std::vector<std::string> ChromiumArguments(const std::string& chromium,
                                           const std::string& profile_dir, bool use_gpu);
// Reads the page's answer (JSON text) into the WebGPU and WebNN fields of a
// report (status kOk). kCorrupt when it is not the expected object.
Result<BrowserReport> ParseBrowserProbeAnswer(std::string_view answer);

// The device a real (not fallback) WebGPU adapter makes: class browser,
// architecture webgpu, backends webgpu + wasm (+ webnn with a context).
// nullopt for no adapter or a fallback adapter.
std::optional<DeviceProfile> BrowserDevice(const BrowserReport& report);
// A software adapter: isFallbackAdapter, or SwiftShader by name.
bool IsSoftwareAdapter(const WebGpuAdapter& adapter);

}  // namespace hawk::hw
