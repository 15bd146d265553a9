// Every record kind written and read back: each kind on its own in memory,
// then all kinds in a file that is closed and opened again.
#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "store/duckdb_store.h"
#include "store/migrations.h"
#include "store_test_support.h"

namespace hawk {
namespace {

using testing_store::At;
using testing_store::kT0;

// ---- one Write/Check pair per record kind ----

struct Workloads {
  WorkloadRecord done = [] {
    WorkloadRecord w = testing_store::SampleWorkload("wl-2");
    w.status = "succeeded";
    w.submitted_at = At(kT0 + 10);
    w.finished_at = At(kT0 + 5'000);
    return w;
  }();
  WorkloadRecord updated = [] {
    WorkloadRecord w = testing_store::SampleWorkload("wl-1");
    w.status = "failed";
    return w;
  }();

  void Write(Store& store) const {
    ASSERT_TRUE(store.UpsertWorkload(done));
    ASSERT_TRUE(store.UpsertWorkload(testing_store::SampleWorkload("wl-1")));
    ASSERT_TRUE(store.UpsertWorkload(updated));  // an upsert replaces the row
  }
  void Check(Store& store) const {
    auto got = store.GetWorkload("wl-1");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(*got, updated);
    auto all = store.ListWorkloads();
    ASSERT_TRUE(all) << all.error().ToString();
    EXPECT_EQ(*all, (std::vector<WorkloadRecord>{updated, done}));  // by submitted_at
  }
};

struct Tasks {
  TaskRecord build = testing_store::SampleTask("build");
  TaskRecord analyse = [] {
    TaskRecord t = testing_store::SampleTask("analyse");
    t.device_class = HardwareClass::kCpu;
    t.critical = false;
    t.criticality = Criticality::kLow;
    t.depends_on.clear();
    t.estimated_duration_ms.reset();
    t.priority = -3;
    return t;
  }();

  void Write(Store& store) const {
    ASSERT_TRUE(store.UpsertTask(build));
    ASSERT_TRUE(store.UpsertTask(analyse));
  }
  void Check(Store& store) const {
    auto tasks = store.ListTasks("wl-1");
    ASSERT_TRUE(tasks) << tasks.error().ToString();
    EXPECT_EQ(*tasks, (std::vector<TaskRecord>{analyse, build}));  // by task_id
  }
};

struct Attempts {
  AttemptRecord failed = [] {
    AttemptRecord a = testing_store::SampleAttempt("att-1");
    a.throttled_ms = 2'500;
    return a;
  }();
  AttemptRecord queued = [] {
    AttemptRecord a;
    a.attempt_id = "att-2";
    a.workload_id = "wl-1";
    a.task_id = "build";
    a.status = "queued";
    a.queued_at = At(kT0 + 70'000);
    return a;
  }();

  void Write(Store& store) const {
    ASSERT_TRUE(store.UpsertAttempt(queued));
    ASSERT_TRUE(store.UpsertAttempt(failed));
  }
  void Check(Store& store) const {
    auto got = store.GetAttempt("att-1");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(*got, failed);
    auto all = store.ListAttempts("wl-1");
    ASSERT_TRUE(all) << all.error().ToString();
    EXPECT_EQ(*all, (std::vector<AttemptRecord>{failed, queued}));  // by queued_at
  }
};

struct TestResults {
  std::vector<TestResultRecord> results = {
      {"wl-1", "unit", "att-1", "Parser", "RejectsEmpty", "passed", 12, std::nullopt},
      {"wl-1", "unit", "att-1", "Parser", "AcceptsUtf8", "failed", 40, "expected 3, got 4"},
      {"wl-1", "unit", "att-1", "Alpha", "Skipped", "skipped", std::nullopt, std::nullopt},
  };

