#include "agent/process_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "agent/process_spawn.h"

namespace hawk::agent {
namespace {

// Without a pidfd (kernels before 5.3) exits are noticed by polling this often.
constexpr std::chrono::milliseconds kReapInterval{20};

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int OpenPidFd(pid_t pid) {
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);
  return fd < 0 ? -1 : static_cast<int>(fd);
}

void WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a full disk loses log text, never the task
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

std::string SignalText(int signal) {
  const char* abbrev = ::sigabbrev_np(signal);
  return abbrev != nullptr ? "SIG" + std::string(abbrev) : "signal " + std::to_string(signal);
}

}  // namespace

struct ProcessRunner::Process {
  ~Process() {
    CloseFd(pidfd);
    CloseFd(output_fd);
    CloseFd(log_fd);
  }
  std::string id;
  pid_t pid = 0;
  int pidfd = -1;
  int output_fd = -1;  // read end of the child's stdout+stderr pipe
  int log_fd = -1;     // opened at the first output
  bool log_failed = false;
  std::filesystem::path log_path;
  TimePoint started_at{};
  std::optional<TimePoint> deadline;  // timeout
  std::optional<TimePoint> kill_at;   // SIGKILL after SIGTERM
  bool timed_out = false;
  bool cancelled = false;
  std::optional<std::string> cancel_reason;
  std::string tail;
  std::uint64_t output_bytes = 0;
  std::unique_ptr<monitor::TaskResourceTracker> tracker;  // track_usage
  TimePoint next_sample{};
};

ProcessRunner::ProcessRunner(const Clock& clock, ProcessRunnerOptions options)
    : clock_(clock), options_(std::move(options)), exits_fd_(::epoll_create1(EPOLL_CLOEXEC)) {}

