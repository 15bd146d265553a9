// Schema versions: migrating a v1 database forward with its data, opening
// only up to a version, and a failed migration leaving the database as it was.
#include <gtest/gtest.h>

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
using testing_store::RawExec;
using testing_store::RawSql;

std::unique_ptr<DuckDbStore> OpenOrDie(const std::string& path,
                                       const DuckDbStore::OpenOptions& options = {}) {
  auto opened = DuckDbStore::Open(path, options);
  EXPECT_TRUE(opened) << opened.error().ToString();
  return opened ? std::move(*opened) : nullptr;
}

// A file holding a v1 database with one row of each kind v1 has.
void MakeV1Database(const std::string& path) {
  const ManualClock clock(At(kT0));
  auto store = OpenOrDie(path, {.target_version = 1, .clock = &clock});
  ASSERT_TRUE(store);
  ASSERT_EQ(store->SchemaVersion(), 1);
  ASSERT_TRUE(store->UpsertWorkload(testing_store::SampleWorkload()));
  ASSERT_TRUE(store->UpsertTask(testing_store::SampleTask()));
  ASSERT_TRUE(store->UpsertAttempt(testing_store::SampleAttempt()));
  ASSERT_TRUE(store->AppendEvent(testing_store::SampleEvent("workload_submitted", 0)));
  const UtilizationSample sample{At(kT0), "worker-a", "gpu0", "temperature_celsius", 66.0};
  ASSERT_TRUE(store->AppendUtilization({&sample, 1}));
  ASSERT_TRUE(store->Flush());
}

TEST(Migrations, AreNumberedFromOne) {
  ASSERT_EQ(LatestSchemaVersion(), static_cast<int>(Migrations().size()));
  ASSERT_GE(LatestSchemaVersion(), 4);
  for (std::size_t i = 0; i < Migrations().size(); ++i) {
    EXPECT_EQ(Migrations()[i].version, static_cast<int>(i) + 1);
  }
}

TEST(Migrations, V1DatabaseLacksV2Features) {
  auto store = OpenOrDie(DuckDbStore::kInMemory, {.target_version = 1});
  ASSERT_TRUE(store);
  const std::vector<TestResultRecord> results = {
      {"wl-1", "t", "a", "S", "N", "passed", 1, std::nullopt}};
  auto appended = store->AppendTestResults(results);
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(appended.error().message,
            "test results needs schema version 2; this database is at version 1");
  AttemptRecord throttled = testing_store::SampleAttempt();
  throttled.throttled_ms = 10;
  EXPECT_EQ(store->UpsertAttempt(throttled).error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store->ListTestResults("wl-1").error().code, ErrorCode::kUnavailable);
}

