// Every value read from the captured trees equals what their files say.
#include "monitor/proc_readers.h"

#include <gtest/gtest.h>

#include "monitor_test_support.h"

namespace hawk::monitor {
namespace {

using testing::Fixture;
using testing::TempTree;

constexpr double kUserHz = 100.0;  // the captured machines' USER_HZ

struct Proc {
  explicit Proc(const std::string& root) : fs(root), reader(fs, problems) {}
  RootedFs fs;
  ProblemLog problems;
  FileReader reader;
};

TEST(ReadCpuStat, NodeExporterTree) {
  Proc proc(Fixture("node-exporter", "proc"));
  auto stat = ReadCpuStat(proc.reader, true, kUserHz);
  ASSERT_TRUE(stat);
  // cpu  301854 612 111922 8979004 3552 2 3944 0 44 36
  EXPECT_DOUBLE_EQ(stat->total.user_seconds, 3018.54);
  EXPECT_DOUBLE_EQ(stat->total.nice_seconds, 6.12);
  EXPECT_DOUBLE_EQ(stat->total.system_seconds, 1119.22);
  EXPECT_DOUBLE_EQ(stat->total.idle_seconds, 89790.04);
  EXPECT_DOUBLE_EQ(*stat->total.iowait_seconds, 35.52);
  EXPECT_DOUBLE_EQ(*stat->total.irq_seconds, 0.02);
  EXPECT_DOUBLE_EQ(*stat->total.softirq_seconds, 39.44);
  EXPECT_DOUBLE_EQ(*stat->total.steal_seconds, 0.0);
  EXPECT_DOUBLE_EQ(*stat->total.guest_seconds, 0.44);
  EXPECT_DOUBLE_EQ(*stat->total.guest_nice_seconds, 0.36);
  EXPECT_EQ(stat->logical_cpus, 8u);
  ASSERT_EQ(stat->per_cpu.size(), 8u);
  // cpu7 29098 268 10164 1139282 555 0 31 0 9 8
  EXPECT_EQ(stat->per_cpu[7].cpu, 7);
  EXPECT_DOUBLE_EQ(stat->per_cpu[7].times.user_seconds, 290.98);
  EXPECT_DOUBLE_EQ(stat->per_cpu[7].times.idle_seconds, 11392.82);
  EXPECT_DOUBLE_EQ(*stat->per_cpu[7].times.guest_nice_seconds, 0.08);
  EXPECT_EQ(*stat->context_switches_total, 38014093u);
  EXPECT_EQ(*stat->boot_time_seconds, 1418183276u);
  EXPECT_EQ(*stat->forks_total, 26442u);
  EXPECT_EQ(*stat->procs_running, 2u);
  EXPECT_EQ(*stat->procs_blocked, 0u);
  EXPECT_TRUE(proc.problems.messages().empty());
}

TEST(ReadCpuStat, ProcfsTreeAndPerCpuOff) {
  Proc proc(Fixture("procfs", "proc"));
  auto stat = ReadCpuStat(proc.reader, false, kUserHz);
  ASSERT_TRUE(stat);
  EXPECT_DOUBLE_EQ(stat->total.user_seconds, 3018.54);
  EXPECT_DOUBLE_EQ(*stat->total.guest_seconds, 0.0);
  EXPECT_EQ(stat->logical_cpus, 8u);
  EXPECT_TRUE(stat->per_cpu.empty());
  EXPECT_EQ(*stat->procs_blocked, 1u);
}

TEST(ReadMemInfo, NodeExporterTree) {
  Proc proc(Fixture("node-exporter", "proc"));
  auto mem = ReadMemInfo(proc.reader);
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->total_bytes, 3742148u * 1024);
  EXPECT_EQ(*mem->free_bytes, 225472u * 1024);
  EXPECT_EQ(*mem->buffers_bytes, 22040u * 1024);
  EXPECT_EQ(*mem->cached_bytes, 930888u * 1024);
  EXPECT_EQ(*mem->sreclaimable_bytes, 44772u * 1024);
  EXPECT_EQ(*mem->shmem_bytes, 593840u * 1024);
  EXPECT_EQ(*mem->swap_total_bytes, 4194300u * 1024);
  EXPECT_EQ(*mem->swap_free_bytes, 3155360u * 1024);
  EXPECT_FALSE(mem->available_bytes);  // this kernel predates MemAvailable
  EXPECT_EQ(*mem->UsedBytes(), (3742148u - 225472 - 22040 - 930888 - 44772) * 1024);
  EXPECT_EQ(*mem->SwapUsedBytes(), (4194300u - 3155360) * 1024);
}

TEST(ReadMemInfo, ProcfsTree) {
  Proc proc(Fixture("procfs", "proc"));
  auto mem = ReadMemInfo(proc.reader);
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->total_bytes, 15666184ull * 1024);
  EXPECT_EQ(*mem->free_bytes, 440324ull * 1024);
  EXPECT_EQ(*mem->swap_total_bytes, 0u);
  EXPECT_EQ(*mem->SwapUsedBytes(), 0u);
}

