#include <gtest/gtest.h>

#include "hw/memory_detector.h"
#include "hw_test_support.h"

namespace hawk::hw {
namespace {

using testing::HwFixture;
using testing::SharedTree;
using testing::Tree;

TEST(MemoryDetector, NodeExporterTreeHasNoMemAvailable) {
  Tree tree(SharedTree("node-exporter"));
  const MemoryReport m = DetectMemory(tree.proc);
  EXPECT_EQ(m.total_bytes, 3742148ull * 1024);
  EXPECT_EQ(m.available_bytes, std::nullopt);  // this kernel predates MemAvailable
  EXPECT_EQ(m.swap_total_bytes, 4194300ull * 1024);
  EXPECT_EQ(m.swap_free_bytes, 3155360ull * 1024);
  EXPECT_TRUE(tree.Noted("/proc/meminfo", "MemAvailable missing"));
}

TEST(MemoryDetector, ProcfsTree) {
  Tree tree(SharedTree("procfs"));
  const MemoryReport m = DetectMemory(tree.proc);
  EXPECT_EQ(m.total_bytes, 15666184ull * 1024);
  EXPECT_EQ(m.swap_total_bytes, 0u);
}

TEST(MemoryDetector, WorkstationTree) {
  Tree tree(HwFixture("workstation"));
  const MemoryReport m = DetectMemory(tree.proc);
  EXPECT_EQ(m.total_bytes, 65536000ull * 1024);
  EXPECT_EQ(m.available_bytes, 48000000ull * 1024);
  EXPECT_TRUE(tree.diagnostics.entries().empty());
}

TEST(MemoryDetector, TruncatedMeminfo) {
  Tree tree(HwFixture("malformed"));
  const MemoryReport m = DetectMemory(tree.proc);
  EXPECT_EQ(m.total_bytes, std::nullopt);       // "lots kB"
  EXPECT_EQ(m.swap_total_bytes, std::nullopt);  // the file ends after "SwapTotal:"
  EXPECT_TRUE(tree.Noted("/proc/meminfo", "MemTotal malformed: 'lots kB'"));
  EXPECT_TRUE(tree.Noted("/proc/meminfo", "SwapTotal malformed: ''"));
  EXPECT_TRUE(tree.Noted("/proc/meminfo", "SwapFree missing"));
}

TEST(MemoryDetector, ThisMachine) {
  Tree tree(std::filesystem::path("/"));
  const MemoryReport m = DetectMemory(tree.proc);
  ASSERT_TRUE(m.total_bytes.has_value());
  ASSERT_TRUE(m.available_bytes.has_value());
  EXPECT_GT(*m.total_bytes, 0u);
  EXPECT_LE(*m.available_bytes, *m.total_bytes);
}

}  // namespace
}  // namespace hawk::hw
