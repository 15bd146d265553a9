// The worker protocol's JSON form (messages.h), both ways.
//
// Decode validates everything a peer can get wrong and never throws: the
// text must be one JSON object no larger than limits.max_message_bytes, with
// "v" equal to kVersion and a known "type"; every field has its type, enum
// values are known names, fractions lie in [0, 1], ids are non-empty, lists
// and maps stay under their limits, checkpoint paths are relative and stay
// inside their folder. Unknown fields are ignored (a newer peer may add
// some). A refusal comes back as the protocol Error to send in reply:
// code "too_large", "bad_json", "version", "unknown_type" or "bad_field",
// and a message naming the field ("dispatch.command.argv[2]: not a string").
//
// Limits: a string or key over max_string_bytes, or a list or map over
// max_list_items, is refused as "too_large" with its field path; documents
// nested deeper than 64 levels are "bad_json" before they are parsed. A
// missing or non-integer "v" is "bad_field"; a different integer is
// "version" (as is a hello whose "version" differs from kVersion).
//
// Wire form: fields are the snake_case member names, in declaration order
// after "v" and "type"; optional fields are left out when empty (nullopt,
// "", an empty list or map, false), except that an engaged optional list is
// written even when empty. Times are Unix ms integers, fractions JSON
// numbers in [0, 1], TaskState "started" / "succeeded" / "failed", Command
// {"argv":[...]} or {"shell":"..."}. Bytes that must arrive exactly travel
// as standard padded base64: checkpoint file data and log.data (output
// chunks may end inside a UTF-8 character). Every other string is UTF-8 by
// contract; Encode replaces an invalid byte with U+FFFD instead of failing.
// Ids (worker, attempt, device, ...) are non-empty and hold no NUL; argv
// items, shell, env names and values and working_dir hold no NUL either
// (argv, shell, env names and working_dir are non-empty, env names hold no
// "="); checkpoint paths are relative, with no "", "." or ".." component and
// no backslash, and unique within their list; device ids are unique within
// a profile.
//
// Encode writes what Decode reads: Decode(Encode(m)) == m for every valid m.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "protocol/messages.h"
#include "tl/expected.hpp"

namespace hawk::protocol {

struct DecodeLimits {
  std::size_t max_message_bytes = std::size_t{16} << 20;  // checkpoints ride along
  std::size_t max_list_items = 4096;  // devices, argv, env, running attempts, files
  std::size_t max_string_bytes = std::size_t{8} << 20;
};

tl::expected<Message, Error> Decode(std::string_view text, const DecodeLimits& limits = {});
std::string Encode(const Message& message);

// "hello", "dispatch", ...: the message's "type".
std::string_view TypeName(const Message& message);

// A worker profile as JSON, for the REST API and the store (the same shape as
// register.profile). Errors (kInvalidArgument) name the field.
std::string EncodeProfile(const WorkerProfile& profile);
Result<WorkerProfile> DecodeProfile(std::string_view json_text);

}  // namespace hawk::protocol
