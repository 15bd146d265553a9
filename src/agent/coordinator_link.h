// The parts of a worker's connection to its coordinator that need no
// network: where the coordinator is (its URL), and how long to wait before
// connecting again after a failure.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/rng.h"

namespace hawk::agent {

// The worker WebSocket's path on every coordinator.
inline constexpr std::string_view kWorkerConnectPath = "/api/v1/workers/connect";

struct CoordinatorAddress {
  std::string host;  // a name or an address; an IPv6 address without brackets
  std::uint16_t port = 0;
  bool tls = false;
  std::string target;  // the request path: kWorkerConnectPath

  // "ws://host:port/api/v1/workers/connect" (wss:// with TLS).
  [[nodiscard]] std::string ToString() const;
};

// "ws://HOST:PORT", "wss://HOST:PORT", or the same with http:// (ws) and
// https:// (wss); the port defaults to 80 / 443; a trailing "/" or the
// path kWorkerConnectPath may follow. IPv6 addresses go in brackets
// ("ws://[::1]:8080"). Errors (kInvalidArgument) say what is wrong with the
// URL and show the accepted form.
Result<CoordinatorAddress> ParseCoordinatorUrl(std::string_view url);

struct BackoffOptions {
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds max{10'000};
  double multiplier = 2.0;
  double jitter = 0.2;  // each delay is scaled by a factor in [1 - jitter, 1 + jitter]
};

// Delays between connection attempts: initial, doubling up to max, each
// with its jitter drawn from the borrowed Rng (so a fleet restarting at once
// does not reconnect in lockstep, and a test with a seed gets the same
// delays every time). Not thread-safe.
class ReconnectBackoff {
 public:
  ReconnectBackoff(BackoffOptions options, Rng& rng) : options_(options), rng_(rng) {}

  // The delay before the next attempt; the one after it is longer.
  std::chrono::milliseconds Next();
  // After a successful session (a welcome): the next delay is `initial` again.
  void Reset() { attempt_ = 0; }

 private:
  BackoffOptions options_;
  Rng& rng_;
  int attempt_ = 0;
};

}  // namespace hawk::agent
