// What one sample of a machine holds: plain structs, values exactly as the
// kernel files (or NVML) gave them, units in the names. Counters are the
// kernel's cumulative totals (`_total`); rates come from two snapshots
// (monitor/rates.h). A value the source did not give, or gave malformed, is
// std::nullopt — never 0 — and a whole part that could not be read is absent
// with its reason in `missing`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/taxonomy.h"
#include "core/units.h"
#include "monitor/levels.h"

namespace hawk::monitor {

// CPU time by mode, in seconds (the /proc/stat ticks divided by USER_HZ).
// Fields that older kernels lack are optional. `guest` and `guest_nice` are
// already counted in `user` and `nice`, as the kernel does.
struct CpuTimes {
  double user_seconds = 0;
  double nice_seconds = 0;
  double system_seconds = 0;
  double idle_seconds = 0;
  std::optional<double> iowait_seconds;
  std::optional<double> irq_seconds;
  std::optional<double> softirq_seconds;
  std::optional<double> steal_seconds;
  std::optional<double> guest_seconds;
  std::optional<double> guest_nice_seconds;

  // Time spent doing work: user + nice + system + irq + softirq + steal.
  [[nodiscard]] double BusySeconds() const;
  // Busy + idle + iowait.
  [[nodiscard]] double TotalSeconds() const;
};

struct CoreTimes {
  int cpu = 0;  // the N of "cpuN"
  CpuTimes times;
};

struct CpuStat {
  CpuTimes total;
  std::size_t logical_cpus = 0;    // cpuN lines
  std::vector<CoreTimes> per_cpu;  // filled when the plan asks for it
  std::optional<std::uint64_t> context_switches_total;
  std::optional<std::uint64_t> forks_total;
  std::optional<std::uint64_t> procs_running;
  std::optional<std::uint64_t> procs_blocked;
  std::optional<std::uint64_t> boot_time_seconds;  // since the epoch
};

// /proc/meminfo, in bytes.
struct MemoryStat {
  Bytes total_bytes = 0;
  std::optional<Bytes> free_bytes;
  std::optional<Bytes> available_bytes;  // MemAvailable (kernel 3.14+)
  std::optional<Bytes> buffers_bytes;
  std::optional<Bytes> cached_bytes;
  std::optional<Bytes> sreclaimable_bytes;
  std::optional<Bytes> shmem_bytes;
  std::optional<Bytes> swap_total_bytes;
  std::optional<Bytes> swap_free_bytes;

