// A workload's progress (the "progress" object of coord/api.h) as one line
// for people: "[#####.....] 5/10 succeeded, 1 failed, 1 running".
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace hawk::cli {

struct Progress {
  std::uint64_t total = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;
  std::uint64_t skipped = 0;
  std::uint64_t cancelled = 0;
  std::uint64_t running = 0;
  friend bool operator==(const Progress&, const Progress&) = default;
};

// Read from {"total", "succeeded", ...}; a missing or non-numeric count is 0.
Progress ProgressFromJson(const nlohmann::ordered_json& progress);

// Units that have ended (succeeded, failed, skipped or cancelled).
std::uint64_t FinishedUnits(const Progress& p);

// "5/10 succeeded, 1 failed, 1 running": the failed, skipped, cancelled and
// running counts only when not zero.
std::string ProgressText(const Progress& p);

// "[#####.....] " + ProgressText: the bar, `bar_width` cells, fills with the
// units that have ended (rounded down; full only when all have).
std::string ProgressLine(const Progress& p, std::size_t bar_width = 10);

}  // namespace hawk::cli
