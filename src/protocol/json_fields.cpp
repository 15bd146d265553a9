#include "protocol/json_fields.h"

#include <cmath>
#include <limits>
#include <utility>

namespace hawk::protocol {
namespace {

constexpr std::size_t kQuoteBytes = 48;

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

std::string TypeOf(const Json& value) {
  return std::string(value.type_name());
}

}  // namespace

std::string Quote(std::string_view text) {
  if (text.size() <= kQuoteBytes) return "'" + std::string(text) + "'";
  std::size_t end = kQuoteBytes;
  while (end > 0 && IsContinuation(text[end])) --end;
  return "'" + std::string(text.substr(0, end)) + "...'";
}

std::string FieldPath(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return parent + "." + std::string(key.size() <= kQuoteBytes ? key : Quote(key));
}

std::string IndexPath(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

void FieldReader::Fail(std::string path, std::string what, std::string code) {
  if (error_) return;
  error_ = FieldError{std::move(code), std::move(path), std::move(what)};
}

std::optional<std::string> FieldReader::String(const Json& value, const std::string& path) {
  const auto* s = value.get_ptr<const Json::string_t*>();
  if (s == nullptr) {
    Fail(path, "not a string (" + TypeOf(value) + ")");
    return std::nullopt;
  }
  if (s->size() > limits_.max_string_bytes) {
    Fail(path,
         "string of " + std::to_string(s->size()) + " bytes is over the limit of " +
             std::to_string(limits_.max_string_bytes),
         "too_large");
    return std::nullopt;
  }
  return *s;
}

std::optional<std::uint64_t> FieldReader::Unsigned(const Json& value, const std::string& path,
                                                   std::uint64_t max) {
  std::optional<std::uint64_t> out;
  if (const auto* u = value.get_ptr<const Json::number_unsigned_t*>()) {
    out = *u;
  } else if (const auto* i = value.get_ptr<const Json::number_integer_t*>()) {
    if (*i >= 0) out = static_cast<std::uint64_t>(*i);
  }
  if (!out) {
    if (value.is_number_integer()) {
      Fail(path, "must not be negative");
    } else {
      Fail(path, "not a non-negative integer (" + TypeOf(value) + ")");
    }
    return std::nullopt;
  }
  if (*out > max) {
    Fail(path, std::to_string(*out) + " is over the maximum of " + std::to_string(max));
    return std::nullopt;
  }
  return out;
}

std::optional<std::int64_t> FieldReader::Signed(const Json& value, const std::string& path,
                                                std::int64_t min, std::int64_t max) {
  std::optional<std::int64_t> out;
  if (const auto* u = value.get_ptr<const Json::number_unsigned_t*>()) {
    if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      Fail(path, "out of range");
      return std::nullopt;
    }
    out = static_cast<std::int64_t>(*u);
  } else if (const auto* i = value.get_ptr<const Json::number_integer_t*>()) {
    out = *i;
  }
  if (!out) {
    Fail(path, "not an integer (" + TypeOf(value) + ")");
    return std::nullopt;
  }
  if (*out < min || *out > max) {
    Fail(path, std::to_string(*out) + " is out of range [" + std::to_string(min) + ", " +
                   std::to_string(max) + "]");
    return std::nullopt;
  }
  return out;
}

std::optional<double> FieldReader::Number(const Json& value, const std::string& path, double min,
                                          double max) {
  std::optional<double> out;
  if (const auto* f = value.get_ptr<const Json::number_float_t*>()) {
    out = *f;
  } else if (const auto* u = value.get_ptr<const Json::number_unsigned_t*>()) {
    out = static_cast<double>(*u);
  } else if (const auto* i = value.get_ptr<const Json::number_integer_t*>()) {
    out = static_cast<double>(*i);
  }
  if (!out) {
    Fail(path, "not a number (" + TypeOf(value) + ")");
    return std::nullopt;
  }
  if (!std::isfinite(*out)) {
    Fail(path, "not a finite number");
    return std::nullopt;
  }
  if (*out < min || *out > max) {
    Fail(path,
         value.dump() + " is out of range [" + Json(min).dump() + ", " + Json(max).dump() + "]");
    return std::nullopt;
  }
  return out;
}

std::optional<bool> FieldReader::Bool(const Json& value, const std::string& path) {
  const auto* b = value.get_ptr<const Json::boolean_t*>();
  if (b == nullptr) {
    Fail(path, "not a boolean (" + TypeOf(value) + ")");
    return std::nullopt;
  }
  return *b;
}

const Json::array_t* FieldReader::Array(const Json& value, const std::string& path) {
  const auto* a = value.get_ptr<const Json::array_t*>();
  if (a == nullptr) {
    Fail(path, "not a list (" + TypeOf(value) + ")");
    return nullptr;
  }
  if (a->size() > limits_.max_list_items) {
    Fail(path,
         std::to_string(a->size()) + " items are over the limit of " +
             std::to_string(limits_.max_list_items),
         "too_large");
    return nullptr;
  }
  return a;
}

const Json::object_t* FieldReader::Object(const Json& value, const std::string& path) {
  const auto* o = value.get_ptr<const Json::object_t*>();
  if (o == nullptr) Fail(path, "not an object (" + TypeOf(value) + ")");
  return o;
}

const Json::object_t* FieldReader::Map(const Json& value, const std::string& path) {
  const Json::object_t* o = Object(value, path);
  if (o != nullptr && o->size() > limits_.max_list_items) {
    Fail(path,
         std::to_string(o->size()) + " entries are over the limit of " +
             std::to_string(limits_.max_list_items),
         "too_large");
    return nullptr;
  }
  return o;
}

ObjectReader::ObjectReader(FieldReader& reader, const Json& value, std::string path)
    : reader_(reader), object_(reader.Object(value, path)), path_(std::move(path)) {}

const Json* ObjectReader::Find(std::string_view key) const {
  if (object_ == nullptr) return nullptr;
  const auto it = object_->find(std::string(key));
  return it == object_->end() ? nullptr : &it->second;
}

const Json* ObjectReader::Require(std::string_view key) {
  const Json* value = Find(key);
  if (value == nullptr && object_ != nullptr) reader_.Fail(PathOf(key), "missing");
  return value;
}

std::string ObjectReader::Id(std::string_view key) {
  const Json* value = Require(key);
  if (value == nullptr) return {};
  std::optional<std::string> s = reader_.String(*value, PathOf(key));
  if (!s) return {};
  if (s->empty()) reader_.Fail(PathOf(key), "must not be empty");
  if (s->find('\0') != std::string::npos) reader_.Fail(PathOf(key), "contains a NUL character");
  return std::move(*s);
}

std::string ObjectReader::Text(std::string_view key) {
  return OptionalText(key).value_or(std::string());
}

std::optional<std::string> ObjectReader::OptionalText(std::string_view key) {
  const Json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  return reader_.String(*value, PathOf(key));
}

std::uint64_t ObjectReader::Unsigned(std::string_view key, std::uint64_t max) {
  const Json* value = Require(key);
  if (value == nullptr) return 0;
  return reader_.Unsigned(*value, PathOf(key), max).value_or(0);
}

std::optional<std::uint64_t> ObjectReader::OptionalUnsigned(std::string_view key,
                                                            std::uint64_t max) {
  const Json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  return reader_.Unsigned(*value, PathOf(key), max);
}

std::int64_t ObjectReader::Signed(std::string_view key, std::int64_t min, std::int64_t max) {
  const Json* value = Require(key);
  if (value == nullptr) return 0;
  return reader_.Signed(*value, PathOf(key), min, max).value_or(0);
}

std::optional<std::int64_t> ObjectReader::OptionalSigned(std::string_view key, std::int64_t min,
                                                         std::int64_t max) {
  const Json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  return reader_.Signed(*value, PathOf(key), min, max);
}

std::optional<double> ObjectReader::OptionalNumber(std::string_view key, double min, double max) {
  const Json* value = Find(key);
  if (value == nullptr) return std::nullopt;
  return reader_.Number(*value, PathOf(key), min, max);
}

double ObjectReader::Number(std::string_view key, double min, double max) {
  const Json* value = Require(key);
  if (value == nullptr) return 0;
  return reader_.Number(*value, PathOf(key), min, max).value_or(0);
}

Fraction ObjectReader::FractionField(std::string_view key) {
  return Fraction::FromDouble(Number(key, 0.0, 1.0));
}

bool ObjectReader::Flag(std::string_view key) {
  const Json* value = Find(key);
  if (value == nullptr) return false;
  return reader_.Bool(*value, PathOf(key)).value_or(false);
}

TimePoint ObjectReader::Time(std::string_view key) {
  return FromUnixMillis(Signed(key, 0, std::numeric_limits<std::int64_t>::max()));
}

std::vector<std::string> ObjectReader::StringList(std::string_view key, bool ids) {
  std::vector<std::string> out;
  const Json* value = Find(key);
  if (value == nullptr) return out;
  const std::string path = PathOf(key);
  const Json::array_t* items = reader_.Array(*value, path);
  if (items == nullptr) return out;
  out.reserve(items->size());
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string item_path = IndexPath(path, i);
    std::optional<std::string> s = reader_.String((*items)[i], item_path);
    if (!s) return out;
    if (ids && s->empty()) reader_.Fail(item_path, "must not be empty");
    if (s->find('\0') != std::string::npos) reader_.Fail(item_path, "contains a NUL character");
    out.push_back(std::move(*s));
  }
  return out;
}

std::map<std::string, std::string> ObjectReader::StringMap(std::string_view key) {
  std::map<std::string, std::string> out;
  const Json* value = Find(key);
  if (value == nullptr) return out;
  const std::string path = PathOf(key);
  const Json::object_t* entries = reader_.Map(*value, path);
  if (entries == nullptr) return out;
  for (const auto& [name, item] : *entries) {
    const std::string item_path = FieldPath(path, name);
    if (name.empty()) reader_.Fail(path, "an empty key");
    if (name.size() > reader_.limits().max_string_bytes) {
      reader_.Fail(
          item_path,
          "key over the limit of " + std::to_string(reader_.limits().max_string_bytes) + " bytes",
          "too_large");
    }
    std::optional<std::string> s = reader_.String(item, item_path);
    if (!s) return out;
    out.emplace(name, std::move(*s));
  }
  return out;
}

}  // namespace hawk::protocol
