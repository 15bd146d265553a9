// Strict reading of YAML nodes for the simulator's files: every error names
// where it is ("<source>:<line>: <path>") and what was expected.
// Internal to module sim.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "core/result.h"

namespace hawk::sim {

class YamlReader {
 public:
  using Keys = std::span<const std::string_view>;

  explicit YamlReader(std::string_view source) : source_(source) {}

  // An InvalidArgument error located at `at` (its line, when it has one) and `path`.
  [[nodiscard]] tl::unexpected<Error> Fail(const YAML::Node& at, const std::string& path,
                                           std::string message, std::string hint = {}) const;

  // A mapping whose keys are all in `keys`; else "unknown key 'x'" (valid: ...).
  [[nodiscard]] Status CheckMap(const YAML::Node& node, const std::string& path, Keys keys) const;
  [[nodiscard]] Result<std::string> String(const YAML::Node& node, const std::string& path) const;
  // A finite number within [min, max].
  [[nodiscard]] Result<double> Number(const YAML::Node& node, const std::string& path, double min,
                                      double max) const;
  // A whole number within [min, max].
  [[nodiscard]] Result<std::int64_t> Integer(const YAML::Node& node, const std::string& path,
                                             std::int64_t min, std::int64_t max) const;

  // "a, b, c"
  static std::string Join(Keys keys);
  // "fleet[2]" + "template" -> "fleet[2].template"; an empty parent gives the key.
  static std::string Child(const std::string& path, std::string_view key);

 private:
  std::string source_;
};

}  // namespace hawk::sim
