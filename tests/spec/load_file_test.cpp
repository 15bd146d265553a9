#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "spec/workload_spec.h"

namespace hawk::spec {
namespace {

namespace fs = std::filesystem;

class LoadFileTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("hawk_spec_test_" +
            std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  fs::path dir_;
};

TEST_F(LoadFileTest, ReadsAndParsesAFile) {
  const fs::path path = Write("w.yaml", "version: 1\nname: w\ntasks: [{id: a, run: x}]\n");
  const SpecResult result = LoadWorkloadFile(path);
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  EXPECT_EQ(result.workload().tasks.at(0).id, "a");
}

TEST_F(LoadFileTest, DiagnosticsNameTheFile) {
  const fs::path path = Write("bad.yaml", "version: 1\nname: w\ntasks: []\n");
  const SpecResult result = LoadWorkloadFile(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.FormatDiagnostics(),
            path.string() +
                ":3:8: tasks: the workload has no tasks (add at least one entry "
                "under tasks:)\n");
}

TEST_F(LoadFileTest, MissingFileIsOneClearDiagnostic) {
  const fs::path path = dir_ / "nope.yaml";
  const SpecResult result = LoadWorkloadFile(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.FormatDiagnostics(),
            path.string() + ": cannot open file: No such file or directory (check the path)\n");
}

TEST_F(LoadFileTest, DirectoryIsRefused) {
  const SpecResult result = LoadWorkloadFile(dir_);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.FormatDiagnostics(), dir_.string() +
                                            ": cannot read a directory as a workload file (give "
                                            "the path of a .yaml file)\n");
}

TEST_F(LoadFileTest, OversizedFileIsRefused) {
  const fs::path path = Write("big.yaml", std::string(kMaxSpecFileBytes + 1, '#'));
  const SpecResult result = LoadWorkloadFile(path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.diagnostics().at(0).message, "file is larger than 16 MiB");
}

}  // namespace
}  // namespace hawk::spec
