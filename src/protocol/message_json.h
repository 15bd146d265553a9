// The per-type bodies of the wire format: each message type's fields as JSON
// (encode) and back with validation (decode). codec.cpp adds the envelope
// ("v", "type") checks around them.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <variant>

#include "protocol/json_fields.h"
#include "protocol/messages.h"

namespace hawk::protocol {

// Message's "type" names, in the order of the variant's alternatives.
inline constexpr std::array<std::string_view, 12> kTypeNames = {
    "hello",    "register", "heartbeat", "task_update", "log",   "welcome",
    "dispatch", "cancel",   "ack",       "drain",       "error", "samples"};
static_assert(kTypeNames.size() == std::variant_size_v<Message>);

// The whole message: {"v":1,"type":...,fields}.
OrderedJson MessageToJson(const Message& message);

// The message of type kTypeNames[type_index] from `object` (whose envelope
// is checked already); nullopt after `reader` recorded a problem.
std::optional<Message> ReadMessage(FieldReader& reader, std::size_t type_index, const Json& object);

}  // namespace hawk::protocol
