// A small, complete set of report rows: two workloads on two workers, with a
// DAG, a sharded task, a failure and its recovery, a retry, a skipped task,
// utilization and temperature samples, resource usage, an alert, events and
// performance history. Every value is fixed, so outputs are deterministic.
#pragma once

#include <cmath>
#include <string>

#include "report/report_data.h"

namespace hawk::report::testing {

// 2026-11-26T10:00:00.000Z
constexpr std::int64_t kT0 = 1795687200000;

inline TimePoint At(std::int64_t offset_seconds) {
  return FromUnixMillis(kT0 + offset_seconds * 1000);
}

inline TaskRecord Task(const std::string& workload, const std::string& id,
                       const std::string& status, HardwareClass device_class, bool critical,
                       std::vector<std::string> depends_on,
                       std::optional<std::int64_t> estimated_ms) {
  TaskRecord t;
  t.workload_id = workload;
  t.task_id = id;
  t.name = id;
  t.status = status;
  t.device_class = device_class;
  t.critical = critical;
  t.depends_on = std::move(depends_on);
  t.estimated_duration_ms = estimated_ms;
  return t;
}

inline AttemptRecord Attempt(const std::string& id, const std::string& workload,
                             const std::string& task, std::uint32_t number,
                             const std::string& worker, const std::string& device,
                             const std::string& status, std::int64_t queued_s,
                             std::int64_t started_s, std::int64_t finished_s) {
  AttemptRecord a;
  a.attempt_id = id;
  a.workload_id = workload;
  a.task_id = task;
  a.attempt_number = number;
  a.worker_id = worker;
  a.devices = {device};
  a.status = status;
  a.queued_at = At(queued_s);
  a.started_at = At(started_s);
  a.finished_at = At(finished_s);
  a.throttled_ms = 0;
  return a;
}

inline EventRecord Event(std::int64_t at_s, const std::string& type,
                         std::optional<std::string> workload, std::optional<std::string> attempt,
                         const std::string& payload) {
  EventRecord e;
  e.ts = At(at_s);
  e.type = type;
  e.workload_id = std::move(workload);
  e.attempt_id = std::move(attempt);
  e.payload_json = payload;
  return e;
}

inline ReportSource SampleSource() {
  ReportSource s;
  s.workloads = {
      WorkloadRecord{"wl-ci", "nightly-ci", "{}", "failed", At(0), At(600)},
      WorkloadRecord{"wl-bench", "bench <fast> & \"small\"", "{}", "succeeded", At(10), At(360)}};
  s.tasks = {
      Task("wl-ci", "build", "succeeded", HardwareClass::kCpu, true, {}, 120000),
      Task("wl-ci", "lint", "succeeded", HardwareClass::kCpu, false, {}, 30000),
      Task("wl-ci", "test#0", "succeeded", HardwareClass::kGpu, true, {"build"}, 150000),
      Task("wl-ci", "test#1", "succeeded", HardwareClass::kGpu, false, {"build"}, 150000),
      Task("wl-ci", "package", "failed", HardwareClass::kCpu, true, {"test"}, 10000),
      Task("wl-ci", "docs", "skipped", HardwareClass::kCpu, false, {"package"}, std::nullopt),
      Task("wl-bench", "bench", "succeeded", HardwareClass::kGpu, true, {}, 60000)};
  s.attempts = {
      Attempt("a1", "wl-ci", "build", 1, "worker-a", "cpu0", "succeeded", 0, 1, 121),
      Attempt("a2", "wl-ci", "lint", 1, "worker-b", "cpu0", "succeeded", 0, 0, 20),
      Attempt("a3", "wl-ci", "test#0", 1, "worker-a", "gpu0", "failed", 121, 122, 182),
      Attempt("a4", "wl-ci", "test#1", 1, "worker-a", "gpu1", "succeeded", 121, 122, 300),
      Attempt("a5", "wl-ci", "test#0", 2, "worker-b", "gpu0", "succeeded", 184, 190, 400),
      Attempt("a6", "wl-ci", "package", 1, "worker-b", "cpu0", "failed", 400, 400, 420),
      Attempt("a7", "wl-bench", "bench", 1, "worker-a", "gpu1", "succeeded", 10, 310, 350)};
  s.attempts[2].failure_kind = "oom";
  s.attempts[2].message = "CUDA out of memory";
  s.attempts[2].exit_code = 137;
  s.attempts[2].signal = 9;
  s.attempts[4].throttled_ms = 30000;
  s.attempts[5].failure_kind = "exit_code";
  s.attempts[5].message = "tar: cannot open <out> & \"dist\"";
  s.attempts[5].exit_code = 2;

  TaskUsageRecord usage;
  usage.attempt_id = "a1";
  usage.workload_id = "wl-ci";
  usage.task_id = "build";
  usage.worker_id = "worker-a";
  usage.cpu_seconds = 95.25;
  usage.peak_memory_bytes = 2 * kGiB;
  usage.avg_memory_bytes = kGiB + 512 * kMiB;
  usage.read_bytes = 300 * kMiB;
  usage.write_bytes = 120 * kMiB;
  s.task_usage.push_back(usage);
  usage = TaskUsageRecord{};
  usage.attempt_id = "a5";
  usage.workload_id = "wl-ci";
  usage.task_id = "test#0";
  usage.worker_id = "worker-b";
  usage.cpu_seconds = 40.5;
  usage.peak_memory_bytes = 6 * kGiB;
  usage.gpu_memory_peak_bytes = 20 * kGiB;
  usage.gpu_utilization_avg_ratio = 0.8125;
  usage.energy_joules = 52000.5;
  s.task_usage.push_back(usage);

  s.events = {
      Event(
          0, "attempt_dispatched", "wl-ci", "a1",
          R"({"worker_id":"worker-a","devices":["cpu0"],"placement":"score 6.2, least loaded cpu"})"),
      Event(
          122, "attempt_dispatched", "wl-ci", "a3",
          R"({"worker_id":"worker-a","devices":["gpu0"],"placement":"score 5.9, fastest history"})"),
      Event(
          130, "unsatisfiable", "wl-ci", std::nullopt,
          R"({"subject":"docs","text":"docs cannot run in this fleet: needs 2 tpus on one worker"})"),
      Event(182, "attempt_failed", "wl-ci", std::nullopt,
            R"({"subject":"test#0","text":"test#0 failed on worker-a/gpu0: oom"})"),
      Event(182, "recovery", "wl-ci", std::nullopt,
            R"({"subject":"test#0","text":"test#0: reassign in 2s excluding worker-a"})"),
      Event(183, "device_quarantined", std::nullopt, std::nullopt,
            R"({"worker_id":"worker-a","device_id":"gpu0","reason":"2 oom within 30m"})"),
      Event(600, "workload_finished", "wl-ci", std::nullopt,
            R"({"status":"failed","reason":"package failed"})")};

  for (int i = 0; i <= 7; ++i) {
    const TimePoint ts = At(i * 60);
    const double load = (i % 4) / 4.0;
    auto add = [&](const std::string& worker, std::optional<std::string> device,
                   const std::string& metric, double value) {
      s.utilization.push_back(UtilizationSample{ts, worker, std::move(device), metric, value});
    };
    add("worker-a", std::nullopt, "cpu_utilization_ratio", 0.5 + load / 4);
    add("worker-a", "gpu0", "utilization_ratio", load);
    add("worker-a", "gpu0", "temperature_celsius", 40 + i * 5);
    add("worker-a", "gpu1", "utilization_ratio", 0.8);
    add("worker-a", "gpu1", "temperature_celsius", 60);
    add("worker-b", "gpu0", "utilization_ratio", i >= 3 ? 0.95 : 0.1);
    add("worker-b", "gpu0", "temperature_celsius", i >= 3 ? 88 + i : 45);
  }
  s.alerts = {HardwareAlertRecord{At(300), "worker-b", "gpu0", "gpu_temperature_celsius", "warning",
                                  AlertState::kOpened, 91, 85, "gpu0 at 91 °C (threshold 85 °C)"},
              HardwareAlertRecord{At(420), "worker-b", "gpu0", "gpu_temperature_celsius", "warning",
                                  AlertState::kClosed, 80, 85, "gpu0 back under 85 °C"}};
  s.workers = {WorkerHardwareRecord{"worker-a", "host-a", "linux", "fp-a", At(0), "{}"},
               WorkerHardwareRecord{"worker-b", "host-b", "linux", "fp-b", At(0), "{}"}};
  auto device = [&](const std::string& worker, const std::string& id, HardwareClass cls,
                    const std::string& model) {
    HardwareCapabilityRecord c;
    c.worker_id = worker;
    c.device_id = id;
    c.hardware_class = cls;
    c.model = model;
    c.updated_at = At(0);
    s.devices.push_back(c);
  };
  device("worker-a", "cpu0", HardwareClass::kCpu, "Xeon 8480+");
  device("worker-a", "gpu0", HardwareClass::kGpu, "A100 80GB");
  device("worker-a", "gpu1", HardwareClass::kGpu, "A100 80GB");
  device("worker-b", "cpu0", HardwareClass::kCpu, "Ryzen 9 7950X");
  device("worker-b", "gpu0", HardwareClass::kGpu, "RTX 4090");
  s.performance = {PerformanceRecord{"test", "A100 80GB", 2, 119000, 59000, At(600)},
                   PerformanceRecord{"build", "Xeon 8480+", 1, 120000, 0, At(600)}};
  return s;
}

// SampleSource plus the test cases its tasks' JUnit files held: shard
// test#0 failed GpuTest.Matmul in attempt a3 and passed it on the retry a5
// (flaky); shard test#1 ran the other half of the suite; package errored.
inline TestResultRecord TestResult(const std::string& task, const std::string& attempt,
                                   const std::string& suite, const std::string& name,
                                   const std::string& status, std::optional<std::int64_t> ms,
                                   std::optional<std::string> message = std::nullopt) {
  return TestResultRecord{"wl-ci", task, attempt, suite, name, status, ms, std::move(message)};
}

inline ReportSource SampleSourceWithTests() {
  ReportSource s = SampleSource();
  s.test_results = {
      TestResult("test#0", "a3", "GpuTest", "Matmul", "failed", 1500, "tolerance 1e-3 < |x - y|"),
      TestResult("test#0", "a3", "GpuTest", "Softmax", "passed", 20),
      TestResult("test#1", "a4", "GpuTest", "Conv", "passed", 800),
      TestResult("test#1", "a4", "GpuTest", "Fp8<e4m3>", "skipped", 0, "needs sm_90 & \"fp8\""),
      TestResult("test#0", "a5", "GpuTest", "Matmul", "passed", 1400),
      TestResult("test#0", "a5", "GpuTest", "Softmax", "passed", 25),
      TestResult("package", "a6", "PackageTest", "Tarball", "error", std::nullopt,
                 "tar: cannot open <out>")};
  return s;
}

}  // namespace hawk::report::testing
