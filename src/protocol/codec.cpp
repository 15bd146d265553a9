// The envelope of every message ({"v":1,"type":...}), the entry points of
// codec.h, and the worker profile as a standalone JSON document.
#include "protocol/codec.h"

#include <limits>
#include <utility>

#include "protocol/message_json.h"
#include "protocol/profile_json.h"

namespace hawk::protocol {
namespace {

// Deeper documents are refused before they are parsed: no message needs
// more than a handful of levels, and a parsed level costs memory.
constexpr std::size_t kMaxDepth = 64;

// The deepest nesting of arrays and objects in `text`, counting up to
// `limit + 1`. Exact for valid JSON; for anything else the parser decides.
std::size_t NestingDepth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

tl::unexpected<Error> Refuse(std::string code, std::string message) {
  return tl::unexpected<Error>(Error{std::move(code), std::move(message)});
}

// Parses `text` into a JSON object, or says why not (code, message).
std::optional<std::pair<std::string, std::string>> ParseObject(std::string_view text,
                                                               std::size_t max_bytes, Json& out) {
  if (text.size() > max_bytes) {
    return std::pair<std::string, std::string>(
        "too_large", "message of " + std::to_string(text.size()) + " bytes is over the limit of " +
                         std::to_string(max_bytes) + " bytes");
  }
  if (NestingDepth(text, kMaxDepth) > kMaxDepth) {
    return std::pair<std::string, std::string>(
        "bad_json", "nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  out = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded()) return std::pair<std::string, std::string>("bad_json", "not valid JSON");
  if (!out.is_object()) {
    return std::pair<std::string, std::string>(
        "bad_json", "not a JSON object (" + std::string(out.type_name()) + ")");
  }
  return std::nullopt;
}

std::string Dump(const OrderedJson& j) {
  // Strings are UTF-8 by contract; any invalid byte becomes U+FFFD rather
  // than an exception (bytes that must survive exactly travel as base64).
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

}  // namespace

tl::expected<Message, Error> Decode(std::string_view text, const DecodeLimits& limits) {
  Json root;
  if (auto problem = ParseObject(text, limits.max_message_bytes, root)) {
    return Refuse(std::move(problem->first), std::move(problem->second));
  }
  FieldReader reader(limits);
  ObjectReader envelope(reader, root, "");
  const std::int64_t version = envelope.Signed("v", std::numeric_limits<std::int64_t>::min(),
                                               std::numeric_limits<std::int64_t>::max());
  if (!reader.ok()) {
    return Refuse(reader.error()->code, reader.error()->path + ": " + reader.error()->what);
  }
  if (version != kVersion) {
    return Refuse("version", "v: protocol version " + std::to_string(version) +
                                 " is not supported (this side speaks " + std::to_string(kVersion) +
                                 ")");
  }
  const Json* type = envelope.Require("type");
  std::optional<std::string> name;
  if (type != nullptr) name = reader.String(*type, "type");
  if (!name)
    return Refuse(reader.error()->code, reader.error()->path + ": " + reader.error()->what);
  std::size_t index = kTypeNames.size();
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == *name) index = i;
  }
  if (index == kTypeNames.size()) {
    return Refuse("unknown_type", "type: unknown message type " + Quote(*name));
  }
  std::optional<Message> message = ReadMessage(reader, index, root);
  if (!message) {
    return Refuse(reader.error()->code, reader.error()->path + ": " + reader.error()->what);
  }
  return std::move(*message);
}

std::string Encode(const Message& message) {
  return Dump(MessageToJson(message));
}

std::string_view TypeName(const Message& message) {
  return kTypeNames[message.index()];
}

std::string EncodeProfile(const WorkerProfile& profile) {
  return Dump(ProfileToJson(profile));
}

Result<WorkerProfile> DecodeProfile(std::string_view json_text) {
  const DecodeLimits limits;
  Json root;
  if (auto problem = ParseObject(json_text, limits.max_message_bytes, root)) {
    return InvalidArgument(problem->second, "profile");
  }
  FieldReader reader(limits);
  WorkerProfile profile = ReadProfile(reader, root, "profile");
  if (!reader.ok()) return InvalidArgument(reader.error()->what, reader.error()->path);
  return profile;
}

}  // namespace hawk::protocol
