// The worker protocol (DESIGN.md §5): what a worker agent and the
// coordinator say to each other over the worker WebSocket
// (/api/v1/workers/connect). Every message is one JSON object
// {"v":1,"type":"<type>", ...fields}; codec.h turns text into these types
// and back, validating everything on the way in.
//
// A session:
//   worker                          coordinator
//   hello {worker_id, version}  ->
//                               <-  welcome {heartbeat_interval_ms}
//   register {profile, running} ->               (running: what it still runs
//                                                 after a reconnect)
//   heartbeat {...}             ->               (every interval)
//   samples {heartbeats}        ->               (taken while the coordinator
//                                                 was away, after a reconnect)
//                               <-  dispatch {attempt ..., after?}
//   task_update {started}       ->               (after: once that attempt ended)
//   log {attempt, offset, data} ->               (output as it is written)
//   task_update {succeeded|failed, exit, usage, checkpoint}  ->
//                               <-  ack {attempt_ids}   (the worker may forget them)
//                               <-  cancel {attempt_id}
//   drain                       ->               (leaving once idle)
//                               <-  drain        (asks the worker to leave)
//                               <-  error {code, message}  (a message was refused)
//
// A worker keeps final task updates until they are acknowledged and sends
// them again after a reconnect; the coordinator applies each attempt's
// result once (a repeat is acknowledged and ignored).
//
// Times are Unix milliseconds (UTC); fractions are ratios in [0, 1]; sizes
// are bytes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/device.h"
#include "core/units.h"
#include "core/workload.h"

