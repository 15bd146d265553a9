#include "spec/reader.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <unordered_set>

#include "spec/text.h"
#include "spec/workload_spec.h"

namespace hawk::spec {
namespace {

constexpr std::size_t kMaxIdentifierLength = 128;

bool IsIdentifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string Clip(const std::string& text) {
  return Printable(text);
}

// Text that can go into a Workload: valid UTF-8 without NUL characters
// (double-quoted escapes such as "\0" or "\ud800" can produce either).
bool GoodText(const std::string& text, DiagnosticSink& sink, const std::string& path,
              Location location) {
  if (FirstInvalidUtf8(text)) {
    sink.Add(path, location, "text is not valid UTF-8", "check the escapes in this string");
    return false;
  }
  if (text.find('\0') != std::string::npos) {
    sink.Add(path, location, "text contains a NUL character", "remove the \\0 escape");
    return false;
  }
  return true;
}

// Child path: "a" + "b" -> "a.b"; "" + "b" -> "b".
std::string Join(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

bool IsPlain(const YAML::Node& node) {
  return node.Tag() == "?";
}

}  // namespace

void DiagnosticSink::Add(std::string path, std::optional<Location> location, std::string message,
                         std::string hint) {
  if (full_) return;
  if (diagnostics_.size() == kMaxDiagnostics) {
    full_ = true;
    return;
  }
  diagnostics_.push_back(
      Diagnostic{source_, std::move(path), location, std::move(message), std::move(hint)});
}

std::vector<Diagnostic> DiagnosticSink::Take() {
  std::stable_sort(
      diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        const auto key = [](const Diagnostic& d) {
          return d.location ? std::pair(d.location->line, d.location->column) : std::pair(0U, 0U);
        };
        return key(a) < key(b);
      });
  if (full_) {
    diagnostics_.push_back(Diagnostic{
        source_,
        {},
        std::nullopt,
        "too many problems; only the first " + std::to_string(kMaxDiagnostics) + " are shown",
        "fix these and run again"});
  }
  return std::move(diagnostics_);
}

Location ToLocation(const YAML::Mark& mark, Location fallback) {
  if (mark.line < 0 || mark.column < 0) return fallback;
  return Location{static_cast<std::uint32_t>(mark.line) + 1,
                  static_cast<std::uint32_t>(mark.column) + 1};
}

void Cursor::Report(std::string message, std::string hint) const {
  sink_->Add(path_, location_, std::move(message), std::move(hint));
}

std::string Cursor::Describe() const {
  switch (node_.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return "null";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Scalar: break;
  }
  if (IsPlain(node_)) return "'" + Clip(node_.Scalar()) + "'";
  return "the string \"" + Clip(node_.Scalar()) + "\"";
}

std::optional<Fields> Cursor::Map(
    std::span<const std::string_view> keys,
    std::span<const std::pair<std::string_view, std::string_view>> aliases) const {
  if (!node_.IsMap()) {
    Report("expected a map, got " + Describe(), "valid keys: " + JoinNames(keys));
    return std::nullopt;
  }
  std::vector<std::pair<std::string, Cursor>> entries;
  std::unordered_set<std::string> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const Location key_location = ToLocation(it->first.Mark(), location_);
    if (!it->first.IsScalar()) {
      sink_->Add(path_, key_location,
                 "a key must be a string, not " +
                     Cursor(it->first, path_, key_location, *sink_).Describe());
      continue;
    }
    const std::string key = it->first.Scalar();
    const std::string path = Join(path_, Clip(key));
    if (!seen.insert(key).second) {
      sink_->Add(path, key_location, "duplicate key '" + Clip(key) + "'",
                 "each key may appear once in a map");
      continue;
    }
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string hint;
      if (key == "<<") {
        hint = "YAML merge keys are not supported; repeat the keys or use defaults";
      } else {
        for (const auto& [alias, target] : aliases) {
          if (alias == key) hint = "did you mean '" + std::string(target) + "'?";
        }
        if (hint.empty()) {
          const std::optional<std::string> closest = ClosestMatch(key, keys);
          hint = closest ? "did you mean '" + *closest + "'?" : "valid keys: " + JoinNames(keys);
        }
      }
      sink_->Add(path, key_location, "unknown key '" + Clip(key) + "'", std::move(hint));
      continue;
    }
    const Location value_location =
        it->second.IsNull() ? key_location : ToLocation(it->second.Mark(), key_location);
    entries.emplace_back(key, Cursor(it->second, path, value_location, *sink_));
  }
  return Fields(*this, std::move(entries));
}

