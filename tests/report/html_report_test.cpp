// The HTML page, parsed: well formed, every section, nothing external.
#include <gtest/gtest.h>

#include "report/html_report.h"
#include "report_fixture.h"
#include "xml_check.h"

namespace hawk::report {
namespace {

class Html : public ::testing::Test {
 protected:
  ReportData data_ = BuildReportData(testing::SampleSource());
  std::string page_ = RenderHtml(data_, "nightly <report>");
  testing::MarkupCheck check_ = testing::CheckMarkup(page_, /*html=*/true);
};

TEST_F(Html, IsWellFormedWithOneDocument) {
  EXPECT_EQ(check_.error, "");
  EXPECT_EQ(page_.rfind("<!DOCTYPE html>\n", 0), 0u);
  EXPECT_EQ(check_.roots, 1);
  EXPECT_EQ(check_.elements["html"], 1);
  EXPECT_EQ(check_.elements["body"], 1);
  EXPECT_NE(page_.find("<title>nightly &lt;report&gt;</title>"), std::string::npos);
  EXPECT_TRUE(check_.duplicate_ids.empty()) << *check_.duplicate_ids.begin();
}

TEST_F(Html, HasEverySectionInOrder) {
  std::size_t last = 0;
  for (const char* id : kHtmlSections) {
    EXPECT_TRUE(check_.ids.count(id)) << id;
    const std::size_t at = page_.find("<section id=\"" + std::string(id) + "\">");
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_GT(at, last) << id << " out of order";
    last = at;
  }
  EXPECT_EQ(check_.elements["section"], static_cast<int>(std::size(kHtmlSections)));
}

TEST_F(Html, IsSelfContained) {
  for (const auto& [attr, value] : check_.links) {
    EXPECT_EQ(value.rfind("#", 0), 0u) << attr << "=" << value << " is not an in-page link";
  }
  EXPECT_EQ(page_.find("src=\"http"), std::string::npos);
  EXPECT_EQ(page_.find("href=\"http"), std::string::npos);
  EXPECT_EQ(page_.find("url(http"), std::string::npos);
  EXPECT_EQ(page_.find("@import"), std::string::npos);
  EXPECT_EQ(check_.elements["script"], 0);
  EXPECT_EQ(check_.elements["link"], 0);
  EXPECT_NE(page_.find("@media print"), std::string::npos);
}

TEST_F(Html, InlinesEveryChart) {
  // Two execution graphs, timeline, utilization, thermal, duration.
  EXPECT_EQ(check_.elements["svg"], 6);
  EXPECT_EQ(page_.find("<?xml"), std::string::npos);
  EXPECT_EQ(page_.find("<!DOCTYPE svg"), std::string::npos);
  EXPECT_EQ(check_.classed["svg.timeline"], 1);
  EXPECT_EQ(check_.classed["svg.thermal"], 1);
}

TEST_F(Html, ShowsLoadClassesFailuresAndPendingExplanations) {
  EXPECT_GE(check_.classed["td.critical"], 1);  // worker-b/gpu0 peaks at 95 %
  EXPECT_GE(check_.classed["td.warning"], 1);   // worker-a/gpu1 at 80 %
  EXPECT_NE(page_.find("test#0: reassign in 2s excluding worker-a"), std::string::npos);
  EXPECT_NE(page_.find("needs 2 tpus on one worker"), std::string::npos);
  EXPECT_NE(page_.find("tar: cannot open &lt;out&gt; &amp; &quot;dist&quot;"), std::string::npos);
  EXPECT_NE(page_.find("score 6.2, least loaded cpu"), std::string::npos);
  EXPECT_NE(page_.find("2GiB"), std::string::npos);  // peak memory of build
}

TEST(HtmlTests, FailingTestsFirstWithMessagesAndFlakyMarked) {
  const std::string html = RenderHtml(BuildReportData(testing::SampleSourceWithTests()));
  EXPECT_EQ(testing::CheckMarkup(html, /*html=*/true).error, "");
  const std::size_t section = html.find("<section id=\"tests\">");
  ASSERT_NE(section, std::string::npos);
  EXPECT_NE(html.find("5 tests: 3 passed, 0 failed, 1 errors, 1 skipped, 1 flaky.", section),
            std::string::npos);
  const std::size_t tarball = html.find("Tarball", section);
  const std::size_t matmul = html.find("Matmul", section);
  const std::size_t conv = html.find("Conv", section);
  ASSERT_NE(tarball, std::string::npos);
  EXPECT_LT(tarball, matmul);  // failing, then flaky, then the rest
  EXPECT_LT(matmul, conv);
  EXPECT_NE(html.find("tar: cannot open &lt;out&gt;", section), std::string::npos);
  EXPECT_NE(html.find("<td class=\"flaky\">passed (flaky)</td>", section), std::string::npos);
  EXPECT_NE(html.find("test#0 attempt 1 on worker-a: failed; test#0 attempt 2 on worker-b: passed",
                      section),
            std::string::npos);
}

TEST(HtmlTests, SaysSoWhenNoTaskWroteJUnit) {
  const std::string html = RenderHtml(BuildReportData(testing::SampleSource()));
  EXPECT_NE(html.find("No task wrote JUnit XML"), std::string::npos);
}

TEST(HtmlEmpty, AnEmptyReportIsStillAWholePage) {
  const std::string page = RenderHtml(BuildReportData(ReportSource{}));
  testing::MarkupCheck check = testing::CheckMarkup(page, true);
  EXPECT_EQ(check.error, "");
  EXPECT_EQ(check.elements["section"], static_cast<int>(std::size(kHtmlSections)));
  EXPECT_NE(page.find("No workloads."), std::string::npos);
}

TEST(HtmlDeterminism, SameDataSameBytes) {
  const ReportData data = BuildReportData(testing::SampleSource());
  EXPECT_EQ(RenderHtml(data), RenderHtml(data));
}

}  // namespace
}  // namespace hawk::report
