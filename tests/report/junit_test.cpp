#include <gtest/gtest.h>

#include "golden.h"
#include "report/junit.h"
#include "report_fixture.h"
#include "xml_check.h"

namespace hawk::report {
namespace {

TEST(RenderJUnit, MatchesTheGoldenFile) {
  testing::ExpectMatchesGolden("junit.xml", RenderJUnit(BuildReportData(testing::SampleSource())));
}

TEST(RenderJUnit, EveryAttemptIsATestCaseAndSkippedTasksAreSkipped) {
  const std::string xml = RenderJUnit(BuildReportData(testing::SampleSource()));
  testing::MarkupCheck check = testing::CheckMarkup(xml);
  ASSERT_EQ(check.error, "");
  EXPECT_EQ(check.elements["testsuites"], 1);
  EXPECT_EQ(check.elements["testsuite"], 2);
  EXPECT_EQ(check.elements["testcase"], 7 + 1);  // 7 attempts + the skipped docs task
  EXPECT_EQ(check.elements["failure"], 2);
  EXPECT_EQ(check.elements["skipped"], 1);
  EXPECT_NE(xml.find("<testsuites name=\"hawk\" tests=\"8\" failures=\"2\" errors=\"0\" "
                     "skipped=\"1\""),
            std::string::npos);
  EXPECT_NE(xml.find("classname=\"wl-ci/test#0\" name=\"attempt 1 on worker-a/gpu0\" "
                     "time=\"60.000\""),
            std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"oom\" message=\"CUDA out of memory\">"), std::string::npos);
}

TEST(RenderJUnit, CancelledAttemptIsSkipped) {
  ReportSource source = testing::SampleSource();
  source.attempts[6].status = "cancelled";
  const std::string xml = RenderJUnit(BuildReportData(source));
  EXPECT_NE(xml.find("<skipped message=\"cancelled\"/>"), std::string::npos);
  EXPECT_EQ(testing::CheckMarkup(xml).error, "");
}

TEST(RenderJUnit, EmptyReportIsAnEmptySuiteList) {
  const std::string xml = RenderJUnit(BuildReportData(ReportSource{}));
  EXPECT_EQ(testing::CheckMarkup(xml).error, "");
  EXPECT_NE(xml.find("tests=\"0\""), std::string::npos);
}

}  // namespace
}  // namespace hawk::report
