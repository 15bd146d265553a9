// The hand-written SVG charts: well formed, the expected marks, escaping,
// and the timeline byte for byte against its golden file.
#include <gtest/gtest.h>

#include "golden.h"
#include "report/charts.h"
#include "report/svg.h"
#include "report_fixture.h"
#include "xml_check.h"

namespace hawk::report {
namespace {

using testing::CheckMarkup;
using testing::MarkupCheck;

MarkupCheck Check(const std::string& svg) {
  MarkupCheck check = CheckMarkup(svg);
  EXPECT_EQ(check.error, "") << svg.substr(0, 400);
  EXPECT_EQ(check.roots, 1);
  EXPECT_EQ(check.elements["svg"], 1);
  EXPECT_NE(svg.find("viewBox=\"0 0 "), std::string::npos);
  EXPECT_GE(check.elements["title"], 1);
  return check;
}

class Charts : public ::testing::Test {
 protected:
  ReportData data_ = BuildReportData(testing::SampleSource());
};

TEST_F(Charts, TimelineHasOneBarPerAttemptPerDeviceColouredByOutcome) {
  const std::string svg = TimelineSvg(data_);
  MarkupCheck check = Check(svg);
  EXPECT_EQ(check.classed["svg.timeline"], 1);
  EXPECT_EQ(check.classed["rect.attempt"], 7);
  EXPECT_EQ(check.classed["rect.succeeded"], 5);
  EXPECT_EQ(check.classed["rect.failed"], 2);
  EXPECT_EQ(check.classed["g.row"], 5);  // devices that ran something
  EXPECT_NE(svg.find("wl-ci/test#0 attempt 1 on worker-a/gpu0: failed, ran 1m, queued 1s, oom: "
                     "CUDA out of memory"),
            std::string::npos);
}

TEST_F(Charts, TimelineMatchesTheGoldenFile) {
  testing::ExpectMatchesGolden("timeline.svg", TimelineSvg(data_));
}

TEST_F(Charts, ThermalHeatmapHasACellPerBucketWithASample) {
  const std::string svg = ThermalHeatmapSvg(data_);
  MarkupCheck check = Check(svg);
  EXPECT_EQ(check.classed["rect.cell"], 3 * 8);  // 3 devices, 8 samples each in its own bucket
  EXPECT_EQ(check.classed["g.row"], 3);
  EXPECT_NE(svg.find("95.0 °C"), std::string::npos);
  EXPECT_NE(svg.find(TemperatureColor(95)), std::string::npos);
}

TEST_F(Charts, UtilizationHasALinePerWorkerAndBothThresholds) {
  MarkupCheck check = Check(UtilizationSvg(data_));
  EXPECT_EQ(check.classed["polyline.series"], 2);
  EXPECT_EQ(check.classed["line.threshold"], 2);
  EXPECT_EQ(check.classed["line.warning"], 1);
  EXPECT_EQ(check.classed["line.critical"], 1);
  EXPECT_EQ(check.classed["g.legend"], 2);
}

TEST_F(Charts, DurationPlotsTasksWithAnEstimateAndAFinishedAttempt) {
  const std::string svg = DurationSvg(data_);
  MarkupCheck check = Check(svg);
  // docs has no estimate and never ran; the other six have both.
  EXPECT_EQ(check.classed["circle.task"], 6);
  EXPECT_EQ(check.classed["circle.slower"], 1);  // package: 20 s for a 10 s estimate
  EXPECT_EQ(check.classed["circle.critical"], 4);
  EXPECT_EQ(check.classed["line.diagonal"], 1);
  // 10 s to 210 s of data: axes from 10s over 1m to 10m, one grid line per axis each.
  EXPECT_EQ(check.classed["line.grid"], 2 * 3);
  for (const char* label : {">10s<", ">1m<", ">10m<"}) {
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  }
}

TEST(ChartsEmpty, EveryChartSaysWhyItIsEmpty) {
  const ReportData empty = BuildReportData(ReportSource{});
  for (const std::string& svg :
       {TimelineSvg(empty), ThermalHeatmapSvg(empty), UtilizationSvg(empty), DurationSvg(empty)}) {
    MarkupCheck check = Check(svg);
    EXPECT_EQ(check.classed["text.empty"], 1) << svg;
  }
}

TEST(ChartsEscaping, HostileNamesStayText) {
  ReportSource source = testing::SampleSource();
  for (AttemptRecord& a : source.attempts) a.worker_id = "w<script>&\"'";
  for (UtilizationSample& s : source.utilization) s.worker_id = "w</svg>\x01";
  const ReportData data = BuildReportData(source);
  for (const std::string& svg :
       {TimelineSvg(data), ThermalHeatmapSvg(data), UtilizationSvg(data)}) {
    MarkupCheck check = Check(svg);
    EXPECT_EQ(svg.find("<script>"), std::string::npos);
    EXPECT_EQ(svg.find('\x01'), std::string::npos);
  }
}

TEST(SvgHelpers, EscapeNumAndDurations) {
  EXPECT_EQ(EscapeMarkup("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(EscapeMarkup("tab\tok\x02"), "tab\tok\xEF\xBF\xBD");
  EXPECT_EQ(Num(-0.01, 1), "0.0");
  EXPECT_EQ(Num(2.345, 2), "2.35");
  EXPECT_EQ(HumanMs(0), "0s");
  EXPECT_EQ(HumanMs(90000), "1m30s");
  EXPECT_EQ(TemperatureColor(25), "#3182ce");
  EXPECT_EQ(TemperatureColor(200), "#c53030");
}

}  // namespace
}  // namespace hawk::report
