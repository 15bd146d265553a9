// Small, allocation-free parsers for the text of /proc and /sys files. Each
// returns std::nullopt for text that is not a complete number, so a truncated
// or malformed file gives a missing value, never a wrong one.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hawk::monitor {

// Leading and trailing blanks (space, tab, newline) removed.
std::string_view Trim(std::string_view text);
// The whole (trimmed) text as a number.
std::optional<std::uint64_t> ParseU64(std::string_view text);
std::optional<std::int64_t> ParseI64(std::string_view text);
std::optional<double> ParseDouble(std::string_view text);

// Splits on runs of spaces and tabs; appends to `out` (cleared first).
void SplitFields(std::string_view line, std::vector<std::string_view>& out);

// Walks a text line by line: while (lines.Next(line)) { ... }.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}
  bool Next(std::string_view& line);

 private:
  std::string_view rest_;
};

// "MemTotal:  3742148 kB" style: the value after `key` (which includes the
// colon) scaled by its unit (kB = 1024). nullopt when absent or malformed.
std::optional<std::uint64_t> ParseKeyValueBytes(std::string_view line_value);

}  // namespace hawk::monitor
