// Small text helpers shared by the message builders. Internal to module notify.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hawk::notify {

// Control characters (CR, LF, tab, ...) replaced by spaces.
std::string OneLine(std::string_view text);

// At most `max_chars` UTF-8 characters: when `text` is longer it is cut on a
// character boundary and ends with `ellipsis` (counted in the limit).
std::string TruncateUtf8(std::string_view text, std::size_t max_chars, std::string_view ellipsis);

// Standard base64 with padding.
std::string Base64(std::string_view bytes);

}  // namespace hawk::notify
