#include "monitor/rates.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace hawk::monitor {
namespace {

double Clamp01(double value) {
  return std::clamp(value, 0.0, 1.0);
}

std::optional<CpuRates> CpuRatesBetween(const CpuStat& a, const CpuStat& b) {
  const double total = b.total.TotalSeconds() - a.total.TotalSeconds();
  if (total <= 0) return std::nullopt;
  CpuRates rates;
  rates.utilization_ratio = Clamp01((b.total.BusySeconds() - a.total.BusySeconds()) / total);
  if (a.total.iowait_seconds && b.total.iowait_seconds) {
    rates.iowait_ratio = Clamp01((*b.total.iowait_seconds - *a.total.iowait_seconds) / total);
  }
  if (a.total.steal_seconds && b.total.steal_seconds) {
    rates.steal_ratio = Clamp01((*b.total.steal_seconds - *a.total.steal_seconds) / total);
  }
  std::map<int, const CpuTimes*> before;
  for (const auto& core : a.per_cpu) before[core.cpu] = &core.times;
  for (const auto& core : b.per_cpu) {
    const auto it = before.find(core.cpu);
    if (it == before.end()) continue;
    const double core_total = core.times.TotalSeconds() - it->second->TotalSeconds();
    if (core_total <= 0) continue;
    rates.per_cpu_utilization_ratio.emplace_back(
        core.cpu, Clamp01((core.times.BusySeconds() - it->second->BusySeconds()) / core_total));
  }
  return rates;
}

template <typename T>
bool Grew(T before, T after) {
  return after >= before;
}

}  // namespace

std::optional<std::uint64_t> CounterDelta(std::uint64_t previous, std::uint64_t current,
                                          std::optional<std::uint64_t> max_range) {
  if (current >= previous) return current - previous;
  if (!max_range || previous > *max_range) return std::nullopt;
  return (*max_range - previous) + current;
}

std::optional<HostRates> ComputeRates(const HostSnapshot& previous, const HostSnapshot& current) {
  const auto elapsed = current.ts - previous.ts;
  if (elapsed.count() <= 0) return std::nullopt;
  HostRates rates;
  const double dt = std::chrono::duration<double>(elapsed).count();
  rates.interval_seconds = dt;
  if (previous.cpu && current.cpu) {
    rates.cpu = CpuRatesBetween(*previous.cpu, *current.cpu);
    const auto& a = previous.cpu->context_switches_total;
    const auto& b = current.cpu->context_switches_total;
    if (a && b && *b >= *a) rates.context_switches_per_second = static_cast<double>(*b - *a) / dt;
  }
  if (previous.disks && current.disks) {
    std::map<std::string, const DiskCounters*> before;
    for (const auto& d : *previous.disks) before[d.name] = &d;
    for (const auto& d : *current.disks) {
      const auto it = before.find(d.name);
      if (it == before.end()) continue;
      const DiskCounters& p = *it->second;
      if (!Grew(p.read_bytes_total, d.read_bytes_total) ||
          !Grew(p.written_bytes_total, d.written_bytes_total) ||
          !Grew(p.reads_completed_total, d.reads_completed_total) ||
          !Grew(p.writes_completed_total, d.writes_completed_total) ||
          !Grew(p.io_time_seconds_total, d.io_time_seconds_total)) {
        continue;
      }
      DiskRates r;
      r.name = d.name;
      r.read_bytes_per_second = static_cast<double>(d.read_bytes_total - p.read_bytes_total) / dt;
      r.written_bytes_per_second =
          static_cast<double>(d.written_bytes_total - p.written_bytes_total) / dt;
      r.reads_per_second =
          static_cast<double>(d.reads_completed_total - p.reads_completed_total) / dt;
      r.writes_per_second =
          static_cast<double>(d.writes_completed_total - p.writes_completed_total) / dt;
      r.busy_ratio = Clamp01((d.io_time_seconds_total - p.io_time_seconds_total) / dt);
      rates.disks.push_back(std::move(r));
    }
  }
  if (previous.network && current.network) {
    std::map<std::string, const NetCounters*> before;
    for (const auto& n : *previous.network) before[n.interface] = &n;
    for (const auto& n : *current.network) {
      const auto it = before.find(n.interface);
      if (it == before.end()) continue;
      const NetCounters& p = *it->second;
      if (!Grew(p.receive_bytes_total, n.receive_bytes_total) ||
          !Grew(p.transmit_bytes_total, n.transmit_bytes_total) ||
          !Grew(p.receive_packets_total, n.receive_packets_total) ||
          !Grew(p.transmit_packets_total, n.transmit_packets_total)) {
        continue;
      }
      NetRates r;
      r.interface = n.interface;
      r.receive_bytes_per_second =
          static_cast<double>(n.receive_bytes_total - p.receive_bytes_total) / dt;
      r.transmit_bytes_per_second =
          static_cast<double>(n.transmit_bytes_total - p.transmit_bytes_total) / dt;
      r.receive_packets_per_second =
          static_cast<double>(n.receive_packets_total - p.receive_packets_total) / dt;
      r.transmit_packets_per_second =
          static_cast<double>(n.transmit_packets_total - p.transmit_packets_total) / dt;
      rates.network.push_back(std::move(r));
    }
  }
  if (previous.energy && current.energy) {
    std::map<std::string, const EnergyCounter*> before;
    for (const auto& e : *previous.energy) before[e.id] = &e;
    for (const auto& e : *current.energy) {
      const auto it = before.find(e.id);
      if (it == before.end() || !e.energy_microjoules_total ||
          !it->second->energy_microjoules_total) {
        continue;
      }
      const auto delta = CounterDelta(*it->second->energy_microjoules_total,
                                      *e.energy_microjoules_total, e.max_energy_range_microjoules);
      if (!delta) continue;
      rates.power.push_back({e.id, e.name, e.top_level, static_cast<double>(*delta) / 1e6 / dt});
    }
  }
  if (previous.cpu_throttle && current.cpu_throttle) {
    CpuThrottle events;
    for (const auto& pkg : current.cpu_throttle->packages) {
      for (const auto& old : previous.cpu_throttle->packages) {
        if (old.package == pkg.package && pkg.throttles_total >= old.throttles_total) {
          events.packages.push_back({pkg.package, pkg.throttles_total - old.throttles_total});
        }
      }
    }
    for (const auto& core : current.cpu_throttle->cores) {
      for (const auto& old : previous.cpu_throttle->cores) {
        if (old.package == core.package && old.core == core.core &&
            core.throttles_total >= old.throttles_total) {
          events.cores.push_back(
              {core.package, core.core, core.throttles_total - old.throttles_total});
        }
      }
    }
    rates.throttle_events = std::move(events);
  }
  return rates;
}

}  // namespace hawk::monitor
