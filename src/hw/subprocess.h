// Running a helper program (Chromium for the browser probe) with a time
// limit, capturing its output. The child runs in its own process group, so
// on timeout the whole group (a browser and its helpers) is killed.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hawk::hw {

struct ProcessResult {
  std::optional<int> exit_code;  // when it exited
  std::optional<int> signal;     // when a signal ended it
  bool timed_out = false;
  std::string stdout_text;  // at most max_output bytes
  std::string stderr_text;  // the last max_output bytes
};

// argv[0] must be a path. An error only when the program cannot be started.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                 std::chrono::milliseconds timeout,
                                 std::size_t max_output = std::size_t{8} * 1024 * 1024);

// The first of `names` found as an executable file in the directories of
// `path_list` ("/usr/local/bin:/usr/bin").
std::optional<std::string> FindExecutable(const std::vector<std::string>& names,
                                          std::string_view path_list);

}  // namespace hawk::hw
