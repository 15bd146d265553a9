#include "agent/process_spawn.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hawk::agent {
namespace {

TEST(MergedEnvironmentTest, OverridesWinAndEntriesAreSortedByName) {
  ::setenv("HAWK_SPAWN_TEST_A", "parent", 1);
  const std::vector<std::string> env =
      MergedEnvironment({{"HAWK_SPAWN_TEST_A", "task"}, {"HAWK_SPAWN_TEST_B", "b=c"}});
  ::unsetenv("HAWK_SPAWN_TEST_A");
  EXPECT_TRUE(std::is_sorted(env.begin(), env.end()));
  EXPECT_EQ(std::count(env.begin(), env.end(), "HAWK_SPAWN_TEST_A=task"), 1);
  EXPECT_EQ(std::count(env.begin(), env.end(), "HAWK_SPAWN_TEST_A=parent"), 0);
  EXPECT_EQ(std::count(env.begin(), env.end(), "HAWK_SPAWN_TEST_B=b=c"), 1);
}

TEST(CommandArgvTest, ShellRunsUnderBinSh) {
  Command shell;
  shell.shell = "echo hi | wc -c";
  EXPECT_EQ(CommandArgv(shell), (std::vector<std::string>{"/bin/sh", "-c", "echo hi | wc -c"}));
  Command argv;
  argv.argv = {"ls", "-l"};
  EXPECT_EQ(CommandArgv(argv), argv.argv);
}

TEST(ResolveProgramTest, SearchesThePathOfTheTasksEnvironment) {
  const auto found = ResolveProgram("sh", {"PATH=/nonexistent:/bin:/usr/bin"});
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, "/bin/sh");
  EXPECT_EQ(*ResolveProgram("./tool", {"PATH=/bin"}), "./tool");
}

TEST(ResolveProgramTest, MissingProgramNamesThePathSearched) {
  const auto missing = ResolveProgram("hawk-no-such-program", {"PATH=/nonexistent"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().where, "PATH=/nonexistent");
  EXPECT_EQ(ResolveProgram("", {}).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace hawk::agent
