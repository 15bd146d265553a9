// Append rates of the DuckDB store. Utilization: each "tick" appends a batch
// of samples and flushes once, as a coordinator does per heartbeat round
// (items are samples). Events: a scheduling round's few events and the
// flush before its dispatch (items are rounds). Rates include the commit to
// a file.
//
// items_per_second is wall-clock (UseRealTime). The CPU column is the whole
// process (DuckDB's worker threads too), and samples_per_cpu_second divides
// the samples by that CPU time: on a shared machine it shows the cost
// without the time spent waiting for a core.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <time.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/duckdb_store.h"

namespace hawk {
namespace {

// A folder under $TMPDIR (or /tmp), removed with its contents.
class ScratchDir {
 public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/hawk_store_bench_XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// False, with the benchmark skipped, when `status` is an error.
bool Succeeded(benchmark::State& state, const Status& status) {
  if (!status) state.SkipWithError(status.error().ToString().c_str());
  return static_cast<bool>(status);
}

// A file-backed store in `dir`; nullptr, with the benchmark skipped, when it
// cannot be opened.
std::unique_ptr<DuckDbStore> OpenOrSkip(benchmark::State& state, const ScratchDir& dir) {
  auto opened = DuckDbStore::Open((dir.path() / "bench.duckdb").string());
  if (!opened) {
    state.SkipWithError(opened.error().ToString().c_str());
    return nullptr;
  }
  return std::move(*opened);
}

double ProcessCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// A fleet-shaped batch: workers with 8 GPUs each, 4 metrics per GPU and
// 4 per host, cycling until `count` samples.
std::vector<UtilizationSample> MakeBatch(std::size_t count) {
  static const char* kGpuMetrics[] = {"gpu_utilization_ratio", "gpu_memory_used_bytes",
                                      "temperature_celsius", "power_watts"};
  static const char* kHostMetrics[] = {"cpu_utilization_ratio", "memory_used_bytes",
                                       "disk_read_bytes_per_second", "net_rx_bytes_per_second"};
  std::vector<UtilizationSample> batch;
  batch.reserve(count);
  for (std::size_t worker = 0; batch.size() < count; ++worker) {
    const std::string worker_id = "worker-" + std::to_string(worker);
    for (int m = 0; m < 4 && batch.size() < count; ++m) {
      batch.push_back({TimePoint{}, worker_id, std::nullopt, kHostMetrics[m], 0.5 + m});
    }
    for (int gpu = 0; gpu < 8; ++gpu) {
      for (int m = 0; m < 4 && batch.size() < count; ++m) {
        batch.push_back(
            {TimePoint{}, worker_id, "gpu" + std::to_string(gpu), kGpuMetrics[m], 10.0 * gpu + m});
      }
    }
  }
  return batch;
}

void BM_AppendUtilizationThenFlush(benchmark::State& state) {
  const auto batch_size = static_cast<std::size_t>(state.range(0));
  ScratchDir dir;
  const std::unique_ptr<DuckDbStore> opened = OpenOrSkip(state, dir);
  if (opened == nullptr) return;
  DuckDbStore& store = *opened;
  std::vector<UtilizationSample> batch = MakeBatch(batch_size);
  TimePoint tick = FromUnixMillis(1'795'688'047'000);
  // One tick before timing: a fleet's series (worker, device, metric) are
  // registered once, when they first report; the loop measures steady ticks.
  for (UtilizationSample& s : batch) s.ts = tick;
  tick += std::chrono::seconds(1);
  if (!Succeeded(state, store.AppendUtilization(batch).and_then([&] { return store.Flush(); }))) {
    return;
  }
  const double cpu_start = ProcessCpuSeconds();
  for (auto _ : state) {
    for (UtilizationSample& s : batch) s.ts = tick;
    tick += std::chrono::seconds(1);
    if (!Succeeded(state, store.AppendUtilization(batch)) || !Succeeded(state, store.Flush())) {
      break;
    }
  }
  const double cpu_seconds = ProcessCpuSeconds() - cpu_start;
  const auto samples = state.iterations() * static_cast<std::int64_t>(batch_size);
  state.SetItemsProcessed(samples);
  state.counters["samples_per_tick"] = static_cast<double>(batch_size);
  if (cpu_seconds > 0) {
    state.counters["samples_per_cpu_second"] = static_cast<double>(samples) / cpu_seconds;
  }
}
// One scheduling round of the coordinator: a few events (a result, the
// dispatch it allows), then the flush that must land before the dispatch
// goes out. Items are rounds; the rate includes the commit to a file.
void BM_AppendEventsThenFlush(benchmark::State& state) {
  const auto per_round = static_cast<int>(state.range(0));
  ScratchDir dir;
  const std::unique_ptr<DuckDbStore> opened = OpenOrSkip(state, dir);
  if (opened == nullptr) return;
  DuckDbStore& store = *opened;
  EventRecord event;
  event.ts = FromUnixMillis(1'795'688'047'000);
  event.type = "attempt_dispatched";
  event.workload_id = "dispatch-20261127-000000";
  event.task_id = "t123";
  event.attempt_id = "t123#1";
  event.payload_json =
      R"({"command":"true","placement":"cpu0 on bench-worker: fits","task_id":"t123"})";
  for (auto _ : state) {
    for (int i = 0; i < per_round; ++i) {
      if (auto seq = store.AppendEvent(event); !seq) {
        state.SkipWithError(seq.error().ToString().c_str());
        return;
      }
    }
    if (!Succeeded(state, store.Flush())) return;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["events_per_round"] = per_round;
}
// The report rows of a finished one-task workload, as the coordinator
// writes them when a workload ends: the workload, its task, its attempt and
// the attempt's resource use.
WorkloadRows OneTaskWorkloadRows(int n) {
  WorkloadRows rows;
  const std::string id = "latency-" + std::to_string(n);
  rows.workload = {id,
                   "latency",
                   R"({"name":"latency","tasks":[{"id":"stamp"}]})",
                   "succeeded",
                   FromUnixMillis(1'795'688'047'000),
                   std::nullopt};
  TaskRecord& t = rows.tasks.emplace_back();
  t.workload_id = id;
  t.task_id = "stamp";
  t.name = "stamp";
  t.status = "succeeded";
  AttemptRecord& a = rows.attempts.emplace_back();
  a.attempt_id = "att-" + std::to_string(n);
  a.workload_id = id;
  a.task_id = "stamp";
  a.worker_id = "bench-worker";
  a.devices = {"cpu0"};
  a.status = "succeeded";
  a.exit_code = 0;
  a.queued_at = rows.workload.submitted_at;
  TaskUsageRecord& u = rows.usages.emplace_back();
  u.attempt_id = a.attempt_id;
  u.workload_id = id;
  u.task_id = "stamp";
  u.worker_id = "bench-worker";
  u.cpu_seconds = 0.001;
  u.source = "proc";
  return rows;
}

// Items are workloads. range(0) is the number of workloads written before
// timing; range(1) is how: 0 with Upsert* (one INSERT OR REPLACE and one
// commit per table), 1 with ReplaceWorkloadRows (one transaction).
void BM_WriteWorkloadRows(benchmark::State& state) {
  const auto earlier = static_cast<int>(state.range(0));
  const bool replace = state.range(1) == 1;
  ScratchDir dir;
  const std::unique_ptr<DuckDbStore> opened = OpenOrSkip(state, dir);
  if (opened == nullptr) return;
  DuckDbStore& store = *opened;
  int n = 0;
  const auto write = [&] {
    const WorkloadRows rows = OneTaskWorkloadRows(n++);
    if (replace) return store.ReplaceWorkloadRows(rows);
    return store.UpsertWorkload(rows.workload)
        .and_then([&] { return store.UpsertTasks(rows.tasks); })
        .and_then([&] { return store.UpsertAttempts(rows.attempts); })
        .and_then([&] { return store.UpsertTaskUsages(rows.usages); });
  };
  for (int i = 0; i < earlier; ++i) {
    if (!Succeeded(state, write())) return;
  }
  for (auto _ : state) {
    if (!Succeeded(state, write())) return;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WriteWorkloadRows)
    ->ArgNames({"earlier", "replace"})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({1000, 0})
    ->Args({1000, 1})
    ->UseRealTime();

BENCHMARK(BM_AppendEventsThenFlush)->Arg(2)->Arg(16)->Arg(17)->Arg(256)->UseRealTime();

BENCHMARK(BM_AppendUtilizationThenFlush)
    ->Arg(100)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->MinTime(2.0)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hawk
