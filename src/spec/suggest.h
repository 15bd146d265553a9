// Internal to the spec module: "did you mean" suggestions for misspelt keys.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hawk::spec {

// Edit distance counting insertions, deletions, substitutions and swaps of
// two neighbouring characters as one edit each (optimal string alignment).
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a likely typo:
// at most 1 edit for words up to 4 characters, 2 up to 8, else 3. Case, '-'
// and '_' differences count as close too ("Depends-On" -> "depends_on").
// Ties go to the earlier candidate.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        std::span<const std::string_view> candidates);

}  // namespace hawk::spec
