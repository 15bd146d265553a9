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

TEST(RenderJUnit, StoredTestCasesMatchTheGoldenFile) {
  testing::ExpectMatchesGolden("junit_tests.xml",
                               RenderJUnit(BuildReportData(testing::SampleSourceWithTests())));
}

TEST(RenderJUnit, StoredTestCasesReplaceAttemptsMergedAcrossShards) {
  const std::string xml = RenderJUnit(BuildReportData(testing::SampleSourceWithTests()));
  testing::MarkupCheck check = testing::CheckMarkup(xml);
  ASSERT_EQ(check.error, "");
  // wl-ci: 5 merged tests (Matmul and Softmax ran twice); wl-bench wrote
  // none, so its one attempt is its test case.
  EXPECT_EQ(check.elements["testsuite"], 2);
  EXPECT_EQ(check.elements["testcase"], 5 + 1);
  EXPECT_EQ(check.elements["failure"], 0);
  EXPECT_EQ(check.elements["error"], 1);
  EXPECT_EQ(check.elements["skipped"], 1);
  EXPECT_EQ(check.elements["flakyFailure"], 1);
  EXPECT_NE(xml.find("<testsuites name=\"hawk\" tests=\"6\" failures=\"0\" errors=\"1\" "
                     "skipped=\"1\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"GpuTest\" name=\"Matmul\" time=\"1.400\">"),
            std::string::npos);
  EXPECT_EQ(xml.find("classname=\"wl-ci/"), std::string::npos);  // no per-attempt cases
  EXPECT_NE(xml.find("classname=\"wl-bench/bench\" name=\"attempt 1 on worker-a/gpu1\""),
            std::string::npos);
}

}  // namespace
}  // namespace hawk::report
