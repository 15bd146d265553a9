// What a worker says about its machine in each heartbeat: CPU and memory
// utilization, the CPU temperature, and each accelerator's utilization,
// memory, temperature and power.
//
// TelemetrySource is the seam WorkerCore samples through (tests give it a
// fake). HostTelemetry is the real one: a monitor::HostSampler reading
// through a proc and a sys root (plus NVML or other GPU sources), turned into
// a protocol::Heartbeat by HeartbeatFromSnapshots, plus the threshold alerts
// (monitor::AlertEngine over the same snapshot and its rates, with each
// sensor's own temperature points) that opened or closed since the previous
// sample.
//
// Nothing is invented: a GPU whose sample cannot be matched to one of the
// profile's devices (same UUID, else same PCI address), or whose utilization
// or memory use the driver does not give, is left out of `devices`; a
// machine without a CPU package sensor reports no CPU temperature.
//
// Not thread-safe: one owner samples.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/device.h"
#include "monitor/alert_engine.h"
#include "monitor/gpu_source.h"
#include "monitor/host_snapshot.h"
#include "protocol/messages.h"

namespace hawk::monitor {
class HostSampler;
}

namespace hawk::agent {

class TelemetrySource {
 public:
  virtual ~TelemetrySource() = default;
  // The machine's state now (`at`, from the caller's Clock). The caller fills
  // running_attempts.
  virtual protocol::Heartbeat Sample(TimePoint at) = 0;
  // The alerts open now (a source without alerts has none).
  [[nodiscard]] virtual std::vector<protocol::AlertReport> OpenAlerts() const { return {}; }
};

// The heartbeat a snapshot gives, against the previous one when there is
// one (CPU utilization is a rate: busy time over total time between the
// two). Without a previous snapshot, or when the two are not far enough
// apart to give a rate, the CPU utilization is the share of busy time in the
// counters since boot. Memory: used / total from /proc/meminfo (0 and no
// used bytes when it could not be read). CPU temperature: the hottest CPU
// package sensor, else the hottest CPU thermal zone ("x86_pkg_temp",
// "cpu-thermal", ...). Devices: the snapshot's GPUs matched to `devices`
// (the worker profile's) by UUID, else by PCI address, with the profile's
// device id; memory utilization is used / total bytes (the profile's total
// when the sample lacks one); throttling is an NVML thermal or hardware
// slowdown reason.
protocol::Heartbeat HeartbeatFromSnapshots(const monitor::HostSnapshot& current,
                                           const monitor::HostSnapshot* previous,
                                           const std::vector<DeviceProfile>& devices);

struct HostTelemetryOptions {
  std::string proc_root = "/proc";
  std::string sys_root = "/sys";
  // Not owned; must outlive the HostTelemetry (e.g. monitor::NvmlGpuSource).
  std::vector<monitor::GpuSource*> gpu_sources;
  // The worker profile's devices, whose ids the heartbeat uses.
  std::vector<DeviceProfile> devices;
  monitor::AlertConfig alerts = monitor::AlertConfig::Defaults();
};

// The protocol's form of an alert that opened or closed.
protocol::AlertReport AlertReportFrom(const monitor::AlertEvent& event);

class HostTelemetry final : public TelemetrySource {
 public:
  explicit HostTelemetry(HostTelemetryOptions options);
  ~HostTelemetry() override;
  HostTelemetry(const HostTelemetry&) = delete;
  HostTelemetry& operator=(const HostTelemetry&) = delete;

  protocol::Heartbeat Sample(TimePoint at) override;
  [[nodiscard]] std::vector<protocol::AlertReport> OpenAlerts() const override;

 private:
  HostTelemetryOptions options_;
  std::unique_ptr<monitor::HostSampler> sampler_;
  std::unique_ptr<monitor::HostSnapshot> previous_;
  monitor::AlertEngine alerts_;
  std::map<std::string, std::string> gpu_ids_;  // the monitor's GPU id -> the profile's
  void RenameDevice(std::optional<std::string>& device_id) const;
};

}  // namespace hawk::agent
