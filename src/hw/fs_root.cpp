#include "hw/fs_root.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <utility>

namespace hawk::hw {
namespace {

std::deque<std::string> SplitPath(std::string_view path) {
  std::deque<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) out.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string ErrnoText(int error) {
  return std::strerror(error);
}

// Reads at most `max_bytes` from an already resolved path. O_NOFOLLOW: the
// walk has already proven that no component is a link.
Result<std::string> ReadPath(const std::filesystem::path& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    const int error = errno;
    return MakeError(error == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     "cannot open: " + ErrnoText(error), path.string());
  }
  std::string out;
  char buffer[16384];
  while (out.size() < max_bytes) {
    const std::size_t want = std::min(sizeof(buffer), max_bytes - out.size());
    const ssize_t got = ::read(fd, buffer, want);
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return MakeError(ErrorCode::kIo, "cannot read: " + ErrnoText(error), path.string());
    }
    if (got == 0) break;
    out.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return out;
}

// A link stored as a plain file by a text archive: a short single line, no
// trailing newline, that reads as a relative or absolute path.
std::optional<std::string> StoredLinkTarget(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
      st.st_size > 4096) {
    return std::nullopt;
  }
  auto text = ReadPath(path, 4096);
  if (!text || text->empty()) return std::nullopt;
  const std::string& t = *text;
  if (t.find('\n') != std::string::npos || t.find('\0') != std::string::npos) return std::nullopt;
  const bool looks_like_path = t[0] == '/' || t.rfind("../", 0) == 0 || t.rfind("./", 0) == 0;
  if (!looks_like_path) return std::nullopt;
  return t;
}

}  // namespace

FsRoot::FsRoot(std::filesystem::path root) : root_(std::move(root)) {}

std::string FsRoot::Display(std::string_view relative) const {
  std::string base = root_.string();
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  if (relative.empty()) return base;
  if (base == "/") return "/" + std::string(relative);
  return base + "/" + std::string(relative);
}

std::filesystem::path FsRoot::Join(const std::vector<std::string>& components) const {
  std::filesystem::path p = root_;
  for (const std::string& c : components) p /= c;
  return p;
}

Result<FsRoot::Lookup> FsRoot::Walk(std::string_view relative, Final final) const {
  std::deque<std::string> pending = SplitPath(relative);
  Lookup lookup;
  int links = 0;
  while (!pending.empty()) {
    std::string part = std::move(pending.front());
    pending.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      if (!lookup.components.empty()) lookup.components.pop_back();
      continue;
    }
    lookup.components.push_back(part);
    const std::filesystem::path here = Join(lookup.components);
    const bool last = pending.empty();
    struct stat st {};
    if (::lstat(here.c_str(), &st) != 0) {
      const int error = errno;
      return MakeError(error == ENOENT || error == ENOTDIR ? ErrorCode::kNotFound : ErrorCode::kIo,
                       ErrnoText(error), Display(relative));
    }
    if (last && final == Final::kKeep) break;
    std::optional<std::string> target;
    if (S_ISLNK(st.st_mode)) {
      char buffer[4096];
      const ssize_t n = ::readlink(here.c_str(), buffer, sizeof(buffer) - 1);
      if (n < 0) {
        return MakeError(ErrorCode::kIo, "cannot read link: " + ErrnoText(errno),
                         Display(relative));
      }
      target = std::string(buffer, static_cast<std::size_t>(n));
    } else if (S_ISREG(st.st_mode) && (!last || final == Final::kFollow)) {
      // Where a directory is needed, a regular file can only be a stored link.
      target = StoredLinkTarget(here);
      if (!target && !last) {
        return MakeError(ErrorCode::kNotFound, "not a directory: " + here.string(),
                         Display(relative));
      }
      if (!target) break;
    }
    if (!target) continue;
    if (++links > kMaxLinks) {
      return MakeError(ErrorCode::kIo, "too many levels of links", Display(relative));
    }
    lookup.components.pop_back();  // the link itself is replaced by its target
    if (!target->empty() && (*target)[0] == '/') lookup.components.clear();
    std::deque<std::string> expansion = SplitPath(*target);
    pending.insert(pending.begin(), expansion.begin(), expansion.end());
  }
  return lookup;
}

Result<std::string> FsRoot::ReadFile(std::string_view relative, std::size_t max_bytes) const {
  auto lookup = Walk(relative, Final::kFile);
  if (!lookup) return tl::unexpected(lookup.error());
  const std::filesystem::path path = Join(lookup->components);
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return MakeError(ErrorCode::kIo, "is a directory", Display(relative));
  }
  auto text = ReadPath(path, max_bytes);
  if (!text) {
    Error error = text.error();
    error.where = Display(relative);
    return tl::unexpected(std::move(error));
  }
  return text;
}

Result<std::vector<std::string>> FsRoot::ListDir(std::string_view relative) const {
  auto lookup = Walk(relative, Final::kFollow);
  if (!lookup) return tl::unexpected(lookup.error());
  const std::filesystem::path path = Join(lookup->components);
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    const int error = errno;
    return MakeError(error == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     "cannot list: " + ErrnoText(error), Display(relative));
  }
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    names.emplace_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> FsRoot::Resolve(std::string_view relative) const {
  auto lookup = Walk(relative, Final::kFollow);
  if (!lookup) return tl::unexpected(lookup.error());
  std::string out;
  for (const std::string& c : lookup->components) {
    if (!out.empty()) out += '/';
    out += c;
  }
  return out;
}

std::optional<std::string> FsRoot::LinkTarget(std::string_view relative) const {
  auto lookup = Walk(relative, Final::kKeep);
  if (!lookup) return std::nullopt;
  const std::filesystem::path path = Join(lookup->components);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  if (S_ISLNK(st.st_mode)) {
    char buffer[4096];
    const ssize_t n = ::readlink(path.c_str(), buffer, sizeof(buffer) - 1);
    if (n < 0) return std::nullopt;
    return std::string(buffer, static_cast<std::size_t>(n));
  }
  return StoredLinkTarget(path);
}

bool FsRoot::Exists(std::string_view relative) const {
  return Walk(relative, Final::kFile).has_value();
}

bool FsRoot::IsDirectory(std::string_view relative) const {
  auto lookup = Walk(relative, Final::kFollow);
  if (!lookup) return false;
  struct stat st {};
  return ::lstat(Join(lookup->components).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string BaseName(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace hawk::hw
