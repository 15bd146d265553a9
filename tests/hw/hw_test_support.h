// Paths and small helpers shared by the hw tests.
#pragma once

#include <filesystem>
#include <string>

#include "hw/diagnostics.h"
#include "hw/fs_root.h"
#include "hw/tree_reader.h"

namespace hawk::hw::testing {

// ../shared/fixtures/linux/<name> (node-exporter, procfs).
inline std::filesystem::path SharedTree(const std::string& name) {
  return std::filesystem::path(HAWK_FIXTURES_DIR) / "linux" / name;
}
// tests/fixtures/hw/<name>.
inline std::filesystem::path HwFixture(const std::string& name) {
  return std::filesystem::path(HAWK_SOURCE_DIR) / "tests" / "fixtures" / "hw" / name;
}

// A proc and a sys reader over one tree, with their diagnostics.
struct Tree {
  explicit Tree(const std::filesystem::path& base)
      : proc_root(base / "proc"),
        sys_root(base / "sys"),
        proc(proc_root, diagnostics),
        sys(sys_root, diagnostics) {}
  Diagnostics diagnostics;
  FsRoot proc_root;
  FsRoot sys_root;
  TreeReader proc;
  TreeReader sys;

  // True when some diagnostic's source ends with `source_suffix` and its
  // message contains `text`.
  [[nodiscard]] bool Noted(const std::string& source_suffix, const std::string& text) const {
    for (const Diagnostic& d : diagnostics.entries()) {
      const bool source_ok = d.source.size() >= source_suffix.size() &&
                             d.source.compare(d.source.size() - source_suffix.size(),
                                              source_suffix.size(), source_suffix) == 0;
      if (source_ok && d.message.find(text) != std::string::npos) return true;
    }
    return false;
  }
};

}  // namespace hawk::hw::testing
