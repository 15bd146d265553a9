// Readers of /sys (paths relative to the sys root). Each part has two steps:
// Discover* walks the folders once (following hwmonN -> ../../devices/...
// links inside the root), reads what does not change (labels, limits, trip
// points, topology) and remembers where the changing values live; Read*
// then reads only those files, which keeps a sample cheap. A catalog is
// nullopt when its class folder does not exist on the machine (a normal
// state, reported once); a file that fails later gives a missing value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "monitor/file_reader.h"
#include "monitor/host_snapshot.h"

namespace hawk::monitor {

// --- temperatures: /sys/class/hwmon/hwmon*/temp*_input ---------------------
struct HwmonSensorPath {
  TemperatureSensor sensor;  // id, chip, label, max, crit; no temperature
  std::string input_path;
};
std::optional<std::vector<HwmonSensorPath>> DiscoverHwmon(FileReader& reader);
std::vector<TemperatureSensor> ReadHwmon(FileReader& reader,
                                         const std::vector<HwmonSensorPath>& catalog);

// --- /sys/class/thermal: zones with trip points, cooling devices ------------
struct ThermalZonePath {
  ThermalZone zone;  // all but the temperature
  std::string temp_path;
};
std::optional<std::vector<ThermalZonePath>> DiscoverThermalZones(FileReader& reader);
std::vector<ThermalZone> ReadThermalZones(FileReader& reader,
                                          const std::vector<ThermalZonePath>& catalog);

struct CoolingDevicePath {
  CoolingDevice device;  // id, type, max_state
  std::string dir;
};
std::optional<std::vector<CoolingDevicePath>> DiscoverCoolingDevices(FileReader& reader);
std::vector<CoolingDevice> ReadCoolingDevices(FileReader& reader,
                                              const std::vector<CoolingDevicePath>& catalog);

// --- CPUs: thermal_throttle counters and cpufreq ----------------------------
struct ThrottleCounterPath {
  int package = 0;
  std::optional<int> core;  // empty: the package counter
  std::string path;
};
// One counter per physical package and one per (package, core): CPUs that
// share them (hyperthreads, cores of a package) are read once.
std::optional<std::vector<ThrottleCounterPath>> DiscoverCpuThrottle(FileReader& reader);
CpuThrottle ReadCpuThrottle(FileReader& reader, const std::vector<ThrottleCounterPath>& catalog);

struct CpuFrequencyPath {
  CpuFrequency frequency;  // cpu, package, max
  std::string current_path;
};
std::optional<std::vector<CpuFrequencyPath>> DiscoverCpuFrequencies(FileReader& reader);
std::vector<CpuFrequency> ReadCpuFrequencies(FileReader& reader,
                                             const std::vector<CpuFrequencyPath>& catalog);

// --- energy: /sys/class/powercap zones (RAPL) -------------------------------
struct EnergyCounterPath {
  EnergyCounter counter;  // id, name, top_level, max range
  std::string energy_path;
};
std::optional<std::vector<EnergyCounterPath>> DiscoverPowercap(FileReader& reader);
std::vector<EnergyCounter> ReadPowercap(FileReader& reader,
                                        const std::vector<EnergyCounterPath>& catalog);

// --- GPUs that sysfs describes: AMD (amdgpu) and Intel (i915, xe) -----------
struct DrmGpuPath {
  GpuSample gpu;           // id, vendor, source, name, pci_bus_id, limits
  std::string device_dir;  // class/drm/cardN/device, resolved
  std::string card_dir;    // class/drm/cardN, resolved
  std::optional<std::string> hwmon_dir;
};
// NVIDIA cards are left to NVML. Ids are "gpu<first_index + k>".
std::optional<std::vector<DrmGpuPath>> DiscoverDrmGpus(FileReader& reader, int first_index);
std::vector<GpuSample> ReadDrmGpus(FileReader& reader, const std::vector<DrmGpuPath>& catalog);

// "0: 852Mhz *\n1: 991Mhz\n" (amdgpu pp_dpm_*): the starred level, in MHz.
std::optional<double> ParseCurrentDpmLevelMhz(std::string_view text);

}  // namespace hawk::monitor
