// The worker's network shell: a WebSocket to the coordinator
// (ws://HOST:PORT/api/v1/workers/connect, or wss:// over TLS) around a
// WorkerCore, on one thread with one Asio io_context.
//
// RunWorker connects, sends the core's hello, then feeds every message read
// to WorkerCore::OnMessage; every `tick` it checks `drain_requested`
// (WorkerCore::BeginDrain once it is set), calls WorkerCore::Poll(0) and
// sends what the core queued, one write at a time. A message that cannot be
// decoded is answered with the protocol error Decode gives and otherwise
// ignored.
//
// Any failure — the coordinator unreachable, the TLS or WebSocket handshake
// refused, the connection lost, no frame for idle_timeout (pings are sent
// meanwhile) — tells the core (OnDisconnected) and connects again after a
// delay from ReconnectBackoff (reset once a welcome arrives). The processes
// keep running meanwhile and their final updates wait in the core.
//
// RunWorker returns:
// - Ok once the core is draining and Finished() (after a drain from the
//   coordinator or drain_requested), having closed the WebSocket;
// - kInvalidArgument for a bad URL, an unreadable CA file, or a token the
//   coordinator refused (HTTP 401 or 403 on the upgrade), and kUnavailable
//   when the coordinator answers with a protocol "version" error: retrying
//   cannot help there.
//
// Threading: everything, the core included, runs on the calling thread;
// drain_requested may be set from anywhere (a signal handler).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "agent/coordinator_link.h"
#include "agent/worker_core.h"
#include "core/result.h"
#include "core/rng.h"

namespace hawk::agent {

struct WorkerConnectionOptions {
  std::string coordinator_url;  // ParseCoordinatorUrl's forms
  // Sent as "Authorization: Bearer <token>" on the upgrade request; empty:
  // no Authorization header.
  std::string token;
  std::optional<std::string> ca_file;  // PEM CAs for wss:// (default: the system's)
  bool insecure = false;               // wss:// without checking the certificate
  // The name the coordinator's certificate must carry, and the TLS server name
  // (SNI) sent; unset: the URL's host. For a coordinator reached by another
  // address than its certificate names (`hawk up` connects to 127.0.0.1).
  std::optional<std::string> tls_server_name;
  BackoffOptions backoff;
  Rng* rng = nullptr;  // the backoff's jitter (borrowed); null: seeded from std::random_device
  std::chrono::milliseconds tick{20};
  std::chrono::milliseconds connect_timeout{10'000};  // resolve + TCP + TLS + upgrade
  std::chrono::milliseconds idle_timeout{30'000};     // no frame from the coordinator
  std::size_t max_message_bytes = (std::size_t{16} << 20) + (std::size_t{64} << 10);
  std::string user_agent = "hawk/0.1.0";
  // One line per connection event (connected, lost, retrying in ...). Optional.
  std::function<void(std::string_view)> on_notice;
};

Status RunWorker(const WorkerConnectionOptions& options, WorkerCore& core,
                 const std::atomic<bool>* drain_requested);

}  // namespace hawk::agent
