// Errors as values (DESIGN.md §3.9). Expected failures — bad input, I/O, a
// missing device, a database error — travel as hawk::Error inside a
// hawk::Result<T>; exceptions never cross a module boundary.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace hawk {

enum class ErrorCode {
  kInvalidArgument,  // bad input from a user: exit code 2
  kNotFound,
  kAlreadyExists,
  kIo,
  kCorrupt,
  kBusy,  // e.g. a database file locked by another process
  kUnavailable,
  kInternal,
};

std::string_view ToString(ErrorCode code);

// What went wrong, where, and how to fix it. `where` is a location a person can
// find (a file:line, a spec path such as tasks[3].requires.memory, a table);
// `hint` says what to do about it. Both may be empty.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string where;
  std::string hint;

  // "where: message (hint)" — the single line a CLI prints.
  [[nodiscard]] std::string ToString() const;
  // True for errors caused by the caller's input (CLI exit code 2).
  [[nodiscard]] bool IsUserError() const { return code == ErrorCode::kInvalidArgument; }
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message, std::string where = {},
                                       std::string hint = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(where), std::move(hint)});
}

inline tl::unexpected<Error> InvalidArgument(std::string message, std::string where = {},
                                             std::string hint = {}) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(where),
                   std::move(hint));
}

inline Status Ok() {
  return {};
}

}  // namespace hawk
