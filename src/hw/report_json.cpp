#include "hw/report_json.h"

#include "hw/pci.h"

namespace hawk::hw {
namespace {

using nlohmann::json;

template <typename T>
json Opt(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json CacheJson(const CacheInfo& c) {
  return json{{"level", c.level},
              {"type", c.type},
              {"size_bytes", c.size_bytes},
              {"line_size_bytes", Opt(c.line_size_bytes)},
              {"instances", Opt(c.instances)},
              {"shared_by_threads", Opt(c.shared_by_threads)}};
}

json CpuJson(const CpuReport& cpu) {
  json caches = json::array();
  for (const CacheInfo& c : cpu.caches) caches.push_back(CacheJson(c));
  return json{{"vendor", ToString(cpu.vendor)},
              {"vendor_id", Opt(cpu.vendor_id)},
              {"model", Opt(cpu.model)},
              {"architecture", ToString(cpu.architecture)},
              {"sockets", Opt(cpu.sockets)},
              {"cores", Opt(cpu.cores)},
              {"threads", Opt(cpu.threads)},
              {"numa_nodes", Opt(cpu.numa_nodes)},
              {"caches", caches},
              {"max_mhz", Opt(cpu.max_mhz)},
              {"current_mhz", Opt(cpu.current_mhz)},
              {"features", cpu.features.Names()},
              {"isa_source", cpu.isa_source},
              {"topology_source", cpu.topology_source}};
}

json BrowserJson(const BrowserReport& b) {
  json out{{"status", ToString(b.status)},
           {"chromium_path", Opt(b.chromium_path)},
           {"chromium_version", Opt(b.chromium_version)},
           {"error", Opt(b.error)}};
  if (b.status != BrowserProbeStatus::kOk) return out;
  json adapter = nullptr;
  if (b.adapter) {
    const WebGpuAdapter& a = *b.adapter;
    adapter = json{{"vendor", a.vendor},
                   {"architecture", a.architecture},
                   {"device", a.device},
                   {"description", a.description},
                   {"is_fallback_adapter", a.is_fallback_adapter},
                   {"features", a.features},
                   {"limits", a.limits}};
  }
  out["user_agent"] = Opt(b.user_agent);
  out["webgpu"] = json{{"api", b.webgpu_api}, {"adapter", adapter}, {"error", Opt(b.webgpu_error)}};
  out["webnn"] =
      json{{"api", b.webnn_api}, {"context", b.webnn_context}, {"error", Opt(b.webnn_error)}};
  return out;
}

}  // namespace

json ToJson(const DetectedDevice& d) {
  const DeviceProfile& p = d.profile;
  json out{
      {"id", p.id},
      {"class", ToString(p.hardware_class)},
      {"vendor", ToString(p.vendor)},
      {"architecture", ToString(p.architecture)},
      {"model", p.model},
      {"pci_id", Opt(p.pci_id)},
      {"pci_vendor_id", d.pci_vendor_id ? json(FormatPciHex(*d.pci_vendor_id)) : json(nullptr)},
      {"pci_device_id", d.pci_device_id ? json(FormatPciHex(*d.pci_device_id)) : json(nullptr)},
      {"uuid", Opt(p.uuid)},
      {"driver", Opt(d.driver)},
      {"source", d.source},
      {"memory_total_bytes", d.memory_source.empty() ? json(nullptr) : json(p.memory_total_bytes)},
      {"memory_source", d.memory_source.empty() ? json(nullptr) : json(d.memory_source)},
      {"compute_units", p.compute_units > 0 ? json(p.compute_units) : json(nullptr)},
      {"clock_max_mhz", Opt(p.clock_max_mhz)},
      {"compute_capability",
       p.compute_capability ? json(p.compute_capability->ToString()) : json(nullptr)},
      {"tdp_watts", Opt(p.tdp_watts)},
      {"power_limit_watts", Opt(d.power_limit_watts)},
      {"mig_enabled", Opt(d.mig_enabled)},
      {"backends", p.backends.Names()},
      {"precisions", p.precisions.Names()},
      {"features", p.features.Names()}};
  out["readings"] = json{{"utilization_percent", Opt(d.readings.utilization_percent)},
                         {"memory_used_bytes", Opt(d.readings.memory_used_bytes)},
                         {"temperature_celsius", Opt(d.readings.temperature_celsius)},
                         {"power_watts", Opt(d.readings.power_watts)}};
  return out;
}

json ToJson(const HardwareReport& report) {
  json devices = json::array();
  for (const DetectedDevice& d : report.devices) devices.push_back(ToJson(d));
  json diagnostics = json::array();
  for (const Diagnostic& d : report.diagnostics) {
    diagnostics.push_back(json{{"source", d.source}, {"message", d.message}});
  }
  const MemoryReport& m = report.memory;
  return json{{"hostname", Opt(report.hostname)},
              {"os", report.os},
              {"kernel_release", Opt(report.kernel_release)},
              {"proc_root", report.proc_root},
              {"sys_root", report.sys_root},
              {"host_probes", report.host_probes},
              {"cpu", CpuJson(report.cpu)},
              {"memory", json{{"total_bytes", Opt(m.total_bytes)},
                              {"available_bytes", Opt(m.available_bytes)},
                              {"swap_total_bytes", Opt(m.swap_total_bytes)},
                              {"swap_free_bytes", Opt(m.swap_free_bytes)}}},
              {"devices", devices},
              {"nvml", json{{"loaded", report.nvml.loaded},
                            {"library", report.nvml.library},
                            {"driver_version", Opt(report.nvml.driver_version)},
                            {"nvml_version", Opt(report.nvml.nvml_version)},
                            {"unavailable_reason", Opt(report.nvml.unavailable_reason)},
                            {"bound_symbols", report.nvml.bound_symbols}}},
              {"browser", BrowserJson(report.browser)},
              {"diagnostics", diagnostics},
              {"fingerprint", report.fingerprint}};
}

}  // namespace hawk::hw
