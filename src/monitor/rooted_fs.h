// RootedFs: reads a /proc or /sys tree that lives under a root folder — "/"
// on a live machine, a captured tree in tests — the way node_exporter's
// --path.procfs and --path.sysfs work (DESIGN.md §3.5).
//
// Links never lead out of the root: an absolute link target is taken relative
// to the root and ".." stops at the root (like the kernel's RESOLVE_IN_ROOT).
// Captured trees may store a link as a small regular file that holds its
// target ("../../devices/platform/coretemp.0/hwmon/hwmon0", "26231"); a path
// that goes through such a stand-in follows it like a link.
//
// Paths are relative to the root ("stat", "class/hwmon/hwmon0/name"); a
// leading '/' is ignored. Errors: kNotFound when a path does not exist (or
// would leave the root), kIo when reading fails, kInvalidArgument when a file
// is larger than the limit.
//
// Thread-safety: const methods may be called from several threads at once.
// Move-only: it owns a descriptor of the root folder.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hawk::monitor {

class RootedFs {
 public:
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{4} * 1024 * 1024;

  // Opens the root folder. A root that cannot be opened is not an error here:
  // every later call then answers kNotFound, with the reason in its message.
  explicit RootedFs(std::string root);
  ~RootedFs();
  RootedFs(RootedFs&& other) noexcept;
  RootedFs& operator=(RootedFs&& other) noexcept;
  RootedFs(const RootedFs&) = delete;
  RootedFs& operator=(const RootedFs&) = delete;

  [[nodiscard]] const std::string& root() const { return root_; }
  [[nodiscard]] bool root_ok() const { return root_fd_ >= 0; }

  // The whole file. Files of /proc report size 0, so it reads until EOF.
  [[nodiscard]] Result<std::string> ReadFile(std::string_view path,
                                             std::size_t max_bytes = kDefaultMaxBytes) const;
  // Same, into `out` (its capacity is reused: the sampler's hot path).
  Status ReadInto(std::string_view path, std::string& out,
                  std::size_t max_bytes = kDefaultMaxBytes) const;
  // Names in a folder, without "." and "..", in natural order (cpu2 before
  // cpu10). A folder reached through a link or a stand-in is listed too.
  [[nodiscard]] Result<std::vector<std::string>> ListDir(std::string_view path) const;
  // The path with every link and stand-in resolved: root-relative, no
  // leading '/', "" for the root itself. Reads through it take the fast path.
  // Resolve keeps a regular file at the end as it is; ResolveDir, for a
  // path that names a folder, also follows a stand-in there.
  [[nodiscard]] Result<std::string> Resolve(std::string_view path) const;
  [[nodiscard]] Result<std::string> ResolveDir(std::string_view path) const;
  // The target of a link (or the text of a stand-in) without following it.
  [[nodiscard]] Result<std::string> ReadLink(std::string_view path) const;
  [[nodiscard]] bool Exists(std::string_view path) const;
  [[nodiscard]] bool IsDirectory(std::string_view path) const;

 private:
  // A descriptor for path, or -errno.
  int Open(std::string_view path, int flags, bool want_dir) const;
  Result<std::string> ResolveSlow(std::string_view path, bool want_dir) const;

  std::string root_;
  int root_fd_ = -1;
  int root_errno_ = 0;
};

// Natural order: digit runs compare as numbers ("hwmon2" < "hwmon10").
bool NaturalLess(std::string_view a, std::string_view b);

}  // namespace hawk::monitor
