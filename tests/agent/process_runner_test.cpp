#include "agent/process_runner.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "agent_test_support.h"

namespace hawk::agent {
namespace {

using testing::ProcessEnds;
using testing::ReadFile;
using testing::WaitForExits;
using testing::WaitForLogText;

class ProcessRunnerTest : public testing::ScratchDirTest {
 protected:
  ProcessSpec Shell(const std::string& id, const std::string& script) {
    ProcessSpec spec;
    spec.id = id;
    spec.command.shell = script;
    spec.log_path = dir_ / "logs" / (id + ".log");
    return spec;
  }
  ProcessSpec Argv(const std::string& id, std::vector<std::string> argv) {
    ProcessSpec spec;
    spec.id = id;
    spec.command.argv = std::move(argv);
    spec.log_path = dir_ / "logs" / (id + ".log");
    return spec;
  }
  // Runs one process to its end with the real clock.
  ProcessExit RunOne(const ProcessSpec& spec) {
    ProcessRunner runner(clock_);
    EXPECT_TRUE(runner.Start(spec).has_value());
    std::vector<ProcessExit> exits = WaitForExits(runner, 1);
    EXPECT_EQ(exits.size(), 1U);
    return exits.empty() ? ProcessExit{} : exits.front();
  }

  SystemClock clock_;
  ManualClock manual_{FromUnixMillis(1'767'225'600'000)};
};

TEST_F(ProcessRunnerTest, ArgvCommandThatSucceedsReportsExitCodeZero) {
  const ProcessExit exit = RunOne(Argv("a1", {"true"}));
  EXPECT_EQ(exit.id, "a1");
  EXPECT_EQ(exit.exit_code, 0);
  EXPECT_FALSE(exit.signal);
  EXPECT_FALSE(exit.timed_out);
  EXPECT_FALSE(exit.cancelled);
  EXPECT_GE(exit.duration.count(), 0);
  EXPECT_EQ(DescribeExit(exit), "exit code 0");
}

// The exits descriptor is how an event loop learns of an end without
// SIGCHLD: readable once a process ended, quiet again once Poll reaped it.
TEST_F(ProcessRunnerTest, TheExitsDescriptorIsReadableFromAnEndUntilPollReapsIt) {
  ProcessRunner runner(clock_);
  ASSERT_GE(runner.ExitsFd(), 0);
  const auto readable = [&](int timeout_ms) {
    pollfd fd{runner.ExitsFd(), POLLIN, 0};
    return ::poll(&fd, 1, timeout_ms) == 1 && (fd.revents & POLLIN) != 0;
  };
  EXPECT_FALSE(readable(0)) << "nothing runs yet";
  ASSERT_TRUE(runner.Start(Argv("a1", {"true"})).has_value());
  const int deadline_ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(testing::kTestDeadline).count());
  ASSERT_TRUE(readable(deadline_ms)) << "the end of `true` never made it readable";
  EXPECT_TRUE(readable(0)) << "level-triggered: stays readable until reaped";
  const std::vector<ProcessExit> exits = runner.Poll(std::chrono::milliseconds(0));
  ASSERT_EQ(exits.size(), 1U);
  EXPECT_EQ(exits[0].exit_code, 0);
  EXPECT_FALSE(readable(0)) << "reaped: quiet again";
}

TEST_F(ProcessRunnerTest, ShellCommandReportsItsExitCode) {
  const ProcessExit exit = RunOne(Shell("a1", "exit 3"));
  EXPECT_EQ(exit.exit_code, 3);
  EXPECT_EQ(DescribeExit(exit), "exit code 3");
}

TEST_F(ProcessRunnerTest, ProcessKilledBySignalReportsTheSignal) {
  const ProcessExit exit = RunOne(Shell("a1", "kill -KILL $$"));
  EXPECT_FALSE(exit.exit_code);
  EXPECT_EQ(exit.signal, SIGKILL);
  EXPECT_EQ(DescribeExit(exit), "killed by SIGKILL");
}

TEST_F(ProcessRunnerTest, StdoutAndStderrGoToTheLogFileAndTheTail) {
  const ProcessExit exit = RunOne(Shell("a1", "echo to-stdout; echo to-stderr >&2"));
  EXPECT_EQ(exit.log_path, dir_ / "logs" / "a1.log");
  EXPECT_EQ(ReadFile(exit.log_path), "to-stdout\nto-stderr\n");
  EXPECT_EQ(exit.log_tail, "to-stdout\nto-stderr\n");
  EXPECT_EQ(exit.output_bytes, 20U);
}

// The log file is made at the first output: a silent task costs no file,
// and a file an earlier run left under the same name is never taken for
// this one's output.
TEST_F(ProcessRunnerTest, ASilentProcessLeavesNoLogFileNotEvenAnOldOne) {
  const ProcessSpec spec = Argv("a1", {"true"});
  std::filesystem::create_directories(spec.log_path.parent_path());
  std::ofstream(spec.log_path) << "output of an earlier run\n";
  const ProcessExit exit = RunOne(spec);
  EXPECT_EQ(exit.exit_code, 0);
  EXPECT_EQ(exit.output_bytes, 0U);
  EXPECT_FALSE(std::filesystem::exists(exit.log_path));

  const ProcessExit loud = RunOne(Shell("a2", "echo late"));
  EXPECT_EQ(ReadFile(loud.log_path), "late\n");
}

TEST_F(ProcessRunnerTest, TailKeepsOnlyTheLastBytesButTheLogKeepsAll) {
  ProcessRunner runner(clock_, ProcessRunnerOptions{std::chrono::seconds(5), 64});
  ASSERT_TRUE(runner.Start(Shell("a1", "seq 1 20000; echo the-end")));
  const std::vector<ProcessExit> exits = WaitForExits(runner, 1);
  ASSERT_EQ(exits.size(), 1U);
  EXPECT_EQ(exits[0].log_tail.size(), 64U);
  EXPECT_TRUE(exits[0].log_tail.ends_with("19999\n20000\nthe-end\n"));
  const std::string log = ReadFile(exits[0].log_path);
  EXPECT_TRUE(log.starts_with("1\n2\n3\n"));
  EXPECT_EQ(exits[0].output_bytes, log.size());
  EXPECT_GT(log.size(), 100'000U);
}

TEST_F(ProcessRunnerTest, TaskSeesInheritedAndGivenEnvironmentAndWorkingDir) {
  ::setenv("HAWK_AGENT_TEST_INHERITED", "from-parent", 1);
  ::setenv("HAWK_AGENT_TEST_OVERRIDDEN", "parent-value", 1);
  ProcessSpec spec = Shell("a1",
                           "echo \"$HAWK_AGENT_TEST_INHERITED $HAWK_AGENT_TEST_OVERRIDDEN "
                           "$TASK_VAR\"; pwd");
  spec.env = {{"HAWK_AGENT_TEST_OVERRIDDEN", "task-value"}, {"TASK_VAR", "x y"}};
  std::filesystem::create_directories(dir_ / "work");
  spec.working_dir = dir_ / "work";
  const ProcessExit exit = RunOne(spec);
  ::unsetenv("HAWK_AGENT_TEST_INHERITED");
  ::unsetenv("HAWK_AGENT_TEST_OVERRIDDEN");
  EXPECT_EQ(exit.exit_code, 0);
  EXPECT_EQ(exit.log_tail, "from-parent task-value x y\n" +
                               std::filesystem::canonical(dir_ / "work").string() + "\n");
}

TEST_F(ProcessRunnerTest, CheckpointFolderIsCreatedAndExported) {
  ProcessSpec spec = Shell("a1", "echo saved > \"$HAWK_CHECKPOINT_DIR/state\"");
  spec.checkpoint_dir = dir_ / "checkpoints" / "train";
  const ProcessExit exit = RunOne(spec);
  EXPECT_EQ(exit.exit_code, 0);
  EXPECT_EQ(ReadFile(dir_ / "checkpoints" / "train" / "state"), "saved\n");
}

TEST_F(ProcessRunnerTest, RunsInItsOwnProcessGroupWithStdinFromDevNull) {
  const ProcessExit exit =
      RunOne(Shell("a1", "test \"$(cut -d' ' -f5 /proc/$$/stat)\" -eq $$ && cat"));
  EXPECT_EQ(exit.exit_code, 0) << exit.log_tail;
  EXPECT_EQ(exit.log_tail, "");
}

TEST_F(ProcessRunnerTest, ProgramNotFoundIsAClearErrorNotAHang) {
  ProcessRunner runner(clock_);
  const auto started = runner.Start(Argv("a1", {"hawk-no-such-program", "--flag"}));
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(started.error().message, "command not found: hawk-no-such-program");
  EXPECT_FALSE(started.error().hint.empty());
  EXPECT_NE(ReadFile(dir_ / "logs" / "a1.log").find("command not found: hawk-no-such-program"),
            std::string::npos);
  EXPECT_EQ(runner.running(), 0U);
}

TEST_F(ProcessRunnerTest, ExecFailureIsReportedThroughTheErrorPipe) {
  const std::filesystem::path script = dir_ / "not-executable.sh";
  std::ofstream(script) << "#!/bin/sh\necho hi\n";
  ::chmod(script.c_str(), 0644);
  ProcessRunner runner(clock_);
  const auto started = runner.Start(Argv("a1", {script.string()}));
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(started.error().message.find("Permission denied"), std::string::npos);
  EXPECT_EQ(started.error().hint, "make it executable (chmod +x)");
  EXPECT_EQ(runner.running(), 0U);
}

TEST_F(ProcessRunnerTest, MissingWorkingDirectoryIsNamed) {
  ProcessSpec spec = Argv("a1", {"true"});
  spec.working_dir = dir_ / "no-such-dir";
  ProcessRunner runner(clock_);
  const auto started = runner.Start(spec);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(started.error().where, (dir_ / "no-such-dir").string());
}

TEST_F(ProcessRunnerTest, UnwritableLogFolderIsAnIoError) {
  ProcessSpec spec = Argv("a1", {"true"});
  std::ofstream(dir_ / "file") << "x";
  spec.log_path = dir_ / "file" / "a1.log";
  ProcessRunner runner(clock_);
  const auto started = runner.Start(spec);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kIo);
  EXPECT_EQ(started.error().where, spec.log_path.string());
}

TEST_F(ProcessRunnerTest, EmptyCommandAndDuplicateIdAreRefused) {
  ProcessRunner runner(clock_);
  const auto empty = runner.Start(Argv("a1", {}));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(runner.Start(Argv("a2", {"sleep", "60"})));
  const auto duplicate = runner.Start(Argv("a2", {"true"}));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(runner.Cancel("a2", "test over"));
  EXPECT_EQ(WaitForExits(runner, 1).size(), 1U);
}

TEST_F(ProcessRunnerTest, TimeoutTerminatesTheWholeProcessGroup) {
  ProcessRunner runner(manual_);
  ProcessSpec spec = Shell("a1", "sleep 60 & echo \"grandchild=$!\"; wait");
  spec.timeout = std::chrono::seconds(1);
  ASSERT_TRUE(runner.Start(spec));
  ASSERT_TRUE(WaitForLogText(runner, spec.log_path, "grandchild="));
  const std::string log = ReadFile(spec.log_path);
  const pid_t grandchild = std::stoi(log.substr(log.find('=') + 1));

  EXPECT_TRUE(runner.Poll(std::chrono::milliseconds(0)).empty());  // not yet due
  manual_.Advance(std::chrono::milliseconds(1500));
  const std::vector<ProcessExit> exits = WaitForExits(runner, 1);
  ASSERT_EQ(exits.size(), 1U);
  EXPECT_TRUE(exits[0].timed_out);
  EXPECT_EQ(exits[0].signal, SIGTERM);
  EXPECT_EQ(exits[0].duration, std::chrono::milliseconds(1500));
  EXPECT_EQ(DescribeExit(exits[0]), "timed out after 1s500ms, killed by SIGTERM");
  EXPECT_TRUE(ProcessEnds(grandchild)) << "the grandchild sleep outlived its task";
  EXPECT_NE(ReadFile(spec.log_path).find("hawk: timed out"), std::string::npos);
}

TEST_F(ProcessRunnerTest, ProcessIgnoringSigtermIsKilledAfterTheGracePeriod) {
  ProcessRunner runner(manual_, ProcessRunnerOptions{std::chrono::seconds(5), 1024});
  ProcessSpec spec = Shell("a1", "trap '' TERM; echo ready; sleep 60; echo survived");
  spec.timeout = std::chrono::seconds(1);
  ASSERT_TRUE(runner.Start(spec));
  ASSERT_TRUE(WaitForLogText(runner, spec.log_path, "ready"));
  manual_.Advance(std::chrono::seconds(2));
  EXPECT_TRUE(runner.Poll(std::chrono::milliseconds(0)).empty());  // SIGTERM is ignored
  manual_.Advance(std::chrono::seconds(5));
  const std::vector<ProcessExit> exits = WaitForExits(runner, 1);
  ASSERT_EQ(exits.size(), 1U);
  EXPECT_TRUE(exits[0].timed_out);
  EXPECT_EQ(exits[0].signal, SIGKILL);
  EXPECT_EQ(exits[0].log_tail.find("survived"), std::string::npos);
}

TEST_F(ProcessRunnerTest, CancelTerminatesTheProcess) {
  ProcessRunner runner(clock_);
  ASSERT_TRUE(runner.Start(Argv("a1", {"sleep", "60"})));
  EXPECT_TRUE(runner.IsRunning("a1"));
  EXPECT_TRUE(runner.Cancel("a1", "workload failed"));
  EXPECT_FALSE(runner.Cancel("other", "no such process"));
  const std::vector<ProcessExit> exits = WaitForExits(runner, 1);
  ASSERT_EQ(exits.size(), 1U);
  EXPECT_TRUE(exits[0].cancelled);
  EXPECT_FALSE(exits[0].timed_out);
  EXPECT_EQ(exits[0].signal, SIGTERM);
  EXPECT_EQ(DescribeExit(exits[0]), "cancelled (workload failed), killed by SIGTERM");
  EXPECT_FALSE(runner.IsRunning("a1"));
}

TEST_F(ProcessRunnerTest, OneRunnerSupervisesManyProcesses) {
  ProcessRunner runner(clock_);
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(runner.Start(Shell("a" + std::to_string(i), "exit " + std::to_string(i))));
  }
  EXPECT_EQ(runner.running(), 6U);
  const std::vector<ProcessExit> exits = WaitForExits(runner, 6);
  ASSERT_EQ(exits.size(), 6U);
  for (const ProcessExit& e : exits) {
    EXPECT_EQ(e.exit_code, std::stoi(e.id.substr(1))) << e.id;
  }
  EXPECT_EQ(runner.running(), 0U);
}

