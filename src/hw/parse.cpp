#include "hw/parse.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace hawk::hw {
namespace {

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

template <typename T>
std::optional<T> FromChars(std::string_view text, int base) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view FirstLine(std::string_view text) {
  const std::size_t newline = text.find('\n');
  return Trim(newline == std::string_view::npos ? text : text.substr(0, newline));
}

std::vector<std::string_view> SplitWhitespace(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsBlank(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !IsBlank(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

std::optional<std::uint64_t> ParseU64(std::string_view text) {
  return FromChars<std::uint64_t>(text, 10);
}

std::optional<std::int64_t> ParseI64(std::string_view text) {
  return FromChars<std::int64_t>(text, 10);
}

std::optional<std::uint64_t> ParseHex(std::string_view text) {
  text = Trim(text);
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
  }
  if (text.empty() || text[0] == '+' || text[0] == '-') return std::nullopt;
  return FromChars<std::uint64_t>(text, 16);
}

std::optional<double> ParseDouble(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+') {
      return std::nullopt;
    }
  }
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::vector<std::uint32_t>> ParseCpuList(std::string_view text) {
  std::vector<std::uint32_t> out;
  text = Trim(text);
  if (text.empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const std::size_t dash = item.find('-');
    if (dash == std::string_view::npos) {
      auto one = FromChars<std::uint32_t>(item, 10);
      if (!one) return std::nullopt;
      out.push_back(*one);
    } else {
      auto first = FromChars<std::uint32_t>(item.substr(0, dash), 10);
      auto last = FromChars<std::uint32_t>(item.substr(dash + 1), 10);
      if (!first || !last || *last < *first || *last - *first > 65536) return std::nullopt;
      for (std::uint32_t cpu = *first; cpu <= *last; ++cpu) out.push_back(cpu);
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<std::uint64_t> ParseCacheSize(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  std::uint64_t multiplier = 1;
  const char suffix = text.back();
  if (suffix == 'K' || suffix == 'k') multiplier = 1024;
  if (suffix == 'M' || suffix == 'm') multiplier = std::uint64_t{1024} * 1024;
  if (suffix == 'G' || suffix == 'g') multiplier = std::uint64_t{1024} * 1024 * 1024;
  if (multiplier != 1) text.remove_suffix(1);
  auto value = ParseU64(text);
  if (!value || *value > UINT64_MAX / multiplier) return std::nullopt;
  return *value * multiplier;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsPciAddress(std::string_view text) {
  // dddd:bb:dd.f
  if (text.size() != 12 || text[4] != ':' || text[7] != ':' || text[10] != '.') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u}) {
    if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace hawk::hw
