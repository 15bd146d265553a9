#include "monitor/rooted_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

namespace hawk::monitor {
namespace {

constexpr int kMaxLinks = 40;
constexpr std::size_t kMaxStandInBytes = 4096;

std::atomic<bool> g_openat2_works{true};

std::string_view Relative(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return path;
}

std::string ErrnoText(int err) {
  return std::strerror(err);
}

tl::unexpected<Error> OpenError(int err, std::string_view root, std::string_view path) {
  const std::string where =
      std::string(root) + (root.ends_with('/') ? "" : "/") + std::string(path);
  if (err == ENOENT || err == ENOTDIR || err == ELOOP) {
    return MakeError(ErrorCode::kNotFound, "not found", where);
  }
  return MakeError(ErrorCode::kIo, ErrnoText(err), where);
}

// Splits "a/b/../c" into components, appended in reverse order so that the
// next component to walk is at the back.
void PushComponents(std::string_view path, std::vector<std::string>& pending) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(std::move(*it));
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

// A stand-in's text: one token of printable characters, no spaces.
bool LooksLikeLinkTarget(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isgraph(static_cast<unsigned char>(c)) != 0; });
}

bool ReadSmallFile(int dir_fd, const std::string& path, std::string& out) {
  const int fd = ::openat(dir_fd, path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  out.assign(kMaxStandInBytes, '\0');
  const ssize_t n = ::read(fd, out.data(), out.size());
  ::close(fd);
  if (n < 0) return false;
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return true;
}

}  // namespace

bool NaturalLess(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
    const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
    if (da && db) {
      std::size_t ei = i;
      std::size_t ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
      std::string_view na = a.substr(i, ei - i);
      std::string_view nb = b.substr(j, ej - j);
      while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

RootedFs::RootedFs(std::string root) : root_(std::move(root)) {
  if (root_.empty()) root_ = "/";
  root_fd_ = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd_ < 0) root_errno_ = errno;
}

RootedFs::~RootedFs() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

RootedFs::RootedFs(RootedFs&& other) noexcept
    : root_(std::move(other.root_)),
      root_fd_(std::exchange(other.root_fd_, -1)),
      root_errno_(other.root_errno_) {}

RootedFs& RootedFs::operator=(RootedFs&& other) noexcept {
  if (this != &other) {
    if (root_fd_ >= 0) ::close(root_fd_);
    root_ = std::move(other.root_);
    root_fd_ = std::exchange(other.root_fd_, -1);
    root_errno_ = other.root_errno_;
  }
  return *this;
}

Result<std::string> RootedFs::ResolveSlow(std::string_view path, bool want_dir) const {
  if (root_fd_ < 0) {
    return MakeError(ErrorCode::kNotFound, "cannot open root: " + ErrnoText(root_errno_), root_);
  }
  std::vector<std::string> done;
  std::vector<std::string> pending;
  PushComponents(Relative(path), pending);
  int links = 0;
  std::string text;
  while (!pending.empty()) {
    std::string component = std::move(pending.back());
    pending.pop_back();
    if (component == ".") continue;
    if (component == "..") {
      if (!done.empty()) done.pop_back();  // ".." stops at the root
      continue;
    }
    done.push_back(std::move(component));
    const std::string candidate = Join(done);
    struct stat st {};
    if (::fstatat(root_fd_, candidate.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      return OpenError(errno, root_, path);
    }
    const bool traversed = !pending.empty() || want_dir;
    std::string target;
    if (S_ISLNK(st.st_mode)) {
      target.assign(static_cast<std::size_t>(PATH_MAX), '\0');
      const ssize_t n = ::readlinkat(root_fd_, candidate.c_str(), target.data(), target.size());
      if (n < 0) return OpenError(errno, root_, path);
      target.resize(static_cast<std::size_t>(n));
    } else if (S_ISREG(st.st_mode) && traversed) {
      // A regular file used as a folder: a captured link, or a wrong path.
      if (st.st_size <= 0 || static_cast<std::size_t>(st.st_size) >= kMaxStandInBytes ||
          !ReadSmallFile(root_fd_, candidate, text) || !LooksLikeLinkTarget(text)) {
        return OpenError(ENOTDIR, root_, path);
      }
      target = text;
    } else {
      continue;
    }
    if (++links > kMaxLinks) return OpenError(ELOOP, root_, path);
    done.pop_back();
    if (!target.empty() && target.front() == '/') done.clear();  // absolute: from the root
    PushComponents(target, pending);
  }
  return Join(done);
}

int RootedFs::Open(std::string_view path, int flags, bool want_dir) const {
  if (root_fd_ < 0) return -ENOENT;
  std::string rel(Relative(path));
  if (rel.empty()) rel = ".";
  if (g_openat2_works.load(std::memory_order_relaxed)) {
    struct open_how how {};
    how.flags = static_cast<std::uint64_t>(flags);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, root_fd_, rel.c_str(), &how, sizeof(how));
    if (fd >= 0) return static_cast<int>(fd);
    const int err = errno;
    if (err == ENOSYS || err == EPERM) {
      g_openat2_works.store(false, std::memory_order_relaxed);
    } else if (err != ENOTDIR) {
      return -err;
    }
  }
  auto resolved = ResolveSlow(rel, want_dir);
  if (!resolved) return resolved.error().code == ErrorCode::kNotFound ? -ENOENT : -EIO;
  const std::string target = resolved->empty() ? "." : *resolved;
  const int fd = ::openat(root_fd_, target.c_str(), flags | O_NOFOLLOW);
  return fd >= 0 ? fd : -errno;
}

Status RootedFs::ReadInto(std::string_view path, std::string& out, std::size_t max_bytes) const {
  out.clear();
  const int fd = Open(path, O_RDONLY | O_CLOEXEC, false);
  if (fd < 0) return OpenError(-fd, root_, Relative(path));
  std::size_t size = 0;
  out.resize(std::max<std::size_t>(out.capacity(), 4096));
  for (;;) {
    if (size == out.size()) out.resize(out.size() * 2);
    const ssize_t n = ::read(fd, out.data() + size, out.size() - size);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      out.clear();
      return OpenError(err == EISDIR ? ENOENT : err, root_, Relative(path));
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
    if (size > max_bytes) {
      ::close(fd);
      out.clear();
      return InvalidArgument("file is larger than " + std::to_string(max_bytes) + " bytes",
                             root_ + "/" + std::string(Relative(path)));
    }
  }
  ::close(fd);
  out.resize(size);
  return Ok();
}

Result<std::string> RootedFs::ReadFile(std::string_view path, std::size_t max_bytes) const {
  std::string out;
  auto status = ReadInto(path, out, max_bytes);
  if (!status) return tl::unexpected(status.error());
  return out;
}

Result<std::vector<std::string>> RootedFs::ListDir(std::string_view path) const {
  const int fd = Open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, true);
  if (fd < 0) return OpenError(-fd, root_, Relative(path));
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    const int err = errno;
    ::close(fd);
    return OpenError(err, root_, Relative(path));
  }
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    names.emplace_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return NaturalLess(a, b); });
  return names;
}

