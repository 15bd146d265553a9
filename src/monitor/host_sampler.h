// HostSampler: takes snapshots of one machine through its proc and sys roots
// (and any GPU sources), collecting what the monitoring level's plan asks for.
//
// Folder walks (hwmon, thermal zones, CPU topology, powercap, DRM cards) are
// done on the first sample and again every `rediscover_every` samples; the
// samples between read only the files that change. The caller gives the
// timestamp (from its Clock), so rates between two snapshots use the time the
// caller decided, and tests need no sleep.
//
// Not thread-safe: one owner samples. GPU sources are borrowed and must
// outlive the sampler.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "monitor/gpu_source.h"
#include "monitor/host_snapshot.h"
#include "monitor/levels.h"
#include "monitor/problem_log.h"

namespace hawk::monitor {

struct HostSamplerOptions {
  std::string proc_root = "/proc";
  std::string sys_root = "/sys";
  MonitoringLevel level = MonitoringLevel::kStandard;
  // Overrides the level's plan when set.
  std::optional<CollectPlan> plan;
  // Not owned. Their GPUs come first (gpu0...), then the sysfs ones.
  std::vector<GpuSource*> gpu_sources;
  // Samples between two folder walks; 0 walks every time.
  int rediscover_every = 60;
  // Include partitions, ram, loop and fd devices in disks.
  bool all_disks = false;
};

class HostSampler {
 public:
  // `problems` (not owned) receives what could not be read; when null the
  // sampler keeps its own log.
  explicit HostSampler(HostSamplerOptions options, ProblemLog* problems = nullptr);
  ~HostSampler();
  HostSampler(const HostSampler&) = delete;
  HostSampler& operator=(const HostSampler&) = delete;

  HostSnapshot Sample(TimePoint ts);

  [[nodiscard]] const HostSamplerOptions& options() const { return options_; }
  [[nodiscard]] const CollectPlan& plan() const { return plan_; }
  ProblemLog& problems() { return *problems_; }

 private:
  struct Catalogs;
  void Discover();
  void ReadSys(HostSnapshot& snapshot);
  void ReadGpus(HostSnapshot& snapshot);
  void NoteMissing(HostSnapshot& snapshot, std::string part, std::string reason);

  HostSamplerOptions options_;
  CollectPlan plan_;
  ProblemLog own_problems_;
  ProblemLog* problems_;
  std::unique_ptr<Catalogs> catalogs_;
  int samples_since_discovery_ = 0;
};

}  // namespace hawk::monitor