  // total - available when the kernel gives MemAvailable, else
  // total - free - buffers - cached - SReclaimable (procps' older rule).
  [[nodiscard]] std::optional<Bytes> UsedBytes() const;
  [[nodiscard]] std::optional<double> UsedRatio() const;
  [[nodiscard]] std::optional<Bytes> SwapUsedBytes() const;
};

// /proc/loadavg.
struct LoadAverage {
  double load1 = 0;
  double load5 = 0;
  double load15 = 0;
  std::optional<std::uint64_t> runnable;             // "1/719": 1
  std::optional<std::uint64_t> scheduling_entities;  // 719
};

// One line of /proc/diskstats (sectors are 512 bytes, times in seconds).
struct DiskCounters {
  std::string name;  // "sda", "nvme0n1"
  std::uint32_t major = 0;
  std::uint32_t minor = 0;
  std::uint64_t reads_completed_total = 0;
  std::uint64_t reads_merged_total = 0;
  std::uint64_t read_bytes_total = 0;
  double read_time_seconds_total = 0;
  std::uint64_t writes_completed_total = 0;
  std::uint64_t writes_merged_total = 0;
  std::uint64_t written_bytes_total = 0;
  double write_time_seconds_total = 0;
  std::uint64_t io_now = 0;          // requests in flight
  double io_time_seconds_total = 0;  // time the device was busy
  double io_time_weighted_seconds_total = 0;
  std::optional<std::uint64_t> discards_completed_total;  // kernel 4.18+
  std::optional<std::uint64_t> discards_merged_total;
  std::optional<std::uint64_t> discarded_bytes_total;
  std::optional<double> discard_time_seconds_total;
  std::optional<std::uint64_t> flushes_total;  // kernel 5.5+
  std::optional<double> flush_time_seconds_total;
};

// One interface of /proc/net/dev.
struct NetCounters {
  std::string interface;
  std::uint64_t receive_bytes_total = 0;
  std::uint64_t receive_packets_total = 0;
  std::uint64_t receive_errors_total = 0;
  std::uint64_t receive_drop_total = 0;
  std::uint64_t transmit_bytes_total = 0;
  std::uint64_t transmit_packets_total = 0;
  std::uint64_t transmit_errors_total = 0;
  std::uint64_t transmit_drop_total = 0;
};

// One temp*_input of /sys/class/hwmon.
struct TemperatureSensor {
  std::string id;                    // "hwmon0/temp1"
  std::string chip;                  // the hwmon's name ("coretemp"), or its folder name
  std::optional<std::string> label;  // "Package id 0", "Core 1"
  std::optional<double> temperature_celsius;
  std::optional<double> max_celsius;   // temp*_max: where the device slows down
  std::optional<double> crit_celsius;  // temp*_crit
};

struct TripPoint {
  int index = 0;
  std::string type;  // "active", "passive", "hot", "critical"
  std::optional<double> temperature_celsius;
  std::optional<double> hysteresis_celsius;
};

// /sys/class/thermal/thermal_zoneN.
struct ThermalZone {
  std::string id;  // "thermal_zone0"
  std::optional<std::string> type;
  std::optional<double> temperature_celsius;
  std::optional<std::string> mode;
  std::optional<std::string> policy;
  std::vector<TripPoint> trip_points;
};

// /sys/class/thermal/cooling_deviceN.
struct CoolingDevice {
  std::string id;
  std::optional<std::string> type;
  std::optional<std::uint64_t> cur_state;
  std::optional<std::uint64_t> max_state;
};

// Thermal throttle events of Intel CPUs, counted once per physical package
// and once per core (hyperthread siblings share a core's counter).
struct PackageThrottle {
  int package = 0;
  std::uint64_t throttles_total = 0;
};
struct CoreThrottle {
  int package = 0;
  int core = 0;
  std::uint64_t throttles_total = 0;
};
struct CpuThrottle {
  std::vector<PackageThrottle> packages;
  std::vector<CoreThrottle> cores;
};

// cpufreq of one logical CPU, in MHz.
struct CpuFrequency {
  int cpu = 0;
  std::optional<int> package;
  std::optional<double> current_mhz;
  std::optional<double> max_mhz;  // cpuinfo_max_freq, else scaling_max_freq
};

// A powercap (RAPL) zone: a cumulative energy counter that wraps at
// max_energy_range.
struct EnergyCounter {
  std::string id;                   // "intel-rapl:0", "intel-rapl:0:0"
  std::optional<std::string> name;  // "package-0", "core", "dram"
  bool top_level = true;            // a package, not one of its parts
  std::optional<std::uint64_t> energy_microjoules_total;
  std::optional<std::uint64_t> max_energy_range_microjoules;
};

// One GPU, from NVML (NVIDIA) or from sysfs (AMD amdgpu, Intel i915/xe).
struct GpuSample {
  std::string id;  // "gpu0"
  Vendor vendor = Vendor::kOther;
  std::string source;  // "nvml", "amdgpu", "i915", "xe"
  std::optional<std::string> name;
  std::optional<std::string> pci_bus_id;
  std::optional<std::string> uuid;
  std::optional<double> utilization_ratio;         // 0..1
  std::optional<double> memory_utilization_ratio;  // memory controller busy, 0..1
  std::optional<Bytes> memory_used_bytes;
  std::optional<Bytes> memory_total_bytes;
  std::optional<double> temperature_celsius;
  std::optional<double> slowdown_celsius;  // where the GPU starts to slow itself
  std::optional<double> shutdown_celsius;  // critical point
  std::optional<double> power_watts;
  std::optional<double> power_limit_watts;
  std::optional<double> clock_graphics_mhz;
  std::optional<double> clock_graphics_max_mhz;
  std::optional<double> clock_memory_mhz;
  // NVML clock-event reasons (nvmlClocksEventReason* bits), as given.
  std::optional<std::uint64_t> clock_event_reasons;
  std::optional<double> energy_joules_total;  // cumulative, when the GPU counts it
};

// A part of a sample that could not be read, and why.
struct MissingPart {
  std::string part;    // "temperatures", "network", "gpus", ...
  std::string reason;  // "no /sys/class/hwmon and no thermal zones"
};

struct HostSnapshot {
  TimePoint ts{};
  MonitoringLevel level = MonitoringLevel::kStandard;
  CollectPlan plan;
  std::optional<CpuStat> cpu;
  std::optional<MemoryStat> memory;
  std::optional<LoadAverage> load;
  std::optional<std::vector<DiskCounters>> disks;
  std::optional<std::vector<NetCounters>> network;
  std::optional<std::vector<GpuSample>> gpus;
  std::optional<std::vector<TemperatureSensor>> temperatures;
  std::optional<std::vector<ThermalZone>> thermal_zones;
  std::optional<std::vector<CoolingDevice>> cooling_devices;
  std::optional<CpuThrottle> cpu_throttle;
  std::optional<std::vector<CpuFrequency>> cpu_frequencies;
  std::optional<std::vector<EnergyCounter>> energy;
  std::optional<std::uint64_t> process_count;
  std::vector<MissingPart> missing;
};

}  // namespace hawk::monitor
