// The coordinator both coordinator benchmarks run against: a DuckDB file in a
// fresh temporary folder, a server on a free loopback port on its own
// thread, and the overload check off (the machine is busy with the benchmark
// itself, not overloaded). Stop() (or the destructor) stops the server and
// removes the folder; the coordinator may be read only after Stop().
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "coord/server.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/duckdb_store.h"

namespace hawk::cli {

class BenchCoordinator {
 public:
  // `dispatch_ahead_below`: the engine's (OrchestratorConfig); nullopt
  // keeps the coordinator's default.
  static Result<std::unique_ptr<BenchCoordinator>> Start(
      const std::string& name, coord::ApiTokens tokens, Duration heartbeat_interval,
      std::optional<Duration> dispatch_ahead_below = std::nullopt);
  ~BenchCoordinator();
  BenchCoordinator(const BenchCoordinator&) = delete;
  BenchCoordinator& operator=(const BenchCoordinator&) = delete;

  void Stop();
  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  [[nodiscard]] std::thread& server_thread() { return thread_; }
  [[nodiscard]] const coord::Coordinator& coordinator() const { return *coordinator_; }

 private:
  BenchCoordinator() = default;
  std::filesystem::path dir_;
  SystemClock clock_;
  std::unique_ptr<DuckDbStore> store_;
  std::unique_ptr<coord::Coordinator> coordinator_;
  std::unique_ptr<coord::Server> server_;
  std::thread thread_;
};

}  // namespace hawk::cli
