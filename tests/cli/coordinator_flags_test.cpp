// The `hawk` binary's TLS flags of `hawk coordinator` and `hawk up`:
// --tls-cert and --tls-key come together, and files the server cannot use
// are named; each is bad usage (exit 2) with a message, before anything
// serves (so is a --dispatch-ahead-below that is no duration). And `hawk
// up` with a certificate made for a host name: its local worker connects to
// 127.0.0.1 and still checks the certificate.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "../coord/test_certificate.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX

namespace hawk::cli {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

class CoordinatorFlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hawk-coordinator-flags-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // `hawk <command> <args>` in the test's folder, on any free port; should it
  // start serving after all, `timeout` ends it and the test fails.
  Outcome Run(const std::string& command, const std::string& args) {
    const std::string line = "cd '" + dir_.string() + "' && timeout 60 " + HAWK_BINARY + " " +
                             command + " --listen 127.0.0.1:0 --db hawk.duckdb --state-dir state " +
                             args + " 2>&1";
    Outcome outcome;
    FILE* pipe = ::popen(line.c_str(), "r");
    if (pipe == nullptr) {
      ADD_FAILURE() << "cannot run " << line;
      return outcome;
    }
    std::array<char, 4096> chunk{};
    std::size_t n = 0;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0)
      outcome.output.append(chunk.data(), n);
    const int status = ::pclose(pipe);
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return outcome;
  }

  // Starts `hawk <command> <args>` in the test's folder on any free port;
  // its output (stdout and stderr) comes through `*output_fd`. `timeout`
  // ends it should the test not.
  pid_t Start(const std::string& command, const std::string& args, int* output_fd) {
    const std::string line = "cd '" + dir_.string() + "' && exec timeout 60 " + HAWK_BINARY + " " +
                             command + " --listen 127.0.0.1:0 --db hawk.duckdb --state-dir state " +
                             args + " 2>&1";
    int out[2] = {-1, -1};
    if (::pipe(out) != 0) return -1;
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    ::posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<std::string> words = {"/bin/sh", "-c", line};
    std::vector<char*> argv;
    argv.reserve(words.size() + 1);
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (::posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv.data(), environ) != 0) pid = -1;
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    *output_fd = out[0];
    return pid;
  }

  // Reads `fd` until one of `stops` appears in what it read, or to its end
  // when `stops` is empty; returns what it read.
  static std::string ReadUntil(int fd, const std::vector<std::string>& stops) {
    std::string output;
    std::array<char, 4096> chunk{};
    while (true) {
      const ssize_t n = ::read(fd, chunk.data(), chunk.size());
      if (n <= 0) return output;
      output.append(chunk.data(), static_cast<std::size_t>(n));
      for (const std::string& stop : stops) {
        if (output.find(stop) != std::string::npos) return output;
      }
    }
  }

  std::filesystem::path dir_;
};

TEST_F(CoordinatorFlagsTest, UpWithACertificateForAHostNameConnectsItsLocalWorker) {
  const coord::test_support::TestCertificate cert =
      coord::test_support::MakeSelfSignedCertificate(dir_ / "tls", "host",
                                                     {.common_name = "coordinator.hawk.test",
                                                      .alt_names = "DNS:coordinator.hawk.test",
                                                      .issuer_common_name = ""});
  ASSERT_FALSE(cert.cert_file.empty());
  int output_fd = -1;
  const pid_t up = Start("up",
                         "--tls-cert " + cert.cert_file.string() + " --tls-key " +
                             cert.key_file.string() + " --worker-id local --worker-slots 1",
                         &output_fd);
  ASSERT_GT(up, 0);
  std::string output =
      ReadUntil(output_fd, {"registered with wss://127.0.0.1:", "certificate verify failed",
                            "hawk: error", "hawk: warning: the certificate"});
  ::kill(up, SIGTERM);  // `timeout` passes it on: the coordinator stops, the worker drains
  output += ReadUntil(output_fd, {});
  ::close(output_fd);
  int status = 0;
  ::waitpid(up, &status, 0);
  EXPECT_NE(output.find("registered with wss://127.0.0.1:"), std::string::npos) << output;
  EXPECT_EQ(output.find("certificate verify failed"), std::string::npos) << output;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
}

TEST_F(CoordinatorFlagsTest, ACertificateWithoutAKeyIsBadUsage) {
  const Outcome o = Run("coordinator", "--tls-cert cert.pem");
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("--tls-cert without --tls-key"), std::string::npos) << o.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "hawk.duckdb")) << "it opened the database first";
}

TEST_F(CoordinatorFlagsTest, UpWithAKeyButNoCertificateIsBadUsage) {
  const Outcome o = Run("up", "--tls-key key.pem");
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("--tls-key without --tls-cert"), std::string::npos) << o.output;
}

TEST_F(CoordinatorFlagsTest, AMissingCertificateIsNamed) {
  const Outcome o = Run("coordinator", "--tls-cert nowhere.pem --tls-key nowhere.key");
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("--tls-cert nowhere.pem"), std::string::npos) << o.output;
  EXPECT_EQ(o.output.find("listening"), std::string::npos) << o.output;
}

TEST_F(CoordinatorFlagsTest, ADispatchAheadThatIsNoDurationIsBadUsage) {
  const Outcome o = Run("coordinator", "--dispatch-ahead-below soon");
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("--dispatch-ahead-below"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("0s to never dispatch ahead"), std::string::npos) << o.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "hawk.duckdb")) << "it opened the database first";
}

}  // namespace
}  // namespace hawk::cli
