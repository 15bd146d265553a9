// Internal to the spec module: typed, path-aware access to a yaml-cpp
// document. Every accessor reports what is wrong with the node to a
// DiagnosticSink and returns std::nullopt, so the parser can go on and find
// the next problem. Nothing here throws: yaml-cpp is only asked questions
// (type, tag, scalar, mark, iteration) that do not throw on a loaded document.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/enum_names.h"
#include "core/enum_set.h"
#include "core/units.h"
#include "spec/diagnostic.h"
#include "spec/suggest.h"

namespace hawk::spec {

// Collects the diagnostics of one document, up to kMaxDiagnostics.
class DiagnosticSink {
 public:
  explicit DiagnosticSink(std::string source) : source_(std::move(source)) {}

  void Add(std::string path, std::optional<Location> location, std::string message,
           std::string hint = {});
  // True once the limit is reached; later Add calls are dropped.
  [[nodiscard]] bool full() const { return full_; }
  [[nodiscard]] bool empty() const { return diagnostics_.empty(); }
  [[nodiscard]] std::size_t size() const { return diagnostics_.size(); }
  // The diagnostics in source order (stable for equal positions).
  [[nodiscard]] std::vector<Diagnostic> Take();

 private:
  std::string source_;
  std::vector<Diagnostic> diagnostics_;
  bool full_ = false;
};

Location ToLocation(const YAML::Mark& mark, Location fallback);

class Fields;

// One node, its path ("tasks[2].requires") and where it is in the file.
class Cursor {
 public:
  Cursor(const YAML::Node& node, std::string path, Location location, DiagnosticSink& sink)
      : node_(node), path_(std::move(path)), location_(location), sink_(&sink) {}

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] Location location() const { return location_; }
  [[nodiscard]] const YAML::Node& node() const { return node_; }
  [[nodiscard]] DiagnosticSink& sink() const { return *sink_; }
  [[nodiscard]] bool IsNull() const { return node_.IsNull(); }

  // Reports a problem at this node.
  void Report(std::string message, std::string hint = {}) const;

  // A map's entries, checked against `keys`: a non-map, a key that is not a
  // string, an unknown key (with a suggestion) and a repeated key are
  // reported. `aliases` maps common other names to the right key.
  [[nodiscard]] std::optional<Fields> Map(
      std::span<const std::string_view> keys,
      std::span<const std::pair<std::string_view, std::string_view>> aliases = {}) const;
  // A list's items ("path[i]"); reports a non-list.
  [[nodiscard]] std::optional<std::vector<Cursor>> List(std::string_view example = {}) const;

  // Any scalar as text (numbers and booleans too); null, lists and maps are
  // reported. With `non_empty`, "" is reported as well.
  [[nodiscard]] std::optional<std::string> String(bool non_empty = true) const;
  // A plain (unquoted) whole number in [min, max].
  [[nodiscard]] std::optional<std::int64_t> Integer(std::int64_t min, std::int64_t max) const;
  // true or false (also True/TRUE/False/FALSE), unquoted.
  [[nodiscard]] std::optional<bool> Bool() const;
  // A name matching [A-Za-z0-9_.-]+; `what` names it in messages ("task id").
  [[nodiscard]] std::optional<std::string> Identifier(std::string_view what) const;
  [[nodiscard]] std::optional<Bytes> Size() const;
  // A duration; zero is refused unless `allow_zero`.
  [[nodiscard]] std::optional<Duration> Time(bool allow_zero = false) const;
  [[nodiscard]] std::optional<Fraction> Share() const;
  // A map of string to string; keys checked by `key_ok` (empty = any non-empty
  // key) with `key_rule` explaining the rule.
  [[nodiscard]] std::optional<std::map<std::string, std::string>> StringMap(
      bool (*key_ok)(std::string_view) = nullptr, std::string_view key_rule = {}) const;
  // A list of strings, each non-empty; repeats are reported when `unique`.
  [[nodiscard]] std::optional<std::vector<std::string>> StringList(bool unique,
                                                                   std::string_view example) const;

  // One lowercase enum name; unknown names list the valid ones and suggest
  // the closest.
  template <typename E>
  [[nodiscard]] std::optional<E> Enum() const {
    const std::optional<std::string> text = String();
    if (!text) return std::nullopt;
    Result<E> value = Parse<E>(*text);
    if (value) return *value;
    ReportEnum(*text, EnumTraits<E>::kKind, value.error().hint, std::span(EnumTraits<E>::kNames));
    return std::nullopt;
  }
  // A list of enum names; every bad entry is reported.
  template <typename E>
  [[nodiscard]] std::optional<EnumSet<E>> EnumList(std::string_view example) const {
    std::optional<std::vector<Cursor>> items = List(example);
    if (!items) return std::nullopt;
    EnumSet<E> out;
    bool good = true;
    for (const Cursor& item : *items) {
      const std::optional<E> value = item.Enum<E>();
      if (value) {
        out.Insert(*value);
      } else {
        good = false;
      }
    }
    if (!good) return std::nullopt;
    return out;
  }

  // The kind of node for messages: "a map", "a list", "null", "the string
  // \"x\"", "'x'".
  [[nodiscard]] std::string Describe() const;

 private:
  void ReportEnum(const std::string& text, std::string_view kind, const std::string& valid,
                  std::span<const std::string_view> names) const;

  YAML::Node node_;
  std::string path_;
  Location location_;
  DiagnosticSink* sink_;
};

// The known keys present in a map, in document order.
class Fields {
 public:
  Fields(Cursor map, std::vector<std::pair<std::string, Cursor>> entries)
      : map_(std::move(map)), entries_(std::move(entries)) {}

  [[nodiscard]] std::optional<Cursor> Get(std::string_view key) const;
  // Get, and a "missing required key" report when absent.
  [[nodiscard]] std::optional<Cursor> Require(std::string_view key, std::string_view hint) const;
  [[nodiscard]] bool Has(std::string_view key) const { return Get(key).has_value(); }
  [[nodiscard]] const Cursor& map() const { return map_; }

 private:
  Cursor map_;
  std::vector<std::pair<std::string, Cursor>> entries_;
};

}  // namespace hawk::spec
