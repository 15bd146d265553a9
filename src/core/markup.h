// Escaping text for XML and HTML (SVG charts, HTML reports, JUnit XML).
#pragma once

#include <string>
#include <string_view>

namespace hawk {

// Escapes text for element content and attribute values (& < > " '). Tab,
// newline and carriage return pass; any other control character, which XML
// 1.0 does not allow, becomes U+FFFD.
std::string EscapeMarkup(std::string_view text);

}  // namespace hawk
