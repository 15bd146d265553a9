// ReportData from rows (pure) and from a DuckDB store.
#include <gtest/gtest.h>

#include <algorithm>

#include "report/json_export.h"
#include "report/report_data.h"
#include "report_fixture.h"
#include "store/duckdb_store.h"

namespace hawk::report {
namespace {

using testing::At;
using testing::SampleSource;

const DeviceRow& FindDevice(const ReportData& data, const std::string& worker,
                            const std::string& device) {
  auto it = std::find_if(data.devices.begin(), data.devices.end(), [&](const DeviceRow& d) {
    return d.worker_id == worker && d.device_id == device;
  });
  EXPECT_NE(it, data.devices.end()) << worker << "/" << device;
  return *it;
}

TEST(ClassifyLoad, WarningFrom75AndCriticalFrom90Percent) {
  EXPECT_EQ(ClassifyLoad(0.7499), LoadClass::kNormal);
  EXPECT_EQ(ClassifyLoad(0.75), LoadClass::kWarning);
  EXPECT_EQ(ClassifyLoad(0.8999), LoadClass::kWarning);
  EXPECT_EQ(ClassifyLoad(0.90), LoadClass::kCritical);
  EXPECT_EQ(ClassifyLoad(1.0), LoadClass::kCritical);
}

TEST(BuildReportData, CountsWorkloadsTasksAttemptsAndStatuses) {
  const ReportData data = BuildReportData(SampleSource());
  EXPECT_EQ(data.summary.workloads, 2u);
  EXPECT_EQ(data.summary.tasks, 7u);
  EXPECT_EQ(data.summary.attempts, 7u);
  EXPECT_EQ(data.summary.failed_attempts, 2u);
  EXPECT_EQ(data.summary.retried_tasks, 1u);
  EXPECT_EQ(data.summary.workers, 2u);
  EXPECT_EQ(data.summary.devices, 5u);  // the host row is not a device
  EXPECT_EQ(data.summary.alerts, 2u);
  EXPECT_EQ(data.summary.tasks_by_status.at("succeeded"), 5u);
  EXPECT_EQ(data.summary.tasks_by_status.at("skipped"), 1u);
  EXPECT_EQ(data.summary.started_at, At(0));
  EXPECT_EQ(data.summary.finished_at, At(600));
  ASSERT_EQ(data.workloads.size(), 2u);
  EXPECT_EQ(data.workloads[0].record.id, "wl-ci");  // by submission time
  EXPECT_EQ(data.workloads[0].makespan_ms, 600000);
}

TEST(BuildReportData, CriticalPathFollowsStartTimes) {
  const ReportData data = BuildReportData(SampleSource());
  EXPECT_EQ(data.workloads[0].critical_path,
            (std::vector<std::string>{"build", "test#0", "package"}));
}

TEST(BuildReportData, TaskActualDurationIsTheLastFinishedAttempt) {
  const ReportData data = BuildReportData(SampleSource());
  auto it = std::find_if(data.tasks.begin(), data.tasks.end(),
                         [](const TaskRow& t) { return t.record.task_id == "test#0"; });
  ASSERT_NE(it, data.tasks.end());
  EXPECT_EQ(it->attempts, 2u);
  EXPECT_TRUE(it->retried);
  EXPECT_EQ(it->actual_duration_ms, 210000);
}

TEST(BuildReportData, DeviceAndWorkerUtilizationAverageAndPeak) {
  const ReportData data = BuildReportData(SampleSource());
  const DeviceRow& gpu = FindDevice(data, "worker-b", "gpu0");
  ASSERT_TRUE(gpu.utilization_ratio);
  EXPECT_EQ(gpu.utilization_ratio->samples, 8u);
  EXPECT_NEAR(gpu.utilization_ratio->avg, (3 * 0.1 + 5 * 0.95) / 8, 1e-9);
  EXPECT_DOUBLE_EQ(gpu.utilization_ratio->peak, 0.95);
  EXPECT_EQ(ClassifyLoad(gpu.utilization_ratio->peak), LoadClass::kCritical);
  ASSERT_TRUE(gpu.temperature_celsius);
  EXPECT_DOUBLE_EQ(gpu.temperature_celsius->peak, 95);
  EXPECT_EQ(gpu.model, "RTX 4090");
  EXPECT_EQ(gpu.attempts, 1u);
  EXPECT_EQ(gpu.busy_ms, 210000);
  EXPECT_EQ(gpu.throttled_ms, 30000);

  const DeviceRow& host = FindDevice(data, "worker-a", "");
  EXPECT_FALSE(host.hardware_class);
  ASSERT_TRUE(host.utilization_ratio);
  EXPECT_FALSE(FindDevice(data, "worker-a", "cpu0").utilization_ratio);  // no samples: unknown

  ASSERT_EQ(data.workers.size(), 2u);
  const WorkerRow& b = data.workers[1];
  EXPECT_EQ(b.worker_id, "worker-b");
  EXPECT_EQ(b.devices, 2u);
  EXPECT_EQ(b.attempts, 3u);
  EXPECT_EQ(b.failed_attempts, 1u);
  ASSERT_TRUE(b.utilization_ratio);  // worker-b has only gpu0 samples
  EXPECT_DOUBLE_EQ(b.utilization_ratio->peak, 0.95);
  ASSERT_EQ(data.utilization_series.size(), 2u);
  EXPECT_EQ(data.utilization_series[0].utilization_ratio.size(), 8u);
}

TEST(BuildReportData, FailuresCarryTheRecoveryThatFollowed) {
  const ReportData data = BuildReportData(SampleSource());
  ASSERT_EQ(data.failures.size(), 2u);
  EXPECT_EQ(data.failures[0].task_id, "test#0");
  EXPECT_EQ(data.failures[0].failure_kind, "oom");
  EXPECT_EQ(data.failures[0].recovery, "test#0: reassign in 2s excluding worker-a");
  EXPECT_EQ(data.failures[1].task_id, "package");
  EXPECT_FALSE(data.failures[1].recovery);
  ASSERT_EQ(data.recovery_actions.size(), 2u);
  EXPECT_EQ(data.recovery_actions[1].type, "device_quarantined");
  EXPECT_EQ(data.recovery_actions[1].subject, "worker-a/gpu0");
  EXPECT_EQ(data.recovery_actions[1].text, "2 oom within 30m");
}

TEST(BuildReportData, PendingExplanationsAndPlacementsComeFromEvents) {
  const ReportData data = BuildReportData(SampleSource());
  ASSERT_EQ(data.pending_explanations.size(), 1u);
  EXPECT_EQ(data.pending_explanations[0].subject, "docs");
  EXPECT_NE(data.pending_explanations[0].text.find("needs 2 tpus"), std::string::npos);
  EXPECT_EQ(data.attempts[0].placement, "score 6.2, least loaded cpu");
}

TEST(BuildReportData, PerformancePercentilesAndSlowestDevices) {
  const ReportData data = BuildReportData(SampleSource());
  ASSERT_EQ(data.performance.size(), 2u);
  const WorkloadPerformance& ci = data.performance[0];
  EXPECT_EQ(ci.attempts, 6u);
  ASSERT_TRUE(ci.run);
  // Run times: 20, 20, 60, 120, 178, 210 s.
  EXPECT_EQ(ci.run->p50_ms, 60000);
  EXPECT_EQ(ci.run->p95_ms, 210000);
  EXPECT_EQ(ci.run->max_ms, 210000);
  EXPECT_EQ(ci.throttled_ms, 30000);
  ASSERT_FALSE(data.slowest_devices.empty());
  EXPECT_EQ(data.slowest_devices[0].worker_id, "worker-b");
  EXPECT_EQ(data.slowest_devices[0].device_id, "gpu0");
  EXPECT_DOUBLE_EQ(data.slowest_devices[0].mean_run_ms, 210000);
}

TEST(BuildReportData, ThermalGridKeepsTheHottestSamplePerBucket) {
  const ReportData data = BuildReportData(SampleSource());
  ASSERT_EQ(data.thermal.rows.size(), 3u);
  EXPECT_EQ(data.thermal.start, At(0));
  EXPECT_EQ(data.thermal.bucket_ms, 7001);  // 420 001 ms over 60 buckets
  const ThermalRow& b = data.thermal.rows[2];
  EXPECT_EQ(b.worker_id, "worker-b");
  ASSERT_EQ(b.max_celsius.size(), 60u);
  EXPECT_EQ(b.max_celsius.front(), 45);
  EXPECT_EQ(b.max_celsius.back(), 95);
  EXPECT_FALSE(b.max_celsius[1]);  // no sample in that bucket
}

TEST(BuildReportData, EmptySourceGivesAnEmptyReport) {
  const ReportData data = BuildReportData(ReportSource{});
  EXPECT_EQ(data.summary.tasks, 0u);
  EXPECT_FALSE(data.summary.started_at);
  EXPECT_TRUE(data.thermal.rows.empty());
}

class StoreReport : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = DuckDbStore::Open(DuckDbStore::kInMemory);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    const ReportSource s = SampleSource();
    for (const auto& w : s.workloads) ASSERT_TRUE(store_->UpsertWorkload(w));
    for (const auto& t : s.tasks) ASSERT_TRUE(store_->UpsertTask(t));
    for (const auto& a : s.attempts) ASSERT_TRUE(store_->UpsertAttempt(a));
    for (const auto& u : s.task_usage) ASSERT_TRUE(store_->UpsertTaskUsage(u));
    for (const auto& e : s.events) ASSERT_TRUE(store_->AppendEvent(e));
    ASSERT_TRUE(store_->AppendUtilization(s.utilization));
    for (const auto& a : s.alerts) ASSERT_TRUE(store_->AppendAlert(a));
    for (const auto& w : s.workers) ASSERT_TRUE(store_->UpsertWorkerHardware(w));
    for (const auto& d : s.devices) ASSERT_TRUE(store_->UpsertCapability(d));
    for (const auto& p : s.performance) ASSERT_TRUE(store_->UpsertPerformance(p));
    ASSERT_TRUE(store_->Flush());
  }
  std::unique_ptr<DuckDbStore> store_;
};

