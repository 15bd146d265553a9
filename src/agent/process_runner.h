// Runs tasks as real local processes and supervises many of them from one
// thread (the agent's executor, DESIGN.md §1: shells own I/O).
//
// Each process:
// - runs an argv (the program is looked up in the PATH of the environment the
//   task will see) or a shell string (`/bin/sh -c`);
// - sees the inherited environment, overlaid with ProcessSpec::env, plus
//   HAWK_CHECKPOINT_DIR when a checkpoint folder is given (created if needed;
//   the caller picks one per task, so it survives retries);
// - starts in the given working directory, in a session and process group of
//   its own, with stdin from /dev/null;
// - has stdout and stderr merged into one pipe that the runner copies to the
//   per-attempt log file and keeps the last `tail_bytes` of in memory.
//
// A process ends when its group leader exits. Whatever it left behind in its
// group (background helpers, a grandchild `sleep`) is killed with SIGKILL
// before the leader is reaped, so no task outlives its attempt. A timeout or
// a Cancel sends SIGTERM to the whole group, then SIGKILL after `kill_grace`.
//
// Start failures (no such program, a working directory that does not exist,
// a log file that cannot be created) are returned by Start as errors; the exec
// failure is reported through a close-on-exec pipe, so it never hangs.
//
// Resource use (ProcessRunnerOptions::track_usage): each process tree is
// followed by a monitor::TaskResourceTracker, sampled when it starts, every
// usage_interval while it runs, once more when its leader has exited but is
// not yet reaped, and completed with the leader's rusage from wait4(); the
// figures come back in ProcessExit::usage.
//
// Time: deadlines (timeout, kill grace) are read from the injected Clock, so a
// test with a ManualClock can fire a timeout without waiting for it. Poll()
// blocks in poll(2) on the processes' pidfds and output pipes for at most the
// time it is given.
//
// Event loops: ExitsFd() is an epoll descriptor over the processes' pidfds,
// readable while a process has ended and Poll has not reaped it yet. An
// event loop waits on it instead of handling SIGCHLD (a process-wide
// handler would interrupt blocking calls on every other thread).
//
// Not thread-safe: one thread owns a ProcessRunner. The destructor kills and
// reaps every process still running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/units.h"
#include "core/workload.h"
#include "monitor/task_tracker.h"

namespace hawk::agent {

struct ProcessSpec {
  std::string id;   // unique among running processes (the attempt id)
  Command command;  // argv, or shell (run by /bin/sh -c)
  // Added to (and overriding) the inherited environment.
  std::map<std::string, std::string> env;
  std::optional<std::filesystem::path> working_dir;
  // Its folder is created; the file is created (truncated) at the first
  // output, and a task that writes nothing leaves none.
  std::filesystem::path log_path;
  // Exported as HAWK_CHECKPOINT_DIR; created if missing.
  std::optional<std::filesystem::path> checkpoint_dir;
  std::optional<Duration> timeout;  // none: runs until it ends or is cancelled
};

struct ProcessRunnerOptions {
  Duration kill_grace = std::chrono::seconds(5);    // SIGTERM -> SIGKILL
  std::size_t tail_bytes = std::size_t{16} * 1024;  // in-memory tail of the output
  bool track_usage = false;
  Duration usage_interval = std::chrono::seconds(1);
  std::string proc_root = "/proc";  // where the trackers read (tests use fixtures)
  std::string sys_root = "/sys";
};

// How one process ended.
struct ProcessExit {
  std::string id;
  pid_t pid = 0;
  std::optional<int> exit_code;  // when it exited
  std::optional<int> signal;     // when a signal ended it
  bool timed_out = false;        // its timeout fired and the runner killed it
  bool cancelled = false;        // Cancel() was called for it
  std::optional<std::string> cancel_reason;
  TimePoint started_at{};
  TimePoint finished_at{};
  Duration duration{0};
  std::string log_tail;  // the last tail_bytes of stdout+stderr
  std::filesystem::path log_path;
  std::uint64_t output_bytes = 0;  // everything it wrote
  // What its process tree used (track_usage): CPU seconds, peak and average
  // memory, disk bytes; nullopt when not tracked.
  std::optional<monitor::TaskUsage> usage;
};

class ProcessRunner {
 public:
  // `clock` is borrowed and must outlive the runner.
  explicit ProcessRunner(const Clock& clock, ProcessRunnerOptions options = {});
  ~ProcessRunner();
  ProcessRunner(const ProcessRunner&) = delete;
  ProcessRunner& operator=(const ProcessRunner&) = delete;

  // Starts the process; returns its pid. Errors: kInvalidArgument (empty
  // command, duplicate id), kNotFound (no such program, or no such working
  // directory), kIo (log file, checkpoint folder, pipe, fork), kUnavailable
  // (exec refused, e.g. permission denied). The error's text is also written
  // to the log file when it could be created.
  Result<pid_t> Start(const ProcessSpec& spec);

  // SIGTERM to the process's group now, SIGKILL after kill_grace. False when
  // no running process has this id. Its ProcessExit comes from Poll as usual.
  bool Cancel(const std::string& id, std::string reason);

  // Reads output, enforces timeouts and kill deadlines, and reaps processes
  // that ended; waits up to `max_wait` for something to happen (0: does not
  // wait). Returns the processes that ended, in the order they were reaped.
  std::vector<ProcessExit> Poll(std::chrono::milliseconds max_wait);

  // Readable while an ended process awaits Poll (level-triggered); owned by
  // the runner. -1 where epoll is unavailable; processes without a pidfd
  // (kernels before 5.3) never make it readable, only Poll notices them.
  [[nodiscard]] int ExitsFd() const { return exits_fd_; }

  [[nodiscard]] std::size_t running() const { return processes_.size(); }
  [[nodiscard]] bool IsRunning(const std::string& id) const;

 private:
  struct Process;

  // Writes to the process's log file, creating it on first use.
  static void AppendLog(Process& p, const char* data, std::size_t size);
  void ReadOutput(Process& p);
  void EnforceDeadlines(TimePoint now);
  std::optional<ProcessExit> TryReap(Process& p, TimePoint now);
  void SampleUsage(TimePoint now);
  [[nodiscard]] std::chrono::milliseconds UntilNextDeadline(TimePoint now) const;

  const Clock& clock_;
  ProcessRunnerOptions options_;
  std::map<std::string, std::unique_ptr<Process>> processes_;
  int exits_fd_ = -1;  // epoll over the pidfds
};

// "exit code 3", "signal SIGKILL", "timed out after 2s (signal SIGTERM)".
std::string DescribeExit(const ProcessExit& exit);

}  // namespace hawk::agent
