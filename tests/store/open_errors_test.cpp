// Bad databases and paths give clear errors, never a crash.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "store/duckdb_store.h"
#include "store/migrations.h"
#include "store_test_support.h"

namespace hawk {
namespace {

using testing_store::RawExec;
using testing_store::RawSql;

TEST(OpenErrors, EmptyPathIsInvalid) {
  auto opened = DuckDbStore::Open("");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
}

// DuckDB's thread count: 1 works (as the coordinator opens its store), 0 is
// refused before anything is opened.
TEST(OpenErrors, ZeroThreadsAreRefusedAndOneWorks) {
  testing_store::TempDir dir;
  DuckDbOpenOptions options;
  options.threads = 0;
  auto refused = DuckDbStore::Open(dir.File("hawk.duckdb"), options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("at least 1 thread"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.File("hawk.duckdb")));

  options.threads = 1;
  auto opened = DuckDbStore::Open(dir.File("hawk.duckdb"), options);
  ASSERT_TRUE(opened) << opened.error().ToString();
  ASSERT_TRUE((*opened)->UpsertWorkload(testing_store::SampleWorkload("wl-1")));
  EXPECT_EQ((*opened)->GetWorkload("wl-1")->id, "wl-1");
}

TEST(OpenErrors, MissingFolderIsAnIoErrorNamingTheFolder) {
  testing_store::TempDir dir;
  const std::string folder = dir.File("no-such-folder");
  const std::string path = folder + "/hawk.duckdb";
  auto opened = DuckDbStore::Open(path);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kIo);
  EXPECT_EQ(opened.error().message, "folder '" + folder + "' does not exist");
  EXPECT_EQ(opened.error().where, path);
  EXPECT_EQ(opened.error().hint, "create the folder '" + folder + "' first, or use another --db");
  EXPECT_FALSE(std::filesystem::exists(folder));  // nothing was created
}

TEST(OpenErrors, AFolderIsNotADatabase) {
  testing_store::TempDir dir;
  auto opened = DuckDbStore::Open(dir.path().string());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kIo);
  EXPECT_NE(opened.error().message.find("is a folder"), std::string::npos);
}

TEST(OpenErrors, AFileThatIsNotDuckDbIsCorrupt) {
  testing_store::TempDir dir;
  const std::string path = dir.File("notes.txt");
  std::ofstream(path) << "These are my notes, not a database. " << std::string(8192, 'x');
  auto opened = DuckDbStore::Open(path);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(opened.error().message, "the file is not a hawk database (not a DuckDB file)");
  EXPECT_EQ(opened.error().where, path);
  EXPECT_EQ(opened.error().hint, "point --db at a hawk database, or at a new file to start one");
}

TEST(OpenErrors, ADuckDbFileOfAnotherProgramIsNotAHawkDatabase) {
  testing_store::TempDir dir;
  const std::string path = dir.File("other.duckdb");
  ASSERT_EQ(RawExec(path, "CREATE TABLE customers (id INTEGER)"), "");
  auto opened = DuckDbStore::Open(path);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(opened.error().message.find("not a hawk database"), std::string::npos);
  // It was not touched.
  EXPECT_EQ(RawSql(path, "SELECT count(*)::VARCHAR FROM information_schema.tables"),
            std::vector<std::string>{"1"});
}

TEST(OpenErrors, ANewerSchemaAsksToUpgradeHawk) {
  testing_store::TempDir dir;
  const std::string path = dir.File("future.duckdb");
  ASSERT_TRUE(DuckDbStore::Open(path));
  ASSERT_EQ(RawExec(path, "INSERT INTO hawk_schema VALUES (7, TIMESTAMP '2030-01-01')"), "");
  auto opened = DuckDbStore::Open(path);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(opened.error().message,
            "the database has schema version 7, newer than this hawk knows (" +
                std::to_string(LatestSchemaVersion()) + ")");
  EXPECT_EQ(opened.error().hint, "upgrade hawk to open it");
}

TEST(OpenErrors, AnUnknownStoredNameIsCorrupt) {
  testing_store::TempDir dir;
  const std::string path = dir.File("odd.duckdb");
  {
    auto store = DuckDbStore::Open(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->UpsertTask(testing_store::SampleTask()));
  }
  ASSERT_EQ(RawExec(path, "UPDATE tasks SET device_class = 'quantum'"), "");
  auto store = DuckDbStore::Open(path);
  ASSERT_TRUE(store);
  auto tasks = (*store)->ListTasks("wl-1");
  ASSERT_FALSE(tasks);
  EXPECT_EQ(tasks.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(tasks.error().message, "unknown value 'quantum' in column tasks.device_class");
}

// A child process opens the database and holds it until told to let go; the
// pipes order the steps, so nothing waits on time.
TEST(OpenErrors, AFileOpenInAnotherProcessIsBusy) {
  testing_store::TempDir dir;
  const std::string path = dir.File("shared.duckdb");
  int ready[2];
  int release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(ready[0]);
    close(release[1]);
    int exit_code = 0;
    {
      auto store = DuckDbStore::Open(path);
      const char status = store ? 'y' : 'n';
      if (write(ready[1], &status, 1) != 1) exit_code = 2;
      char byte = 0;
      while (read(release[0], &byte, 1) > 0) {
      }  // until the parent closes its end
      if (!store) exit_code = 1;
    }
    _exit(exit_code);
  }
  close(ready[1]);
  close(release[0]);
  char status = 0;
  const bool child_ready = read(ready[0], &status, 1) == 1 && status == 'y';
  Result<std::unique_ptr<DuckDbStore>> opened = MakeError(ErrorCode::kInternal, "not tried");
  if (child_ready) opened = DuckDbStore::Open(path);

  // Let the child go before checking anything, so it never outlives the test.
  close(release[1]);
  close(ready[0]);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_TRUE(child_ready) << "the child could not open " << path;
  EXPECT_TRUE(WIFEXITED(wait_status));
  EXPECT_EQ(WEXITSTATUS(wait_status), 0);

  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kBusy);
  EXPECT_EQ(opened.error().hint, "another hawk process has it open; stop it or use another --db");
  EXPECT_EQ(opened.error().where, path);

  // Once the other process is gone, the file opens.
  EXPECT_TRUE(DuckDbStore::Open(path));
}

}  // namespace
}  // namespace hawk
