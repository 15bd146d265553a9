// Reading the fields of a parsed JSON message with every check the wire
// format asks for (codec.h), without exceptions: each reader checks the JSON
// type itself and records the first problem with its field path
// ("dispatch.command.argv[2]"); later reads after a failure are harmless and
// return defaults. Writing helpers for the other direction are at the end.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/enum_names.h"
#include "core/enum_set.h"
#include "core/units.h"
#include "protocol/codec.h"

namespace hawk::protocol {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// The first problem found: a protocol error code ("bad_field" or
// "too_large"), the field path and what is wrong with it.
struct FieldError {
  std::string code;
  std::string path;
  std::string what;
};

// `text` in quotes, cut to a few dozen bytes (at a character boundary) so an
// error message stays short whatever a peer sent.
std::string Quote(std::string_view text);

std::string FieldPath(const std::string& parent, std::string_view key);
std::string IndexPath(const std::string& parent, std::size_t index);

class FieldReader {
 public:
  explicit FieldReader(const DecodeLimits& limits) : limits_(limits) {}

  [[nodiscard]] bool ok() const { return !error_.has_value(); }
  [[nodiscard]] const std::optional<FieldError>& error() const { return error_; }
  [[nodiscard]] const DecodeLimits& limits() const { return limits_; }
  // Records a problem unless one is recorded already (the first one wins).
  void Fail(std::string path, std::string what, std::string code = "bad_field");

  // Checks of one JSON value at `path`; nullopt (or nullptr) after recording
  // the problem.
  std::optional<std::string> String(const Json& value, const std::string& path);
  std::optional<std::uint64_t> Unsigned(const Json& value, const std::string& path,
                                        std::uint64_t max);
  std::optional<std::int64_t> Signed(const Json& value, const std::string& path, std::int64_t min,
                                     std::int64_t max);
  // Any finite JSON number in [min, max].
  std::optional<double> Number(const Json& value, const std::string& path, double min, double max);
  std::optional<bool> Bool(const Json& value, const std::string& path);
  const Json::array_t* Array(const Json& value, const std::string& path);
  const Json::object_t* Object(const Json& value, const std::string& path);
  // An object used as a map: also held to limits().max_list_items.
  const Json::object_t* Map(const Json& value, const std::string& path);

  template <typename E>
  std::optional<E> Enum(const Json& value, const std::string& path) {
    std::optional<std::string> name = String(value, path);
    if (!name) return std::nullopt;
    Result<E> parsed = Parse<E>(*name);
    if (!parsed) {
      Fail(path, "unknown " + std::string(EnumTraits<E>::kKind) + " " + Quote(*name) +
                     " (valid: " + EnumNameList<E>() + ")");
      return std::nullopt;
    }
    return *parsed;
  }

 private:
  DecodeLimits limits_;
  std::optional<FieldError> error_;
};

// The fields of one JSON object, read by name. Required readers record
// "missing" when the field is absent; optional ones return their default.
class ObjectReader {
 public:
  // Records a problem when `value` is not an object.
  ObjectReader(FieldReader& reader, const Json& value, std::string path);

  [[nodiscard]] FieldReader& reader() const { return reader_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string PathOf(std::string_view key) const { return FieldPath(path_, key); }

  // The field's value, or nullptr when absent (or when this is not an object).
  [[nodiscard]] const Json* Find(std::string_view key) const;
  // As Find, but a missing field is recorded as a problem.
  const Json* Require(std::string_view key);

  // Required, non-empty.
  std::string Id(std::string_view key);
  // Optional; "" when absent.
  std::string Text(std::string_view key);
  std::optional<std::string> OptionalText(std::string_view key);
  std::uint64_t Unsigned(std::string_view key, std::uint64_t max = UINT64_MAX);
  std::optional<std::uint64_t> OptionalUnsigned(std::string_view key,
                                                std::uint64_t max = UINT64_MAX);
  std::int64_t Signed(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> OptionalSigned(std::string_view key, std::int64_t min,
                                             std::int64_t max);
  std::optional<double> OptionalNumber(std::string_view key, double min, double max);
  double Number(std::string_view key, double min, double max);
  Fraction FractionField(std::string_view key);  // required, in [0, 1]
  bool Flag(std::string_view key);               // optional, false when absent
  TimePoint Time(std::string_view key);          // required Unix ms, not negative
  // Optional list of strings without NUL, non-empty ones when `ids`; empty
  // when absent.
  std::vector<std::string> StringList(std::string_view key, bool ids);
  std::vector<std::string> IdList(std::string_view key) { return StringList(key, true); }
  // Optional map of strings; empty when absent.
  std::map<std::string, std::string> StringMap(std::string_view key);

  template <typename E>
  E Enum(std::string_view key) {
    const Json* value = Require(key);
    if (value == nullptr) return E{};
    return reader_.Enum<E>(*value, PathOf(key)).value_or(E{});
  }
  // Optional list of enum names; empty when absent.
  template <typename E>
  EnumSet<E> EnumList(std::string_view key) {
    EnumSet<E> out;
    const Json* value = Find(key);
    if (value == nullptr) return out;
    const std::string path = PathOf(key);
    const Json::array_t* items = reader_.Array(*value, path);
    if (items == nullptr) return out;
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (std::optional<E> e = reader_.Enum<E>((*items)[i], IndexPath(path, i))) out.Insert(*e);
    }
    return out;
  }

 private:
  FieldReader& reader_;
  const Json::object_t* object_ = nullptr;
  std::string path_;
};

// Writing: enum sets as name lists.
template <typename E>
OrderedJson EnumNames(const EnumSet<E>& set) {
  OrderedJson out = OrderedJson::array();
  for (E value : set.Values()) out.push_back(std::string(ToString(value)));
  return out;
}

}  // namespace hawk::protocol
