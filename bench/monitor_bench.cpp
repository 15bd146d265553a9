// The cost of monitoring: CPU time of one sample at each level on this
// machine (live /proc and /sys), and on the captured fixture trees that
// bench/compare_node_exporter.sh also feeds to prometheus-node-exporter.
// Results: BENCHMARKS.md, "Monitor".
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "monitor/alert_engine.h"
#include "monitor/host_sampler.h"
#include "monitor/metrics.h"
#include "monitor/nvml_gpu_source.h"
#include "monitor/rates.h"
#include "monitor/snapshot_json.h"
#include "monitor/task_tracker.h"
#include "monitor/thermal_tracker.h"

namespace hawk::monitor {
namespace {

std::string FixtureRoot(const std::string& tree, const std::string& part) {
  if (const char* dir = std::getenv("HAWK_FIXTURES_DIR")) {
    return std::string(dir) + "/linux/" + tree + "/" + part;
  }
  return std::string(HAWK_FIXTURES_DIR) + "/linux/" + tree + "/" + part;
}

void Sample(benchmark::State& state, HostSamplerOptions options) {
  HostSampler sampler(options);
  std::int64_t ms = 0;
  for (auto _ : state) {
    HostSnapshot s = sampler.Sample(TimePoint(std::chrono::milliseconds(ms += 1000)));
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_LiveSample(benchmark::State& state) {
  HostSamplerOptions options;
  options.level = static_cast<MonitoringLevel>(state.range(0));
  state.SetLabel(std::string(ToString(options.level)));
  Sample(state, options);
}
BENCHMARK(BM_LiveSample)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

void BM_FixtureSample(benchmark::State& state, const char* tree) {
  HostSamplerOptions options;
  options.proc_root = FixtureRoot(tree, "proc");
  options.sys_root = FixtureRoot(tree, "sys");
  options.level = MonitoringLevel::kStandard;
  Sample(state, options);
}
BENCHMARK_CAPTURE(BM_FixtureSample, node_exporter, "node-exporter")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FixtureSample, procfs, "procfs")->Unit(benchmark::kMicrosecond);

// A standard sample with NVIDIA GPUs read through NVML (skipped without them).
void BM_LiveSampleWithNvml(benchmark::State& state) {
  auto nvml = NvmlGpuSource::Create();
  if (nvml->DeviceCount() == 0) {
    state.SkipWithError(("no NVML GPU: " + nvml->unavailable_reason()).c_str());
    return;
  }
  HostSamplerOptions options;
  options.gpu_sources = {nvml.get()};
  state.SetLabel(std::to_string(nvml->DeviceCount()) + " GPU(s)");
  Sample(state, options);
}
BENCHMARK(BM_LiveSampleWithNvml)->Unit(benchmark::kMicrosecond);

// Everything `hawk monitor` does per tick after reading: rates, metric
// rows, alerts and thermal state (no output, no database).
void BM_LiveTick(benchmark::State& state) {
  HostSampler sampler(HostSamplerOptions{});
  AlertEngine alerts;
  ThermalTracker thermal;
  std::int64_t ms = 0;
  HostSnapshot previous = sampler.Sample(TimePoint(std::chrono::milliseconds(ms)));
  for (auto _ : state) {
    HostSnapshot s = sampler.Sample(TimePoint(std::chrono::milliseconds(ms += 1000)));
    const auto rates = ComputeRates(previous, s);
    const auto metrics = FlattenMetrics(s, rates ? &*rates : nullptr);
    alerts.Evaluate(s.ts, ObservationsFrom(s, rates ? &*rates : nullptr));
    for (const auto& r : ThermalReadingsFrom(s)) thermal.Update(r);
    benchmark::DoNotOptimize(metrics);
    previous = std::move(s);
  }
}
BENCHMARK(BM_LiveTick)->Unit(benchmark::kMicrosecond);

void BM_SnapshotJson(benchmark::State& state) {
  HostSamplerOptions options;
  options.proc_root = FixtureRoot("node-exporter", "proc");
  options.sys_root = FixtureRoot("node-exporter", "sys");
  options.level = MonitoringLevel::kIntensive;
  HostSampler sampler(options);
  const HostSnapshot s = sampler.Sample(TimePoint{});
  for (auto _ : state) benchmark::DoNotOptimize(SnapshotToJson(s).dump());
}
BENCHMARK(BM_SnapshotJson)->Unit(benchmark::kMicrosecond);

// One task-tracker sample of this benchmark's own process: a walk of every
// process in /proc to find the tree.
void BM_TaskTrackerSample(benchmark::State& state) {
  TaskTrackerOptions options;
  options.root_pid = static_cast<std::uint32_t>(::getpid());
  TaskResourceTracker tracker(options);
  std::int64_t ms = 0;
  for (auto _ : state) tracker.Sample(TimePoint(std::chrono::milliseconds(ms += 1000)));
}
BENCHMARK(BM_TaskTrackerSample)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hawk::monitor

// `monitor_bench --print_snapshot[=LEVEL]` prints one live snapshot (with
// NVML GPUs) as JSON and exits: what the benchmarks above measure.
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!arg.starts_with("--print_snapshot")) continue;
    using namespace hawk;
    using namespace hawk::monitor;
    auto nvml = NvmlGpuSource::Create();
    HostSamplerOptions options;
    options.gpu_sources = {nvml.get()};
    if (arg.size() > 17)
      options.level = Parse<MonitoringLevel>(arg.substr(17)).value_or(options.level);
    HostSampler sampler(options);
    const HostSnapshot a = sampler.Sample(TimePoint(std::chrono::milliseconds(0)));
    ::usleep(200'000);
    const HostSnapshot b = sampler.Sample(TimePoint(std::chrono::milliseconds(200)));
    nlohmann::json j = SnapshotToJson(b);
    const auto rates = ComputeRates(a, b);
    j["rates"] = rates ? RatesToJson(*rates) : nlohmann::json(nullptr);
    j["thermal"] = nlohmann::json::array();
    ThermalTracker thermal;
    for (const auto& r : ThermalReadingsFrom(b)) {
      const ThermalStatus& t = thermal.Update(r);
      j["thermal"].push_back({{"device_id", t.device_id},
                              {"state", std::string(ToString(t.state))},
                              {"throttle_signals", t.throttle_signals}});
    }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
