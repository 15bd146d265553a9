// What goes into the engine (events) and what comes out (commands) — the
// whole contract between the pure engine and the shells that own I/O
// (DESIGN.md §1): the coordinator turns network messages into events and
// commands into messages; the simulator turns commands into simulated runs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/device.h"
#include "core/units.h"
#include "core/workload.h"
#include "engine/failure.h"
#include "engine/fleet.h"
#include "engine/workload_run.h"

namespace hawk::engine {

// ---- events ---------------------------------------------------------------

struct WorkerJoined {
  WorkerProfile profile;
};

// What a worker says about one device in a heartbeat.
struct DeviceTelemetry {
  std::string device_id;
  Fraction utilization;
  Fraction memory_utilization;
  std::optional<double> temperature_celsius;
  ThermalState thermal_state = ThermalState::kNormal;
  std::optional<Duration> time_to_throttle;
  bool throttling = false;
};

struct WorkerHeartbeat {
  std::string worker_id;
  // False: the worker only says it is alive; the telemetry it last reported
  // stands (a worker need not repeat telemetry that did not change).
  bool telemetry = true;
  Fraction cpu_utilization;
  Fraction memory_utilization;
  std::vector<DeviceTelemetry> devices;
};

// The worker is finishing its running attempts before it leaves: it keeps
// them (and its heartbeats count as before) but is given no new work.
// Ends when it departs (a worker that joins again starts fresh), or with
// draining false (it takes work again).
struct WorkerDraining {
  std::string worker_id;
  bool draining = true;
};

// The worker left on purpose (drained) or its connection closed. A worker
// that merely goes silent is detected by the engine on Tick (heartbeat
// timeout) and treated the same way.
struct WorkerDeparted {
  std::string worker_id;
  std::string reason;
};

struct SubmitWorkload {
  std::string workload_id;
  Workload workload;
};

struct CancelWorkload {
  std::string workload_id;
  std::string reason;
};

struct AttemptFinished {
  std::string attempt_id;
  AttemptOutcome outcome;
  std::optional<std::string> result;      // what the task reported (aggregation)
  std::optional<std::string> checkpoint;  // newest checkpoint it wrote
  Duration throttled{0};                  // time its device throttled while it ran
};

struct DeviceHealthChecked {
  std::string worker_id;
  std::string device_id;
  bool passed = false;
};

// Restart = load + replay (DESIGN.md §4): an attempt the engine dispatched
// before the coordinator restarted is taken up again as running. Its unit
// leaves the queue (or its backoff), its devices are reserved on its worker
// again, and attempts dispatched later are numbered after it. Replay feeds
// these at their original times, in log order among the other events; a
// unit that is not waiting to run, or devices the worker no longer has, make
// it a "resume_refused" notice (the unit stays queued and runs again).
struct AttemptResumed {
  std::string attempt_id;  // "att-<n>", as the engine named it
  std::string workload_id;
  std::string unit_id;
  std::string worker_id;
  std::vector<std::string> device_ids;
  std::optional<std::string> alternate;  // the implementation's name, when not the primary
  std::optional<std::string> after;      // it was dispatched ahead, behind this attempt
};

using Event =
    std::variant<WorkerJoined, WorkerHeartbeat, WorkerDraining, WorkerDeparted, SubmitWorkload,
                 CancelWorkload, AttemptFinished, DeviceHealthChecked, AttemptResumed>;

// ---- commands -------------------------------------------------------------

struct DispatchAttempt {
  std::string attempt_id;
  std::string workload_id;
  std::string unit_id;
  std::string task_id;
  std::string worker_id;
  std::vector<std::string> device_ids;
  Command command;
  std::map<std::string, std::string> env;
  std::optional<std::string> working_dir;
  std::optional<Duration> timeout;
  std::optional<std::string> alternate;           // name, when not the primary
  std::optional<std::string> restore_checkpoint;  // start from this checkpoint
  std::string placement_reason;                   // why this device (scores)
  // Dispatched ahead: the worker starts it when this attempt of its own
  // ends, on the devices that one frees (OrchestratorConfig::dispatch_ahead_below).
  std::optional<std::string> after;
};

struct CancelAttempt {
  std::string attempt_id;
  std::string worker_id;
  std::string reason;
};

struct QuarantineDevice {
  std::string worker_id;
  std::string device_id;
  std::string reason;
};

struct ReleaseDevice {
  std::string worker_id;
  std::string device_id;
};

struct WorkloadFinished {
  std::string workload_id;
  WorkloadStatus status = WorkloadStatus::kSucceeded;
  std::string reason;
};

// Something worth telling people and recording: a failure and its recovery,
// a worker lost, a task that cannot fit. `kind` is a short tag
// ("attempt_failed", "recovery", "worker_lost", "unsatisfiable", "stale_result").
struct Notice {
  std::string kind;
  std::string workload_id;
  std::string subject;  // unit, worker or device
  std::string text;
};

using EngineCommand = std::variant<DispatchAttempt, CancelAttempt, QuarantineDevice, ReleaseDevice,
                                   WorkloadFinished, Notice>;

}  // namespace hawk::engine
