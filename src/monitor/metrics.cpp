#include "monitor/metrics.h"

namespace hawk::monitor {
namespace {

class Rows {
 public:
  explicit Rows(std::vector<MetricValue>& out) : out_(out) {}
  void Add(const std::optional<std::string>& device, const char* metric, double value) {
    out_.push_back({device, metric, value});
  }
  template <typename T>
  void Add(const std::optional<std::string>& device, const char* metric,
           const std::optional<T>& value) {
    if (value) Add(device, metric, static_cast<double>(*value));
  }

 private:
  std::vector<MetricValue>& out_;
};

}  // namespace

std::vector<MetricValue> FlattenMetrics(const HostSnapshot& s, const HostRates* rates) {
  std::vector<MetricValue> out;
  Rows rows(out);
  const std::optional<std::string> host;
  if (rates != nullptr && rates->cpu) {
    rows.Add(host, "cpu_utilization_ratio", rates->cpu->utilization_ratio);
    rows.Add(host, "cpu_iowait_ratio", rates->cpu->iowait_ratio);
    rows.Add(host, "cpu_steal_ratio", rates->cpu->steal_ratio);
    for (const auto& [cpu, ratio] : rates->cpu->per_cpu_utilization_ratio) {
      rows.Add("cpu:" + std::to_string(cpu), "cpu_utilization_ratio", ratio);
    }
  }
  if (rates != nullptr) {
    rows.Add(host, "context_switches_per_second", rates->context_switches_per_second);
  }
  if (s.memory) {
    rows.Add(host, "memory_total_bytes", static_cast<double>(s.memory->total_bytes));
    rows.Add(host, "memory_used_bytes", s.memory->UsedBytes());
    rows.Add(host, "memory_utilization_ratio", s.memory->UsedRatio());
    rows.Add(host, "memory_available_bytes", s.memory->available_bytes);
    rows.Add(host, "swap_used_bytes", s.memory->SwapUsedBytes());
  }
  if (s.load) {
    rows.Add(host, "load_average_1m", s.load->load1);
    rows.Add(host, "load_average_5m", s.load->load5);
    rows.Add(host, "load_average_15m", s.load->load15);
  }
  rows.Add(host, "process_count", s.process_count);
  if (rates != nullptr) {
    for (const auto& d : rates->disks) {
      const std::string id = "disk:" + d.name;
      rows.Add(id, "disk_read_bytes_per_second", d.read_bytes_per_second);
      rows.Add(id, "disk_written_bytes_per_second", d.written_bytes_per_second);
      rows.Add(id, "disk_reads_per_second", d.reads_per_second);
      rows.Add(id, "disk_writes_per_second", d.writes_per_second);
      rows.Add(id, "disk_busy_ratio", d.busy_ratio);
    }
    for (const auto& n : rates->network) {
      const std::string id = "net:" + n.interface;
      rows.Add(id, "network_receive_bytes_per_second", n.receive_bytes_per_second);
      rows.Add(id, "network_transmit_bytes_per_second", n.transmit_bytes_per_second);
    }
    for (const auto& p : rates->power) rows.Add("rapl:" + p.id, "power_watts", p.power_watts);
    if (rates->throttle_events) {
      double events = 0;
      for (const auto& p : rates->throttle_events->packages) {
        events += static_cast<double>(p.throttles_total);
      }
      rows.Add(host, "cpu_package_throttle_events", events);
    }
  }
  if (s.gpus) {
    for (const auto& g : *s.gpus) {
      rows.Add(g.id, "gpu_utilization_ratio", g.utilization_ratio);
      rows.Add(g.id, "gpu_memory_used_bytes", g.memory_used_bytes);
      rows.Add(g.id, "gpu_memory_total_bytes", g.memory_total_bytes);
      if (g.memory_used_bytes && g.memory_total_bytes && *g.memory_total_bytes > 0) {
        rows.Add(
            g.id, "gpu_memory_utilization_ratio",
            static_cast<double>(*g.memory_used_bytes) / static_cast<double>(*g.memory_total_bytes));
      }
      rows.Add(g.id, "temperature_celsius", g.temperature_celsius);
      rows.Add(g.id, "power_watts", g.power_watts);
      rows.Add(g.id, "clock_graphics_mhz", g.clock_graphics_mhz);
      rows.Add(g.id, "clock_memory_mhz", g.clock_memory_mhz);
    }
  }
  if (s.temperatures) {
    for (const auto& t : *s.temperatures) {
      rows.Add("sensor:" + t.id, "temperature_celsius", t.temperature_celsius);
    }
  }
  if (s.thermal_zones) {
    for (const auto& z : *s.thermal_zones) {
      rows.Add("zone:" + z.id, "temperature_celsius", z.temperature_celsius);
    }
  }
  if (s.cpu_frequencies) {
    for (const auto& f : *s.cpu_frequencies) {
      rows.Add("cpu:" + std::to_string(f.cpu), "cpu_frequency_mhz", f.current_mhz);
    }
  }
  return out;
}

}  // namespace hawk::monitor
