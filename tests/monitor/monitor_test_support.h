// Helpers for the monitor tests: the captured fixture trees and small trees
// made on the fly in a temporary folder.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace hawk::monitor::testing {

// ../shared/fixtures/linux/<tree>/<part>, e.g. Fixture("node-exporter", "proc").
inline std::string Fixture(const std::string& tree, const std::string& part) {
  return std::string(HAWK_FIXTURES_DIR) + "/linux/" + tree + "/" + part;
}

// tests/fixtures/monitor/<name>: the trees made by hand for what the
// captured ones lack.
inline std::string HandMade(const std::string& name) {
  return std::string(HAWK_SOURCE_DIR) + "/tests/fixtures/monitor/" + name;
}

// A temporary folder, removed with everything in it when the object dies.
class TempTree {
 public:
  TempTree() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hawk-monitor-XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    root_ = pattern;
  }
  ~TempTree() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  [[nodiscard]] const std::string& root() const { return root_; }
  [[nodiscard]] std::string Path(const std::string& rel) const { return root_ + "/" + rel; }

  void Write(const std::string& rel, const std::string& text) const {
    const std::filesystem::path path = Path(rel);
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  void Mkdir(const std::string& rel) const { std::filesystem::create_directories(Path(rel)); }
  void Symlink(const std::string& target, const std::string& rel) const {
    const std::filesystem::path path = Path(rel);
    std::filesystem::create_directories(path.parent_path());
    std::filesystem::create_symlink(target, path);
  }
  void Remove(const std::string& rel) const { std::filesystem::remove_all(Path(rel)); }

 private:
  std::string root_;
};

}  // namespace hawk::monitor::testing
