#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "report/report_files.h"
#include "report_fixture.h"

namespace hawk::report {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "hawk_report_XXXXXX";
    EXPECT_NE(mkdtemp(pattern.data()), nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(WriteCharts, WritesEveryChartAndTheGraphsAsDotAndSvg) {
  TempDir dir;
  const std::string charts = (dir.path() / "charts" / "nested").string();
  auto written = WriteCharts(BuildReportData(testing::SampleSource()), charts);
  ASSERT_TRUE(written) << written.error().ToString();
  std::vector<std::string> names;
  for (const std::string& path : *written) {
    EXPECT_TRUE(std::filesystem::file_size(path) > 0) << path;
    names.push_back(std::filesystem::path(path).filename().string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"timeline.svg", "thermal.svg", "utilization.svg",
                                             "duration.svg", "graph-wl-ci.dot", "graph-wl-ci.svg",
                                             "graph-wl-bench.dot", "graph-wl-bench.svg"}));
}

TEST(WriteCharts, AFileInTheWayIsAnIoErrorNamingIt) {
  TempDir dir;
  const std::string blocker = (dir.path() / "file").string();
  std::ofstream(blocker) << "x";
  auto written = WriteCharts(BuildReportData(testing::SampleSource()), blocker);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kIo);
  EXPECT_NE(written.error().message.find(blocker), std::string::npos);
  EXPECT_EQ(written.error().where, "--charts");
}

TEST(GraphFileStem, ReplacesUnsafeCharacters) {
  EXPECT_EQ(GraphFileStem("wl/1 a:b"), "graph-wl_1_a_b");
  EXPECT_EQ(GraphFileStem("ok-1.2_x"), "graph-ok-1.2_x");
}

TEST(WriteTextFile, MissingFolderIsAnIoErrorWithTheOption) {
  auto status = WriteTextFile("/nonexistent-hawk-dir/x.html", "x", "--html");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kIo);
  EXPECT_EQ(status.error().where, "--html");
}

}  // namespace
}  // namespace hawk::report
