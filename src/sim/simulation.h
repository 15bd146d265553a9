// The simulator's driver: the real engine (engine::Orchestrator) against a
// simulated fleet on virtual time. Commands become simulated executions —
// runtimes from the runtime model, temperatures from each device's thermal
// model, failures from the failure injector — and their outcomes go back in
// as events, exactly as the coordinator would deliver them. Nothing here
// decides placement or recovery: that is the engine's, the same code that
// runs in production. Same seed, same fleet, same workloads → the same run,
// byte for byte.
//
// Not thread-safe; Run() is called once.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/rng.h"
#include "core/workload.h"
#include "engine/events.h"
#include "engine/orchestrator.h"
#include "sim/failure_injector.h"
#include "sim/fleet.h"
#include "sim/runtime_model.h"
#include "sim/thermal_model.h"

namespace hawk::sim {

struct SimulationOptions {
  std::uint64_t seed = 1;
  TimePoint start = FromUnixMillis(1'767'225'600'000);  // 2026-01-01T00:00:00Z
  Duration tick = std::chrono::seconds(1);
  // Each worker looks at its telemetry at this interval, spread evenly over
  // it (worker i on ticks where i % (interval / tick) matches), as agents
  // that started at different times are. It sends its telemetry when it
  // changed — utilization, thermal state, throttling, or a temperature moved
  // by the deadband — and otherwise a bare heartbeat at least every
  // liveness_interval, so the coordinator knows it is alive.
  Duration heartbeat_interval = std::chrono::seconds(5);
  Duration liveness_interval = std::chrono::seconds(10);
  double telemetry_deadband_celsius = 1.0;
  Duration max_time = std::chrono::hours(24);
  bool inject_failures = false;
  double failure_rate_multiplier = 1.0;
  Duration disconnect_downtime = std::chrono::minutes(2);
  // Whether SimulationResult.log keeps every command (reports and the demo's
  // DB read it; a benchmark that only counts does not need it).
  bool record_commands = true;
  // Device temperature/utilization samples kept for reports; zero: none.
  Duration sample_interval = std::chrono::seconds(10);
  // Minutes of idle warm-up are not simulated: devices start at their idle
  // steady state.
};

struct DeviceSample {
  TimePoint at{};
  std::string worker_id;
  std::string device_id;
  double temperature_celsius = 0;
  double utilization = 0;
  bool throttling = false;
};

struct LogEntry {
  TimePoint at{};
  engine::EngineCommand command;
};

struct SimulationResult {
  TimePoint started{};
  TimePoint finished{};
  std::uint64_t ticks = 0;
  std::uint64_t attempts_started = 0;
  std::uint64_t attempts_failed = 0;
  std::uint64_t injected_failures = 0;
  std::uint64_t disconnects = 0;
  std::uint64_t heartbeats = 0;         // every heartbeat sent
  std::uint64_t telemetry_reports = 0;  // those that carried changed telemetry
  bool timed_out = false;               // max_time reached with work left
  std::vector<LogEntry> log;            // every command the engine gave, in order (record_commands)
  std::vector<DeviceSample> samples;
};

class Simulation {
 public:
  // `engine` is the orchestrator to drive (engine::Orchestrator::Create).
  Simulation(SimFleet fleet, std::unique_ptr<engine::Orchestrator> engine,
             SimulationOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Workloads submitted at the start, in this order.
  void Submit(std::string workload_id, Workload workload);
  SimulationResult Run();

  [[nodiscard]] const engine::Orchestrator& engine() const { return *engine_; }
  [[nodiscard]] const SimFleet& fleet() const { return fleet_; }

 private:
  struct DeviceRuntime;
  struct WorkerRuntime;
  struct RunningAttempt;
  struct AttemptProgress;

  void Apply(const std::vector<engine::EngineCommand>& commands, SimulationResult& result);
  void StartAttempt(const engine::DispatchAttempt& dispatch, SimulationResult& result);
  void AdvanceAttempts(SimulationResult& result);
  void AdvanceThermal();
  // Heartbeats of the workers whose turn it is at `tick` (nullopt: all).
  void SendHeartbeats(std::optional<std::uint64_t> tick, SimulationResult& result);
  void FinishAttempt(std::size_t index, bool failed, SimulationResult& result);
  void RemoveRunning(std::size_t index);
  [[nodiscard]] std::uint32_t DeviceIndex(std::size_t worker, std::size_t device) const;
  // The device's load changed: it steps again until it settles.
  void Unsettle(std::uint32_t index);
  void Disconnect(std::size_t worker, SimulationResult& result);
  void Sample(SimulationResult& result);
  [[nodiscard]] bool AllWorkloadsFinished() const;

  SimFleet fleet_;
  SimulationOptions options_;
  std::unique_ptr<engine::Orchestrator> engine_;
  RuntimeModel runtime_;
  FailureInjector injector_;
  Rng rng_;
  TimePoint now_{};
  std::vector<WorkerRuntime> workers_;
  std::size_t down_ = 0;                  // workers disconnected, waiting to rejoin
  std::vector<DeviceRuntime> devices_;    // every worker's, worker by worker
  std::vector<std::uint8_t> throttling_;  // per device, as of the last step
  std::vector<std::uint32_t> unsettled_;  // devices that still step, in no order
  std::map<std::string, std::size_t> worker_index_;
  std::vector<RunningAttempt> running_;
  std::vector<AttemptProgress> progress_;                       // running_'s, same index
  std::unordered_map<std::string, std::size_t> running_index_;  // attempt id -> running_
  std::uint64_t started_ = 0;
  std::vector<engine::WorkerHeartbeat> heartbeats_;  // per worker, reused
  std::vector<std::pair<std::string, Workload>> submissions_;
  // Per workload, task id -> index in its tasks; built on its first dispatch.
  std::map<std::string, std::unordered_map<std::string, std::size_t>> task_index_;
};

}  // namespace hawk::sim
