#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "hw/fs_root.h"
#include "hw_test_support.h"

namespace hawk::hw {
namespace {

using testing::HwFixture;
using testing::SharedTree;

// A scratch tree removed at the end of the test.
class ScratchTree : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hawk-fsroot-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    base_ = pattern;
    std::filesystem::create_directories(base_ / "root" / "a" / "b");
    Write(base_ / "root" / "a" / "b" / "value", "42\n");
    Write(base_ / "outside.txt", "secret\n");
  }
  void TearDown() override { std::filesystem::remove_all(base_); }
  static void Write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  std::filesystem::path base_;
};

TEST(FsRoot, ReadsFilesBelowTheRoot) {
  const FsRoot proc(SharedTree("procfs") / "proc");
  auto text = proc.ReadFile("loadavg");
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_FALSE(text->empty());
  EXPECT_EQ(proc.ReadFile("no/such/file").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(proc.ReadFile("pressure").error().code, ErrorCode::kIo);  // a directory
}

TEST(FsRoot, FollowsLinksStoredAsFilesInCapturedTrees) {
  // The shared fixtures keep bus/pci/devices/<addr> as a file holding the
  // link target; going through it reaches the device directory.
  const FsRoot sys(SharedTree("procfs") / "sys");
  auto resolved = sys.Resolve("bus/pci/devices/0000:01:00.0");
  ASSERT_TRUE(resolved) << resolved.error().ToString();
  EXPECT_EQ(*resolved, "devices/pci0000:00/0000:00:02.1/0000:01:00.0");
  auto vendor = sys.ReadFile("bus/pci/devices/0000:01:00.0/vendor");
  ASSERT_TRUE(vendor);
  EXPECT_EQ(*vendor, "0xc0a9\n");
  EXPECT_EQ(sys.LinkTarget("class/drm/card0/device/driver"), "../../../../bus/pci/drivers/amdgpu");
  EXPECT_TRUE(sys.IsDirectory("bus/pci/devices/0000:01:00.0"));
  // A plain value file is no link.
  EXPECT_EQ(sys.LinkTarget("class/drm/card0/device/vendor"), std::nullopt);
}

TEST(FsRoot, FollowsRealRelativeLinks) {
  const FsRoot sys(HwFixture("workstation") / "sys");
  auto resolved = sys.Resolve("class/drm/card0/device");
  ASSERT_TRUE(resolved) << resolved.error().ToString();
  EXPECT_EQ(*resolved, "devices/pci0000:00/0000:00:01.0/0000:03:00.0");
  EXPECT_EQ(BaseName(*sys.LinkTarget("class/drm/card0/device/driver")), "xe");
  auto names = sys.ListDir("class/drm");
  ASSERT_TRUE(names);
  EXPECT_EQ(*names,
            (std::vector<std::string>{"card0", "card0-DP-1", "card1", "renderD128", "version"}));
}

TEST_F(ScratchTree, AbsoluteLinksStartAgainAtTheRoot) {
  const std::filesystem::path root = base_ / "root";
  // Points at the host's /outside.txt, which must be looked up inside the root.
  std::filesystem::create_symlink(base_ / "outside.txt", root / "abs");
  std::filesystem::create_symlink("/a/b/value", root / "abs_inside");
  const FsRoot fs(root);
  EXPECT_EQ(fs.ReadFile("abs").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*fs.ReadFile("abs_inside"), "42\n");
}

TEST_F(ScratchTree, DotDotNeverClimbsAboveTheRoot) {
  const std::filesystem::path root = base_ / "root";
  std::filesystem::create_symlink("../../../../../../outside.txt", root / "a" / "up");
  std::filesystem::create_symlink("../../../..", root / "a" / "b" / "top");
  const FsRoot fs(root);
  // ../outside.txt from the root is clamped to <root>/outside.txt: missing.
  EXPECT_EQ(fs.ReadFile("a/up").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(fs.ReadFile("../outside.txt").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*fs.Resolve("a/b/top"), "");
  EXPECT_EQ(*fs.ReadFile("a/b/top/a/b/value"), "42\n");
}

TEST_F(ScratchTree, LinkLoopsAreAnErrorNotAHang) {
  const std::filesystem::path root = base_ / "root";
  std::filesystem::create_symlink("loop2", root / "loop1");
  std::filesystem::create_symlink("loop1", root / "loop2");
  const FsRoot fs(root);
  auto read = fs.ReadFile("loop1/x");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().message, "too many levels of links");
}

TEST_F(ScratchTree, LargeFilesAreCutAtTheLimit) {
  Write(base_ / "root" / "big", std::string(10000, 'x'));
  const FsRoot fs(base_ / "root");
  EXPECT_EQ(fs.ReadFile("big", 100)->size(), 100u);
  EXPECT_EQ(fs.ReadFile("big")->size(), 10000u);
}

TEST(FsRoot, DisplayJoinsRootAndPath) {
  EXPECT_EQ(FsRoot("/sys").Display("class/drm"), "/sys/class/drm");
  EXPECT_EQ(FsRoot("/").Display("proc/meminfo"), "/proc/meminfo");
  EXPECT_EQ(FsRoot("/tmp/x/").Display(""), "/tmp/x");
  EXPECT_EQ(BaseName("../../bus/pci/drivers/i915"), "i915");
  EXPECT_EQ(BaseName("card0/"), "card0");
}

}  // namespace
}  // namespace hawk::hw
