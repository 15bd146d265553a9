// The task tracker on real child processes (synchronised with pipes, sampled
// by the test) and on a hand-made cgroup v2 tree.
#include "monitor/task_tracker.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "monitor_test_support.h"

namespace hawk::monitor {
namespace {

using std::chrono::seconds;
using testing::HandMade;

TimePoint At(int s) {
  return TimePoint(seconds(s));
}

// A pipe: one end writes a byte, the other waits for it.
class Pipe {
 public:
  Pipe() { EXPECT_EQ(::pipe(fds_), 0); }
  ~Pipe() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  void Signal() const {
    const char byte = 1;
    [[maybe_unused]] auto n = ::write(fds_[1], &byte, 1);
  }
  // Blocks until a byte comes; false when every writer is gone.
  bool Wait() const {
    char byte = 0;
    return ::read(fds_[0], &byte, 1) == 1;
  }

 private:
  int fds_[2] = {-1, -1};
};

// Uses `cpu_seconds` of CPU time, measured by the process's own CPU clock.
void Burn(double cpu_seconds) {
  volatile std::uint64_t sink = 0;
  for (;;) {
    timespec ts{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    if (ts.tv_sec + ts.tv_nsec / 1e9 >= cpu_seconds) return;
    for (int i = 0; i < 100000; ++i) sink = sink + static_cast<std::uint64_t>(i);
  }
}

int Reap(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TaskTrackerOptions ProcOptions(pid_t root) {
  TaskTrackerOptions options;
  options.root_pid = static_cast<std::uint32_t>(root);
  options.cgroup_mode = CgroupMode::kOff;  // the process tree, whatever the machine has
  options.energy = false;
  return options;
}

TEST(TaskTracker, MeasuresTheMemoryAChildAllocates) {
  constexpr std::size_t kAllocation = 64 * kMiB;
  Pipe started;
  Pipe allocated;
  Pipe finish;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    started.Signal();
    allocated.Wait();  // the test samples the baseline first
    auto* block = static_cast<char*>(std::malloc(kAllocation));
    std::memset(block, 0x5a, kAllocation);
    started.Signal();
    finish.Wait();
    std::free(block);
    std::_Exit(0);
  }
  TaskResourceTracker tracker(ProcOptions(child));
  ASSERT_TRUE(started.Wait());
  tracker.Sample(At(0));
  const Bytes baseline = *tracker.Usage().current_memory_bytes;
  allocated.Signal();
  ASSERT_TRUE(started.Wait());
  tracker.Sample(At(2));
  const TaskUsage usage = tracker.Usage();
  finish.Signal();
  EXPECT_EQ(Reap(child), 0);

  EXPECT_EQ(usage.source, UsageSource::kProc);
  EXPECT_TRUE(usage.root_alive);
  EXPECT_EQ(usage.processes_alive, 1u);
  const Bytes grown = *usage.current_memory_bytes - baseline;
  EXPECT_GE(grown, kAllocation);
  EXPECT_LT(grown, kAllocation + 32 * kMiB);  // the allocator's and sanitizer's own pages
  EXPECT_GE(*usage.peak_memory_bytes, baseline + kAllocation);
  // Two samples, 2 s apart: the average is the mean of the two levels.
  EXPECT_EQ(*usage.avg_memory_bytes, (baseline + *usage.current_memory_bytes) / 2);
  EXPECT_EQ(usage.samples, 2u);
  EXPECT_FALSE(usage.energy_joules);
  EXPECT_FALSE(usage.gpu_memory_peak_bytes);  // no GPU source given
}

TEST(TaskTracker, KeepsTheCpuTimeOfChildrenThatExited) {
  constexpr int kChildren = 3;
  constexpr double kBurnSeconds = 0.1;
  Pipe ready;
  Pipe done;
  Pipe finish;
  const pid_t root = ::fork();
  ASSERT_GE(root, 0);
  if (root == 0) {
    ready.Signal();
    for (int i = 0; i < kChildren; ++i) {
      const pid_t kid = ::fork();
      if (kid == 0) {
        Burn(kBurnSeconds);
        std::_Exit(0);
      }
      ::waitpid(kid, nullptr, 0);
    }
    done.Signal();
    finish.Wait();
    std::_Exit(0);
  }
  TaskResourceTracker tracker(ProcOptions(root));
  ASSERT_TRUE(ready.Wait());
  tracker.Sample(At(0));
  const double before = tracker.Usage().cpu_seconds;
  ASSERT_TRUE(done.Wait());
  tracker.Sample(At(1));
  const TaskUsage usage = tracker.Usage();
  finish.Signal();
  EXPECT_EQ(Reap(root), 0);

  // The children were never sampled alive: their time reached the root's
  // cutime/cstime when it reaped them.
  EXPECT_GE(usage.cpu_seconds - before, kChildren * kBurnSeconds - 0.03);
  EXPECT_LT(usage.cpu_seconds, kChildren * kBurnSeconds + 1.0);
  EXPECT_EQ(usage.processes_alive, 1u);
}

TEST(TaskTracker, FollowsChildrenWhileTheyLiveAndAfterTheyExit) {
  Pipe alive;
  Pipe release;
  Pipe done;
  Pipe finish;
  const pid_t root = ::fork();
  ASSERT_GE(root, 0);
  if (root == 0) {
    std::vector<pid_t> kids;
    for (int i = 0; i < 2; ++i) {
      const pid_t kid = ::fork();
      if (kid == 0) {
        Burn(0.05);
        alive.Signal();
        release.Wait();
        std::_Exit(0);
      }
      kids.push_back(kid);
    }
    for (pid_t kid : kids) ::waitpid(kid, nullptr, 0);
    done.Signal();
    finish.Wait();
    std::_Exit(0);
  }
  TaskResourceTracker tracker(ProcOptions(root));
  ASSERT_TRUE(alive.Wait());
  ASSERT_TRUE(alive.Wait());
  tracker.Sample(At(0));
  TaskUsage usage = tracker.Usage();
  EXPECT_EQ(usage.processes_alive, 3u);
  EXPECT_EQ(usage.processes_seen, 3u);
  const double with_children = usage.cpu_seconds;
  EXPECT_GE(with_children, 0.08);
  release.Signal();
  release.Signal();
  ASSERT_TRUE(done.Wait());
  tracker.Sample(At(1));
  usage = tracker.Usage();
  finish.Signal();
  EXPECT_EQ(Reap(root), 0);
  EXPECT_EQ(usage.processes_alive, 1u);
  EXPECT_EQ(usage.processes_seen, 3u);
  EXPECT_GE(usage.cpu_seconds, with_children);        // nothing lost when they exited
  EXPECT_LT(usage.cpu_seconds, with_children + 0.5);  // and nothing counted twice
}

TEST(TaskTracker, KeepsOrphansAndTheRootAfterItExits) {
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);  // orphans come to this test
  Pipe ready;
  Pipe root_ready;
  Pipe finish_grandchild;
  int pid_pipe[2];
  ASSERT_EQ(::pipe(pid_pipe), 0);
  const pid_t root = ::fork();
  ASSERT_GE(root, 0);
  if (root == 0) {
    const pid_t kid = ::fork();
    if (kid == 0) {
      Burn(0.1);
      ready.Signal();
      finish_grandchild.Wait();
      std::_Exit(0);
    }
    [[maybe_unused]] auto n = ::write(pid_pipe[1], &kid, sizeof(kid));
    Burn(0.05);
    root_ready.Signal();
    ::pause();  // until the test kills it
    std::_Exit(0);
  }
  pid_t grandchild = 0;
  ASSERT_EQ(::read(pid_pipe[0], &grandchild, sizeof(grandchild)),
            static_cast<ssize_t>(sizeof(grandchild)));
  ::close(pid_pipe[0]);
  ::close(pid_pipe[1]);
  TaskResourceTracker tracker(ProcOptions(root));
  ASSERT_TRUE(ready.Wait());  // the grandchild has burnt its share
  ASSERT_TRUE(root_ready.Wait());
  tracker.Sample(At(0));
  EXPECT_EQ(tracker.Usage().processes_alive, 2u);
  ::kill(root, SIGKILL);
  Reap(root);  // reaped outside the tree: its last figures are kept
  tracker.Sample(At(1));
  TaskUsage usage = tracker.Usage();
  EXPECT_FALSE(usage.root_alive);
  EXPECT_EQ(usage.processes_alive, 1u);  // the re-parented grandchild
  finish_grandchild.Signal();
  EXPECT_EQ(Reap(grandchild), 0);
  tracker.Sample(At(2));
  usage = tracker.Usage();
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  EXPECT_EQ(usage.processes_alive, 0u);
  EXPECT_EQ(usage.processes_seen, 2u);
  EXPECT_GE(usage.cpu_seconds, 0.13);  // 0.1 s of the grandchild + 0.05 s of the root
  tracker.RecordExit(100.0, 5 * kGiB);
  EXPECT_DOUBLE_EQ(tracker.Usage().cpu_seconds, 100.0);
  EXPECT_EQ(*tracker.Usage().peak_memory_bytes, 5 * kGiB);
}

TEST(TaskTracker, AMissingProcessHasNoFigures) {
  TaskTrackerOptions options;
  options.proc_root = HandMade("cgroup-v2/proc");
  options.sys_root = HandMade("cgroup-v2/sys");
  options.root_pid = 77777;
  TaskResourceTracker tracker(options);
  tracker.Sample(At(0));
  const TaskUsage usage = tracker.Usage();
  EXPECT_FALSE(usage.root_alive);
  EXPECT_EQ(usage.processes_seen, 0u);
  EXPECT_DOUBLE_EQ(usage.cpu_seconds, 0.0);
  EXPECT_FALSE(usage.peak_memory_bytes);
}

TEST(TaskTracker, UsesTheTasksOwnCgroupV2) {
  TaskTrackerOptions options;
  options.proc_root = HandMade("cgroup-v2/proc");
  options.sys_root = HandMade("cgroup-v2/sys");
  options.root_pid = 4242;
  TaskResourceTracker tracker(options);
  tracker.Sample(At(10));
  tracker.Sample(At(11));
  const TaskUsage usage = tracker.Usage();
  EXPECT_EQ(usage.source, UsageSource::kCgroupV2);
  EXPECT_EQ(*usage.cgroup_path, "/hawk/task-1");
  EXPECT_DOUBLE_EQ(usage.cpu_seconds, 2.5);           // cpu.stat usage_usec
  EXPECT_EQ(*usage.current_memory_bytes, 73400320u);  // memory.current
  EXPECT_EQ(*usage.peak_memory_bytes, 104857600u);    // memory.peak
  EXPECT_EQ(*usage.avg_memory_bytes, 73400320u);
  EXPECT_EQ(*usage.read_bytes, 1048576u + 4096u);  // io.stat rbytes
  EXPECT_EQ(*usage.write_bytes, 2097152u);         // io.stat wbytes
  EXPECT_EQ(usage.processes_alive, 2u);
  // The task has a network namespace of its own: bytes since the first sample.
  EXPECT_EQ(*usage.net_rx_bytes, 0u);
  EXPECT_EQ(*usage.net_tx_bytes, 0u);
  // Energy: this tree has no powercap.
  EXPECT_FALSE(usage.energy_joules);
}

TEST(TaskTracker, ASharedCgroupFallsBackToProc) {
  TaskTrackerOptions options;
  options.proc_root = HandMade("cgroup-v2/proc");
  options.sys_root = HandMade("cgroup-v2/sys");
  options.root_pid = 5000;  // its cgroup also holds pid 999
  TaskResourceTracker tracker(options);
  tracker.Sample(At(0));
  const TaskUsage usage = tracker.Usage();
  EXPECT_EQ(usage.source, UsageSource::kProc);
  EXPECT_DOUBLE_EQ(usage.cpu_seconds, 1.0);  // utime 70 + stime 30 ticks at USER_HZ 100
  EXPECT_EQ(*usage.current_memory_bytes, 4096u * 1024);
  EXPECT_EQ(*usage.peak_memory_bytes, 8192u * 1024);  // VmHWM
  EXPECT_EQ(*usage.write_bytes, 512u);
  EXPECT_FALSE(usage.net_rx_bytes);  // same network namespace as the monitor
}

TEST(TaskTracker, ProcTreeOfTheHandMadeTask) {
  TaskTrackerOptions options;
  options.proc_root = HandMade("cgroup-v2/proc");
  options.sys_root = HandMade("cgroup-v2/sys");
  options.root_pid = 4242;
  options.cgroup_mode = CgroupMode::kOff;
  TaskResourceTracker tracker(options);
  tracker.Sample(At(0));
  const TaskUsage usage = tracker.Usage();
  EXPECT_EQ(usage.source, UsageSource::kProc);
  // 4242: 150 + 50 + 30 + 20 ticks; 4243: 300 + 100.
  EXPECT_DOUBLE_EQ(usage.cpu_seconds, 6.5);
  EXPECT_EQ(*usage.current_memory_bytes, (20480u + 10240u) * 1024);
  EXPECT_EQ(*usage.peak_memory_bytes, 40960u * 1024);  // 4242's VmHWM beats the sum
  EXPECT_EQ(*usage.read_bytes, 4096u + 1024u);
  EXPECT_EQ(*usage.write_bytes, 8192u);
}

// A GPU source with scripted processes and energy counters, changed by the
// test between samples.
class ScriptedGpus final : public GpuSource {
 public:
  std::string_view name() const override { return "scripted"; }
  std::string unavailable_reason() const override { return {}; }
  int DeviceCount() override { return 2; }
  std::vector<GpuSample> Sample(int) override { return {}; }
  std::vector<GpuProcessMemory> ProcessMemory(int) override { return processes; }
  std::vector<GpuEnergyCounter> EnergyCounters(int) override { return counters; }

