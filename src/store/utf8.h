// UTF-8 validation for text handed to DuckDB, which requires valid UTF-8 in
// VARCHAR columns. Internal to the store module.
#pragma once

#include <string_view>

namespace hawk::duck {

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF). Plain ASCII is checked eight bytes at a time.
bool IsValidUtf8(std::string_view text);

}  // namespace hawk::duck
