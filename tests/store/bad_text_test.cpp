// Text that is not UTF-8 (DuckDB needs UTF-8) is refused with a clear error
// and never costs the rows around it.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "store/duckdb_store.h"
#include "store/utf8.h"
#include "store_test_support.h"

namespace hawk {
namespace {

using testing_store::At;
using testing_store::kT0;

TEST(IsValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(duck::IsValidUtf8(""));
  EXPECT_TRUE(duck::IsValidUtf8("plain ascii that is longer than eight bytes"));
  EXPECT_TRUE(
      duck::IsValidUtf8("91.5 \xC2\xB0"
                        "C"));                                      // U+00B0
  EXPECT_TRUE(duck::IsValidUtf8("\xE2\x82\xAC and \xE6\x97\xA5"));  // U+20AC, U+65E5
  EXPECT_TRUE(duck::IsValidUtf8("\xF0\x9F\x94\xA5"));               // U+1F525
  EXPECT_TRUE(duck::IsValidUtf8("\xF4\x8F\xBF\xBF"));               // U+10FFFF
}

TEST(IsValidUtf8, RejectsMalformedText) {
  EXPECT_FALSE(duck::IsValidUtf8("\xFF"));
  EXPECT_FALSE(duck::IsValidUtf8("abc\x80"));                    // stray continuation byte
  EXPECT_FALSE(duck::IsValidUtf8("caf\xC3"));                    // cut short
  EXPECT_FALSE(duck::IsValidUtf8("\xC0\xAF"));                   // overlong '/'
  EXPECT_FALSE(duck::IsValidUtf8("\xED\xA0\x80"));               // surrogate U+D800
  EXPECT_FALSE(duck::IsValidUtf8("\xF4\x90\x80\x80"));           // above U+10FFFF
  EXPECT_FALSE(duck::IsValidUtf8("eight ok\xE2\x82 then bad"));  // after an ASCII word
}

class BadText : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = DuckDbStore::Open(DuckDbStore::kInMemory);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
  }
  std::unique_ptr<DuckDbStore> store_;
};

TEST_F(BadText, UtilizationBatchIsRefusedWhole) {
  const std::vector<UtilizationSample> good = {
      {At(kT0), "worker-a", std::nullopt, "cpu_utilization_ratio", 0.5}};
  ASSERT_TRUE(store_->AppendUtilization(good));
  const std::vector<UtilizationSample> bad = {
      {At(kT0 + 1), "worker-a", "gpu0", "temperature_celsius", 60.0},
      {At(kT0 + 1), "worker-a", "gpu\xFF", "temperature_celsius", 61.0},
  };
  auto refused = store_->AppendUtilization(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().message, "samples[1].device_id is not valid UTF-8");
  ASSERT_TRUE(store_->Flush());
  EXPECT_EQ(*store_->ListUtilization({}), good);
}

TEST_F(BadText, EventIsRefusedWithoutUsingASequenceNumber) {
  ASSERT_EQ(*store_->AppendEvent(testing_store::SampleEvent("first", 0)), 1);
  EventRecord bad = testing_store::SampleEvent("second", 1);
  bad.payload_json = "{\"text\":\"\xC3\x28\"}";
  auto refused = store_->AppendEvent(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().message, "column payload_json of events: text is not valid UTF-8");
  EXPECT_EQ(*store_->AppendEvent(testing_store::SampleEvent("third", 2)), 2);
  auto events = store_->LoadEvents(0, std::nullopt);
  ASSERT_TRUE(events) << events.error().ToString();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].type, "third");
}

TEST_F(BadText, ABatchWithOneBadRecordWritesNoneOfIt) {
  std::vector<TaskRecord> tasks;
  for (const char* id : {"a", "b", "c"}) tasks.push_back(testing_store::SampleTask(id));
  tasks[1].name = "bad\xC3";
  auto refused = store_->UpsertTasks(tasks);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  auto none = store_->ListTasks(tasks[0].workload_id);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty()) << "the record before the bad one was rolled back";

  tasks[1].name = "fine";
  ASSERT_TRUE(store_->UpsertTasks(tasks));
  tasks[2].status = "succeeded";  // a second batch replaces by key
  ASSERT_TRUE(store_->UpsertTasks(tasks));
  auto all = store_->ListTasks(tasks[0].workload_id);
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, tasks);

  std::vector<AttemptRecord> attempts = {testing_store::SampleAttempt("x"),
                                         testing_store::SampleAttempt("y")};
  attempts[1].worker_id = "\xFF";
  EXPECT_EQ(store_->UpsertAttempts(attempts).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->GetAttempt("x").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->UpsertAttempts({}));
  EXPECT_TRUE(store_->UpsertTaskUsages({}));
}

TEST(BadTextAtSchemaV1, ABatchOfAttemptsIsStillAllOrNothing) {
  auto opened = DuckDbStore::Open(DuckDbStore::kInMemory, {.target_version = 1});
  ASSERT_TRUE(opened) << opened.error().ToString();
  std::vector<AttemptRecord> attempts = {testing_store::SampleAttempt("x"),
                                         testing_store::SampleAttempt("y")};
  for (AttemptRecord& a : attempts) a.throttled_ms.reset();  // not in the v1 table
  attempts[1].worker_id = "\xFF";
  EXPECT_EQ((*opened)->UpsertAttempts(attempts).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ((*opened)->GetAttempt("x").error().code, ErrorCode::kNotFound);
}

TEST_F(BadText, UpsertIsRefused) {
  WorkloadRecord w = testing_store::SampleWorkload();
  w.name = "nightly\xFE";
  auto refused = store_->UpsertWorkload(w);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().message, "upsert workload: parameter $2 is not valid UTF-8");
  TaskRecord t = testing_store::SampleTask();
  t.depends_on.push_back("\x80");
  EXPECT_EQ(store_->UpsertTask(t).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->GetWorkload("wl-1").error().code, ErrorCode::kNotFound);
  TaskUsageRecord u;
  u.attempt_id = "att-1";
  u.workload_id = "wl-1";
  u.task_id = "build";
  u.worker_id = "worker-a";
  u.source = "proc\xFF";
  auto usage = store_->UpsertTaskUsage(u);
  ASSERT_FALSE(usage);
  EXPECT_EQ(usage.error().message, "upsert task usage: parameter $15 is not valid UTF-8");
  EXPECT_TRUE(store_->ListTaskUsage("wl-1")->empty());
}

}  // namespace
}  // namespace hawk
