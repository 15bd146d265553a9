#include "sim/simulation.h"

#include <algorithm>
#include <cmath>

namespace hawk::sim {

struct Simulation::DeviceRuntime {
  explicit DeviceRuntime(const ThermalParams& params) : thermal(params) {}
  ThermalModel thermal;
  std::uint32_t busy = 0;  // attempts using it (CPU devices are shared)
};

struct Simulation::WorkerRuntime {
  std::vector<DeviceRuntime> devices;
  bool up = true;
  std::optional<TimePoint> rejoin_at;
};

struct Simulation::RunningAttempt {
  std::size_t worker = 0;
  std::vector<std::size_t> devices;  // indices into the worker's devices
  TaskRun run;
  std::optional<PlannedFailure> failure;
  Duration throttled{0};
};

namespace {

engine::ThermalState StateOf(const ThermalModel& m) {
  const ThermalParams& p = m.params();
  const double t = m.temperature_celsius();
  if (t >= p.critical_celsius) return engine::ThermalState::kCritical;
  if (m.throttling()) return engine::ThermalState::kThrottling;
  if (t >= p.throttle_celsius - 5.0) return engine::ThermalState::kHot;
  if (t >= p.throttle_celsius - 15.0) return engine::ThermalState::kWarm;
  return engine::ThermalState::kNormal;
}

}  // namespace

Simulation::Simulation(SimFleet fleet, std::unique_ptr<engine::Orchestrator> engine,
                       SimulationOptions options)
    : fleet_(std::move(fleet)),
      options_(options),
      engine_(std::move(engine)),
      injector_(
          FailureInjectorOptions{options.inject_failures ? options.failure_rate_multiplier : 0.0}),
      rng_(options.seed),
      now_(options.start) {
  workers_.resize(fleet_.workers.size());
  for (std::size_t w = 0; w < fleet_.workers.size(); ++w) {
    const SimWorker& worker = fleet_.workers[w];
    worker_index_[worker.worker_id] = w;
    for (std::size_t d = 0; d < worker.machine->devices.size(); ++d) {
      workers_[w].devices.emplace_back(worker.Thermal(d));
    }
  }
}

Simulation::~Simulation() = default;

void Simulation::Submit(std::string workload_id, Workload workload) {
  submissions_.emplace_back(std::move(workload_id), std::move(workload));
}

SimulationResult Simulation::Run() {
  SimulationResult result;
  result.started = now_;
  for (const SimWorker& worker : fleet_.workers) {
    Apply(engine_->Handle(engine::WorkerJoined{worker.Profile()}, now_), result);
  }
  SendHeartbeats(result);
  for (auto& [id, workload] : submissions_) {
    Apply(engine_->Handle(engine::SubmitWorkload{id, workload}, now_), result);
  }
  const TimePoint deadline = options_.start + options_.max_time;
  Duration since_heartbeat{0};
  Duration since_sample = options_.sample_interval;
  while (true) {
    Apply(engine_->Tick(now_), result);
    if (options_.sample_interval > Duration(0) && since_sample >= options_.sample_interval) {
      Sample(result);
      since_sample = Duration(0);
    }
    if (AllWorkloadsFinished()) break;
    if (now_ >= deadline) {
      result.timed_out = true;
      break;
    }
    now_ += options_.tick;
    ++result.ticks;
    since_heartbeat += options_.tick;
    since_sample += options_.tick;
    AdvanceThermal();
    AdvanceAttempts(result);
    for (std::size_t w = 0; w < workers_.size(); ++w) {
      if (!workers_[w].up && workers_[w].rejoin_at && *workers_[w].rejoin_at <= now_) {
        workers_[w].up = true;
        workers_[w].rejoin_at.reset();
        Apply(engine_->Handle(engine::WorkerJoined{fleet_.workers[w].Profile()}, now_), result);
      }
    }
    if (since_heartbeat >= options_.heartbeat_interval) {
      SendHeartbeats(result);
      since_heartbeat = Duration(0);
    }
  }
  result.finished = now_;
  return result;
}

bool Simulation::AllWorkloadsFinished() const {
  for (const std::string& id : engine_->WorkloadIds()) {
    const engine::WorkloadRun* run = engine_->FindWorkload(id);
    if (run != nullptr && run->status() == engine::WorkloadStatus::kRunning) return false;
  }
  return true;
}

void Simulation::Apply(const std::vector<engine::EngineCommand>& commands,
                       SimulationResult& result) {
  for (const engine::EngineCommand& command : commands) {
    result.log.push_back(LogEntry{now_, command});
    if (const auto* dispatch = std::get_if<engine::DispatchAttempt>(&command)) {
      StartAttempt(*dispatch, result);
    } else if (const auto* cancel = std::get_if<engine::CancelAttempt>(&command)) {
      const auto it = running_.find(cancel->attempt_id);
      if (it != running_.end()) {
        for (std::size_t d : it->second.devices) --workers_[it->second.worker].devices[d].busy;
        running_.erase(it);
      }
    }
  }
}

void Simulation::StartAttempt(const engine::DispatchAttempt& dispatch, SimulationResult& result) {
  const auto w = worker_index_.find(dispatch.worker_id);
  const engine::WorkloadRun* run = engine_->FindWorkload(dispatch.workload_id);
  if (w == worker_index_.end() || run == nullptr) return;
  auto& index = task_index_[dispatch.workload_id];
  const std::vector<Task>& tasks = run->workload().tasks;
  if (index.empty()) {
    index.reserve(tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i) index.emplace(tasks[i].id, i);
  }
  const auto found = index.find(dispatch.task_id);
  if (found == index.end()) return;
  const Task* task = &tasks[found->second];
  const SimWorker& worker = fleet_.workers[w->second];
  TaskDemand demand = TaskDemand::FromTask(*task);
  if (dispatch.alternate) {
    for (const Alternate& alt : task->alternates) {
      if (alt.name == *dispatch.alternate) demand.requirements = alt.requirements;
    }
  }
  RunningAttempt attempt{w->second, {}, TaskRun(0, 0, 0, 0), std::nullopt, Duration(0)};
  std::vector<const SimDevice*> devices;
  for (const std::string& id : dispatch.device_ids) {
    for (std::size_t d = 0; d < worker.machine->devices.size(); ++d) {
      if (worker.machine->devices[d].profile.id == id) {
        attempt.devices.push_back(d);
        devices.push_back(&worker.machine->devices[d]);
      }
    }
  }
  if (devices.empty()) return;
  attempt.run = runtime_.Start(demand, *devices.front(), rng_);
  AttemptInput input;
  input.devices = devices;
  input.worker_rates = worker.machine->failures;
  input.memory_per_device_bytes = demand.requirements.memory_per_device_bytes;
  input.expected_duration = runtime_.NominalDuration(demand, *devices.front());
  input.horizon = dispatch.timeout.value_or(input.expected_duration * 4);
  attempt.failure = injector_.PlanAttempt(input, rng_);
  if (attempt.failure) ++result.injected_failures;
  for (std::size_t d : attempt.devices) ++workers_[w->second].devices[d].busy;
  ++result.attempts_started;
  running_.emplace(dispatch.attempt_id, std::move(attempt));
}

void Simulation::AdvanceThermal() {
  for (WorkerRuntime& worker : workers_) {
    for (DeviceRuntime& device : worker.devices) {
      device.thermal.Step(device.busy > 0 ? 1.0 : 0.0, options_.tick);
    }
  }
}

void Simulation::AdvanceAttempts(SimulationResult& result) {
  std::vector<std::string> done;
  std::vector<std::size_t> disconnect;
  for (auto& [id, attempt] : running_) {
    WorkerRuntime& worker = workers_[attempt.worker];
    const ThermalModel& thermal = worker.devices[attempt.devices.front()].thermal;
    if (thermal.throttling()) attempt.throttled += options_.tick;
    attempt.run.Advance(options_.tick, thermal.clock_factor());
    const bool fails_now =
        attempt.failure && attempt.run.elapsed() >= attempt.failure->at &&
        (!attempt.run.finished() || *attempt.run.finished_after() >= attempt.failure->at);
    if (fails_now && attempt.failure->kind == FailureKind::kDisconnect) {
      disconnect.push_back(attempt.worker);
      continue;
    }
    if (!fails_now && !attempt.run.finished()) continue;
    engine::AttemptFinished finished;
    finished.attempt_id = id;
    finished.throttled = attempt.throttled;
    if (fails_now) {
      finished.outcome.exit_code = attempt.failure->exit_code;
      finished.outcome.signal = attempt.failure->signal;
      finished.outcome.log_tail = attempt.failure->stderr_text;
      ++result.attempts_failed;
    } else {
      finished.outcome.exit_code = 0;
      finished.result = std::to_string(attempt.run.finished_after()->count());
    }
    done.push_back(id);
    for (std::size_t d : attempt.devices) --worker.devices[d].busy;
    Apply(engine_->Handle(finished, now_), result);
  }
  for (const std::string& id : done) running_.erase(id);
  std::sort(disconnect.begin(), disconnect.end());
  disconnect.erase(std::unique(disconnect.begin(), disconnect.end()), disconnect.end());
  for (std::size_t w : disconnect) Disconnect(w, result);
}

void Simulation::Disconnect(std::size_t worker, SimulationResult& result) {
  // The worker vanishes: its processes are gone, it stops heartbeating, and
  // the engine finds out by the heartbeat timeout, as it would for real.
  WorkerRuntime& w = workers_[worker];
  w.up = false;
  w.rejoin_at = now_ + options_.disconnect_downtime;
  for (auto it = running_.begin(); it != running_.end();) {
    if (it->second.worker == worker) {
      for (std::size_t d : it->second.devices) --w.devices[d].busy;
      it = running_.erase(it);
    } else {
      ++it;
    }
  }
  ++result.disconnects;
}

void Simulation::SendHeartbeats(SimulationResult& result) {
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    if (!workers_[w].up) continue;
    const SimWorker& worker = fleet_.workers[w];
    engine::WorkerHeartbeat hb;
    hb.worker_id = worker.worker_id;
    std::uint32_t cpu_busy = 0;
    for (std::size_t d = 0; d < worker.machine->devices.size(); ++d) {
      const DeviceRuntime& device = workers_[w].devices[d];
      const DeviceProfile& profile = worker.machine->devices[d].profile;
      if (profile.hardware_class == HardwareClass::kCpu) cpu_busy += device.busy;
      engine::DeviceTelemetry t;
      t.device_id = profile.id;
      const double load =
          profile.hardware_class == HardwareClass::kCpu
              ? std::min(1.0, double(device.busy) /
                                  double(std::max<std::uint32_t>(worker.machine->cpu_slots, 1)))
              : (device.busy > 0 ? 1.0 : 0.0);
      t.utilization = Fraction::FromDouble(load);
      t.memory_utilization = Fraction::FromDouble(device.busy > 0 ? 0.5 : 0.05);
      t.temperature_celsius = device.thermal.temperature_celsius();
      t.thermal_state = StateOf(device.thermal);
      t.throttling = device.thermal.throttling();
      // The thermal tracker's prediction: at full load, when does it throttle?
      t.time_to_throttle =
          device.thermal.PredictTimeToReach(device.thermal.params().throttle_celsius, 1.0);
      hb.devices.push_back(std::move(t));
    }
    hb.cpu_utilization = Fraction::FromDouble(std::min(
        1.0, double(cpu_busy) / double(std::max<std::uint32_t>(worker.machine->cpu_slots, 1))));
    hb.memory_utilization = Fraction::FromDouble(0.3);
    Apply(engine_->Handle(hb, now_), result);
  }
}

void Simulation::Sample(SimulationResult& result) {
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    if (!workers_[w].up) continue;
    const SimWorker& worker = fleet_.workers[w];
    for (std::size_t d = 0; d < worker.machine->devices.size(); ++d) {
      const DeviceRuntime& device = workers_[w].devices[d];
      result.samples.push_back(
          DeviceSample{now_, worker.worker_id, worker.machine->devices[d].profile.id,
                       device.thermal.temperature_celsius(), device.busy > 0 ? 1.0 : 0.0,
                       device.thermal.throttling()});
    }
  }
}

}  // namespace hawk::sim