TEST_F(ProcessRunnerTest, LeftoverBackgroundProcessesEndWithTheirTask) {
  ProcessRunner runner(clock_);
  ASSERT_TRUE(runner.Start(Shell("a1", "sleep 60 & echo \"$!\"")));
  const std::vector<ProcessExit> exits = WaitForExits(runner, 1);
  ASSERT_EQ(exits.size(), 1U);
  EXPECT_EQ(exits[0].exit_code, 0);
  EXPECT_TRUE(ProcessEnds(std::stoi(exits[0].log_tail)));
}

TEST_F(ProcessRunnerTest, DestructorKillsWhatIsStillRunning) {
  pid_t pid = 0;
  {
    ProcessRunner runner(clock_);
    auto started = runner.Start(Argv("a1", {"sleep", "60"}));
    ASSERT_TRUE(started);
    pid = *started;
  }
  EXPECT_TRUE(ProcessEnds(pid));
}

}  // namespace
}  // namespace hawk::agent

namespace hawk::agent {
namespace {

class ProcessUsageTest : public testing::ScratchDirTest {
 protected:
  ProcessExit Run(const std::string& script, bool track) {
    ProcessRunnerOptions options;
    options.track_usage = track;
    ProcessRunner runner(clock_, options);
    ProcessSpec spec;
    spec.id = "u1";
    spec.command.shell = script;
    spec.log_path = dir_ / "logs" / "u1.log";
    EXPECT_TRUE(runner.Start(spec).has_value());
    std::vector<ProcessExit> exits = testing::WaitForExits(runner, 1);
    EXPECT_EQ(exits.size(), 1U);
    return exits.empty() ? ProcessExit{} : exits.front();
  }
  SystemClock clock_;
};

// A shell whose child burns CPU: the child's time reaches the task's total
// through its parent's rusage, and the tree was read at start and at exit.
TEST_F(ProcessUsageTest, TracksTheProcessTreeFromStartToExit) {
  const ProcessExit exit =
      Run("sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done'; exit 4", true);
  EXPECT_EQ(exit.exit_code, 4);
  ASSERT_TRUE(exit.usage.has_value());
  EXPECT_EQ(exit.usage->source, monitor::UsageSource::kProc);  // cgroup v1 here
  EXPECT_GE(exit.usage->samples, 2U);
  EXPECT_GT(exit.usage->cpu_seconds, 0.0);
  ASSERT_TRUE(exit.usage->peak_memory_bytes.has_value());
  EXPECT_GT(*exit.usage->peak_memory_bytes, 0U);
}

TEST_F(ProcessUsageTest, NothingIsTrackedUnlessAskedFor) {
  EXPECT_FALSE(Run("true", false).usage.has_value());
}

}  // namespace
}  // namespace hawk::agent
