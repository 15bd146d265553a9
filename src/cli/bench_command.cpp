// `hawk bench sim`: the engine at scale on virtual time — a large built-in
// fleet, one workload of many independent mixed tasks — printing JSON with
// the wall time it took and the work it did.
#include <chrono>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/bench_dispatch.h"
#include "cli/command.h"
#include "cli/huge_page_heap.h"
#include "sim/scenario.h"
#include "sim/simulation.h"

namespace hawk::cli {
namespace {

struct BenchSimOptions {
  std::uint32_t workers = 10000;
  std::uint32_t tasks = 100000;
  std::uint64_t seed = 1;
  bool huge_pages = true;
};

// Virtual address space for the heap; 10 000 workers and 100 000 tasks
// take about 650 MB.
constexpr std::size_t kHeapReserveBytes = std::size_t{1} << 30;

int RunBenchSim(const BenchSimOptions& o) {
  // Before the fleet is built, so all of it lands on huge pages.
  const HugePageHeap heap =
      o.huge_pages ? ReserveHugePageHeap(kHeapReserveBytes) : HugePageHeap{false, "not asked for"};
  const auto wall_start = std::chrono::steady_clock::now();
  Rng rng(o.seed);
  sim::BuiltinFleetOptions fleet_options;
  fleet_options.workers = o.workers;
  auto fleet = sim::BuiltinFleet(fleet_options, rng);
  if (!fleet) return ReportError(fleet.error());
  const std::size_t devices = fleet->DeviceCount();
  Workload workload = sim::BuildMixedWorkload("bench", o.tasks, /*fault_tolerance=*/false, rng);

  engine::OrchestratorConfig config;
  config.seed = o.seed;
  sim::SimulationOptions sim_options;
  sim_options.seed = o.seed;
  sim_options.sample_interval = Duration(0);
  sim_options.record_commands = false;
  sim_options.max_time = std::chrono::hours(48);
  auto engine = engine::Orchestrator::Create(config);
  if (!engine) return ReportError(engine.error());
  sim::Simulation simulation(std::move(*fleet), std::move(*engine), sim_options);
  simulation.Submit("bench", std::move(workload));
  const auto run_start = std::chrono::steady_clock::now();
  const sim::SimulationResult result = simulation.Run();
  const auto wall_end = std::chrono::steady_clock::now();

  const engine::WorkloadRun* run = simulation.engine().FindWorkload("bench");
  const auto progress = run->progress();
  const auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
  nlohmann::ordered_json j;
  j["benchmark"] = "sim";
  j["workers"] = o.workers;
  j["devices"] = devices;
  j["tasks"] = o.tasks;
  j["seed"] = o.seed;
  j["heap_huge_pages"] = heap.applied;
  j["heap"] = heap.detail;
  j["status"] = ToString(run->status());
  j["units_succeeded"] = progress.succeeded;
  j["units_skipped"] = progress.skipped;
  j["attempts"] = result.attempts_started;
  j["ticks"] = result.ticks;
  j["heartbeats"] = result.heartbeats;
  j["telemetry_reports"] = result.telemetry_reports;
  j["virtual_time_s"] = seconds(result.finished - result.started);
  j["wall_setup_s"] = seconds(run_start - wall_start);
  j["wall_run_s"] = seconds(wall_end - run_start);
  j["wall_total_s"] = seconds(wall_end - wall_start);
  j["placements_per_s"] =
      double(result.attempts_started) / std::max(1e-9, seconds(wall_end - run_start));
  std::cout << j.dump(2) << "\n";
  return run->status() == engine::WorkloadStatus::kSucceeded ? kExitOk : kExitFailure;
}

}  // namespace

void AddBenchCommand(CLI::App& app, Runner& runner) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks that run through hawk itself");
  bench->require_subcommand(1);
  auto o = std::make_shared<BenchSimOptions>();
  CLI::App* sim =
      bench->add_subcommand("sim", "The engine on a simulated fleet at scale (virtual time)");
  sim->add_option("--workers", o->workers, "Simulated workers")->check(CLI::Range(1u, 1000000u));
  sim->add_option("--tasks", o->tasks, "Independent tasks")->check(CLI::Range(1u, 100000000u));
  sim->add_option("--seed", o->seed, "Seed");
  sim->add_flag("!--no-huge-pages", o->huge_pages,
                "Keep the heap on normal pages (by default it is backed by transparent huge pages "
                "where the kernel allows)");
  sim->callback([&runner, o] { runner = [o] { return RunBenchSim(*o); }; });
  AddBenchDispatchCommand(*bench, runner);
  AddBenchHeartbeatsCommand(*bench, runner);
}

}  // namespace hawk::cli
