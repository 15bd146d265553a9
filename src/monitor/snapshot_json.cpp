#include "monitor/snapshot_json.h"

#include "core/enum_names.h"

namespace hawk::monitor {
namespace {

using nlohmann::json;

template <typename T>
json Opt(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json CpuToJson(const CpuStat& cpu) {
  json out{{"logical_cpus", cpu.logical_cpus},
           {"seconds_total", CpuTimesToJson(cpu.total)},
           {"context_switches_total", Opt(cpu.context_switches_total)},
           {"forks_total", Opt(cpu.forks_total)},
           {"procs_running", Opt(cpu.procs_running)},
           {"procs_blocked", Opt(cpu.procs_blocked)},
           {"boot_time_seconds", Opt(cpu.boot_time_seconds)}};
  if (!cpu.per_cpu.empty()) {
    json cores = json::array();
    for (const auto& core : cpu.per_cpu) {
      cores.push_back({{"cpu", core.cpu}, {"seconds_total", CpuTimesToJson(core.times)}});
    }
    out["per_cpu"] = std::move(cores);
  }
  return out;
}

json MemoryToJson(const MemoryStat& m) {
  return {{"total_bytes", m.total_bytes},
          {"free_bytes", Opt(m.free_bytes)},
          {"available_bytes", Opt(m.available_bytes)},
          {"buffers_bytes", Opt(m.buffers_bytes)},
          {"cached_bytes", Opt(m.cached_bytes)},
          {"sreclaimable_bytes", Opt(m.sreclaimable_bytes)},
          {"shmem_bytes", Opt(m.shmem_bytes)},
          {"used_bytes", Opt(m.UsedBytes())},
          {"used_ratio", Opt(m.UsedRatio())},
          {"swap_total_bytes", Opt(m.swap_total_bytes)},
          {"swap_free_bytes", Opt(m.swap_free_bytes)},
          {"swap_used_bytes", Opt(m.SwapUsedBytes())}};
}

json DiskToJson(const DiskCounters& d) {
  return {{"name", d.name},
          {"major", d.major},
          {"minor", d.minor},
          {"reads_completed_total", d.reads_completed_total},
          {"reads_merged_total", d.reads_merged_total},
          {"read_bytes_total", d.read_bytes_total},
          {"read_time_seconds_total", d.read_time_seconds_total},
          {"writes_completed_total", d.writes_completed_total},
          {"writes_merged_total", d.writes_merged_total},
          {"written_bytes_total", d.written_bytes_total},
          {"write_time_seconds_total", d.write_time_seconds_total},
          {"io_now", d.io_now},
          {"io_time_seconds_total", d.io_time_seconds_total},
          {"io_time_weighted_seconds_total", d.io_time_weighted_seconds_total},
          {"discards_completed_total", Opt(d.discards_completed_total)},
          {"discards_merged_total", Opt(d.discards_merged_total)},
          {"discarded_bytes_total", Opt(d.discarded_bytes_total)},
          {"discard_time_seconds_total", Opt(d.discard_time_seconds_total)},
          {"flushes_total", Opt(d.flushes_total)},
          {"flush_time_seconds_total", Opt(d.flush_time_seconds_total)}};
}

json NetToJson(const NetCounters& n) {
  return {{"interface", n.interface},
          {"receive_bytes_total", n.receive_bytes_total},
          {"receive_packets_total", n.receive_packets_total},
          {"receive_errors_total", n.receive_errors_total},
          {"receive_drop_total", n.receive_drop_total},
          {"transmit_bytes_total", n.transmit_bytes_total},
          {"transmit_packets_total", n.transmit_packets_total},
          {"transmit_errors_total", n.transmit_errors_total},
          {"transmit_drop_total", n.transmit_drop_total}};
}

json GpuToJson(const GpuSample& g) {
  return {{"id", g.id},
          {"vendor", std::string(ToString(g.vendor))},
          {"source", g.source},
          {"name", Opt(g.name)},
          {"pci_bus_id", Opt(g.pci_bus_id)},
          {"uuid", Opt(g.uuid)},
          {"utilization_ratio", Opt(g.utilization_ratio)},
          {"memory_utilization_ratio", Opt(g.memory_utilization_ratio)},
          {"memory_used_bytes", Opt(g.memory_used_bytes)},
          {"memory_total_bytes", Opt(g.memory_total_bytes)},
          {"temperature_celsius", Opt(g.temperature_celsius)},
          {"slowdown_celsius", Opt(g.slowdown_celsius)},
          {"shutdown_celsius", Opt(g.shutdown_celsius)},
          {"power_watts", Opt(g.power_watts)},
          {"power_limit_watts", Opt(g.power_limit_watts)},
          {"clock_graphics_mhz", Opt(g.clock_graphics_mhz)},
          {"clock_graphics_max_mhz", Opt(g.clock_graphics_max_mhz)},
          {"clock_memory_mhz", Opt(g.clock_memory_mhz)},
          {"clock_event_reasons", Opt(g.clock_event_reasons)},
          {"energy_joules_total", Opt(g.energy_joules_total)}};
}

json ZoneToJson(const ThermalZone& z) {
  json trips = json::array();
  for (const auto& t : z.trip_points) {
    trips.push_back({{"index", t.index},
                     {"type", t.type},
                     {"temperature_celsius", Opt(t.temperature_celsius)},
                     {"hysteresis_celsius", Opt(t.hysteresis_celsius)}});
  }
  return {{"id", z.id},
          {"type", Opt(z.type)},
          {"temperature_celsius", Opt(z.temperature_celsius)},
          {"mode", Opt(z.mode)},
          {"policy", Opt(z.policy)},
          {"trip_points", std::move(trips)}};
}

template <typename T, typename F>
json ListOrNull(const std::optional<std::vector<T>>& items, F&& convert) {
  if (!items) return nullptr;
  json out = json::array();
  for (const auto& item : *items) out.push_back(convert(item));
  return out;
}

}  // namespace

json CpuTimesToJson(const CpuTimes& t) {
  return {{"user", t.user_seconds},
          {"nice", t.nice_seconds},
          {"system", t.system_seconds},
          {"idle", t.idle_seconds},
          {"iowait", Opt(t.iowait_seconds)},
          {"irq", Opt(t.irq_seconds)},
          {"softirq", Opt(t.softirq_seconds)},
          {"steal", Opt(t.steal_seconds)},
          {"guest", Opt(t.guest_seconds)},
          {"guest_nice", Opt(t.guest_nice_seconds)}};
}

json SnapshotToJson(const HostSnapshot& s) {
  const CollectPlan& p = s.plan;
  json out{{"ts", FormatIso8601(s.ts)},
           {"ts_unix_ms", ToUnixMillis(s.ts)},
           {"level", std::string(ToString(s.level))}};
  if (p.cpu) out["cpu"] = s.cpu ? CpuToJson(*s.cpu) : json(nullptr);
  if (p.memory) out["memory"] = s.memory ? MemoryToJson(*s.memory) : json(nullptr);
  if (p.load) {
    out["load"] = s.load ? json{{"load1", s.load->load1},
                                {"load5", s.load->load5},
                                {"load15", s.load->load15},
                                {"runnable", Opt(s.load->runnable)},
                                {"scheduling_entities", Opt(s.load->scheduling_entities)}}
                         : json(nullptr);
  }
  if (p.disks) out["disks"] = ListOrNull(s.disks, DiskToJson);
  if (p.network) out["network"] = ListOrNull(s.network, NetToJson);
  if (p.gpus) out["gpus"] = ListOrNull(s.gpus, GpuToJson);
  if (p.temperatures) {
    out["temperatures"] = ListOrNull(s.temperatures, [](const TemperatureSensor& t) {
      return json{{"id", t.id},
                  {"chip", t.chip},
                  {"label", Opt(t.label)},
                  {"temperature_celsius", Opt(t.temperature_celsius)},
                  {"max_celsius", Opt(t.max_celsius)},
                  {"crit_celsius", Opt(t.crit_celsius)}};
    });
    out["thermal_zones"] = ListOrNull(s.thermal_zones, ZoneToJson);
  }
  if (p.cooling_devices) {
    out["cooling_devices"] = ListOrNull(s.cooling_devices, [](const CoolingDevice& c) {
      return json{{"id", c.id},
                  {"type", Opt(c.type)},
                  {"cur_state", Opt(c.cur_state)},
                  {"max_state", Opt(c.max_state)}};
    });
  }
  if (p.cpu_throttle) {
    if (s.cpu_throttle) {
      json packages = json::array();
      for (const auto& pkg : s.cpu_throttle->packages) {
        packages.push_back({{"package", pkg.package}, {"throttles_total", pkg.throttles_total}});
      }
      json cores = json::array();
      for (const auto& c : s.cpu_throttle->cores) {
        cores.push_back(
            {{"package", c.package}, {"core", c.core}, {"throttles_total", c.throttles_total}});
      }
      out["cpu_throttle"] = {{"packages", std::move(packages)}, {"cores", std::move(cores)}};
    } else {
      out["cpu_throttle"] = nullptr;
    }
  }
  if (p.cpu_frequency) {
    out["cpu_frequencies"] = ListOrNull(s.cpu_frequencies, [](const CpuFrequency& f) {
      return json{{"cpu", f.cpu},
                  {"package", Opt(f.package)},
                  {"current_mhz", Opt(f.current_mhz)},
                  {"max_mhz", Opt(f.max_mhz)}};
    });
  }
  if (p.energy) {
    out["energy"] = ListOrNull(s.energy, [](const EnergyCounter& e) {
      return json{{"id", e.id},
                  {"name", Opt(e.name)},
                  {"top_level", e.top_level},
                  {"energy_microjoules_total", Opt(e.energy_microjoules_total)},
                  {"max_energy_range_microjoules", Opt(e.max_energy_range_microjoules)}};
    });
  }
  if (p.process_count) out["process_count"] = Opt(s.process_count);
  json missing = json::array();
  for (const auto& m : s.missing) missing.push_back({{"part", m.part}, {"reason", m.reason}});
  out["missing"] = std::move(missing);
  return out;
}

json RatesToJson(const HostRates& r) {
  json out{{"interval_seconds", r.interval_seconds}};
  if (r.cpu) {
    json cores = json::array();
    for (const auto& [cpu, ratio] : r.cpu->per_cpu_utilization_ratio) {
      cores.push_back({{"cpu", cpu}, {"utilization_ratio", ratio}});
    }
    out["cpu"] = {{"utilization_ratio", r.cpu->utilization_ratio},
                  {"iowait_ratio", Opt(r.cpu->iowait_ratio)},
                  {"steal_ratio", Opt(r.cpu->steal_ratio)},
                  {"per_cpu", std::move(cores)}};
  } else {
    out["cpu"] = nullptr;
  }
  out["context_switches_per_second"] = Opt(r.context_switches_per_second);
  json disks = json::array();
  for (const auto& d : r.disks) {
    disks.push_back({{"name", d.name},
                     {"read_bytes_per_second", d.read_bytes_per_second},
                     {"written_bytes_per_second", d.written_bytes_per_second},
                     {"reads_per_second", d.reads_per_second},
                     {"writes_per_second", d.writes_per_second},
                     {"busy_ratio", d.busy_ratio}});
  }
  out["disks"] = std::move(disks);
  json net = json::array();
  for (const auto& n : r.network) {
    net.push_back({{"interface", n.interface},
                   {"receive_bytes_per_second", n.receive_bytes_per_second},
                   {"transmit_bytes_per_second", n.transmit_bytes_per_second},
                   {"receive_packets_per_second", n.receive_packets_per_second},
                   {"transmit_packets_per_second", n.transmit_packets_per_second}});
  }
  out["network"] = std::move(net);
  json power = json::array();
  for (const auto& pw : r.power) {
    power.push_back({{"id", pw.id},
                     {"name", Opt(pw.name)},
                     {"top_level", pw.top_level},
                     {"power_watts", pw.power_watts}});
  }
  out["power"] = std::move(power);
  if (r.throttle_events) {
    std::uint64_t packages = 0;
    std::uint64_t cores = 0;
    for (const auto& p : r.throttle_events->packages) packages += p.throttles_total;
    for (const auto& c : r.throttle_events->cores) cores += c.throttles_total;
    out["throttle_events"] = {{"package", packages}, {"core", cores}};
  }
  return out;
}

}  // namespace hawk::monitor
