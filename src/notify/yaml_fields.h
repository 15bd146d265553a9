// Strict reading of the notifications file's YAML nodes. Every error names
// the file, the line and column, and the YAML path
// ("notify.yaml:4:5: channels[1].url"). Internal to module notify.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/result.h"

namespace hawk::notify {

class YamlFields {
 public:
  using Keys = std::span<const std::string_view>;

  explicit YamlFields(std::string_view source) : source_(source) {}

  // A kInvalidArgument error located at `at` (when it has a position) and `path`.
  [[nodiscard]] tl::unexpected<Error> Fail(const YAML::Node& at, const std::string& path,
                                           std::string message, std::string hint = {}) const;

  // A mapping whose keys are all in `keys`; else "unknown key 'x'" naming
  // `what` ("a slack channel") and the valid keys.
  [[nodiscard]] Status CheckMap(const YAML::Node& node, const std::string& path, Keys keys,
                                std::string_view what) const;
  // A scalar (YAML's plain, quoted and block forms). An empty string is an
  // error unless `allow_empty`.
  [[nodiscard]] Result<std::string> String(const YAML::Node& node, const std::string& path,
                                           bool allow_empty = false) const;
  // A sequence of non-empty scalars.
  [[nodiscard]] Result<std::vector<std::string>> StringList(const YAML::Node& node,
                                                            const std::string& path) const;
  // A URL starting with one of `schemes` ("https://"), without spaces or
  // control characters.
  [[nodiscard]] Result<std::string> Url(const YAML::Node& node, const std::string& path,
                                        std::initializer_list<std::string_view> schemes) const;
  // An environment variable name: [A-Za-z_][A-Za-z0-9_]*.
  [[nodiscard]] Result<std::string> EnvName(const YAML::Node& node, const std::string& path) const;

  // "channels[1]" + "url" -> "channels[1].url".
  static std::string Child(const std::string& path, std::string_view key);
  // "channels" + 1 -> "channels[1]".
  static std::string Item(const std::string& path, std::size_t index);
  // "a, b, c"
  static std::string Join(Keys keys);

 private:
  std::string source_;
};

}  // namespace hawk::notify
