// The coordinator service shared by `hawk coordinator` and `hawk up`.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "coord/server.h"
#include "core/result.h"
#include "core/units.h"

namespace hawk::cli {

struct CoordinatorServiceOptions {
  std::string listen = "127.0.0.1:7700";
  std::string db_path = "hawk.duckdb";
  std::string state_dir = ".hawk";
  std::string client_token_file;
  std::string worker_token_file;
  std::string heartbeat_timeout = "10s";  // silent this long: the worker is lost
  std::string heartbeat_interval = "1s";  // told to workers
  std::size_t max_body_bytes = std::size_t{16} << 20;
  // Hosts and devices this busy take no new task; 1 turns the check off.
  double overload_threshold = 0.95;
  // Lanes whose last attempts all took at most this long are dispatched
  // ahead (engine::OrchestratorConfig::dispatch_ahead_below); "0s": never.
  std::string dispatch_ahead_below = "50ms";
  std::string port_file;  // the bound port is written here (for scripts and tests)
  // PEM files; both set: the port speaks TLS only (https://, wss://).
  std::string tls_cert_file;
  std::string tls_key_file;
};

void AddCoordinatorServiceFlags(CLI::App& cmd, CoordinatorServiceOptions& options);

// A token from `file`, else the environment variable, else `default_file`
// (created with 32 random bytes, mode 0600, when missing).
Result<std::string> LoadOrCreateToken(const std::string& file, const char* env_name,
                                      const std::filesystem::path& default_file);
Result<std::pair<std::string, std::uint16_t>> ParseListen(const std::string& listen);
// The value of --dispatch-ahead-below: a duration, 0s or more.
Result<Duration> ParseDispatchAheadBelow(const std::string& text);
// The TLS files of --tls-cert and --tls-key: none when neither is given,
// kInvalidArgument when only one is.
Result<std::optional<coord::TlsFiles>> TlsFilesOf(const CoordinatorServiceOptions& options);

// Serves until SIGINT/SIGTERM; `on_listening` runs once the port is bound.
int RunCoordinatorService(const CoordinatorServiceOptions& options,
                          const std::function<void(coord::Server&)>& on_listening);

}  // namespace hawk::cli
