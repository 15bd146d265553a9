// hawk run FILE [--workers N] [--db FILE] [--json] [--state-dir DIR]
// [--notify FILE [--notify-dry-run]]: the embedded one-machine mode. Runs the workload's tasks as
// local processes, placed and recovered by the real engine, records the run in DuckDB and prints
// what happened. Exit code 0 when the workload succeeded, 1 when it failed or was interrupted, 2
// for a bad workload file or bad options. With
// --notify, the run's events go to the channels of that notifications file
// once it ends (cli/run_notify.h); one that is not delivered is a warning.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/run_notify.h"
#include "cli/run_output.h"
#include "hw/detector.h"
#include "spec/workload_spec.h"
#include "store/duckdb_store.h"

namespace hawk::cli {
namespace {

struct RunOptions {
  std::string file;
  std::uint32_t workers = 1;
  std::string db_path = "hawk.duckdb";
  std::string state_dir = ".hawk";
  bool json = false;
  std::string notify_path;
  bool notify_dry_run = false;
};

std::atomic<bool> g_stop{false};

void OnStopSignal(int) {
  g_stop.store(true);
}

// Ctrl-C and SIGTERM cancel the workload; the tasks, in sessions of their
// own, are terminated by the runner rather than by the terminal.
class StopSignals {
 public:
  StopSignals() {
    struct sigaction action {};
    action.sa_handler = OnStopSignal;
    ::sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopSignals() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

Result<std::unique_ptr<Store>> OpenRunDatabase(const std::string& path) {
  const std::filesystem::path p(path);
  if (p.has_parent_path() && !std::filesystem::is_directory(p.parent_path())) {
    return InvalidArgument("the folder for the database does not exist", "--db " + path,
                           "create " + p.parent_path().string() + " or choose another --db path");
  }
  auto opened = DuckDbStore::Open(path);
  if (!opened) {
    Error e = opened.error();
    if (e.where.empty()) e.where = "--db " + path;
    return tl::unexpected(std::move(e));
  }
  return std::unique_ptr<Store>(std::move(*opened));
}

int RunRun(const RunOptions& options) {
  spec::SpecResult loaded = spec::LoadWorkloadFile(options.file);
  if (!loaded) {
    std::fputs(loaded.FormatDiagnostics().c_str(), stderr);
    const std::size_t n = loaded.diagnostics().size();
    std::fprintf(stderr, "hawk: error: %s: %zu problem%s\n", options.file.c_str(), n,
                 n == 1 ? "" : "s");
    return kExitUsage;
  }
  std::optional<notify::NotifyConfig> notifications;
  if (!options.notify_path.empty()) {
    auto config = notify::LoadNotifyConfig(options.notify_path);
    if (!config) return ReportError(config.error());
    notifications = std::move(*config);
  }
  auto store = OpenRunDatabase(options.db_path);
  if (!store) return ReportError(store.error());

  hw::DetectOptions detect;
  const WorkerProfile machine = hw::ToWorkerProfile(hw::DetectHardware(detect), "local");
  std::vector<WorkerProfile> workers = LocalWorkers(machine, options.workers);

  LocalRunOptions run_options;
  run_options.state_dir = options.state_dir;
  run_options.stop = &g_stop;
  if (!options.json) {
    run_options.on_progress = [](const std::string& line) {
      std::fprintf(stderr, "hawk: %s\n", line.c_str());
    };
  }
  SystemClock clock;
  const Workload& workload = loaded.workload();
  const std::string id = NewWorkloadId(workload, clock.Now());
  Result<LocalRun> run = [&] {
    StopSignals signals;
    return RunLocally(id, workload, std::move(workers), clock, run_options);
  }();
  if (!run) return ReportError(run.error());

  if (auto written = WriteLocalRun(*run, **store); !written) {
    ReportError(written.error());
    std::fprintf(stderr, "hawk: the run finished but was not recorded in %s\n",
                 options.db_path.c_str());
  }
  if (options.json) {
    std::printf("%s\n", LocalRunJson(*run).dump(2).c_str());
  } else {
    std::fputs(LocalRunSummary(*run).c_str(), stdout);
    std::printf("recorded in %s (hawk report --db %s --workload %s)\n", options.db_path.c_str(),
                options.db_path.c_str(), run->workload_id.c_str());
  }
  if (notifications) {
    // --json keeps stdout for the JSON document.
    std::fflush(stdout);
    std::ostream& out = options.json ? std::cerr : std::cout;
    std::unique_ptr<notify::Transport> transport;
    if (options.notify_dry_run) {
      transport = std::make_unique<notify::DryRunTransport>(out);
    } else {
      transport = std::make_unique<notify::CurlTransport>(notifications->timeout);
    }
    SendRunNotifications(*notifications, RunNotifyEvents(*run), *transport,
                         notify::ProcessEnvironment(), options.notify_dry_run, out, std::cerr);
  }
  return run->status == engine::WorkloadStatus::kSucceeded ? kExitOk : kExitFailure;
}

}  // namespace

void AddRunCommand(CLI::App& app, Runner& runner) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand(
      "run", "Run a workload's tasks on this machine as local processes, placed by the engine");
  command->add_option("FILE", options->file, "the workload file (YAML or JSON)")->required();
  command->add_option("--workers", options->workers, "local workers sharing this machine")
      ->check(CLI::Range(1U, 1024U))
      ->default_val(1);
  command->add_option("--db", options->db_path, "DuckDB file to record the run in")
      ->default_val("hawk.duckdb");
  command
      ->add_option("--state-dir", options->state_dir,
                   "folder for attempt logs and checkpoints (<dir>/<workload id>/...)")
      ->default_val(".hawk");
  command->add_flag("--json", options->json, "print the outcome as JSON on stdout");
  command->add_option("--notify", options->notify_path,
                      "notifications file (docs/notifications.md): send the run's events to its "
                      "channels when it ends");
  command
      ->add_flag("--notify-dry-run", options->notify_dry_run,
                 "with --notify: print what would be sent, send nothing")
      ->needs("--notify");
  command->callback([options, &runner] { runner = [options] { return RunRun(*options); }; });
}

}  // namespace hawk::cli
