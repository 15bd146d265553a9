#include "hw/browser_probe.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "hw/chromium_cdp.h"
#include "hw/parse.h"
#include "hw/subprocess.h"

namespace hawk::hw {
namespace {

constexpr std::string_view kPage = R"html(<!doctype html>
<html><head><meta charset="utf-8"><title>hawk probe</title></head><body><pre id="out">probing</pre>
<script>
window.hawkProbe = (async () => {
  const out = {user_agent: navigator.userAgent,
               webgpu: {api: 'gpu' in navigator}, webnn: {api: 'ml' in navigator}};
  if (navigator.gpu) {
    try {
      const adapter = await navigator.gpu.requestAdapter();
      if (!adapter) {
        out.webgpu.error = 'no adapter';
      } else {
        let info = adapter.info;
        if (!info && adapter.requestAdapterInfo) info = await adapter.requestAdapterInfo();
        info = info || {};
        const limits = {};
        for (const key in adapter.limits) {
          const v = adapter.limits[key];
          if (typeof v === 'number') limits[key] = v;
        }
        out.webgpu.adapter = {
          vendor: info.vendor || '', architecture: info.architecture || '',
          device: info.device || '', description: info.description || '',
          is_fallback_adapter: !!(adapter.isFallbackAdapter || info.isFallbackAdapter),
          features: Array.from(adapter.features).sort(), limits};
      }
    } catch (e) { out.webgpu.error = String(e); }
  }
  if (navigator.ml) {
    try { await navigator.ml.createContext(); out.webnn.context = true; }
    catch (e) { out.webnn.context = false; out.webnn.error = String(e); }
  }
  document.getElementById('out').textContent = JSON.stringify(out, null, 1);
  return out;
})();
</script></body></html>
)html";

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hawk-probe-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::optional<std::string> ChromiumVersion(const std::string& chromium) {
  auto run = RunProcess({chromium, "--version"}, std::chrono::seconds(15), 4096);
  if (!run || run->exit_code != 0) return std::nullopt;
  const std::string_view line = FirstLine(run->stdout_text);
  if (line.empty()) return std::nullopt;
  return std::string(line);
}

}  // namespace

std::string BrowserProbePage() {
  return std::string(kPage);
}

std::vector<std::string> ChromiumArguments(const std::string& chromium,
                                           const std::string& profile_dir, bool use_gpu) {
  std::vector<std::string> args = {chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--user-data-dir=" + profile_dir,
                                   "--enable-unsafe-webgpu",
                                   "--enable-features=WebMachineLearningNeuralNetwork",
                                   "--remote-debugging-pipe",
                                   "about:blank"};
  if (!use_gpu) args.insert(args.begin() + 3, "--disable-gpu");
  return args;
}

