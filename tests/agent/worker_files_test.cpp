#include "agent/worker_files.h"

#include <gtest/gtest.h>

#include <fstream>

#include "agent_test_support.h"

namespace hawk::agent {
namespace {

using testing::ReadFile;

class WorkerFilesTest : public testing::ScratchDirTest {
 protected:
  void Write(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
};

TEST(FileSafe, KeepsPlainCharactersAndReplacesTheRest) {
  EXPECT_EQ(FileSafe("tests#2"), "tests_2");
  EXPECT_EQ(FileSafe("att-17.x_y"), "att-17.x_y");
  EXPECT_EQ(FileSafe("../etc/passwd"), ".._etc_passwd");
  EXPECT_EQ(FileSafe(".."), "__");
  EXPECT_EQ(FileSafe("."), "_");
  EXPECT_EQ(FileSafe(""), "_");
}

TEST_F(WorkerFilesTest, RestoreWritesNestedFilesAndReplacesTheOldContent) {
  Write(dir_ / "cp" / "old", "stale");
  ASSERT_TRUE(RestoreCheckpoint(dir_ / "cp", {{"a/b/c.bin", std::string("\0\1\2", 3)}, {"d", ""}}));
  EXPECT_EQ(ReadFile(dir_ / "cp" / "a" / "b" / "c.bin"), std::string("\0\1\2", 3));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "cp" / "d"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "cp" / "old"));
}

TEST_F(WorkerFilesTest, RestoreRefusesPathsThatLeaveTheFolder) {
  for (const std::string path : {"../x", "/etc/x", "a/../../x", "", "a/./b"}) {
    Write(dir_ / "cp" / "kept", "k");
    const Status restored = RestoreCheckpoint(dir_ / "cp", {{"ok", "1"}, {path, "x"}});
    ASSERT_FALSE(restored) << path;
    EXPECT_EQ(restored.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(ReadFile(dir_ / "cp" / "kept"), "k") << "nothing touched before the check";
  }
}

TEST_F(WorkerFilesTest, CollectReadsFilesSortedByRelativePath) {
  Write(dir_ / "cp" / "z", "last");
  Write(dir_ / "cp" / "step-3" / "model.bin", "weights");
  std::filesystem::create_directories(dir_ / "cp" / "empty-folder");
  const CollectedCheckpoint c = CollectCheckpoint(dir_ / "cp", 1024);
  ASSERT_TRUE(c.files);
  const std::vector<protocol::CheckpointFile> expected = {{"step-3/model.bin", "weights"},
                                                          {"z", "last"}};
  EXPECT_EQ(*c.files, expected);
  EXPECT_EQ(c.total_bytes, 11U);
  EXPECT_TRUE(c.notes.empty());
  EXPECT_FALSE(c.empty);
}

TEST_F(WorkerFilesTest, CollectGivesNothingForAMissingOrEmptyFolder) {
  const CollectedCheckpoint none = CollectCheckpoint(dir_ / "none", 1024);
  EXPECT_FALSE(none.files);
  EXPECT_FALSE(none.empty) << "a missing folder is not an empty one";
  std::filesystem::create_directories(dir_ / "cp" / "sub");
  const CollectedCheckpoint c = CollectCheckpoint(dir_ / "cp", 1024);
  EXPECT_FALSE(c.files);
  EXPECT_TRUE(c.notes.empty());
  EXPECT_FALSE(c.empty) << "it holds a folder";
  const CollectedCheckpoint sub = CollectCheckpoint(dir_ / "cp" / "sub", 1024);
  EXPECT_FALSE(sub.files);
  EXPECT_TRUE(sub.empty);
}

TEST_F(WorkerFilesTest, CollectRefusesAFolderOverTheLimit) {
  Write(dir_ / "cp" / "a", "12345");
  Write(dir_ / "cp" / "b", "678");
  const CollectedCheckpoint c = CollectCheckpoint(dir_ / "cp", 7);
  EXPECT_FALSE(c.files);
  EXPECT_EQ(c.total_bytes, 8U);
  ASSERT_EQ(c.notes.size(), 1U);
  EXPECT_EQ(c.notes[0], "checkpoint not sent: 8B is more than the limit of 7B");
  EXPECT_TRUE(CollectCheckpoint(dir_ / "cp", 8).files);
}

TEST_F(WorkerFilesTest, CollectSkipsSymbolicLinksWithANote) {
  Write(dir_ / "cp" / "real", "r");
  std::filesystem::create_symlink("/etc/hostname", dir_ / "cp" / "link");
  const CollectedCheckpoint c = CollectCheckpoint(dir_ / "cp", 1024);
  ASSERT_TRUE(c.files);
  ASSERT_EQ(c.files->size(), 1U);
  EXPECT_EQ((*c.files)[0].path, "real");
  ASSERT_EQ(c.notes.size(), 1U);
  EXPECT_EQ(c.notes[0], "checkpoint: link is a symbolic link, not sent");
}

TEST_F(WorkerFilesTest, AFolderLeftEmptyBecomesTheNextTargetAndLeavesNoSpareBehind) {
  SpareFolders spares(dir_ / "spare");
  const std::filesystem::path first = dir_ / "checkpoints" / "w1" / "a";
  ASSERT_TRUE(spares.Provide(first));
  EXPECT_TRUE(std::filesystem::is_directory(first));
  EXPECT_TRUE(CollectCheckpoint(first, 1024).empty);
  spares.RecycleEmpty(first);
  EXPECT_FALSE(std::filesystem::exists(first));
  EXPECT_EQ(spares.size(), 1u);

  const std::filesystem::path second = dir_ / "checkpoints" / "w2" / "b";
  ASSERT_TRUE(spares.Provide(second));
  EXPECT_TRUE(std::filesystem::is_directory(second));
  EXPECT_TRUE(std::filesystem::is_empty(second));
  EXPECT_EQ(spares.size(), 0u);
  EXPECT_TRUE(std::filesystem::is_empty(dir_ / "spare"));
}

TEST_F(WorkerFilesTest, AFolderWithFilesIsNotRecycledAndAnExistingTargetIsKept) {
  SpareFolders spares(dir_ / "spare");
  Write(dir_ / "cp" / "step-1", "state");
  spares.Recycle(dir_ / "cp");
  EXPECT_EQ(spares.size(), 0u);
  EXPECT_EQ(ReadFile(dir_ / "cp" / "step-1"), "state");
  ASSERT_TRUE(spares.Provide(dir_ / "cp"));
  EXPECT_EQ(ReadFile(dir_ / "cp" / "step-1"), "state");
}

TEST_F(WorkerFilesTest, ASpareWrittenToAfterItsTaskEndedIsNotHandedOut) {
  SpareFolders spares(dir_ / "spare");
  ASSERT_TRUE(spares.Provide(dir_ / "a"));
  spares.Recycle(dir_ / "a");
  ASSERT_EQ(spares.size(), 1u);
  // A process the task left behind writes into its old folder.
  for (const auto& spare : std::filesystem::directory_iterator(dir_ / "spare")) {
    Write(spare.path() / "late", "x");
  }
  ASSERT_TRUE(spares.Provide(dir_ / "b"));
  EXPECT_TRUE(std::filesystem::is_empty(dir_ / "b"));
  EXPECT_TRUE(std::filesystem::is_empty(dir_ / "spare"));
}

TEST_F(WorkerFilesTest, SparesAreKeptUpToTheirLimit) {
  SpareFolders spares(dir_ / "spare", /*min_spares=*/0, /*max_spares=*/2);
  for (const char* name : {"a", "b", "c"}) {
    ASSERT_TRUE(spares.Provide(dir_ / name));
  }
  for (const char* name : {"a", "b", "c"}) spares.Recycle(dir_ / name);
  EXPECT_EQ(spares.size(), 2u);
  EXPECT_TRUE(std::filesystem::is_directory(dir_ / "c")) << "no room: left where it was";
}

TEST_F(WorkerFilesTest, SparesMadeAheadBecomeTheMissingParentsAndTheFolder) {
  SpareFolders spares(dir_ / "spare", 2, 8);
  EXPECT_TRUE(spares.TopUp());
  EXPECT_TRUE(spares.TopUp());
  EXPECT_FALSE(spares.TopUp()) << "two are enough";
  ASSERT_EQ(spares.size(), 2u);
  const std::filesystem::path target = dir_ / "checkpoints" / "w1" / "a";
  ASSERT_TRUE(std::filesystem::create_directories(dir_ / "checkpoints"));
  ASSERT_TRUE(spares.Provide(target));
  EXPECT_TRUE(std::filesystem::is_directory(target));
  EXPECT_EQ(spares.size(), 0u) << "w1 and a were both spares";
  EXPECT_TRUE(std::filesystem::is_empty(dir_ / "spare"));
  // With none left, the folders are made.
  ASSERT_TRUE(spares.Provide(dir_ / "checkpoints" / "w2" / "b"));
  EXPECT_TRUE(std::filesystem::is_directory(dir_ / "checkpoints" / "w2" / "b"));
}

TEST_F(WorkerFilesTest, AFolderThatCannotBeMadeIsAnIoError) {
  SpareFolders spares(dir_ / "spare");
  Write(dir_ / "file", "not a folder");
  const Status made = spares.Provide(dir_ / "file" / "cp");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code, ErrorCode::kIo);
  EXPECT_NE(made.error().message.find("cannot create the checkpoint folder"), std::string::npos);
  const Status file = spares.Provide(dir_ / "file");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::kIo);
}

