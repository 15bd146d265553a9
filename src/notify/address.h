// E-mail addresses as written in the notifications file: a bare address
// ("ops@example.com") or a display name and address ("hawk <hawk@example.com>").
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace hawk::notify {

// The address part (what SMTP's MAIL FROM / RCPT TO carry): the text inside
// <...> when there is one, else the whole text. Errors (kInvalidArgument,
// `where` empty): no '@', text before or after it missing, whitespace, control
// characters or angle brackets inside the address.
Result<std::string> MailAddress(std::string_view mailbox);

}  // namespace hawk::notify