  std::vector<GpuProcessMemory> processes;
  std::vector<GpuEnergyCounter> counters;
};

// The hand-made tree's task (4242 and its child 4243), on the process tree,
// with `gpus`; that tree has no powercap.
TaskTrackerOptions HandMadeTask(GpuSource* gpus) {
  TaskTrackerOptions options;
  options.proc_root = HandMade("cgroup-v2/proc");
  options.sys_root = HandMade("cgroup-v2/sys");
  options.root_pid = 4242;
  options.cgroup_mode = CgroupMode::kOff;
  options.gpu = gpus;
  return options;
}

TEST(TaskTrackerGpuEnergy, ChargesTheGpusWhereTheTaskHoldsMemory) {
  ScriptedGpus gpus;
  // gpu0 holds the task's child; gpu1 holds another process only.
  gpus.processes = {{"gpu0", 4243, kGiB}, {"gpu1", 5000, kGiB}};
  gpus.counters = {{"gpu0", 10'000}, {"gpu1", 50'000}};
  TaskResourceTracker tracker(HandMadeTask(&gpus));
  tracker.Sample(At(0));
  EXPECT_FALSE(tracker.Usage().gpu_energy_joules);  // one reading is no delta
  EXPECT_FALSE(tracker.Usage().energy_joules);
  gpus.counters = {{"gpu0", 12'500}, {"gpu1", 90'000}};
  tracker.Sample(At(1));
  // The task leaves gpu0: the interval it was there for is still its own.
  gpus.processes = {{"gpu1", 5000, kGiB}};
  gpus.counters = {{"gpu0", 13'000}, {"gpu1", 95'000}};
  tracker.Sample(At(2));
  gpus.counters = {{"gpu0", 20'000}, {"gpu1", 99'000}};
  tracker.Sample(At(3));
  const TaskUsage usage = tracker.Usage();
  ASSERT_TRUE(usage.gpu_energy_joules);
  EXPECT_DOUBLE_EQ(*usage.gpu_energy_joules, 3.0);  // gpu0: 2.5 J + 0.5 J
  EXPECT_EQ(usage.energy_joules, usage.gpu_energy_joules);
  EXPECT_FALSE(usage.powercap_energy_joules);
  EXPECT_EQ(*usage.gpu_memory_peak_bytes, kGiB);
}

TEST(TaskTrackerGpuEnergy, ChargesTheGpusTheTaskWasGiven) {
  ScriptedGpus gpus;
  gpus.processes = {{"gpu0", 4243, kGiB}};
  gpus.counters = {{"gpu0", 10'000}, {"gpu1", 50'000}};
  TaskTrackerOptions options = HandMadeTask(&gpus);
  options.gpu_ids = {"gpu1"};
  TaskResourceTracker tracker(options);
  tracker.Sample(At(0));
  gpus.counters = {{"gpu0", 20'000}, {"gpu1", 51'250}};
  tracker.Sample(At(1));
  ASSERT_TRUE(tracker.Usage().gpu_energy_joules);
  EXPECT_DOUBLE_EQ(*tracker.Usage().gpu_energy_joules, 1.25);
}

TEST(TaskTrackerGpuEnergy, SkipsTheIntervalOfACounterThatRestarted) {
  ScriptedGpus gpus;
  gpus.processes = {{"gpu0", 4242, std::nullopt}};
  gpus.counters = {{"gpu0", 900'000}};
  TaskResourceTracker tracker(HandMadeTask(&gpus));
  tracker.Sample(At(0));
  gpus.counters = {{"gpu0", 1'000}};  // the driver reloaded
  tracker.Sample(At(1));
  gpus.counters = {{"gpu0", 4'000}};
  tracker.Sample(At(2));
  ASSERT_TRUE(tracker.Usage().gpu_energy_joules);
  EXPECT_DOUBLE_EQ(*tracker.Usage().gpu_energy_joules, 3.0);
}

TEST(TaskTrackerGpuEnergy, NoCountersOrEnergyOffGiveNoFigure) {
  ScriptedGpus gpus;
  gpus.processes = {{"gpu0", 4243, kGiB}};
  TaskResourceTracker without_counters(HandMadeTask(&gpus));
  without_counters.Sample(At(0));
  without_counters.Sample(At(1));
  EXPECT_FALSE(without_counters.Usage().gpu_energy_joules);
  EXPECT_FALSE(without_counters.Usage().energy_joules);
  EXPECT_EQ(*without_counters.Usage().gpu_memory_peak_bytes, kGiB);

  gpus.counters = {{"gpu0", 10'000}};
  TaskTrackerOptions options = HandMadeTask(&gpus);
  options.energy = false;
  TaskResourceTracker off(options);
  off.Sample(At(0));
  gpus.counters = {{"gpu0", 20'000}};
  off.Sample(At(1));
  EXPECT_FALSE(off.Usage().gpu_energy_joules);
  EXPECT_FALSE(off.Usage().energy_joules);
}

TEST(TaskTrackerGpuEnergy, AddsThePowercapPackagesAndTheGpus) {
  testing::TempTree sys;
  sys.Write("class/powercap/intel-rapl:0/name", "package-0\n");
  sys.Write("class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n");
  sys.Write("class/powercap/intel-rapl:0/energy_uj", "1000000\n");
  ScriptedGpus gpus;
  gpus.processes = {{"gpu0", 4243, kGiB}};
  gpus.counters = {{"gpu0", 10'000}};
  TaskTrackerOptions options = HandMadeTask(&gpus);
  options.sys_root = sys.root();
  TaskResourceTracker tracker(options);
  tracker.Sample(At(0));
  sys.Write("class/powercap/intel-rapl:0/energy_uj", "5500000\n");
  gpus.counters = {{"gpu0", 40'000}};
  tracker.Sample(At(1));
  const TaskUsage usage = tracker.Usage();
  ASSERT_TRUE(usage.powercap_energy_joules);
  ASSERT_TRUE(usage.gpu_energy_joules);
  ASSERT_TRUE(usage.energy_joules);
  EXPECT_DOUBLE_EQ(*usage.powercap_energy_joules, 4.5);
  EXPECT_DOUBLE_EQ(*usage.gpu_energy_joules, 30.0);
  EXPECT_DOUBLE_EQ(*usage.energy_joules, 34.5);
}

}  // namespace
}  // namespace hawk::monitor
