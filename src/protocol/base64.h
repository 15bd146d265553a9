// Standard base64 (RFC 4648 §4, with "=" padding) for the byte fields of the
// wire format: checkpoint file data and log output.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hawk::protocol {

std::string Base64Encode(std::string_view bytes);

// Strict: the length is a multiple of 4, only the standard alphabet, "="
// only as the last one or two characters, and the bits a padded group leaves
// over are zero (so every byte string has exactly one encoding). nullopt
// otherwise.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace hawk::protocol
