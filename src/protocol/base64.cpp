#include "protocol/base64.h"

#include <array>
#include <cstdint>

namespace hawk::protocol {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kInvalid = 0xFF;

constexpr std::array<std::uint8_t, 256> MakeDecodeTable() {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}

constexpr std::array<std::uint8_t, 256> kDecodeTable = MakeDecodeTable();

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = bytes.size() - i < 3 ? bytes.size() - i : 3;
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

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::size_t symbols = last ? 4 - padding : 4;
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      std::uint32_t sextet = 0;
      if (k < symbols) {
        sextet = kDecodeTable[static_cast<unsigned char>(text[i + k])];
        if (sextet == kInvalid) return std::nullopt;
      }
      v = (v << 6U) | sextet;
    }
    out += static_cast<char>((v >> 16U) & 0xFFU);
    if (symbols > 2) out += static_cast<char>((v >> 8U) & 0xFFU);
    if (symbols > 3) out += static_cast<char>(v & 0xFFU);
    // Bits below the last byte must be zero: one encoding per byte string.
    if (symbols == 2 && (v & 0xFFFFU) != 0) return std::nullopt;
    if (symbols == 3 && (v & 0xFFU) != 0) return std::nullopt;
  }
  return out;
}

}  // namespace hawk::protocol
