#include "cli/demo_run.h"

#include "sim/fleet_file.h"
#include "sim/scenario.h"

namespace hawk::cli {
namespace {

constexpr double kHotRackOffsetCelsius = 18.0;

}  // namespace

Result<DemoRun> RunDemo(const DemoOptions& input) {
  DemoRun run;
  run.options = input;
  DemoOptions& o = run.options;
  if (o.all_features) {
    o.multi_device = o.fault_tolerance = o.thermal_tracking = o.resource_monitoring =
        o.performance_tracking = o.simulate_failures = true;
  }
  auto duration = ParseDuration(o.duration);
  if (!duration) {
    Error e = duration.error();
    e.where = "--duration";
    return tl::unexpected(e);
  }

  Rng rng(o.seed);
  sim::SimFleet fleet;
  if (!o.fleet_file.empty()) {
    auto loaded = sim::LoadFleetFile(o.fleet_file);
    if (!loaded) return tl::unexpected(loaded.error());
    fleet = std::move(*loaded);
  } else {
    sim::BuiltinFleetOptions fleet_options;
    fleet_options.workers = o.workers > 0 ? o.workers : sim::MachineTemplates().size();
    if (o.simulate_failures) {
      fleet_options.worker_failures.crash_per_attempt = 0.04;
      fleet_options.worker_failures.disconnect_per_hour = 0.4;
      fleet_options.device_failures.device_error_per_attempt = 0.02;
      // One GPU that keeps failing, so quarantine has something to catch.
      fleet_options.flaky = sim::FlakyDevice{};
    }
    auto built = sim::BuiltinFleet(fleet_options, rng);
    if (!built) return tl::unexpected(built.error());
    fleet = std::move(*built);
  }
  if (o.thermal_tracking) {
    // A hot rack: every third machine sits in 18 °C warmer air, so its
    // devices heat towards their throttle points under load.
    for (std::size_t w = 0; w < fleet.workers.size(); w += 3) {
      fleet.workers[w].ambient_offset_celsius += kHotRackOffsetCelsius;
    }
  }

  engine::OrchestratorConfig config;
  config.seed = o.seed;
  config.heartbeat_timeout = std::chrono::seconds(20);
  config.unsatisfiable_wait = std::chrono::minutes(1);
  config.quarantine.failure_threshold = 2;
  config.quarantine.window = std::chrono::minutes(30);
  // Without thermal tracking the scheduler is blind to temperature, as the
  // usual schedulers are; with it, heat and throttling steer placement.
  config.placement.scorers.thermal_headroom.enabled = o.thermal_tracking;
  config.placement.exclude_throttling = o.thermal_tracking;
  config.placement.exclude_critical = o.thermal_tracking;

  sim::SimulationOptions sim_options;
  sim_options.seed = o.seed;
  sim_options.max_time = *duration;
  sim_options.inject_failures = o.simulate_failures;

  sim::ScenarioOptions scenario;
  scenario.tasks = o.tasks;
  scenario.multi_device = o.multi_device;
  scenario.fault_tolerance = o.fault_tolerance;
  run.workloads = sim::BuildScenario(scenario, rng);

  auto engine = engine::Orchestrator::Create(config);
  if (!engine) return tl::unexpected(engine.error());
  run.simulation =
      std::make_unique<sim::Simulation>(std::move(fleet), std::move(*engine), sim_options);
  for (const auto& [id, workload] : run.workloads) run.simulation->Submit(id, workload);
  run.result = run.simulation->Run();
  return run;
}

}  // namespace hawk::cli
