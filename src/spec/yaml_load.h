// Internal to the spec module: reading the YAML document of a workload file
// with yaml-cpp, guarded against yaml-cpp 0.7's YAML::LoadAll, which loops
// forever (allocating all the while) on some malformed input such as a stray
// ','. Throws YAML::Exception on a syntax error; the caller catches it.
#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

namespace hawk::spec {

struct LoadedYaml {
  YAML::Node root;  // the first document (null when there is none)
  // Where a second document with content starts, if there is one.
  std::optional<YAML::Mark> second_document;
};

LoadedYaml LoadFirstDocument(const std::string& text);

// True when `text` holds nothing but blank lines, comments, document markers
// ("---", "...") and directives ("%YAML 1.2").
bool IsBlankYaml(const std::string& text);

}  // namespace hawk::spec
