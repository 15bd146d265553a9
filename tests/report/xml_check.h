// A small tokenizer that checks markup is well formed (every element closed
// in order, attributes quoted, entities terminated) and counts elements, so
// tests can check the structure of SVG, HTML and JUnit output without a
// full XML parser. In HTML mode void elements need no closing tag and the
// contents of <style> are skipped.
#pragma once

#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::report::testing {

struct MarkupCheck {
  std::string error;                    // empty when well formed
  std::map<std::string, int> elements;  // name -> count
  std::map<std::string, int> classed;   // "name.class" -> count, one per class token
  std::vector<std::pair<std::string, std::string>> links;  // (attribute, value) of href/src
  std::set<std::string> ids;
  std::set<std::string> duplicate_ids;
  int roots = 0;  // top-level elements
};

inline MarkupCheck CheckMarkup(std::string_view text, bool html = false) {
  static const std::set<std::string> kVoid = {"meta", "br", "img", "hr", "input", "link"};
  MarkupCheck out;
  std::vector<std::string> stack;
  std::size_t i = 0;
  auto fail = [&](const std::string& what) {
    std::ostringstream s;
    s << what << " at offset " << i << " near '" << text.substr(i, 40) << "'";
    out.error = s.str();
    return out;
  };
  auto skip_to = [&](std::string_view end) {
    const std::size_t found = text.find(end, i);
    if (found == std::string_view::npos) return false;
    i = found + end.size();
    return true;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '&') {
      const std::size_t semi = text.find(';', i);
      if (semi == std::string_view::npos || semi - i > 10) return fail("unterminated entity");
      i = semi + 1;
      continue;
    }
    if (c == '>') return fail("stray '>'");
    if (c != '<') {
      ++i;
      continue;
    }
    if (text.substr(i, 4) == "<!--") {
      if (!skip_to("-->")) return fail("unterminated comment");
      continue;
    }
    if (text.substr(i, 2) == "<?") {
      if (!skip_to("?>")) return fail("unterminated declaration");
      continue;
    }
    if (text.substr(i, 2) == "<!") {
      if (!skip_to(">")) return fail("unterminated doctype");
      continue;
    }
    const bool closing = text.substr(i, 2) == "</";
    i += closing ? 2 : 1;
    std::string name;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) ||
                               text[i] == ':' || text[i] == '-' || text[i] == '_')) {
      name += text[i++];
    }
    if (name.empty()) return fail("tag without a name");
    if (closing) {
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      if (i >= text.size() || text[i] != '>') return fail("bad closing tag </" + name);
      ++i;
      if (stack.empty() || stack.back() != name) {
        return fail("</" + name + "> closes <" + (stack.empty() ? "nothing" : stack.back()) + ">");
      }
      stack.pop_back();
      continue;
    }
    bool self_closing = false;
    std::set<std::string> seen;
    while (true) {
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      if (i >= text.size()) return fail("unterminated tag <" + name);
      if (text[i] == '>') {
        ++i;
        break;
      }
      if (text.substr(i, 2) == "/>") {
        i += 2;
        self_closing = true;
        break;
      }
      std::string attr;
      while (i < text.size() && text[i] != '=' && text[i] != '>' && text[i] != '/' &&
             !std::isspace(static_cast<unsigned char>(text[i]))) {
        attr += text[i++];
      }
      if (attr.empty()) return fail("bad attribute in <" + name);
      if (!seen.insert(attr).second) return fail("duplicate attribute " + attr);
      if (i >= text.size() || text[i] != '=') {
        if (!html) return fail("attribute " + attr + " without a value");
        continue;
      }
      ++i;
      if (i >= text.size() || (text[i] != '"' && text[i] != '\'')) {
        return fail("unquoted attribute " + attr);
      }
      const char quote = text[i++];
      const std::size_t end = text.find(quote, i);
      if (end == std::string_view::npos) return fail("unterminated attribute " + attr);
      const std::string value(text.substr(i, end - i));
      if (value.find('<') != std::string::npos) return fail("'<' in attribute " + attr);
      i = end + 1;
      if (attr == "class") {
        std::istringstream tokens(value);
        for (std::string token; tokens >> token;) ++out.classed[name + "." + token];
      }
      if (attr == "href" || attr == "src" || attr == "xlink:href")
        out.links.emplace_back(attr, value);
      if (attr == "id" && !out.ids.insert(value).second) out.duplicate_ids.insert(value);
    }
    ++out.elements[name];
    if (stack.empty()) ++out.roots;
    if (self_closing || (html && kVoid.count(name) > 0)) continue;
    if (html && (name == "style" || name == "script")) {
      if (!skip_to("</" + name + ">")) return fail("unterminated <" + name + ">");
      continue;
    }
    stack.push_back(name);
  }
  if (!stack.empty()) return fail("<" + stack.back() + "> is never closed");
  return out;
}

}  // namespace hawk::report::testing
