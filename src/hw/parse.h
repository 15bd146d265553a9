// Strict parsers for the small text values of /proc and /sys. Each returns
// nullopt for anything but a whole, well-formed value: "12abc", "", "0x" and
// overflow are all nullopt, never a partial number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::hw {

// Without leading and trailing blanks (spaces, tabs, newlines, NULs).
std::string_view Trim(std::string_view text);
// The first line, trimmed ("4\n" -> "4").
std::string_view FirstLine(std::string_view text);
std::vector<std::string_view> SplitWhitespace(std::string_view text);

std::optional<std::uint64_t> ParseU64(std::string_view text);
std::optional<std::int64_t> ParseI64(std::string_view text);
// "0x1002", "0X1002" or "1002", always read as hexadecimal.
std::optional<std::uint64_t> ParseHex(std::string_view text);
// A finite decimal number: "799.998".
std::optional<double> ParseDouble(std::string_view text);
// A CPU list as the kernel writes it: "0-3,8,10-11" -> {0,1,2,3,8,10,11}.
// Empty text is the empty list.
std::optional<std::vector<std::uint32_t>> ParseCpuList(std::string_view text);
// A cache size as sysfs writes it: "32K" -> 32768, "1M", "512".
std::optional<std::uint64_t> ParseCacheSize(std::string_view text);

// Lowercase ASCII.
std::string Lower(std::string_view text);
// "0000:3b:00.0" (domain:bus:device.function, hexadecimal).
bool IsPciAddress(std::string_view text);

}  // namespace hawk::hw