Result<std::string> RootedFs::Resolve(std::string_view path) const {
  return ResolveSlow(path, false);
}

Result<std::string> RootedFs::ResolveDir(std::string_view path) const {
  return ResolveSlow(path, true);
}

Result<std::string> RootedFs::ReadLink(std::string_view path) const {
  std::string_view rel = Relative(path);
  while (!rel.empty() && rel.back() == '/') rel.remove_suffix(1);
  const std::size_t slash = rel.rfind('/');
  const std::string_view parent = slash == std::string_view::npos ? "" : rel.substr(0, slash);
  const std::string leaf(slash == std::string_view::npos ? rel : rel.substr(slash + 1));
  if (leaf.empty() || leaf == "." || leaf == "..") return OpenError(EINVAL, root_, rel);
  auto dir = ResolveSlow(parent, true);
  if (!dir) return tl::unexpected(dir.error());
  const std::string full = dir->empty() ? leaf : *dir + "/" + leaf;
  struct stat st {};
  if (::fstatat(root_fd_, full.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return OpenError(errno, root_, rel);
  }
  std::string target;
  if (S_ISLNK(st.st_mode)) {
    target.assign(static_cast<std::size_t>(PATH_MAX), '\0');
    const ssize_t n = ::readlinkat(root_fd_, full.c_str(), target.data(), target.size());
    if (n < 0) return OpenError(errno, root_, rel);
    target.resize(static_cast<std::size_t>(n));
    return target;
  }
  if (S_ISREG(st.st_mode) && ReadSmallFile(root_fd_, full, target) && LooksLikeLinkTarget(target)) {
    return target;
  }
  return MakeError(ErrorCode::kNotFound, "not a link", root_ + "/" + std::string(rel));
}

bool RootedFs::Exists(std::string_view path) const {
  const int fd = Open(path, O_PATH | O_CLOEXEC, false);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

bool RootedFs::IsDirectory(std::string_view path) const {
  const int fd = Open(path, O_PATH | O_DIRECTORY | O_CLOEXEC, true);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace hawk::monitor
