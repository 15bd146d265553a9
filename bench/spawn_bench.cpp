// The cost of starting a task's process: the worker's SpawnProcess (vfork,
// the child's set-up, exec) against the C library's posix_spawn of the same
// program, each followed by waiting for the child, and the child's own CPU
// time (from wait4's rusage) as a counter. Results: BENCHMARKS.md,
// "Coordinator: hawk bench dispatch".
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "agent/process_spawn.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX

namespace hawk::agent {
namespace {

constexpr const char* kProgram = "/bin/true";

// Waits for `pid`; returns the child's CPU time in seconds.
double WaitCpuSeconds(pid_t pid) {
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void BM_SpawnProcess(benchmark::State& state) {
  const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  SpawnRequest request;
  request.path = kProgram;
  request.argv = {"true"};
  request.environment = MergedEnvironment({{"HAWK_BENCH", "1"}});
  request.output_fd = null_fd;
  double child_cpu_s = 0;
  for (auto _ : state) {
    auto pid = SpawnProcess(request);
    if (!pid) {
      state.SkipWithError(pid.error().ToString().c_str());
      break;
    }
    child_cpu_s += WaitCpuSeconds(*pid);
  }
  ::close(null_fd);
  state.counters["child_cpu_us"] =
      benchmark::Counter(child_cpu_s * 1e6, benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_SpawnProcess)->Unit(benchmark::kMicrosecond)->MinTime(2);

void BM_PosixSpawn(benchmark::State& state) {
  const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, null_fd, 1);
  ::posix_spawn_file_actions_adddup2(&actions, null_fd, 2);
  std::string name = "true";
  std::vector<char*> argv{name.data(), nullptr};
  double child_cpu_s = 0;
  for (auto _ : state) {
    pid_t pid = 0;
    if (::posix_spawn(&pid, kProgram, &actions, nullptr, argv.data(), environ) != 0) {
      state.SkipWithError("posix_spawn failed");
      break;
    }
    child_cpu_s += WaitCpuSeconds(pid);
  }
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(null_fd);
  state.counters["child_cpu_us"] =
      benchmark::Counter(child_cpu_s * 1e6, benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_PosixSpawn)->Unit(benchmark::kMicrosecond)->MinTime(2);

}  // namespace
}  // namespace hawk::agent

BENCHMARK_MAIN();
