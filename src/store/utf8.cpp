#include "store/utf8.h"

#include <cstdint>
#include <cstring>

namespace hawk::duck {

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t word = 0;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Sequence length, smallest code point it may encode, payload of byte 1.
    struct Lead {
      std::size_t length;
      std::uint32_t min;
      std::uint32_t bits;
    };
    Lead lead{};
    if ((c & 0xE0) == 0xC0) {
      lead = {2, 0x80, c & 0x1Fu};
    } else if ((c & 0xF0) == 0xE0) {
      lead = {3, 0x800, c & 0x0Fu};
    } else if ((c & 0xF8) == 0xF0) {
      lead = {4, 0x10000, c & 0x07u};
    } else {
      return false;  // a continuation byte or 0xF8..0xFF where a character starts
    }
    const std::size_t length = lead.length;
    std::uint32_t code = lead.bits;
    if (i + length > n) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i + k] & 0x3F);
    }
    if (code < lead.min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

}  // namespace hawk::duck
