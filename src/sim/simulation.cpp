#include "sim/simulation.h"

#include <algorithm>
#include <cmath>

namespace hawk::sim {

struct Simulation::DeviceRuntime {
  DeviceRuntime(const ThermalParams& params, bool is_cpu) : thermal(params), cpu(is_cpu) {}
  ThermalModel thermal;
  std::uint32_t busy = 0;  // attempts using it (CPU devices are shared)
  bool cpu = false;
  // At its steady state for the current load: a step would not change it.
  bool settled = false;
  bool listed = false;  // in unsettled_
  // Stepped or loaded since its worker last compared it with what it reported.
  bool unchecked = true;
  // What its worker last reported of it (the heartbeat buffer keeps the
  // rest): compared here, next to the thermal state, on every heartbeat.
  bool reported = false;
  bool reported_throttling = false;
  engine::ThermalState reported_state = engine::ThermalState::kNormal;
  Fraction reported_utilization;
  Fraction reported_memory;
  double reported_celsius = 0.0;
};

struct Simulation::WorkerRuntime {
  std::size_t first_device = 0;  // its devices in devices_
  std::size_t device_count = 0;
  double cpu_slots = 1.0;  // at least one
  Fraction reported_cpu;
  bool up = true;
  std::optional<engine::WorkerHandle> handle;  // the engine's, once joined
  std::optional<TimePoint> rejoin_at;
  std::optional<TimePoint> last_beat;
};

// What every tick reads of a running attempt, kept apart from the rest
// (RunningAttempt, same index) so the per-tick walk streams little memory.
struct Simulation::AttemptProgress {
  TaskRun run;
  Duration throttled{0};
  std::optional<Duration> fails_at;  // elapsed time of its planned failure
  std::uint32_t lead = 0;            // in devices_: the first device sets the pace
};

struct Simulation::RunningAttempt {
  std::string attempt_id;
  std::uint64_t sequence = 0;  // start order
  std::size_t worker = 0;
  std::vector<std::size_t> devices;  // indices into the worker's devices
  std::optional<PlannedFailure> failure;
};

namespace {

// A device this close to its steady temperature is not stepped until its
// load changes: far below what a sensor resolves or telemetry reports.
constexpr double kSettledCelsius = 1e-3;

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
    engine::WorkerHeartbeat& hb = heartbeats_.emplace_back();
    hb.worker_id = worker.worker_id;
    workers_[w].first_device = devices_.size();
    workers_[w].device_count = worker.machine->devices.size();
    workers_[w].cpu_slots = double(std::max<std::uint32_t>(worker.machine->cpu_slots, 1));
    for (std::size_t d = 0; d < worker.machine->devices.size(); ++d) {
      devices_.emplace_back(worker.Thermal(d), worker.machine->devices[d].profile.hardware_class ==
                                                   HardwareClass::kCpu);
      throttling_.push_back(devices_.back().thermal.throttling() ? 1 : 0);
      Unsettle(static_cast<std::uint32_t>(devices_.size() - 1));
      hb.devices.emplace_back().device_id = worker.machine->devices[d].profile.id;
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
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    const SimWorker& worker = fleet_.workers[w];
    Apply(engine_->Handle(engine::WorkerJoined{worker.Profile()}, now_), result);
    workers_[w].handle = engine_->FindWorkerHandle(worker.worker_id);
  }
  SendHeartbeats(std::nullopt, result);
  // Run() is called once: the engine takes the workloads over.
  for (auto& [id, workload] : submissions_) {
    Apply(engine_->Handle(engine::SubmitWorkload{id, std::move(workload)}, now_), result);
  }
  submissions_.clear();
  const TimePoint deadline = options_.start + options_.max_time;
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
    since_sample += options_.tick;
    AdvanceThermal();
    AdvanceAttempts(result);
    for (std::size_t w = 0; down_ > 0 && w < workers_.size(); ++w) {
      if (!workers_[w].up && workers_[w].rejoin_at && *workers_[w].rejoin_at <= now_) {
        --down_;
        workers_[w].up = true;
        workers_[w].rejoin_at.reset();
        workers_[w].last_beat.reset();  // a new session: full telemetry first
        Apply(engine_->Handle(engine::WorkerJoined{fleet_.workers[w].Profile()}, now_), result);
      }
    }
    SendHeartbeats(result.ticks, result);
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
    if (options_.record_commands) result.log.push_back(LogEntry{now_, command});
    if (const auto* dispatch = std::get_if<engine::DispatchAttempt>(&command)) {
      StartAttempt(*dispatch, result);
    } else if (const auto* cancel = std::get_if<engine::CancelAttempt>(&command)) {
      const auto it = running_index_.find(cancel->attempt_id);
      if (it != running_index_.end()) RemoveRunning(it->second);
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
  RunningAttempt attempt{dispatch.attempt_id, started_, w->second, {}, std::nullopt};
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
  AttemptProgress progress{runtime_.Start(demand, *devices.front(), rng_), Duration(0),
                           std::nullopt, 0};
  AttemptInput input;
  input.devices = devices;
  input.worker_rates = worker.machine->failures;
  input.memory_per_device_bytes = demand.requirements.memory_per_device_bytes;
  input.expected_duration = runtime_.NominalDuration(demand, *devices.front());
  input.horizon = dispatch.timeout.value_or(input.expected_duration * 4);
  attempt.failure = injector_.PlanAttempt(input, rng_);
  if (attempt.failure) {
    ++result.injected_failures;
    progress.fails_at = attempt.failure->at;
  }
  for (std::size_t d : attempt.devices) {
    ++devices_[DeviceIndex(w->second, d)].busy;
    Unsettle(DeviceIndex(w->second, d));
  }
  progress.lead = DeviceIndex(w->second, attempt.devices.front());
  ++result.attempts_started;
  ++started_;
  running_index_[dispatch.attempt_id] = running_.size();
  running_.push_back(std::move(attempt));
  progress_.push_back(progress);
}

void Simulation::RemoveRunning(std::size_t index) {
  RunningAttempt& attempt = running_[index];
  for (std::size_t d : attempt.devices) {
    --devices_[DeviceIndex(attempt.worker, d)].busy;
    Unsettle(DeviceIndex(attempt.worker, d));
  }
  running_index_.erase(attempt.attempt_id);
  if (index + 1 != running_.size()) {
    attempt = std::move(running_.back());
    progress_[index] = progress_.back();
    running_index_[attempt.attempt_id] = index;
  }
  running_.pop_back();
  progress_.pop_back();
}

std::uint32_t Simulation::DeviceIndex(std::size_t worker, std::size_t device) const {
  return static_cast<std::uint32_t>(workers_[worker].first_device + device);
}

void Simulation::Unsettle(std::uint32_t index) {
  DeviceRuntime& device = devices_[index];
  device.settled = false;
  device.unchecked = true;
  if (device.listed) return;
  device.listed = true;
  unsettled_.push_back(index);
}

void Simulation::AdvanceThermal() {
  // Each device steps on its own, so the order of the list does not matter.
  for (std::size_t i = 0; i < unsettled_.size();) {
    const std::uint32_t index = unsettled_[i];
    DeviceRuntime& device = devices_[index];
    const double load = device.busy > 0 ? 1.0 : 0.0;
    device.thermal.Step(load, options_.tick);
    device.unchecked = true;
    throttling_[index] = device.thermal.throttling() ? 1 : 0;
    device.settled = device.thermal.SettledWithin(load, kSettledCelsius);
    if (device.settled) {
      device.listed = false;
      unsettled_[i] = unsettled_.back();
      unsettled_.pop_back();
    } else {
      ++i;
    }
  }
}

void Simulation::AdvanceAttempts(SimulationResult& result) {
  // Attempts that end this tick, reported in start order once every attempt
  // has advanced.
  struct Ending {
    std::uint64_t sequence;
    bool failed;
    std::string attempt_id;
  };
  std::vector<Ending> ending;
  std::vector<std::size_t> disconnect;
  for (std::size_t i = 0; i < progress_.size(); ++i) {
    AttemptProgress& p = progress_[i];
    double clock_factor = 1.0;
    if (throttling_[p.lead] != 0) {
      p.throttled += options_.tick;
      clock_factor = devices_[p.lead].thermal.clock_factor();
    }
    p.run.Advance(options_.tick, clock_factor);
    const bool fails_now = p.fails_at && p.run.elapsed() >= *p.fails_at &&
                           (!p.run.finished() || *p.run.finished_after() >= *p.fails_at);
    if (!fails_now && !p.run.finished()) continue;
    const RunningAttempt& attempt = running_[i];
    if (fails_now && attempt.failure->kind == FailureKind::kDisconnect) {
      disconnect.push_back(attempt.worker);
    } else {
      ending.push_back(Ending{attempt.sequence, fails_now, attempt.attempt_id});
    }
  }
  std::sort(ending.begin(), ending.end(),
            [](const Ending& a, const Ending& b) { return a.sequence < b.sequence; });
  for (const Ending& e : ending) {
    // An earlier report may have cancelled it.
    const auto at = running_index_.find(e.attempt_id);
    if (at != running_index_.end()) FinishAttempt(at->second, e.failed, result);
  }
  std::sort(disconnect.begin(), disconnect.end());
  disconnect.erase(std::unique(disconnect.begin(), disconnect.end()), disconnect.end());
  for (std::size_t w : disconnect) Disconnect(w, result);
}

void Simulation::FinishAttempt(std::size_t index, bool failed, SimulationResult& result) {
  const RunningAttempt& attempt = running_[index];
  const AttemptProgress& progress = progress_[index];
  engine::AttemptFinished finished;
  finished.attempt_id = attempt.attempt_id;
  finished.throttled = progress.throttled;
  if (failed) {
    finished.outcome.exit_code = attempt.failure->exit_code;
    finished.outcome.signal = attempt.failure->signal;
    finished.outcome.log_tail = attempt.failure->stderr_text;
    ++result.attempts_failed;
  } else {
    finished.outcome.exit_code = 0;
    finished.result = std::to_string(progress.run.finished_after()->count());
  }
  RemoveRunning(index);
  Apply(engine_->Handle(finished, now_), result);
}

void Simulation::Disconnect(std::size_t worker, SimulationResult& result) {
  // The worker vanishes: its processes are gone, it stops heartbeating, and
  // the engine finds out by the heartbeat timeout, as it would for real.
  WorkerRuntime& w = workers_[worker];
  if (w.up) ++down_;
  w.up = false;
  w.rejoin_at = now_ + options_.disconnect_downtime;
  for (std::size_t i = running_.size(); i-- > 0;) {
    if (running_[i].worker == worker) RemoveRunning(i);
  }
  ++result.disconnects;
}

void Simulation::SendHeartbeats(std::optional<std::uint64_t> tick, SimulationResult& result) {
  const auto phases = static_cast<std::size_t>(
      std::max<Duration::rep>(1, options_.heartbeat_interval / options_.tick));
  const std::size_t first = tick ? static_cast<std::size_t>(*tick % phases) : 0;
  for (std::size_t w = first; w < workers_.size(); w += tick ? phases : 1) {
    WorkerRuntime& runtime = workers_[w];
    if (!runtime.up) continue;
    // Telemetry goes out again only when it changed.
    bool changed = !runtime.last_beat.has_value();
    std::uint32_t cpu_busy = 0;
    for (std::size_t d = 0; d < runtime.device_count; ++d) {
      DeviceRuntime& device = devices_[runtime.first_device + d];
      if (device.cpu) cpu_busy += device.busy;
      if (!device.unchecked) continue;  // nothing it reports moved since it last looked
      device.unchecked = false;
      const double load = device.cpu ? std::min(1.0, double(device.busy) / runtime.cpu_slots)
                                     : (device.busy > 0 ? 1.0 : 0.0);
      const Fraction utilization = Fraction::FromDouble(load);
      const Fraction memory = Fraction::FromDouble(device.busy > 0 ? 0.5 : 0.05);
      const double celsius = device.thermal.temperature_celsius();
      const engine::ThermalState state = StateOf(device.thermal);
      if (device.reported && device.reported_utilization == utilization &&
          device.reported_memory == memory && device.reported_state == state &&
          device.reported_throttling == device.thermal.throttling() &&
          std::abs(device.reported_celsius - celsius) < options_.telemetry_deadband_celsius) {
        continue;
      }
      changed = true;
      device.reported = true;
      device.reported_utilization = utilization;
      device.reported_memory = memory;
      device.reported_state = state;
      device.reported_throttling = device.thermal.throttling();
      device.reported_celsius = celsius;
      engine::DeviceTelemetry& t = heartbeats_[w].devices[d];
      t.utilization = utilization;
      t.memory_utilization = memory;
      t.temperature_celsius = celsius;
      t.thermal_state = state;
      t.throttling = device.thermal.throttling();
      // The thermal tracker's prediction: at full load, when does it throttle?
      t.time_to_throttle =
          device.thermal.PredictTimeToReach(device.thermal.params().throttle_celsius, 1.0);
    }
    const Fraction cpu_utilization =
        Fraction::FromDouble(std::min(1.0, double(cpu_busy) / runtime.cpu_slots));
    changed = changed || runtime.reported_cpu != cpu_utilization;
    if (!changed && now_ - *runtime.last_beat < options_.liveness_interval) continue;
    runtime.reported_cpu = cpu_utilization;
    runtime.last_beat = now_;
    engine::WorkerHeartbeat& hb = heartbeats_[w];
    hb.cpu_utilization = cpu_utilization;
    hb.memory_utilization = Fraction::FromDouble(0.3);
    hb.telemetry = changed;
    ++result.heartbeats;
    if (changed) ++result.telemetry_reports;
    // A heartbeat causes no command: placement happens on the next Tick.
    if (runtime.handle) (void)engine_->Handle(*runtime.handle, hb, now_);
  }
}

void Simulation::Sample(SimulationResult& result) {
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    if (!workers_[w].up) continue;
    const SimWorker& worker = fleet_.workers[w];
    for (std::size_t d = 0; d < worker.machine->devices.size(); ++d) {
      const DeviceRuntime& device = devices_[DeviceIndex(w, d)];
      result.samples.push_back(
          DeviceSample{now_, worker.worker_id, worker.machine->devices[d].profile.id,
                       device.thermal.temperature_celsius(), device.busy > 0 ? 1.0 : 0.0,
                       device.thermal.throttling()});
    }
  }
}

}  // namespace hawk::sim
