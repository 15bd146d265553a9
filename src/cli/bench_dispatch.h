// The coordinator benchmarks: `hawk bench dispatch` (cli/bench_dispatch.cpp)
// and `hawk bench heartbeats` (cli/bench_heartbeats.cpp).
#pragma once

#include <cstdint>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace hawk::cli {

struct BenchDispatchOptions {
  std::uint32_t tasks = 5000;
  std::uint32_t slots = 2;
  std::uint32_t latency_samples = 200;
  bool track_usage = false;
  // The coordinator's --dispatch-ahead-below; "0s" measures without it.
  std::string dispatch_ahead_below = "50ms";
};

void AddBenchDispatchCommand(CLI::App& bench, Runner& runner);
// `hawk bench heartbeats` (cli/bench_heartbeats.cpp).
void AddBenchHeartbeatsCommand(CLI::App& bench, Runner& runner);

}  // namespace hawk::cli