TEST(ReadMemInfo, UsesMemAvailableWhenTheKernelGivesIt) {
  TempTree tree;
  tree.Write("meminfo", "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\n");
  Proc proc(tree.root());
  auto mem = ReadMemInfo(proc.reader);
  ASSERT_TRUE(mem);
  EXPECT_EQ(*mem->UsedBytes(), 400u * 1024);
  EXPECT_DOUBLE_EQ(*mem->UsedRatio(), 0.4);
  EXPECT_FALSE(mem->SwapUsedBytes());
}

TEST(ReadLoadAverage, BothTrees) {
  Proc a(Fixture("node-exporter", "proc"));
  auto load = ReadLoadAverage(a.reader);
  ASSERT_TRUE(load);
  EXPECT_DOUBLE_EQ(load->load1, 0.21);
  EXPECT_DOUBLE_EQ(load->load5, 0.37);
  EXPECT_DOUBLE_EQ(load->load15, 0.39);
  EXPECT_EQ(*load->runnable, 1u);
  EXPECT_EQ(*load->scheduling_entities, 719u);
  Proc b(Fixture("procfs", "proc"));
  load = ReadLoadAverage(b.reader);
  ASSERT_TRUE(load);
  EXPECT_DOUBLE_EQ(load->load1, 0.02);
  EXPECT_DOUBLE_EQ(load->load15, 0.05);
  EXPECT_EQ(*load->scheduling_entities, 497u);
}

TEST(IsIgnoredDisk, MatchesNodeExportersDefault) {
  for (const char* name : {"ram0", "zram1", "loop7", "fd0", "sda1", "vda2", "xvdb3", "hdc4",
                           "nvme0n1p1", "nvme12n3p45"}) {
    EXPECT_TRUE(IsIgnoredDisk(name)) << name;
  }
  for (const char* name : {"sda", "vda", "nvme0n1", "dm-0", "mmcblk0", "mmcblk0p1", "sr0", "md0",
                           "nvme0n1p", "sd1", "loop"}) {
    EXPECT_FALSE(IsIgnoredDisk(name)) << name;
  }
}

