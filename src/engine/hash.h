// FNV-1a, 64-bit: a small string hash that is the same on every platform and
// in every run (std::hash promises neither), for deterministic decisions.
#pragma once

#include <cstdint>
#include <string_view>

namespace hawk::engine {

constexpr std::uint64_t Fnv1a64(std::string_view s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

}  // namespace hawk::engine
