// The coordinator's network shell (DESIGN.md §5): one port, HTTP/1.1 and
// WebSocket with Boost.Beast on one Asio thread, so thousands of idle worker
// connections cost no threads.
//
//   /api/v1/workers/connect   WebSocket for workers (worker token); each text
//                             frame is one protocol message (protocol/codec.h)
//   /api/v1/stream            Server-Sent Events for the dashboard: the
//                             overview (api_views.h) once a second
//   everything else           HandleApi (api.h)
//
// Limits: an HTTP body over max_body_bytes is answered 413; a worker message
// over max_message_bytes gets a protocol error reply (the connection stays);
// frames over twice that close the connection. Messages that cannot be
// decoded are counted and answered, never fatal.
//
// Threading: Run() drives everything on the calling thread; the Coordinator
// is only touched from it. Stop() may be called from any thread (or a
// signal-watching one).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "coord/api.h"
#include "coord/coordinator.h"
#include "core/result.h"

namespace hawk::coord {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 7700;  // 0: any free port (see Server::port())
  ApiTokens tokens;
  std::size_t max_body_bytes = std::size_t{16} << 20;
  std::size_t max_message_bytes = std::size_t{16} << 20;
  // The engine runs at least this often (timeouts, backoff) and at once
  // after anything that may let a task start.
  std::chrono::milliseconds tick_interval{100};
  std::chrono::milliseconds stream_interval{1000};  // dashboard updates
};

class Server {
 public:
  // Binds and listens. Errors: kUnavailable (address in use, cannot bind),
  // kInvalidArgument (a bad host or an empty token).
  static Result<std::unique_ptr<Server>> Start(Coordinator& coordinator, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  // Serves until Stop(); then closes every connection and returns.
  void Run();
  void Stop();

  struct Impl;  // the sessions' shared state, private to server.cpp

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::coord