TEST_F(WorkerFilesTest, LogChunksFromAnOffset) {
  Write(dir_ / "log", "0123456789");
  EXPECT_EQ(ReadLogChunk(dir_ / "log", 0, 4, false), "0123");
  EXPECT_EQ(ReadLogChunk(dir_ / "log", 8, 4, false), "89");
  EXPECT_EQ(ReadLogChunk(dir_ / "log", 10, 4, false), "");
  EXPECT_EQ(ReadLogChunk(dir_ / "missing", 0, 4, false), "");
}

TEST_F(WorkerFilesTest, LogChunksDoNotSplitAUtf8Character) {
  // "a€b": € is three bytes.
  Write(dir_ / "log",
        "a\xE2\x82\xAC"
        "b");
  EXPECT_EQ(ReadLogChunk(dir_ / "log", 0, 3, false), "a");
  EXPECT_EQ(ReadLogChunk(dir_ / "log", 1, 3, false), "\xE2\x82\xAC");
  // A file that will not grow gives its incomplete end too.
  Write(dir_ / "cut", "a\xE2\x82");
  EXPECT_EQ(ReadLogChunk(dir_ / "cut", 0, 64, false), "a");
  EXPECT_EQ(ReadLogChunk(dir_ / "cut", 1, 64, false), "") << "waits for the rest";
  EXPECT_EQ(ReadLogChunk(dir_ / "cut", 0, 64, true), "a\xE2\x82");
  EXPECT_EQ(ReadLogChunk(dir_ / "cut", 1, 64, true), "\xE2\x82");
}

}  // namespace
}  // namespace hawk::agent