TEST(ReadDiskStats, NodeExporterTree) {
  Proc proc(Fixture("node-exporter", "proc"));
  auto disks = ReadDiskStats(proc.reader);
  ASSERT_TRUE(disks);
  std::vector<std::string> names;
  for (const auto& d : *disks) names.push_back(d.name);
  const std::vector<std::string> expected = {"sda",  "dm-0", "dm-1",    "dm-2",      "dm-3",
                                             "dm-4", "dm-5", "mmcblk0", "mmcblk0p1", "mmcblk0p2",
                                             "vda",  "sr0",  "nvme0n1", "sdb",       "sdc"};
  EXPECT_EQ(names, expected);
  // 8 0 sda 25354637 34367663 1003346126 18492372 28444756 11134226 505697032 63877960 0
  //   9653880 82621804
  const DiskCounters& sda = disks->front();
  EXPECT_EQ(sda.major, 8u);
  EXPECT_EQ(sda.minor, 0u);
  EXPECT_EQ(sda.reads_completed_total, 25354637u);
  EXPECT_EQ(sda.reads_merged_total, 34367663u);
  EXPECT_EQ(sda.read_bytes_total, 1003346126ull * 512);
  EXPECT_DOUBLE_EQ(sda.read_time_seconds_total, 18492.372);
  EXPECT_EQ(sda.writes_completed_total, 28444756u);
  EXPECT_EQ(sda.writes_merged_total, 11134226u);
  EXPECT_EQ(sda.written_bytes_total, 505697032ull * 512);
  EXPECT_DOUBLE_EQ(sda.write_time_seconds_total, 63877.96);
  EXPECT_EQ(sda.io_now, 0u);
  EXPECT_DOUBLE_EQ(sda.io_time_seconds_total, 9653.88);
  EXPECT_DOUBLE_EQ(sda.io_time_weighted_seconds_total, 82621.804);
  EXPECT_FALSE(sda.discards_completed_total);
  EXPECT_FALSE(sda.flushes_total);
  // sdb: ... 68851 0 1925173784 11130 (discards, kernel 4.18+)
  const DiskCounters& sdb = (*disks)[13];
  EXPECT_EQ(*sdb.discards_completed_total, 68851u);
  EXPECT_EQ(*sdb.discards_merged_total, 0u);
  EXPECT_EQ(*sdb.discarded_bytes_total, 1925173784ull * 512);
  EXPECT_DOUBLE_EQ(*sdb.discard_time_seconds_total, 11.13);
  EXPECT_FALSE(sdb.flushes_total);
  // sdc: ... 18851 0 125173784 11130 1555 1944 (flushes, kernel 5.5+)
  const DiskCounters& sdc = disks->back();
  EXPECT_EQ(*sdc.flushes_total, 1555u);
  EXPECT_DOUBLE_EQ(*sdc.flush_time_seconds_total, 1.944);
}

TEST(ReadDiskStats, AllDevicesWhenAsked) {
  Proc proc(Fixture("procfs", "proc"));
  auto disks = ReadDiskStats(proc.reader, true);
  ASSERT_TRUE(disks);
  EXPECT_EQ(disks->size(), 52u);  // every line of the file
  EXPECT_EQ(disks->front().name, "ram0");
  // 8 2 sdc2 13126 71 561749 16802 2830 1589 176404 40620 0 10931 50449 0 0 0 0 0 0
  EXPECT_EQ(disks->back().name, "sdc2");
  EXPECT_EQ(disks->back().read_bytes_total, 561749ull * 512);
  EXPECT_EQ(*disks->back().flushes_total, 0u);
}

TEST(ReadNetDev, ProcfsTree) {
  Proc proc(Fixture("procfs", "proc"));
  auto net = ReadNetDev(proc.reader);
  ASSERT_TRUE(net);
  ASSERT_EQ(net->size(), 4u);
  EXPECT_EQ((*net)[0].interface, "vethf345468");
  EXPECT_EQ((*net)[1].interface, "lo");
  EXPECT_EQ((*net)[1].receive_bytes_total, 1664039048u);
  const NetCounters& eth0 = (*net)[3];
  EXPECT_EQ(eth0.interface, "eth0");
  EXPECT_EQ(eth0.receive_bytes_total, 874354587u);
  EXPECT_EQ(eth0.receive_packets_total, 1036395u);
  EXPECT_EQ(eth0.receive_errors_total, 0u);
  EXPECT_EQ(eth0.transmit_bytes_total, 563352563u);
  EXPECT_EQ(eth0.transmit_packets_total, 732147u);
}

TEST(ReadNetDev, MissingInTheNodeExporterTree) {
  Proc proc(Fixture("node-exporter", "proc"));
  EXPECT_FALSE(ReadNetDev(proc.reader));
  ASSERT_EQ(proc.problems.messages().size(), 1u);
  EXPECT_NE(proc.problems.messages()[0].find("net/dev"), std::string::npos);
}

TEST(CountProcesses, BothTrees) {
  Proc a(Fixture("node-exporter", "proc"));
  EXPECT_EQ(*CountProcesses(a.reader), 3u);
  Proc b(Fixture("procfs", "proc"));
  EXPECT_EQ(*CountProcesses(b.reader), 7u);
}

}  // namespace
}  // namespace hawk::monitor
