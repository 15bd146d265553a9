#include "sim/yaml_reader.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace hawk::sim {
namespace {

std::string FormatNumber(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

tl::unexpected<Error> YamlReader::Fail(const YAML::Node& at, const std::string& path,
                                       std::string message, std::string hint) const {
  std::string where = source_;
  const int line = at.IsDefined() ? at.Mark().line : -1;
  if (line >= 0) where += ":" + std::to_string(line + 1);
  if (!path.empty()) where += ": " + path;
  return InvalidArgument(std::move(message), std::move(where), std::move(hint));
}

std::string YamlReader::Join(Keys keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

std::string YamlReader::Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

Status YamlReader::CheckMap(const YAML::Node& node, const std::string& path, Keys keys) const {
  if (!node.IsMap()) return Fail(node, path, "expected a mapping");
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    bool known = false;
    for (std::string_view k : keys) known = known || k == key;
    if (!known) {
      return Fail(it->first, Child(path, key), "unknown key '" + key + "'", "valid: " + Join(keys));
    }
  }
  return Ok();
}

Result<std::string> YamlReader::String(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) return Fail(node, path, "expected a string");
  return node.Scalar();
}

Result<double> YamlReader::Number(const YAML::Node& node, const std::string& path, double min,
                                  double max) const {
  if (!node.IsScalar()) return Fail(node, path, "expected a number");
  const std::string& s = node.Scalar();
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    return Fail(node, path, "expected a number, got '" + s + "'");
  }
  if (value < min || value > max) {
    return Fail(node, path,
                "value " + s + " is outside " + FormatNumber(min) + ".." + FormatNumber(max));
  }
  return value;
}

Result<std::int64_t> YamlReader::Integer(const YAML::Node& node, const std::string& path,
                                         std::int64_t min, std::int64_t max) const {
  if (!node.IsScalar()) return Fail(node, path, "expected a whole number");
  const std::string& s = node.Scalar();
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) {
    return Fail(node, path, "expected a whole number, got '" + s + "'");
  }
  if (value < min || value > max) {
    return Fail(node, path,
                "value " + s + " is outside " + std::to_string(min) + ".." + std::to_string(max));
  }
  return value;
}

}  // namespace hawk::sim
