#include "coord/metrics_text.h"

#include <map>

namespace hawk::coord {
namespace {

// Label values escape backslash, double quote and newline.
std::string Escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

class Writer {
 public:
  void Family(const char* name, const char* type, const char* help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }
  void Sample(const char* name, const std::map<std::string, std::string>& labels, double value) {
    out_ += name;
    if (!labels.empty()) {
      out_ += '{';
      bool first = true;
      for (const auto& [k, v] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += k + "=\"" + Escape(v) + "\"";
      }
      out_ += '}';
    }
    out_ += ' ';
    char buffer[64];
    const int n = std::snprintf(buffer, sizeof buffer, "%.17g", value);
    out_.append(buffer, static_cast<std::size_t>(n));
    out_ += '\n';
  }
  void Single(const char* name, const char* type, const char* help, double value) {
    Family(name, type, help);
    Sample(name, {}, value);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string MetricsText(const Coordinator& c) {
  Writer w;
  const CoordinatorCounters& n = c.counters();
  const engine::Orchestrator& e = c.engine();
  w.Single("hawk_worker_messages_received_total", "counter", "Worker protocol messages received.",
           static_cast<double>(n.messages_received));
  w.Single("hawk_worker_messages_refused_total", "counter",
           "Worker messages answered with an error (malformed, unknown, out of order).",
           static_cast<double>(n.messages_refused));
  w.Single("hawk_stale_results_total", "counter",
           "Results for unknown or already finished attempts, recorded and ignored.",
           static_cast<double>(n.stale_results));
  w.Single("hawk_dispatches_total", "counter", "Attempts dispatched to workers.",
           static_cast<double>(n.dispatches));
  w.Single("hawk_dispatches_ahead_total", "counter",
           "Of those, attempts sent ahead to wait behind one running on their worker.",
           static_cast<double>(n.dispatches_ahead));
  w.Single("hawk_attempts_finished_total", "counter", "Attempts whose end was applied.",
           static_cast<double>(n.attempts_finished));
  w.Single("hawk_events_replayed_total", "counter", "Event log rows replayed at start.",
           static_cast<double>(n.events_replayed));
  w.Single("hawk_store_errors_total", "counter", "Store writes that failed.",
           static_cast<double>(n.store_errors));
  w.Single("hawk_queued_units", "gauge", "Units ready to run and waiting for a device.",
           static_cast<double>(e.queued_units()));
  w.Single("hawk_running_attempts", "gauge", "Attempts running now.",
           static_cast<double>(e.running_attempts()));

  std::map<std::string, double> by_status;
  for (const char* status : {"running", "succeeded", "failed", "cancelled"}) by_status[status] = 0;
  for (const std::string& id : e.WorkloadIds()) {
    if (const engine::WorkloadRun* run = e.FindWorkload(id)) {
      by_status[std::string(ToString(run->status()))] += 1;
    }
  }
  w.Family("hawk_workloads", "gauge", "Workloads by status.");
  for (const auto& [status, count] : by_status)
    w.Sample("hawk_workloads", {{"status", status}}, count);

  const std::vector<engine::WorkerState> workers = e.Workers();
  w.Family("hawk_worker_up", "gauge", "1 while the worker is connected and alive.");
  for (const auto& worker : workers) {
    w.Sample("hawk_worker_up", {{"worker", worker.profile.worker_id}}, worker.connected ? 1 : 0);
  }
  w.Family("hawk_worker_cpu_utilization_ratio", "gauge", "Host CPU in use, 0 to 1.");
  for (const auto& worker : workers) {
    w.Sample("hawk_worker_cpu_utilization_ratio", {{"worker", worker.profile.worker_id}},
             worker.cpu_utilization.ToDouble());
  }
  w.Family("hawk_worker_memory_utilization_ratio", "gauge", "Host memory in use, 0 to 1.");
  for (const auto& worker : workers) {
    w.Sample("hawk_worker_memory_utilization_ratio", {{"worker", worker.profile.worker_id}},
             worker.memory_utilization.ToDouble());
  }
  w.Family("hawk_device_utilization_ratio", "gauge", "Device busy, 0 to 1.");
  for (const auto& worker : workers) {
    for (std::size_t i = 0; i < worker.devices.size() && i < worker.profile.devices.size(); ++i) {
      w.Sample("hawk_device_utilization_ratio",
               {{"worker", worker.profile.worker_id}, {"device", worker.profile.devices[i].id}},
               worker.devices[i].utilization.ToDouble());
    }
  }
  w.Family("hawk_device_temperature_celsius", "gauge",
           "Device temperature, for devices with a sensor.");
  for (const auto& worker : workers) {
    for (std::size_t i = 0; i < worker.devices.size() && i < worker.profile.devices.size(); ++i) {
      if (!worker.devices[i].temperature_celsius) continue;
      w.Sample("hawk_device_temperature_celsius",
               {{"worker", worker.profile.worker_id}, {"device", worker.profile.devices[i].id}},
               *worker.devices[i].temperature_celsius);
    }
  }
  std::map<std::string, std::uint64_t> open_alerts{{"warning", 0}, {"critical", 0}};
  for (const Coordinator::OpenAlert& a : c.OpenAlerts()) open_alerts[a.alert.severity] += 1;
  w.Family("hawk_alerts_open", "gauge", "Threshold alerts open on workers, by severity.");
  for (const auto& [severity, count] : open_alerts) {
    w.Sample("hawk_alerts_open", {{"severity", severity}}, static_cast<double>(count));
  }
  return w.Take();
}

}  // namespace hawk::coord