std::optional<std::vector<Cursor>> Cursor::List(std::string_view example) const {
  if (!node_.IsSequence()) {
    Report("expected a list, got " + Describe(), std::string(example));
    return std::nullopt;
  }
  std::vector<Cursor> items;
  std::size_t i = 0;
  for (auto it = node_.begin(); it != node_.end(); ++it, ++i) {
    const Location location = it->IsNull() ? location_ : ToLocation(it->Mark(), location_);
    items.emplace_back(*it, path_ + "[" + std::to_string(i) + "]", location, *sink_);
  }
  return items;
}

std::optional<std::string> Cursor::String(bool non_empty) const {
  if (!node_.IsScalar()) {
    Report("expected a string, got " + Describe());
    return std::nullopt;
  }
  if (!GoodText(node_.Scalar(), *sink_, path_, location_)) return std::nullopt;
  if (non_empty && node_.Scalar().empty()) {
    Report("must not be empty");
    return std::nullopt;
  }
  return node_.Scalar();
}

std::optional<std::int64_t> Cursor::Integer(std::int64_t min, std::int64_t max) const {
  const std::string range =
      "use a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!node_.IsScalar() || !IsPlain(node_)) {
    Report("expected a whole number, got " + Describe(),
           node_.IsScalar() ? "remove the quotes" : range);
    return std::nullopt;
  }
  const std::string& text = node_.Scalar();
  std::int64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec == std::errc::result_out_of_range) {
    Report(std::string(text.front() == '-' ? "must be at least " + std::to_string(min)
                                           : "must be at most " + std::to_string(max)) +
               ", got " + Clip(text),
           range);
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != end) {
    Report("expected a whole number, got " + Describe(), range);
    return std::nullopt;
  }
  if (value < min) {
    Report("must be at least " + std::to_string(min) + ", got " + text, range);
    return std::nullopt;
  }
  if (value > max) {
    Report("must be at most " + std::to_string(max) + ", got " + text, range);
    return std::nullopt;
  }
  return value;
}

