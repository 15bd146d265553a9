// `hawk run`'s engine room: the real engine (engine::Orchestrator) driving
// real local processes (agent::ProcessRunner) on the real clock — the same
// loop the simulator runs on virtual time (sim/simulation.h). Local workers
// join, the workload is submitted, and each pass ticks the engine, starts the
// attempts it dispatches, cancels the ones it cancels, and feeds every
// process's end back as an AttemptFinished, until the workload has finished
// and no process is left.
//
// Files: attempt logs go to <state_dir>/<workload id>/logs/<unit>.<attempt>.log;
// each attempt's HAWK_JUNIT_DIR is <state_dir>/<workload id>/junit/<attempt>
// (run_junit.h), read with the task's `junit:` paths when the attempt ends;
// a JUnit file that cannot be read is a warning (progress line and a line at
// the end of the attempt's log), never a failure of the task;
// a task's checkpoint folder, <state_dir>/<workload id>/checkpoints/<unit>, is
// the same for every attempt of it, so a retry can resume from it.
//
// Not thread-safe; RunLocally runs on the calling thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/workload.h"
#include "engine/events.h"
#include "engine/orchestrator.h"
#include "monitor/task_tracker.h"
#include "report/junit_reader.h"

namespace hawk::cli {

struct LocalRunOptions {
  std::filesystem::path state_dir = ".hawk";
  engine::OrchestratorConfig engine = DefaultEngineConfig();
  // How long one pass waits for a process to write or end before ticking again.
  std::chrono::milliseconds tick{50};
  Duration heartbeat_interval = std::chrono::seconds(5);
  Duration kill_grace = std::chrono::seconds(5);  // SIGTERM -> SIGKILL
  // Set from a signal handler: cancels the workload (its processes are
  // terminated and the run ends as cancelled).
  const std::atomic<bool>* stop = nullptr;
  // One line for people per thing that happened (started, ended, notices).
  std::function<void(const std::string&)> on_progress;
  // Each attempt's process tree is followed (CPU, memory, disk): table
  // task_resource_usage.
  bool track_usage = true;

  // The engine as a one-machine run wants it: the fleet never grows, so a
  // task no local worker can run fails at once instead of waiting for one.
  static engine::OrchestratorConfig DefaultEngineConfig();
};

// One attempt as it ran on this machine.
struct LocalAttempt {
  std::string attempt_id;
  std::string unit_id;
  std::string task_id;
  std::string worker_id;
  std::vector<std::string> device_ids;
  std::string command;  // for display
  TimePoint started_at{};
  std::optional<TimePoint> finished_at;
  std::optional<int> exit_code;
  std::optional<int> signal;
  bool timed_out = false;
  bool cancelled = false;                  // the engine cancelled it
  std::optional<std::string> start_error;  // it never started: why
  std::string outcome;                     // "exit code 3", "killed by SIGKILL", ...
  std::filesystem::path log_path;
  std::string log_tail;
  std::optional<std::string> working_dir;          // as dispatched
  std::optional<std::filesystem::path> junit_dir;  // its HAWK_JUNIT_DIR
  std::vector<report::JUnitTestCase> test_cases;   // from its JUnit files
  std::vector<std::string> junit_warnings;         // files that could not be read
  std::optional<monitor::TaskUsage> usage;         // its process tree's resource use
};

// What happened, in order: an engine command, or the end of an attempt.
struct RunLogEntry {
  TimePoint at{};
  std::optional<engine::EngineCommand> command;
  std::optional<std::string> finished_attempt;  // index key into LocalRun::attempts
};

struct LocalRun {
  std::string workload_id;
  Workload workload;
  std::vector<WorkerProfile> workers;
  std::unique_ptr<engine::Orchestrator> engine;
  TimePoint started_at{};
  TimePoint finished_at{};
  engine::WorkloadStatus status = engine::WorkloadStatus::kRunning;
  std::string status_reason;
  std::vector<LocalAttempt> attempts;  // in dispatch order
  std::vector<RunLogEntry> log;
  std::filesystem::path run_dir;  // <state_dir>/<workload id>

  [[nodiscard]] const LocalAttempt* FindAttempt(const std::string& attempt_id) const;
};

// `count` workers sharing this machine: ids local-0, local-1, ...; each gets
// the CPU with threads / count slots (at least one), and the accelerators
// are dealt out round-robin so no two workers hold the same device.
std::vector<WorkerProfile> LocalWorkers(const WorkerProfile& machine, std::uint32_t count);

// "<workload name>-<UTC time as 20260101T101407123Z>".
std::string NewWorkloadId(const Workload& workload, TimePoint now);

// Runs the workload to its end. Errors: an invalid engine config; a workload
// the engine rejects (kInvalidArgument, with its reason). A task that cannot
// start (command not found, say) is not an error: its attempt fails with
// exit code 127 (126 when the program may not be run) and the engine
// recovers or fails it like any failure.
Result<LocalRun> RunLocally(std::string workload_id, Workload workload,
                            std::vector<WorkerProfile> workers, const Clock& clock,
                            const LocalRunOptions& options);

}  // namespace hawk::cli
