// The execution graph: the dot text, and its rendering by libgvc.
#include <gtest/gtest.h>

#include "report/charts.h"
#include "report_fixture.h"
#include "xml_check.h"

namespace hawk::report {
namespace {

class Graph : public ::testing::Test {
 protected:
  ReportData data_ = BuildReportData(testing::SampleSource());
};

TEST_F(Graph, DotHasEveryTaskAndResolvesShardDependencies) {
  const std::string dot = ExecutionGraphDot(data_, "wl-ci");
  EXPECT_EQ(dot.rfind("digraph \"wl-ci\" {", 0), 0u);
  for (const char* task : {"build", "lint", "test#0", "test#1", "package", "docs"}) {
    EXPECT_NE(dot.find("  \"" + std::string(task) + "\" ["), std::string::npos) << task;
  }
  EXPECT_EQ(dot.find("\"bench\""), std::string::npos);  // another workload's task
  // "package" depends on "test": both shards.
  EXPECT_NE(dot.find("\"test#0\" -> \"package\" [id=\"wl-ci/test#0->package\", class=\"critical\""),
            std::string::npos);
  EXPECT_NE(dot.find("\"test#1\" -> \"package\" [id=\"wl-ci/test#1->package\"];"),
            std::string::npos);
  EXPECT_NE(dot.find("\"build\" -> \"test#0\" [id=\"wl-ci/build->test#0\", class=\"critical\""),
            std::string::npos);
  EXPECT_NE(dot.find("\"package\" -> \"docs\" [id=\"wl-ci/package->docs\"];"), std::string::npos);
  EXPECT_NE(dot.find("class=\"task succeeded retried critical\""), std::string::npos);
  EXPECT_NE(dot.find("class=\"task skipped\""), std::string::npos);
  EXPECT_NE(dot.find("class=\"task failed critical\""), std::string::npos);
}

TEST_F(Graph, DotQuotesHostileIds) {
  ReportSource source = testing::SampleSource();
  source.tasks[1].task_id = "li\"nt\\x";
  const std::string dot = ExecutionGraphDot(BuildReportData(source), "wl-ci");
  EXPECT_NE(dot.find("\"li\\\"nt\\\\x\""), std::string::npos);
  EXPECT_TRUE(RenderDotSvg(dot));
}

TEST_F(Graph, RendersSvgWithCriticalPathAndOutcomeClasses) {
  auto svg = ExecutionGraphSvg(data_, "wl-ci");
  ASSERT_TRUE(svg) << svg.error().ToString();
  testing::MarkupCheck check = testing::CheckMarkup(*svg);
  EXPECT_EQ(check.error, "");
  EXPECT_EQ(check.elements["svg"], 1);
  EXPECT_EQ(check.classed["g.node"], 6);
  EXPECT_EQ(check.classed["g.edge"], 5);
  EXPECT_EQ(check.classed["g.critical"], 3 + 2);  // nodes build, test#0, package; 2 edges
  EXPECT_EQ(check.classed["g.retried"], 1);
  EXPECT_EQ(check.classed["g.failed"], 1);
  EXPECT_EQ(check.classed["g.skipped"], 1);
  EXPECT_NE(svg->find("viewBox="), std::string::npos);
}

TEST(GraphLayout, IndependentTasksAreChainedIntoRowsOfEight) {
  ReportSource source;
  source.workloads = {WorkloadRecord{"wl", "wl", "{}", "running", testing::At(0), std::nullopt}};
  for (int i = 0; i < 10; ++i) {
    source.tasks.push_back(testing::Task("wl", "t" + std::to_string(i), "pending",
                                         HardwareClass::kCpu, false, {}, std::nullopt));
  }
  const std::string dot = ExecutionGraphDot(BuildReportData(source), "wl");
  std::size_t invisible = 0;
  for (std::size_t at = dot.find("style=invis"); at != std::string::npos;
       at = dot.find("style=invis", at + 1)) {
    ++invisible;
  }
  EXPECT_EQ(invisible, 8u);  // t0..t7 in one row (7 edges), t8 -> t9 in the next
  EXPECT_EQ(dot.find("\"t7\" -> \"t8\""), std::string::npos);
  EXPECT_NE(dot.find("\"t8\" -> \"t9\" [id=\"wl/t8->t9\", style=invis"), std::string::npos);
  EXPECT_TRUE(RenderDotSvg(dot));
}

TEST_F(Graph, RenderingIsDeterministic) {
  auto first = ExecutionGraphSvg(data_, "wl-ci");
  auto second = ExecutionGraphSvg(data_, "wl-ci");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
}

TEST(RenderDotSvg, BadDotIsAnInvalidArgumentWithGraphvizMessage) {
  auto svg = RenderDotSvg("digraph { a -> ");
  ASSERT_FALSE(svg);
  EXPECT_EQ(svg.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(svg.error().message.find("does not parse"), std::string::npos);
  EXPECT_NE(svg.error().message.find("syntax error"), std::string::npos) << svg.error().message;
}

}  // namespace
}  // namespace hawk::report
