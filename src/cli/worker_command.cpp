// hawk worker --coordinator URL [--token T] [--id ID] [--labels k=v,...] [--slots N]
// [--state-dir DIR] [--heartbeat-interval D] [--ca-file PEM] [--tls-server-name NAME]
// [--insecure] [--no-track-usage]:
// this machine as a worker of a coordinator. Detects the hardware, connects
// (reconnecting after failures), runs the tasks dispatched to it and reports
// them. SIGTERM or Ctrl-C drains: no new task is accepted, the running ones
// finish and are reported, then the worker exits 0. Exit code 2 for bad
// options or a token the coordinator refused, 1 for other failures.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "agent/coordinator_link.h"
#include "agent/telemetry.h"
#include "agent/worker_connection.h"
#include "agent/worker_core.h"
#include "cli/command.h"
#include "core/rng.h"
#include "hw/detector.h"
#include "monitor/nvml_gpu_source.h"

namespace hawk::cli {
namespace {

struct WorkerOptions {
  std::string coordinator;
  std::string token;
  std::string id;
  std::string labels;
  std::uint32_t slots = 0;  // 0: one per hardware thread
  std::string state_dir = ".hawk/worker";
  std::string heartbeat_interval = "1s";
  std::string ca_file;
  std::string tls_server_name;
  bool insecure = false;
  bool no_track_usage = false;
};

std::atomic<bool> g_drain{false};

void OnDrainSignal(int) {
  g_drain.store(true);
}

// SIGTERM and Ctrl-C drain the worker; the tasks, in sessions of their own,
// do not get the terminal's SIGINT.
class DrainSignals {
 public:
  DrainSignals() {
    struct sigaction action {};
    action.sa_handler = OnDrainSignal;
    ::sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~DrainSignals() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  DrainSignals(const DrainSignals&) = delete;
  DrainSignals& operator=(const DrainSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// "gpu=a100,zone=eu" -> {gpu: a100, zone: eu}.
Result<std::map<std::string, std::string>> ParseLabels(const std::string& text) {
  std::map<std::string, std::string> labels;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument("label \"" + item + "\" is not key=value", "--labels " + text,
                             "write --labels key=value,key2=value2");
    }
    labels[item.substr(0, eq)] = item.substr(eq + 1);
    start = comma + 1;
  }
  return labels;
}

std::string Hostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return {};
  return name;
}

int RunWorkerCommand(const WorkerOptions& o) {
  if (auto address = agent::ParseCoordinatorUrl(o.coordinator); !address) {
    return ReportError(address.error());
  }
  auto interval = ParseDuration(o.heartbeat_interval);
  if (!interval) {
    Error e = interval.error();
    e.where = "--heartbeat-interval " + o.heartbeat_interval;
    return ReportError(e);
  }
  if (interval->count() <= 0) {
    return ReportError(InvalidArgument("must be positive", "--heartbeat-interval").value());
  }
  auto labels = ParseLabels(o.labels);
  if (!labels) return ReportError(labels.error());
  std::string token = o.token;
  if (token.empty()) {
    const char* env = std::getenv("HAWK_WORKER_TOKEN");
    if (env != nullptr) token = env;
  }
  if (token.empty()) {
    std::fprintf(stderr,
                 "hawk: warning: no worker token (--token or HAWK_WORKER_TOKEN); a coordinator "
                 "with tokens refuses this worker\n");
  }

  hw::DetectOptions detect;
  const hw::HardwareReport report = hw::DetectHardware(detect);
  const std::string id = !o.id.empty() ? o.id : report.hostname.value_or(Hostname());
  if (id.empty()) {
    return ReportError(
        InvalidArgument("this machine has no hostname to name the worker", "--id", "give --id")
            .value());
  }
  WorkerProfile profile = hw::ToWorkerProfile(report, id);
  for (const auto& [key, value] : *labels) profile.labels[key] = value;
  if (o.slots > 0) profile.cpu_slots = o.slots;

  std::unique_ptr<monitor::NvmlGpuSource> nvml = monitor::NvmlGpuSource::Create();
  agent::HostTelemetryOptions telemetry_options;
  telemetry_options.gpu_sources.push_back(nvml.get());
  telemetry_options.devices = profile.devices;
  agent::HostTelemetry telemetry(telemetry_options);

  const auto notice = [](std::string_view line) {
    std::fprintf(stderr, "hawk: worker: %.*s\n", static_cast<int>(line.size()), line.data());
  };
  agent::WorkerCoreOptions core_options;
  core_options.profile = profile;
  core_options.state_dir = o.state_dir;
  core_options.heartbeat_interval = *interval;
  core_options.track_usage = !o.no_track_usage;
  core_options.telemetry = &telemetry;
  core_options.on_notice = notice;
  SystemClock clock;
  agent::WorkerCore core(clock, std::move(core_options));

  const std::uint64_t seed = std::hash<std::string>{}(id) ^
                             (static_cast<std::uint64_t>(::getpid()) << 32) ^
                             static_cast<std::uint64_t>(ToUnixMillis(clock.Now()));
  Rng rng(seed);
  agent::WorkerConnectionOptions connection;
  connection.coordinator_url = o.coordinator;
  connection.token = token;
  if (!o.ca_file.empty()) connection.ca_file = o.ca_file;
  if (!o.tls_server_name.empty()) connection.tls_server_name = o.tls_server_name;
  connection.insecure = o.insecure;
  connection.rng = &rng;
  connection.on_notice = notice;

  std::fprintf(stderr, "hawk: worker %s: %zu devices, %u CPU slots, state in %s; coordinator %s\n",
               id.c_str(), profile.devices.size(), profile.cpu_slots, o.state_dir.c_str(),
               o.coordinator.c_str());
  Status status = [&] {
    DrainSignals signals;
    return agent::RunWorker(connection, core, &g_drain);
  }();
  if (!status) return ReportError(status.error());
  std::fprintf(stderr, "hawk: worker %s: drained, leaving\n", id.c_str());
  return kExitOk;
}

}  // namespace

void AddWorkerCommand(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<WorkerOptions>();
  CLI::App* command = app.add_subcommand(
      "worker", "Run this machine as a worker of a coordinator: run the tasks it dispatches");
  command
      ->add_option("--coordinator", o->coordinator,
                   "the coordinator: ws://HOST:PORT or wss://HOST:PORT (http(s):// too)")
      ->required();
  command->add_option("--token", o->token,
                      "the worker token (default: the HAWK_WORKER_TOKEN environment variable)");
  command->add_option("--id", o->id,
                      "this worker's id, stable across restarts (default: hostname)");
  command->add_option("--labels", o->labels, "labels tasks can require: key=value,key2=value2");
  command
      ->add_option("--slots", o->slots,
                   "tasks without accelerators run at once (default: one per hardware thread)")
      ->check(CLI::Range(1U, 4096U));
  command->add_option("--state-dir", o->state_dir, "folder for attempt logs and checkpoints")
      ->default_val(".hawk/worker");
  command
      ->add_option("--heartbeat-interval", o->heartbeat_interval,
                   "time between heartbeats until the coordinator sets it (e.g. 1s, 500ms)")
      ->default_val("1s");
  command->add_option("--ca-file", o->ca_file, "PEM file of the CAs to trust for wss://");
  command->add_option("--tls-server-name", o->tls_server_name,
                      "the name the coordinator's certificate must carry, when the URL reaches "
                      "it by another (default: the URL's host)");
  command->add_flag("--insecure", o->insecure, "wss:// without checking the certificate");
  command->add_flag("--no-track-usage", o->no_track_usage,
                    "do not follow each task's CPU, memory and disk use");
  command->callback([o, &runner] { runner = [o] { return RunWorkerCommand(*o); }; });
}

}  // namespace hawk::cli
