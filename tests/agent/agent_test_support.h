// Helpers for tests that run real child processes: a scratch folder per test,
// and waits that block on the processes' pipes and exits (with a deadline),
// never on a sleep.
#pragma once

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "agent/process_runner.h"

namespace hawk::agent::testing {

constexpr std::chrono::seconds kTestDeadline{20};

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh folder under the temp dir, removed when the fixture ends.
class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        std::filesystem::temp_directory_path() / ("hawk-agent-" + std::to_string(::getpid()) + "-" +
                                                  info->test_suite_name() + "-" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

// Polls until `count` processes have ended (or the deadline passes).
inline std::vector<ProcessExit> WaitForExits(ProcessRunner& runner, std::size_t count) {
  std::vector<ProcessExit> exits;
  const auto deadline = std::chrono::steady_clock::now() + kTestDeadline;
  while (exits.size() < count && std::chrono::steady_clock::now() < deadline) {
    for (ProcessExit& e : runner.Poll(std::chrono::milliseconds(200))) {
      exits.push_back(std::move(e));
    }
  }
  return exits;
}

// Polls (which reads output into the log file) until the log holds `text`.
inline bool WaitForLogText(ProcessRunner& runner, const std::filesystem::path& log,
                           const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + kTestDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ReadFile(log).find(text) != std::string::npos) return true;
    EXPECT_TRUE(runner.Poll(std::chrono::milliseconds(200)).empty()) << "ended before: " << text;
  }
  return false;
}

// Whether `pid` ends (or is already gone) within the deadline, waiting on a
// pidfd. An exited process counts even before its new parent reaps it.
inline bool ProcessEnds(pid_t pid) {
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) return errno == ESRCH;
  pollfd p{static_cast<int>(fd), POLLIN, 0};
  const int ready =
      ::poll(&p, 1, static_cast<int>(std::chrono::milliseconds(kTestDeadline).count()));
  ::close(static_cast<int>(fd));
  return ready == 1;
}

}  // namespace hawk::agent::testing
