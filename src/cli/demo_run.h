// `hawk demo`: the real engine driving a simulated heterogeneous fleet, with
// the seed documents' feature flags. This header is the demo's plan (what to
// build and run) and its outcome, shared by the command, its summary printer
// and its database writer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/workload.h"
#include "sim/simulation.h"
#include "store/store.h"

namespace hawk::cli {

struct DemoOptions {
  bool multi_device = false;
  bool fault_tolerance = false;
  bool thermal_tracking = false;
  bool resource_monitoring = false;
  bool performance_tracking = false;
  bool all_features = false;
  bool visualize = false;
  bool simulate_failures = false;
  std::string db_path;
  std::string fleet_file;
  std::string report_path;
  std::string export_json_path;
  std::string charts_dir = "hawk-demo-charts";
  std::uint32_t workers = 0;  // 0: one worker per built-in machine template
  std::uint32_t tasks = 40;
  std::string duration = "6h";
  std::uint64_t seed = 1;
};

struct DemoRun {
  DemoOptions options;
  std::vector<std::pair<std::string, Workload>> workloads;
  std::unique_ptr<sim::Simulation> simulation;
  sim::SimulationResult result;
};

// Builds the fleet, the workloads and the engine configuration from the
// options and runs the simulation. Errors: a bad fleet file, a bad duration.
Result<DemoRun> RunDemo(const DemoOptions& options);

// The readable summary: what ran where and why, failures and recoveries,
// thermal events, bottlenecks. Deterministic text (no wall-clock values).
std::string DemoSummary(const DemoRun& run);
// The same as JSON (for --export-json).
std::string DemoJson(const DemoRun& run);
// Writes everything to the DuckDB file at `path` (the same schema as a real run).
Status WriteDemoDatabase(const DemoRun& run, const std::string& path);
// The same into an open store (the demo's --report and --visualize use an
// in-memory one).
Status WriteDemoStore(const DemoRun& run, Store& store);

}  // namespace hawk::cli
