#include "hw/detector.h"

#include <algorithm>
#include <set>
#include <string>

#include "hw/accelerators.h"
#include "hw/cpu_detector.h"
#include "hw/drm_gpus.h"
#include "hw/fingerprint.h"
#include "hw/memory_detector.h"
#include "hw/nvml_gpus.h"
#include "hw/pci.h"

namespace hawk::hw {
namespace {

void Number(std::vector<DetectedDevice>& devices, const std::string& prefix,
            std::vector<DetectedDevice>& into) {
  std::stable_sort(devices.begin(), devices.end(),
                   [](const DetectedDevice& a, const DetectedDevice& b) {
                     return a.profile.pci_id.value_or("~") < b.profile.pci_id.value_or("~");
                   });
  for (std::size_t i = 0; i < devices.size(); ++i) {
    devices[i].profile.id = prefix + std::to_string(i);
    into.push_back(std::move(devices[i]));
  }
}

// NVIDIA display controllers on the PCI bus that NVML did not report: seen,
// noted, but not offered to the scheduler (without the driver, CUDA cannot
// run on them).
void NoteUnmanagedNvidia(const TreeReader& sys, const std::vector<DetectedDevice>& nvml_gpus) {
  std::set<std::string> known;
  for (const DetectedDevice& d : nvml_gpus) {
    if (d.profile.pci_id) known.insert(*d.profile.pci_id);
  }
  for (const PciFunction& f : ListPciFunctions(sys)) {
    if (f.vendor_id != kPciVendorNvidia || !f.class_code) continue;
    const std::uint32_t base_sub = *f.class_code >> 8;
    if (base_sub != 0x0300 && base_sub != 0x0302) continue;
    if (known.count(f.address) > 0) continue;
    sys.Note("bus/pci/devices/" + f.address,
             "NVIDIA GPU " + FormatPciIds(*f.vendor_id, f.device_id.value_or(0)) +
                 " without NVML; not offered for scheduling");
  }
}

}  // namespace

DetectedDevice CpuDevice(const CpuReport& cpu, const MemoryReport& memory) {
  DetectedDevice d;
  DeviceProfile& p = d.profile;
  p.hardware_class = HardwareClass::kCpu;
  p.architecture = cpu.architecture;
  p.vendor = cpu.vendor;
  p.model = cpu.model.value_or("unknown CPU");
  if (memory.total_bytes) {
    p.memory_total_bytes = *memory.total_bytes;
    d.memory_source = "meminfo";
  }
  if (cpu.cores) {
    p.compute_units = *cpu.cores;
  } else if (cpu.threads) {
    p.compute_units = *cpu.threads;
  }
  p.clock_max_mhz = cpu.max_mhz;
  p.features = cpu.features;
  p.backends = {Backend::kOpenmp};
  p.precisions = {Precision::kFp64, Precision::kFp32};
  const FeatureSet& f = cpu.features;
  if (f.Contains(Feature::kAvx512Bf16) || f.Contains(Feature::kAmxBf16) ||
      f.Contains(Feature::kArmBf16)) {
    p.precisions.Insert(Precision::kBf16);
  }
  if (f.Contains(Feature::kAvx512Vnni) || f.Contains(Feature::kAvxVnni) ||
      f.Contains(Feature::kAmxInt8) || f.Contains(Feature::kDotprod) ||
      f.Contains(Feature::kI8mm)) {
    p.precisions.Insert(Precision::kInt8);
  }
  d.source = "cpu";
  return d;
}

HardwareReport DetectHardware(const DetectOptions& options) {
  Diagnostics diagnostics(options.on_diagnostic);
  const FsRoot proc_root(options.proc_root);
  const FsRoot sys_root(options.sys_root);
  const TreeReader proc(proc_root, diagnostics);
  const TreeReader sys(sys_root, diagnostics);

  HardwareReport report;
  report.proc_root = proc_root.Display("");
  report.sys_root = sys_root.Display("");
  report.host_probes = options.host_probes;
  report.hostname = proc.Line("sys/kernel/hostname");
  report.kernel_release = proc.Line("sys/kernel/osrelease");
  report.cpu = DetectCpu(proc, sys, options.host_probes);
  report.memory = DetectMemory(proc);
  report.devices.push_back(CpuDevice(report.cpu, report.memory));
  report.devices.back().profile.id = "cpu0";

  std::vector<DetectedDevice> gpus;
  if (options.nvml) {
    NvmlDetection nvml = DetectNvmlGpus(*options.nvml, diagnostics);
    report.nvml = std::move(nvml.report);
    gpus = std::move(nvml.devices);
  } else {
    report.nvml.unavailable_reason = "not used for a captured tree";
  }
  NoteUnmanagedNvidia(sys, gpus);
  for (DetectedDevice& d : DetectDrmGpus(sys)) gpus.push_back(std::move(d));
  Number(gpus, "gpu", report.devices);
  std::vector<DetectedDevice> npus = DetectNpus(sys);
  Number(npus, "npu", report.devices);
  std::vector<DetectedDevice> tpus = DetectTpus(sys);
  Number(tpus, "tpu", report.devices);

  if (options.browser) {
    report.browser = ProbeBrowser(*options.browser, diagnostics);
    if (auto profile = BrowserDevice(report.browser)) {
      DetectedDevice d;
      d.profile = std::move(*profile);
      d.profile.id = "browser0";
      d.source = "browser";
      report.devices.push_back(std::move(d));
    }
  }
  report.diagnostics = diagnostics.entries();
  report.fingerprint = Fingerprint(report);
  return report;
}

}  // namespace hawk::hw