TEST(Migrations, V1ToV2KeepsDataAndAddsTheNewTableAndColumn) {
  testing_store::TempDir dir;
  const std::string path = dir.File("old.duckdb");
  ASSERT_NO_FATAL_FAILURE(MakeV1Database(path));
  EXPECT_EQ(RawSql(path,
                   "SELECT count(*)::VARCHAR FROM information_schema.columns "
                   "WHERE table_name = 'attempts' AND column_name = 'throttled_ms'"),
            std::vector<std::string>{"0"});

  // Reopening at version 1 changes nothing.
  {
    auto store = OpenOrDie(path, {.target_version = 1});
    ASSERT_TRUE(store);
    EXPECT_EQ(store->SchemaVersion(), 1);
  }

  ManualClock clock(At(kT0 + 86'400'000));
  auto store = OpenOrDie(path, {.target_version = 2, .clock = &clock});
  ASSERT_TRUE(store);
  EXPECT_EQ(store->SchemaVersion(), 2);

  // The v1 data survived.
  EXPECT_EQ(*store->GetWorkload("wl-1"), testing_store::SampleWorkload());
  EXPECT_EQ(*store->ListTasks("wl-1"), std::vector<TaskRecord>{testing_store::SampleTask()});
  auto attempt = store->GetAttempt("att-1");
  ASSERT_TRUE(attempt) << attempt.error().ToString();
  EXPECT_EQ(*attempt, testing_store::SampleAttempt());
  EXPECT_FALSE(attempt->throttled_ms);
  EXPECT_EQ(store->LoadEvents(0, std::nullopt)->size(), 1u);
  EXPECT_EQ(store->LastEventSeq(), 1);
  EXPECT_EQ(store->ListUtilization({})->size(), 1u);

  // The new column and table work.
  AttemptRecord throttled = *attempt;
  throttled.throttled_ms = 1'500;
  ASSERT_TRUE(store->UpsertAttempt(throttled));
  EXPECT_EQ(store->GetAttempt("att-1")->throttled_ms, 1'500);
  const std::vector<TestResultRecord> results = {
      {"wl-1", "build", "att-1", "Parser", "RejectsEmpty", "passed", 3, std::nullopt}};
  ASSERT_TRUE(store->AppendTestResults(results));
  EXPECT_EQ(*store->ListTestResults("wl-1"), results);

  // Each version is recorded, with the time it was applied.
  store.reset();
  EXPECT_EQ(RawSql(path,
                   "SELECT version || ' ' || strftime(applied_at, '%Y-%m-%dT%H:%M:%S') "
                   "FROM hawk_schema ORDER BY version"),
            (std::vector<std::string>{"1 2026-11-26T10:14:07", "2 2026-11-27T10:14:07"}));
}

TEST(Migrations, V2ToV3TurnsUtilizationIntoSeriesAndKeepsTheRows) {
  testing_store::TempDir dir;
  const std::string path = dir.File("v2.duckdb");
  const std::vector<UtilizationSample> samples = {
      {At(kT0), "worker-a", std::nullopt, "cpu_utilization_ratio", 0.25},
      {At(kT0), "worker-a", "gpu0", "temperature_celsius", 66.0},
      {At(kT0 + 1'000), "worker-a", "gpu0", "temperature_celsius", 67.5},
      {At(kT0 + 1'000), "worker-b", "gpu0", "temperature_celsius", 40.0},
  };
  {
    auto store = OpenOrDie(path, {.target_version = 2});
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->AppendUtilization(samples));
    ASSERT_TRUE(store->Flush());
  }
  EXPECT_EQ(RawSql(path,
                   "SELECT table_type FROM information_schema.tables "
                   "WHERE table_name = 'resource_utilization'"),
            std::vector<std::string>{"BASE TABLE"});

  {
    auto store = OpenOrDie(path, {.target_version = 3});
    ASSERT_TRUE(store);
    EXPECT_EQ(store->SchemaVersion(), 3);
    EXPECT_EQ(*store->ListUtilization({}), samples);
    // A known series and a new one, appended after the migration.
    const std::vector<UtilizationSample> more = {
        {At(kT0 + 2'000), "worker-b", "gpu0", "temperature_celsius", 41.0},
        {At(kT0 + 2'000), "worker-c", "npu0", "power_watts", 3.5},
    };
    ASSERT_TRUE(store->AppendUtilization(more));
    auto all = store->ListUtilization({});
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 6u);
    EXPECT_EQ((*all)[4], more[0]);
    EXPECT_EQ((*all)[5], more[1]);
  }
  // Three series from the old rows, one more appended; the view is read-only
  // in shape, the points hold ids.
  EXPECT_EQ(RawSql(path,
                   "SELECT count(*)::VARCHAR || ' ' || max(series_id)::VARCHAR "
                   "FROM utilization_series"),
            std::vector<std::string>{"4 4"});
  EXPECT_EQ(RawSql(path,
                   "SELECT table_type FROM information_schema.tables "
                   "WHERE table_name = 'resource_utilization'"),
            std::vector<std::string>{"VIEW"});
  // Reopened, the registry reloads the series and reuses their ids.
  auto store = OpenOrDie(path, {.target_version = 3});
  ASSERT_TRUE(store);
  const UtilizationSample again{At(kT0 + 3'000), "worker-c", "npu0", "power_watts", 3.0};
  ASSERT_TRUE(store->AppendUtilization({&again, 1}));
  ASSERT_TRUE(store->Flush());
  store.reset();
  EXPECT_EQ(RawSql(path, "SELECT count(*)::VARCHAR FROM utilization_series"),
            std::vector<std::string>{"4"});
}

TaskUsageRecord UsageRow(const std::string& attempt_id) {
  TaskUsageRecord u;
  u.attempt_id = attempt_id;
  u.workload_id = "wl-1";
  u.task_id = "build";
  u.worker_id = "worker-a";
  u.cpu_seconds = 12.5;
  u.peak_memory_bytes = 3 * kGiB;
  u.energy_joules = 1'234.5;
  return u;
}

TEST(Migrations, V2ToV4KeepsTaskUsageAndAddsItsSource) {
  testing_store::TempDir dir;
  const std::string path = dir.File("v2-usage.duckdb");
  const TaskUsageRecord old_row = UsageRow("att-1");
  {
    auto store = OpenOrDie(path, {.target_version = 2});
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->UpsertTaskUsage(old_row));
    // Before v4 a source cannot be stored, and saying one is an error.
    TaskUsageRecord with_source = UsageRow("att-2");
    with_source.source = "proc";
    auto refused = store->UpsertTaskUsage(with_source);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(refused.error().message,
              "task_resource_usage.source needs schema version 4; this database is at version 2");
    auto listed = store->ListTaskUsage("wl-1");
    ASSERT_TRUE(listed) << listed.error().ToString();
    EXPECT_EQ(*listed, std::vector<TaskUsageRecord>{old_row});
  }
  EXPECT_EQ(RawSql(path,
                   "SELECT count(*)::VARCHAR FROM information_schema.columns "
                   "WHERE table_name = 'task_resource_usage' AND column_name = 'source'"),
            std::vector<std::string>{"0"});

  auto store = OpenOrDie(path, {.target_version = 4});
  ASSERT_TRUE(store);
  EXPECT_EQ(store->SchemaVersion(), 4);
  // The old row survived, without a source.
  auto listed = store->ListTaskUsage("wl-1");
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0], old_row);
  EXPECT_FALSE((*listed)[0].source);
  // New rows carry theirs; an upsert can give the old row one.
  TaskUsageRecord cgroup = UsageRow("att-2");
  cgroup.source = "cgroup_v2";
  ASSERT_TRUE(store->UpsertTaskUsage(cgroup));
  TaskUsageRecord updated = old_row;
  updated.source = "proc";
  ASSERT_TRUE(store->UpsertTaskUsage(updated));
  EXPECT_EQ(*store->ListTaskUsage("wl-1"), (std::vector<TaskUsageRecord>{updated, cgroup}));
  store.reset();
  EXPECT_EQ(RawSql(path, "SELECT version::VARCHAR FROM hawk_schema ORDER BY version"),
            (std::vector<std::string>{"1", "2", "3", "4"}));
}

TEST(Migrations, ATargetBelowTheDatabaseVersionOpensItAsItIs) {
  testing_store::TempDir dir;
  const std::string path = dir.File("latest.duckdb");
  ASSERT_TRUE(OpenOrDie(path));
  auto store = OpenOrDie(path, {.target_version = 1});
  ASSERT_TRUE(store);
  EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());
}

TEST(Migrations, UnknownTargetVersionIsInvalid) {
  for (int version : {0, LatestSchemaVersion() + 1, -1}) {
    auto opened = DuckDbStore::Open(DuckDbStore::kInMemory, {.target_version = version});
    ASSERT_FALSE(opened) << version;
    EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(opened.error().hint,
              "choose a version from 1 to " + std::to_string(LatestSchemaVersion()));
  }
}

TEST(Migrations, AFailedMigrationLeavesTheDatabaseUnchanged) {
  testing_store::TempDir dir;
  const std::string path = dir.File("blocked.duckdb");
  ASSERT_NO_FATAL_FAILURE(MakeV1Database(path));
  // A table in the way of migration 2's CREATE TABLE test_results.
  ASSERT_EQ(RawExec(path, "CREATE TABLE test_results (x INTEGER)"), "");

  auto opened = DuckDbStore::Open(path);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("failed at migration 2"), std::string::npos)
      << opened.error().message;
  EXPECT_EQ(opened.error().where, path);
  EXPECT_EQ(opened.error().hint, "the database was left unchanged");

  // Migration 2's ALTER TABLE was rolled back with the rest; the data is there.
  EXPECT_EQ(RawSql(path,
                   "SELECT line FROM ("
                   " SELECT 1 AS k, 'throttled_ms columns: ' || count(*) AS line"
                   " FROM information_schema.columns"
                   " WHERE table_name = 'attempts' AND column_name = 'throttled_ms'"
                   " UNION ALL SELECT 2, 'version: ' || max(version) FROM hawk_schema"
                   " UNION ALL SELECT 3, 'workloads: ' || count(*) FROM workloads"
                   ") ORDER BY k"),
            (std::vector<std::string>{"throttled_ms columns: 0", "version: 1", "workloads: 1"}));
}

}  // namespace
}  // namespace hawk
