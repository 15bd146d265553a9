// Internal to the agent module: starting one process for ProcessRunner —
// the environment it will see, the program path, and fork + exec with a
// close-on-exec error pipe so a failed exec is reported, not waited for.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/workload.h"

namespace hawk::agent {

// The environment of the calling process overlaid with `overrides`, as
// "NAME=value" strings sorted by name.
std::vector<std::string> MergedEnvironment(const std::map<std::string, std::string>& overrides);

// The argv to exec: the argv itself, or {"/bin/sh", "-c", shell}.
std::vector<std::string> CommandArgv(const Command& command);

// The path execve should get for `program`: itself when it contains a '/',
// else the first executable match in the PATH of `environment` (the default
// search path when it has none). Errors: kNotFound naming the program and the
// PATH searched.
Result<std::string> ResolveProgram(const std::string& program,
                                   const std::vector<std::string>& environment);

struct SpawnRequest {
  std::string path;  // from ResolveProgram
  std::vector<std::string> argv;
  std::vector<std::string> environment;
  std::optional<std::filesystem::path> working_dir;
  int output_fd = -1;  // becomes the child's stdout and stderr
};

// vforks; the child starts a new session (so its pid is its process group id),
// reads stdin from /dev/null, writes stdout and stderr to output_fd, changes
// to working_dir, resets signal dispositions and the signal mask, and execs.
// Returns the child's pid once exec succeeded. Errors: kNotFound (no such
// working directory or program), kUnavailable (exec refused), kIo (fork,
// pipe). A child whose exec failed is reaped before this returns.
Result<pid_t> SpawnProcess(const SpawnRequest& request);

}  // namespace hawk::agent