  void Write(Store& store) const {
    ASSERT_TRUE(store.AppendTestResults(results));
    ASSERT_TRUE(store.AppendTestResults({}));
  }
  void Check(Store& store) const {
    auto got = store.ListTestResults("wl-1");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(*got, results);  // in append order
  }
};

struct TaskUsage {
  TaskUsageRecord full{"att-1",  "wl-1",    "build",    "worker-a", 12.5,
                       3 * kGiB, 2 * kGiB,  100 * kMiB, 50 * kMiB,  7'000,
                       9'000,    40 * kGiB, 0.85,       1'234.5,    "cgroup_v2"};
  TaskUsageRecord sparse = [] {
    TaskUsageRecord u;
    u.attempt_id = "att-2";
    u.workload_id = "wl-1";
    u.task_id = "test";
    u.worker_id = "worker-b";
    u.cpu_seconds = 0.25;
    u.peak_memory_bytes = std::numeric_limits<Bytes>::max();  // the whole uint64 range
    return u;
  }();

  void Write(Store& store) const {
    ASSERT_TRUE(store.UpsertTaskUsage(sparse));
    ASSERT_TRUE(store.UpsertTaskUsage(full));
  }
  void Check(Store& store) const {
    auto got = store.ListTaskUsage("wl-1");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(*got, (std::vector<TaskUsageRecord>{full, sparse}));
  }
};

struct Alerts {
  HardwareAlertRecord opened{
      At(kT0),          "worker-a",          "gpu0", "gpu_temperature_celsius",
      "critical",       AlertState::kOpened, 91.5,   90.0,
      "gpu0 at 91.5 °C"};
  HardwareAlertRecord closed = [this] {
    HardwareAlertRecord a = opened;
    a.ts = At(kT0 + 60'000);
    a.state = AlertState::kClosed;
    a.value = 80.0;
    return a;
  }();
  HardwareAlertRecord host{
      At(kT0 + 30'000),    "worker-b", std::nullopt, "memory_used_bytes", "warning",
      AlertState::kOpened, 9.5e9,      9e9,          "host memory high"};

  void Write(Store& store) const {
    ASSERT_TRUE(store.AppendAlert(opened));
    ASSERT_TRUE(store.AppendAlert(closed));
    ASSERT_TRUE(store.AppendAlert(host));
  }
  void Check(Store& store) const {
    auto all = store.ListAlerts({});
    ASSERT_TRUE(all) << all.error().ToString();
    EXPECT_EQ(*all, (std::vector<HardwareAlertRecord>{opened, host, closed}));
    auto worker_a = store.ListAlerts({.worker_id = "worker-a"});
    ASSERT_TRUE(worker_a);
    EXPECT_EQ(*worker_a, (std::vector<HardwareAlertRecord>{opened, closed}));
    auto window = store.ListAlerts({.since = At(kT0 + 1), .until = At(kT0 + 60'000)});
    ASSERT_TRUE(window);
    EXPECT_EQ(*window, (std::vector<HardwareAlertRecord>{host, closed}));
  }
};

struct Capabilities {
  HardwareCapabilityRecord gpu = [] {
    DeviceProfile d;
    d.id = "gpu0";
    d.hardware_class = HardwareClass::kGpu;
    d.architecture = Architecture::kCuda;
    d.vendor = Vendor::kNvidia;
    d.model = "NVIDIA A100-SXM4-80GB";
    d.memory_total_bytes = 80 * kGiB;
    d.compute_units = 108;
    d.compute_capability = ComputeCapability{8, 0};
    d.backends = {Backend::kCuda, Backend::kPytorch, Backend::kTensorrt};
    d.precisions = {Precision::kFp32, Precision::kBf16, Precision::kInt8};
    d.features = {Feature::kTensorCores, Feature::kMig, Feature::kEcc};
    d.tdp_watts = 400.0;
    return CapabilityFromDevice("worker-a", d, At(kT0));
  }();
  HardwareCapabilityRecord cpu = [] {
    HardwareCapabilityRecord c;
    c.worker_id = "worker-b";
    c.device_id = "cpu0";
    c.model = "AMD EPYC 7763";
    c.vendor = Vendor::kAmd;
    c.architecture = Architecture::kX86_64;
    c.memory_total_bytes = 512 * kGiB;
    c.compute_units = 64;
    c.updated_at = At(kT0 + 1);
    return c;
  }();

  void Write(Store& store) const {
    ASSERT_TRUE(store.UpsertCapability(cpu));
    ASSERT_TRUE(store.UpsertCapability(gpu));
  }
  void Check(Store& store) const {
    EXPECT_EQ(gpu.compute_capability, "8.0");
    auto all = store.ListCapabilities(std::nullopt);
    ASSERT_TRUE(all) << all.error().ToString();
    EXPECT_EQ(*all, (std::vector<HardwareCapabilityRecord>{gpu, cpu}));
    auto one = store.ListCapabilities("worker-b");
    ASSERT_TRUE(one);
    EXPECT_EQ(*one, std::vector<HardwareCapabilityRecord>{cpu});
  }
};

struct Workers {
  WorkerHardwareRecord a{"worker-a", "gpu-node-1.example", "linux", "sha256:abc",
                         At(kT0),    R"({"rack":"r1"})"};
  WorkerHardwareRecord b{"worker-b", "laptop", "macos", "sha256:def", At(kT0 + 5), "{}"};

  void Write(Store& store) const {
    WorkerHardwareRecord first = a;
    first.hostname = "gpu-node-1";
    ASSERT_TRUE(store.UpsertWorkerHardware(b));
    ASSERT_TRUE(store.UpsertWorkerHardware(first));
    ASSERT_TRUE(store.UpsertWorkerHardware(a));  // re-registration replaces the row
  }
  void Check(Store& store) const {
    auto got = store.GetWorkerHardware("worker-a");
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(*got, a);
    auto all = store.ListWorkerHardware();
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, (std::vector<WorkerHardwareRecord>{a, b}));
  }
};

struct Performance {
  PerformanceRecord p{"resnet50-inference", "NVIDIA A100-SXM4-80GB", 13, 430.0, 12.5, At(kT0)};
  PerformanceRecord q{"build", "AMD EPYC 7763", 3, 61'000.0, 0.0, At(kT0 + 1)};

  void Write(Store& store) const {
    PerformanceRecord older = p;
    older.samples = 12;
    older.mean_runtime_ms = 431.25;
    ASSERT_TRUE(store.UpsertPerformance(older));
    ASSERT_TRUE(store.UpsertPerformance(q));
    ASSERT_TRUE(store.UpsertPerformance(p));
  }
  void Check(Store& store) const {
    auto all = store.ListPerformance();
    ASSERT_TRUE(all) << all.error().ToString();
    EXPECT_EQ(*all, (std::vector<PerformanceRecord>{q, p}));
  }
};

struct Utilization {
  std::vector<UtilizationSample> samples = {
      {At(kT0 + 1'000), "worker-a", "gpu0", "temperature_celsius", 71.0},
      {At(kT0 + 1'000), "worker-a", std::nullopt, "cpu_utilization_ratio", 0.5},
      {At(kT0), "worker-b", std::nullopt, "memory_used_bytes", 8.0e9},
      {At(kT0 + 2'000), "worker-a", "gpu0", "temperature_celsius", 73.5},
  };

  void Write(Store& store) const {
    ASSERT_TRUE(store.AppendUtilization(samples));
    ASSERT_TRUE(store.Flush());
  }
  void Check(Store& store) const {
    auto all = store.ListUtilization({});
    ASSERT_TRUE(all) << all.error().ToString();
    // By ts, worker_id, then the host before its devices.
    EXPECT_EQ(*all,
              (std::vector<UtilizationSample>{samples[2], samples[1], samples[0], samples[3]}));
    auto temperatures = store.ListUtilization(
        {.worker_id = "worker-a", .metric = "temperature_celsius", .since = At(kT0 + 1'500)});
    ASSERT_TRUE(temperatures);
    EXPECT_EQ(*temperatures, std::vector<UtilizationSample>{samples[3]});
    auto until = store.ListUtilization({.until = At(kT0)});
    ASSERT_TRUE(until);
    EXPECT_EQ(*until, std::vector<UtilizationSample>{samples[2]});
  }
};

struct Events {
  std::vector<EventRecord> events = [] {
    std::vector<EventRecord> out = {testing_store::SampleEvent("workload_submitted", 0),
                                    testing_store::SampleEvent("task_dispatched", 10)};
    out[1].task_id = "build";
    out[1].attempt_id = "att-1";
    out[0].seq = 1;
    out[1].seq = 2;
    return out;
  }();

  void Write(Store& store) const {
    for (const EventRecord& e : events) ASSERT_TRUE(store.AppendEvent(e));
    ASSERT_TRUE(store.Flush());
  }
  void Check(Store& store) const {
    auto all = store.LoadEvents(0, std::nullopt);
    ASSERT_TRUE(all) << all.error().ToString();
    EXPECT_EQ(*all, events);
  }
};

// ---- each kind in memory ----

class RoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = DuckDbStore::Open(DuckDbStore::kInMemory);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
  }

  template <typename Kind>
  void WriteAndCheck() {
    const Kind kind;
    kind.Write(*store_);
    kind.Check(*store_);
  }

  std::unique_ptr<DuckDbStore> store_;
};

TEST_F(RoundTrip, Workloads) {
  WriteAndCheck<Workloads>();
}
TEST_F(RoundTrip, Tasks) {
  WriteAndCheck<Tasks>();
}
TEST_F(RoundTrip, Attempts) {
  WriteAndCheck<Attempts>();
}
TEST_F(RoundTrip, TestResults) {
  WriteAndCheck<TestResults>();
}
TEST_F(RoundTrip, TaskUsage) {
  WriteAndCheck<TaskUsage>();
}
TEST_F(RoundTrip, Alerts) {
  WriteAndCheck<Alerts>();
}
TEST_F(RoundTrip, HardwareCapabilities) {
  WriteAndCheck<Capabilities>();
}
TEST_F(RoundTrip, WorkerHardware) {
  WriteAndCheck<Workers>();
}
TEST_F(RoundTrip, PerformanceHistory) {
  WriteAndCheck<Performance>();
}
TEST_F(RoundTrip, Utilization) {
  WriteAndCheck<Utilization>();
}
TEST_F(RoundTrip, Events) {
  WriteAndCheck<Events>();
}

TEST_F(RoundTrip, OpensAtTheLatestSchemaVersion) {
  EXPECT_EQ(store_->SchemaVersion(), LatestSchemaVersion());
}

TEST_F(RoundTrip, MissingRowsAreNotFound) {
  auto workload = store_->GetWorkload("nope");
  ASSERT_FALSE(workload);
  EXPECT_EQ(workload.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(workload.error().message, "no row 'nope' in workloads");
  EXPECT_EQ(store_->GetAttempt("nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetWorkerHardware("nope").error().code, ErrorCode::kNotFound);
  auto tasks = store_->ListTasks("nope");
  ASSERT_TRUE(tasks);
  EXPECT_TRUE(tasks->empty());
}

// A workload's rows replaced at once: rows it no longer has go, other
// workloads' rows stay, and the rows read back as written.
TEST_F(RoundTrip, ReplacingAWorkloadsRowsWritesExactlyThem) {
  const auto rows_of = [](const std::string& id, const std::string& status,
                          const std::vector<std::string>& task_ids) {
    WorkloadRows rows;
    rows.workload = testing_store::SampleWorkload(id);
    rows.workload.status = status;
    for (const std::string& task_id : task_ids) {
      TaskRecord t = testing_store::SampleTask(task_id);
      t.workload_id = id;
      rows.tasks.push_back(t);
      AttemptRecord a = testing_store::SampleAttempt(id);
      a.attempt_id.append("/").append(task_id);
      a.workload_id = id;
      a.task_id = task_id;
      rows.attempts.push_back(a);
      TaskUsageRecord u;
      u.attempt_id = a.attempt_id;
      u.workload_id = id;
      u.task_id = task_id;
      u.worker_id = "worker-a";
      u.cpu_seconds = 1.5;
      u.source = "proc";
      rows.usages.push_back(u);
    }
    return rows;
  };
  const WorkloadRows other = rows_of("wl-other", "running", {"x"});
  ASSERT_TRUE(store_->ReplaceWorkloadRows(other));
  ASSERT_TRUE(store_->ReplaceWorkloadRows(rows_of("wl-1", "running", {"a", "b"})));
  const WorkloadRows ended = rows_of("wl-1", "succeeded", {"a"});
  ASSERT_TRUE(store_->ReplaceWorkloadRows(ended));

  EXPECT_EQ(*store_->GetWorkload("wl-1"), ended.workload);
  EXPECT_EQ(*store_->ListTasks("wl-1"), ended.tasks);
  EXPECT_EQ(*store_->ListAttempts("wl-1"), ended.attempts);
  EXPECT_EQ(*store_->ListTaskUsage("wl-1"), ended.usages);
  EXPECT_EQ(*store_->GetWorkload("wl-other"), other.workload);
  EXPECT_EQ(*store_->ListTasks("wl-other"), other.tasks);
  EXPECT_EQ(*store_->ListAttempts("wl-other"), other.attempts);
  EXPECT_EQ(*store_->ListTaskUsage("wl-other"), other.usages);
}

// All or nothing: a row the store refuses leaves the workload's rows as
// they were.
TEST_F(RoundTrip, AReplacementWithABadRowChangesNothing) {
  WorkloadRows rows;
  rows.workload = testing_store::SampleWorkload("wl-1");
  rows.tasks.push_back(testing_store::SampleTask("build"));
  ASSERT_TRUE(store_->ReplaceWorkloadRows(rows));
  WorkloadRows bad = rows;
  bad.workload.status = "failed";
  bad.tasks.clear();
  bad.attempts = {testing_store::SampleAttempt("att-1"), testing_store::SampleAttempt("att-1")};
  const Status replaced = store_->ReplaceWorkloadRows(bad);
  ASSERT_FALSE(replaced) << "two attempts with one key";
  EXPECT_EQ(*store_->GetWorkload("wl-1"), rows.workload);
  EXPECT_EQ(*store_->ListTasks("wl-1"), rows.tasks);
  EXPECT_TRUE(store_->ListAttempts("wl-1")->empty());
}

// ---- every kind in a file, read again after reopening ----

TEST(FileRoundTrip, EveryRecordKindSurvivesReopening) {
  testing_store::TempDir dir;
  const std::string path = dir.File("hawk.duckdb");
  const Workloads workloads;
  const Tasks tasks;
  const Attempts attempts;
  const TestResults test_results;
  const TaskUsage usage;
  const Alerts alerts;
  const Capabilities capabilities;
  const Workers workers;
  const Performance performance;
  const Utilization utilization;
  const Events events;
  auto check_all = [&](Store& store) {
    workloads.Check(store);
    tasks.Check(store);
    attempts.Check(store);
    test_results.Check(store);
    usage.Check(store);
    alerts.Check(store);
    capabilities.Check(store);
    workers.Check(store);
    performance.Check(store);
    utilization.Check(store);
    events.Check(store);
  };
  {
    auto store = DuckDbStore::Open(path);
    ASSERT_TRUE(store) << store.error().ToString();
    workloads.Write(**store);
    tasks.Write(**store);
    attempts.Write(**store);
    test_results.Write(**store);
    usage.Write(**store);
    alerts.Write(**store);
    capabilities.Write(**store);
    workers.Write(**store);
    performance.Write(**store);
    utilization.Write(**store);
    events.Write(**store);
    check_all(**store);
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  auto store = DuckDbStore::Open(path);
  ASSERT_TRUE(store) << store.error().ToString();
  check_all(**store);
  EXPECT_EQ((*store)->LastEventSeq(), 2);
}

}  // namespace
}  // namespace hawk
