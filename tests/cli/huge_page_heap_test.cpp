#include "cli/huge_page_heap.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace hawk::cli {
namespace {

TEST(ParseThpMode, ReadsTheSelectedMode) {
  EXPECT_EQ(ParseThpMode("always [madvise] never\n"), ThpMode::kMadvise);
  EXPECT_EQ(ParseThpMode("[always] madvise never\n"), ThpMode::kAlways);
  EXPECT_EQ(ParseThpMode("always madvise [never]\n"), ThpMode::kNever);
  EXPECT_EQ(ParseThpMode("always madvise never\n"), std::nullopt);
  EXPECT_EQ(ParseThpMode(""), std::nullopt);
  EXPECT_EQ(ParseThpMode("[sometimes]"), std::nullopt);
}

class HugePageHeapTest : public ::testing::Test {
 protected:
  std::filesystem::path WriteMode(const std::string& text) {
    const auto path = std::filesystem::path(::testing::TempDir()) / "thp_enabled";
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(HugePageHeapTest, LeavesTheHeapAloneWhenTheKernelSaysNever) {
  const HugePageHeap heap =
      ReserveHugePageHeap(std::size_t{64} << 20, WriteMode("always madvise [never]\n"));
  EXPECT_FALSE(heap.applied);
  EXPECT_EQ(heap.detail, "transparent huge pages are off (never)");
}

TEST_F(HugePageHeapTest, SaysWhyWhenTheKernelHasNoThp) {
  const HugePageHeap heap = ReserveHugePageHeap(std::size_t{64} << 20, "/nonexistent/thp/enabled");
  EXPECT_FALSE(heap.applied);
  EXPECT_NE(heap.detail.find("no transparent huge pages here"), std::string::npos);
}

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer replaces malloc: glibc's settings do not apply, and the
// heap is left as it is, saying so.
TEST_F(HugePageHeapTest, SaysSoWhenTheAllocatorIsNotGlibcs) {
  const HugePageHeap heap =
      ReserveHugePageHeap(std::size_t{64} << 20, WriteMode("always [madvise] never\n"));
  EXPECT_FALSE(heap.applied);
  EXPECT_EQ(heap.detail, "the allocator refused the heap settings");
}
#else
TEST_F(HugePageHeapTest, AdvisesTheReservedHeapWhenTheKernelAllows) {
  const HugePageHeap heap =
      ReserveHugePageHeap(std::size_t{64} << 20, WriteMode("always [madvise] never\n"));
  ASSERT_TRUE(heap.applied) << heap.detail;
  EXPECT_NE(heap.detail.find("MiB of heap"), std::string::npos) << heap.detail;
  // The heap still works, from the reserved range.
  void* p = std::malloc(std::size_t{16} << 20);
  ASSERT_NE(p, nullptr);
  static_cast<char*>(p)[0] = 1;
  std::free(p);
}
#endif

}  // namespace
}  // namespace hawk::cli
