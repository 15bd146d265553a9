#include "notify/template.h"

namespace hawk::notify {

Result<Template> Template::Parse(std::string_view text) {
  Template out;
  out.source_ = std::string(text);
  std::string literal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool doubled = i + 1 < text.size() && text[i + 1] == c;
    if (c == '}') {
      if (!doubled) {
        return InvalidArgument("lone '}' at offset " + std::to_string(i) + " in template", {},
                               "write }} for a literal brace");
      }
      literal += '}';
      ++i;
      continue;
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    if (doubled) {
      literal += '{';
      ++i;
      continue;
    }
    const std::size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) {
      return InvalidArgument("unclosed '{' at offset " + std::to_string(i) + " in template", {},
                             "write {{ for a literal brace");
    }
    const std::string_view name = text.substr(i + 1, close - i - 1);
    auto field = hawk::Parse<EventField>(name);
    if (!field) {
      return InvalidArgument("unknown placeholder '{" + std::string(name) + "}' in template", {},
                             "valid placeholders: " + EnumNameList<EventField>());
    }
    if (!literal.empty()) out.parts_.emplace_back(std::move(literal));
    literal.clear();
    out.parts_.emplace_back(*field);
    i = close;
  }
  if (!literal.empty()) out.parts_.emplace_back(std::move(literal));
  return out;
}

std::string Template::Render(const NotifyEvent& event, const Escaper& escape) const {
  std::string out;
  for (const auto& part : parts_) {
    if (const auto* text = std::get_if<std::string>(&part)) {
      out += *text;
      continue;
    }
    const std::string value = FieldValue(event, std::get<EventField>(part));
    out += escape ? escape(value) : value;
  }
  return out;
}

}  // namespace hawk::notify
