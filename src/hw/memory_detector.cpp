#include "hw/memory_detector.h"

#include <map>
#include <optional>
#include <string>

#include "hw/parse.h"

namespace hawk::hw {
namespace {

constexpr const char* kMeminfo = "meminfo";

// "MemTotal:       15666184 kB" -> bytes. Values without a unit are counts
// (HugePages_Total) and are not asked for here.
std::optional<Bytes> ParseKbValue(std::string_view value) {
  const auto words = SplitWhitespace(value);
  if (words.size() != 2 || words[1] != "kB") return std::nullopt;
  auto kb = ParseU64(words[0]);
  if (!kb || *kb > UINT64_MAX / 1024) return std::nullopt;
  return *kb * 1024;
}

}  // namespace

MemoryReport ParseMeminfo(std::string_view text, const TreeReader& proc) {
  std::map<std::string, std::string_view, std::less<>> values;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    values.emplace(std::string(Trim(line.substr(0, colon))), Trim(line.substr(colon + 1)));
  }
  auto field = [&](std::string_view key) -> std::optional<Bytes> {
    auto it = values.find(key);
    if (it == values.end()) {
      proc.Note(kMeminfo, std::string(key) + " missing");
      return std::nullopt;
    }
    auto bytes = ParseKbValue(it->second);
    if (!bytes) {
      proc.Note(kMeminfo, std::string(key) + " malformed: '" + std::string(it->second) + "'");
    }
    return bytes;
  };
  MemoryReport memory;
  memory.total_bytes = field("MemTotal");
  memory.available_bytes = field("MemAvailable");
  memory.swap_total_bytes = field("SwapTotal");
  memory.swap_free_bytes = field("SwapFree");
  return memory;
}

MemoryReport DetectMemory(const TreeReader& proc) {
  auto text = proc.Text(kMeminfo);
  if (!text) {
    proc.Note(kMeminfo, "missing");
    return {};
  }
  return ParseMeminfo(*text, proc);
}

}  // namespace hawk::hw
