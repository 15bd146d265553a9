#include "monitor/host_sampler.h"

#include <utility>

#include "monitor/file_reader.h"
#include "monitor/proc_readers.h"
#include "monitor/rooted_fs.h"
#include "monitor/sys_readers.h"

namespace hawk::monitor {

struct HostSampler::Catalogs {
  Catalogs(const std::string& proc_root, const std::string& sys_root, ProblemLog& problems)
      : proc_fs(proc_root), sys_fs(sys_root), proc(proc_fs, problems), sys(sys_fs, problems) {}

  RootedFs proc_fs;
  RootedFs sys_fs;
  FileReader proc;
  FileReader sys;
  bool discovered = false;
  std::optional<std::vector<HwmonSensorPath>> hwmon;
  std::optional<std::vector<ThermalZonePath>> zones;
  std::optional<std::vector<CoolingDevicePath>> cooling;
  std::optional<std::vector<ThrottleCounterPath>> throttle;
  std::optional<std::vector<CpuFrequencyPath>> frequencies;
  std::optional<std::vector<EnergyCounterPath>> powercap;
  std::optional<std::vector<DrmGpuPath>> drm;
  int source_gpus = 0;  // GPUs of the sources at discovery: the drm ids start after
};

HostSampler::HostSampler(HostSamplerOptions options, ProblemLog* problems)
    : options_(std::move(options)),
      plan_(options_.plan ? *options_.plan : PlanFor(options_.level)),
      problems_(problems != nullptr ? problems : &own_problems_),
      catalogs_(std::make_unique<Catalogs>(options_.proc_root, options_.sys_root, *problems_)) {}

HostSampler::~HostSampler() = default;

void HostSampler::NoteMissing(HostSnapshot& snapshot, std::string part, std::string reason) {
  problems_->Report("part:" + part, "missing: " + reason);
  snapshot.missing.push_back({std::move(part), std::move(reason)});
}

void HostSampler::Discover() {
  Catalogs& c = *catalogs_;
  FileReader& sys = c.sys;
  if (plan_.temperatures) {
    c.hwmon = DiscoverHwmon(sys);
    c.zones = DiscoverThermalZones(sys);
  }
  if (plan_.cooling_devices) c.cooling = DiscoverCoolingDevices(sys);
  if (plan_.cpu_throttle) c.throttle = DiscoverCpuThrottle(sys);
  if (plan_.cpu_frequency) c.frequencies = DiscoverCpuFrequencies(sys);
  if (plan_.energy) c.powercap = DiscoverPowercap(sys);
  if (plan_.gpus) {
    c.source_gpus = 0;
    for (GpuSource* source : options_.gpu_sources) {
      c.source_gpus += source->DeviceCount();
    }
    c.drm = DiscoverDrmGpus(sys, c.source_gpus);
  }
  c.discovered = true;
  samples_since_discovery_ = 0;
}

HostSnapshot HostSampler::Sample(TimePoint ts) {
  Catalogs& c = *catalogs_;
  if (!c.discovered ||
      (options_.rediscover_every >= 0 && samples_since_discovery_ >= options_.rediscover_every)) {
    Discover();
  }
  ++samples_since_discovery_;

  HostSnapshot s;
  s.ts = ts;
  s.level = options_.level;
  s.plan = plan_;
  const std::string proc = options_.proc_root;
  if (plan_.cpu) {
    s.cpu = ReadCpuStat(c.proc, plan_.per_cpu);
    if (!s.cpu) NoteMissing(s, "cpu", "cannot read " + proc + "/stat");
  }
  if (plan_.memory) {
    s.memory = ReadMemInfo(c.proc);
    if (!s.memory) NoteMissing(s, "memory", "cannot read " + proc + "/meminfo");
  }
  if (plan_.load) {
    s.load = ReadLoadAverage(c.proc);
    if (!s.load) NoteMissing(s, "load", "cannot read " + proc + "/loadavg");
  }
  if (plan_.disks) {
    s.disks = ReadDiskStats(c.proc, options_.all_disks);
    if (!s.disks) NoteMissing(s, "disks", "cannot read " + proc + "/diskstats");
  }
  if (plan_.network) {
    s.network = ReadNetDev(c.proc);
    if (!s.network) NoteMissing(s, "network", "cannot read " + proc + "/net/dev");
  }
  if (plan_.process_count) {
    s.process_count = CountProcesses(c.proc);
    if (!s.process_count) NoteMissing(s, "process_count", "cannot list " + proc);
  }
  ReadSys(s);
  if (plan_.gpus) ReadGpus(s);
  return s;
}

void HostSampler::ReadSys(HostSnapshot& s) {
  Catalogs& c = *catalogs_;
  const std::string sys = options_.sys_root;
  if (plan_.temperatures) {
    if (c.hwmon && !c.hwmon->empty()) {
      s.temperatures = ReadHwmon(c.sys, *c.hwmon);
    } else {
      NoteMissing(s, "temperatures",
                  c.hwmon ? "no temperature sensor in " + sys + "/class/hwmon"
                          : "no " + sys + "/class/hwmon");
    }
    if (c.zones && !c.zones->empty()) {
      s.thermal_zones = ReadThermalZones(c.sys, *c.zones);
    } else {
      NoteMissing(s, "thermal_zones", "no thermal zone in " + sys + "/class/thermal");
    }
  }
  if (plan_.cooling_devices) {
    if (c.cooling && !c.cooling->empty()) {
      s.cooling_devices = ReadCoolingDevices(c.sys, *c.cooling);
    } else {
      NoteMissing(s, "cooling_devices", "no cooling device in " + sys + "/class/thermal");
    }
  }
  if (plan_.cpu_throttle) {
    if (c.throttle) {
      s.cpu_throttle = ReadCpuThrottle(c.sys, *c.throttle);
    } else {
      NoteMissing(s, "cpu_throttle",
                  "no thermal_throttle counters in " + sys + "/devices/system/cpu");
    }
  }
  if (plan_.cpu_frequency) {
    if (c.frequencies) {
      s.cpu_frequencies = ReadCpuFrequencies(c.sys, *c.frequencies);
    } else {
      NoteMissing(s, "cpu_frequencies", "no cpufreq in " + sys + "/devices/system/cpu");
    }
  }
  if (plan_.energy) {
    if (c.powercap && !c.powercap->empty()) {
      s.energy = ReadPowercap(c.sys, *c.powercap);
    } else {
      NoteMissing(s, "energy", "no energy counter in " + sys + "/class/powercap");
    }
  }
}

void HostSampler::ReadGpus(HostSnapshot& s) {
  Catalogs& c = *catalogs_;
  std::vector<GpuSample> gpus;
  std::string reasons;
  int index = 0;
  for (GpuSource* source : options_.gpu_sources) {
    auto more = source->Sample(index);
    index += static_cast<int>(more.size());
    if (more.empty() && !source->unavailable_reason().empty()) {
      reasons += std::string(source->name()) + ": " + source->unavailable_reason() + "; ";
    }
    for (auto& gpu : more) gpus.push_back(std::move(gpu));
  }
  if (c.drm) {
    for (auto& gpu : ReadDrmGpus(c.sys, *c.drm)) gpus.push_back(std::move(gpu));
  }
  if (gpus.empty()) {
    NoteMissing(s, "gpus", reasons + "no AMD or Intel card in " + options_.sys_root + "/class/drm");
    return;
  }
  s.gpus = std::move(gpus);
}

}  // namespace hawk::monitor