ProcessRunner::~ProcessRunner() {
  for (auto& [id, p] : processes_) {
    ::kill(-p->pid, SIGKILL);
    int status = 0;
    while (::waitpid(p->pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  CloseFd(exits_fd_);
}

bool ProcessRunner::IsRunning(const std::string& id) const {
  return processes_.count(id) > 0;
}

Result<pid_t> ProcessRunner::Start(const ProcessSpec& spec) {
  if (spec.command.empty()) return InvalidArgument("the task has no command", spec.id);
  if (processes_.count(spec.id) > 0) {
    return InvalidArgument("a process with this id is already running", spec.id);
  }
  auto p = std::make_unique<Process>();
  p->id = spec.id;
  p->log_path = spec.log_path;
  std::error_code ec;
  if (spec.log_path.has_parent_path()) {
    std::filesystem::create_directories(spec.log_path.parent_path(), ec);
  }
  // The file itself is created at the first output (most short tasks write
  // none, and creating a file is an inode on the start's path); a file left
  // under this name by an earlier run goes now, so it is never read as this
  // process's output.
  if (::unlink(spec.log_path.c_str()) != 0 && errno != ENOENT) {
    return MakeError(ErrorCode::kIo, std::string("cannot create the log file: ") + strerror(errno),
                     spec.log_path.string(), "check that the log folder is writable");
  }
  auto fail = [&](Error error) -> Result<pid_t> {
    const std::string line = "hawk: " + error.ToString() + "\n";
    AppendLog(*p, line.data(), line.size());
    return tl::unexpected(std::move(error));
  };

  std::map<std::string, std::string> env = spec.env;
  if (spec.checkpoint_dir) {
    std::filesystem::create_directories(*spec.checkpoint_dir, ec);
    if (ec) {
      return fail(Error{ErrorCode::kIo, "cannot create the checkpoint folder: " + ec.message(),
                        spec.checkpoint_dir->string(), "check that the folder is writable"});
    }
    env["HAWK_CHECKPOINT_DIR"] = std::filesystem::absolute(*spec.checkpoint_dir).string();
  }
  SpawnRequest request;
  request.argv = CommandArgv(spec.command);
  request.environment = MergedEnvironment(env);
  request.working_dir = spec.working_dir;
  auto path = ResolveProgram(request.argv.front(), request.environment);
  if (!path) return fail(path.error());
  request.path = *path;

  int pipe_fds[2] = {-1, -1};
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return fail(Error{ErrorCode::kIo, std::string("cannot create a pipe: ") + strerror(errno),
                      spec.id, ""});
  }
  request.output_fd = pipe_fds[1];
  auto pid = SpawnProcess(request);
  CloseFd(pipe_fds[1]);
  if (!pid) {
    CloseFd(pipe_fds[0]);
    return fail(pid.error());
  }
  p->pid = *pid;
  p->output_fd = pipe_fds[0];
  ::fcntl(p->output_fd, F_SETFL, ::fcntl(p->output_fd, F_GETFL) | O_NONBLOCK);
  p->pidfd = OpenPidFd(p->pid);
  if (p->pidfd >= 0 && exits_fd_ >= 0) {
    epoll_event interest{};
    interest.events = EPOLLIN;
    interest.data.fd = p->pidfd;
    ::epoll_ctl(exits_fd_, EPOLL_CTL_ADD, p->pidfd, &interest);
  }
  p->started_at = clock_.Now();
  if (spec.timeout) p->deadline = p->started_at + *spec.timeout;
  if (options_.track_usage) {
    monitor::TaskTrackerOptions tracking;
    tracking.proc_root = options_.proc_root;
    tracking.sys_root = options_.sys_root;
    tracking.root_pid = static_cast<std::uint32_t>(p->pid);
    p->tracker = std::make_unique<monitor::TaskResourceTracker>(tracking);
    p->tracker->Sample(p->started_at);
    p->next_sample = p->started_at + options_.usage_interval;
  }
  processes_.emplace(spec.id, std::move(p));
  return *pid;
}

bool ProcessRunner::Cancel(const std::string& id, std::string reason) {
  const auto it = processes_.find(id);
  if (it == processes_.end()) return false;
  Process& p = *it->second;
  if (!p.cancelled && !p.kill_at) {
    ::kill(-p.pid, SIGTERM);
    p.kill_at = clock_.Now() + options_.kill_grace;
  }
  p.cancelled = true;
  p.cancel_reason = std::move(reason);
  return true;
}

void ProcessRunner::AppendLog(Process& p, const char* data, std::size_t size) {
  if (p.log_fd < 0 && !p.log_failed) {
    p.log_fd = ::open(p.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    p.log_failed = p.log_fd < 0;  // output still reaches the tail and the result
  }
  if (p.log_fd >= 0) WriteAll(p.log_fd, data, size);
}

void ProcessRunner::ReadOutput(Process& p) {
  char buffer[16384];
  while (p.output_fd >= 0) {
    const ssize_t n = ::read(p.output_fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;  // EAGAIN: nothing more for now
    if (n == 0) {
      CloseFd(p.output_fd);
      return;
    }
    const auto size = static_cast<std::size_t>(n);
    AppendLog(p, buffer, size);
    p.output_bytes += size;
    p.tail.append(buffer, size);
    if (p.tail.size() > options_.tail_bytes) p.tail.erase(0, p.tail.size() - options_.tail_bytes);
  }
}

void ProcessRunner::EnforceDeadlines(TimePoint now) {
  for (auto& [id, p] : processes_) {
    if (p->deadline && now >= *p->deadline && !p->timed_out && !p->cancelled) {
      p->timed_out = true;
      ::kill(-p->pid, SIGTERM);
      p->kill_at = now + options_.kill_grace;
    }
    if (p->kill_at && now >= *p->kill_at) {
      ::kill(-p->pid, SIGKILL);
      p->kill_at.reset();
    }
  }
}

std::chrono::milliseconds ProcessRunner::UntilNextDeadline(TimePoint now) const {
  std::optional<TimePoint> next;
  for (const auto& [id, p] : processes_) {
    const std::optional<TimePoint> sample =
        p->tracker ? std::optional<TimePoint>(p->next_sample) : std::nullopt;
    for (const std::optional<TimePoint>& t :
         {p->timed_out ? std::nullopt : p->deadline, p->kill_at, sample}) {
      if (t && (!next || *t < *next)) next = t;
    }
  }
  if (!next) return std::chrono::milliseconds::max();
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(*next - now));
}

void ProcessRunner::SampleUsage(TimePoint now) {
  for (auto& [id, p] : processes_) {
    if (!p->tracker || now < p->next_sample) continue;
    p->tracker->Sample(now);
    p->next_sample = now + options_.usage_interval;
  }
}

std::optional<ProcessExit> ProcessRunner::TryReap(Process& p, TimePoint now) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(p.pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
      info.si_pid == 0) {
    return std::nullopt;
  }
  // The leader has exited but is not reaped yet, so its pid (the group id)
  // cannot be reused: the tree is read a last time, and whatever it left in
  // its group goes now.
  if (p.tracker) p.tracker->Sample(now);
  ::kill(-p.pid, SIGKILL);
  ReadOutput(p);
  int status = 0;
  rusage used{};
  while (::wait4(p.pid, &status, 0, &used) < 0 && errno == EINTR) {
  }
  ProcessExit exit;
  exit.id = p.id;
  exit.pid = p.pid;
  if (WIFEXITED(status)) exit.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
  exit.timed_out = p.timed_out;
  exit.cancelled = p.cancelled;
  exit.cancel_reason = p.cancel_reason;
  exit.started_at = p.started_at;
  exit.finished_at = std::max(now, p.started_at);
  exit.duration = exit.finished_at - exit.started_at;
  exit.log_tail = std::move(p.tail);
  exit.log_path = p.log_path;
  exit.output_bytes = p.output_bytes;
  if (p.tracker) {
    const auto seconds = [](const timeval& t) {
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    // Not ru_maxrss: it counts the child from the fork, while it was still a
    // copy of this process, so it would charge the runner's memory to the task.
    p.tracker->RecordExit(seconds(used.ru_utime) + seconds(used.ru_stime), std::nullopt);
    exit.usage = p.tracker->Usage();
  }
  if (exit.timed_out || exit.cancelled) {
    const std::string line = "hawk: " + DescribeExit(exit) + "\n";
    AppendLog(p, line.data(), line.size());
  }
  return exit;
}

std::vector<ProcessExit> ProcessRunner::Poll(std::chrono::milliseconds max_wait) {
  TimePoint now = clock_.Now();
  EnforceDeadlines(now);
  std::chrono::milliseconds wait = std::min(max_wait, UntilNextDeadline(now));
  std::vector<pollfd> fds;
  bool all_have_pidfd = true;
  for (const auto& [id, p] : processes_) {
    if (p->output_fd >= 0) fds.push_back(pollfd{p->output_fd, POLLIN, 0});
    if (p->pidfd >= 0) fds.push_back(pollfd{p->pidfd, POLLIN, 0});
    all_have_pidfd = all_have_pidfd && p->pidfd >= 0;
  }
  if (!all_have_pidfd) wait = std::min(wait, kReapInterval);
  const int ready = ::poll(
      fds.data(), fds.size(),
      static_cast<int>(std::max<std::int64_t>(0, std::min<std::int64_t>(wait.count(), INT32_MAX))));
  if (ready > 0) {
    for (auto& [id, p] : processes_) ReadOutput(*p);
  }
  now = clock_.Now();
  EnforceDeadlines(now);
  SampleUsage(now);
  std::vector<ProcessExit> exits;
  for (auto it = processes_.begin(); it != processes_.end();) {
    if (auto exit = TryReap(*it->second, now)) {
      exits.push_back(std::move(*exit));
      if (it->second->pidfd >= 0 && exits_fd_ >= 0) {
        ::epoll_ctl(exits_fd_, EPOLL_CTL_DEL, it->second->pidfd, nullptr);
      }
      it = processes_.erase(it);
    } else {
      ++it;
    }
  }
  return exits;
}

std::string DescribeExit(const ProcessExit& exit) {
  std::string how;
  if (exit.exit_code) how = "exit code " + std::to_string(*exit.exit_code);
  if (exit.signal) how = "killed by " + SignalText(*exit.signal);
  if (how.empty()) how = "ended";
  if (exit.timed_out) return "timed out after " + FormatDuration(exit.duration) + ", " + how;
  if (exit.cancelled) {
    return "cancelled" + (exit.cancel_reason ? " (" + *exit.cancel_reason + ")" : "") + ", " + how;
  }
  return how;
}

}  // namespace hawk::agent
