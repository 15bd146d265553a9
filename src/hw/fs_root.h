// Reading a /proc or /sys tree through a root (DESIGN.md §3.5). Every
// collector takes an FsRoot instead of a hard-coded "/proc" or "/sys", so tests
// point it at captured trees (../shared/fixtures/linux/...) and hand-made ones.
//
// Paths are relative to the root ("class/drm/card0/device/vendor"). Symbolic
// links are followed with the root as "/": ".." never climbs above the root
// and an absolute target starts again at the root, so no read ever leaves the
// tree (a captured /proc/<pid>/exe -> /usr/bin/foo is looked up inside the
// tree, not on the host).
//
// Trees captured as text archives (prometheus' ttar, the shared fixtures)
// store a symbolic link as a plain file holding its target, with no trailing
// newline. When such a file stands where a directory is needed (a path goes
// through it, or it is listed), or when LinkTarget() is asked for it, it is
// treated as the link it stands for. Real sysfs never has a regular file in
// those places, so this changes nothing on a live system.
//
// Thread-safety: an FsRoot is immutable; its methods may run concurrently.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hawk::hw {

class FsRoot {
 public:
  // Files larger than this are cut here (a /proc/cpuinfo of 1024 CPUs is ~1.5 MiB).
  static constexpr std::size_t kMaxFileBytes = std::size_t{8} * 1024 * 1024;
  // Links followed in one lookup before it is called a loop (as the kernel's 40).
  static constexpr int kMaxLinks = 40;

  explicit FsRoot(std::filesystem::path root);

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  // root / relative, for messages ("/sys/class/drm/card0/device/vendor").
  [[nodiscard]] std::string Display(std::string_view relative) const;

  // The whole file (at most max_bytes). kNotFound when it does not exist,
  // kIo when it cannot be read (including a directory).
  [[nodiscard]] Result<std::string> ReadFile(std::string_view relative,
                                             std::size_t max_bytes = kMaxFileBytes) const;
  // Entry names of a directory, sorted, without "." and "..".
  [[nodiscard]] Result<std::vector<std::string>> ListDir(std::string_view relative) const;
  // The path inside the root that `relative` leads to after following every
  // link ("bus/pci/devices/0000:01:00.0" -> "devices/pci0000:00/.../0000:01:00.0").
  [[nodiscard]] Result<std::string> Resolve(std::string_view relative) const;
  // The target text of the link at `relative` (its parents are followed;
  // the entry itself is not): "../../../../bus/pci/drivers/amdgpu". nullopt
  // when the entry is missing or is no link.
  [[nodiscard]] std::optional<std::string> LinkTarget(std::string_view relative) const;
  [[nodiscard]] bool Exists(std::string_view relative) const;
  [[nodiscard]] bool IsDirectory(std::string_view relative) const;

 private:
  // What to do with the last component: follow it as a link (also a stored
  // one, for a directory), keep it as it is (a link's own name), or follow
  // only real links (a file about to be read: its content is not looked at).
  enum class Final { kFollow, kKeep, kFile };
  struct Lookup {
    std::vector<std::string> components;  // resolved, below the root
  };
  Result<Lookup> Walk(std::string_view relative, Final final) const;
  [[nodiscard]] std::filesystem::path Join(const std::vector<std::string>& components) const;

  std::filesystem::path root_;
};

// The last component of a path or link target: "../../bus/pci/drivers/i915" -> "i915".
std::string BaseName(std::string_view path);

}  // namespace hawk::hw
