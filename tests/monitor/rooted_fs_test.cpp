#include "monitor/rooted_fs.h"

#include <gtest/gtest.h>

#include "monitor_test_support.h"

namespace hawk::monitor {
namespace {

using testing::Fixture;
using testing::TempTree;

TEST(RootedFs, ReadsFilesRelativeToTheRoot) {
  RootedFs fs(Fixture("node-exporter", "proc"));
  auto loadavg = fs.ReadFile("loadavg");
  ASSERT_TRUE(loadavg) << loadavg.error().ToString();
  EXPECT_EQ(*loadavg, "0.21 0.37 0.39 1/719 19737\n");
  EXPECT_EQ(*fs.ReadFile("/loadavg"), *loadavg);  // a leading '/' is ignored
}

TEST(RootedFs, MissingFilesAreNotFound) {
  RootedFs fs(Fixture("node-exporter", "proc"));
  auto missing = fs.ReadFile("no/such/file");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs.Exists("net/dev"));
  EXPECT_TRUE(fs.Exists("stat"));
}

TEST(RootedFs, FollowsCapturedLinkStandIns) {
  // class/hwmon/hwmon0 is a file holding "../../devices/platform/coretemp.0/hwmon/hwmon0".
  RootedFs fs(Fixture("node-exporter", "sys"));
  EXPECT_TRUE(fs.IsDirectory("class/hwmon/hwmon0"));
  EXPECT_EQ(*fs.ResolveDir("class/hwmon/hwmon0"), "devices/platform/coretemp.0/hwmon/hwmon0");
  EXPECT_EQ(*fs.Resolve("class/hwmon/hwmon0"), "class/hwmon/hwmon0");  // a file at the end
  EXPECT_EQ(*fs.ReadFile("class/hwmon/hwmon0/name"), "coretemp\n");
  EXPECT_EQ(*fs.ReadLink("class/hwmon/hwmon0"), "../../devices/platform/coretemp.0/hwmon/hwmon0");
  auto names = fs.ListDir("class/hwmon/hwmon0");
  ASSERT_TRUE(names);
  EXPECT_EQ(names->front(), "device");
  // /proc/self holds "26231".
  RootedFs proc(Fixture("procfs", "proc"));
  EXPECT_EQ(*proc.Resolve("self/stat"), "26231/stat");
}

TEST(RootedFs, ListsInNaturalOrder) {
  RootedFs fs(Fixture("node-exporter", "sys"));
  auto names = fs.ListDir("class/hwmon");
  ASSERT_TRUE(names);
  const std::vector<std::string> expected = {"hwmon0", "hwmon1", "hwmon2", "hwmon3",
                                             "hwmon4", "hwmon5", "hwmon6", "hwmon7",
                                             "hwmon8", "hwmon9", "hwmon10"};
  EXPECT_EQ(*names, expected);
  EXPECT_TRUE(NaturalLess("cpu2", "cpu10"));
  EXPECT_FALSE(NaturalLess("cpu10", "cpu2"));
  EXPECT_TRUE(NaturalLess("cpu", "cpu0"));
}

TEST(RootedFs, RealLinksNeverLeaveTheRoot) {
  TempTree outside;
  outside.Write("secret", "outside\n");
  TempTree tree;
  tree.Write("inside/value", "42\n");
  tree.Symlink("../../../../../../../" + outside.root() + "/secret", "up");
  tree.Symlink(outside.Path("secret"), "absolute");
  tree.Symlink("inside", "good");
  tree.Symlink("/inside", "rooted");  // absolute: taken from the root
  RootedFs fs(tree.root());
  EXPECT_FALSE(fs.ReadFile("up"));
  EXPECT_FALSE(fs.ReadFile("absolute"));
  EXPECT_EQ(*fs.ReadFile("good/value"), "42\n");
  EXPECT_EQ(*fs.ReadFile("rooted/value"), "42\n");
  EXPECT_EQ(*fs.Resolve("good/../good/value"), "inside/value");
  EXPECT_EQ(*fs.ReadLink("absolute"), outside.Path("secret"));
}

TEST(RootedFs, StandInsNeverLeaveTheRoot) {
  TempTree outside;
  outside.Write("dir/secret", "outside\n");
  TempTree tree;
  tree.Write("inside/value", "7\n");
  tree.Write("escape", "../../../../../../../../" + outside.root() + "/dir");
  tree.Write("hop", "inside");
  tree.Write("loop_a", "loop_b");
  tree.Write("loop_b", "loop_a");
  RootedFs fs(tree.root());
  EXPECT_FALSE(fs.ReadFile("escape/secret"));
  EXPECT_EQ(*fs.ReadFile("hop/value"), "7\n");
  auto looped = fs.ReadFile("loop_a/value");
  ASSERT_FALSE(looped);
  EXPECT_EQ(looped.error().code, ErrorCode::kNotFound);
}

TEST(RootedFs, AMissingRootAnswersNotFound) {
  RootedFs fs("/nonexistent/hawk/root");
  EXPECT_FALSE(fs.root_ok());
  auto result = fs.ReadFile("stat");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs.ListDir(""));
}

TEST(RootedFs, RefusesFilesOverTheLimit) {
  TempTree tree;
  tree.Write("big", std::string(10000, 'x'));
  RootedFs fs(tree.root());
  EXPECT_FALSE(fs.ReadFile("big", 100));
  EXPECT_EQ(fs.ReadFile("big")->size(), 10000u);
}

}  // namespace
}  // namespace hawk::monitor
