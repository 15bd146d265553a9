// Rates from two snapshots of the same machine: CPU utilization from the
// /proc/stat time deltas, disk bytes/s, IOPS and busy share from diskstats,
// network bytes/s, power from energy counters (with their wrap-around), and
// throttle events. The interval is the difference of the snapshots'
// timestamps, which the caller's Clock gave: nothing here reads the time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "monitor/host_snapshot.h"

namespace hawk::monitor {

struct CpuRates {
  double utilization_ratio = 0;  // busy / (busy + idle + iowait) over the interval
  std::optional<double> iowait_ratio;
  std::optional<double> steal_ratio;
  std::vector<std::pair<int, double>> per_cpu_utilization_ratio;  // (cpu, ratio)
};

struct DiskRates {
  std::string name;
  double read_bytes_per_second = 0;
  double written_bytes_per_second = 0;
  double reads_per_second = 0;   // completed read requests (IOPS)
  double writes_per_second = 0;  // completed write requests (IOPS)
  double busy_ratio = 0;         // share of the interval with I/O in flight, 0..1
};

struct NetRates {
  std::string interface;
  double receive_bytes_per_second = 0;
  double transmit_bytes_per_second = 0;
  double receive_packets_per_second = 0;
  double transmit_packets_per_second = 0;
};

struct PowerRate {
  std::string id;  // the energy counter's id ("intel-rapl:0")
  std::optional<std::string> name;
  bool top_level = true;
  double power_watts = 0;
};

struct HostRates {
  double interval_seconds = 0;
  std::optional<CpuRates> cpu;
  std::vector<DiskRates> disks;
  std::vector<NetRates> network;
  std::vector<PowerRate> power;
  // Throttle events during the interval, per package and per core.
  std::optional<CpuThrottle> throttle_events;
  std::optional<double> context_switches_per_second;
};

// Energy used between two readings of a counter that wraps at `max_range`
// (microjoules). nullopt when it went backwards without a known range.
std::optional<std::uint64_t> CounterDelta(std::uint64_t previous, std::uint64_t current,
                                          std::optional<std::uint64_t> max_range);

// nullopt when `current` is not later than `previous`. A device that appears
// in only one of them, or whose counters went backwards (a reset), has no rate.
std::optional<HostRates> ComputeRates(const HostSnapshot& previous, const HostSnapshot& current);

}  // namespace hawk::monitor
