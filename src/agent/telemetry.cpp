#include "agent/telemetry.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "monitor/host_sampler.h"
#include "monitor/rates.h"
#include "monitor/thermal_tracker.h"

namespace hawk::agent {
namespace {

Fraction Ratio(double value) {
  return Fraction::FromDouble(std::clamp(value, 0.0, 1.0));
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// "0000:3B:00.0" and "0000:3b:00.0" are the same device.
bool SamePci(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  return a && b && !a->empty() && Lower(*a) == Lower(*b);
}

bool SameUuid(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  return a && b && !a->empty() && Lower(*a) == Lower(*b);
}

Fraction CpuUtilization(const monitor::HostSnapshot& current,
                        const monitor::HostSnapshot* previous) {
  if (previous != nullptr) {
    if (auto rates = monitor::ComputeRates(*previous, current); rates && rates->cpu) {
      return Ratio(rates->cpu->utilization_ratio);
    }
  }
  if (!current.cpu) return Fraction::Zero();
  const double total = current.cpu->total.TotalSeconds();
  return total > 0 ? Ratio(current.cpu->total.BusySeconds() / total) : Fraction::Zero();
}

bool IsCpuZone(const monitor::ThermalZone& zone) {
  if (!zone.type) return false;
  const std::string type = Lower(*zone.type);
  return type == "x86_pkg_temp" || type.starts_with("cpu") || type.starts_with("soc_thermal") ||
         type == "k10temp";
}

std::optional<double> Hottest(std::optional<double> best, std::optional<double> candidate) {
  if (!candidate) return best;
  if (!best || *candidate > *best) return candidate;
  return best;
}

std::optional<double> CpuTemperature(const monitor::HostSnapshot& snapshot) {
  std::optional<double> hottest;
  for (const monitor::ThermalReading& r : monitor::ThermalReadingsFrom(snapshot)) {
    const std::string& id = r.device_id;
    const bool package =
        id.starts_with("cpu") && id.size() > 3 &&
        std::all_of(id.begin() + 3, id.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    if (package) hottest = Hottest(hottest, r.temperature_celsius);
  }
  if (hottest || !snapshot.thermal_zones) return hottest;
  for (const monitor::ThermalZone& zone : *snapshot.thermal_zones) {
    if (IsCpuZone(zone)) hottest = Hottest(hottest, zone.temperature_celsius);
  }
  return hottest;
}

const DeviceProfile* MatchDevice(const monitor::GpuSample& gpu,
                                 const std::vector<DeviceProfile>& devices) {
  for (const DeviceProfile& d : devices) {
    if (SameUuid(d.uuid, gpu.uuid)) return &d;
  }
  for (const DeviceProfile& d : devices) {
    if (SamePci(d.pci_id, gpu.pci_bus_id)) return &d;
  }
  return nullptr;
}

std::optional<protocol::DeviceSample> DeviceSampleFrom(const monitor::GpuSample& gpu,
                                                       const DeviceProfile& device) {
  if (!gpu.utilization_ratio || !gpu.memory_used_bytes) return std::nullopt;
  const Bytes total = gpu.memory_total_bytes.value_or(device.memory_total_bytes);
  if (total == 0) return std::nullopt;
  protocol::DeviceSample s;
  s.device_id = device.id;
  s.utilization = Ratio(*gpu.utilization_ratio);
  s.memory_utilization =
      Ratio(static_cast<double>(*gpu.memory_used_bytes) / static_cast<double>(total));
  s.temperature_celsius = gpu.temperature_celsius;
  s.power_watts = gpu.power_watts;
  constexpr std::uint64_t kSlowdown = monitor::kNvmlReasonHwSlowdown |
                                      monitor::kNvmlReasonSwThermalSlowdown |
                                      monitor::kNvmlReasonHwThermalSlowdown;
  s.throttling = gpu.clock_event_reasons && (*gpu.clock_event_reasons & kSlowdown) != 0;
  return s;
}

}  // namespace

protocol::Heartbeat HeartbeatFromSnapshots(const monitor::HostSnapshot& current,
                                           const monitor::HostSnapshot* previous,
                                           const std::vector<DeviceProfile>& devices) {
  protocol::Heartbeat hb;
  hb.at = current.ts;
  hb.cpu_utilization = CpuUtilization(current, previous);
  if (current.memory) {
    hb.memory_used_bytes = current.memory->UsedBytes();
    if (auto ratio = current.memory->UsedRatio()) hb.memory_utilization = Ratio(*ratio);
  }
  hb.cpu_temperature_celsius = CpuTemperature(current);
  if (current.gpus) {
    std::vector<std::string> taken;
    for (const monitor::GpuSample& gpu : *current.gpus) {
      const DeviceProfile* device = MatchDevice(gpu, devices);
      if (device == nullptr || std::find(taken.begin(), taken.end(), device->id) != taken.end()) {
        continue;
      }
      if (auto sample = DeviceSampleFrom(gpu, *device)) {
        taken.push_back(device->id);
        hb.devices.push_back(std::move(*sample));
      }
    }
    std::sort(hb.devices.begin(), hb.devices.end(),
              [](const auto& a, const auto& b) { return a.device_id < b.device_id; });
  }
  return hb;
}

namespace {

monitor::HostSamplerOptions SamplerOptions(const HostTelemetryOptions& options) {
  monitor::HostSamplerOptions s;
  s.proc_root = options.proc_root;
  s.sys_root = options.sys_root;
  monitor::CollectPlan plan;
  plan.cpu = true;
  plan.memory = true;
  plan.gpus = true;
  plan.temperatures = true;
  s.plan = plan;
  s.gpu_sources = options.gpu_sources;
  return s;
}

}  // namespace

protocol::AlertReport AlertReportFrom(const monitor::AlertEvent& event) {
  protocol::AlertReport a;
  a.at = event.ts;
  a.resource = std::string(ToString(event.resource));
  a.device_id = event.device_id;
  a.metric = event.metric;
  a.severity = std::string(ToString(event.severity));
  a.opened = event.transition == monitor::AlertTransition::kOpened;
  a.value = event.value;
  a.threshold = event.threshold;
  a.message = event.message;
  return a;
}

HostTelemetry::HostTelemetry(HostTelemetryOptions options)
    : options_(std::move(options)),
      sampler_(std::make_unique<monitor::HostSampler>(SamplerOptions(options_))),
      alerts_(options_.alerts) {}

HostTelemetry::~HostTelemetry() = default;

protocol::Heartbeat HostTelemetry::Sample(TimePoint at) {
  auto current = std::make_unique<monitor::HostSnapshot>(sampler_->Sample(at));
  protocol::Heartbeat hb = HeartbeatFromSnapshots(*current, previous_.get(), options_.devices);
  hb.at = at;
  // Alerts name a GPU as the profile does; the monitor's own ids ("gpu0"
  // in the order it found them) stand for GPUs the profile lacks.
  if (current->gpus) {
    for (const monitor::GpuSample& gpu : *current->gpus) {
      if (const DeviceProfile* device = MatchDevice(gpu, options_.devices)) {
        gpu_ids_[gpu.id] = device->id;
      }
    }
  }
  std::optional<monitor::HostRates> rates;
  if (previous_ != nullptr) rates = monitor::ComputeRates(*previous_, *current);
  const std::vector<monitor::Observation> observations =
      monitor::ObservationsFrom(*current, rates ? &*rates : nullptr);
  for (const monitor::AlertEvent& event : alerts_.Evaluate(at, observations)) {
    hb.alerts.push_back(AlertReportFrom(event));
    RenameDevice(hb.alerts.back().device_id);
  }
  previous_ = std::move(current);
  return hb;
}

void HostTelemetry::RenameDevice(std::optional<std::string>& device_id) const {
  if (!device_id) return;
  if (const auto it = gpu_ids_.find(*device_id); it != gpu_ids_.end()) device_id = it->second;
}

std::vector<protocol::AlertReport> HostTelemetry::OpenAlerts() const {
  std::vector<protocol::AlertReport> out;
  for (const monitor::ActiveAlert& a : alerts_.Active()) {
    protocol::AlertReport r;
    r.at = a.opened_at;
    r.resource = std::string(ToString(a.resource));
    r.device_id = a.device_id;
    r.metric = a.metric;
    r.severity = std::string(ToString(a.severity));
    r.value = a.last_value;
    r.threshold = a.threshold;
    RenameDevice(r.device_id);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace hawk::agent
