#include "hw/chromium_cdp.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include <nlohmann/json.hpp>

extern char** environ;

namespace hawk::hw {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kStderrTail = 2048;

// The browser process and our ends of its DevTools socket and stderr pipe.
class Browser {
 public:
  Browser() = default;
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;
  ~Browser() { Stop(); }

  Status Start(const std::vector<std::string>& argv) {
    int sockets[2] = {-1, -1};
    int err[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0 ||
        ::pipe2(err, O_CLOEXEC) != 0) {
      const int error = errno;
      for (int fd : {sockets[0], sockets[1], err[0], err[1]}) {
        if (fd >= 0) ::close(fd);
      }
      return MakeError(ErrorCode::kIo, std::string("socketpair/pipe: ") + std::strerror(error));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawn_file_actions_adddup2(&actions, sockets[1], 3);  // requests in
    posix_spawn_file_actions_adddup2(&actions, sockets[1], 4);  // answers out
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int spawned =
        ::posix_spawn(&pid_, argv[0].c_str(), &actions, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(sockets[1]);
    ::close(err[1]);
    socket_ = sockets[0];
    stderr_ = err[0];
    if (spawned != 0) {
      pid_ = -1;
      return MakeError(ErrorCode::kUnavailable,
                       "cannot start: " + std::string(std::strerror(spawned)), argv[0]);
    }
    return Ok();
  }

  Status Send(const json& message) {
    std::string text = message.dump();
    text.push_back('\0');
    std::size_t sent = 0;
    while (sent < text.size()) {
      const ssize_t n = ::send(socket_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return MakeError(ErrorCode::kUnavailable, "the browser stopped listening");
      sent += static_cast<std::size_t>(n);
    }
    return Ok();
  }

  // The next complete message, waiting at most until `deadline`. nullopt and
  // `closed` set when the browser closed its end; nullopt alone on timeout.
  std::optional<std::string> Receive(Clock::time_point deadline, bool& closed) {
    closed = false;
    while (true) {
      const std::size_t nul = inbox_.find('\0');
      if (nul != std::string::npos) {
        std::string message = inbox_.substr(0, nul);
        inbox_.erase(0, nul + 1);
        return message;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return std::nullopt;
      pollfd polls[2] = {{socket_, POLLIN, 0}, {stderr_, POLLIN, 0}};
      const nfds_t n = stderr_ >= 0 ? 2 : 1;
      if (::poll(polls, n, static_cast<int>(left)) < 0 && errno != EINTR) return std::nullopt;
      char buffer[65536];
      if (n == 2 && (polls[1].revents & (POLLIN | POLLHUP)) != 0) {
        const ssize_t got = ::read(stderr_, buffer, sizeof(buffer));
        if (got > 0) {
          stderr_tail_.append(buffer, static_cast<std::size_t>(got));
          if (stderr_tail_.size() > kStderrTail) {
            stderr_tail_.erase(0, stderr_tail_.size() - kStderrTail);
          }
        } else if (got == 0) {
          ::close(stderr_);
          stderr_ = -1;
        }
      }
      if ((polls[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t got = ::recv(socket_, buffer, sizeof(buffer), 0);
        if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN)) {
          closed = true;
          return std::nullopt;
        }
        if (got > 0) inbox_.append(buffer, static_cast<std::size_t>(got));
      }
    }
  }

  // Waits for the process to end by itself until `deadline`, then kills its
  // group. Returns how it ended ("exit code 3").
  std::string Stop(Clock::time_point deadline = Clock::now()) {
    std::string how;
    if (pid_ > 0) {
      int status = 0;
      pid_t done = ::waitpid(pid_, &status, WNOHANG);
      while (done == 0 && Clock::now() < deadline) {
        ::poll(nullptr, 0, 20);  // it is closing: look again shortly
        done = ::waitpid(pid_, &status, WNOHANG);
      }
      ::kill(-pid_, SIGKILL);  // the browser's helpers, or the browser itself
      if (done == 0) ::waitpid(pid_, &status, 0);
      if (WIFEXITED(status)) how = "exit code " + std::to_string(WEXITSTATUS(status));
      if (WIFSIGNALED(status)) how = "signal " + std::to_string(WTERMSIG(status));
      pid_ = -1;
    }
    DrainStderr();
    if (socket_ >= 0) ::close(socket_);
    if (stderr_ >= 0) ::close(stderr_);
    socket_ = stderr_ = -1;
    return how;
  }

  // Keeps what the browser wrote to stderr and is still unread.
  void DrainStderr() {
    char buffer[4096];
    while (stderr_ >= 0) {
      pollfd p{stderr_, POLLIN, 0};
      if (::poll(&p, 1, 0) <= 0) return;
      const ssize_t got = ::read(stderr_, buffer, sizeof(buffer));
      if (got <= 0) return;
      stderr_tail_.append(buffer, static_cast<std::size_t>(got));
      if (stderr_tail_.size() > kStderrTail)
        stderr_tail_.erase(0, stderr_tail_.size() - kStderrTail);
    }
  }

  // The last line of stderr that is not a D-Bus complaint, for messages.
  [[nodiscard]] std::string StderrHint() const {
    std::string last;
    std::size_t start = 0;
    while (start < stderr_tail_.size()) {
      std::size_t end = stderr_tail_.find('\n', start);
      if (end == std::string::npos) end = stderr_tail_.size();
      const std::string line = stderr_tail_.substr(start, end - start);
      if (!line.empty() && line.find("dbus") == std::string::npos) last = line;
      start = end + 1;
    }
    return last;
  }

 private:
  pid_t pid_ = -1;
  int socket_ = -1;
  int stderr_ = -1;
  std::string inbox_;
  std::string stderr_tail_;
};

std::string WithHint(std::string message, const std::string& hint) {
  if (!hint.empty()) message += " (" + hint + ")";
  return message;
}

}  // namespace

Result<std::string> EvaluateInChromium(const std::vector<std::string>& argv,
                                       const std::string& page_url, const std::string& expression,
                                       std::chrono::milliseconds timeout) {
  if (argv.empty()) return InvalidArgument("no browser to run");
  const auto deadline = Clock::now() + timeout;
  Browser browser;
  if (auto started = browser.Start(argv); !started) return tl::unexpected(started.error());

  enum Id { kCreate = 1, kAttach, kEnable, kNavigate, kEvaluate, kClose };
  if (auto s = browser.Send(json{{"id", kCreate},
                                 {"method", "Target.createTarget"},
                                 {"params", {{"url", "about:blank"}}}});
      !s) {
    return tl::unexpected(s.error());
  }
  std::string session;
  bool navigating = false;
  bool evaluating = false;
  while (true) {
    bool closed = false;
    std::optional<std::string> text = browser.Receive(deadline, closed);
    if (!text) {
      const std::string how = browser.Stop(Clock::now() + std::chrono::seconds(closed ? 2 : 0));
      const std::string hint = browser.StderrHint();
      if (closed) {
        return MakeError(ErrorCode::kUnavailable,
                         WithHint("chromium exited before answering (" + how + ")", hint), argv[0]);
      }
      return MakeError(
          ErrorCode::kBusy,
          WithHint("no answer within " + std::to_string(timeout.count()) + " ms", hint), argv[0]);
    }
    const json message = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (message.is_discarded() || !message.is_object()) {
      return MakeError(ErrorCode::kCorrupt, "a DevTools message is not JSON", argv[0]);
    }
    Status sent = Ok();
    if (message.contains("id")) {
      const int id = message["id"].is_number_integer() ? message["id"].get<int>() : 0;
      if (message.contains("error")) {
        return MakeError(ErrorCode::kUnavailable,
                         "DevTools request " + std::to_string(id) +
                             " failed: " + message["error"].value("message", std::string("?")),
                         argv[0]);
      }
      const json result = message.value("result", json::object());
      switch (id) {
        case kCreate:
          sent = browser.Send(
              json{{"id", kAttach},
                   {"method", "Target.attachToTarget"},
                   {"params",
                    {{"targetId", result.value("targetId", std::string())}, {"flatten", true}}}});
          break;
        case kAttach:
          session = result.value("sessionId", std::string());
          sent = browser.Send(
              json{{"id", kEnable}, {"sessionId", session}, {"method", "Page.enable"}});
          break;
        case kEnable:
          navigating = true;
          sent = browser.Send(json{{"id", kNavigate},
                                   {"sessionId", session},
                                   {"method", "Page.navigate"},
                                   {"params", {{"url", page_url}}}});
          break;
        case kNavigate:
          if (auto failed = result.value("errorText", std::string()); !failed.empty()) {
            return MakeError(ErrorCode::kUnavailable, "cannot open the page: " + failed, page_url);
          }
          break;
        case kEvaluate: {
          if (result.contains("exceptionDetails")) {
            const json& details = result["exceptionDetails"];
            std::string what = details.value("text", std::string("exception"));
            if (details.contains("exception")) {
              what += ": " + details["exception"].value("description", std::string());
            }
            return MakeError(ErrorCode::kInternal, "the page threw " + what, page_url);
          }
          const json value = result.value("result", json::object()).value("value", json());
          (void)browser.Send(json{{"id", kClose}, {"method", "Browser.close"}});
          browser.Stop(Clock::now() + std::chrono::seconds(5));
          return value.dump();
        }
        default: break;
      }
    } else if (navigating && !evaluating && message.value("method", "") == "Page.loadEventFired" &&
               message.value("sessionId", "") == session) {
      evaluating = true;
      sent = browser.Send(
          json{{"id", kEvaluate},
               {"sessionId", session},
               {"method", "Runtime.evaluate"},
               {"params",
                {{"expression", expression}, {"awaitPromise", true}, {"returnByValue", true}}}});
    }
    if (!sent) return tl::unexpected(sent.error());
  }
}

}  // namespace hawk::hw
