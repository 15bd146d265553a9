#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "golden.h"
#include "report/json_export.h"
#include "report_fixture.h"

namespace hawk::report {
namespace {

TEST(RenderJson, MatchesTheGoldenFile) {
  testing::ExpectMatchesGolden("report.json", RenderJson(BuildReportData(testing::SampleSource())));
}

TEST(RenderJson, StartsWithTheSchemaVersionAndIsValidJson) {
  const std::string text = RenderJson(BuildReportData(testing::SampleSource()));
  EXPECT_EQ(text.rfind("{\n  \"schema_version\": 1,", 0), 0u);
  const auto parsed = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded());
  EXPECT_EQ(parsed["schema_version"], kReportSchemaVersion);
  EXPECT_EQ(parsed["summary"]["tasks"], 7);
  EXPECT_EQ(parsed["devices"][0]["device_id"], "");  // the host row first
  EXPECT_EQ(parsed["devices"][0]["hardware_class"], nullptr);
}

TEST(RenderJson, TopLevelFieldsInTheDocumentedOrder) {
  const auto parsed = ReportToJson(BuildReportData(testing::SampleSource()));
  std::vector<std::string> keys;
  for (const auto& [key, value] : parsed.items()) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{
                "schema_version", "workload_filter", "summary", "workloads", "tasks", "attempts",
                "workers", "devices", "task_usage", "alerts", "failures", "recovery_actions",
                "pending_explanations", "performance", "series", "test_counts", "tests"}));
}

TEST(RenderJson, TestsMatchTheGoldenFile) {
  const auto parsed = ReportToJson(BuildReportData(testing::SampleSourceWithTests()));
  const nlohmann::ordered_json tests = {{"test_counts", parsed["test_counts"]},
                                        {"tests", parsed["tests"]}};
  testing::ExpectMatchesGolden("report_tests.json", tests.dump(2) + "\n");
}

TEST(RenderJson, TestsAreEmptyWithoutJUnitResults) {
  const auto parsed = ReportToJson(BuildReportData(testing::SampleSource()));
  EXPECT_TRUE(parsed["tests"].empty());
  EXPECT_EQ(parsed["test_counts"]["tests"], 0);
}

TEST(RenderJson, FlakyTestListsBothRuns) {
  const auto parsed = ReportToJson(BuildReportData(testing::SampleSourceWithTests()));
  EXPECT_EQ(parsed["test_counts"]["flaky"], 1);
  const auto& matmul = parsed["tests"][3];
  EXPECT_EQ(matmul["name"], "Matmul");
  EXPECT_EQ(matmul["task_id"], "test");
  EXPECT_EQ(matmul["flaky"], true);
  ASSERT_EQ(matmul["runs"].size(), 2U);
  EXPECT_EQ(matmul["runs"][0]["status"], "failed");
  EXPECT_EQ(matmul["runs"][0]["unit_id"], "test#0");
  EXPECT_EQ(matmul["runs"][1]["worker_id"], "worker-b");
}

TEST(RenderJson, InvalidUtf8IsReplacedNotThrown) {
  ReportSource source = testing::SampleSource();
  source.workloads[0].name = "bad \xff byte";
  const std::string text = RenderJson(BuildReportData(source));
  EXPECT_NE(text.find("bad \xEF\xBF\xBD byte"), std::string::npos);
}

}  // namespace
}  // namespace hawk::report
