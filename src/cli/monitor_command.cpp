// hawk monitor [--once] [--json] [--level L] [--interval D] [--duration D]
//   [--db FILE] [--proc-root DIR] [--sys-root DIR] [--report FILE.html]
//   [--export-json FILE] [--track-pid PID]...
// Samples this machine (or a captured /proc and /sys tree), computes rates,
// raises alerts, tracks thermal state and the given processes, writes the
// samples to DuckDB in one batch per tick, and ends with a report.
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/usage_record.h"
#include "core/units.h"
#include "monitor/alert_engine.h"
#include "monitor/host_sampler.h"
#include "monitor/metrics.h"
#include "monitor/monitor_report.h"
#include "monitor/monitor_summary.h"
#include "monitor/nvml_gpu_source.h"
#include "monitor/rates.h"
#include "monitor/snapshot_json.h"
#include "monitor/task_tracker.h"
#include "monitor/thermal_tracker.h"
#include "store/duckdb_store.h"

namespace hawk::cli {
namespace {

using monitor::MonitoringLevel;

struct MonitorOptions {
  bool once = false;
  bool json = false;
  std::string level = "standard";
  std::string interval;
  std::string duration;
  std::string db;
  std::string proc_root = "/proc";
  std::string sys_root = "/sys";
  std::string report;
  std::string export_json;
  std::string worker_id;
  std::vector<std::uint32_t> track_pids;
  bool no_nvml = false;
};

std::string Hostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

std::string Percent(std::optional<double> ratio) {
  if (!ratio) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f%%", *ratio * 100);
  return buffer;
}

std::string Rate(double bytes_per_second) {
  return FormatBytes(static_cast<Bytes>(bytes_per_second)) + "/s";
}

// One line per tick for people.
std::string HumanLine(const monitor::HostSnapshot& s, const monitor::HostRates* r) {
  std::string line = FormatIso8601(s.ts);
  line += "  cpu " +
          Percent(r != nullptr && r->cpu ? std::optional(r->cpu->utilization_ratio) : std::nullopt);
  if (s.memory) {
    line += "  mem " + Percent(s.memory->UsedRatio());
    if (auto used = s.memory->UsedBytes()) {
      line += " (" + FormatBytes(*used) + "/" + FormatBytes(s.memory->total_bytes) + ")";
    }
  }
  if (s.load) {
    char load[32];
    std::snprintf(load, sizeof(load), "%.2f", s.load->load1);
    line += std::string("  load ") + load;
  }
  if (r != nullptr) {
    for (const auto& d : r->disks) {
      line += "  " + d.name + " r " + Rate(d.read_bytes_per_second) + " w " +
              Rate(d.written_bytes_per_second) + " busy " + Percent(d.busy_ratio);
    }
    for (const auto& n : r->network) {
      if (n.interface == "lo") continue;
      line += "  " + n.interface + " rx " + Rate(n.receive_bytes_per_second) + " tx " +
              Rate(n.transmit_bytes_per_second);
    }
  }
  if (s.gpus) {
    for (const auto& g : *s.gpus) {
      line += "  " + g.id + " " + Percent(g.utilization_ratio);
      if (g.temperature_celsius)
        line += " " + std::to_string(std::lround(*g.temperature_celsius)) + "C";
    }
  }
  return line;
}

// The store's rows for one tick: every metric and every alert transition.
Status WriteTick(Store& store, const std::string& worker, TimePoint ts,
                 const std::vector<monitor::MetricValue>& metrics,
                 const std::vector<monitor::AlertEvent>& events) {
  std::vector<UtilizationSample> rows;
  rows.reserve(metrics.size());
  for (const auto& m : metrics) rows.push_back({ts, worker, m.device_id, m.metric, m.value});
  if (!rows.empty()) {
    if (auto appended = store.AppendUtilization(rows); !appended) return appended;
  }
  for (const auto& e : events) {
    HardwareAlertRecord alert;
    alert.ts = e.ts;
    alert.worker_id = worker;
    alert.device_id = e.device_id;
    alert.resource = e.metric;
    alert.severity = std::string(ToString(e.severity));
    alert.state = e.transition == monitor::AlertTransition::kOpened ? AlertState::kOpened
                                                                    : AlertState::kClosed;
    alert.value = e.value;
    alert.threshold = e.threshold;
    alert.message = e.message;
    if (auto appended = store.AppendAlert(alert); !appended) return appended;
  }
  return store.Flush();
}

// A tracked process as a `task_resource_usage` row; the attempt is named
// after the worker and the pid, as `hawk monitor --track-pid` knows no task.
TaskUsageRecord TaskUsageFromTracker(const std::string& worker, std::uint32_t pid,
                                     const monitor::TaskUsage& u) {
  TaskUsageRecord r = TaskUsageRecordFrom(u);
  r.attempt_id = worker + ":pid:" + std::to_string(pid);
  r.task_id = "pid:" + std::to_string(pid);
  r.worker_id = worker;
  return r;
}

// Waits until `deadline` or a SIGINT/SIGTERM (blocked by the caller).
// Returns false when a signal asked to stop.
bool WaitUntil(std::chrono::steady_clock::time_point deadline, const sigset_t& signals) {
  for (;;) {
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return true;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    timespec timeout{static_cast<time_t>(ns / 1'000'000'000),
                     static_cast<long>(ns % 1'000'000'000)};
    const int sig = ::sigtimedwait(&signals, nullptr, &timeout);
    if (sig == SIGINT || sig == SIGTERM) return false;
  }
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return MakeError(ErrorCode::kIo, "cannot write the file", path);
  out << text;
  out.close();
  if (!out) return MakeError(ErrorCode::kIo, "cannot write the file", path);
  return Ok();
}

int RunMonitor(const MonitorOptions& o) {
  auto level = Parse<MonitoringLevel>(o.level);
  if (!level) return ReportError(level.error());
  Duration interval = monitor::DefaultInterval(*level);
  if (!o.interval.empty()) {
    auto parsed = ParseDuration(o.interval);
    if (!parsed) return ReportError(parsed.error());
    if (parsed->count() <= 0)
      return ReportError(InvalidArgument("--interval must be positive").value());
    interval = *parsed;
  }
  std::optional<Duration> duration;
  if (!o.duration.empty()) {
    auto parsed = ParseDuration(o.duration);
    if (!parsed) return ReportError(parsed.error());
    duration = *parsed;
  }
  const std::string worker = o.worker_id.empty() ? Hostname() : o.worker_id;
  const bool live = o.proc_root == "/proc" && o.sys_root == "/sys";

  std::unique_ptr<Store> store;
  if (!o.db.empty()) {
    auto opened = DuckDbStore::Open(o.db);
    if (!opened) return ReportError(opened.error());
    store = std::move(*opened);
  }

  monitor::ProblemLog problems;
  problems.SetSink([&o](const std::string& message) {
    const bool part = message.starts_with("part:");
    if (part && (o.json || o.once)) return;  // listed under "missing" instead
    std::fprintf(stderr, "hawk: monitor: %s\n", message.c_str() + (part ? 5 : 0));
  });
  std::unique_ptr<monitor::NvmlGpuSource> nvml;
  monitor::HostSamplerOptions sampler_options;
  sampler_options.proc_root = o.proc_root;
  sampler_options.sys_root = o.sys_root;
  sampler_options.level = *level;
  if (live && !o.no_nvml) {
    nvml = monitor::NvmlGpuSource::Create();
    sampler_options.gpu_sources.push_back(nvml.get());
  }
  monitor::HostSampler sampler(sampler_options, &problems);
  monitor::AlertEngine alerts;
  monitor::ThermalTracker thermal;
  monitor::MonitorSummary summary(worker, *level);
  std::vector<std::unique_ptr<monitor::TaskResourceTracker>> tasks;
  for (std::uint32_t pid : o.track_pids) {
    monitor::TaskTrackerOptions t;
    t.proc_root = o.proc_root;
    t.sys_root = o.sys_root;
    t.root_pid = pid;
    t.gpu = nvml.get();
    tasks.push_back(std::make_unique<monitor::TaskResourceTracker>(t, &problems));
  }
  if (!o.json) {
    alerts.OnAlert([](const monitor::AlertEvent& e) {
      std::fprintf(stderr, "hawk: alert %s: %s\n", std::string(ToString(e.transition)).c_str(),
                   e.message.c_str());
    });
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous_mask;
  ::sigprocmask(SIG_BLOCK, &signals, &previous_mask);

  SystemClock clock;
  const auto start = std::chrono::steady_clock::now();
  auto next = start;
  std::optional<monitor::HostSnapshot> previous;
  int exit_code = kExitOk;
  for (;;) {
    const TimePoint now = clock.Now();
    monitor::HostSnapshot snapshot = sampler.Sample(now);
    std::optional<monitor::HostRates> rates;
    if (previous) rates = monitor::ComputeRates(*previous, snapshot);
    const monitor::HostRates* r = rates ? &*rates : nullptr;
    const auto metrics = monitor::FlattenMetrics(snapshot, r);
    const auto events = alerts.Evaluate(now, monitor::ObservationsFrom(snapshot, r));
    for (const auto& reading : monitor::ThermalReadingsFrom(snapshot)) thermal.Update(reading);
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      tasks[i]->Sample(now);
      summary.SetTask("pid " + std::to_string(o.track_pids[i]), tasks[i]->Usage());
    }
    summary.AddSample(now, metrics);
    summary.AddAlerts(events);
    summary.SetThermal(thermal.All());
    summary.SetMissing(snapshot.missing);
    if (store) {
      if (auto written = WriteTick(*store, worker, now, metrics, events); !written) {
        ReportError(written.error());
        exit_code = kExitFailure;
        break;
      }
    }
    if (o.json) {
      nlohmann::json j = monitor::SnapshotToJson(snapshot);
      j["worker_id"] = worker;
      j["rates"] = r != nullptr ? monitor::RatesToJson(*r) : nlohmann::json(nullptr);
      std::printf("%s\n", o.once ? j.dump(2).c_str() : j.dump().c_str());
    } else {
      std::printf("%s\n", HumanLine(snapshot, r).c_str());
      if (o.once) {
        for (const auto& m : snapshot.missing) {
          std::printf("  missing %s: %s\n", m.part.c_str(), m.reason.c_str());
        }
      }
    }
    std::fflush(stdout);
    previous = std::move(snapshot);
    if (o.once) break;
    next += interval;
    if (duration && next - start > *duration) break;
    if (!WaitUntil(next, signals)) break;
  }
  ::sigprocmask(SIG_SETMASK, &previous_mask, nullptr);

  const TimePoint end = clock.Now();
  const auto closed = alerts.CloseAll(end, "monitoring stopped");
  summary.AddAlerts(closed);
  if (store && exit_code == kExitOk) {
    Status written = WriteTick(*store, worker, end, {}, closed);
    for (std::size_t i = 0; written && i < tasks.size(); ++i) {
      written =
          store->UpsertTaskUsage(TaskUsageFromTracker(worker, o.track_pids[i], tasks[i]->Usage()));
    }
    if (written) written = store->Flush();
    if (!written) exit_code = ReportError(written.error());
  }
  if (!o.report.empty()) {
    if (auto w = WriteFile(o.report, monitor::RenderHtmlReport(summary)); !w) {
      exit_code = ReportError(w.error());
    }
  }
  if (!o.export_json.empty()) {
    if (auto w = WriteFile(o.export_json, monitor::ReportToJson(summary).dump(2) + "\n"); !w) {
      exit_code = ReportError(w.error());
    }
  }
  return exit_code;
}

}  // namespace

void AddMonitorCommand(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<MonitorOptions>();
  CLI::App* command = app.add_subcommand(
      "monitor", "Sample this machine's CPU, memory, disks, network, GPUs and temperatures");
  command->add_flag("--once", o->once, "take one sample, print it and stop");
  command->add_flag("--json", o->json,
                    "print JSON (one object per sample; counters are cumulative totals)");
  command->add_option("--level", o->level, "basic, standard, detailed or intensive")
      ->capture_default_str();
  command->add_option("--interval", o->interval,
                      "time between samples (default by level: 10s, 5s, 1s, 500ms)");
  command->add_option("--duration", o->duration, "stop after this long (default: until Ctrl-C)");
  command->add_option("--db", o->db, "DuckDB file to write samples and alerts to");
  command->add_option("--proc-root", o->proc_root, "where /proc is (a captured tree for tests)")
      ->capture_default_str();
  command->add_option("--sys-root", o->sys_root, "where /sys is")->capture_default_str();
  command->add_option("--report", o->report, "write an HTML report at the end");
  command->add_option("--export-json", o->export_json, "write the report as JSON at the end");
  command->add_option("--worker-id", o->worker_id, "name of this worker (default: hostname)");
  command->add_option("--track-pid", o->track_pids,
                      "follow this process and its children (repeatable)");
  command->add_flag("--no-nvml", o->no_nvml, "do not load NVML for NVIDIA GPUs");
  command->callback([o, &runner] { runner = [o] { return RunMonitor(*o); }; });
}

}  // namespace hawk::cli
