// Test support: a TCP listener on 127.0.0.1 with an OS-chosen port, and the
// accepted connections, read with a line/byte buffer. Reads and accepts
// block (poll) until data comes, the peer closes, Stop() is called, or a
// safety limit of 10 s passes, so a broken test fails instead of hanging.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hawk::notify::testing {

class Connection {
 public:
  Connection(int fd, int stop_fd) : fd_(fd), stop_fd_(stop_fd) {}
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // One line without its CRLF (or LF); nullopt at end of stream.
  std::optional<std::string> ReadLine();
  // Exactly `n` bytes; nullopt when the stream ends first.
  std::optional<std::string> ReadExact(std::size_t n);
  // Waits until the peer closes (or Stop/limit); returns what came before.
  std::string ReadToEnd();
  bool Write(std::string_view data);

 private:
  // Reads more into buffer_; false at end of stream, stop, error or limit.
  bool Fill();

  int fd_ = -1;
  int stop_fd_ = -1;
  std::string buffer_;
};

class LoopbackListener {
 public:
  LoopbackListener();
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;
  ~LoopbackListener();

  [[nodiscard]] int port() const { return port_; }
  // The next connection; nullopt on Stop(), an error or the safety limit.
  std::optional<Connection> Accept();
  // Wakes every Accept and read of this listener's connections (any thread).
  void Stop();

 private:
  int fd_ = -1;
  int port_ = 0;
  int stop_pipe_[2] = {-1, -1};
};

// A loopback port where nothing listens: a socket bound to it, never
// listening, so a connection is refused at once.
class ClosedPort {
 public:
  ClosedPort();
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;
  ~ClosedPort();
  [[nodiscard]] int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace hawk::notify::testing