std::optional<bool> Cursor::Bool() const {
  if (node_.IsScalar() && IsPlain(node_)) {
    const std::string& text = node_.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  Report("expected true or false, got " + Describe(),
         node_.IsScalar() && !IsPlain(node_) ? "remove the quotes" : "write true or false");
  return std::nullopt;
}

std::optional<std::string> Cursor::Identifier(std::string_view what) const {
  std::optional<std::string> text = String();
  if (!text) return std::nullopt;
  if (!std::all_of(text->begin(), text->end(), IsIdentifierChar)) {
    Report("invalid " + std::string(what) + " '" + Clip(*text) + "'",
           "use only letters, digits, '_', '.' and '-'");
    return std::nullopt;
  }
  if (text->size() > kMaxIdentifierLength) {
    Report(std::string(what) + " is longer than " + std::to_string(kMaxIdentifierLength) +
               " characters",
           "use a shorter name");
    return std::nullopt;
  }
  return text;
}

namespace {

// Runs a core parser on a scalar and reports its error.
template <typename T>
std::optional<T> ParseScalar(const Cursor& cursor, std::string_view what,
                             Result<T> (*parse)(std::string_view)) {
  if (!cursor.node().IsScalar()) {
    cursor.Report("expected " + std::string(what) + ", got " + cursor.Describe());
    return std::nullopt;
  }
  if (!GoodText(cursor.node().Scalar(), cursor.sink(), cursor.path(), cursor.location())) {
    return std::nullopt;
  }
  Result<T> value = parse(cursor.node().Scalar());
  if (!value) {
    cursor.Report(value.error().message, value.error().hint);
    return std::nullopt;
  }
  return *value;
}

}  // namespace

std::optional<Bytes> Cursor::Size() const {
  return ParseScalar<Bytes>(*this, "a size", ParseBytes);
}

std::optional<Duration> Cursor::Time(bool allow_zero) const {
  std::optional<Duration> value = ParseScalar<Duration>(*this, "a duration", ParseDuration);
  if (value && !allow_zero && value->count() == 0) {
    Report("duration '" + Clip(node_.Scalar()) + "' must be longer than zero",
           "write a duration such as 250ms, 90s, 5m, 1h30m or 2d");
    return std::nullopt;
  }
  return value;
}

std::optional<Fraction> Cursor::Share() const {
  return ParseScalar<Fraction>(*this, "a fraction", ParseFraction);
}

std::optional<std::map<std::string, std::string>> Cursor::StringMap(
    bool (*key_ok)(std::string_view), std::string_view key_rule) const {
  if (!node_.IsMap()) {
    Report("expected a map, got " + Describe(), "write key: value pairs");
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  bool good = true;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const Location key_location = ToLocation(it->first.Mark(), location_);
    if (!it->first.IsScalar() || it->first.Scalar().empty()) {
      sink_->Add(path_, key_location, "a key must be a non-empty string");
      good = false;
      continue;
    }
    const std::string& key = it->first.Scalar();
    const std::string path = Join(path_, Clip(key));
    if (!GoodText(key, *sink_, path, key_location)) {
      good = false;
      continue;
    }
    if (key_ok != nullptr && !key_ok(key)) {
      sink_->Add(path, key_location, "invalid key '" + Clip(key) + "'", std::string(key_rule));
      good = false;
      continue;
    }
    const Location value_location =
        it->second.IsNull() ? key_location : ToLocation(it->second.Mark(), key_location);
    const Cursor value(it->second, path, value_location, *sink_);
    if (!it->second.IsScalar()) {
      value.Report("expected a string, got " + value.Describe(),
                   it->second.IsNull() ? "write \"\" for an empty value" : "");
      good = false;
      continue;
    }
    if (!GoodText(it->second.Scalar(), *sink_, path, value_location)) {
      good = false;
      continue;
    }
    if (!out.emplace(key, it->second.Scalar()).second) {
      sink_->Add(path, key_location, "duplicate key '" + Clip(key) + "'",
                 "each key may appear once in a map");
      good = false;
    }
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> Cursor::StringList(bool unique,
                                                           std::string_view example) const {
  std::optional<std::vector<Cursor>> items = List(example);
  if (!items) return std::nullopt;
  std::vector<std::string> out;
  bool good = true;
  for (const Cursor& item : *items) {
    std::optional<std::string> text = item.String();
    if (!text) {
      good = false;
    } else if (unique && std::find(out.begin(), out.end(), *text) != out.end()) {
      item.Report("'" + Clip(*text) + "' is listed twice", "list each entry once");
      good = false;
    } else {
      out.push_back(std::move(*text));
    }
  }
  if (!good) return std::nullopt;
  return out;
}

void Cursor::ReportEnum(const std::string& text, std::string_view kind, const std::string& valid,
                        std::span<const std::string_view> names) const {
  const std::optional<std::string> closest = ClosestMatch(text, names);
  Report("unknown " + std::string(kind) + " '" + Clip(text) + "'",
         (closest ? "did you mean '" + *closest + "'? " : std::string()) + valid);
}

std::optional<Cursor> Fields::Get(std::string_view key) const {
  for (const auto& [name, cursor] : entries_) {
    if (name == key) return cursor;
  }
  return std::nullopt;
}

std::optional<Cursor> Fields::Require(std::string_view key, std::string_view hint) const {
  std::optional<Cursor> cursor = Get(key);
  if (!cursor) map_.Report("missing required key '" + std::string(key) + "'", std::string(hint));
  return cursor;
}

}  // namespace hawk::spec
