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
  EXPECT_EQ(keys, (std::vector<std::string>{"schema_version", "workload_filter", "summary",
                                            "workloads", "tasks", "attempts", "workers", "devices",
                                            "task_usage", "alerts", "failures", "recovery_actions",
                                            "pending_explanations", "performance", "series"}));
}

TEST(RenderJson, InvalidUtf8IsReplacedNotThrown) {
  ReportSource source = testing::SampleSource();
  source.workloads[0].name = "bad \xff byte";
  const std::string text = RenderJson(BuildReportData(source));
  EXPECT_NE(text.find("bad \xEF\xBF\xBD byte"), std::string::npos);
}

}  // namespace
}  // namespace hawk::report
