// Lowercase names for hawk's enums, both ways. Each enum declares its names
// once with HAWK_ENUM (an X-macro list), which generates the enum, the name
// table and the traits; ToString/Parse below work for all of them.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hawk {

// The names and the kind of an enum declared with HAWK_ENUM, found through
// argument-dependent lookup, so HAWK_ENUM works in any namespace.
template <typename E>
struct EnumTraits {
  static constexpr auto kNames = HawkEnumNames(E{});  // index = value
  static constexpr std::string_view kKind = HawkEnumKind(E{});
};

template <typename E>
constexpr std::size_t EnumCount() {
  return EnumTraits<E>::kNames.size();
}

template <typename E>
constexpr std::string_view ToString(E value) {
  const auto index = static_cast<std::size_t>(value);
  return index < EnumCount<E>() ? EnumTraits<E>::kNames[index] : std::string_view("?");
}

template <typename E>
std::string EnumNameList() {
  std::string out;
  for (std::string_view name : EnumTraits<E>::kNames) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// Parses a lowercase name. An unknown name is an error listing the valid ones.
template <typename E>
Result<E> Parse(std::string_view name) {
  for (std::size_t i = 0; i < EnumCount<E>(); ++i) {
    if (EnumTraits<E>::kNames[i] == name) return static_cast<E>(i);
  }
  return InvalidArgument(
      "unknown " + std::string(EnumTraits<E>::kKind) + " '" + std::string(name) + "'", {},
      "valid values: " + EnumNameList<E>());
}

template <typename E>
constexpr std::array<E, EnumCount<E>()> AllValues() {
  std::array<E, EnumCount<E>()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<E>(i);
  return out;
}

}  // namespace hawk

#define HAWK_ENUM_MEMBER_(ident, name) ident,
#define HAWK_ENUM_NAME_(ident, name) std::string_view(name),

// HAWK_ENUM(Type, "kind for messages", LIST) where LIST(X) expands
// X(kIdent, "name") for each member, in declaration order.
#define HAWK_ENUM(Type, kind, LIST)                            \
  enum class Type : unsigned char { LIST(HAWK_ENUM_MEMBER_) }; \
  constexpr auto HawkEnumNames(Type) {                         \
    return std::array{LIST(HAWK_ENUM_NAME_)};                  \
  }                                                            \
  constexpr std::string_view HawkEnumKind(Type) {              \
    return kind;                                               \
  }
