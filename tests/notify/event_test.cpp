#include <gtest/gtest.h>

#include "notify/event.h"
#include "notify/template.h"
#include "notify_test_support.h"

namespace hawk::notify {
namespace {

// The shared event, without a commit (Details lists only known facts).
NotifyEvent FailedWorkload() {
  NotifyEvent e = testing::NightlyFailed();
  e.commit.clear();
  return e;
}

TEST(Template, ReplacesPlaceholdersAndKeepsLiteralBraces) {
  auto t = Template::Parse("{{hawk}} {workload} is {status}: {passed}/{failed}/{skipped} {{x}}");
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->Render(FailedWorkload()), "{hawk} nightly is failed: 12/1/0 {x}");
}

TEST(Template, UnknownFactsRenderEmpty) {
  NotifyEvent e;
  e.kind = EventKind::kWorkerLost;
  auto t = Template::Parse("[{workload}][{passed}][{event}]");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->Render(e), "[][][worker_lost]");
}

TEST(Template, EscaperAppliesToValuesOnly) {
  NotifyEvent e = FailedWorkload();
  e.message = "<b>";
  auto t = Template::Parse("<{message}>");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->Render(e, [](std::string_view v) { return "[" + std::string(v) + "]"; }), "<[<b>]>");
}

TEST(Template, RejectsUnknownPlaceholder) {
  auto t = Template::Parse("run {workloadd} done");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(t.error().message, "unknown placeholder '{workloadd}' in template");
  EXPECT_NE(t.error().hint.find("workload, status, passed"), std::string::npos) << t.error().hint;
}

TEST(Template, RejectsUnclosedAndLoneBraces) {
  EXPECT_EQ(Template::Parse("a {workload").error().message, "unclosed '{' at offset 2 in template");
  EXPECT_EQ(Template::Parse("a } b").error().message, "lone '}' at offset 2 in template");
  EXPECT_FALSE(Template::Parse("{}"));
}

TEST(EventText, SummaryPerKind) {
  EXPECT_EQ(Summary(FailedWorkload()),
            "workload nightly failed: 12 passed, 1 failed, 0 skipped; gpu0 ran out of memory");
  NotifyEvent done;
  done.kind = EventKind::kWorkloadFinished;
  done.workload = "w1";
  done.status = "succeeded";
  done.passed = 3;
  EXPECT_EQ(Summary(done), "workload w1 finished: succeeded; 3 passed");
  NotifyEvent alert;
  alert.kind = EventKind::kCriticalAlert;
  alert.worker = "worker-3";
  alert.device = "gpu0";
  alert.message = "temperature 97 C";
  EXPECT_EQ(Summary(alert), "critical alert on worker-3 gpu0: temperature 97 C");
  NotifyEvent lost;
  lost.kind = EventKind::kWorkerLost;
  lost.worker = "worker-3";
  EXPECT_EQ(Summary(lost), "worker worker-3 lost");
  NotifyEvent quarantined;
  quarantined.kind = EventKind::kDeviceQuarantined;
  quarantined.worker = "worker-3";
  quarantined.device = "gpu1";
  quarantined.message = "3 failures in 10m";
  EXPECT_EQ(Summary(quarantined), "device gpu1 on worker-3 quarantined: 3 failures in 10m");
  EXPECT_EQ(Summary(NotifyEvent{}), "a workload finished");
}

TEST(EventText, DetailsListKnownFactsOnly) {
  EXPECT_EQ(Details(FailedWorkload()),
            "workload: nightly\n"
            "status: failed\n"
            "tasks: 12 passed, 1 failed, 0 skipped\n"
            "message: gpu0 ran out of memory\n"
            "report: https://ci.example.com/r/1\n"
            "time: 2026-11-26T10:14:07.000Z");
}

TEST(EventText, FieldValues) {
  const NotifyEvent e = FailedWorkload();
  EXPECT_EQ(FieldValue(e, EventField::kEvent), "workload_failed");
  EXPECT_EQ(FieldValue(e, EventField::kTime), "2026-11-26T10:14:07.000Z");
  EXPECT_EQ(FieldValue(e, EventField::kSkipped), "0");
  EXPECT_EQ(FieldValue(e, EventField::kWorker), "");
  EXPECT_EQ(FieldValue(e, EventField::kSummary), Summary(e));
}

}  // namespace
}  // namespace hawk::notify
