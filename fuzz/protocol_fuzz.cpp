// libFuzzer target for the worker protocol codec (protocol/codec.h): any
// bytes in, never a crash, a leak, undefined behaviour or an escaping
// exception. It also checks the codec's contract on every input:
//  - a decoded message encodes to text that decodes to an equal message, and
//    that text is stable (encoding the second decode gives the same text);
//  - a refusal carries one of the five protocol codes and a message;
//  - the same holds for the worker profile on its own (DecodeProfile).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/codec.h"

namespace {

bool KnownCode(const std::string& code) {
  return code == "too_large" || code == "bad_json" || code == "version" || code == "unknown_type" ||
         code == "bad_field";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace protocol = hawk::protocol;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Small limits so the fuzzer reaches the size checks too.
  protocol::DecodeLimits limits;
  limits.max_message_bytes = 1 << 16;
  limits.max_list_items = 16;
  limits.max_string_bytes = 256;

  const tl::expected<protocol::Message, protocol::Error> decoded = protocol::Decode(text, limits);
  if (decoded) {
    const std::string encoded = protocol::Encode(*decoded);
    // Encoding never grows a list or a string past the limits it passed,
    // but the text may grow a little ("1" for a fraction is written "1.0").
    protocol::DecodeLimits again_limits = limits;
    again_limits.max_message_bytes = protocol::DecodeLimits{}.max_message_bytes;
    const tl::expected<protocol::Message, protocol::Error> again =
        protocol::Decode(encoded, again_limits);
    if (!again) __builtin_trap();
    if (!(*again == *decoded)) __builtin_trap();
    if (protocol::Encode(*again) != encoded) __builtin_trap();
    if (protocol::TypeName(*again).empty()) __builtin_trap();
  } else {
    if (!KnownCode(decoded.error().code)) __builtin_trap();
    if (decoded.error().message.empty()) __builtin_trap();
  }

  const hawk::Result<hawk::WorkerProfile> profile = protocol::DecodeProfile(text);
  if (profile) {
    const hawk::Result<hawk::WorkerProfile> profile_again =
        protocol::DecodeProfile(protocol::EncodeProfile(*profile));
    if (!profile_again || !(*profile_again == *profile)) __builtin_trap();
  } else if (profile.error().message.empty() || profile.error().where.empty()) {
    __builtin_trap();
  }
  return 0;
}
