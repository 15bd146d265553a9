// Shared by the orchestrator's scenario tests: profiles, tasks, and a
// fixture that drives one Orchestrator on a manual timeline.
#pragma once

#include <gtest/gtest.h>

#include <set>

#include "engine/orchestrator.h"

namespace hawk::engine::test_support {

using std::chrono::seconds;
inline const TimePoint kT0 = FromUnixMillis(1'767'225'600'000);

inline DeviceProfile Cpu() {
  DeviceProfile d;
  d.id = "cpu0";
  d.hardware_class = HardwareClass::kCpu;
  d.architecture = Architecture::kX86_64;
  d.vendor = Vendor::kIntel;
  d.model = "Xeon";
  d.memory_total_bytes = 64 * kGiB;
  d.compute_units = 16;
  return d;
}

inline DeviceProfile Gpu(std::string id, std::string model = "NVIDIA A100") {
  DeviceProfile d;
  d.id = std::move(id);
  d.hardware_class = HardwareClass::kGpu;
  d.architecture = Architecture::kCuda;
  d.vendor = Vendor::kNvidia;
  d.model = std::move(model);
  d.memory_total_bytes = 80 * kGiB;
  d.compute_units = 108;
  d.backends = {Backend::kCuda};
  d.precisions = {Precision::kFp32, Precision::kFp16, Precision::kBf16};
  d.features = {Feature::kTensorCores};
  return d;
}

inline WorkerProfile Worker(std::string id, std::vector<DeviceProfile> devices,
                            std::uint32_t slots = 2) {
  WorkerProfile w;
  w.worker_id = std::move(id);
  w.hostname = w.worker_id;
  w.os = "linux";
  w.devices = std::move(devices);
  w.cpu_slots = slots;
  return w;
}

inline Task CpuTask(std::string id, std::vector<std::string> deps = {}) {
  Task t;
  t.id = std::move(id);
  t.name = t.id;
  t.command.shell = "true";
  t.depends_on = std::move(deps);
  t.estimated_duration = seconds(10);
  return t;
}

inline Task GpuTask(std::string id, std::vector<std::string> deps = {}) {
  Task t = CpuTask(std::move(id), std::move(deps));
  t.requirements.device_class = HardwareClass::kGpu;
  t.requirements.precisions = {Precision::kFp16};
  return t;
}

template <typename T>
inline std::vector<T> All(const std::vector<EngineCommand>& commands) {
  std::vector<T> out;
  for (const auto& c : commands) {
    if (const auto* v = std::get_if<T>(&c)) out.push_back(*v);
  }
  return out;
}

class OrchestratorTest : public ::testing::Test {
 protected:
  void SetUp() override { Reset({}); }

  void Reset(OrchestratorConfig config) {
    config.heartbeat_timeout = seconds(30);
    config.unsatisfiable_wait = seconds(60);
    auto created = Orchestrator::Create(std::move(config));
    ASSERT_TRUE(created) << created.error().ToString();
    engine_ = std::move(*created);
    now_ = kT0;
  }

  std::vector<EngineCommand> Handle(const Event& e) { return engine_->Handle(e, now_); }
  std::vector<EngineCommand> Tick() { return engine_->Tick(now_); }
  void Advance(Duration d) { now_ += d; }

  void Join(WorkerProfile w) { Handle(WorkerJoined{std::move(w)}); }
  void Submit(std::string id, std::vector<Task> tasks) {
    Workload w;
    w.name = id;
    w.tasks = std::move(tasks);
    Handle(SubmitWorkload{std::move(id), std::move(w)});
  }
  std::vector<EngineCommand> Succeed(const std::string& attempt,
                                     std::optional<std::string> result = {}) {
    AttemptFinished f;
    f.attempt_id = attempt;
    f.outcome.exit_code = 0;
    f.result = std::move(result);
    return Handle(f);
  }
  std::vector<EngineCommand> Fail(const std::string& attempt, std::string log, int exit_code = 1) {
    AttemptFinished f;
    f.attempt_id = attempt;
    f.outcome.exit_code = exit_code;
    f.outcome.log_tail = std::move(log);
    return Handle(f);
  }
  void Heartbeat(const std::string& worker, std::vector<DeviceTelemetry> devices = {}) {
    WorkerHeartbeat hb;
    hb.worker_id = worker;
    hb.devices = std::move(devices);
    Handle(hb);
  }

  std::unique_ptr<Orchestrator> engine_;
  TimePoint now_;
};

}  // namespace hawk::engine::test_support
