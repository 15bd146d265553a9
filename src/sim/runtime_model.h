// How long a task takes on a simulated device.
//
// A task's work is its estimated duration on a reference device: the first
// catalogue device of the task's hardware class that meets its vendor,
// architecture, backend, precision and feature requirements (the catalogue
// lists the typical device of each class first: Xeon, A100, TPU v4, Hexagon,
// Chrome). Without an estimate the work is derived from the task's intensities
// (RuntimeModelOptions::default_reference_duration scaled by them).
//
// The work splits by the task's metrics into a compute share, a memory share
// and an I/O share. Against the reference, the compute share scales with peak
// throughput at the best precision the task needs (the highest peak among its
// required precisions, fp32 when it names none), the memory share with memory
// bandwidth, and the I/O share not at all. The clock factor of the thermal
// model slows the compute share only:
//
//   seconds per reference-second = w_c * (ref_tflops / dev_tflops) / clock
//                                + w_m * (ref_bw / dev_bw) + w_io
//
// A run integrates progress over the time steps the driver gives it
// (progress += dt * speed(clock)), so a device that throttles mid-run slows
// the rest of the run. A seeded noise of ± `noise` scales each run's work.
//
// Value types; not thread-safe; no clock of their own.
#pragma once

#include <optional>

#include "core/rng.h"
#include "core/units.h"
#include "core/workload.h"
#include "sim/device_catalog.h"

namespace hawk::sim {

// What the runtime model needs from a task (or from one of its alternates).
struct TaskDemand {
  std::optional<Duration> estimated_duration;  // on the reference device
  ResourceRequirements requirements;
  WorkloadMetrics metrics;

  static TaskDemand FromTask(const Task& task);
};

struct RuntimeModelOptions {
  // Work of a task without an estimate, at compute and memory intensity 0.5;
  // scaled by (0.5 + compute_intensity + memory_intensity) / 1.5.
  Duration default_reference_duration = std::chrono::seconds(60);
  // Each run's work is scaled by a uniform factor in [1 - noise, 1 + noise].
  double noise = 0.03;
};

// One task running on one device (or a gang of identical devices).
class TaskRun {
 public:
  // `work_seconds`: reference-seconds to do; the costs are seconds per
  // reference-second of each share (see the file comment).
  TaskRun(double work_seconds, double compute_cost, double memory_cost, double io_cost);

  // Reference-seconds of work done per second at `clock_factor` (clamped to
  // (0, 1]).
  [[nodiscard]] double Speed(double clock_factor) const;

  // Runs for `dt` at `clock_factor`. Past the finish, only elapsed time grows.
  void Advance(Duration dt, double clock_factor);

  [[nodiscard]] bool finished() const { return done_seconds_ >= work_seconds_; }
  [[nodiscard]] double progress() const;  // in [0, 1]
  [[nodiscard]] Duration elapsed() const { return elapsed_; }
  // When the run finished, measured from its start, interpolated within the
  // step that finished it and rounded up to the millisecond; nullopt while running.
  [[nodiscard]] std::optional<Duration> finished_after() const { return finished_after_; }
  // Time left at a constant `clock_factor`, rounded up to the millisecond; zero once finished.
  [[nodiscard]] Duration TimeToFinish(double clock_factor) const;
  [[nodiscard]] double work_seconds() const { return work_seconds_; }

 private:
  double work_seconds_;
  double compute_cost_;
  double memory_cost_;
  double io_cost_;
  double done_seconds_ = 0.0;
  Duration elapsed_{0};
  std::optional<Duration> finished_after_;
};

class RuntimeModel {
 public:
  explicit RuntimeModel(RuntimeModelOptions options = {});

  // The catalogue device whose speed defines the task's estimate.
  [[nodiscard]] const SimDevice& ReferenceDevice(const TaskDemand& demand) const;
  // Reference-seconds of work, before noise.
  [[nodiscard]] double WorkSeconds(const TaskDemand& demand) const;
  // How many times faster than the reference `device` runs the task at
  // `clock_factor` (> 1: faster).
  [[nodiscard]] double RelativeSpeed(const TaskDemand& demand, const SimDevice& device,
                                     double clock_factor = 1.0) const;
  // Duration without noise at a constant clock factor of 1.
  [[nodiscard]] Duration NominalDuration(const TaskDemand& demand, const SimDevice& device) const;

  // Starts a run; draws exactly one number from `rng` (the noise).
  [[nodiscard]] TaskRun Start(const TaskDemand& demand, const SimDevice& device, Rng& rng) const;

 private:
  [[nodiscard]] TaskRun Plan(const TaskDemand& demand, const SimDevice& device,
                             double work_seconds) const;

  RuntimeModelOptions options_;
};

}  // namespace hawk::sim
