// Message templates: text with {field} placeholders naming NotifyEvent
// fields ("{workload} {status}: {passed} passed"). "{{" and "}}" are literal
// braces. A template is checked when it is parsed, so an unknown placeholder
// is a configuration error found at load time, never at send time.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "notify/event.h"

namespace hawk::notify {

class Template {
 public:
  // Escapes one field value for where the text goes (Slack's &, <, >);
  // literal template text is never escaped.
  using Escaper = std::function<std::string(std::string_view)>;

  Template() = default;

  // Errors (kInvalidArgument, `where` empty for the caller to fill in): an
  // unknown placeholder (the hint lists the valid ones), an unclosed "{", a
  // lone "}".
  static Result<Template> Parse(std::string_view text);

  // The text with each placeholder replaced by its field's value ("" for an
  // unknown fact), passed through `escape` when one is given.
  [[nodiscard]] std::string Render(const NotifyEvent& event, const Escaper& escape = {}) const;

  // The text as written.
  [[nodiscard]] const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::vector<std::variant<std::string, EventField>> parts_;
};

}  // namespace hawk::notify
