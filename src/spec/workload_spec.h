// Workload files (YAML, or JSON, which is YAML too) to hawk::Workload, with
// strict validation: unknown keys, wrong types, bad enum values, sizes and
// durations, missing or duplicate ids, unknown dependencies and cycles are
// all reported in one pass (spec/diagnostic.h). The format is described in
// docs/workload-spec.md.
//
// Never throws; safe to call from several threads at once (no shared state).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

#include "spec/diagnostic.h"

namespace hawk::spec {

// The only accepted value of the top-level `version` key.
constexpr int kSpecVersion = 1;

// At most this many diagnostics are reported; a last one says that more were
// left out. Keeps a pathological file from producing megabytes of output.
constexpr std::size_t kMaxDiagnostics = 100;

// Parses and validates `text`. `source_name` only labels the diagnostics
// (usually the file name).
SpecResult ParseWorkload(std::string_view text, std::string_view source_name);

// Reads `path` and parses it; a file that cannot be read is one diagnostic.
// Files larger than kMaxSpecFileBytes are refused.
constexpr std::size_t kMaxSpecFileBytes = std::size_t{16} * 1024 * 1024;
SpecResult LoadWorkloadFile(const std::filesystem::path& path);

}  // namespace hawk::spec
