// The simulator drives the real engine: tests of whole runs on virtual time.
#include <gtest/gtest.h>

#include "sim/scenario.h"
#include "sim/simulation.h"

namespace hawk::sim {
namespace {

struct Outcome {
  SimulationResult result;
  std::unique_ptr<Simulation> simulation;
};

Outcome RunScenario(std::uint64_t seed, bool failures, bool hot, std::uint32_t tasks = 24,
                    bool record_commands = true) {
  Rng rng(seed);
  BuiltinFleetOptions fleet_options;
  fleet_options.workers = MachineTemplates().size();
  if (failures) {
    fleet_options.worker_failures.crash_per_attempt = 0.1;
    fleet_options.device_failures.device_error_per_attempt = 0.05;
    fleet_options.flaky = FlakyDevice{};
  }
  auto fleet = BuiltinFleet(fleet_options, rng);
  EXPECT_TRUE(fleet) << fleet.error().ToString();
  if (hot) {
    for (auto& w : fleet->workers) w.ambient_offset_celsius += 25.0;
  }
  engine::OrchestratorConfig config;
  config.seed = seed;
  config.quarantine.failure_threshold = 2;
  config.quarantine.window = std::chrono::hours(1);
  auto engine = engine::Orchestrator::Create(config);
  EXPECT_TRUE(engine);
  SimulationOptions options;
  options.seed = seed;
  options.inject_failures = failures;
  options.max_time = std::chrono::hours(12);
  options.record_commands = record_commands;
  Outcome out;
  out.simulation = std::make_unique<Simulation>(std::move(*fleet), std::move(*engine), options);
  ScenarioOptions scenario;
  scenario.tasks = tasks;
  scenario.multi_device = true;
  scenario.fault_tolerance = true;
  for (auto& [id, w] : BuildScenario(scenario, rng)) out.simulation->Submit(id, w);
  out.result = out.simulation->Run();
  return out;
}

std::vector<std::string> Trace(const SimulationResult& r) {
  std::vector<std::string> out;
  for (const LogEntry& e : r.log) {
    if (const auto* d = std::get_if<engine::DispatchAttempt>(&e.command)) {
      out.push_back(std::to_string(ToUnixMillis(e.at)) + " " + d->attempt_id + " " + d->unit_id +
                    " " + d->worker_id + "/" + d->device_ids.front());
    }
  }
  return out;
}

TEST(Simulation, SameSeedSameRun) {
  const Outcome a = RunScenario(11, true, false);
  const Outcome b = RunScenario(11, true, false);
  EXPECT_EQ(Trace(a.result), Trace(b.result));
  EXPECT_EQ(a.result.finished, b.result.finished);
  EXPECT_EQ(a.result.attempts_failed, b.result.attempts_failed);
  const Outcome c = RunScenario(12, true, false);
  EXPECT_NE(Trace(a.result), Trace(c.result));
}

TEST(Simulation, NotRecordingCommandsLeavesTheRunAsItWas) {
  const Outcome recorded = RunScenario(11, true, false);
  const Outcome counted = RunScenario(11, true, false, 24, /*record_commands=*/false);
  EXPECT_FALSE(recorded.result.log.empty());
  EXPECT_TRUE(counted.result.log.empty());
  EXPECT_EQ(counted.result.finished, recorded.result.finished);
  EXPECT_EQ(counted.result.attempts_started, recorded.result.attempts_started);
  EXPECT_EQ(counted.result.attempts_failed, recorded.result.attempts_failed);
  EXPECT_EQ(counted.result.heartbeats, recorded.result.heartbeats);
  EXPECT_EQ(counted.result.telemetry_reports, recorded.result.telemetry_reports);
}

TEST(Simulation, InjectedFailuresReallyFailAndWorkloadsStillFinish) {
  const Outcome o = RunScenario(3, true, false);
  EXPECT_FALSE(o.result.timed_out);
  EXPECT_GT(o.result.attempts_failed, 0u);
  const engine::Orchestrator& engine = o.simulation->engine();
  EXPECT_FALSE(engine.failure_log().failures.empty());
  EXPECT_FALSE(engine.failure_log().actions.empty());
  for (const std::string& id : engine.WorkloadIds()) {
    EXPECT_EQ(engine.FindWorkload(id)->status(), engine::WorkloadStatus::kSucceeded) << id;
  }
}

TEST(Simulation, HotDevicesThrottleAndSlowTheirTasks) {
  const Outcome cool = RunScenario(5, false, false);
  const Outcome hot = RunScenario(5, false, true);
  bool throttled = false;
  for (const DeviceSample& s : hot.result.samples) throttled = throttled || s.throttling;
  EXPECT_TRUE(throttled);
  Duration hot_throttled{0};
  for (const auto& a : hot.simulation->engine().performance().records())
    hot_throttled += a.throttled;
  EXPECT_GT(hot_throttled, Duration(0));
  EXPECT_GE(hot.result.finished, cool.result.finished);
}

TEST(Simulation, UnsatisfiableTaskIsSkippedNotWaitedOnForever) {
  const Outcome o = RunScenario(2, false, false, 8);
  const engine::WorkloadRun* w = o.simulation->engine().FindWorkload("multimodal-pipeline");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->status(), engine::WorkloadStatus::kSucceeded);
  EXPECT_EQ(w->progress().skipped, 1u);  // giant-model: 16 GPUs on one machine
}

TEST(Simulation, WorkersRepeatOnlyChangedTelemetryAndStayConnected) {
  const Outcome o = RunScenario(4, false, false);
  const SimulationResult& r = o.result;
  EXPECT_FALSE(r.timed_out);
  // Every worker beat at least once a liveness interval; most beats were
  // bare, and no worker was taken for lost.
  const std::size_t workers = o.simulation->fleet().workers.size();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(r.finished - r.started);
  EXPECT_GE(r.heartbeats, workers * static_cast<std::uint64_t>(seconds.count() / 10));
  EXPECT_GT(r.telemetry_reports, 0u);
  EXPECT_LT(r.telemetry_reports, r.heartbeats);
  for (const LogEntry& e : r.log) {
    if (const auto* n = std::get_if<engine::Notice>(&e.command)) {
      EXPECT_NE(n->kind, "worker_lost") << n->text;
    }
  }
}

}  // namespace
}  // namespace hawk::sim
