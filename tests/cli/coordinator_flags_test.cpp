// The `hawk` binary's TLS flags of `hawk coordinator` and `hawk up`:
// --tls-cert and --tls-key come together, and files the server cannot use
// are named; each is bad usage (exit 2) with a message, before anything
// serves.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

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

  std::filesystem::path dir_;
};

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

}  // namespace
}  // namespace hawk::cli
