// `hawk run`'s JUnit XML in: each attempt gets a fresh, empty folder of its
// own in HAWK_JUNIT_DIR (<run dir>/junit/<attempt id>, an absolute path);
// after it ends, every *.xml under that folder (sorted by path, subfolders
// included) and each of its task's `junit:` paths (relative to the task's
// working directory) are read with report::ReadJUnitFile.
//
// A file that is missing, too large or not JUnit XML does not fail the task:
// it is a warning, and the task's exit code alone decides the attempt.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "report/junit_reader.h"

namespace hawk::cli {

struct JUnitCollection {
  std::vector<std::filesystem::path> files;  // read, in order
  std::vector<report::JUnitTestCase> test_cases;
  std::vector<std::string> warnings;  // one line each: "<file>:<line>: <what>"
};

// <run_dir>/junit/<attempt_id> as an absolute path, created empty (a folder
// left from an earlier run with the same id is emptied). Errors: kIo.
Result<std::filesystem::path> PrepareJUnitDir(const std::filesystem::path& run_dir,
                                              const std::string& attempt_id);

// Reads `junit_dir`'s *.xml files (absent folder: none) and `junit_paths`,
// relative paths resolved against `working_dir` (the current directory when
// absent).
JUnitCollection CollectJUnit(const std::optional<std::filesystem::path>& junit_dir,
                             const std::vector<std::string>& junit_paths,
                             const std::optional<std::string>& working_dir);

}  // namespace hawk::cli
