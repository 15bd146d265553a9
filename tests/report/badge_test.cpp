#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/badge.h"
#include "report_fixture.h"
#include "xml_check.h"

namespace hawk::report {
namespace {

TEST(BadgeStatus, FailingWhenAnyTaskFailed) {
  const BadgeStatus s = StatusFromReport(BuildReportData(testing::SampleSource()));
  EXPECT_EQ(s.passed, 5u);
  EXPECT_EQ(s.failed, 1u);
  EXPECT_EQ(s.skipped, 1u);
  EXPECT_EQ(s.pending, 0u);
  EXPECT_EQ(s.result, "failing");
  EXPECT_EQ(s.message, "5 passed, 1 failed, 1 skipped");
  EXPECT_EQ(s.color, "#e05d44");
}

TEST(BadgeStatus, PassingRunningAndEmpty) {
  ReportSource source = testing::SampleSource();
  source.tasks[4].status = "succeeded";
  EXPECT_EQ(StatusFromReport(BuildReportData(source)).result, "passing");
  EXPECT_EQ(StatusFromReport(BuildReportData(source)).color, "#4c1");
  source.tasks[0].status = "running";
  EXPECT_EQ(StatusFromReport(BuildReportData(source)).result, "running");
  const BadgeStatus empty = StatusFromReport(BuildReportData(ReportSource{}), "ci");
  EXPECT_EQ(empty.result, "no tasks");
  EXPECT_EQ(empty.label, "ci");
  EXPECT_EQ(empty.color, "#9f9f9f");
}

TEST(Verdana11Width, UsesTheCharacterTable) {
  EXPECT_EQ(Verdana11Width(""), 0);
  EXPECT_EQ(Verdana11Width("0"), 7);    // 6.99 rounded up
  EXPECT_EQ(Verdana11Width("ii"), 7);   // 2 × 3.02
  EXPECT_EQ(Verdana11Width("mW"), 22);  // 10.69 + 10.88
  EXPECT_EQ(Verdana11Width("é"), 7);    // outside ASCII: one character
  EXPECT_GT(Verdana11Width("13 passed"), Verdana11Width("1 passed"));
}

TEST(RenderBadgeSvg, EveryStyleIsWellFormedAndSaysTheStatus) {
  const BadgeStatus s = StatusFromReport(BuildReportData(testing::SampleSource()));
  for (BadgeStyle style : AllValues<BadgeStyle>()) {
    const std::string svg = RenderBadgeSvg(s, style);
    const testing::MarkupCheck check = testing::CheckMarkup(svg);
    EXPECT_EQ(check.error, "") << ToString(style);
    EXPECT_EQ(check.roots, 1);
    EXPECT_NE(svg.find("aria-label=\"hawk: 5 passed, 1 failed, 1 skipped\""), std::string::npos);
    if (style != BadgeStyle::kSocial) {
      EXPECT_NE(svg.find("fill=\"#e05d44\""), std::string::npos) << ToString(style);
    }
  }
  EXPECT_NE(RenderBadgeSvg(s, BadgeStyle::kForTheBadge).find(">5 PASSED, 1 FAILED, 1 SKIPPED<"),
            std::string::npos);
  EXPECT_NE(RenderBadgeSvg(s, BadgeStyle::kFlat).find("rx=\"3\""), std::string::npos);
  EXPECT_NE(RenderBadgeSvg(s, BadgeStyle::kFlatSquare).find("rx=\"0\""), std::string::npos);
}

TEST(RenderBadgeSvg, WidthFollowsTheText) {
  BadgeStatus s;
  s.message = "1 passed";
  s.color = "#4c1";
  // "hawk" 29.08 px -> 30 + 2 × 5 padding; "1 passed" 49.18 px -> 50 + 10.
  EXPECT_NE(RenderBadgeSvg(s, BadgeStyle::kFlat).find("width=\"100\" height=\"20\""),
            std::string::npos)
      << RenderBadgeSvg(s, BadgeStyle::kFlat);
}

TEST(RenderBadgeJson, ShieldsEndpointFormatWithCounts) {
  const BadgeStatus s = StatusFromReport(BuildReportData(testing::SampleSource()));
  const auto json = nlohmann::json::parse(RenderBadgeJson(s));
  EXPECT_EQ(json["schemaVersion"], 1);
  EXPECT_EQ(json["label"], "hawk");
  EXPECT_EQ(json["message"], "5 passed, 1 failed, 1 skipped");
  EXPECT_EQ(json["color"], "#e05d44");
  EXPECT_EQ(json["hawk"]["result"], "failing");
  EXPECT_EQ(json["hawk"]["failed"], 1);
}

TEST(BadgeStyleNames, ParseTheCliNames) {
  EXPECT_EQ(Parse<BadgeStyle>("for-the-badge").value(), BadgeStyle::kForTheBadge);
  EXPECT_FALSE(Parse<BadgeStyle>("round"));
}

}  // namespace
}  // namespace hawk::report
