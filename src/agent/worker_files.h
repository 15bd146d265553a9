// Internal to the agent module: the files a worker keeps for its attempts —
// checkpoint folders going into and coming out of task updates, and the
// per-attempt log read in pieces for log messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/units.h"
#include "protocol/messages.h"

namespace hawk::agent {

// An id ("tests#2") as a file name: letters, digits, '.', '_' and '-' kept,
// every other byte '_'; "." and ".." become "_" and "__".
std::string FileSafe(std::string_view text);

// Empties `dir` (creating it when missing) and writes `files` into it.
// Errors: kInvalidArgument for a path that is empty, absolute or leaves the
// folder; kIo for what cannot be written.
Status RestoreCheckpoint(const std::filesystem::path& dir,
                         const std::vector<protocol::CheckpointFile>& files);

struct CollectedCheckpoint {
  // nullopt: the folder is missing or holds no file, or is too big.
  std::optional<std::vector<protocol::CheckpointFile>> files;
  Bytes total_bytes = 0;
  // Why files is empty although the folder holds some, or what was skipped
  // (a symbolic link, something not a plain file); for the attempt's log.
  std::vector<std::string> notes;
  // The folder is there and holds nothing at all, not even a folder.
  bool empty = false;
};

// The regular files under `dir`, by relative path ("step-3/model.bin",
// sorted), when they add up to at most `max_bytes`.
CollectedCheckpoint CollectCheckpoint(const std::filesystem::path& dir, Bytes max_bytes);

// Empty folders kept to become the next tasks' checkpoint folders. Where
// making a folder costs far more than renaming one (0.4–0.6 ms of kernel
// CPU against 0.04 ms on the ext4 of BENCHMARKS.md's machine), a worker of
// short tasks spent much of each task on its mkdirs. Spares are made
// between dispatches (TopUp), a task's folder that is still empty when the
// task ends goes back to the pool, and a dispatch renames them into place.
class SpareFolders {
 public:
  // Spares are kept in `dir`, which must be on the file system of the
  // folders they become (a rename moves them); TopUp keeps at least
  // `min_spares`, Recycle at most `max_spares`.
  explicit SpareFolders(std::filesystem::path dir, std::size_t min_spares = 4,
                        std::size_t max_spares = 8);

  // Makes `target` a folder, and its missing parents: an existing one is
  // kept as it is; each missing one is a spare renamed into place, or made
  // when none is left. Errors: kIo when one cannot be made.
  Status Provide(const std::filesystem::path& target);
  // Takes `folder` as a spare when it is empty and there is room; anything
  // else is left where it is. A spare written to after this is not handed
  // out again.
  void Recycle(const std::filesystem::path& folder);
  // The same for a folder the caller has just found empty (a
  // CollectedCheckpoint's `empty`), without listing it again.
  void RecycleEmpty(const std::filesystem::path& folder);
  // Makes one spare when fewer than the minimum are kept: for a moment
  // when no dispatch waits. False when none was needed or it failed.
  bool TopUp();
  [[nodiscard]] std::size_t size() const { return spares_.size(); }

 private:
  // One folder whose parent exists: a spare renamed, or a new one.
  Status MakeOne(const std::filesystem::path& folder);
  bool MakeDir();
  std::filesystem::path dir_;
  std::size_t min_spares_;
  std::size_t max_spares_;
  std::vector<std::filesystem::path> spares_;
  std::uint64_t next_name_ = 0;
  bool dir_made_ = false;
};

// Up to `max_bytes` of `path` from `offset`. Unless `complete` (the file
// will not grow), an incomplete UTF-8 sequence at the end of what was read
// is held back for the next read, so a multi-byte character is not split
// between two log messages. Empty when there is nothing new or the file
// cannot be read.
std::string ReadLogChunk(const std::filesystem::path& path, std::uint64_t offset,
                         std::size_t max_bytes, bool complete);

}  // namespace hawk::agent
