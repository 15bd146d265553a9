#include "cli/bench_coordinator.h"

#include <unistd.h>

namespace hawk::cli {

Result<std::unique_ptr<BenchCoordinator>> BenchCoordinator::Start(
    const std::string& name, coord::ApiTokens tokens, Duration heartbeat_interval,
    std::optional<Duration> dispatch_ahead_below) {
  std::unique_ptr<BenchCoordinator> b(new BenchCoordinator());
  b->dir_ = std::filesystem::temp_directory_path() /
            ("hawk-bench-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(b->dir_);
  std::filesystem::create_directories(b->dir_);
  auto store = DuckDbStore::Open((b->dir_ / "bench.duckdb").string(),
                                 coord::CoordinatorOptions::StoreOpenOptions());
  if (!store) return tl::unexpected(store.error());
  b->store_ = std::move(*store);
  coord::CoordinatorOptions options;
  options.engine = coord::CoordinatorOptions::DefaultEngineConfig();
  options.engine.placement.overload_threshold = Fraction::One();
  options.engine.placement.accelerator_overload_threshold = Fraction::One();
  options.engine.heartbeat_timeout = heartbeat_interval * 10;
  if (dispatch_ahead_below) options.engine.dispatch_ahead_below = *dispatch_ahead_below;
  options.heartbeat_interval = heartbeat_interval;
  options.state_dir = b->dir_ / "coordinator";
  auto coordinator = coord::Coordinator::Open(*b->store_, b->clock_, options);
  if (!coordinator) return tl::unexpected(coordinator.error());
  b->coordinator_ = std::move(*coordinator);
  coord::ServerOptions server_options;
  server_options.port = 0;
  server_options.tokens = std::move(tokens);
  auto server = coord::Server::Start(*b->coordinator_, server_options);
  if (!server) return tl::unexpected(server.error());
  b->server_ = std::move(*server);
  b->thread_ = std::thread([s = b->server_.get()] { s->Run(); });
  return b;
}

void BenchCoordinator::Stop() {
  if (!thread_.joinable()) return;
  server_->Stop();
  thread_.join();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

BenchCoordinator::~BenchCoordinator() {
  Stop();
}

}  // namespace hawk::cli
