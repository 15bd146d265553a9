#include "hw/report_text.h"

#include "hw/browser_probe.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace hawk::hw {
namespace {

std::string Plural(std::uint32_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string CpuLine(const CpuReport& cpu) {
  std::string out = cpu.model.value_or("unknown CPU");
  out += " · " + std::string(ToString(cpu.architecture));
  std::vector<std::string> counts;
  if (cpu.sockets) counts.push_back(Plural(*cpu.sockets, "socket", "sockets"));
  if (cpu.cores) counts.push_back(Plural(*cpu.cores, "core", "cores"));
  if (cpu.threads) counts.push_back(Plural(*cpu.threads, "thread", "threads"));
  if (cpu.numa_nodes) counts.push_back(Plural(*cpu.numa_nodes, "NUMA node", "NUMA nodes"));
  if (!counts.empty()) {
    out += " · ";
    for (std::size_t i = 0; i < counts.size(); ++i) out += (i > 0 ? ", " : "") + counts[i];
  }
  if (cpu.max_mhz) {
    out += " · max " + std::to_string(*cpu.max_mhz) + " MHz";
  } else if (cpu.current_mhz) {
    out += " · " + std::to_string(*cpu.current_mhz) + " MHz now";
  }
  return out;
}

std::string CacheLine(const std::vector<CacheInfo>& caches) {
  std::string out;
  for (const CacheInfo& c : caches) {
    if (!out.empty()) out += ", ";
    out += "L" + std::to_string(c.level) +
           (c.type == "data"          ? "d"
            : c.type == "instruction" ? "i"
                                      : "") +
           " " + FormatBytes(c.size_bytes);
    if (c.instances) out += " x" + std::to_string(*c.instances);
  }
  return out;
}

std::string Pad(const std::string& text, std::size_t width) {
  // Widths count bytes; names here are ASCII except the model, padded last.
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

std::string Row(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    out += i + 1 < cells.size() ? Pad(cells[i], widths[i]) : cells[i];
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "\n";
}

std::string JoinSets(const DeviceProfile& p) {
  std::string out = p.precisions.Join();
  if (!p.features.Empty()) out += (out.empty() ? "" : "; ") + p.features.Join();
  return out;
}

}  // namespace

std::string FormatReportText(const HardwareReport& report) {
  std::string out;
  auto line = [&](const std::string& label, const std::string& text) {
    out += Pad(label, 12) + text + "\n";
  };
  std::string host = report.hostname.value_or("?") + " (" + report.os;
  if (report.kernel_release) host += " " + *report.kernel_release;
  host += ")";
  line("host", host);
  if (!report.host_probes) line("tree", report.proc_root + ", " + report.sys_root);
  line("cpu", CpuLine(report.cpu));
  if (!report.cpu.features.Empty()) line("", "isa " + report.cpu.features.Join());
  if (!report.cpu.caches.empty()) line("", "caches " + CacheLine(report.cpu.caches));
  const MemoryReport& m = report.memory;
  std::string memory = m.total_bytes ? FormatBytes(*m.total_bytes) + " total" : "total unknown";
  if (m.available_bytes) memory += ", " + FormatBytes(*m.available_bytes) + " available";
  if (m.swap_total_bytes) memory += ", swap " + FormatBytes(*m.swap_total_bytes);
  line("memory", memory);

  const std::vector<std::string> header = {"ID",  "CLASS", "VENDOR",   "MEMORY",
                                           "PCI", "MODEL", "BACKENDS", "PRECISIONS; FEATURES"};
  std::vector<std::vector<std::string>> rows;
  for (const DetectedDevice& d : report.devices) {
    const DeviceProfile& p = d.profile;
    rows.push_back({p.id, std::string(ToString(p.hardware_class)), std::string(ToString(p.vendor)),
                    d.memory_source.empty() ? "-" : FormatBytes(p.memory_total_bytes),
                    p.pci_id.value_or("-"), p.model, p.backends.Join(), JoinSets(p)});
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (std::size_t i = 0; i < header.size(); ++i) {
    widths[i] = header[i].size() + 2;
    for (const auto& r : rows) widths[i] = std::max(widths[i], r[i].size() + 2);
  }
  out += "\n" + Row(header, widths);
  for (const auto& r : rows) out += Row(r, widths);
  out += "\n";

  if (report.nvml.loaded) {
    line("nvml",
         "driver " + report.nvml.driver_version.value_or("?") + " (" + report.nvml.library + ")");
  } else {
    line("nvml", "not loaded: " + report.nvml.unavailable_reason.value_or("not tried"));
  }
  const BrowserReport& b = report.browser;
  switch (b.status) {
    case BrowserProbeStatus::kNotRequested: line("browser", "not probed (add --browser)"); break;
    case BrowserProbeStatus::kChromiumNotFound:
      line("browser", "chromium not found: " + b.error.value_or("?"));
      break;
    case BrowserProbeStatus::kFailed:
      line("browser", "probe failed: " + b.error.value_or("?"));
      break;
    case BrowserProbeStatus::kOk: {
      std::string text = b.chromium_version.value_or("chromium") + ": WebGPU ";
      if (!b.adapter) {
        text += b.webgpu_api ? "without adapter" : "absent";
      } else if (IsSoftwareAdapter(*b.adapter)) {
        text += "software fallback only (" + b.adapter->vendor + " " + b.adapter->architecture +
                "), not a GPU";
      } else {
        text += b.adapter->vendor + " " + b.adapter->architecture;
      }
      text += "; WebNN " + std::string(b.webnn_context ? "context ok"
                                       : b.webnn_api   ? "API without context"
                                                       : "absent");
      line("browser", text);
      break;
    }
  }
  line("fingerprint", report.fingerprint);
  for (const Diagnostic& d : report.diagnostics) {
    // Said above already.
    if (d.source == "nvml" && d.message == report.nvml.unavailable_reason) continue;
    if (d.source == "browser" && b.status == BrowserProbeStatus::kChromiumNotFound) continue;
    out += "note: " + d.source + ": " + d.message + "\n";
  }
  return out;
}

}  // namespace hawk::hw
