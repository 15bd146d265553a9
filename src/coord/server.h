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
// TLS (optional): with ServerOptions::tls set, every connection on the port
// starts with a TLS handshake (TLS 1.2 or later) and then carries the same
// HTTP, WebSocket and Server-Sent Events as without it. A connection that
// does not complete the handshake in time, or speaks plain HTTP, is closed;
// the others are not affected.
//
// Limits: an HTTP body over max_body_bytes is answered 413 as soon as its
// headers are in; the server then reads and drops the rest of the body (for
// at most 5 s) before it closes, so a client still sending it is not reset
// before it reads the answer. A worker message over max_message_bytes gets a
// protocol error reply (the connection stays); frames over twice that close
// the connection. Messages that cannot be decoded are counted and answered,
// never fatal.
//
// Threading: Run() drives everything on the calling thread; the Coordinator
// is only touched from it. Stop() may be called from any thread (or a
// signal-watching one).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coord/api.h"
#include "coord/coordinator.h"
#include "core/result.h"

namespace hawk::coord {

// The server's certificate and private key, PEM files. `cert_file` may be a
// chain: the server's certificate first, then the intermediates. The key must
// not be encrypted (the service has nobody to ask for a passphrase).
struct TlsFiles {
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
};

// Whom a server certificate is for, and who vouches for it.
struct CertificateIdentity {
  // Its subjectAltName DNS names and IP addresses, in their order, or without
  // that extension its common name.
  std::vector<std::string> names;
  bool self_signed = false;  // its own issuer: a client trusts it as its own CA
};

// The identity of the first certificate in a PEM file. Errors:
// kInvalidArgument naming the file when it is missing, unreadable or not a
// PEM certificate.
Result<CertificateIdentity> ReadCertificateIdentity(const std::filesystem::path& cert_file);

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 7700;  // 0: any free port (see Server::port())
  ApiTokens tokens;
  std::size_t max_body_bytes = std::size_t{16} << 20;
  std::size_t max_message_bytes = std::size_t{16} << 20;
  // The engine runs at least this often (timeouts, backoff) and at once
  // after anything that may let a task start.
  std::chrono::milliseconds tick_interval{100};
  // Group commit: a tick's dispatches leave at once and its rows are
  // committed at most this long after, with those of the ticks in between;
  // acknowledgements wait for that commit, and so do the answers to
  // requests while anything is uncommitted (a request joins the group
  // commit rather than forcing one). 0: every tick commits at once.
  std::chrono::microseconds commit_window{10000};
  std::chrono::milliseconds stream_interval{1000};  // dashboard updates
  std::optional<TlsFiles> tls;                      // unset: plain HTTP and ws://
  // A connection must finish its TLS handshake within this (and its TLS
  // shutdown too), or it is closed.
  std::chrono::milliseconds tls_handshake_timeout{10'000};
};

class Server {
 public:
  // Loads the TLS files (when options.tls), binds and listens. Errors:
  // kUnavailable (address in use, cannot bind), kInvalidArgument (a bad host,
  // an empty token, or a certificate or key that is missing, unreadable, not
  // PEM, or not a pair; the message names the file). Never throws.
  static Result<std::unique_ptr<Server>> Start(Coordinator& coordinator, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  // Serves until Stop(); then closes every connection and returns.
  void Run();
  // Commits what is pending, answers the requests that waited for it, and
  // ends Run(). Safe from any thread.
  void Stop();

  struct Impl;  // the sessions' shared state (server_internal.h)

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hawk::coord