Result<BrowserReport> ParseBrowserProbeAnswer(std::string_view answer) {
  const nlohmann::json j = nlohmann::json::parse(answer, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return MakeError(ErrorCode::kCorrupt, "the probe's answer is not a JSON object", "chromium");
  }
  auto str = [](const nlohmann::json& o, const char* key) -> std::string {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto flag = [](const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_boolean() && it->get<bool>();
  };
  const auto webgpu = j.find("webgpu");
  const auto webnn = j.find("webnn");
  if (webgpu == j.end() || webnn == j.end() || !webgpu->is_object() || !webnn->is_object()) {
    return MakeError(ErrorCode::kCorrupt, "the probe's answer lacks webgpu/webnn objects",
                     "chromium");
  }
  BrowserReport report;
  report.status = BrowserProbeStatus::kOk;
  if (auto ua = str(j, "user_agent"); !ua.empty()) report.user_agent = ua;
  report.webgpu_api = flag(*webgpu, "api");
  if (auto e = str(*webgpu, "error"); !e.empty()) report.webgpu_error = e;
  if (auto it = webgpu->find("adapter"); it != webgpu->end() && it->is_object()) {
    WebGpuAdapter a;
    a.vendor = str(*it, "vendor");
    a.architecture = str(*it, "architecture");
    a.device = str(*it, "device");
    a.description = str(*it, "description");
    a.is_fallback_adapter = flag(*it, "is_fallback_adapter");
    if (auto f = it->find("features"); f != it->end() && f->is_array()) {
      for (const auto& name : *f) {
        if (name.is_string()) a.features.push_back(name.get<std::string>());
      }
    }
    if (auto l = it->find("limits"); l != it->end() && l->is_object()) {
      for (const auto& [key, value] : l->items()) {
        if (value.is_number_unsigned()) a.limits[key] = value.get<std::uint64_t>();
      }
    }
    report.adapter = std::move(a);
  }
  report.webnn_api = flag(*webnn, "api");
  report.webnn_context = flag(*webnn, "context");
  if (auto e = str(*webnn, "error"); !e.empty()) report.webnn_error = e;
  return report;
}

BrowserReport ProbeBrowser(const BrowserProbeOptions& options, Diagnostics& diagnostics) {
  BrowserReport report;
  std::string search = options.search_path;
  if (search.empty()) {
    const char* env = std::getenv("PATH");
    search = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
  }
  std::optional<std::string> chromium = options.chromium_path;
  if (chromium && ::access(chromium->c_str(), X_OK) != 0) chromium.reset();
  if (!options.chromium_path) chromium = FindExecutable(kChromiumNames, search);
  if (!chromium) {
    report.status = BrowserProbeStatus::kChromiumNotFound;
    report.error = options.chromium_path ? *options.chromium_path + " is not an executable"
                                         : "no chromium, chromium-browser or google-chrome on PATH";
    diagnostics.Note("browser", "chromium not found: " + *report.error);
    return report;
  }
  report.chromium_path = chromium;
  report.chromium_version = ChromiumVersion(*chromium);

  TempDir temp;
  if (temp.path().empty()) {
    report.status = BrowserProbeStatus::kFailed;
    report.error = "cannot create a temporary directory";
    return report;
  }
  const std::string page = temp.path() + "/probe.html";
  {
    std::ofstream file(page);
    file << kPage;
    if (!file) {
      report.status = BrowserProbeStatus::kFailed;
      report.error = "cannot write " + page;
      return report;
    }
  }
  auto answer =
      EvaluateInChromium(ChromiumArguments(*chromium, temp.path() + "/profile", options.use_gpu),
                         "file://" + page, kProbeExpression, options.timeout);
  if (!answer) {
    report.status = BrowserProbeStatus::kFailed;
    report.error = answer.error().message;
    return report;
  }
  auto parsed = ParseBrowserProbeAnswer(*answer);
  if (!parsed) {
    report.status = BrowserProbeStatus::kFailed;
    report.error = parsed.error().message;
    return report;
  }
  parsed->chromium_path = report.chromium_path;
  parsed->chromium_version = report.chromium_version;
  return std::move(*parsed);
}

bool IsSoftwareAdapter(const WebGpuAdapter& adapter) {
  return adapter.is_fallback_adapter || Lower(adapter.architecture) == "swiftshader" ||
         Lower(adapter.description).find("swiftshader") != std::string::npos ||
         Lower(adapter.device).find("swiftshader") != std::string::npos;
}

std::optional<DeviceProfile> BrowserDevice(const BrowserReport& report) {
  if (report.status != BrowserProbeStatus::kOk || !report.adapter ||
      IsSoftwareAdapter(*report.adapter)) {
    return std::nullopt;
  }
  const WebGpuAdapter& a = *report.adapter;
  DeviceProfile p;
  p.hardware_class = HardwareClass::kBrowser;
  p.architecture = Architecture::kWebgpu;
  const std::string vendor = Lower(a.vendor);
  if (auto v = Parse<Vendor>(vendor)) p.vendor = *v;
  std::string what = a.description.empty() ? a.vendor + " " + a.architecture : a.description;
  p.model =
      report.chromium_version.value_or("Chromium") + " WebGPU (" + std::string(Trim(what)) + ")";
  p.backends = {Backend::kWebgpu, Backend::kWasm};
  if (report.webnn_context) p.backends.Insert(Backend::kWebnn);
  p.precisions = {Precision::kFp32};
  for (const std::string& f : a.features) {
    if (f == "shader-f16") {
      p.features.Insert(Feature::kShaderF16);
      p.precisions.Insert(Precision::kFp16);
    }
    if (f == "subgroups") p.features.Insert(Feature::kSubgroups);
    if (f == "timestamp-query") p.features.Insert(Feature::kTimestampQuery);
  }
  return p;
}

}  // namespace hawk::hw
