#include "spec/yaml_load.h"

#include <sstream>
#include <string_view>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace hawk::spec {
namespace {

// Sees the events of a document and remembers where its first content is.
class ContentProbe : public YAML::EventHandler {
 public:
  [[nodiscard]] const std::optional<YAML::Mark>& first_content() const { return first_content_; }

  void OnDocumentStart(const YAML::Mark& /*mark*/) override { first_content_.reset(); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& /*mark*/, YAML::anchor_t /*anchor*/) override {}
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { Seen(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                const std::string& /*value*/) override {
    Seen(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/,
                       YAML::anchor_t /*anchor*/, YAML::EmitterStyle::value /*style*/) override {
    Seen(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override {
    Seen(mark);
  }
  void OnMapEnd() override {}

 private:
  void Seen(const YAML::Mark& mark) {
    if (!first_content_) first_content_ = mark;
  }
  std::optional<YAML::Mark> first_content_;
};

std::string_view Trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

LoadedYaml LoadFirstDocument(const std::string& text) {
  LoadedYaml out;
  out.root = YAML::Load(text);  // parses one document only
  // At most two documents are read, so a parser that keeps reporting the same
  // empty document cannot hold us; an empty second document is no problem.
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  ContentProbe probe;
  if (parser.HandleNextDocument(probe) && parser.HandleNextDocument(probe)) {
    out.second_document = probe.first_content();
  }
  return out;
}

bool IsBlankYaml(const std::string& text) {
  std::string_view rest(text);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // UTF-8 byte order mark
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = Trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.empty() || line.front() == '#' || line.front() == '%') continue;
    if (line.substr(0, 3) == "---" || line.substr(0, 3) == "...") {
      const std::string_view after = Trim(line.substr(3));
      if (after.empty() || after.front() == '#') continue;
    }
    return false;
  }
  return true;
}

}  // namespace hawk::spec
