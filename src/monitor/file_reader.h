// FileReader: the samplers' way to read small kernel files through a RootedFs.
// It turns every failure into a missing value and reports it to the
// ProblemLog (once per file): a missing file only where the caller says the
// file must exist, a malformed one always.
//
// Not thread-safe (it owns one reusable buffer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "monitor/problem_log.h"
#include "monitor/rooted_fs.h"

namespace hawk::monitor {

class FileReader {
 public:
  FileReader(const RootedFs& fs, ProblemLog& problems) : fs_(fs), problems_(problems) {}

  [[nodiscard]] const RootedFs& fs() const { return fs_; }
  [[nodiscard]] ProblemLog& problems() { return problems_; }

  // The file's text in the shared buffer (valid until the next read), or
  // nullptr. `required`: a missing file is a problem worth reporting.
  const std::string* Read(std::string_view path, bool required);

  // A file holding one number (or word). A missing file gives nullopt
  // quietly; a malformed one is reported.
  std::optional<std::uint64_t> U64(std::string_view path);
  std::optional<std::int64_t> I64(std::string_view path);
  std::optional<std::string> Text(std::string_view path);
  // A number in thousandths (millidegrees, mV) as a double: 55000 -> 55.0.
  std::optional<double> Milli(std::string_view path);

  // Reports a problem with `path` (key: the full path).
  void Malformed(std::string_view path, std::string_view why);
  void Missing(std::string_view path, std::string_view why);

 private:
  std::string FullPath(std::string_view path) const;

  const RootedFs& fs_;
  ProblemLog& problems_;
  std::string buffer_;
};

}  // namespace hawk::monitor
