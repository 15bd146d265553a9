#include "loopback_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <stdexcept>
#include <utility>

namespace hawk::notify::testing {
namespace {

constexpr int kLimitMs = 10000;

// Binds a TCP socket to 127.0.0.1 with an OS-chosen port.
int BindLoopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("bind() on 127.0.0.1 failed");
  }
  port = ntohs(addr.sin_port);
  return fd;
}

// Waits until `fd` is readable; false on stop, error or the safety limit.
bool WaitReadable(int fd, int stop_fd) {
  std::array<pollfd, 2> fds{pollfd{fd, POLLIN, 0}, pollfd{stop_fd, POLLIN, 0}};
  for (;;) {
    const int n = ::poll(fds.data(), fds.size(), kLimitMs);
    if (n < 0 && errno == EINTR) continue;
    return n > 0 && fds[1].revents == 0 && fds[0].revents != 0;
  }
}

}  // namespace

Connection::Connection(Connection&& other) noexcept
    : fd_(other.fd_), stop_fd_(other.stop_fd_), buffer_(std::move(other.buffer_)) {
  other.fd_ = -1;
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::Fill() {
  if (!WaitReadable(fd_, stop_fd_)) return false;
  std::array<char, 4096> chunk{};
  const ssize_t n = ::recv(fd_, chunk.data(), chunk.size(), 0);
  if (n <= 0) return false;
  buffer_.append(chunk.data(), static_cast<std::size_t>(n));
  return true;
}

std::optional<std::string> Connection::ReadLine() {
  std::size_t end = buffer_.find('\n');
  while (end == std::string::npos) {
    if (!Fill()) return std::nullopt;
    end = buffer_.find('\n');
  }
  std::string line = buffer_.substr(0, end);
  buffer_.erase(0, end + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> Connection::ReadExact(std::size_t n) {
  while (buffer_.size() < n) {
    if (!Fill()) return std::nullopt;
  }
  std::string out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return out;
}

std::string Connection::ReadToEnd() {
  while (Fill()) {
  }
  return std::exchange(buffer_, {});
}

bool Connection::Write(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

LoopbackListener::LoopbackListener() {
  fd_ = BindLoopback(port_);
  if (::listen(fd_, 16) != 0 || ::pipe2(stop_pipe_, O_CLOEXEC) != 0) {
    ::close(fd_);
    throw std::runtime_error("listen() on 127.0.0.1 failed");
  }
}

LoopbackListener::~LoopbackListener() {
  ::close(fd_);
  ::close(stop_pipe_[0]);
  ::close(stop_pipe_[1]);
}

std::optional<Connection> LoopbackListener::Accept() {
  if (!WaitReadable(fd_, stop_pipe_[0])) return std::nullopt;
  const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return std::nullopt;
  return Connection(fd, stop_pipe_[0]);
}

void LoopbackListener::Stop() {
  const char byte = 's';
  [[maybe_unused]] const ssize_t n = ::write(stop_pipe_[1], &byte, 1);
}

ClosedPort::ClosedPort() : fd_(BindLoopback(port_)) {}

ClosedPort::~ClosedPort() {
  ::close(fd_);
}

}  // namespace hawk::notify::testing
