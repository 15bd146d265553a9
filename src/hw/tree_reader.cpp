#include "hw/tree_reader.h"

#include "hw/parse.h"

namespace hawk::hw {
namespace {

// At most 40 characters of a bad value, printable, for the message.
std::string Excerpt(std::string_view text) {
  std::string out;
  for (char c : Trim(text).substr(0, 40)) {
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return out;
}

}  // namespace

void TreeReader::Note(std::string_view relative, std::string message) const {
  diagnostics_.Note(root_.Display(relative), std::move(message));
}

std::optional<std::string> TreeReader::Text(std::string_view relative) const {
  auto text = root_.ReadFile(relative);
  if (text) return std::move(*text);
  if (text.error().code != ErrorCode::kNotFound) Note(relative, text.error().message);
  return std::nullopt;
}

std::optional<std::string> TreeReader::Line(std::string_view relative) const {
  auto text = Text(relative);
  if (!text) return std::nullopt;
  const std::string_view line = FirstLine(*text);
  if (line.empty()) return std::nullopt;
  return std::string(line);
}

std::optional<std::uint64_t> TreeReader::U64(std::string_view relative) const {
  auto text = Text(relative);
  if (!text) return std::nullopt;
  auto value = ParseU64(FirstLine(*text));
  if (!value) Note(relative, "not a whole number: '" + Excerpt(*text) + "'");
  return value;
}

std::optional<std::int64_t> TreeReader::I64(std::string_view relative) const {
  auto text = Text(relative);
  if (!text) return std::nullopt;
  auto value = ParseI64(FirstLine(*text));
  if (!value) Note(relative, "not a whole number: '" + Excerpt(*text) + "'");
  return value;
}

std::optional<std::uint64_t> TreeReader::Hex(std::string_view relative) const {
  auto text = Text(relative);
  if (!text) return std::nullopt;
  auto value = ParseHex(FirstLine(*text));
  if (!value) Note(relative, "not a hexadecimal number: '" + Excerpt(*text) + "'");
  return value;
}

std::optional<std::string> TreeReader::LinkName(std::string_view relative) const {
  auto target = root_.LinkTarget(relative);
  if (!target) return std::nullopt;
  std::string name = BaseName(*target);
  if (name.empty()) return std::nullopt;
  return name;
}

}  // namespace hawk::hw
