#include "agent/worker_files.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace hawk::agent {
namespace fs = std::filesystem;

std::string FileSafe(std::string_view text) {
  if (text == ".") return "_";
  if (text == "..") return "__";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += keep ? c : '_';
  }
  return out.empty() ? "_" : out;
}

namespace {

// A relative path that stays inside its folder.
bool Contained(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  const fs::path p(path);
  if (p.has_root_path()) return false;
  for (const fs::path& part : p) {
    if (part == ".." || part == ".") return false;
  }
  return true;
}

}  // namespace

Status RestoreCheckpoint(const fs::path& dir, const std::vector<protocol::CheckpointFile>& files) {
  for (const protocol::CheckpointFile& f : files) {
    if (!Contained(f.path)) {
      return InvalidArgument("checkpoint file path must be relative and stay in its folder",
                             "dispatch.checkpoint: " + f.path);
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec)
    return MakeError(ErrorCode::kIo, "cannot empty the checkpoint folder: " + ec.message(),
                     dir.string());
  fs::create_directories(dir, ec);
  if (ec)
    return MakeError(ErrorCode::kIo, "cannot create the checkpoint folder: " + ec.message(),
                     dir.string());
  for (const protocol::CheckpointFile& f : files) {
    const fs::path target = dir / f.path;
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      return MakeError(ErrorCode::kIo, "cannot create a folder: " + ec.message(),
                       target.parent_path().string());
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(f.data.data(), static_cast<std::streamsize>(f.data.size()));
    out.close();
    if (!out) return MakeError(ErrorCode::kIo, "cannot write a checkpoint file", target.string());
  }
  return Ok();
}

SpareFolders::SpareFolders(fs::path dir, std::size_t min_spares, std::size_t max_spares)
    : dir_(std::move(dir)), min_spares_(min_spares), max_spares_(max_spares) {}

Status SpareFolders::Provide(const fs::path& target) {
  std::error_code ec;
  std::vector<fs::path> missing;  // target first, then up
  for (fs::path p = target; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  if (missing.empty() && !fs::is_directory(target, ec)) {
    return MakeError(ErrorCode::kIo, "cannot create the checkpoint folder: it is not a folder",
                     target.string(), "remove what is there");
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (Status made = MakeOne(*it); !made) return made;
  }
  return Ok();
}

Status SpareFolders::MakeOne(const fs::path& folder) {
  std::error_code ec;
  while (!spares_.empty()) {
    const fs::path spare = std::move(spares_.back());
    spares_.pop_back();
    if (fs::is_empty(spare, ec) && !ec && std::rename(spare.c_str(), folder.c_str()) == 0) {
      return Ok();
    }
    fs::remove_all(spare, ec);  // something wrote to it after its task ended
  }
  fs::create_directory(folder, ec);
  if (ec) {
    return MakeError(ErrorCode::kIo, "cannot create the checkpoint folder: " + ec.message(),
                     folder.string(), "check that the folder is writable");
  }
  return Ok();
}

bool SpareFolders::MakeDir() {
  if (dir_made_) return true;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  dir_made_ = !ec;
  return dir_made_;
}

void SpareFolders::Recycle(const fs::path& folder) {
  if (spares_.size() >= max_spares_) return;
  std::error_code ec;
  if (fs::is_empty(folder, ec) && !ec) RecycleEmpty(folder);
}

void SpareFolders::RecycleEmpty(const fs::path& folder) {
  if (spares_.size() >= max_spares_ || !MakeDir()) return;
  fs::path spare = dir_ / std::to_string(next_name_++);
  if (std::rename(folder.c_str(), spare.c_str()) == 0) spares_.push_back(std::move(spare));
}

bool SpareFolders::TopUp() {
  if (spares_.size() >= min_spares_ || !MakeDir()) return false;
  fs::path spare = dir_ / std::to_string(next_name_++);
  std::error_code ec;
  fs::remove_all(spare, ec);  // left by an earlier run under the same name
  if (!fs::create_directory(spare, ec) || ec) return false;
  spares_.push_back(std::move(spare));
  return true;
}

CollectedCheckpoint CollectCheckpoint(const fs::path& dir, Bytes max_bytes) {
  CollectedCheckpoint out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  std::vector<fs::path> paths;
  bool any_entry = false;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    any_entry = true;
    const fs::directory_entry& entry = *it;
    const std::string relative = entry.path().lexically_relative(dir).generic_string();
    if (entry.is_symlink(ec)) {
      out.notes.push_back("checkpoint: " + relative + " is a symbolic link, not sent");
      continue;
    }
    if (entry.is_directory(ec)) continue;
    if (!entry.is_regular_file(ec)) {
      out.notes.push_back("checkpoint: " + relative + " is not a plain file, not sent");
      continue;
    }
    paths.push_back(entry.path());
    out.total_bytes += entry.file_size(ec);
  }
  if (ec) {
    out.notes.push_back("checkpoint not sent: cannot list " + dir.string() + ": " + ec.message());
    return out;
  }
  out.empty = !any_entry;
  if (paths.empty()) return out;
  if (out.total_bytes > max_bytes) {
    out.notes.push_back("checkpoint not sent: " + FormatBytes(out.total_bytes) +
                        " is more than the limit of " + FormatBytes(max_bytes));
    return out;
  }
  std::sort(paths.begin(), paths.end());
  std::vector<protocol::CheckpointFile> files;
  files.reserve(paths.size());
  for (const fs::path& path : paths) {
    std::ifstream in(path, std::ios::binary);
    protocol::CheckpointFile file;
    file.path = path.lexically_relative(dir).generic_string();
    file.data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad() || !in.is_open()) {
      out.notes.push_back("checkpoint not sent: cannot read " + file.path);
      return out;
    }
    files.push_back(std::move(file));
  }
  out.files = std::move(files);
  return out;
}

namespace {

// How many bytes at the end of `data` begin a UTF-8 sequence that is not
// complete yet (0 when it ends on a boundary or is not UTF-8 there).
std::size_t IncompleteTail(std::string_view data) {
  const std::size_t look = std::min<std::size_t>(3, data.size());
  for (std::size_t back = 1; back <= look; ++back) {
    const auto c = static_cast<unsigned char>(data[data.size() - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    std::size_t length = 1;
    if ((c & 0xE0) == 0xC0) length = 2;
    if ((c & 0xF0) == 0xE0) length = 3;
    if ((c & 0xF8) == 0xF0) length = 4;
    return length > back ? back : 0;
  }
  return 0;
}

}  // namespace

std::string ReadLogChunk(const fs::path& path, std::uint64_t offset, std::size_t max_bytes,
                         bool complete) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size <= offset || max_bytes == 0) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  in.seekg(static_cast<std::streamoff>(offset));
  const std::size_t want =
      static_cast<std::size_t>(std::min<std::uintmax_t>(size - offset, max_bytes));
  std::string data(want, '\0');
  in.read(data.data(), static_cast<std::streamsize>(want));
  data.resize(static_cast<std::size_t>(in.gcount()));
  const bool at_end = offset + data.size() >= size;
  if (!(complete && at_end)) {
    // Wait for the rest of a character (the whole read may be its start).
    data.resize(data.size() - IncompleteTail(data));
  }
  return data;
}

}  // namespace hawk::agent
