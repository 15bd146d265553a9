#include "hw/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace hawk::hw {
namespace {

void CloseIfOpen(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Reads what is available; false at end of file.
bool Drain(int fd, std::string& into, std::size_t max_output, bool keep_tail) {
  char buffer[16384];
  const ssize_t n = ::read(fd, buffer, sizeof(buffer));
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  into.append(buffer, static_cast<std::size_t>(n));
  if (into.size() > max_output) {
    if (keep_tail) {
      into.erase(0, into.size() - max_output);
    } else {
      into.resize(max_output);
    }
  }
  return true;
}

}  // namespace

Result<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                 std::chrono::milliseconds timeout, std::size_t max_output) {
  if (argv.empty()) return InvalidArgument("no program to run");
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    CloseIfOpen(out_pipe[0]);
    CloseIfOpen(out_pipe[1]);
    return MakeError(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, argv[0].c_str(), &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  CloseIfOpen(out_pipe[1]);
  CloseIfOpen(err_pipe[1]);
  if (spawned != 0) {
    CloseIfOpen(out_pipe[0]);
    CloseIfOpen(err_pipe[0]);
    return MakeError(ErrorCode::kUnavailable,
                     "cannot start: " + std::string(std::strerror(spawned)), argv[0]);
  }

  ProcessResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int fds[2] = {out_pipe[0], err_pipe[0]};
  while (fds[0] >= 0 || fds[1] >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd polls[2];
    nfds_t n = 0;
    int which[2];
    for (int i = 0; i < 2; ++i) {
      if (fds[i] < 0) continue;
      polls[n] = pollfd{fds[i], POLLIN, 0};
      which[n++] = i;
    }
    const int ready = ::poll(polls, n, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) break;
    for (nfds_t k = 0; k < n && ready > 0; ++k) {
      if ((polls[k].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const int i = which[k];
      std::string& into = i == 0 ? result.stdout_text : result.stderr_text;
      if (!Drain(fds[i], into, max_output, i == 1)) CloseIfOpen(fds[i]);
    }
  }
  CloseIfOpen(fds[0]);
  CloseIfOpen(fds[1]);
  if (result.timed_out) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // Helpers the program left behind in its group go with it.
  ::kill(-pid, SIGKILL);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

std::optional<std::string> FindExecutable(const std::vector<std::string>& names,
                                          std::string_view path_list) {
  for (const std::string& name : names) {
    std::size_t start = 0;
    while (start <= path_list.size()) {
      std::size_t colon = path_list.find(':', start);
      if (colon == std::string_view::npos) colon = path_list.size();
      const std::string_view dir = path_list.substr(start, colon - start);
      start = colon + 1;
      if (dir.empty()) continue;
      const std::string candidate = std::string(dir) + "/" + name;
      struct stat st {};
      if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
          ::access(candidate.c_str(), X_OK) == 0) {
        return candidate;
      }
    }
  }
  return std::nullopt;
}

}  // namespace hawk::hw