TEST_F(StoreReport, LoadedReportEqualsTheReportOfItsRows) {
  auto loaded = LoadReportData(*store_, std::nullopt);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(RenderJson(*loaded), RenderJson(BuildReportData(SampleSource())));
}

TEST_F(StoreReport, OneWorkloadKeepsItsRowsAndItsTimeWindow) {
  auto loaded = LoadReportData(*store_, std::string("wl-bench"));
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded->workload_filter, "wl-bench");
  ASSERT_EQ(loaded->workloads.size(), 1u);
  EXPECT_EQ(loaded->tasks.size(), 1u);
  EXPECT_EQ(loaded->attempts.size(), 1u);
  EXPECT_TRUE(loaded->failures.empty());
  // Events about another workload are left out; the quarantine of a device
  // on worker-a, which wl-bench used, stays.
  EXPECT_TRUE(loaded->pending_explanations.empty());
  ASSERT_EQ(loaded->recovery_actions.size(), 1u);
  EXPECT_EQ(loaded->recovery_actions[0].type, "device_quarantined");
  // Samples from 10 s to 360 s: minutes 1 to 6.
  ASSERT_EQ(loaded->utilization_series.size(), 2u);
  EXPECT_EQ(loaded->utilization_series[0].utilization_ratio.size(), 6u);
  EXPECT_EQ(loaded->alerts.size(), 1u);
}

TEST_F(StoreReport, UnknownWorkloadIsAUserErrorListingTheKnownOnes) {
  auto loaded = LoadReportData(*store_, std::string("nope"));
  ASSERT_FALSE(loaded);
  EXPECT_TRUE(loaded.error().IsUserError());
  EXPECT_EQ(loaded.error().where, "--workload");
  EXPECT_NE(loaded.error().message.find("'nope'"), std::string::npos);
  EXPECT_NE(loaded.error().hint.find("wl-ci, wl-bench"), std::string::npos);
}

}  // namespace
}  // namespace hawk::report
