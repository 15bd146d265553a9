#include "notify/text.h"

namespace hawk::notify {
namespace {

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

std::size_t CountChars(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += IsContinuation(c) ? 0 : 1;
  return n;
}

}  // namespace

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

std::string TruncateUtf8(std::string_view text, std::size_t max_chars, std::string_view ellipsis) {
  if (CountChars(text) <= max_chars) return std::string(text);
  const std::size_t keep = max_chars - std::min(max_chars, CountChars(ellipsis));
  std::size_t chars = 0;
  std::size_t end = 0;
  for (; end < text.size(); ++end) {
    if (!IsContinuation(text[end])) {
      if (chars == keep) break;
      ++chars;
    }
  }
  return std::string(text.substr(0, end)) + std::string(ellipsis);
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      v = (v << 8U) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0U);
    }
    out += kAlphabet[(v >> 18U) & 63U];
    out += kAlphabet[(v >> 12U) & 63U];
    out += n > 1 ? kAlphabet[(v >> 6U) & 63U] : '=';
    out += n > 2 ? kAlphabet[v & 63U] : '=';
  }
  return out;
}

}  // namespace hawk::notify
