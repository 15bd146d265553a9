// Internal to the spec module: checks and quoting for text taken from a
// workload file, so that every string in a Workload and in a diagnostic is
// valid UTF-8 (JSON encoders, terminals and the store rely on it).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hawk::spec {

// Byte offset of the first byte that is not part of well-formed UTF-8
// (overlong forms, surrogates and code points above U+10FFFF count as bad).
std::optional<std::size_t> FirstInvalidUtf8(std::string_view text);

// Byte offset of the first character YAML does not allow in a file: C0
// controls other than tab, line feed and carriage return, and DEL.
std::optional<std::size_t> FirstForbiddenControl(std::string_view text);

// 1-based line and column of a byte offset. Columns count bytes, as
// compilers and yaml-cpp's marks do.
std::pair<std::uint32_t, std::uint32_t> LineAndColumn(std::string_view text, std::size_t offset);

// `text` for a message: at most `max_chars` characters (then "..."), bad
// UTF-8 bytes and control characters shown as '?'.
std::string Printable(std::string_view text, std::size_t max_chars = 40);

}  // namespace hawk::spec
