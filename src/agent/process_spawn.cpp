#include "agent/process_spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "hw/subprocess.h"

extern char** environ;

namespace hawk::agent {
namespace {

constexpr const char* kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

// What the child reports through the error pipe when it cannot exec.
enum class ChildStage : int { kChdir = 1, kExec = 2, kStdin = 3, kOutput = 4 };
struct ChildFailure {
  int stage = 0;
  int error = 0;
};

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Only async-signal-safe calls from here on: the parent may have threads.
[[noreturn]] void ChildFail(int error_fd, ChildStage stage) {
  const ChildFailure failure{static_cast<int>(stage), errno};
  ssize_t unused = ::write(error_fd, &failure, sizeof(failure));
  (void)unused;
  ::_exit(127);
}

[[noreturn]] void RunChild(const char* path, char* const* argv, char* const* envp, const char* cwd,
                           int output_fd, int error_fd) {
  ::setsid();
  // Dispositions the parent ignores (SIGPIPE, say) would survive exec, and a
  // handler of the parent must not run here.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &dfl, nullptr);
  }
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);

  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd < 0 || ::dup2(null_fd, 0) < 0) ChildFail(error_fd, ChildStage::kStdin);
  if (::dup2(output_fd, 1) < 0 || ::dup2(output_fd, 2) < 0) {
    ChildFail(error_fd, ChildStage::kOutput);
  }
  // Descriptors the parent opened without O_CLOEXEC stay out of the task.
  ::syscall(SYS_close_range, 3U, UINT_MAX, 4U /* CLOSE_RANGE_CLOEXEC */);
  if (cwd != nullptr && ::chdir(cwd) != 0) ChildFail(error_fd, ChildStage::kChdir);
  ::execve(path, argv, envp);
  ChildFail(error_fd, ChildStage::kExec);
}

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::vector<std::string> MergedEnvironment(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    merged.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  for (const auto& [name, value] : overrides) merged[name] = value;
  std::vector<std::string> out;
  out.reserve(merged.size());
  for (const auto& [name, value] : merged) {
    std::string& entry = out.emplace_back(name);
    entry.append("=").append(value);
  }
  return out;
}

std::vector<std::string> CommandArgv(const Command& command) {
  if (command.shell) return {"/bin/sh", "-c", *command.shell};
  return command.argv;
}

Result<std::string> ResolveProgram(const std::string& program,
                                   const std::vector<std::string>& environment) {
  if (program.empty()) return InvalidArgument("the command's program name is empty");
  if (program.find('/') != std::string::npos) return program;
  std::string path_list = kDefaultPath;
  for (const std::string& entry : environment) {
    if (entry.rfind("PATH=", 0) == 0) path_list = entry.substr(5);
  }
  if (auto found = hw::FindExecutable({program}, path_list)) return *found;
  return MakeError(ErrorCode::kNotFound, "command not found: " + program, "PATH=" + path_list,
                   "install it, or give the program's full path in the task's command");
}

Result<pid_t> SpawnProcess(const SpawnRequest& request) {
  if (request.argv.empty()) return InvalidArgument("no program to run");
  int error_pipe[2] = {-1, -1};
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) {
    return MakeError(ErrorCode::kIo, std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  // Everything the child needs is built before vfork: it shares this
  // process's memory until it execs, so it may only make system calls.
  std::vector<char*> argv = CStrings(request.argv);
  std::vector<char*> envp = CStrings(request.environment);
  const std::string cwd = request.working_dir ? request.working_dir->string() : std::string();
  // vfork, not fork: no copy of the page tables (a worker's address space
  // is large, and copying it was most of a short task's start-up). Signals
  // stay blocked until the child has reset every handler, so none of ours
  // runs in it.
  sigset_t all;
  sigset_t before;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &before);
  const pid_t pid = ::vfork();  // NOLINT(clang-analyzer-security.insecureAPI.vfork)
  if (pid != 0) ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
  if (pid < 0) {
    const int error = errno;
    CloseFd(error_pipe[0]);
    CloseFd(error_pipe[1]);
    return MakeError(ErrorCode::kIo, std::string("cannot fork: ") + std::strerror(error));
  }
  if (pid == 0) {
    RunChild(request.path.c_str(), argv.data(), envp.data(),
             request.working_dir ? cwd.c_str() : nullptr, request.output_fd, error_pipe[1]);
  }
  CloseFd(error_pipe[1]);
  ChildFailure failure;
  ssize_t n = 0;
  do {
    n = ::read(error_pipe[0], &failure, sizeof(failure));
  } while (n < 0 && errno == EINTR);
  CloseFd(error_pipe[0]);
  if (n <= 0) return pid;  // end of file: exec closed the pipe

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string reason = std::strerror(failure.error);
  switch (static_cast<ChildStage>(failure.stage)) {
    case ChildStage::kChdir:
      return MakeError(failure.error == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                       "cannot change to the working directory: " + reason, cwd,
                       "create it, or fix the task's working_dir");
    case ChildStage::kExec:
      return MakeError(
          failure.error == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
          "cannot run " + request.path + ": " + reason, request.argv.front(),
          failure.error == EACCES ? "make it executable (chmod +x)" : "check the task's command");
    case ChildStage::kStdin:
    case ChildStage::kOutput: break;
  }
  return MakeError(ErrorCode::kIo, "cannot set up the process's input and output: " + reason,
                   request.argv.front());
}

}  // namespace hawk::agent
