// TaskResourceTracker: what one task's process tree consumed — the root
// process and every descendant, including children that exit along the
// way — instead of charging the whole machine's numbers to "the task".
//
// Sampling is driven by the caller (Sample(ts) at the start, on each tick,
// and once more before reaping the root); nothing here sleeps or reads a
// clock. Sources, best first:
//   - cgroup v2, when the machine has it (<sys>/fs/cgroup/cgroup.controllers)
//     and the task has a cgroup of its own (given, or found from the root's
//     /proc/<pid>/cgroup when that cgroup holds only the task's processes):
//     cpu.stat usage_usec, memory.current / memory.peak, io.stat bytes;
//   - /proc otherwise: the tree is followed by parent pid (a process once in
//     it stays in it after being re-parented); CPU seconds are each live
//     member's utime + stime + cutime + cstime (a reaped child's time moves
//     into its parent's cutime/cstime, so nothing is lost or counted twice)
//     plus the last values of members whose reaper is outside the tree;
//     disk bytes likewise from /proc/<pid>/io (the kernel adds a reaped
//     child's I/O to its parent's); memory is the sum of the members' VmRSS.
// Also: network bytes when the task has a network namespace of its own
// (the kernel counts per namespace, not per process); GPU memory per process
// from a GpuSource (NVML); energy from counter deltas over the task's life:
// powercap (RAPL) packages, plus the total-energy counters of the task's
// NVIDIA GPUs where the GpuSource has them. Both count a whole device: the
// figure is the task's own only when the task runs alone on it. The task's
// GPUs are those it was given (TaskTrackerOptions::gpu_ids) or else those
// where its processes hold GPU memory; an interval is charged when the task
// was on the GPU at its start or its end.
//
// Not thread-safe. The GpuSource is borrowed and must outlive the tracker.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/enum_names.h"
#include "core/units.h"
#include "monitor/gpu_source.h"
#include "monitor/problem_log.h"

namespace hawk::monitor {

#define HAWK_USAGE_SOURCES(X) X(kProc, "proc") X(kCgroupV2, "cgroup_v2")
HAWK_ENUM(UsageSource, "usage source", HAWK_USAGE_SOURCES);

#define HAWK_CGROUP_MODES(X) X(kAuto, "auto") X(kOff, "off")
HAWK_ENUM(CgroupMode, "cgroup mode", HAWK_CGROUP_MODES);

struct TaskTrackerOptions {
  std::string proc_root = "/proc";
  std::string sys_root = "/sys";
  std::uint32_t root_pid = 0;
  CgroupMode cgroup_mode = CgroupMode::kAuto;
  // The task's cgroup below <sys_root>/fs/cgroup ("hawk/task-17"), when the
  // caller made one; otherwise found from the root process.
  std::optional<std::string> cgroup_path;
  GpuSource* gpu = nullptr;  // not owned; null: no GPU memory or energy figures
  // The GPUs given to the task ("gpu0", as the GpuSource names them); empty:
  // the GPUs where the task's processes hold memory.
  std::vector<std::string> gpu_ids;
  bool energy = true;  // false: no energy figures at all
};

struct TaskUsage {
  UsageSource source = UsageSource::kProc;
  std::optional<std::string> cgroup_path;
  TimePoint started_at{};
  TimePoint last_sample_at{};
  std::uint64_t samples = 0;
  double cpu_seconds = 0;
  std::optional<Bytes> current_memory_bytes;
  std::optional<Bytes> peak_memory_bytes;
  std::optional<Bytes> avg_memory_bytes;  // time-weighted over the samples
  std::optional<Bytes> read_bytes;
  std::optional<Bytes> write_bytes;
  std::optional<Bytes> net_rx_bytes;
  std::optional<Bytes> net_tx_bytes;
  std::optional<Bytes> gpu_memory_peak_bytes;
  // powercap_energy_joules + gpu_energy_joules, of those that are present.
  std::optional<double> energy_joules;
  std::optional<double> powercap_energy_joules;  // RAPL packages
  std::optional<double> gpu_energy_joules;       // the task's GPUs' own counters
  std::uint64_t processes_seen = 0;              // every member ever seen
  std::uint64_t processes_alive = 0;
  bool root_alive = false;
};

class TaskResourceTracker {
 public:
  explicit TaskResourceTracker(TaskTrackerOptions options, ProblemLog* problems = nullptr);
  ~TaskResourceTracker();
  TaskResourceTracker(const TaskResourceTracker&) = delete;
  TaskResourceTracker& operator=(const TaskResourceTracker&) = delete;

  // Reads the tree now. The first call is the task's start for the
  // energy and network baselines.
  void Sample(TimePoint ts);

  // The root's final figures from wait4()'s rusage (its own and those of
  // every descendant it reaped), which no later sample can see. Raises the
  // totals when they are larger; never lowers them.
  void RecordExit(std::optional<double> cpu_seconds, std::optional<Bytes> max_rss_bytes);

  [[nodiscard]] TaskUsage Usage() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hawk::monitor