namespace hawk::protocol {

inline constexpr int kVersion = 1;

// ---- worker -> coordinator -----------------------------------------------

struct Hello {
  std::string worker_id;  // stable across reconnects (the worker's choice)
  int version = kVersion;
  std::string agent;  // "hawk/0.1.0", for display
  friend bool operator==(const Hello&, const Hello&) = default;
};

// A threshold alert that opened or closed on the worker (monitor::AlertEngine
// over the worker's own samples, with the device's own temperature points).
struct AlertReport {
  TimePoint at{};
  std::string resource;                  // cpu, memory, gpu, gpu_memory, disk, temperature
  std::optional<std::string> device_id;  // absent for the host
  std::string metric;                    // "cpu_utilization_percent", "temperature_celsius"
  std::string severity;                  // warning, critical
  bool opened = true;                    // false: it closed
  double value = 0;
  double threshold = 0;
  std::string message;
  friend bool operator==(const AlertReport&, const AlertReport&) = default;
};

struct Register {
  WorkerProfile profile;  // profile.worker_id == the hello's worker_id
  // Attempts the worker is still executing (after a reconnect).
  std::vector<std::string> running_attempts;
  // The worker is finishing its work to leave (it said drain before a
  // reconnect): it takes no new work.
  bool draining = false;
  // The alerts open on the worker now (opened true), so a coordinator that
  // restarted, or a worker that did, starts from the truth.
  std::vector<AlertReport> alerts;
  friend bool operator==(const Register&, const Register&) = default;
};

struct DeviceSample {
  std::string device_id;
  Fraction utilization;
  Fraction memory_utilization;
  std::optional<double> temperature_celsius;
  std::optional<double> power_watts;
  bool throttling = false;
  friend bool operator==(const DeviceSample&, const DeviceSample&) = default;
};

struct Heartbeat {
  TimePoint at{};
  Fraction cpu_utilization;
  Fraction memory_utilization;
  std::optional<Bytes> memory_used_bytes;
  std::optional<double> cpu_temperature_celsius;
  std::vector<DeviceSample> devices;
  std::vector<std::string> running_attempts;
  // Alerts that opened or closed since the previous heartbeat, oldest first.
  std::vector<AlertReport> alerts;
  friend bool operator==(const Heartbeat&, const Heartbeat&) = default;
};

// Heartbeats a worker took while it could not reach the coordinator, oldest
// first: history for the store (samples and alerts), not the present (the
// engine only sees live heartbeats).
struct Samples {
  std::vector<Heartbeat> heartbeats;
  friend bool operator==(const Samples&, const Samples&) = default;
};

enum class TaskState { kStarted, kSucceeded, kFailed };

// What a process tree used (monitor::TaskUsage, as the wire carries it).
struct UsageReport {
  double cpu_seconds = 0;
  std::optional<Bytes> peak_memory_bytes;
  std::optional<Bytes> avg_memory_bytes;
  std::optional<Bytes> read_bytes;
  std::optional<Bytes> write_bytes;
  std::uint64_t samples = 0;
  friend bool operator==(const UsageReport&, const UsageReport&) = default;
};

// One file of a checkpoint folder, relative to it ("step-3/model.bin").
struct CheckpointFile {
  std::string path;  // relative, no "..", no leading "/"
  std::string data;  // raw bytes (base64 on the wire)
  friend bool operator==(const CheckpointFile&, const CheckpointFile&) = default;
};

struct TaskUpdate {
  std::string attempt_id;
  TaskState state = TaskState::kStarted;
  TimePoint at{};
  // Final updates only:
  std::optional<int> exit_code;
  std::optional<int> signal;
  bool timed_out = false;
  bool cancelled = false;
  std::string outcome;   // "exit code 3", "killed by SIGKILL", "start failed: ..."
  std::string log_tail;  // the end of the output
  std::optional<std::string> result;
  std::optional<UsageReport> usage;
  // The task's checkpoint folder when it ended (HAWK_CHECKPOINT_DIR), so a
  // retry elsewhere can start from it; absent when the task wrote none.
  std::optional<std::vector<CheckpointFile>> checkpoint;
  friend bool operator==(const TaskUpdate&, const TaskUpdate&) = default;
};

struct Log {
  std::string attempt_id;
  std::uint64_t offset = 0;  // of data's first byte in the attempt's output
  std::string data;
  friend bool operator==(const Log&, const Log&) = default;
};

// ---- coordinator -> worker -----------------------------------------------

struct Welcome {
  std::string worker_id;
  std::int64_t heartbeat_interval_ms = 1000;
  friend bool operator==(const Welcome&, const Welcome&) = default;
};

struct Dispatch {
  std::string attempt_id;
  std::string workload_id;
  std::string unit_id;
  std::string task_id;
  std::vector<std::string> device_ids;
  Command command;
  std::map<std::string, std::string> env;  // visibility and shard variables included
  std::optional<std::string> working_dir;
  std::optional<std::int64_t> timeout_ms;
  // Files to put in the task's checkpoint folder before it starts.
  std::optional<std::vector<CheckpointFile>> checkpoint;
  // Dispatched ahead: start it when this attempt, which runs on the worker,
  // ends (at once when it does not run there). Until then it waits, counts
  // as running (register, heartbeat), and a cancel drops it unstarted.
  std::optional<std::string> after;
  friend bool operator==(const Dispatch&, const Dispatch&) = default;
};

struct Cancel {
  std::string attempt_id;
  std::string reason;
  friend bool operator==(const Cancel&, const Cancel&) = default;
};

struct Ack {
  std::vector<std::string> attempt_ids;  // final updates applied (or known)
  friend bool operator==(const Ack&, const Ack&) = default;
};

// Either way: from a worker, "I am leaving once my work is done"; from the
// coordinator, "finish what you run and leave".
struct Drain {
  friend bool operator==(const Drain&, const Drain&) = default;
};

struct Error {
  std::string code;  // "bad_json", "unknown_type", "bad_field", "too_large", "version", ...
  std::string message;
  friend bool operator==(const Error&, const Error&) = default;
};

using Message = std::variant<Hello, Register, Heartbeat, TaskUpdate, Log, Welcome, Dispatch, Cancel,
                             Ack, Drain, Error, Samples>;

}  // namespace hawk::protocol
