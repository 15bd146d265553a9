#include "notify/yaml_fields.h"

#include <algorithm>

namespace hawk::notify {

tl::unexpected<Error> YamlFields::Fail(const YAML::Node& at, const std::string& path,
                                       std::string message, std::string hint) const {
  std::string where = source_;
  if (at.IsDefined()) {
    const YAML::Mark mark = at.Mark();
    if (mark.line >= 0) {
      where.append(":").append(std::to_string(mark.line + 1));
      where.append(":").append(std::to_string(mark.column + 1));
    }
  }
  if (!path.empty()) where += ": " + path;
  return InvalidArgument(std::move(message), std::move(where), std::move(hint));
}

std::string YamlFields::Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string YamlFields::Item(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string YamlFields::Join(Keys keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

Status YamlFields::CheckMap(const YAML::Node& node, const std::string& path, Keys keys,
                            std::string_view what) const {
  if (!node.IsMap()) return Fail(node, path, "expected a mapping");
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    bool known = false;
    for (std::string_view k : keys) known = known || k == key;
    if (!known) {
      return Fail(it->first, Child(path, key), "unknown key '" + key + "' for " + std::string(what),
                  "valid keys: " + Join(keys));
    }
  }
  return Ok();
}

Result<std::string> YamlFields::String(const YAML::Node& node, const std::string& path,
                                       bool allow_empty) const {
  if (!node.IsScalar()) return Fail(node, path, "expected a string");
  if (!allow_empty && node.Scalar().empty()) return Fail(node, path, "must not be empty");
  return node.Scalar();
}

Result<std::vector<std::string>> YamlFields::StringList(const YAML::Node& node,
                                                        const std::string& path) const {
  if (!node.IsSequence()) return Fail(node, path, "expected a list", "write [a, b] or - a lines");
  std::vector<std::string> out;
  out.reserve(node.size());
  for (std::size_t i = 0; i < node.size(); ++i) {
    auto item = String(node[i], Item(path, i));
    if (!item) return tl::unexpected(item.error());
    out.push_back(std::move(*item));
  }
  return out;
}

Result<std::string> YamlFields::Url(const YAML::Node& node, const std::string& path,
                                    std::initializer_list<std::string_view> schemes) const {
  auto url = String(node, path);
  if (!url) return url;
  bool scheme_ok = false;
  std::string expected;
  for (std::string_view scheme : schemes) {
    scheme_ok = scheme_ok || (url->size() > scheme.size() && url->rfind(scheme, 0) == 0);
    expected += (expected.empty() ? "" : " or ") + std::string(scheme);
  }
  const bool clean = std::none_of(url->begin(), url->end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  if (!scheme_ok || !clean) {
    return Fail(node, path, "'" + *url + "' is not a URL starting with " + expected);
  }
  return url;
}

Result<std::string> YamlFields::EnvName(const YAML::Node& node, const std::string& path) const {
  auto name = String(node, path);
  if (!name) return name;
  bool valid = (*name)[0] < '0' || (*name)[0] > '9';
  for (const char c : *name) {
    valid = valid && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_');
  }
  if (!valid) {
    return Fail(node, path, "'" + *name + "' is not an environment variable name",
                "give the name of the variable (letters, digits, _), not its value");
  }
  return name;
}

}  // namespace hawk::notify
